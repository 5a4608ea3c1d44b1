// What s6-tcpserver-socketbinder, s6-tcpserver4-socketbinder and
// s6-tcpserver6-socketbinder share (s6-networking's interface): an IP socket
// bound at ip:port on fd 0, listening unless -m (UDP), nonblocking unless -B.
#pragma once
#include "builtins/s6_socketbinder.hpp"

namespace chainscript {

// family: AF_INET, AF_INET6, or AF_UNSPEC for either.
Invocation parse_tcpserver_binder(Cursor& c, const Builtin& b, int family);

}  // namespace chainscript
