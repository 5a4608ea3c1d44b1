// define [ -s ] [ -C | -c ] [ -N | -n ] [ -d delim ] variable value prog...:
// substitutes value for variable in the rest of the script.
#include "builtins/substitution_directives.hpp"

namespace chainscript {

namespace {

constexpr OptionSpec options[] = {
    {'s', "", "", "split the value into words at the delimiters"},
    {'C', "", "", "crunch: runs of delimiters count as one", 1},
    {'c', "", "", "do not crunch (the default)", 1},
    {'N', "", "", "keep a final delimiter (the default)", 2},
    {'n', "", "", "chomp: drop a final delimiter", 2},
    {'d', "", "delim", "the delimiters (default: space, tab, newline, CR); \"\" reads netstrings"},
};

Directive directive(Cursor& c, const Builtin& b) {
  Transform t;
  for (const auto& o : parse_options(c, b)) transform_option(o, t);
  const Word key = take_key(c, b, "VARIABLE");
  const Word value = take_arg(c, b, "VALUE");
  Binding predicted = predicted_binding(key.text, value, t, c, b);
  return {[=](Context& ctx) { return std::vector<Binding>{{key.text, transformed(value.text, t, ctx)}}; },
          {std::move(predicted)}};
}

Invocation parse(Cursor& c, const Builtin& b) { return substituting(directive(c, b)); }

}  // namespace

extern const Builtin define_builtin{
    .name = "define",
    .summary = "substitute a value for a variable in the rest of the script",
    .options = options,
    .operands = "variable value prog...",
    .parse = parse,
    .directive = directive,
};

}  // namespace chainscript
