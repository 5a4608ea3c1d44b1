#include "builtins/s6_tcpserver_binder.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include "builtins/socket_activation.hpp"
#include "interp/describe.hpp"

namespace chainscript {

Invocation parse_tcpserver_binder(Cursor& c, const Builtin& b, int family) {
  bool reuse = true, blocking = false;
  int type = SOCK_STREAM, backlog = SOMAXCONN;
  for (const auto& o : parse_options(c, b)) {
    switch (o.key) {
      case 'd': reuse = true; break;
      case 'D': reuse = false; break;
      case 'b': backlog = static_cast<int>(parse_number(o.word(), b, "backlog", 0x7fffffff)); break;
      case 'M': type = SOCK_STREAM; break;
      case 'm': type = SOCK_DGRAM; break;
      case 'B': blocking = true; break;
    }
  }
  const Word ip = take_arg(c, b, "IP");
  const unsigned short port = static_cast<unsigned short>(parse_number(take_arg(c, b, "PORT"), b, "PORT", 65535));
  sockaddr_storage addr{};
  socklen_t len = 0;
  in_addr a4{};
  in6_addr a6{};
  if (!ip.known) {
    addr.ss_family = AF_INET;  // validation: known when it runs
  } else if (family != AF_INET6 && inet_pton(AF_INET, ip.text.c_str(), &a4) == 1) {
    auto* in = reinterpret_cast<sockaddr_in*>(&addr);
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    in->sin_addr = a4;
    len = sizeof *in;
  } else if (family != AF_INET && inet_pton(AF_INET6, ip.text.c_str(), &a6) == 1) {
    auto* in = reinterpret_cast<sockaddr_in6*>(&addr);
    in->sin6_family = AF_INET6;
    in->sin6_port = htons(port);
    in->sin6_addr = a6;
    len = sizeof *in;
  } else {
    usage_error(ip.at, b, "not an IP address" + std::string(family == AF_INET ? " (IPv4)" : family == AF_INET6 ? " (IPv6)" : "") + ": " + ip.text);
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    auto* sys = ctx.system;
    const std::string shown = describe_address(reinterpret_cast<const sockaddr*>(&addr), len);
    UniqueFd socket(*sys, sys->socket(addr.ss_family, type, 0));
    if (!socket.valid()) ctx.fail_errno(exit_code::system_call, "unable to create a socket for " + shown);
    const int fd = socket.get();
    if (reuse) set_option(ctx, fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
    if (addr.ss_family == AF_INET6) set_option(ctx, fd, IPPROTO_IPV6, IPV6_V6ONLY, 1, "IPV6_V6ONLY");
    if (sys->bind(fd, reinterpret_cast<const sockaddr*>(&addr), len) < 0) ctx.fail_errno(exit_code::system_call, "bind " + shown);
    if (type == SOCK_STREAM && backlog > 0 && sys->listen(fd, backlog) < 0) ctx.fail_errno(exit_code::system_call, "listen " + shown);
    if (!blocking && sys->set_nonblocking(fd, true) < 0) ctx.fail_errno(exit_code::system_call, "unable to make the socket nonblocking");
    if (socket.place(0) < 0) ctx.fail_errno(exit_code::system_call, "unable to move the socket to fd 0");
    return {};
  };
}

}  // namespace chainscript
