// export variable value prog... (nosh: setenv): sets an environment variable
// for the rest of the chain.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace export_parts {

constexpr std::string_view aliases[] = {"setenv"};

Invocation parse(Cursor& c, const Builtin& b) {
  const Word key = take_arg(c, b, "VARIABLE");
  // execlineb refuses only a name with '=' in it; an empty name is set.
  if (key.known && key.text.find('=') != std::string::npos) usage_error(key.at, b, "bad variable name \"" + key.text + "\"");
  const std::string value = take_arg(c, b, "VALUE").text;
  return [key = key.text, value](Context& ctx, Cursor&) -> Flow {
    ctx.setenv(key, value);
    return {};
  };
}

}  // namespace export_parts

extern const Builtin export_builtin{
    .name = "export",
    .aliases = export_parts::aliases,
    .summary = "set an environment variable",
    .operands = "variable value prog...",
    .facts = needs_program | execline_needs_program,
    .parse = export_parts::parse,
};

}  // namespace chainscript
