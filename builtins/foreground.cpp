// foreground { prog1... } prog2... (nosh: foreground prog1... ; prog2...):
// runs prog1 in a child, waits for it, sets ? to its status (not in the nosh
// dialect), and goes on.
#include "builtins/if_family.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace foreground_parts {

constexpr OptionSpec options[] = {
    {'S', "separator", "alt", "prog1 ends at a word alt, not at ;", 0, in_chainscript | in_nosh},
};

Invocation parse(Cursor& c, const Builtin& b) {
  std::string separator = ";";
  for (const auto& o : parse_options(c, b)) separator = o.value;
  BlockRef block = take_chain_block_or_until(c, b, "PROGRAM", separator);
  return [block](Context& ctx, Cursor&) -> Flow {
    // A program that cannot be started is ? = 127 here, whatever the reason, as execline's foreground has it.
    const Spawned child = spawn_program(ctx, [&block](Context& c) { return run_block(block, c); });
    const int status = child.exec_errno ? 127 << 8 : wait_for(child.pid, ctx);
    if (!ctx.rules->nosh_tools()) ctx.setenv("?", question_mark(status));  // nosh sets no ?
    return {};
  };
}

}  // namespace foreground_parts

extern const Builtin foreground_builtin{
    .name = "foreground",
    .summary = "run a block, wait, set ? to its status",
    .style = OptionStyle::gnu,
    .options = foreground_parts::options,
    .operands = "{ prog1... } prog2...",
    .facts = nosh_needs_program,
    .parse = foreground_parts::parse,
};

}  // namespace chainscript
