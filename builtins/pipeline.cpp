// pipeline [ -d ] [ -r | -w ] { prog1... } prog2...: runs prog1 in a child
// with its stdout on a pipe whose other end is the rest's stdin (with -w,
// the other way round), sets ! to its pid and goes on.
#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"
#include "lib/unique_fd.hpp"

namespace chainscript {

namespace pipeline_parts {

constexpr OptionSpec options[] = {
    {'d', "", "", "double fork (accepted; nothing more to do here)"},
    {'r', "", "", "prog1 writes, the rest reads (the default)", 1},
    {'w', "", "", "the rest writes, prog1 reads", 1},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool block_writes = true;
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'r') block_writes = true;
    if (o.key == 'w') block_writes = false;
  }
  BlockRef block = take_chain_block(c, b, "PROGRAM");
  return [=](Context& ctx, Cursor&) -> Flow {
    int p[2];
    if (ctx.system->pipe(p) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
    UniqueFd mine(*ctx.system, block_writes ? p[0] : p[1]), theirs(*ctx.system, block_writes ? p[1] : p[0]);
    const int their_fd = block_writes ? 1 : 0, my_fd = block_writes ? 0 : 1;
    // The child works on the fds as numbers: the ends here stay this process's.
    const pid_t pid = spawn_or_fail(ctx, [&, mine_fd = mine.get(), theirs_fd = theirs.get()](Context& child) {
      child.system->close(mine_fd);
      if (child.system->place(theirs_fd, their_fd) < 0) child.fail_errno(exit_code::system_call, "unable to move the pipe");
      return run_block(block, child);
    });
    ctx.system->close(theirs.release());
    if (mine.place(my_fd) < 0) ctx.fail_errno(exit_code::system_call, "unable to move the pipe");
    ctx.setenv("!", std::to_string(pid));
    return {};
  };
}

}  // namespace pipeline_parts

extern const Builtin pipeline_builtin{
    .name = "pipeline",
    .summary = "connect a block and the rest with a pipe",
    .options = pipeline_parts::options,
    .operands = "{ prog1... } prog2...",
    .facts = execline_needs_program,
    .parse = pipeline_parts::parse,
};

}  // namespace chainscript
