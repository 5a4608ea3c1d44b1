// tcp-socket-listen and udp-socket-listen: seed 001. They differ only in
// socket type, listen() and a few options.
#include "socket_activation.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <net/if.h>

#include <cerrno>
#include <cstring>

namespace chainscript {

namespace {

enum Key : char {
  no_reuse_address = 'A', reuse_port, bind_to_any, numeric_host, numeric_service, check_interfaces,
  combine4and6, backlog, receive_buffer, send_buffer, bind_to_device, keepalive, no_delay,
  defer_accept, fastopen, mark, transparent, broadcast, packet_info
};

struct InetOptions {
  bool reuse_address = true, reuse_port = false, freebind = false, numeric_host = false, numeric_service = false,
       check_interfaces = false, combine = false, keepalive = false, no_delay = false, transparent = false,
       broadcast = false, packet_info = false;
  int backlog = 5;
  std::optional<int> rcvbuf, sndbuf, defer_accept, fastopen, mark;
  std::string device;
  Activation activation;
};

int int_value(const Option& o, const Builtin& b, std::string_view what) {
  return static_cast<int>(parse_number({o.value, o.at}, b, what, 0x7fffffff));
}

}  // namespace

namespace {

Action parse_inet_listener(Cursor& c, const Builtin& b, int type) {
  const bool tcp = type == SOCK_STREAM;
  std::vector<OptionSpec> specs = {
      {no_reuse_address, "no-reuse-address", false, false}, {reuse_port, "reuse-port", false, false},
      {bind_to_any, "bind-to-any", false, false},           {numeric_host, "numeric-host", false, false},
      {numeric_service, "numeric-service", false, false},   {check_interfaces, "check-interfaces", false, false},
      {combine4and6, "combine4and6", false, false},         {receive_buffer, "receive-buffer-size", true, false},
      {send_buffer, "send-buffer-size", true, false},       {bind_to_device, "bind-to-device", true, false},
      {mark, "mark", true, false},                          {transparent, "transparent", false, false},
  };
  if (tcp) {
    specs.push_back({backlog, "backlog", true, false});
    specs.push_back({'b', "backlog", true, true});
    specs.push_back({keepalive, "keepalive", false, false});
    specs.push_back({no_delay, "no-delay", false, false});
    specs.push_back({defer_accept, "defer-accept", true, false});
    specs.push_back({fastopen, "fastopen", true, false});
  } else {
    specs.push_back({broadcast, "broadcast", false, false});
    specs.push_back({packet_info, "pass-packet-info", false, false});
  }
  specs.insert(specs.end(), std::begin(activation_specs), std::end(activation_specs));
  InetOptions o;
  for (const auto& opt : parse_options(c, b, specs, OptionStyle::gnu)) {
    if (activation_option(opt, o.activation, b)) continue;
    switch (opt.key) {
      case no_reuse_address: o.reuse_address = false; break;
      case reuse_port: o.reuse_port = true; break;
      case bind_to_any: o.freebind = true; break;
      case numeric_host: o.numeric_host = true; break;
      case numeric_service: o.numeric_service = true; break;
      case check_interfaces: o.check_interfaces = true; break;
      case combine4and6: o.combine = true; break;
      case 'b':
      case backlog: o.backlog = int_value(opt, b, "--backlog"); break;
      case receive_buffer: o.rcvbuf = int_value(opt, b, "--receive-buffer-size"); break;
      case send_buffer: o.sndbuf = int_value(opt, b, "--send-buffer-size"); break;
      case bind_to_device:
        if (opt.value.empty() || opt.value.size() >= IFNAMSIZ) usage_error(opt.at, b, "bad interface name \"" + opt.value + "\"");
        o.device = opt.value;
        break;
      case keepalive: o.keepalive = true; break;
      case no_delay: o.no_delay = true; break;
      case defer_accept: o.defer_accept = int_value(opt, b, "--defer-accept"); break;
      case fastopen: o.fastopen = int_value(opt, b, "--fastopen"); break;
      case mark: o.mark = int_value(opt, b, "--mark"); break;
      case transparent: o.transparent = true; break;
      case broadcast: o.broadcast = true; break;
      case packet_info: o.packet_info = true; break;
    }
  }
  const Word host = take_arg(c, b, "HOST");
  const Word service = take_arg(c, b, "SERVICE");
  if (o.numeric_service && service.text.find_first_not_of("0123456789") != std::string::npos)
    usage_error(service.at, b, "--numeric-service needs a port number, not \"" + service.text + "\"");
  return [=](Context& ctx, Cursor&) -> Flow {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = type;
    hints.ai_flags = AI_PASSIVE | (o.numeric_host ? AI_NUMERICHOST : 0) | (o.numeric_service ? AI_NUMERICSERV : 0) |
                     (o.check_interfaces ? AI_ADDRCONFIG : 0);
    addrinfo* found = nullptr;
    const std::string where = host.text + " " + service.text;
    // Read-only look-up: done for real in dry-run too, so the plan shows the address.
    if (const int e = getaddrinfo(host.text.empty() ? nullptr : host.text.c_str(), service.text.c_str(), &hints, &found))
      ctx.fail(exit_code::system_call, "unable to resolve " + where + ": " + gai_strerror(e));
    sockaddr_storage addr{};
    const socklen_t len = found->ai_addrlen;
    std::memcpy(&addr, found->ai_addr, len);
    const int family = found->ai_family;
    freeaddrinfo(found);
    const std::string shown = describe_address(reinterpret_cast<sockaddr*>(&addr), len);

    auto* sys = ctx.system;
    const int fd = sys->socket(family, type, 0);
    if (fd < 0) ctx.fail_errno(exit_code::system_call, "unable to create a socket for " + shown);
    const bool v6 = family == AF_INET6;
    if (o.reuse_address) set_option(ctx, fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
    if (o.reuse_port) set_option(ctx, fd, SOL_SOCKET, SO_REUSEPORT, 1, "SO_REUSEPORT");
    if (v6) set_option(ctx, fd, IPPROTO_IPV6, IPV6_V6ONLY, o.combine ? 0 : 1, "IPV6_V6ONLY");
    if (o.freebind)
      set_option(ctx, fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_FREEBIND : IP_FREEBIND, 1,
                 v6 ? "IPV6_FREEBIND" : "IP_FREEBIND");
    if (o.transparent)
      set_option(ctx, fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_TRANSPARENT : IP_TRANSPARENT, 1,
                 v6 ? "IPV6_TRANSPARENT" : "IP_TRANSPARENT");
    if (o.rcvbuf) set_option(ctx, fd, SOL_SOCKET, SO_RCVBUF, *o.rcvbuf, "SO_RCVBUF");
    if (o.sndbuf) set_option(ctx, fd, SOL_SOCKET, SO_SNDBUF, *o.sndbuf, "SO_SNDBUF");
    if (o.mark) set_option(ctx, fd, SOL_SOCKET, SO_MARK, *o.mark, "SO_MARK");
    if (o.keepalive) set_option(ctx, fd, SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE");
    if (o.no_delay) set_option(ctx, fd, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
    if (o.defer_accept) set_option(ctx, fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, *o.defer_accept, "TCP_DEFER_ACCEPT");
    if (o.fastopen) set_option(ctx, fd, IPPROTO_TCP, TCP_FASTOPEN, *o.fastopen, "TCP_FASTOPEN");
    if (o.broadcast) set_option(ctx, fd, SOL_SOCKET, SO_BROADCAST, 1, "SO_BROADCAST");
    if (o.packet_info)
      set_option(ctx, fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_RECVPKTINFO : IP_PKTINFO, 1,
                 v6 ? "IPV6_RECVPKTINFO" : "IP_PKTINFO");
    if (!o.device.empty() &&
        sys->setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, o.device.c_str(), static_cast<socklen_t>(o.device.size()),
                        "SO_BINDTODEVICE=" + o.device) < 0)
      fail_closing(ctx, fd, "unable to bind to device " + o.device);
    if (sys->bind(fd, reinterpret_cast<sockaddr*>(&addr), len, shown) < 0)
      fail_closing(ctx, fd, "bind " + shown);
    if (type == SOCK_STREAM && sys->listen(fd, o.backlog) < 0) fail_closing(ctx, fd, "listen " + shown);
    place_listener(ctx, fd, o.activation);
    return {};
  };
}

}  // namespace

Action parse_tcp_socket_listen(Cursor& c, const Builtin& b) { return parse_inet_listener(c, b, SOCK_STREAM); }

Action parse_udp_socket_listen(Cursor& c, const Builtin& b) { return parse_inet_listener(c, b, SOCK_DGRAM); }

}  // namespace chainscript
