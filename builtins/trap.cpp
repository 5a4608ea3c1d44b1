// trap [ -x ] { signal { prog... } ... } prog...: runs the rest of the chain
// as a child and, while it lives, runs a directive's block for each signal
// caught (SIGNAL set to its number); "default" catches every signal with no
// directive of its own; -x forwards the signals with none to the child.
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

namespace trap_parts {

constexpr OptionSpec options[] = {
    {'x', "", "", "forward the signals with no directive to the child"},
};

// A number (1 to NSIG-1) or a name, with or without SIG; -1 when neither.
int signal_number(const std::string& name) {
  if (const auto n = decimal_number(name, NSIG - 1)) return *n > 0 ? static_cast<int>(*n) : -1;
  std::string up;
  for (char ch : name) up += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (up.starts_with("SIG")) up = up.substr(3);
  for (int s = 1; s < NSIG; ++s) {
    const char* abbrev = sigabbrev_np(s);
    if (abbrev && up == abbrev) return s;
  }
  return -1;
}

Invocation parse(Cursor& c, const Builtin& b) {
  const bool forward = !parse_options(c, b).empty();
  const BlockRef directives = take_word_block(c, b, "DIRECTIVES");
  const auto& body = directives.block->body;
  if (body.empty()) usage_error(directives.block->open, b, "no directive");
  std::vector<std::pair<int, const ast::Block*>> traps;  // signal 0: default
  for (size_t i = 0; i < body.size(); i += 2) {
    const ast::Word* w = body[i].word();
    if (!w) usage_error(body[i].block()->open, b, "a block where a signal name was expected");
    if (i + 1 >= body.size() || !body[i + 1].block()) usage_error(w->at, b, "a signal without its block");
    const std::string name = w->text();
    int sig = 0;
    if (name != "default") {
      sig = signal_number(name);
      if (sig < 0) usage_error(w->at, b, "unknown signal \"" + name + "\"");
    }
    traps.emplace_back(sig, body[i + 1].block());
    c.take_chain(directives.inner(body[i + 1].block()));
  }
  return [=](Context& ctx, Cursor& rest) -> Flow {
    auto* sys = ctx.system;
    const ast::Block* fallback = nullptr;
    sigset_t caught;
    sigemptyset(&caught);
    for (const auto& [sig, block] : traps) {
      if (sig == 0) fallback = block;
      else sigaddset(&caught, sig);
    }
    if (fallback || forward)
      for (int s = 1; s < 32; ++s)
        if (s != SIGKILL && s != SIGSTOP && s != SIGCHLD) sigaddset(&caught, s);
    sigaddset(&caught, SIGCHLD);
    sigset_t old;
    if (sys->block_signals(caught, &old) < 0)  // taken synchronously below
      ctx.fail_errno(exit_code::system_call, "unable to block signals");
    Cursor program = rest;
    const pid_t pid = spawn_or_fail(ctx, [&](Context& child) {
      child.system->set_signal_mask(old);
      return run_chain(program, child);
    });
    ctx.setenv("!", std::to_string(pid));
    std::vector<std::pair<int, pid_t>> handlers;  // signal, running handler
    for (;;) {
      const int s = sys->wait_signal(caught);
      if (s < 0) continue;
      if (s == SIGCHLD) {
        int st = 0;
        pid_t done;
        while ((done = sys->wait(-1, &st, WNOHANG)) > 0) {
          if (done == pid) {
            sys->set_signal_mask(old);
            return reported_status(st);
          }
          std::erase_if(handlers, [done](const auto& h) { return h.second == done; });
        }
        continue;
      }
      const ast::Block* block = fallback;
      for (const auto& [sig, blk] : traps)
        if (sig == s) block = blk;
      if (!block) {
        if (forward) sys->kill(pid, s);
        continue;
      }
      if (std::any_of(handlers.begin(), handlers.end(), [s](const auto& h) { return h.first == s; })) continue;
      Context handler_ctx = ctx;
      handler_ctx.env.set("SIGNAL", std::to_string(s));
      const BlockRef ref{block, directives.substitutions, {}};
      const Spawned h = sys->spawn(handler_ctx, [&](Context& child) {
        child.system->set_signal_mask(old);
        return run_block(ref, child);
      });
      if (h.pid > 0) handlers.emplace_back(s, h.pid);
    }
  };
}

}  // namespace trap_parts

extern const Builtin trap_builtin{
    .name = "trap",
    .summary = "run the rest as a child, with handlers for signals",
    .options = trap_parts::options,
    .operands = "{ signal { prog... } ... } prog...",
    .facts = execline_needs_program,
    .parse = trap_parts::parse,
};

}  // namespace chainscript
