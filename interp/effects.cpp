// What each System call looks like in a plan or a trace.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>

#include "system.hpp"

namespace chainscript {

std::string describe_address(const sockaddr* addr, socklen_t len) {
  char buf[INET6_ADDRSTRLEN] = "";
  switch (addr->sa_family) {
    case AF_INET: {
      const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
      inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
      return std::string(buf) + ":" + std::to_string(ntohs(in->sin_port));
    }
    case AF_INET6: {
      const auto* in = reinterpret_cast<const sockaddr_in6*>(addr);
      inet_ntop(AF_INET6, &in->sin6_addr, buf, sizeof buf);
      return "[" + std::string(buf) + "]:" + std::to_string(ntohs(in->sin6_port));
    }
    case AF_UNIX: {
      const auto* un = reinterpret_cast<const sockaddr_un*>(addr);
      const size_t n = len > offsetof(sockaddr_un, sun_path) ? len - offsetof(sockaddr_un, sun_path) : 0;
      return std::string(un->sun_path, strnlen(un->sun_path, n));
    }
    case AF_NETLINK: {
      const auto* nl = reinterpret_cast<const sockaddr_nl*>(addr);
      char g[16];
      std::snprintf(g, sizeof g, "0x%x", nl->nl_groups);
      return "pid=" + std::to_string(nl->nl_pid) + " groups=" + g;
    }
    default: return "family " + std::to_string(addr->sa_family);
  }
}

std::string describe_flags(int f) {
  std::string s;
  const int acc = f & O_ACCMODE;
  s = acc == O_RDONLY ? "O_RDONLY" : acc == O_WRONLY ? "O_WRONLY" : "O_RDWR";
  const std::pair<int, const char*> names[] = {{O_CREAT, "O_CREAT"},   {O_EXCL, "O_EXCL"},
                                               {O_TRUNC, "O_TRUNC"},   {O_APPEND, "O_APPEND"},
                                               {O_NONBLOCK, "O_NONBLOCK"}};
  for (const auto& [bit, name] : names)
    if (f & bit) s += std::string("|") + name;
  return s;
}

namespace effects {

Effect open(const std::string& path, int flags, mode_t mode) {
  Effect e{"open", {{"path", path}, {"flags", describe_flags(flags)}}, {}, {}};
  if (flags & O_CREAT) {
    char m[8];
    std::snprintf(m, sizeof m, "0%o", mode);
    e.args.emplace_back("mode", m);
  }
  return e;
}
Effect fd_op(std::string op, int fd) { return {std::move(op), {{"fd", std::to_string(fd)}}, {}, {}}; }
Effect fd_pair(std::string op, int from, int to) {
  return {std::move(op), {{"from", std::to_string(from)}, {"to", std::to_string(to)}}, {}, {}};
}
Effect socket(int domain, int type, int protocol) {
  const std::string d = domain == AF_INET ? "inet" : domain == AF_INET6 ? "inet6" : domain == AF_UNIX ? "unix"
                        : domain == AF_NETLINK ? "netlink" : std::to_string(domain);
  const int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
  const std::string t = base == SOCK_STREAM ? "stream" : base == SOCK_DGRAM ? "dgram" : base == SOCK_SEQPACKET
                             ? "seqpacket" : base == SOCK_RAW ? "raw" : std::to_string(base);
  return {"socket", {{"family", d}, {"type", t}, {"protocol", std::to_string(protocol)}}, {}, {}};
}
Effect setsockopt(int fd, std::string_view what) {
  return {"setsockopt", {{"fd", std::to_string(fd)}, {"option", std::string(what)}}, {}, {}};
}
Effect bind(int fd, const sockaddr* addr, socklen_t len, std::string_view) {
  return {"bind", {{"fd", std::to_string(fd)}, {"address", describe_address(addr, len)}}, {}, {}};
}
Effect listen(int fd, int backlog) {
  return {"listen", {{"fd", std::to_string(fd)}, {"backlog", std::to_string(backlog)}}, {}, {}};
}
Effect path_op(std::string op, const std::string& path) { return {std::move(op), {{"path", path}}, {}, {}}; }
Effect exec(const std::vector<std::string>& argv, const std::string& file) {
  Effect e{"exec", {{"program", file}}, {}, argv};
  return e;
}

Effect rlimit(std::string_view what, rlim_t soft, rlim_t hard) {
  const auto show = [](rlim_t v) { return v == RLIM_INFINITY ? std::string("unlimited") : std::to_string(v); };
  return {"setrlimit", {{"resource", std::string(what)}, {"soft", show(soft)}, {"hard", show(hard)}}, {}, {}};
}

}  // namespace effects

void ReportingSystem::report(Effect e) { emit(e); }

void ReportingSystem::emit(const Effect& e) {
  const std::string line = render_effect(at_, builtin_, e, format_, depth_) + "\n";
  (void)!::write(out_fd_, line.data(), line.size());
}

}  // namespace chainscript
