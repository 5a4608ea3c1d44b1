// Validation: the whole script is read by every builtin's own parse before
// anything runs, so that --check, -n and a real run all refuse a bad script
// before its first effect. It walks every chain (blocks included, without
// recursion); a word known only at run time is a placeholder, and a chain is
// followed as far as it can be known, then the blocks after that point are
// checked in their turn.
#pragma once
#include <functional>
#include <vector>

#include "grammar/ast.hpp"
#include "interp/failure.hpp"
#include "interp/substitution.hpp"

namespace chainscript {

struct Context;

struct Validation {
  std::vector<Failure> errors;  // in script order, at most max_listed_errors
  // The look-ups of the main chain's invocations (literal words only), in
  // order, up to a builtin that changes the root: made before the first effect.
  std::vector<std::function<void(Context&)>> lookups;
};

Validation validate(ast::Body body, const Rules& rules, const SubstitutionList& initial);

}  // namespace chainscript
