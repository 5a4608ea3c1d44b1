// background [ -d ] { prog1... } prog2... (nosh: background prog1... & prog2...):
// runs prog1 in a child (with -d, a grandchild), sets ! to its pid (not in the
// nosh dialect), and goes on without waiting.
#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

namespace background_parts {

constexpr OptionSpec options[] = {
    {'d', "", "", "double fork: prog1 is a grandchild, no zombie is left to reap"},
    {'S', "separator", "alt", "prog1 ends at a word alt, not at &", 0, in_chainscript | in_nosh},
};

Invocation parse(Cursor& c, const Builtin& b) {
  std::string separator = "&";
  bool double_fork = false;
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'd') double_fork = true;
    else separator = o.value;
  }
  BlockRef block = take_chain_block_or_until(c, b, "PROGRAM", separator);
  return [=](Context& ctx, Cursor&) -> Flow {
    pid_t pid;
    if (!double_fork && ctx.rules->nosh_tools()) {
      // nosh forks: a program its child cannot execute is the child's
      // failure (reported there), and the chain goes on.
      pid = spawn_program(ctx, [&block](Context& child) { return run_block(block, child); }).pid;
    } else if (!double_fork) {
      pid = spawn_block(block, ctx);
    } else {  // the grandchild's pid comes back through a pipe
      int p[2];
      if (ctx.system->pipe(p) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
      const pid_t middle = spawn_program(ctx, [&](Context& mid) {
        mid.system->close(p[0]);
        // The grandchild must not hold the pipe: the parent reads it to its end.
        const pid_t g = spawn_program(mid, [&](Context& grandchild) {
          grandchild.system->close(p[1]);
          return run_block(block, grandchild);
        }).pid;
        return mid.system->write_all(p[1], std::to_string(g)) < 0 ? exit_code::system_call : 0;
      }).pid;
      ctx.system->close(p[1]);
      const auto text = ctx.system->read_all(p[0]);
      ctx.system->close(p[0]);
      wait_for(middle, ctx);
      const auto grandchild = text ? decimal_number(*text, 0x7fffffff) : std::nullopt;
      pid = grandchild ? static_cast<pid_t>(*grandchild) : middle;
    }
    if (!ctx.rules->nosh_tools()) ctx.setenv("!", std::to_string(pid));  // nosh sets no !
    return {};
  };
}

}  // namespace background_parts

extern const Builtin background_builtin{
    .name = "background",
    .summary = "run a block in the background, set ! to its pid",
    .style = OptionStyle::gnu,
    .options = background_parts::options,
    .operands = "{ prog1... } prog2...",
    .facts = nosh_needs_program,
    .parse = background_parts::parse,
};

}  // namespace chainscript
