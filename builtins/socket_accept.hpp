// What nosh's accepting builtins share (tcp-socket-accept,
// local-stream-socket-accept, local-seqpacket-socket-accept; issue 10):
// -v, -c and -l, and the listening sockets they take: fd 3, or fds 3 to
// 3+n-1 when LISTEN_FDS=n and LISTEN_PID is this process (the LISTEN_
// variables then go no further than this process).
#pragma once
#include "builtins/acceptor.hpp"

namespace chainscript {

inline constexpr OptionSpec socket_accept_options[] = {
    {'v', "verbose", "", "log each connection's start and end"},
    {'c', "connection-limit", "n", "at most n connections at once (default 40); more wait in the backlog"},
    {'l', "localname", "name", "TCPLOCALHOST (TCP), UNIXLOCALPATH (Unix)"},
};

enum class AcceptedSocket { tcp, local };
Invocation parse_socket_accept(Cursor& c, const Builtin& b, AcceptedSocket kind);

}  // namespace chainscript
