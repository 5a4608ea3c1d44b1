// setsid / s6-setsid, setpgrp: sessions and process groups.
#include "builtin.hpp"

namespace chainscript {

Action parse_setsid(Cursor& c, const Builtin& b) {
  // s6-setsid's -s -b -f -g -i -I -q: a new session is what run files want;
  // -g (a new process group only) is honoured, the others accepted.
  static constexpr OptionSpec specs[] = {{'s', ""}, {'b', ""}, {'f', ""}, {'g', ""}, {'i', ""}, {'I', ""}, {'q', ""}};
  bool group_only = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) group_only |= o.key == 'g';
  return [=](Context& ctx, Cursor&) -> Flow {
    if (group_only) {
      if (ctx.system->setpgid(0, 0) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a process group");
    } else if (ctx.system->setsid() < 0 && errno != EPERM) {  // EPERM: already a group leader
      ctx.fail_errno(exit_code::system_call, "unable to create a session");
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
