// What s6-tcpserver-socketbinder, s6-tcpserver4-socketbinder and
// s6-tcpserver6-socketbinder share (s6-networking's interface): an IP socket
// bound at ip:port on fd 0, listening unless -m (UDP), nonblocking unless -B.
#pragma once
#include "builtins/builtin.hpp"

namespace chainscript {

inline constexpr OptionSpec tcpserver_binder_options[] = {
    {'d', "", "", "allow the address to be reused (SO_REUSEADDR, the default)", 1},
    {'D', "", "", "do not allow it", 1},
    {'b', "", "backlog", "the listen queue's length (0: do not listen)"},
    {'M', "", "", "a stream (TCP) socket (the default)", 2},
    {'m', "", "", "a datagram (UDP) socket", 2},
    {'B', "", "", "leave the socket blocking"},
};

// family: AF_INET, AF_INET6, or AF_UNSPEC for either.
Invocation parse_tcpserver_binder(Cursor& c, const Builtin& b, int family);

}  // namespace chainscript
