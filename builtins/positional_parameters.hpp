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

// Fewer positional parameters than asked for, as EXECLINE_STRICT in the
// environment says (execline's commands read it when they run, and
// execlineb -w/-W sets it): nothing, a warning (1), a usage failure (2).
void too_few(Context& ctx, const std::string& message);

// Drops the current frame (# 0 1... unset) and brings the one it hid back
// (#:1 0:1 1:1... become # 0 1...).
void pop_positionals(Context& ctx);

}  // namespace chainscript
