// elgetpositionals [ -P sharp ] prog...: substitutes the positional
// parameters from the environment (#, 0, 1... and @) into the rest.
#include "builtins/positional_parameters.hpp"
#include "builtins/substitution_directives.hpp"

namespace chainscript {

namespace elgetpositionals_parts {

constexpr OptionSpec options[] = {
    {'P', "", "sharp", "substitute $1 to $sharp at least, empty when not set"},
};

Directive directive(Cursor& c, const Builtin& b) {
  unsigned long long sharp = 0;
  for (const auto& o : parse_options(c, b)) sharp = parse_number(o.word(), b, "sharp");
  // Which $N exist is known only when it runs: nothing predicted.
  return {[sharp](Context& ctx) {
            const auto v = positionals(ctx, exit_code::system_call);
            const size_t n = v.size() - 1;
            if (n < sharp)
              too_few(ctx, "too few arguments: expected at least " + std::to_string(sharp) + " but got " + std::to_string(n));
            std::vector<Binding> out{{"#", {std::to_string(n)}}};
            for (size_t i = 0; i <= std::max<size_t>(n, sharp); ++i)
              out.push_back({std::to_string(i), {i <= n ? v[i] : ""}});
            out.push_back({"@", std::vector<std::string>(v.begin() + 1, v.end())});
            return out;
          },
          std::vector<Binding>{}};
}

Invocation parse(Cursor& c, const Builtin& b) {
  Directive d = directive(c, b);
  if (c.validating()) throw Uncertain{};
  return substituting(std::move(d));
}

}  // namespace elgetpositionals_parts

extern const Builtin elgetpositionals_builtin{
    .name = "elgetpositionals",
    .summary = "substitute the positional parameters from the environment",
    .options = elgetpositionals_parts::options,
    .operands = "prog...",
    .facts = execline_needs_program,
    .parse = elgetpositionals_parts::parse,
    .directive = elgetpositionals_parts::directive,
};

}  // namespace chainscript
