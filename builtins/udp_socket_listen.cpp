// udp-socket-listen [ options ] host service prog... (nosh's interface): a
// UDP socket bound to host:service, at fd 3+n.
#include "builtins/inet_listener.hpp"

namespace chainscript {

namespace udp_socket_listen_parts {

constexpr std::string_view aliases[] = {"udp-listen"};

constexpr OptionSpec udp_options[] = {
    {'\x11', "broadcast", "", "SO_BROADCAST"},
    {'\x12', "pass-packet-info", "", "IP_PKTINFO / IPV6_RECVPKTINFO"},
};
constexpr auto options = option_table(inet_listener_options, udp_options, activation_options);

Invocation parse(Cursor& c, const Builtin& b) { return parse_inet_listener(c, b, SOCK_DGRAM); }

}  // namespace udp_socket_listen_parts

extern const Builtin udp_socket_listen_builtin{
    .name = "udp-socket-listen",
    .aliases = udp_socket_listen_parts::aliases,
    .summary = "a UDP socket on fd 3+n",
    .style = OptionStyle::gnu,
    .options = udp_socket_listen_parts::options,
    .operands = "host service prog...",
    .facts = needs_program,
    .parse = udp_socket_listen_parts::parse,
};

}  // namespace chainscript
