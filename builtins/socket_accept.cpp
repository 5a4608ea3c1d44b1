#include "builtins/socket_accept.hpp"

#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>

#include "builtins/socket_activation.hpp"
#include "builtins/ucspi_environment.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

namespace {

// fd 3, or those LISTEN_FDS names for this process.
std::vector<int> listeners(Context& ctx) {
  const auto n = declared_listening_fds(ctx);
  if (!n) return {3};
  if (*n == 0) ctx.fail(exit_code::system_call, "LISTEN_FDS is 0: no listening socket to accept on");
  std::vector<int> out;
  for (int fd = 3; fd < 3 + static_cast<int>(*n); ++fd) out.push_back(fd);
  return out;
}

}  // namespace

Invocation parse_socket_accept(Cursor& c, const Builtin& b, AcceptedSocket kind) {
  AcceptorSettings s;
  std::optional<std::string> localname;
  bool keepalive = false, no_delay = false, kill_ip_options = true;
  for (const auto& o : parse_options(c, b)) {
    if (acceptor_option(o, s, kind == AcceptedSocket::local, b)) continue;
    switch (o.key) {
      case 'v': s.verbosity = 2; break;
      case 'c': {
        // nosh reads its numbers as C does (0x10, 010).
        const auto n = !o.known ? std::optional<Number>(0)
                       : c.rules().nosh() ? c_number(o.value, 1000000) : decimal_number(o.value, 1000000);
        if (!n) usage_error(o.at, b, "--connection-limit: \"" + o.value + "\" is not a number up to 1000000");
        s.max_connections = static_cast<unsigned>(*n);
        break;
      }
      case 'l': localname = o.value; break;
      case 'k': keepalive = true; break;
      case '\x1a': keepalive = false; break;
      case 'o': kill_ip_options = false; break;
      case 'D': no_delay = true; break;
    }
  }
  s.unset_in_child = {"LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"};
  if (kind == AcceptedSocket::tcp) {
    s.prepare = [=](Context& ctx, int fd, const Connection& c) {
      if (keepalive) set_option(ctx, fd, SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE");
      if (no_delay) set_option(ctx, fd, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
      // Source routes and the like a client put in its IPv4 packets are
      // dropped (as tcpserver does), unless -o.
      if (kill_ip_options && c.local_family == AF_INET &&
          ctx.system->setsockopt(fd, IPPROTO_IP, IP_OPTIONS, nullptr, 0, "IP_OPTIONS=none") < 0)
        ctx.fail_errno(exit_code::system_call, "unable to clear IP_OPTIONS");
    };
  }
  return [s, localname, kind](Context& ctx, Cursor& rest) -> Flow {
    AcceptorSettings run = s;
    run.listeners = listeners(ctx);
    if (kind == AcceptedSocket::tcp) {
      const TcpVariables v{false, localname, {}, {}};
      return accept_connections(ctx, rest, run, [v](Context& cx, int fd, const sockaddr_storage& peer, socklen_t len) {
        return tcp_connection(cx, fd, peer, len, v);
      });
    }
    const UnixVariables v{false, localname, true};
    return accept_connections(ctx, rest, run, [v](Context& cx, int fd, const sockaddr_storage& peer, socklen_t len) {
      return unix_connection(cx, fd, peer, len, v);
    });
  };
}

}  // namespace chainscript
