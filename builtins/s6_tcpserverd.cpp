// s6-tcpserverd [ -1 ] [ -v verbosity ] [ -c maxconn ] [ -C localmaxconn ]
// prog... (s6-networking's interface, issue 10): accepts TCP connections on
// the listening socket on fd 0 (s6-tcpserver-socketbinder's) and forks a
// child for each, which has the connection on fds 0 and 1, PROTO, TCPLOCALIP,
// TCPLOCALPORT, TCPREMOTEIP, TCPREMOTEPORT and TCPCONNNUM, and goes on with
// the rest of the chain.
#include "builtins/s6_serverd.hpp"

namespace chainscript {

namespace s6_tcpserverd_parts {

constexpr auto options = option_table(s6_serverd_options, acceptor_options);

Invocation parse(Cursor& c, const Builtin& b) { return parse_s6_serverd(c, b, ServedSocket::tcp); }

}  // namespace s6_tcpserverd_parts

extern const Builtin s6_tcpserverd_builtin{
    .name = "s6-tcpserverd",
    .summary = "accept TCP connections on fd 0, each served by a child running the rest",
    .options = s6_tcpserverd_parts::options,
    .operands = "prog...",
    .facts = needs_program,
    .parse = s6_tcpserverd_parts::parse,
};

}  // namespace chainscript
