// What envfile and read-conf share: a file (or stdin, "-") read whole and
// its NAME=value assignments set in the environment; each has its own format.
#pragma once
#include <optional>
#include <utility>

#include "builtins/builtin.hpp"

namespace chainscript {

using Assignments = std::vector<std::pair<std::string, std::string>>;
// nullopt, with why set, for a syntax error.
using AssignmentParser = std::optional<Assignments> (*)(const std::string& text, std::string& why);

// A missing file is nothing to set when loose; a syntax error fails (1).
Flow set_from_file(Context& ctx, const std::string& file, bool loose, AssignmentParser parse);

}  // namespace chainscript
