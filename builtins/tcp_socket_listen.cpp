// tcp-socket-listen [ options ] host service prog... (seed 001, nosh's
// interface): a TCP socket listening on host:service, at fd 3+n.
#include "builtins/inet_listener.hpp"

namespace chainscript {

namespace tcp_socket_listen_parts {

constexpr std::string_view aliases[] = {"tcp-listen"};

constexpr OptionSpec tcp_options[] = {
    {'b', "backlog", "number", "the listen queue's length (default 5)"},
    {'\x0d', "keepalive", "", "SO_KEEPALIVE"},
    {'\x0e', "no-delay", "", "TCP_NODELAY"},
    {'\x0f', "defer-accept", "seconds", "TCP_DEFER_ACCEPT"},
    {'\x10', "fastopen", "queue", "TCP_FASTOPEN"},
};
constexpr auto options = option_table(inet_listener_options, tcp_options, activation_options);

Invocation parse(Cursor& c, const Builtin& b) { return parse_inet_listener(c, b, SOCK_STREAM); }

}  // namespace tcp_socket_listen_parts

extern const Builtin tcp_socket_listen_builtin{
    .name = "tcp-socket-listen",
    .aliases = tcp_socket_listen_parts::aliases,
    .summary = "listen for TCP connections on fd 3+n",
    .style = OptionStyle::gnu,
    .options = tcp_socket_listen_parts::options,
    .operands = "host service prog...",
    .facts = needs_program,
    .parse = tcp_socket_listen_parts::parse,
};

}  // namespace chainscript
