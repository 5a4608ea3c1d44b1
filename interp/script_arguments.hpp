// The script's own arguments, as execlineb's positional modes give them:
// substituted ($0 $1... $# $@, with -S n / -s n) or put in the environment
// (# 0 1..., pushing the caller's down a level, unless -p).
#pragma once
#include <string>
#include <vector>

#include "grammar/rules.hpp"
#include "interp/env.hpp"
#include "interp/substitution.hpp"

namespace chainscript {

// The substitutions the script starts with (none in the environment modes);
// in those modes, env gets the parameters. dollar0: the script, or with -c
// the invocation name, as execlineb sets it.
SubstitutionList script_arguments(const Rules& rules, const std::string& dollar0,
                                  const std::vector<std::string>& args, Env& env);

}  // namespace chainscript
