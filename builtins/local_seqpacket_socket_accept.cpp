// local-seqpacket-socket-accept [ options ] prog... (nosh's interface, issue 10):
// accepts connections on the listening Unix seqpacket socket at fd 3
// (local-seqpacket-socket-listen's) and forks a child for each, which has the
// connection on fds 0 and 1 and the client's credentials in UNIXREMOTEEUID...,
// and goes on with the rest of the chain.
#include "builtins/socket_accept.hpp"

namespace chainscript {

namespace local_seqpacket_socket_accept_parts {

constexpr auto options = option_table(socket_accept_options, acceptor_per_client_option, acceptor_options);

Invocation parse(Cursor& c, const Builtin& b) { return parse_socket_accept(c, b, AcceptedSocket::local); }

}  // namespace local_seqpacket_socket_accept_parts

extern const Builtin local_seqpacket_socket_accept_builtin{
    .name = "local-seqpacket-socket-accept",
    .summary = "accept Unix seqpacket connections on fd 3, each served by a child running the rest",
    .style = OptionStyle::gnu,
    .options = local_seqpacket_socket_accept_parts::options,
    .operands = "prog...",
    .facts = needs_program,
    .parse = local_seqpacket_socket_accept_parts::parse,
};

}  // namespace chainscript
