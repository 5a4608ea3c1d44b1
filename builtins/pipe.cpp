// pipe [ --inwards ] [ --error ] [ --grandchild ] [ --ignore-children ]
// [ --separator alt ] prog1... | prog2... (nosh): prog1's output goes to
// prog2's input. prog1 goes on in this process and prog2 is forked; with
// --inwards, the other way round. --error sends prog1's stderr down the pipe
// too.
#include <csignal>

#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace pipe_parts {

constexpr OptionSpec options[] = {
    {'i', "inwards", "", "prog1 is forked and prog2 goes on here"},
    {'e', "error", "", "prog1's stderr goes down the pipe too (not in the nosh dialect)"},
    {'g', "grandchild", "", "the forked side runs in an orphaned grandchild"},
    {'\x01', "ignore-children", "", "ignore SIGCHLD here, so children are reaped by the kernel"},
    {'S', "separator", "alt", "prog1 ends at a word alt, not at |"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool inwards = false, with_stderr = false, grandchild = false, ignore_children = false;
  std::string separator = "|";
  for (const auto& o : parse_options(c, b)) {
    inwards |= o.key == 'i';
    with_stderr |= o.key == 'e';
    grandchild |= o.key == 'g';
    ignore_children |= o.key == '\x01';
    if (o.key == 'S') separator = o.value;
  }
  BlockRef left = take_chain_block_or_until(c, b, "PROGRAM", separator);
  return [=](Context& ctx, Cursor& rest) -> Flow {
    int p[2];
    if (ctx.system->pipe(p) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
    const bool nosh = ctx.rules->nosh_tools();
    // nosh's own sequence: dup2 the end, then close both ends, even one that
    // was made on the very fd (stdin or stdout closed before the pipe), which
    // is then left closed.
    const auto move_end = [&](Context& s, int end, int fd) {
      if (nosh) {
        if (s.system->copy(p[end], fd) < 0) s.fail_errno(exit_code::system_call, "unable to move the pipe to fd " + std::to_string(fd));
        s.system->close(p[0]);
        s.system->close(p[1]);
        return;
      }
      s.system->close(p[1 - end]);
      if (s.system->place(p[end], fd) < 0) s.fail_errno(exit_code::system_call, "unable to move the pipe to fd " + std::to_string(fd));
    };
    const auto writer = [&](Context& w) {  // prog1's side
      // nosh 1.40 accepts --error and does nothing (its manual: redirect in prog1).
      if (with_stderr && !nosh && w.system->copy(p[1], 2) < 0)
        w.fail_errno(exit_code::system_call, "unable to move the pipe to fd 2");
      move_end(w, 1, 1);
    };
    const auto reader = [&](Context& r) { move_end(r, 0, 0); };  // prog2's side
    // The forked side; with --grandchild its child forks it again and exits
    // at once (reaped here), so the side this process becomes never has to.
    const auto fork_side = [&](const std::function<int(Context&)>& side) {
      if (!grandchild) {
        spawn_program(ctx, side);
        return;
      }
      const Spawned middle = spawn_program(ctx, [&](Context& child) {
        spawn_program(child, side);
        return 0;
      });
      if (middle.pid > 0) wait_for(middle.pid, ctx);
    };
    // After the fork, before going on; as nosh, not with --grandchild (whose
    // middle child is waited for: nothing is left to reap).
    const auto ignore = [&] {
      if (ignore_children && !grandchild && ctx.system->ignore_signal(SIGCHLD) < 0)
        ctx.fail_errno(exit_code::system_call, "unable to ignore SIGCHLD");
    };
    if (inwards) {
      fork_side([&](Context& child) {
        writer(child);
        return run_block(left, child);
      });
      ignore();
      reader(ctx);
      return {};
    }
    Cursor right = rest;
    fork_side([&](Context& child) {
      reader(child);
      return run_chain(right, child);
    });
    ignore();
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
    .facts = needs_program,  // the reading side: nothing to read for
    .parse = pipe_parts::parse,
};

}  // namespace chainscript
