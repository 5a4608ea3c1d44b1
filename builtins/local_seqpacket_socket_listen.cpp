// local-seqpacket-socket-listen [ options ] path prog... (nosh's interface):
// a Unix seqpacket socket listening at path ("@name": an abstract socket), at fd 3+n.
#include "builtins/local_listener.hpp"

namespace chainscript {

namespace local_seqpacket_socket_listen_parts {

constexpr std::string_view aliases[] = {"local-seqpacket-listen"};
constexpr auto options = option_table(local_listener_options, backlog_option, activation_options);

Invocation parse(Cursor& c, const Builtin& b) { return parse_local_listener(c, b, SOCK_SEQPACKET); }

}  // namespace local_seqpacket_socket_listen_parts

extern const Builtin local_seqpacket_socket_listen_builtin{
    .name = "local-seqpacket-socket-listen",
    .aliases = local_seqpacket_socket_listen_parts::aliases,
    .summary = "listen on a Unix seqpacket socket on fd 3+n",
    .style = OptionStyle::gnu,
    .options = local_seqpacket_socket_listen_parts::options,
    .operands = "path prog...",
    .facts = needs_program,
    .parse = local_seqpacket_socket_listen_parts::parse,
};

}  // namespace chainscript
