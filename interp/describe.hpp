// How values look in plans, traces and messages: addresses, open flags,
// signal sets. The one describer of System calls is reporting_system.cpp;
// these are the pieces it shares with builtins' messages.
#pragma once
#include <signal.h>
#include <sys/socket.h>

#include <string>

namespace chainscript {

// "0.0.0.0:8080", "[::1]:53", "/run/x.sock", "@abstract", "pid=0 groups=0x1".
// errno is as it was: a message about a failed call may be made after it.
std::string describe_address(const sockaddr* addr, socklen_t len);
// "O_WRONLY|O_CREAT|O_TRUNC"
std::string describe_open_flags(int flags);
// "SIGINT,SIGTERM"
std::string describe_signals(const sigset_t& set);
// "SIGTERM", or "signal 40"
std::string signal_name(int sig);

}  // namespace chainscript
