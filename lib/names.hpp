// What a name may be: of an environment variable, of a shell variable, of a
// positional parameter.
#pragma once
#include <string_view>

namespace chainscript {

// An environment variable's name as execline and nosh take it: not empty, no '='.
inline bool is_environment_name(std::string_view s) { return !s.empty() && s.find('=') == std::string_view::npos; }

// A shell variable's name: a letter or '_', then letters, digits and '_'.
bool is_shell_name(std::string_view s);

// execline's positional parameters: "#" and the numbers 0, 1, 2...
bool is_positional_name(std::string_view s);

}  // namespace chainscript
