#include "builtins/positional_parameters.hpp"

#include <algorithm>

#include "lib/names.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

std::vector<std::string> positionals(Context& ctx, int missing) {
  const auto sharp = ctx.env.get("#");
  if (!sharp) ctx.fail(missing, "no # in the environment");
  const auto n = decimal_number(*sharp, 999999999);
  if (!n) ctx.fail(exit_code::usage, "no valid # in the environment");
  std::vector<std::string> v;
  for (Number i = 0; i <= *n; ++i) {
    const auto p = ctx.env.get(std::to_string(i));
    if (!p) ctx.fail(exit_code::usage, "positional parameter " + std::to_string(i) + " is not set");
    v.emplace_back(*p);
  }
  return v;
}

size_t block_span(const std::vector<std::string>& args, size_t from, unsigned long long blocks, Context& ctx) {
  size_t i = from;
  for (unsigned long long b = 0; b < blocks; ++b) {
    while (i < args.size() && !args[i].empty()) ++i;
    if (i >= args.size()) ctx.fail(exit_code::usage, "the positional parameters hold too few blocks");
    ++i;
  }
  return i - from;
}

void too_few(Context& ctx, const std::string& message) {
  const auto strict = ctx.env.get("EXECLINE_STRICT");
  const Number level = strict ? decimal_number(*strict, 999999999).value_or(0) : 0;
  if (level >= 2) ctx.fail(exit_code::usage, message);
  if (level == 1) ctx.warn(message);
}

void pop_positionals(Context& ctx) {
  std::vector<std::string> bases;
  for (const auto& [k, v] : ctx.env.vars()) {
    const std::string base(k.substr(0, k.find(':')));
    if (is_positional_name(base) && std::find(bases.begin(), bases.end(), base) == bases.end()) bases.push_back(base);
  }
  for (const auto& base : bases) {
    ctx.unsetenv(base);
    for (unsigned d = 1;; ++d) {
      const auto deeper = ctx.env.get(base + ":" + std::to_string(d));
      if (!deeper) break;
      ctx.setenv(d == 1 ? base : base + ":" + std::to_string(d - 1), std::string(*deeper));
      ctx.unsetenv(base + ":" + std::to_string(d));
    }
  }
}

}  // namespace chainscript
