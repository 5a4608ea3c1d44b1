// Where something is in a script: every AST node, word, step and message has one.
#pragma once
#include <string>

namespace chainscript {

struct Location {
  const std::string* file = nullptr;  // from file_name(): lives as long as the process
  unsigned line = 0;
  unsigned column = 0;
};

// The one copy of a script's name that its locations point to. Kept for the
// whole process (a run names a handful), so a location is two numbers and a
// pointer to copy, with no count to keep, and outlives the AST it came from
// (a syntax error is printed after its script is gone).
const std::string* file_name(std::string name);

std::string to_string(const Location& at);  // "file:line:col"

}  // namespace chainscript
