// What tcp-socket-listen and udp-socket-listen share (seed 001): their
// common options, and opening, configuring, binding (and for TCP, listening
// on) the socket before it goes to fd 3+n.
#pragma once
#include "builtins/socket_activation.hpp"

namespace chainscript {

inline constexpr OptionSpec inet_listener_options[] = {
    {'\x01', "no-reuse-address", "", "do not set SO_REUSEADDR"},
    {'\x02', "reuse-port", "", "set SO_REUSEPORT"},
    {'\x03', "bind-to-any", "", "bind even to an address not (yet) on the host (IP_FREEBIND)"},
    {'H', "numeric-host", "", "host is an address, not a name to look up"},
    {'\x05', "numeric-service", "", "service is a port number, not a name to look up"},
    {'\x06', "check-interfaces", "", "only addresses of configured families (AI_ADDRCONFIG)"},
    {'\x07', "combine4and6", "", "an IPv6 socket takes IPv4 too (IPV6_V6ONLY off)"},
    {'\x08', "receive-buffer-size", "bytes", "SO_RCVBUF"},
    {'\x09', "send-buffer-size", "bytes", "SO_SNDBUF"},
    {'\x0a', "bind-to-device", "interface", "SO_BINDTODEVICE"},
    {'\x0b', "mark", "n", "SO_MARK"},
    {'\x0c', "transparent", "", "IP_TRANSPARENT"},
};

Invocation parse_inet_listener(Cursor& c, const Builtin& b, int type);

}  // namespace chainscript
