// wait [ -I | -i ] [ -a | -o ] [ -r | -t timeout ] { [ pids... ] } prog...:
// waits for the listed children (all of them when the block is empty; with
// -o only the first to end), then goes on. Without a block it is POSIX's
// wait: the rest are pids, and it exits with the last one's status.
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>

#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace wait_parts {

constexpr OptionSpec options[] = {
    {'I', "", "", "a timeout is not an error (the default)", 1},
    {'i', "", "", "a timeout is an error: exit 99", 1},
    {'a', "", "", "wait for all the children listed (the default)", 2},
    {'o', "", "", "wait for one of them only; set ! and ? to it", 2},
    {'r', "", "", "do not wait: reap the children that have ended", 3},
    {'t', "", "timeout", "wait at most timeout milliseconds", 3},
};

std::vector<pid_t> pids_of(const std::vector<Word>& words, const Builtin& b) {
  std::vector<pid_t> out;
  for (const auto& w : words) out.push_back(static_cast<pid_t>(parse_number(w, b, "a PID", 0x7fffffff)));
  return out;
}

Invocation parse(Cursor& c, const Builtin& b) {
  bool strict = false, one = false;
  long timeout_ms = -1;
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'i') strict = true;
    if (o.key == 'I') strict = false;
    if (o.key == 'o') one = true;
    if (o.key == 'a') one = false;
    if (o.key == 'r') timeout_ms = 0;
    if (o.key == 't') timeout_ms = static_cast<long>(parse_number(o.word(), b, "TIMEOUT"));
  }
  const bool posix = !c.next_is_block();
  std::vector<Word> words;
  BlockRef block;
  if (posix) {
    while (c.peek()) words.push_back(c.take_word());
  } else {
    block = take_word_block(c, b, "PIDS");
    words = block.words();
  }
  pids_of(words, b);  // checked now: a bad pid is a usage error before anything runs
  return [=, &b](Context& ctx, Cursor&) mutable -> Flow {
    std::vector<pid_t> pids = pids_of(posix ? words : block.words(), b);
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
    const bool all_children = pids.empty();
    const long long start = ctx.system->now_ms();
    const int flags = timeout_ms < 0 ? 0 : WNOHANG;
    bool timed_out = false;
    for (;;) {
      if (!all_children && pids.empty()) break;
      int status = 0;
      const pid_t got = ctx.system->wait(all_children || one ? -1 : pids.front(), &status, flags);
      if (got < 0) {
        if (errno == EINTR) continue;
        if (errno == ECHILD) break;
        ctx.fail_errno(exit_code::system_call, "unable to wait");
      }
      if (got == 0) {
        if (ctx.system->now_ms() - start >= timeout_ms) {
          timed_out = true;
          break;
        }
        ctx.system->sleep_ms(5);
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

}  // namespace wait_parts

extern const Builtin wait_builtin{
    .name = "wait",
    .summary = "wait for children",
    .options = wait_parts::options,
    .operands = "{ [ pids... ] } prog...",
    .parse = wait_parts::parse,
};

}  // namespace chainscript
