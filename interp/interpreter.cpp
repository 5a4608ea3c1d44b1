#include "interpreter.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "builtins/builtin.hpp"

namespace chainscript {

namespace {

// execline's commands that exec into the rest refuse an empty one (100); the
// others (define, if, forx, ...) exit 0 there, as chainscript does everywhere.
bool needs_program(std::string_view name) {
  static constexpr std::string_view names[] = {
      "cd",     "elgetopt", "elgetpositionals", "emptyenv", "envfile", "exec",      "export",   "fdblock",
      "fdclose", "fdmove",  "fdreserve",        "fdswap",   "forstdin", "getcwd",   "getpid",   "heredoc",
      "ifte",   "loopwhilex", "multisubstitute", "pipeline", "piperw",  "redirfd",  "shift",
      "trap",   "umask",    "unexport"};
  for (auto n : names)
    if (n == name) return true;
  return false;
}

}  // namespace

int run_chain(Cursor& cursor, Context& ctx) {
  for (;;) {
    if (cursor.at_end()) return 0;
    const Word* w = cursor.peek();
    if (!w) {
      const Location at = cursor.where();
      // execline: the block's words are the command line ("{ echo }" runs " echo")
      if (Cursor::execline_rules) exec_program(cursor.rest_argv(), ctx);
      throw Failure(exit_code::usage, at, "", "a block where a command was expected");
    }
    const Builtin* b = find_builtin(w->text);
    if (!b) {
      const Location at = w->at;
      ctx.at = at;
      ctx.builtin.clear();
      ctx.system->begin_step(at, "exec");
      if (ctx.step && !ctx.step(at, "exec")) return 0;
      exec_program(cursor.rest_argv(), ctx);
    }
    const Word name = cursor.take_word();
    Action action = b->parse(cursor, *b);
    if (Cursor::execline_rules && needs_program(b->name) && cursor.at_end())
      throw Failure(exit_code::usage, name.at, std::string(b->name), "no program to execute after it");
    if (ctx.spawn_report_fd >= 0) {  // a builtin runs first: the child has started
      ctx.system->close(ctx.spawn_report_fd);
      ctx.spawn_report_fd = -1;
    }
    ctx.at = name.at;
    ctx.builtin = std::string(b->name);
    ctx.system->begin_step(name.at, b->name);
    if (ctx.step && !ctx.step(name.at, b->name)) continue;
    if (Flow f = action(ctx, cursor)) return *f;
  }
}

int run_block(const BlockRef& block, Context& ctx) {
  Cursor c(block.block->body, block.substitutions);
  return run_chain(c, ctx);
}

Spawned spawn_program(Context& ctx, const std::function<int(Context&)>& body) {
  int report[2] = {-1, -1};
  const bool real = !ctx.system->simulated();
  if (real && ctx.system->pipe(report) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
  const pid_t pid = ctx.system->spawn(ctx, [&](Context& child) {
    if (real) {
      child.system->close(report[0]);
      child.spawn_report_fd = report[1];
    }
    return body(child);
  });
  if (pid < 0) ctx.fail_errno(exit_code::system_call, "unable to fork");
  if (!real) return {pid, 0};
  ctx.system->close(report[1]);
  // EOF: the program was executed (close-on-exec) or the child went on past
  // its first step; an errno: it could not be started.
  const auto said = ctx.system->read_all(report[0]);
  int err = 0;
  if (said && said->size() == sizeof err) {
    std::memcpy(&err, said->data(), sizeof err);
    wait_for(pid, ctx);
  }
  return {pid, err};
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
  while (ctx.system->wait(pid, &status) < 0) {
    if (errno != EINTR) ctx.fail_errno(exit_code::system_call, "unable to wait for child");
  }
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
  const int status = wait_for(pid, ctx);
  if (!out) ctx.fail_errno(exit_code::system_call, "unable to read the output of the block");
  return {std::move(*out), status};
}

std::string read_stdin(Context& ctx) {
  int in = 3;  // a copy of fd 0, closed once read: fd 0 itself stays open
  while (ctx.system->is_open(in)) ++in;
  if (ctx.system->copy(0, in) < 0 || ctx.system->set_cloexec(in, true) < 0)
    ctx.fail_errno(exit_code::system_call, "unable to read stdin");
  auto text = ctx.system->read_all(in);
  if (!text) ctx.fail_errno(exit_code::system_call, "unable to read stdin");
  return std::move(*text);
}

[[noreturn]] void exec_program(std::vector<std::string> argv, Context& ctx) {
  std::string file = argv.at(0);
  if (ctx.argv0) argv[0] = *ctx.argv0;
  if (ctx.login) argv[0] = "-" + argv[0];
  const auto envp = ctx.env.envp();
  const int err = ctx.system->exec(argv, file, envp);
  if (ctx.system->simulated()) throw DryExec{};
  if (ctx.spawn_report_fd >= 0) {  // the first step of a spawned child: a spawn failure
    ctx.system->write_all(ctx.spawn_report_fd, std::string(reinterpret_cast<const char*>(&err), sizeof err));
    ctx.system->close(ctx.spawn_report_fd);
    ctx.spawn_report_fd = -1;
  }
  errno = err;
  const int code = err == ENOENT ? exit_code::not_found : exit_code::cannot_exec;
  ctx.builtin.clear();
  ctx.fail(code, with_errno("unable to exec " + file, err));
}

namespace {

// After an error the extent of the bad invocation is unknown; the blocks that
// follow in the same chain are still checked, so --check lists their errors too.
void validate_rest_blocks(const std::vector<ast::Node>& body, const Location& after, std::vector<BlockRef>& out) {
  for (const auto& n : body)
    if (const auto* b = n.block(); b && (b->open.line > after.line || (b->open.line == after.line && b->open.column > after.column)))
      out.push_back({b, {}});
}

void validate_chain(Cursor& c, std::vector<Failure>& errors, const std::vector<ast::Node>& body) {
  try {
    for (;;) {
      if (c.at_end()) return;
      const Word* w = c.peek();
      if (!w) {
        errors.emplace_back(exit_code::usage, c.where(), "", "a block where a command was expected");
        return;
      }
      const Builtin* b = find_builtin(w->text);
      if (!b) return;  // the rest is the argv of a program
      c.take_word();
      b->parse(c, *b);
    }
  } catch (const Failure& f) {
    errors.push_back(f);
    validate_rest_blocks(body, f.at, c.chains_taken());
  } catch (const NotLiteral&) {
    // the rest depends on values known only when it runs
  }
}

void validate_into(const std::vector<ast::Node>& body, std::vector<Failure>& errors) {
  Cursor c(body, {}, true);
  validate_chain(c, errors, body);
  for (const auto& block : c.chains_taken()) validate_into(block.block->body, errors);
}

}  // namespace

std::vector<Failure> validate(const std::vector<ast::Node>& body) {
  std::vector<Failure> errors;
  validate_into(body, errors);
  return errors;
}

}  // namespace chainscript
