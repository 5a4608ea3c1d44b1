// --step: before each step, the step and its source line on /dev/tty, and
// the question: [r]un, [s]kip, [c]ontinue without asking, [q]uit.
#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "lib/location.hpp"

namespace chainscript {

// The callback for Context::step; text is the script's.
std::function<bool(const Location&, std::string_view)> step_prompt(std::string text);

}  // namespace chainscript
