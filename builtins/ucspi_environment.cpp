#include "builtins/ucspi_environment.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace chainscript {

namespace {

// s6's way: eight hexadecimal groups, the longest run of two or more zero
// groups (the first of equals) as "::", never a dotted quad.
std::string hex_groups(const in6_addr& a) {
  unsigned g[8];
  for (int i = 0; i < 8; ++i) g[i] = (a.s6_addr[2 * i] << 8) | a.s6_addr[2 * i + 1];
  int best = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len) best = i, best_len = j - i;
    i = j;
  }
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[i]);
    out += buf;
  }
  return out;
}

Client client_at(const sockaddr* addr) {
  Client c;
  if (addr->sa_family == AF_INET) {
    c.has_address = true;
    c.address.s6_addr[10] = c.address.s6_addr[11] = 0xff;
    std::memcpy(&c.address.s6_addr[12], &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, 4);
  } else if (addr->sa_family == AF_INET6) {
    c.has_address = true;
    c.address = reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr;
  }
  return c;
}

// The path of a Unix socket address; nullopt when unnamed or abstract.
std::optional<std::string> unix_path(const sockaddr_storage& addr, socklen_t len) {
  if (addr.ss_family != AF_UNIX || len <= offsetof(sockaddr_un, sun_path)) return std::nullopt;
  const auto* un = reinterpret_cast<const sockaddr_un*>(&addr);
  const size_t n = std::min<size_t>(len - offsetof(sockaddr_un, sun_path), sizeof un->sun_path);
  if (n == 0 || un->sun_path[0] == '\0') return std::nullopt;
  return std::string(un->sun_path, strnlen(un->sun_path, n));
}

}  // namespace

std::string address_text(const sockaddr* addr, AddressStyle style) {
  char buf[INET6_ADDRSTRLEN] = "";
  if (addr->sa_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, buf, sizeof buf);
    return buf;
  }
  if (addr->sa_family != AF_INET6) return "";
  const in6_addr& a = reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr;
  if (style == AddressStyle::skalibs) return hex_groups(a);
  ::inet_ntop(AF_INET6, &a, buf, sizeof buf);
  return buf;
}

unsigned port_of(const sockaddr* addr) {
  if (addr->sa_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(addr)->sin_port);
  if (addr->sa_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(addr)->sin6_port);
  return 0;
}

std::optional<Connection> tcp_connection(Context& ctx, int fd, const sockaddr_storage& peer, socklen_t,
                                         const TcpVariables& v) {
  const auto* remote = reinterpret_cast<const sockaddr*>(&peer);
  const AddressStyle style = v.s6 ? AddressStyle::skalibs : AddressStyle::libc;
  Connection c;
  c.client = client_at(remote);
  c.key = address_text(remote, style);
  const std::string port = std::to_string(port_of(remote));
  c.shown = v.s6 ? c.key + "_" + port : c.key + " " + port;
  c.env.emplace_back("PROTO", "TCP");
  if (v.s6) {
    c.env.emplace_back("TCPLOCALIP", v.listener_ip);
    c.env.emplace_back("TCPLOCALPORT", v.listener_port);
  } else {
    sockaddr_storage local{};
    socklen_t local_len = sizeof local;
    if (ctx.system->getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) < 0) {
      ctx.warn(with_errno("unable to read the connection's local address", errno));
      return std::nullopt;
    }
    c.local_family = local.ss_family;
    c.env.emplace_back("TCPLOCALIP", address_text(reinterpret_cast<sockaddr*>(&local), style));
    c.env.emplace_back("TCPLOCALPORT", std::to_string(port_of(reinterpret_cast<sockaddr*>(&local))));
  }
  c.env.emplace_back("TCPREMOTEIP", c.key);
  c.env.emplace_back("TCPREMOTEPORT", port);
  if (!v.s6) {
    c.env.emplace_back("TCPLOCALHOST", v.localname);
    for (const char* unset : {"TCPLOCALINFO", "TCPREMOTEHOST", "TCPREMOTEINFO"}) c.env.emplace_back(unset, std::nullopt);
  }
  return c;
}

std::optional<Connection> unix_connection(Context& ctx, int fd, const sockaddr_storage& peer, socklen_t len,
                                          const UnixVariables& v) {
  Connection c;
  ucred cred{};
  if (v.credentials && ctx.system->peer_credentials(fd, &cred) < 0) {
    ctx.warn(with_errno("unable to read the client's credentials", errno));
    return std::nullopt;
  }
  if (v.credentials) {
    c.client.has_ids = true;
    c.client.uid = cred.uid;
    c.client.gid = cred.gid;
    c.key = std::to_string(cred.uid);
    c.shown = "uid " + std::to_string(cred.uid) + " gid " + std::to_string(cred.gid) + " pid " + std::to_string(cred.pid);
  } else {
    c.key = "?";
    c.shown = "uid ? gid ?";
  }
  const auto remote_path = unix_path(peer, len);
  if (v.s6) {
    c.env.emplace_back("PROTO", "IPC");
    const auto id = [&](unsigned n) { return v.credentials ? std::optional<std::string>(std::to_string(n)) : std::nullopt; };
    c.env.emplace_back("IPCREMOTEEUID", id(cred.uid));
    c.env.emplace_back("IPCREMOTEEGID", id(cred.gid));
    c.env.emplace_back("IPCREMOTEPATH", remote_path.value_or(""));
    return c;
  }
  std::optional<std::string> local_path = v.localname;
  if (!local_path) {
    sockaddr_storage local{};
    socklen_t local_len = sizeof local;
    if (ctx.system->getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) == 0)
      local_path = unix_path(local, local_len);
  }
  c.env.emplace_back("PROTO", "UNIX");
  c.env.emplace_back("UNIXLOCALPATH", local_path);
  for (const char* unset : {"UNIXLOCALUID", "UNIXLOCALGID", "UNIXLOCALPID"}) c.env.emplace_back(unset, std::nullopt);
  c.env.emplace_back("UNIXREMOTEPATH", remote_path);
  c.env.emplace_back("UNIXREMOTEPID", std::to_string(cred.pid));
  c.env.emplace_back("UNIXREMOTEEUID", std::to_string(cred.uid));
  c.env.emplace_back("UNIXREMOTEEGID", std::to_string(cred.gid));
  return c;
}

}  // namespace chainscript
