#include "builtins/socket_activation.hpp"

#include "lib/lists.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

bool activation_option(const Option& o, Activation& a, const Builtin& b) {
  switch (o.key) {
    case '\x1d': a.systemd = true; return true;
    case '\x1e': a.upstart = true; return true;
    case '\x1f':
      if (!o.known) return true;
      if (o.value.empty() || o.value.size() > 255 || o.value.find(':') != std::string::npos)
        usage_error(o.at, b, "--name must be 1 to 255 characters without ':'");
      for (unsigned char ch : o.value)
        if (ch < 0x20 || ch >= 0x7f) usage_error(o.at, b, "--name must be printable ASCII");
      a.name = o.value;
      return true;
  }
  return false;
}

std::optional<unsigned> declared_listening_fds(Context& ctx) {
  const auto number = [&](const char* name) -> std::optional<Number> {
    const auto v = ctx.env.get(name);
    if (!v) return std::nullopt;
    if (!ctx.rules->nosh_tools()) return decimal_number(*v, 999999999);
    const auto n = c_library_unsigned(*v);  // nosh reads them with strtoul, base 0
    return n && *n <= 0xffffffffUL ? std::optional<Number>(*n) : std::nullopt;
  };
  const auto pid = number("LISTEN_PID"), fds = number("LISTEN_FDS");
  if (!pid || !fds || *pid != static_cast<Number>(ctx.system->getpid())) return std::nullopt;
  return static_cast<unsigned>(*fds);
}

unsigned listening_fds(Context& ctx) { return declared_listening_fds(ctx).value_or(0); }

namespace {

// LISTEN_FDNAMES: exactly LISTEN_FDS names once any fd is named, the socket at
// 3+n named by --name.
void name_listener(Context& ctx, unsigned n, const Activation& a) {
  const auto inherited = n ? ctx.env.get("LISTEN_FDNAMES") : std::nullopt;
  if (a.name || inherited) {
    std::vector<std::string> names;
    if (inherited)
      for (const auto name : split_list(*inherited, ':')) names.emplace_back(name.empty() ? "unknown" : name);
    names.resize(n, "unknown");
    names.push_back(a.name.value_or("unknown"));
    ctx.setenv("LISTEN_FDNAMES", join_list(names, ':'));
  } else if (ctx.env.get("LISTEN_FDNAMES")) {
    ctx.unsetenv("LISTEN_FDNAMES");  // stale names of another process
  }
}

}  // namespace

void place_listener(Context& ctx, UniqueFd& socket, const Activation& a) {
  // nosh's tools count the fds already placed only for systemd's protocol:
  // without it the socket goes to fd 3.
  const unsigned n = ctx.rules->nosh_tools() && !a.systemd ? 0 : listening_fds(ctx);
  const int target = 3 + static_cast<int>(n);
  if (socket.place(target) < 0) ctx.fail_errno(exit_code::system_call, "unable to move the socket to fd " + std::to_string(target));
  if (a.systemd) {
    // nosh's tools name no fd and leave LISTEN_FDNAMES as it is.
    if (a.name || !ctx.rules->nosh_tools()) name_listener(ctx, n, a);
    ctx.setenv("LISTEN_FDS", std::to_string(n + 1));
    ctx.setenv("LISTEN_PID", std::to_string(ctx.system->getpid()));
  }
  if (a.upstart) {
    // The seeds' 3; nosh's tools name the fd the socket went to.
    ctx.setenv("UPSTART_FDS", ctx.rules->nosh_tools() ? std::to_string(target) : "3");
    ctx.setenv("UPSTART_EVENTS", "socket");
  }
}

void set_option(Context& ctx, int fd, int level, int name, int value, std::string_view what) {
  if (ctx.system->setsockopt(fd, level, name, &value, sizeof value, std::string(what) + "=" + std::to_string(value)) < 0)
    ctx.fail_errno(exit_code::system_call, "unable to set " + std::string(what));
}

}  // namespace chainscript
