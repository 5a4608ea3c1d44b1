// foreground, background, wait, if, ifelse, ifte, ifthenelse, true, false, exit:
// sequencing and conditions. Blocks run in forked children that interpret them
// in-process; exit statuses are reported the execline way.
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include <cerrno>

#include "builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace {

// foreground's ? : the exit code, or 256 + the signal.
std::string question_mark(int wstatus) {
  return std::to_string(WIFSIGNALED(wstatus) ? 256 + WTERMSIG(wstatus) : WEXITSTATUS(wstatus));
}

int run_and_wait(const BlockRef& block, Context& ctx) { return wait_for(spawn_block(block, ctx), ctx); }

// if/ifelse/ifte/ifthenelse: a crashed test ends the chain with 128+signal, unless -X.
std::optional<int> crashed(int wstatus, bool tolerate, Context& ctx) {
  if (!WIFSIGNALED(wstatus) || tolerate) return std::nullopt;
  const std::string line = "chainscript: " + to_string(ctx.at) + ": " + ctx.builtin +
                           ": child crashed with signal " + std::to_string(WTERMSIG(wstatus)) + "\n";
  (void)!::write(2, line.data(), line.size());
  return 128 + WTERMSIG(wstatus);
}


}  // namespace

namespace {

// nosh's --separator ALT: the word that ends left-prog instead of ";" or "&".
std::string separator_option(Cursor& c, const Builtin& b, std::string separator) {
  if (Cursor::execline_rules) return separator;
  if (const Word* w = c.peek(); w && w->text == "--separator") {
    c.take_word();
    separator = take_arg(c, b, "SEPARATOR").text;
  } else if (w && w->text.starts_with("--separator=")) {
    separator = c.take_word().text.substr(12);
  }
  return separator;
}

}  // namespace

Action parse_foreground(Cursor& c, const Builtin& b) {
  const std::string separator = separator_option(c, b, ";");
  BlockRef block = take_chain_block_or_until(c, b, "PROGRAM", separator);
  return [block](Context& ctx, Cursor&) -> Flow {
    // A program that cannot be started is ? = 127 here, whatever the reason, as execline's foreground has it.
    const Spawned child = spawn_program(ctx, [&block](Context& c) { return run_block(block, c); });
    const int status = child.exec_errno ? 127 << 8 : wait_for(child.pid, ctx);
    if (ctx.dialect != ast::Dialect::nosh) ctx.setenv("?", question_mark(status));  // nosh sets no ?
    return {};
  };
}

Action parse_background(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'d', ""}};
  const std::string separator = separator_option(c, b, "&");
  const bool double_fork = !parse_options(c, b, specs, OptionStyle::clusters).empty();
  BlockRef block = take_chain_block_or_until(c, b, "PROGRAM", separator);
  return [=](Context& ctx, Cursor&) -> Flow {
    pid_t pid;
    if (!double_fork) {
      pid = spawn_block(block, ctx);
    } else {  // the grandchild's pid comes back through a pipe
      int p[2];
      if (ctx.system->pipe(p) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
      const pid_t middle = ctx.system->spawn(ctx, [&](Context& mid) {
        mid.system->close(p[0]);
        // The grandchild must not hold the pipe: the parent reads it to EOF.
        const pid_t g = mid.system->spawn(mid, [&](Context& grandchild) {
          grandchild.system->close(p[1]);
          return run_block(block, grandchild);
        });
        if (g < 0) mid.fail_errno(exit_code::system_call, "unable to fork");
        return mid.system->write_all(p[1], std::to_string(g)) < 0 ? exit_code::system_call : 0;
      });
      if (middle < 0) ctx.fail_errno(exit_code::system_call, "unable to fork");
      ctx.system->close(p[1]);
      const auto text = ctx.system->read_all(p[0]);
      wait_for(middle, ctx);
      pid = text && !text->empty() ? static_cast<pid_t>(std::stol(*text)) : middle;
    }
    if (ctx.dialect != ast::Dialect::nosh) ctx.setenv("!", std::to_string(pid));  // nosh sets no !
    return {};
  };
}

