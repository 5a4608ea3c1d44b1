// local-datagram-socket-listen [ options ] path prog... (nosh's interface):
// a Unix datagram socket bound at path ("@name": an abstract socket), at fd 3+n.
#include "builtins/local_listener.hpp"

namespace chainscript {

namespace local_datagram_socket_listen_parts {

constexpr std::string_view aliases[] = {"local-datagram-listen"};
constexpr auto options = option_table(local_listener_options, activation_options);

Invocation parse(Cursor& c, const Builtin& b) { return parse_local_listener(c, b, SOCK_DGRAM); }

}  // namespace local_datagram_socket_listen_parts

extern const Builtin local_datagram_socket_listen_builtin{
    .name = "local-datagram-socket-listen",
    .aliases = local_datagram_socket_listen_parts::aliases,
    .summary = "a Unix datagram socket on fd 3+n",
    .style = OptionStyle::gnu,
    .options = local_datagram_socket_listen_parts::options,
    .operands = "path prog...",
    .facts = needs_program,
    .parse = local_datagram_socket_listen_parts::parse,
};

}  // namespace chainscript
