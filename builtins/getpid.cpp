// getpid [ -E | -e ] [ -P | -p ] variable prog...: puts this process's pid
// (with -P its parent's) in the environment as variable (with -E,
// substitutes it instead).
#include "builtins/substitution_directives.hpp"

namespace chainscript {

namespace getpid_parts {

constexpr OptionSpec options[] = {
    {'E', "", "", "substitute the value instead of setting a variable", 1},
    {'e', "", "", "set the variable (the default)", 1},
    {'P', "", "", "the parent's pid", 2},
    {'p', "", "", "this process's pid (the default)", 2},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool autoimport = false, parent = false;
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'E' || o.key == 'e') autoimport = o.key == 'E';
    if (o.key == 'P' || o.key == 'p') parent = o.key == 'P';
  }
  const std::string var = take_variable_name(c, b).text;
  Invocation i = [=](Context& ctx, Cursor& rest) -> Flow {
    return store_value(ctx, rest, var, std::to_string(parent ? ctx.system->getppid() : ctx.system->getpid()), autoimport);
  };
  if (autoimport) i.binds = Substitution{{unknown_binding(var)}};
  return i;
}

}  // namespace getpid_parts

extern const Builtin getpid_builtin{
    .name = "getpid",
    .summary = "put the pid in a variable",
    .options = getpid_parts::options,
    .operands = "variable prog...",
    .facts = needs_program | execline_needs_program,
    .parse = getpid_parts::parse,
};

}  // namespace chainscript
