// s6-ipcserverd [ -1 ] [ -v verbosity ] [ -P | -p ] [ -c maxconn ]
// [ -C localmaxconn ] prog... (s6's interface, issue 10): accepts connections
// on the listening Unix socket on fd 0 (s6-ipcserver-socketbinder's) and forks
// a child for each, which has the connection on fds 0 and 1, PROTO=IPC,
// IPCREMOTEEUID, IPCREMOTEEGID, IPCREMOTEPATH and IPCCONNNUM, and goes on
// with the rest of the chain.
#include "builtins/s6_serverd.hpp"

namespace chainscript {

namespace s6_ipcserverd_parts {

constexpr OptionSpec credential_options[] = {
    {'P', "", "", "do not read the client's credentials: IPCREMOTEEUID and IPCREMOTEEGID unset", 1},
    {'p', "", "", "read the client's credentials (the default)", 1},
};
constexpr auto options = option_table(s6_serverd_options, credential_options, acceptor_options);

Invocation parse(Cursor& c, const Builtin& b) { return parse_s6_serverd(c, b, ServedSocket::ipc); }

}  // namespace s6_ipcserverd_parts

extern const Builtin s6_ipcserverd_builtin{
    .name = "s6-ipcserverd",
    .summary = "accept Unix stream connections on fd 0, each served by a child running the rest",
    .options = s6_ipcserverd_parts::options,
    .operands = "prog...",
    .facts = needs_program,
    .parse = s6_ipcserverd_parts::parse,
};

}  // namespace chainscript
