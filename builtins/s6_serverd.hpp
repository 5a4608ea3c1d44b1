// What s6-tcpserverd (s6-networking) and s6-ipcserverd (s6) share (issue 10):
// -1, -v, -c, -C, the listening socket on fd 0, and s6's signals: TERM
// ends the server (0), HUP ends the connections (TERM and CONT), QUIT both,
// ABRT kills the connections (KILL) and ends the server.
#pragma once
#include "builtins/acceptor.hpp"

namespace chainscript {

inline constexpr OptionSpec s6_serverd_options[] = {
    {'1', "", "", "once accepting, write a line to stdout (the port for TCP) and close it"},
    {'v', "", "verbosity", "0: fatal errors only; 1: problems (default); 2: each connection too"},
    {'c', "", "maxconn", "at most maxconn connections at once (default 40, at most 16384)"},
    {'C', "", "localmaxconn", "at most localmaxconn at once from one client: an address, a uid (default 40)"},
};

enum class ServedSocket { tcp, ipc };
Invocation parse_s6_serverd(Cursor& c, const Builtin& b, ServedSocket kind);

}  // namespace chainscript
