#include "builtins/inet_listener.hpp"

#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "interp/describe.hpp"
#include "interp/lookups.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

namespace {

struct InetOptions {
  bool reuse_address = true, reuse_port = false, freebind = false, numeric_host = false, numeric_service = false,
       check_interfaces = false, combine = false, keepalive = false, no_delay = false, transparent = false,
       broadcast = false, packet_info = false;
  int backlog = 5;
  std::optional<int> rcvbuf, sndbuf, defer_accept, fastopen, mark;
  std::string device;
  Activation activation;
};

int int_value(const Option& o, const Builtin& b, std::string_view what, const Cursor& c) {
  return static_cast<int>(parse_number(o.word(), b, what, 0x7fffffff, c));
}

}  // namespace

Invocation parse_inet_listener(Cursor& c, const Builtin& b, int type) {
  InetOptions o;
  bool names_known = true;
  for (const auto& opt : parse_options(c, b)) {
    names_known &= opt.known;
    if (activation_option(opt, o.activation, b)) continue;
    switch (opt.key) {
      case '\x01': o.reuse_address = false; break;
      case '\x02': o.reuse_port = true; break;
      case '\x03': o.freebind = true; break;
      case 'H': o.numeric_host = true; break;
      case '\x05': o.numeric_service = true; break;
      case '\x06': o.check_interfaces = true; break;
      case '\x07': o.combine = true; break;
      case '\x08': o.rcvbuf = int_value(opt, b, "--receive-buffer-size", c); break;
      case '\x09': o.sndbuf = int_value(opt, b, "--send-buffer-size", c); break;
      case '\x0a':
        if (opt.known && (opt.value.empty() || opt.value.size() >= IFNAMSIZ))
          usage_error(opt.at, b, "bad interface name \"" + opt.value + "\"");
        o.device = opt.value;
        break;
      case '\x0b': o.mark = int_value(opt, b, "--mark", c); break;
      case '\x0c': o.transparent = true; break;
      case 'b': o.backlog = int_value(opt, b, "--backlog", c); break;
      case '\x0d': o.keepalive = true; break;
      case '\x0e': o.no_delay = true; break;
      case '\x0f': o.defer_accept = int_value(opt, b, "--defer-accept", c); break;
      case '\x10': o.fastopen = int_value(opt, b, "--fastopen", c); break;
      case '\x11': o.broadcast = true; break;
      case '\x12': o.packet_info = true; break;
    }
  }
  const Word host = take_arg(c, b, "HOST");
  const Word service = take_arg(c, b, "SERVICE");
  // nosh's tools leave the service to getaddrinfo(3): a failure when it runs.
  if (service.known && !c.rules().nosh_tools()) {
    const bool digits = all_decimal_digits(service.text);
    if (o.numeric_service && !digits) usage_error(service.at, b, "--numeric-service needs a port number, not \"" + service.text + "\"");
    if (digits && !decimal_number(service.text, 65535)) usage_error(service.at, b, "a port is 0 to 65535, not " + service.text);
  }
  const int flags = AI_PASSIVE | (o.numeric_host ? AI_NUMERICHOST : 0) | (o.numeric_service ? AI_NUMERICSERV : 0) |
                    (o.check_interfaces ? AI_ADDRCONFIG : 0);
  // The names, looked up (for real in a dry run too: the plan shows the address).
  const auto look_up = [=](Context& ctx) -> const Address& {
    if (!o.device.empty() && !ctx.lookups->interface(o.device)) ctx.fail(exit_code::system_call, "no interface named " + o.device);
    return ctx.lookups->address(host.text, service.text, type, flags, ctx);
  };
  Invocation i = [=](Context& ctx, Cursor&) -> Flow {
    const Address& a = look_up(ctx);
    // The address as an error message shows it, made only for one.
    const auto shown = [&] { return describe_address(a.get(), a.length); };
    auto* sys = ctx.system;
    UniqueFd socket(*sys, sys->socket(a.family, type, 0));
    if (!socket.valid()) ctx.fail_errno(exit_code::system_call, "unable to create a socket for " + shown());
    const int fd = socket.get();
    const bool v6 = a.family == AF_INET6;
    const int ip = v6 ? IPPROTO_IPV6 : IPPROTO_IP;
    if (o.reuse_address) set_option(ctx, fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
    if (o.reuse_port) set_option(ctx, fd, SOL_SOCKET, SO_REUSEPORT, 1, "SO_REUSEPORT");
    if (v6) set_option(ctx, fd, IPPROTO_IPV6, IPV6_V6ONLY, o.combine ? 0 : 1, "IPV6_V6ONLY");
    if (o.freebind) set_option(ctx, fd, ip, v6 ? IPV6_FREEBIND : IP_FREEBIND, 1, v6 ? "IPV6_FREEBIND" : "IP_FREEBIND");
    if (o.transparent)
      set_option(ctx, fd, ip, v6 ? IPV6_TRANSPARENT : IP_TRANSPARENT, 1, v6 ? "IPV6_TRANSPARENT" : "IP_TRANSPARENT");
    if (o.rcvbuf) set_option(ctx, fd, SOL_SOCKET, SO_RCVBUF, *o.rcvbuf, "SO_RCVBUF");
    if (o.sndbuf) set_option(ctx, fd, SOL_SOCKET, SO_SNDBUF, *o.sndbuf, "SO_SNDBUF");
    if (o.mark) set_option(ctx, fd, SOL_SOCKET, SO_MARK, *o.mark, "SO_MARK");
    if (o.keepalive) set_option(ctx, fd, SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE");
    if (o.no_delay) set_option(ctx, fd, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
    if (o.defer_accept) set_option(ctx, fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, *o.defer_accept, "TCP_DEFER_ACCEPT");
    if (o.fastopen) set_option(ctx, fd, IPPROTO_TCP, TCP_FASTOPEN, *o.fastopen, "TCP_FASTOPEN");
    if (o.broadcast) set_option(ctx, fd, SOL_SOCKET, SO_BROADCAST, 1, "SO_BROADCAST");
    if (o.packet_info) set_option(ctx, fd, ip, v6 ? IPV6_RECVPKTINFO : IP_PKTINFO, 1, v6 ? "IPV6_RECVPKTINFO" : "IP_PKTINFO");
    if (!o.device.empty() && sys->setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, o.device.c_str(),
                                             static_cast<socklen_t>(o.device.size()), "SO_BINDTODEVICE=" + o.device) < 0)
      ctx.fail_errno(exit_code::system_call, "unable to bind to device " + o.device);
    if (sys->bind(fd, a.get(), a.length) < 0) ctx.fail_errno(exit_code::system_call, "bind " + shown());
    if (type == SOCK_STREAM && sys->listen(fd, o.backlog) < 0) ctx.fail_errno(exit_code::system_call, "listen " + shown());
    place_listener(ctx, socket, o.activation);
    return {};
  };
  if (names_known && host.known && service.known) i.resolve = look_up;
  return i;
}

}  // namespace chainscript
