// clearenv [ --keep-path ] prog... (nosh): empties the environment.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace clearenv_parts {

constexpr OptionSpec options[] = {
    {'p', "keep-path", "", "keep PATH"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  const bool keep_path = !parse_options(c, b).empty();
  return [=](Context& ctx, Cursor&) -> Flow {
    const std::string* path = keep_path ? ctx.env.get("PATH") : nullptr;
    const std::optional<std::string> kept = path ? std::optional<std::string>(*path) : std::nullopt;
    ctx.clearenv();
    if (kept) ctx.setenv("PATH", *kept);
    return {};
  };
}

}  // namespace clearenv_parts

extern const Builtin clearenv_builtin{
    .name = "clearenv",
    .summary = "empty the environment",
    .style = OptionStyle::gnu,
    .options = clearenv_parts::options,
    .operands = "prog...",
    .facts = needs_program,
    .parse = clearenv_parts::parse,
};

}  // namespace chainscript
