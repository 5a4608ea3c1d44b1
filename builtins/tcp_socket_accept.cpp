// tcp-socket-accept [ options ] prog... (nosh's interface, issue 10): accepts
// TCP connections on the listening socket at fd 3 (tcp-socket-listen's) and
// forks a child for each, which has the connection on fds 0 and 1 and the
// UCSPI variables, and goes on with the rest of the chain.
#include "builtins/socket_accept.hpp"

namespace chainscript {

namespace tcp_socket_accept_parts {

constexpr OptionSpec tcp_options[] = {
    {'k', "keepalives", "", "SO_KEEPALIVE on each connection"},
    {'\x1a', "no-keepalives", "", "no SO_KEEPALIVE (the default)"},
    {'o', "no-kill-IP-options", "", "keep the IP options an IPv4 client sends"},
    {'D', "no-delay", "", "TCP_NODELAY on each connection"},
};
constexpr auto options = option_table(socket_accept_options, tcp_options, acceptor_per_client_option, acceptor_options);

Invocation parse(Cursor& c, const Builtin& b) { return parse_socket_accept(c, b, AcceptedSocket::tcp); }

}  // namespace tcp_socket_accept_parts

extern const Builtin tcp_socket_accept_builtin{
    .name = "tcp-socket-accept",
    .summary = "accept TCP connections on fd 3, each served by a child running the rest",
    .style = OptionStyle::gnu,
    .options = tcp_socket_accept_parts::options,
    .operands = "prog...",
    .facts = needs_program,
    .parse = tcp_socket_accept_parts::parse,
};

}  // namespace chainscript
