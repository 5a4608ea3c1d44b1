#include "builtins/path_variable.hpp"

namespace chainscript {

Invocation parse_path_edit(Cursor& c, const Builtin& b, bool append) {
  const std::string var = take_variable_name(c, b).text;
  const std::string dir = take_arg(c, b, "DIRECTORY").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    const std::optional<std::string> old(ctx.env.get(var));
    // nosh 1.40 puts the colon whenever the variable is set, empty or not
    // (its manual says "set and not empty"); elsewhere an empty value takes
    // none, lest an empty entry (the current directory) enter a path.
    if (!old || (old->empty() && !ctx.rules->nosh_tools())) ctx.setenv(var, dir);
    else ctx.setenv(var, append ? *old + ":" + dir : dir + ":" + *old);
    return {};
  };
}

}  // namespace chainscript
