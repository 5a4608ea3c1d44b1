// What local-stream-socket-listen, local-datagram-socket-listen and
// local-seqpacket-socket-listen share: their options, and a Unix socket
// bound at a path (with its mode and owner) on fd 3+n.
#pragma once
#include "builtins/socket_activation.hpp"

namespace chainscript {

inline constexpr OptionSpec local_listener_options[] = {
    {'m', "mode", "octal", "the socket file's permissions (default: 0777 less the umask)"},
    {'u', "uid", "n", "the socket file's owner"},
    {'g', "gid", "n", "the socket file's group"},
    {'\x16', "user", "name", "the socket file's owner, by name"},
    {'\x17', "group", "name", "the socket file's group, by name"},
    {'\x18', "pass-credentials", "", "SO_PASSCRED"},
    {'\x19', "pass-security", "", "SO_PASSSEC"},
};
// The stream and seqpacket ones: a listen queue.
inline constexpr OptionSpec backlog_option[] = {
    {'b', "backlog", "number", "the listen queue's length (default 5)"},
};

Invocation parse_local_listener(Cursor& c, const Builtin& b, int type);

}  // namespace chainscript
