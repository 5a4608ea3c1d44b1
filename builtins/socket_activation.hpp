// What every listener shares (seeds 000 and 001): the socket goes to fd 3+n,
// n being the listening fds already placed, and the activation protocols are
// kept to the letter: systemd's LISTEN_FDS / LISTEN_PID / LISTEN_FDNAMES and
// upstart's UPSTART_FDS / UPSTART_EVENTS.
#pragma once
#include <sys/socket.h>

#include <optional>
#include <string>

#include "builtins/builtin.hpp"
#include "lib/unique_fd.hpp"

namespace chainscript {

struct Activation {
  bool systemd = false;
  bool upstart = false;
  std::optional<std::string> name;
};

// The options every listener takes (keys 29 to 31).
inline constexpr OptionSpec activation_options[] = {
    {'\x1d', "systemd-compatibility", "", "set LISTEN_FDS and LISTEN_PID (and LISTEN_FDNAMES with --name)"},
    {'\x1e', "upstart-compatibility", "", "set UPSTART_FDS and UPSTART_EVENTS=socket"},
    {'\x1f', "name", "name", "the fd's name in LISTEN_FDNAMES"},
};
// true if o was one of them.
bool activation_option(const Option& o, Activation& a, const Builtin& b);

// LISTEN_FDS when LISTEN_PID is our pid and both are well-formed (0 included),
// else nullopt: the fds passed to this process by socket activation.
std::optional<unsigned> declared_listening_fds(Context& ctx);
// Listening fds already placed: declared_listening_fds, or 0.
unsigned listening_fds(Context& ctx);

// Moves the socket to 3+n and updates the environment as the options ask.
void place_listener(Context& ctx, UniqueFd& socket, const Activation& a);

// A socket option that must take: fails the step (111) naming it otherwise.
void set_option(Context& ctx, int fd, int level, int name, int value, std::string_view what);

}  // namespace chainscript
