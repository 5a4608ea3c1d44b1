// getcwd [ -E | -e ] variable prog...: puts the working directory in the
// environment as variable (with -E, substitutes it instead).
#include "builtins/substitution_directives.hpp"

namespace chainscript {

namespace getcwd_parts {

constexpr OptionSpec options[] = {
    {'E', "", "", "substitute the value instead of setting a variable", 1},
    {'e', "", "", "set the variable (the default)", 1},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool autoimport = false;
  for (const auto& o : parse_options(c, b)) autoimport = o.key == 'E';
  const std::string var = take_variable_name(c, b).text;
  Invocation i = [=](Context& ctx, Cursor& rest) -> Flow {
    auto dir = ctx.system->getcwd();
    if (!dir) ctx.fail_errno(exit_code::system_call, "unable to get the working directory");
    return store_value(ctx, rest, var, std::move(*dir), autoimport);
  };
  if (autoimport) i.binds = Substitution{{unknown_binding(var)}};
  return i;
}

}  // namespace getcwd_parts

extern const Builtin getcwd_builtin{
    .name = "getcwd",
    .summary = "put the working directory in a variable",
    .options = getcwd_parts::options,
    .operands = "variable prog...",
    .facts = needs_program | execline_needs_program,
    .parse = getcwd_parts::parse,
};

}  // namespace chainscript
