// What if, ifelse, ifte and ifthenelse share: their test options, running a
// block and waiting for it, and how a crashed test ends the chain.
#pragma once
#include <optional>

#include "builtins/builtin.hpp"

namespace chainscript {

struct TestOptions {
  bool negate = false;          // -n
  bool tolerate_crash = false;  // -X
  std::optional<int> exit_with;  // -t (0), -x code
};
TestOptions test_options(std::span<const Option> options, const Builtin& b);

// Forks the block as a chain and waits for it: the raw wait status.
int run_and_wait(const BlockRef& block, Context& ctx);

// A test killed by a signal ends the chain with 128+signal (after a message),
// unless -X; nullopt otherwise.
std::optional<int> crashed(int wstatus, bool tolerate, Context& ctx);

// foreground's and ifthenelse's ? : the exit code, or 256 + the signal.
std::string question_mark(int wstatus);

}  // namespace chainscript
