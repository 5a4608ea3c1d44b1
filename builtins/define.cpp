// define [ -s ] [ -C | -c ] [ -N | -n ] [ -d delim ] variable value prog...:
// substitutes value for variable in the rest of the script.
#include "builtins/substitution_directives.hpp"

namespace chainscript {

namespace define_parts {

constexpr auto options = option_table(split_option_spec, transform_options);

Directive directive(Cursor& c, const Builtin& b) {
  Transform t;
  for (const auto& o : parse_options(c, b)) transform_option(o, t);
  const Word key = take_key(c, b, "VARIABLE");
  const Word value = take_arg(c, b, "VALUE");
  Binding predicted = predicted_binding(key.text, value, t, c, b);
  return {[=](Context& ctx) { return std::vector<Binding>{{key.text, transformed(value.text, t, ctx)}}; },
          std::move(predicted)};
}

Invocation parse(Cursor& c, const Builtin& b) { return substituting(directive(c, b)); }

}  // namespace define_parts

extern const Builtin define_builtin{
    .name = "define",
    .summary = "substitute a value for a variable in the rest of the script",
    .options = define_parts::options,
    .operands = "variable value prog...",
    .parse = define_parts::parse,
    .directive = define_parts::directive,
};

}  // namespace chainscript
