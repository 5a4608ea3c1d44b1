#include "builtins/s6_serverd.hpp"

#include <cerrno>

#include "builtins/ucspi_environment.hpp"

namespace chainscript {

Invocation parse_s6_serverd(Cursor& c, const Builtin& b, ServedSocket kind) {
  AcceptorSettings s;
  bool ready_line = false;
  unsigned per_client = 40;
  bool credentials = true;
  for (const auto& o : parse_options(c, b)) {
    if (acceptor_option(o, s, kind == ServedSocket::ipc, b)) continue;
    switch (o.key) {
      case '1': ready_line = true; break;
      case 'v': s.verbosity = static_cast<int>(parse_number(o.word(), b, "verbosity", 1000000)); break;
      // s6 takes a limit of 0 as 1 and caps it at 16384.
      case 'c': s.max_connections = std::clamp<unsigned>(static_cast<unsigned>(parse_number(o.word(), b, "maxconn")), 1, 16384); break;
      case 'C': per_client = static_cast<unsigned>(parse_number(o.word(), b, "localmaxconn")); break;
      case 'P': credentials = false; break;
      case 'p': credentials = true; break;
    }
  }
  // More per client than in all is the limit in all; without credentials
  // every client is one client.
  s.max_per_client = credentials ? std::min(per_client, s.max_connections) : s.max_connections;
  s.listeners = {0};
  s.exit_on_term = true;
  s.s6_signals = true;
  s.count_clients = credentials;
  s.connection_number_variable = kind == ServedSocket::tcp ? "TCPCONNNUM" : "IPCCONNNUM";
  return [s, ready_line, credentials, kind](Context& ctx, Cursor& rest) -> Flow {
    AcceptorSettings run = s;
    System& sys = *ctx.system;
    sockaddr_storage local{};
    socklen_t len = sizeof local;
    if (sys.getsockname(0, reinterpret_cast<sockaddr*>(&local), &len) < 0) {
      if (errno == ENOTSOCK) ctx.fail(exit_code::usage, "stdin is not a socket");
      ctx.fail_errno(exit_code::system_call, "unable to read the address of the socket on stdin");
    }
    if (ready_line) {
      if (kind == ServedSocket::ipc && !sys.is_open(1)) ctx.fail(exit_code::usage, "-1: stdout is not open");
      run.notification_fd = 1;
      run.notification_text = kind == ServedSocket::tcp ? std::to_string(port_of(reinterpret_cast<sockaddr*>(&local))) + "\n" : "\n";
    } else if (sys.is_open(1)) {
      sys.close(1);  // as s6's: the server's stdout is nobody's
    }
    if (kind == ServedSocket::tcp) {
      TcpVariables v;
      v.s6 = true;
      v.listener_ip = address_text(reinterpret_cast<sockaddr*>(&local), AddressStyle::skalibs);
      v.listener_port = std::to_string(port_of(reinterpret_cast<sockaddr*>(&local)));
      return accept_connections(ctx, rest, run, [v](Context& cx, int fd, const sockaddr_storage& peer, socklen_t n) {
        return tcp_connection(cx, fd, peer, n, v);
      });
    }
    const UnixVariables v{true, std::nullopt, credentials};
    return accept_connections(ctx, rest, run, [v](Context& cx, int fd, const sockaddr_storage& peer, socklen_t n) {
      return unix_connection(cx, fd, peer, n, v);
    });
  };
}

}  // namespace chainscript
