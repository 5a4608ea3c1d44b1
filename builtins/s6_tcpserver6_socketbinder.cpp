// s6-tcpserver6-socketbinder [ -d | -D ] [ -b backlog ] [ -M | -m ] [ -B ] ip port prog...:
// an IPv6 socket bound at ip:port on fd 0 (s6-networking's interface).
#include "builtins/s6_tcpserver_binder.hpp"

namespace chainscript {

namespace s6_tcpserver6_socketbinder_parts {
Invocation parse(Cursor& c, const Builtin& b) { return parse_tcpserver_binder(c, b, AF_INET6); }
}  // namespace s6_tcpserver6_socketbinder_parts

extern const Builtin s6_tcpserver6_socketbinder_builtin{
    .name = "s6-tcpserver6-socketbinder",
    .summary = "bind an IPv6 socket on fd 0",
    .options = socketbinder_options,
    .operands = "ip port prog...",
    .facts = needs_program,
    .parse = s6_tcpserver6_socketbinder_parts::parse,
};

}  // namespace chainscript