Action parse_wait(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'I', ""}, {'i', ""}, {'a', ""}, {'o', ""}, {'r', ""}, {'t', "", true}};
  bool strict = false, one = false;
  long timeout_ms = -1;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'i') strict = true;
    if (o.key == 'I') strict = false;
    if (o.key == 'o') one = true;
    if (o.key == 'a') one = false;
    if (o.key == 'r') timeout_ms = 0;
    if (o.key == 't') timeout_ms = static_cast<long>(parse_number({o.value, o.at}, b, "TIMEOUT"));
  }
  // POSIX form: no block, the rest are pids and wait exits.
  const bool posix = !c.next_is_block();
  std::vector<pid_t> pids;
  BlockRef block;
  if (posix) {
    while (c.peek()) pids.push_back(static_cast<pid_t>(parse_number(c.take_word(), b, "PID", 0x7fffffff)));
  } else {
    block = take_word_block(c, b, "PIDS");
  }
  return [=](Context& ctx, Cursor&) mutable -> Flow {
    if (posix && !pids.empty() && timeout_ms < 0 && !one) {
      // POSIX wait: the status of the last pid waited for; 127 for one that
      // is not our child.
      int last = 0;
      for (pid_t p : pids) {
        int st = 0;
        pid_t got;
        while ((got = ctx.system->wait(p, &st, 0)) < 0 && errno == EINTR) {
        }
        last = got < 0 ? 127 : reported_status(st);
      }
      return last;
    }
    if (!posix)
      for (const auto& w : block.words())
        pids.push_back(static_cast<pid_t>(parse_number({w, ctx.at}, *find_builtin("wait"), "PID", 0x7fffffff)));
    const bool all_children = pids.empty();
    timespec start{};
    clock_gettime(CLOCK_MONOTONIC, &start);
    const auto expired = [&] {
      if (timeout_ms < 0) return false;
      timespec now{};
      clock_gettime(CLOCK_MONOTONIC, &now);
      return (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 >= timeout_ms;
    };
    const int flags = timeout_ms < 0 ? 0 : WNOHANG;
    bool timed_out = false;
    for (;;) {
      if (!all_children && pids.empty()) break;
      int status = 0;
      const pid_t got = ctx.system->wait(all_children ? -1 : (one ? -1 : pids.front()), &status, flags);
      if (got < 0) {
        if (errno == EINTR) continue;
        if (errno == ECHILD) break;
        ctx.fail_errno(exit_code::system_call, "unable to wait");
      }
      if (got == 0) {
        if (expired()) {
          timed_out = true;
          break;
        }
        const timespec tick{0, 5 * 1000 * 1000};
        nanosleep(&tick, nullptr);
        continue;
      }
      const auto it = std::find(pids.begin(), pids.end(), got);
      if (one && (all_children || it != pids.end())) {
        ctx.setenv("!", std::to_string(got));
        ctx.setenv("?", std::to_string(reported_status(status)));
        return posix ? Flow(reported_status(status)) : Flow();
      }
      if (it != pids.end()) pids.erase(it);
    }
    if (one) {
      ctx.unsetenv("!");
      ctx.unsetenv("?");
    }
    if (timed_out && strict) ctx.fail(99, "timed out");
    return posix ? Flow(0) : Flow();
  };
}

namespace {

struct TestOptions {
  bool negate = false, tolerate_crash = false;
  std::optional<int> exit_with;
};

TestOptions test_options(Cursor& c, const Builtin& b, bool exit_options) {
  static constexpr OptionSpec with_exit[] = {{'n', ""}, {'X', ""}, {'t', ""}, {'x', "", true}};
  static constexpr OptionSpec without_exit[] = {{'n', ""}, {'X', ""}};
  TestOptions t;
  for (const auto& o : parse_options(c, b, exit_options ? std::span<const OptionSpec>(with_exit)
                                                        : std::span<const OptionSpec>(without_exit),
                                     OptionStyle::clusters)) {
    if (o.key == 'n') t.negate = true;
    if (o.key == 'X') t.tolerate_crash = true;
    if (o.key == 't') t.exit_with = 0;
    if (o.key == 'x') t.exit_with = static_cast<int>(parse_number({o.value, o.at}, b, "EXITCODE", 255));
  }
  return t;
}

}  // namespace

