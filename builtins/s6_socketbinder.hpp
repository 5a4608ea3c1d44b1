// What s6's socketbinders share (s6-ipcserver-socketbinder and the
// s6-tcpserver*-socketbinder family): their options, and the socket's end:
// listening unless the backlog is 0, nonblocking unless -B, on fd 0.
#pragma once
#include <sys/socket.h>

#include "builtins/builtin.hpp"
#include "lib/unique_fd.hpp"

namespace chainscript {

inline constexpr OptionSpec socketbinder_options[] = {
    {'d', "", "", "allow the address to be reused (SO_REUSEADDR, the default)", 1},
    {'D', "", "", "do not allow it", 1},
    {'b', "", "backlog", "the listen queue's length (0: do not listen)"},
    {'M', "", "", "a stream socket (the default)", 2},
    {'m', "", "", "a datagram socket", 2},
    {'B', "", "", "leave the socket blocking"},
};

struct SocketBinder {
  bool reuse = true, blocking = false;
  int type = SOCK_STREAM;
  int backlog = SOMAXCONN;
};
// false when o is none of -d -D -b -M -m -B.
bool socketbinder_option(const Option& o, SocketBinder& s, const Builtin& b);

// listen() unless the backlog is 0; -1 (errno) when it fails.
int listen_as_asked(Context& ctx, int fd, const SocketBinder& s);
// Nonblocking unless -B, then moved to fd 0.
void place_on_fd0(Context& ctx, UniqueFd& socket, const SocketBinder& s);

}  // namespace chainscript
