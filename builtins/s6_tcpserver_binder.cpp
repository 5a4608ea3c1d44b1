#include "builtins/s6_tcpserver_binder.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include "builtins/socket_activation.hpp"
#include "interp/describe.hpp"

namespace chainscript {

Invocation parse_tcpserver_binder(Cursor& c, const Builtin& b, int family) {
  SocketBinder binder;
  for (const auto& o : parse_options(c, b)) socketbinder_option(o, binder, b);
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
    // The address as an error message shows it, made only for one.
    const auto shown = [&] { return describe_address(reinterpret_cast<const sockaddr*>(&addr), len); };
    UniqueFd socket(*sys, sys->socket(addr.ss_family, binder.type, 0));
    if (!socket.valid()) ctx.fail_errno(exit_code::system_call, "unable to create a socket for " + shown());
    const int fd = socket.get();
    if (binder.reuse) set_option(ctx, fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
    if (addr.ss_family == AF_INET6) set_option(ctx, fd, IPPROTO_IPV6, IPV6_V6ONLY, 1, "IPV6_V6ONLY");
    if (sys->bind(fd, reinterpret_cast<const sockaddr*>(&addr), len) < 0) ctx.fail_errno(exit_code::system_call, "bind " + shown());
    if (binder.type == SOCK_STREAM && listen_as_asked(ctx, fd, binder) < 0)
      ctx.fail_errno(exit_code::system_call, "listen " + shown());
    place_on_fd0(ctx, socket, binder);
    return {};
  };
}

}  // namespace chainscript
