// What a connection's child is told (issue 10): the UCSPI variables, each
// accepting builtin exactly its manual's set.
//   tcp-socket-accept (nosh): PROTO=TCP, TCPLOCALIP/PORT of the connection,
//     TCPREMOTEIP/PORT, TCPLOCALHOST from --localname; TCPLOCALINFO,
//     TCPREMOTEHOST, TCPREMOTEINFO unset. Addresses as inet_ntop(3) writes
//     them (an IPv4-mapped peer: ::ffff:1.2.3.4).
//   s6-tcpserverd: PROTO=TCP, TCPLOCALIP/PORT of the listening socket,
//     TCPREMOTEIP/PORT, TCPCONNNUM; IPv6 never with a dotted quad
//     (::ffff:102:304), as s6 writes it.
//   local-*-socket-accept (nosh): PROTO=UNIX, UNIXLOCALPATH, UNIXREMOTEPATH
//     (unset for an unnamed or abstract socket), UNIXREMOTEPID, UNIXREMOTEEUID,
//     UNIXREMOTEEGID (SO_PEERCRED); UNIXLOCALUID/GID/PID unset.
//   s6-ipcserverd: PROTO=IPC, IPCREMOTEEUID, IPCREMOTEEGID (unset with -P),
//     IPCREMOTEPATH (empty for an unnamed peer), IPCCONNNUM.
#pragma once
#include <sys/socket.h>

#include <optional>
#include <string>

#include "builtins/acceptor.hpp"

namespace chainscript {

enum class AddressStyle {
  libc,     // inet_ntop(3)
  skalibs,  // hexadecimal groups only
};
std::string address_text(const sockaddr* addr, AddressStyle style);
unsigned port_of(const sockaddr* addr);

struct TcpVariables {
  bool s6 = false;
  std::optional<std::string> localname;    // nosh: TCPLOCALHOST
  std::string listener_ip, listener_port;  // s6: the listening socket's, once
};
std::optional<Connection> tcp_connection(Context& ctx, int fd, const sockaddr_storage& peer, socklen_t len,
                                         const TcpVariables& v);

struct UnixVariables {
  bool s6 = false;
  std::optional<std::string> localname;  // nosh: UNIXLOCALPATH
  bool credentials = true;               // s6-ipcserverd -P: none
};
std::optional<Connection> unix_connection(Context& ctx, int fd, const sockaddr_storage& peer, socklen_t len,
                                          const UnixVariables& v);

}  // namespace chainscript
