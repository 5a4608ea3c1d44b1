#include "interpreter.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <cerrno>

#include "builtins/builtin.hpp"

namespace chainscript {

int run_chain(Cursor& cursor, Context& ctx) {
  const Rules& rules = cursor.rules();
  bool went_on = false;  // a builtin ran and passed on
  for (;;) {
    if (cursor.at_end()) {
      // nosh's chain loaders (line-banner) do their work, then fail for want
      // of a program; those that must have one are refused before (validator).
      if (went_on && rules.nosh_tools()) throw Failure(exit_code::usage, cursor.where(), ctx.builtin, "no program to execute after it");
      return 0;
    }
    const Word* w = cursor.peek();
    if (!w) {
      const Location at = cursor.where();
      // execline: the block's words are the command line ("{ echo }" runs " echo")
      if (rules.execline()) exec_program(cursor.rest_argv(), ctx);
      throw Failure(exit_code::usage, at, "", "a block where a command was expected");
    }
    const Builtin* b = find_builtin(w->text);
    if (!b) {
      ctx.at = w->at;
      ctx.builtin.clear();
      ctx.system->begin_step(ctx.at, "exec");
      if (ctx.step && !ctx.step(ctx.at, "exec")) return 0;
      exec_program(cursor.rest_argv(), ctx);
    }
    const Word name = cursor.take_word();
    Invocation invocation = parse_invocation(cursor, *b);
    if (b->needs_program_in(rules) && cursor.at_end())
      throw Failure(exit_code::usage, name.at, std::string(b->name), "no program to execute after it");
    ctx.system->started();
    ctx.at = name.at;
    ctx.builtin = std::string(b->name);
    ctx.system->begin_step(name.at, b->name);
    if (ctx.step && !ctx.step(name.at, b->name)) continue;
    if (Flow f = invocation.run(ctx, cursor)) return *f;
    went_on = true;
  }
}

int run_block(const BlockRef& block, Context& ctx) {
  Cursor c(block, *ctx.rules);
  return run_chain(c, ctx);
}

Spawned spawn_program(Context& ctx, const std::function<int(Context&)>& body) {
  const Spawned s = ctx.system->spawn(ctx, body);
  if (s.pid < 0) ctx.fail_errno(exit_code::system_call, "unable to fork");
  return s;
}

pid_t spawn_or_fail(Context& ctx, const std::function<int(Context&)>& body) {
  const Spawned s = spawn_program(ctx, body);
  if (s.exec_errno) {
    errno = s.exec_errno;
    ctx.fail_errno(exit_code::system_call, "unable to spawn the program");
  }
  return s.pid;
}

pid_t spawn_block(const BlockRef& block, Context& ctx) {
  return spawn_or_fail(ctx, [&block](Context& child) { return run_block(block, child); });
}

int wait_for(pid_t pid, Context& ctx) {
  int status = 0;
  while (ctx.system->wait(pid, &status) < 0)
    if (errno != EINTR) ctx.fail_errno(exit_code::system_call, "unable to wait for child");
  return status;
}

std::pair<std::string, int> capture_output(const BlockRef& block, Context& ctx) {
  int p[2];
  if (ctx.system->pipe(p) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
  const pid_t pid = spawn_or_fail(ctx, [&](Context& child) {
    child.system->close(p[0]);
    if (child.system->place(p[1], 1) < 0) child.fail_errno(exit_code::system_call, "unable to move the pipe to fd 1");
    return run_block(block, child);
  });
  ctx.system->close(p[1]);
  auto out = ctx.system->read_all(p[0]);
  const int read_errno = errno;
  ctx.system->close(p[0]);
  const int status = wait_for(pid, ctx);
  errno = read_errno;
  if (!out) ctx.fail_errno(exit_code::system_call, "unable to read the output of the block");
  return {std::move(*out), status};
}

std::string read_stdin(Context& ctx) {
  auto text = ctx.system->read_all(0);
  if (!text) ctx.fail_errno(exit_code::system_call, "unable to read stdin");
  return std::move(*text);
}

int lowest_free_fd(Context& ctx, int from, const std::vector<int>& taken) {
  for (int fd = from;; ++fd)
    if (!ctx.system->is_open(fd) && std::find(taken.begin(), taken.end(), fd) == taken.end()) return fd;
}

[[noreturn]] void exec_program(std::vector<std::string> argv, Context& ctx) {
  std::string file = argv.at(0);
  if (ctx.argv0) argv[0] = *ctx.argv0;
  if (ctx.login) argv[0] = "-" + argv[0];
  const int err = ctx.system->exec(argv, file, ctx.env.envp());
  ctx.builtin.clear();
  ctx.fail(err == ENOENT ? exit_code::not_found : exit_code::cannot_exec, with_errno("unable to exec " + file, err));
}

}  // namespace chainscript
