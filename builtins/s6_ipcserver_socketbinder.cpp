// s6-ipcserver-socketbinder [ -d | -D ] [ -b backlog ] [ -M | -m ] [ -a perms ] [ -B ] path prog...
// (seed 002): a Unix socket bound at path (whatever was there deleted, but a
// directory), listening unless -m, on fd 0, nonblocking unless -B.
#include "builtins/local_socket.hpp"
#include "builtins/s6_socketbinder.hpp"
#include "builtins/socket_activation.hpp"

namespace chainscript {

namespace s6_ipcserver_socketbinder_parts {

constexpr OptionSpec perms_option[] = {
    {'a', "", "perms", "the socket file's permissions (default 0777, less the umask)"},
};
constexpr auto options = option_table(socketbinder_options, perms_option);

Invocation parse(Cursor& c, const Builtin& b) {
  SocketBinder binder;
  LocalBind how;
  how.mode = 0777;
  how.delete_anything = true;
  for (const auto& o : parse_options(c, b))
    if (!socketbinder_option(o, binder, b)) how.mode = parse_octal(o.word(), b, "perms", 0777);
  const Word path = take_arg(c, b, "PATH");
  check_socket_path(path, b);
  how.path = path.text;
  return [=](Context& ctx, Cursor&) -> Flow {
    auto* sys = ctx.system;
    UniqueFd socket(*sys, sys->socket(AF_UNIX, binder.type, 0));
    if (!socket.valid()) ctx.fail_errno(exit_code::system_call, "unable to create a socket for " + how.path);
    if (binder.reuse) set_option(ctx, socket.get(), SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
    bind_local(ctx, socket, how);
    if (listen_as_asked(ctx, socket.get(), binder) < 0) {
      const int e = errno;
      if (!how.abstract()) sys->unlink(how.path);  // nothing half-done
      errno = e;
      ctx.fail_errno(exit_code::system_call, "listen " + how.path);
    }
    place_on_fd0(ctx, socket, binder);
    return {};
  };
}

}  // namespace s6_ipcserver_socketbinder_parts

extern const Builtin s6_ipcserver_socketbinder_builtin{
    .name = "s6-ipcserver-socketbinder",
    .summary = "bind a Unix socket on fd 0",
    .options = s6_ipcserver_socketbinder_parts::options,
    .operands = "path prog...",
    .facts = needs_program,
    .parse = s6_ipcserver_socketbinder_parts::parse,
};

}  // namespace chainscript
