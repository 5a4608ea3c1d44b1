// s6-tcpserver4-socketbinder, s6-tcpserver6-socketbinder, s6-tcpserver-socketbinder
// [ -d | -D ] [ -b backlog ] [ -M | -m ] [ -B ] ip port prog...: an IP socket on
// fd 0 (s6's interface), nonblocking unless -B; -m makes it UDP, not listening.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include "socket_activation.hpp"

namespace chainscript {

namespace {

Action parse_tcpserver_binder(Cursor& c, const Builtin& b, int family) {
  static constexpr OptionSpec specs[] = {{'d', ""}, {'D', ""}, {'b', "", true}, {'M', ""}, {'m', ""}, {'B', ""}};
  bool reuse = true, blocking = false;
  int type = SOCK_STREAM, backlog = SOMAXCONN;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    switch (o.key) {
      case 'd': reuse = true; break;
      case 'D': reuse = false; break;
      case 'b': backlog = static_cast<int>(parse_number({o.value, o.at}, b, "backlog", 0x7fffffff)); break;
      case 'M': type = SOCK_STREAM; break;
      case 'm': type = SOCK_DGRAM; break;
      case 'B': blocking = true; break;
    }
  }
  const Word ip = take_arg(c, b, "IP");
  const Word port = take_arg(c, b, "PORT");
  const unsigned short p = static_cast<unsigned short>(parse_number(port, b, "PORT", 65535));
  sockaddr_storage addr{};
  socklen_t len = 0;
  in_addr a4{};
  in6_addr a6{};
  if (family != AF_INET6 && inet_pton(AF_INET, ip.text.c_str(), &a4) == 1) {
    auto* in = reinterpret_cast<sockaddr_in*>(&addr);
    in->sin_family = AF_INET;
    in->sin_port = htons(p);
    in->sin_addr = a4;
    len = sizeof *in;
  } else if (family != AF_INET && inet_pton(AF_INET6, ip.text.c_str(), &a6) == 1) {
    auto* in = reinterpret_cast<sockaddr_in6*>(&addr);
    in->sin6_family = AF_INET6;
    in->sin6_port = htons(p);
    in->sin6_addr = a6;
    len = sizeof *in;
  } else {
    usage_error(ip.at, b, "not an IP address" + std::string(family == AF_INET ? " (IPv4)" : family == AF_INET6 ? " (IPv6)" : "") + ": " + ip.text);
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    const std::string shown = describe_address(reinterpret_cast<const sockaddr*>(&addr), len);
    const int fd = ctx.system->socket(addr.ss_family, type, 0);
    if (fd < 0) ctx.fail_errno(exit_code::system_call, "unable to create a socket for " + shown);
    if (reuse) set_option(ctx, fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
    if (addr.ss_family == AF_INET6) set_option(ctx, fd, IPPROTO_IPV6, IPV6_V6ONLY, 1, "IPV6_V6ONLY");
    if (ctx.system->bind(fd, reinterpret_cast<const sockaddr*>(&addr), len, shown) < 0) fail_closing(ctx, fd, "bind " + shown);
    if (type == SOCK_STREAM && backlog > 0 && ctx.system->listen(fd, backlog) < 0) fail_closing(ctx, fd, "listen " + shown);
    if (!blocking && ctx.system->set_nonblocking(fd, true) < 0) fail_closing(ctx, fd, "unable to make the socket nonblocking");
    if (ctx.system->place(fd, 0) < 0) fail_closing(ctx, fd, "unable to move the socket to fd 0");
    return {};
  };
}

}  // namespace

Action parse_s6_tcpserver4_socketbinder(Cursor& c, const Builtin& b) { return parse_tcpserver_binder(c, b, AF_INET); }
Action parse_s6_tcpserver6_socketbinder(Cursor& c, const Builtin& b) { return parse_tcpserver_binder(c, b, AF_INET6); }
Action parse_s6_tcpserver_socketbinder(Cursor& c, const Builtin& b) { return parse_tcpserver_binder(c, b, AF_UNSPEC); }

}  // namespace chainscript
