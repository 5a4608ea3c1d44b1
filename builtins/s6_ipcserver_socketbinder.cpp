// s6-ipcserver-socketbinder [ -d | -D ] [ -b backlog ] [ -M | -m ] [ -a perms ] [ -B ] path prog...
// (seed 002): a Unix socket bound at path (whatever was there deleted, but a
// directory), listening unless -m, on fd 0, nonblocking unless -B.
#include "builtins/local_socket.hpp"
#include "builtins/socket_activation.hpp"

namespace chainscript {

namespace {

constexpr OptionSpec options[] = {
    {'d', "", "", "allow the address to be reused (SO_REUSEADDR, the default)", 1},
    {'D', "", "", "do not allow it", 1},
    {'b', "", "backlog", "the listen queue's length (0: do not listen)"},
    {'M', "", "", "a stream socket (the default)", 2},
    {'m', "", "", "a datagram socket", 2},
    {'a', "", "perms", "the socket file's permissions (default 0777, less the umask)"},
    {'B', "", "", "leave the socket blocking"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool reuse = true, blocking = false;
  int type = SOCK_STREAM;
  int backlog = SOMAXCONN;
  LocalBind how;
  how.mode = 0777;
  how.delete_anything = true;
  for (const auto& o : parse_options(c, b)) {
    switch (o.key) {
      case 'd': reuse = true; break;
      case 'D': reuse = false; break;
      case 'b': backlog = static_cast<int>(parse_number(o.word(), b, "backlog", 0x7fffffff)); break;
      case 'M': type = SOCK_STREAM; break;
      case 'm': type = SOCK_DGRAM; break;
      case 'a': how.mode = parse_octal(o.word(), b, "perms", 0777); break;
      case 'B': blocking = true; break;
    }
  }
  const Word path = take_arg(c, b, "PATH");
  check_socket_path(path, b);
  how.path = path.text;
  return [=](Context& ctx, Cursor&) -> Flow {
    auto* sys = ctx.system;
    UniqueFd socket(*sys, sys->socket(AF_UNIX, type, 0));
    if (!socket.valid()) ctx.fail_errno(exit_code::system_call, "unable to create a socket for " + how.path);
    if (reuse) set_option(ctx, socket.get(), SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
    bind_local(ctx, socket, how);
    if (backlog > 0 && sys->listen(socket.get(), backlog) < 0) {
      const int e = errno;
      if (!how.abstract()) sys->unlink(how.path);
      errno = e;
      ctx.fail_errno(exit_code::system_call, "listen " + how.path);
    }
    if (!blocking && sys->set_nonblocking(socket.get(), true) < 0)
      ctx.fail_errno(exit_code::system_call, "unable to make the socket nonblocking");
    if (socket.place(0) < 0) ctx.fail_errno(exit_code::system_call, "unable to move the socket to fd 0");
    return {};
  };
}

}  // namespace

extern const Builtin s6_ipcserver_socketbinder_builtin{
    .name = "s6-ipcserver-socketbinder",
    .summary = "bind a Unix socket on fd 0",
    .options = options,
    .operands = "path prog...",
    .facts = needs_program,
    .parse = parse,
};

}  // namespace chainscript
