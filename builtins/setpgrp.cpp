// setpgrp prog... (nosh): makes this process the leader of a new process
// group; one that already leads a group is left as it is (nosh's manual).
#include <cerrno>

#include "builtins/builtin.hpp"

namespace chainscript {

namespace setpgrp_parts {

Invocation parse(Cursor&, const Builtin&) {
  return [](Context& ctx, Cursor&) -> Flow {
    // EPERM from setpgid(0, 0) means a session leader, which leads its group
    // already: nosh makes no call then, and goes on.
    if (ctx.system->setpgid(0, 0) < 0 && errno != EPERM)
      ctx.fail_errno(exit_code::system_call, "unable to create a process group");
    return {};
  };
}

}  // namespace setpgrp_parts

extern const Builtin setpgrp_builtin{
    .name = "setpgrp",
    .summary = "become a process group leader",
    .operands = "prog...",
    .facts = needs_program,
    .parse = setpgrp_parts::parse,
};

}  // namespace chainscript
