// setsid / s6-setsid [ -s | -b | -f | -g ] [ -i | -I | -q ], setpgrp: sessions
// and process groups.
#include <signal.h>
#include <unistd.h>

#include "builtin.hpp"

namespace chainscript {

Action parse_setsid(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'s', ""}, {'b', ""}, {'f', ""}, {'g', ""}, {'i', ""}, {'I', ""}, {'q', ""}};
  char mode = 's';       // s: a session; b: a background group; f, g: a group given the terminal
  char on_failure = 'I';  // i: fail; I: warn and go on; q: go on quietly
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (std::string_view("sbfg").find(o.key) != std::string_view::npos) mode = o.key;
    else on_failure = o.key;
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    auto* sys = ctx.system;
    const bool ok = mode == 's' ? sys->setsid() >= 0 : sys->setpgid(0, 0) >= 0;
    if (ok && (mode == 'f' || mode == 'g') && !sys->simulated() && ::isatty(0)) {
      // Take the terminal for the new group; SIGTTOU would stop us meanwhile.
      struct sigaction ignore {}, old {};
      ignore.sa_handler = SIG_IGN;
      ::sigaction(SIGTTOU, &ignore, &old);
      ::tcsetpgrp(0, ::getpgrp());
      ::sigaction(SIGTTOU, &old, nullptr);
    }
    if (ok) return {};
    const std::string what = mode == 's' ? "unable to create a session" : "unable to create a process group";
    if (on_failure == 'i') ctx.fail_errno(exit_code::system_call, what);
    if (on_failure == 'I') {
      const std::string line = "chainscript: " + to_string(ctx.at) + ": " + ctx.builtin + ": warning: " +
                               with_errno(what, errno) + "\n";
      (void)!::write(2, line.data(), line.size());
    }
    return {};
  };
}

Action parse_setpgrp(Cursor&, const Builtin&) {
  return [](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->setpgid(0, 0) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a process group");
    return {};
  };
}

}  // namespace chainscript
