// --port: an execline, nosh or native script printed in the native dialect,
// doing the same thing.
#pragma once
#include <string>
#include <vector>
#include "grammar/ast.hpp"

namespace chainscript {

struct PortWarning {
  Location at;
  std::string message;
};

// first_line_flags: what the script's own #! line passed (execlineb's -P, -S1...).
std::string port_script(const ast::Script& script, const Rules& rules, const std::string& first_line_flags,
                        std::vector<PortWarning>& warnings);

}  // namespace chainscript
