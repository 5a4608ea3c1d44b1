#include "builtins/if_family.hpp"

#include <sys/wait.h>

#include "interp/interpreter.hpp"

namespace chainscript {

TestOptions test_options(std::span<const Option> options, const Builtin& b) {
  TestOptions t;
  for (const auto& o : options) {
    if (o.key == 'n') t.negate = true;
    if (o.key == 'X') t.tolerate_crash = true;
    if (o.key == 't') t.exit_with = 0;
    if (o.key == 'x') t.exit_with = static_cast<int>(parse_number(o.word(), b, "EXITCODE", 255));
  }
  return t;
}

int run_and_wait(const BlockRef& block, Context& ctx) { return wait_for(spawn_block(block, ctx), ctx); }

std::optional<int> crashed(int wstatus, bool tolerate, Context& ctx) {
  if (!WIFSIGNALED(wstatus) || tolerate) return std::nullopt;
  ctx.say("child crashed with signal " + std::to_string(WTERMSIG(wstatus)));
  return 128 + WTERMSIG(wstatus);
}

std::string question_mark(int wstatus) {
  return std::to_string(WIFSIGNALED(wstatus) ? 256 + WTERMSIG(wstatus) : WEXITSTATUS(wstatus));
}

}  // namespace chainscript
