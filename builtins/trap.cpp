// trap [ -x ] { SIGNAL { prog... } ... } prog...: runs the rest of the chain as a
// child and, while it lives, runs a directive's block for each signal caught.
#include <signal.h>
#include <sys/wait.h>

#include <cstring>

#include "builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace {

int signal_number(const std::string& name) {
  if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
    const int n = std::stoi(name);
    return n > 0 && n < NSIG ? n : -1;
  }
  std::string up;
  for (char ch : name) up += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (up.starts_with("SIG")) up = up.substr(3);
  for (int s = 1; s < NSIG; ++s) {
    const char* abbrev = sigabbrev_np(s);
    if (abbrev && up == abbrev) return s;
  }
  return -1;
}

}  // namespace

Action parse_trap(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'x', ""}};
  const bool forward = !parse_options(c, b, specs, OptionStyle::clusters).empty();
  BlockRef directives = take_word_block(c, b, "DIRECTIVES");
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
      if (sig < 0 || name == "timeout") usage_error(w->at, b, "unknown signal \"" + name + "\"");
    }
    traps.emplace_back(sig, body[i + 1].block());
    if (c.validating()) c.chains_taken().push_back({body[i + 1].block(), directives.substitutions});
  }
  return [=](Context& ctx, Cursor& rest) -> Flow {
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
    sigprocmask(SIG_BLOCK, &caught, &old);  // taken synchronously below
    Cursor program = rest;
    const pid_t pid = spawn_or_fail(ctx, [&](Context& child) {
      sigprocmask(SIG_SETMASK, &old, nullptr);
      return run_chain(program, child);
    });
    ctx.setenv("!", std::to_string(pid));
    if (ctx.system->simulated()) return 0;
    std::vector<std::pair<int, pid_t>> handlers;  // signal, running handler
    for (;;) {
      siginfo_t info{};
      const int s = sigwaitinfo(&caught, &info);
      if (s < 0) continue;
      if (s == SIGCHLD) {
        int st = 0;
        pid_t done;
        while ((done = ::waitpid(-1, &st, WNOHANG)) > 0) {
          if (done == pid) {
            sigprocmask(SIG_SETMASK, &old, nullptr);
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
        if (forward) ::kill(pid, s);
        continue;
      }
      if (std::any_of(handlers.begin(), handlers.end(), [s](const auto& h) { return h.first == s; })) continue;
      Context handler_ctx = ctx;
      handler_ctx.env.set("SIGNAL", std::to_string(s));
      const BlockRef ref{block, directives.substitutions};
      const pid_t h = ctx.system->spawn(handler_ctx, [&](Context& child) {
        sigprocmask(SIG_SETMASK, &old, nullptr);
        return run_block(ref, child);
      });
      if (h > 0) handlers.emplace_back(s, h);
    }
  };
}

}  // namespace chainscript
