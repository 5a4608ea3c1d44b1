#include "builtins/local_listener.hpp"

#include "builtins/local_socket.hpp"
#include "interp/lookups.hpp"

namespace chainscript {

Invocation parse_local_listener(Cursor& c, const Builtin& b, int type) {
  Activation activation;
  LocalBind how;
  int queue = 5;
  bool credentials = false, security = false, names_known = true, owner_given = false, ids_given = false;
  std::optional<std::string> user_name, group_name;
  for (const auto& o : parse_options(c, b)) {
    if (activation_option(o, activation, b)) continue;
    switch (o.key) {
      case 'b': queue = static_cast<int>(parse_number(o.word(), b, "--backlog", 0x7fffffff, c)); break;
      case 'm': how.mode = parse_octal(o.word(), b, "--mode", 07777, c); break;
      case 'u': how.uid = parse_id(o.word(), b, "--uid", c), ids_given = true; break;
      case 'g': how.gid = parse_id(o.word(), b, "--gid", c), ids_given = true; break;
      case '\x16': user_name = o.value, names_known &= o.known; break;
      case '\x17': group_name = o.value, names_known &= o.known; break;
      case '\x18': credentials = true; break;
      case '\x19': security = true; break;
    }
    if (o.key == 'm' || o.key == 'u' || o.key == 'g' || o.key == '\x16' || o.key == '\x17') owner_given = true;
  }
  // nosh's tools: with --uid or --gid, the names are not looked at.
  if (ids_given && c.rules().nosh_tools()) user_name.reset(), group_name.reset();
  const Word path = take_arg(c, b, "PATH");
  check_socket_path(path, b);
  how.path = path.text;
  if (path.known && how.abstract() && owner_given)
    usage_error(path.at, b, "an abstract socket (@name) has no file: --mode, --uid, --gid, --user and --group have nothing to set");
  const auto look_up = [=](Context& ctx) {
    LocalBind named = how;
    if (user_name) {
      const UserEntry* u = ctx.lookups->user(*user_name, ctx);
      if (!u) ctx.fail(exit_code::system_call, "unknown user " + *user_name);
      named.uid = u->uid;
    }
    if (group_name) {
      const auto g = ctx.lookups->group(*group_name, ctx);
      if (!g) ctx.fail(exit_code::system_call, "unknown group " + *group_name);
      named.gid = *g;
    }
    return named;
  };
  Invocation i = [=](Context& ctx, Cursor&) -> Flow {
    const LocalBind named = look_up(ctx);
    auto* sys = ctx.system;
    UniqueFd socket(*sys, sys->socket(AF_UNIX, type, 0));
    if (!socket.valid()) ctx.fail_errno(exit_code::system_call, "unable to create a socket for " + named.path);
    if (credentials) set_option(ctx, socket.get(), SOL_SOCKET, SO_PASSCRED, 1, "SO_PASSCRED");
    if (security) set_option(ctx, socket.get(), SOL_SOCKET, SO_PASSSEC, 1, "SO_PASSSEC");
    bind_local(ctx, socket, named);
    if (type != SOCK_DGRAM && sys->listen(socket.get(), queue) < 0) {
      const int e = errno;
      if (!named.abstract()) sys->unlink(named.path);
      errno = e;
      ctx.fail_errno(exit_code::system_call, "listen " + named.path);
    }
    place_listener(ctx, socket, activation);
    return {};
  };
  if (names_known && (user_name || group_name)) i.resolve = look_up;
  return i;
}

}  // namespace chainscript
