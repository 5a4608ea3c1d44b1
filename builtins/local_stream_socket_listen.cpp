// local-stream-socket-listen [ options ] path prog... (nosh's interface):
// a Unix stream socket listening at path ("@name": an abstract socket), at fd 3+n.
#include "builtins/local_listener.hpp"

namespace chainscript {

namespace local_stream_socket_listen_parts {

constexpr std::string_view aliases[] = {"local-stream-listen", "unix-listen"};
constexpr auto options = option_table(local_listener_options, backlog_option, activation_options);

Invocation parse(Cursor& c, const Builtin& b) { return parse_local_listener(c, b, SOCK_STREAM); }

}  // namespace local_stream_socket_listen_parts

extern const Builtin local_stream_socket_listen_builtin{
    .name = "local-stream-socket-listen",
    .aliases = local_stream_socket_listen_parts::aliases,
    .summary = "listen on a Unix stream socket on fd 3+n",
    .style = OptionStyle::gnu,
    .options = local_stream_socket_listen_parts::options,
    .operands = "path prog...",
    .facts = needs_program,
    .parse = local_stream_socket_listen_parts::parse,
};

}  // namespace chainscript
