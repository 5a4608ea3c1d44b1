#include "interpreter.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

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

pid_t spawn_block(const BlockRef& block, Context& ctx) {
  const pid_t pid = ctx.system->spawn(ctx, [&block](Context& child) { return run_block(block, child); });
  if (pid < 0) ctx.fail_errno(exit_code::system_call, "unable to fork");
  return pid;
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
  const pid_t pid = ctx.system->spawn(ctx, [&](Context& child) {
    child.system->close(p[0]);
    if (child.system->place(p[1], 1) < 0) child.fail_errno(exit_code::system_call, "unable to move the pipe to fd 1");
    return run_block(block, child);
  });
  if (pid < 0) ctx.fail_errno(exit_code::system_call, "unable to fork");
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
