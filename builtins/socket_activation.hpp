// What every listener shares (seeds 000 and 001): the socket goes to fd 3+n,
// n being the listening fds already placed, and the activation protocols are
// kept to the letter: systemd's LISTEN_FDS / LISTEN_PID / LISTEN_FDNAMES and
// upstart's UPSTART_FDS / UPSTART_EVENTS.
#pragma once
#include <sys/socket.h>

#include <optional>
#include <string>
#include <vector>

#include "builtin.hpp"

namespace chainscript {

struct Activation {
  bool systemd = false;
  bool upstart = false;
  std::optional<std::string> name;
};

// The long options every listener takes: --systemd-compatibility,
// --upstart-compatibility, --name NAME. Returns true if o was one of them.
inline constexpr OptionSpec activation_specs[] = {
    {'\x01', "systemd-compatibility", false, false},
    {'\x02', "upstart-compatibility", false, false},
    {'\x03', "name", true, false},
};
bool activation_option(const Option& o, Activation& a, const Builtin& b);

// Listening fds already placed: LISTEN_FDS when LISTEN_PID is our pid and both
// are well-formed, else 0.
unsigned listening_fds(Context& ctx);

// Moves fd to 3+n and updates the environment as the options ask.
void place_listener(Context& ctx, int fd, const Activation& a);

// A socket option that must take: fails the step (111) naming it otherwise.
void set_option(Context& ctx, int fd, int level, int name, int value, std::string_view what);

// Closes fd and fails the step with errno's message (nothing left half-done).
[[noreturn]] void fail_closing(Context& ctx, int fd, const std::string& what);

}  // namespace chainscript
