// What one step did, as the plan (-n) and the trace (-x) show it.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace chainscript {

struct Effect {
  std::string op;                                         // "socket", "place", "setenv", ...
  std::vector<std::pair<std::string, std::string>> args;  // in order
  std::string result;                                     // "" when none
  std::vector<std::string> argv;                          // exec's argv
};

}  // namespace chainscript
