// local-reaper [ on | off ] prog... (nosh): nosh makes the process a
// subreaper; a run file's chain execs its daemon at once, so there is
// nothing to reap here: accepted, and noted in the plan.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace local_reaper_parts {

Invocation parse(Cursor& c, const Builtin&) {
  if (const Word* w = c.peek(); w && (w->text == "true" || w->text == "false" || w->text == "on" || w->text == "off"))
    c.take_word();
  return [](Context& ctx, Cursor&) -> Flow {
    ctx.system->report({"note", {{"ignored", "local-reaper: nothing to reap in one process"}}, {}, {}});
    return {};
  };
}

}  // namespace local_reaper_parts

extern const Builtin local_reaper_builtin{
    .name = "local-reaper",
    .summary = "accepted and ignored: nothing to reap in one process",
    .operands = "[ on | off ] prog...",
    .parse = local_reaper_parts::parse,
};

}  // namespace chainscript
