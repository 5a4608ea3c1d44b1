// heredoc, pipeline, piperw: pipes between the chain and a forked block.
#include "builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

Action parse_heredoc(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'d', ""}};
  parse_options(c, b, specs, OptionStyle::clusters);  // -d: no zombie can hang around here anyway
  const int fd = parse_fd(take_arg(c, b, "FD"), b);
  const std::string text = take_arg(c, b, "STRING").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    int p[2];
    if (ctx.system->pipe(p) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
    const pid_t pid = ctx.system->spawn(ctx, [&](Context& child) {
      child.system->close(p[0]);
      return child.system->write_all(p[1], text) < 0 ? exit_code::system_call : 0;
    });
    if (pid < 0) ctx.fail_errno(exit_code::system_call, "unable to fork");
    ctx.system->close(p[1]);
    if (ctx.system->place(p[0], fd) < 0) ctx.fail_errno(exit_code::system_call, "unable to move the pipe to fd " + std::to_string(fd));
    return {};
  };
}

Action parse_pipeline(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'d', ""}, {'r', ""}, {'w', ""}};
  bool block_writes = true;  // -r: the block writes, the rest reads
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'r') block_writes = true;
    if (o.key == 'w') block_writes = false;
  }
  BlockRef block = take_chain_block(c, b, "PROGRAM");
  return [=](Context& ctx, Cursor&) -> Flow {
    int p[2];
    if (ctx.system->pipe(p) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
    const int mine = block_writes ? p[0] : p[1], theirs = block_writes ? p[1] : p[0];
    const int their_fd = block_writes ? 1 : 0, my_fd = block_writes ? 0 : 1;
    const pid_t pid = spawn_or_fail(ctx, [&](Context& child) {
      child.system->close(mine);
      if (child.system->place(theirs, their_fd) < 0) child.fail_errno(exit_code::system_call, "unable to move the pipe");
      return run_block(block, child);
    });
    ctx.system->close(theirs);
    if (ctx.system->place(mine, my_fd) < 0) ctx.fail_errno(exit_code::system_call, "unable to move the pipe");
    ctx.setenv("!", std::to_string(pid));
    return {};
  };
}

Action parse_piperw(Cursor& c, const Builtin& b) {
  const int fdr = parse_fd(take_arg(c, b, "FDR"), b);
  const int fdw = parse_fd(take_arg(c, b, "FDW"), b);
  if (fdr == fdw) usage_error(c.where(), b, "FDR and FDW must differ");
  return [=](Context& ctx, Cursor&) -> Flow {
    int p[2];
    if (ctx.system->pipe(p) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
    // Move the write end out of the way first if the read end would land on it.
    int w = p[1];
    if (w == fdr) {
      int spare = 3;
      while (ctx.system->is_open(spare) || spare == fdw) ++spare;
      if (ctx.system->place(w, spare) < 0) ctx.fail_errno(exit_code::system_call, "unable to move the pipe");
      w = spare;
    }
    if (ctx.system->place(p[0], fdr) < 0 || ctx.system->place(w, fdw) < 0)
      ctx.fail_errno(exit_code::system_call, "unable to place the pipe on fds " + std::to_string(fdr) + " and " + std::to_string(fdw));
    return {};
  };
}

}  // namespace chainscript

namespace chainscript {

// nosh's pipe [--inwards] [--error] [--ignore-children] prog1... | prog2...:
// prog1's output goes to prog2's input. prog1 goes on in this process and
// prog2 is forked; with --inwards, the other way round. --error sends prog1's
// stderr down the pipe too.
Action parse_pipe(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'i', "inwards"}, {'e', "error"}, {'g', "ignore-children"}};
  bool inwards = false, with_stderr = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::gnu)) {
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
      const pid_t pid = ctx.system->spawn(ctx, [&](Context& child) {
        writer(child);
        return run_block(left, child);
      });
      if (pid < 0) ctx.fail_errno(exit_code::system_call, "unable to fork");
      reader(ctx);
      return {};
    }
    Cursor right = rest;
    const pid_t pid = ctx.system->spawn(ctx, [&](Context& child) {
      reader(child);
      return run_chain(right, child);
    });
    if (pid < 0) ctx.fail_errno(exit_code::system_call, "unable to fork");
    writer(ctx);
    return run_block(left, ctx);
  };
}

}  // namespace chainscript
