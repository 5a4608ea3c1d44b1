#include "describe.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>

namespace chainscript {

namespace {

std::string address_text(const sockaddr* addr, socklen_t len) {
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
      if (n > 0 && un->sun_path[0] == '\0') return "@" + std::string(un->sun_path + 1, n - 1);  // abstract
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

}  // namespace

std::string describe_address(const sockaddr* addr, socklen_t len) {
  const int e = errno;  // inet_ntop and snprintf may set it
  std::string text = address_text(addr, len);
  errno = e;
  return text;
}

std::string describe_open_flags(int f) {
  const int acc = f & O_ACCMODE;
  std::string s = acc == O_RDONLY ? "O_RDONLY" : acc == O_WRONLY ? "O_WRONLY" : "O_RDWR";
  const std::pair<int, const char*> names[] = {{O_CREAT, "O_CREAT"},       {O_EXCL, "O_EXCL"},
                                               {O_TRUNC, "O_TRUNC"},       {O_APPEND, "O_APPEND"},
                                               {O_NONBLOCK, "O_NONBLOCK"}, {O_DIRECTORY, "O_DIRECTORY"}};
  for (const auto& [bit, name] : names)
    if (f & bit) s += std::string("|") + name;
  return s;
}

std::string signal_name(int sig) {
  if (const char* abbrev = sigabbrev_np(sig)) return std::string("SIG") + abbrev;
  return "signal " + std::to_string(sig);
}

std::string describe_signals(const sigset_t& set) {
  std::string s;
  for (int sig = 1; sig < NSIG; ++sig)
    if (sigismember(&set, sig) == 1) s += (s.empty() ? "" : ",") + signal_name(sig);
  return s.empty() ? "none" : s;
}

}  // namespace chainscript
