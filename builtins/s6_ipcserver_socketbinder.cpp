// s6-ipcserver-socketbinder [ -d | -D ] [ -b backlog ] [ -M | -m ] [ -a perms ] [ -B ] path prog...
// Seed 002: a Unix socket on fd 0, nonblocking unless -B.
#include "local_socket.hpp"
#include "socket_activation.hpp"

namespace chainscript {

Action parse_s6_ipcserver_socketbinder(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'d', ""}, {'D', ""}, {'b', "", true}, {'M', ""},
                                         {'m', ""}, {'a', "", true}, {'B', ""}};
  bool reuse = true, blocking = false;
  int type = SOCK_STREAM;
  int backlog = SOMAXCONN;
  LocalBind how;
  how.mode = 0777;
  how.delete_anything = true;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    switch (o.key) {
      case 'd': reuse = true; break;
      case 'D': reuse = false; break;
      case 'b': backlog = static_cast<int>(parse_number({o.value, o.at}, b, "backlog", 0x7fffffff)); break;
      case 'M': type = SOCK_STREAM; break;
      case 'm': type = SOCK_DGRAM; break;
      case 'a': how.mode = parse_octal({o.value, o.at}, b, "perms", 0777); break;
      case 'B': blocking = true; break;
    }
  }
  const Word path = take_arg(c, b, "PATH");
  check_socket_path(path, b);
  how.path = path.text;
  return [=](Context& ctx, Cursor&) -> Flow {
    const int fd = ctx.system->socket(AF_UNIX, type, 0);
    if (fd < 0) ctx.fail_errno(exit_code::system_call, "unable to create a socket for " + how.path);
    if (reuse) set_option(ctx, fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
    bind_local(ctx, fd, type, how);
    if (backlog > 0 && ctx.system->listen(fd, backlog) < 0) {
      const int e = errno;
      ctx.system->unlink(how.path);
      errno = e;
      fail_closing(ctx, fd, "listen " + how.path);
    }
    if (!blocking && ctx.system->set_nonblocking(fd, true) < 0) fail_closing(ctx, fd, "unable to make the socket nonblocking");
    if (ctx.system->place(fd, 0) < 0) fail_closing(ctx, fd, "unable to move the socket to fd 0");
    return {};
  };
}

}  // namespace chainscript
