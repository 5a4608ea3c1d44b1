// Where something is in a script: every AST node, word, step and message has one.
#pragma once
#include <memory>
#include <string>

namespace chainscript {

struct Location {
  std::shared_ptr<const std::string> file;  // shared by every node of a script
  unsigned line = 0;
  unsigned column = 0;
};

std::string to_string(const Location& at);  // "file:line:col"

}  // namespace chainscript
