// setpgrp prog... (nosh): makes this process the leader of a new process group.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace setpgrp_parts {

Invocation parse(Cursor&, const Builtin&) {
  return [](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->setpgid(0, 0) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a process group");
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
