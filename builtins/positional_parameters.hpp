// The positional parameters that execlineb's default mode puts in the
// environment (#, 0, 1...), as elgetpositionals, shift, dollarat, elgetopt,
// runblock and emptyenv -P read and change them.
#pragma once
#include "builtins/builtin.hpp"

namespace chainscript {

// $0 to $#; fails (100) when they are not all there. missing: the exit code
// when # is not set (elgetpositionals 111, the others 100, as execline).
std::vector<std::string> positionals(Context& ctx, int missing = exit_code::usage);

// How many arguments from `from` make up `blocks` execline-encoded blocks
// (each the words up to an empty one); fails (100) when there are fewer.
size_t block_span(const std::vector<std::string>& args, size_t from, unsigned long long blocks, Context& ctx);

// Drops the current frame (# 0 1... unset) and brings the one it hid back
// (#:1 0:1 1:1... become # 0 1...).
void pop_positionals(Context& ctx);

}  // namespace chainscript
