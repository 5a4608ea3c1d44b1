#include "socket_activation.hpp"

#include <cerrno>

namespace chainscript {

bool activation_option(const Option& o, Activation& a, const Builtin& b) {
  switch (o.key) {
    case '\x01': a.systemd = true; return true;
    case '\x02': a.upstart = true; return true;
    case '\x03':
      if (o.value.empty() || o.value.size() > 255 || o.value.find(':') != std::string::npos)
        usage_error(o.at, b, "--name must be 1 to 255 characters without ':'");
      for (unsigned char ch : o.value)
        if (ch < 0x20 || ch >= 0x7f) usage_error(o.at, b, "--name must be printable ASCII");
      a.name = o.value;
      return true;
  }
  return false;
}

namespace {

std::optional<unsigned long> number(const std::string* s) {
  if (!s || s->empty() || s->size() > 9 || s->find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoul(*s);
}

}  // namespace

unsigned listening_fds(Context& ctx) {
  const auto pid = number(ctx.env.get("LISTEN_PID"));
  const auto fds = number(ctx.env.get("LISTEN_FDS"));
  if (!pid || !fds || *pid != static_cast<unsigned long>(ctx.system->getpid())) return 0;
  return static_cast<unsigned>(*fds);
}

void place_listener(Context& ctx, int fd, const Activation& a) {
  const unsigned n = listening_fds(ctx);
  const int target = 3 + static_cast<int>(n);
  if (ctx.system->place(fd, target) < 0) fail_closing(ctx, fd, "unable to move the socket to fd " + std::to_string(target));
  if (a.systemd) {
    // LISTEN_FDNAMES: exactly LISTEN_FDS names once any fd is named.
    const std::string* inherited = n ? ctx.env.get("LISTEN_FDNAMES") : nullptr;
    if (a.name || inherited) {
      std::vector<std::string> names;
      if (inherited) {
        size_t p = 0;
        for (;;) {
          const auto colon = inherited->find(':', p);
          names.push_back(inherited->substr(p, colon == std::string::npos ? std::string::npos : colon - p));
          if (colon == std::string::npos) break;
          p = colon + 1;
        }
      }
      names.resize(n, "unknown");
      names.push_back(a.name.value_or("unknown"));
      std::string joined;
      for (const auto& s : names) joined += (joined.empty() ? "" : ":") + (s.empty() ? std::string("unknown") : s);
      ctx.setenv("LISTEN_FDNAMES", joined);
    } else if (ctx.env.get("LISTEN_FDNAMES")) {
      ctx.unsetenv("LISTEN_FDNAMES");  // stale names of another process
    }
    ctx.setenv("LISTEN_FDS", std::to_string(n + 1));
    ctx.setenv("LISTEN_PID", std::to_string(ctx.system->getpid()));
  }
  if (a.upstart) {
    ctx.setenv("UPSTART_FDS", "3");
    ctx.setenv("UPSTART_EVENTS", "socket");
  }
}

void set_option(Context& ctx, int fd, int level, int name, int value, std::string_view what) {
  if (ctx.system->setsockopt(fd, level, name, &value, sizeof value, std::string(what) + "=" + std::to_string(value)) < 0)
    fail_closing(ctx, fd, "unable to set " + std::string(what));
}

void fail_closing(Context& ctx, int fd, const std::string& what) {
  const int e = errno;
  ctx.system->close(fd);
  errno = e;
  ctx.fail_errno(exit_code::system_call, what);
}

}  // namespace chainscript
