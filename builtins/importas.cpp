// importas [ -i | -D default ] [ -u ] [ -s ] [ -C | -c ] [ -N | -n ] [ -d delim ]
// variable envvar prog...: substitutes the value of environment variable
// envvar for variable in the rest of the script (no word at all when it is
// unset, unless -D).
#include "builtins/substitution_directives.hpp"

namespace chainscript {

namespace importas_parts {

constexpr OptionSpec importas_options[] = {
    {'i', "", "", "insist: envvar unset is an error (100)", 1},
    {'D', "", "default", "the value when envvar is unset", 1},
    {'u', "", "", "unexport envvar as well"},
};
constexpr auto options = option_table(importas_options, split_option_spec, transform_options);

Directive directive(Cursor& c, const Builtin& b) {
  Transform t;
  bool insist = false, unexport = false;
  std::optional<std::string> fallback;
  for (const auto& o : parse_options(c, b)) {
    if (transform_option(o, t)) continue;
    if (o.key == 'i') insist = true;
    if (o.key == 'D') fallback = o.value;
    if (o.key == 'u') unexport = true;
  }
  const Word key = take_key(c, b, "VARIABLE");
  const std::string envvar = take_arg(c, b, "ENVVAR").text;
  // Validation takes the variable to be set: its value, one word (any number when split).
  return {[=](Context& ctx) {
            const auto v = ctx.env.get(envvar);
            std::vector<Binding> out;
            if (!v && insist) ctx.fail(exit_code::usage, envvar + " not set");
            if (!v && !fallback)
              out.push_back({key.text, {}});
            else
              out.push_back({key.text, transformed(v ? std::string(*v) : *fallback, t, ctx)});
            if (unexport) ctx.unsetenv(envvar);
            return out;
          },
          unknown_binding(key.text, t.split)};
}

Invocation parse(Cursor& c, const Builtin& b) { return substituting(directive(c, b)); }

}  // namespace importas_parts

extern const Builtin importas_builtin{
    .name = "importas",
    .summary = "substitute an environment variable's value",
    .options = importas_parts::options,
    .operands = "variable envvar prog...",
    .parse = importas_parts::parse,
    .directive = importas_parts::directive,
};

}  // namespace chainscript