Action parse_if(Cursor& c, const Builtin& b) {
  const TestOptions t = test_options(c, b, true);
  BlockRef block = take_chain_block(c, b, "PROGRAM");
  return [=](Context& ctx, Cursor&) -> Flow {
    const int st = run_and_wait(block, ctx);
    if (auto code = crashed(st, t.tolerate_crash, ctx)) return t.exit_with ? *t.exit_with : *code;
    if (succeeded_status(st) != t.negate) return {};
    if (t.exit_with) return *t.exit_with;
    return t.negate ? 1 : reported_status(st);
  };
}

Action parse_ifelse(Cursor& c, const Builtin& b) {
  const TestOptions t = test_options(c, b, false);
  BlockRef test = take_chain_block(c, b, "PROGRAM1");
  BlockRef then = take_chain_block(c, b, "PROGRAM2");
  return [=](Context& ctx, Cursor&) -> Flow {
    const int st = run_and_wait(test, ctx);
    if (auto code = crashed(st, t.tolerate_crash, ctx)) return *code;
    if (succeeded_status(st) != t.negate) return run_block(then, ctx);
    return {};
  };
}

Action parse_ifte(Cursor& c, const Builtin& b) {
  const TestOptions t = test_options(c, b, false);
  BlockRef then = take_chain_block(c, b, "THEN");
  BlockRef otherwise = take_chain_block(c, b, "ELSE");
  return [=](Context& ctx, Cursor& rest) -> Flow {
    const pid_t pid = spawn_or_fail(ctx, [&rest](Context& child) { return run_chain(rest, child); });
    const int st = wait_for(pid, ctx);
    if (auto code = crashed(st, t.tolerate_crash, ctx)) return *code;
    return run_block(succeeded_status(st) != t.negate ? then : otherwise, ctx);
  };
}

Action parse_ifthenelse(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'X', ""}, {'s', ""}};
  bool tolerate = false, scoped = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    tolerate |= o.key == 'X';
    scoped |= o.key == 's';
  }
  BlockRef test = take_chain_block(c, b, "IF");
  BlockRef then = take_chain_block(c, b, "THEN");
  BlockRef otherwise = take_chain_block(c, b, "ELSE");
  return [=](Context& ctx, Cursor& rest) -> Flow {
    const int st = run_and_wait(test, ctx);
    if (auto code = crashed(st, tolerate, ctx)) return *code;
    const BlockRef& chosen = succeeded_status(st) ? then : otherwise;
    if (scoped) {  // the chosen block runs in this process, followed by the rest
      rest.splice(chosen);
      return {};
    }
    ctx.setenv("?", question_mark(run_and_wait(chosen, ctx)));
    return {};
  };
}

namespace {

// true, false and exit end the chain: what follows them is never run.
void skip_rest(Cursor& c) {
  while (!c.at_end()) {
    if (c.peek())
      c.take_word();
    else
      c.take_block();
  }
}

}  // namespace

Action parse_true(Cursor& c, const Builtin&) {
  skip_rest(c);
  return [](Context&, Cursor&) -> Flow { return 0; };
}

Action parse_false(Cursor& c, const Builtin&) {
  skip_rest(c);
  return [](Context&, Cursor&) -> Flow { return 1; };
}

Action parse_exit(Cursor& c, const Builtin& b) {
  int code = 0;
  // execline's exit takes any number and exits with it modulo 256
  if (c.peek()) code = static_cast<int>(parse_number(c.take_word(), b, "EXITCODE", 0xffffffffUL) & 0xff);
  skip_rest(c);
  return [code](Context&, Cursor&) -> Flow { return code; };
}

}  // namespace chainscript
