// pipe [ --inwards ] [ --error ] [ --ignore-children ] prog1... | prog2... (nosh):
// prog1's output goes to prog2's input. prog1 goes on in this process and
// prog2 is forked; with --inwards, the other way round. --error sends
// prog1's stderr down the pipe too.
#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace pipe_parts {

constexpr OptionSpec options[] = {
    {'i', "inwards", "", "prog1 is forked and prog2 goes on here"},
    {'e', "error", "", "prog1's stderr goes down the pipe too"},
    {'g', "ignore-children", "", "accepted; nothing to do here"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool inwards = false, with_stderr = false;
  for (const auto& o : parse_options(c, b)) {
    inwards |= o.key == 'i';
    with_stderr |= o.key == 'e';
  }
  BlockRef left = take_chain_block_or_until(c, b, "PROGRAM", "|");
  return [=](Context& ctx, Cursor& rest) -> Flow {
    int p[2];
    if (ctx.system->pipe(p) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
    const auto writer = [&](Context& w) {  // prog1's side
      w.system->close(p[0]);
      if (with_stderr && w.system->copy(p[1], 2) < 0) w.fail_errno(exit_code::system_call, "unable to move the pipe to fd 2");
      if (w.system->place(p[1], 1) < 0) w.fail_errno(exit_code::system_call, "unable to move the pipe to fd 1");
    };
    const auto reader = [&](Context& r) {  // prog2's side
      r.system->close(p[1]);
      if (r.system->place(p[0], 0) < 0) r.fail_errno(exit_code::system_call, "unable to move the pipe to fd 0");
    };
    if (inwards) {
      spawn_program(ctx, [&](Context& child) {
        writer(child);
        return run_block(left, child);
      });
      reader(ctx);
      return {};
    }
    Cursor right = rest;
    spawn_program(ctx, [&](Context& child) {
      reader(child);
      return run_chain(right, child);
    });
    writer(ctx);
    return run_block(left, ctx);
  };
}

}  // namespace pipe_parts

extern const Builtin pipe_builtin{
    .name = "pipe",
    .summary = "connect prog1 and the rest with a pipe (nosh)",
    .style = OptionStyle::gnu,
    .options = pipe_parts::options,
    .operands = "prog1... | prog2...",
    .parse = pipe_parts::parse,
};

}  // namespace chainscript
