#include "builtins/s6_socketbinder.hpp"

namespace chainscript {

bool socketbinder_option(const Option& o, SocketBinder& s, const Builtin& b) {
  switch (o.key) {
    case 'd': s.reuse = true; return true;
    case 'D': s.reuse = false; return true;
    case 'b': s.backlog = static_cast<int>(parse_number(o.word(), b, "backlog", 0x7fffffff)); return true;
    case 'M': s.type = SOCK_STREAM; return true;
    case 'm': s.type = SOCK_DGRAM; return true;
    case 'B': s.blocking = true; return true;
  }
  return false;
}

int listen_as_asked(Context& ctx, int fd, const SocketBinder& s) {
  return s.backlog > 0 ? ctx.system->listen(fd, s.backlog) : 0;
}

void place_on_fd0(Context& ctx, UniqueFd& socket, const SocketBinder& s) {
  if (!s.blocking && ctx.system->set_nonblocking(socket.get(), true) < 0)
    ctx.fail_errno(exit_code::system_call, "unable to make the socket nonblocking");
  if (socket.place(0) < 0) ctx.fail_errno(exit_code::system_call, "unable to move the socket to fd 0");
}

}  // namespace chainscript
