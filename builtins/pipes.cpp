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
    const pid_t pid = ctx.system->spawn(ctx, [&](Context& child) {
      child.system->close(mine);
      if (child.system->place(theirs, their_fd) < 0) child.fail_errno(exit_code::system_call, "unable to move the pipe");
      return run_block(block, child);
    });
    if (pid < 0) ctx.fail_errno(exit_code::system_call, "unable to fork");
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
// prog1 runs as a child writing (with --inwards, reading) through a pipe;
// the chain goes on with prog2 at the other end.
Action parse_pipe(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'i', "inwards"}, {'e', "error"}, {'g', "ignore-children"}};
  bool inwards = false, with_stderr = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::gnu)) {
    inwards |= o.key == 'i';
    with_stderr |= o.key == 'e';
  }
  BlockRef block = take_chain_block_or_until(c, b, "PROGRAM", "|");
  return [=](Context& ctx, Cursor&) -> Flow {
    int p[2];
    if (ctx.system->pipe(p) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
    const int mine = inwards ? p[1] : p[0], theirs = inwards ? p[0] : p[1];
    const pid_t pid = ctx.system->spawn(ctx, [&](Context& child) {
      child.system->close(mine);
      if (!inwards && with_stderr && child.system->copy(theirs, 2) < 0)
        child.fail_errno(exit_code::system_call, "unable to move the pipe to fd 2");
      if (child.system->place(theirs, inwards ? 0 : 1) < 0) child.fail_errno(exit_code::system_call, "unable to move the pipe");
      return run_block(block, child);
    });
    if (pid < 0) ctx.fail_errno(exit_code::system_call, "unable to fork");
    ctx.system->close(theirs);
    if (ctx.system->place(mine, inwards ? 1 : 0) < 0) ctx.fail_errno(exit_code::system_call, "unable to move the pipe");
    return {};
  };
}

}  // namespace chainscript
