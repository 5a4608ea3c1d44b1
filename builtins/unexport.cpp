// unexport variable prog... (nosh: unsetenv): removes an environment variable
// for the rest of the chain.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace unexport_parts {

constexpr std::string_view aliases[] = {"unsetenv"};

Invocation parse(Cursor& c, const Builtin& b) {
  const std::string key = take_variable_name(c, b).text;
  return [key](Context& ctx, Cursor&) -> Flow {
    ctx.unsetenv(key);
    return {};
  };
}

}  // namespace unexport_parts

extern const Builtin unexport_builtin{
    .name = "unexport",
    .aliases = unexport_parts::aliases,
    .summary = "remove an environment variable",
    .operands = "variable prog...",
    .facts = needs_program | execline_needs_program,
    .parse = unexport_parts::parse,
};

}  // namespace chainscript
