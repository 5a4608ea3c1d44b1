// local-stream-socket-listen, local-datagram-socket-listen,
// local-seqpacket-socket-listen: a Unix socket at PATH on fd 3+n.
#include <grp.h>
#include <pwd.h>

#include "local_socket.hpp"
#include "socket_activation.hpp"

namespace chainscript {

namespace {

enum Key : char { backlog = 'b', mode = 'A', uid, gid, user, group, pass_credentials, pass_security };

Action parse_local_listener(Cursor& c, const Builtin& b, int type) {
  std::vector<OptionSpec> specs = {
      {mode, "mode", true, false},   {uid, "uid", true, false},     {gid, "gid", true, false},
      {user, "user", true, false},   {group, "group", true, false}, {pass_credentials, "pass-credentials", false, false},
      {pass_security, "pass-security", false, false},
  };
  if (type != SOCK_DGRAM) specs.push_back({backlog, "backlog", true, true});
  specs.insert(specs.end(), std::begin(activation_specs), std::end(activation_specs));
  Activation activation;
  LocalBind how;
  int queue = 5;
  bool credentials = false, security = false;
  std::optional<std::string> user_name, group_name;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::gnu)) {
    if (activation_option(o, activation, b)) continue;
    switch (o.key) {
      case backlog: queue = static_cast<int>(parse_number({o.value, o.at}, b, "--backlog", 0x7fffffff)); break;
      case mode: how.mode = parse_octal({o.value, o.at}, b, "--mode", 07777); break;
      case uid: how.uid = static_cast<uid_t>(parse_number({o.value, o.at}, b, "--uid", 0xfffffffe)); break;
      case gid: how.gid = static_cast<gid_t>(parse_number({o.value, o.at}, b, "--gid", 0xfffffffe)); break;
      case user: user_name = o.value; break;
      case group: group_name = o.value; break;
      case pass_credentials: credentials = true; break;
      case pass_security: security = true; break;
    }
  }
  const Word path = take_arg(c, b, "PATH");
  check_socket_path(path, b);
  how.path = path.text;
  return [=](Context& ctx, Cursor&) mutable -> Flow {
    // Read-only look-ups, done for real in dry-run too.
    if (user_name) {
      const passwd* pw = getpwnam(user_name->c_str());
      if (!pw) ctx.fail(exit_code::system_call, "unknown user " + *user_name);
      how.uid = pw->pw_uid;
    }
    if (group_name) {
      const struct group* gr = getgrnam(group_name->c_str());
      if (!gr) ctx.fail(exit_code::system_call, "unknown group " + *group_name);
      how.gid = gr->gr_gid;
    }
    const int fd = ctx.system->socket(AF_UNIX, type, 0);
    if (fd < 0) ctx.fail_errno(exit_code::system_call, "unable to create a socket for " + how.path);
    if (credentials) set_option(ctx, fd, SOL_SOCKET, SO_PASSCRED, 1, "SO_PASSCRED");
    if (security) set_option(ctx, fd, SOL_SOCKET, SO_PASSSEC, 1, "SO_PASSSEC");
    bind_local(ctx, fd, type, how);
    if (type != SOCK_DGRAM && ctx.system->listen(fd, queue) < 0) {
      const int e = errno;
      ctx.system->unlink(how.path);
      errno = e;
      fail_closing(ctx, fd, "listen " + how.path);
    }
    place_listener(ctx, fd, activation);
    return {};
  };
}

}  // namespace

Action parse_local_stream_socket_listen(Cursor& c, const Builtin& b) { return parse_local_listener(c, b, SOCK_STREAM); }
Action parse_local_datagram_socket_listen(Cursor& c, const Builtin& b) { return parse_local_listener(c, b, SOCK_DGRAM); }
Action parse_local_seqpacket_socket_listen(Cursor& c, const Builtin& b) {
  return parse_local_listener(c, b, SOCK_SEQPACKET);
}

}  // namespace chainscript
