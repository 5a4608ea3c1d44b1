// elgetopt [ -D default ] optstring prog...: reads the options among the
// positional parameters (getopt's optstring), sets ELGETOPT_x for each (its
// value, or default, "1"), and shifts them away.
#include "builtins/positional_parameters.hpp"

namespace chainscript {

namespace elgetopt_parts {

constexpr OptionSpec options[] = {
    {'D', "", "default", "the value of an option that takes none (default: 1)"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  std::string fallback = "1";
  for (const auto& o : parse_options(c, b)) fallback = o.value;
  const std::string optstring = take_arg(c, b, "OPTSTRING").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    const auto v = positionals(ctx);
    size_t i = 1;
    for (; i < v.size(); ++i) {
      const std::string& a = v[i];
      if (a == "--") {
        ++i;
        break;
      }
      if (a.size() < 2 || a[0] != '-') break;
      for (size_t k = 1; k < a.size(); ++k) {
        const char letter = a[k];
        const auto pos = optstring.find(letter);
        if (pos == std::string::npos || letter == ':') ctx.fail(1, std::string("unknown option -") + letter);  // as execline
        std::string value = fallback;
        if (pos + 1 < optstring.size() && optstring[pos + 1] == ':') {
          if (k + 1 < a.size()) value = a.substr(k + 1);
          else if (i + 1 < v.size()) value = v[++i];
          else ctx.fail(exit_code::usage, std::string("option -") + letter + " needs an argument");
          k = a.size();
        }
        ctx.setenv(std::string("ELGETOPT_") + letter, value);
      }
    }
    const size_t old_n = v.size() - 1;
    const size_t n = v.size() - i;
    for (size_t k = 1; k <= n; ++k) ctx.setenv(std::to_string(k), v[i + k - 1]);
    for (size_t k = n + 1; k <= old_n; ++k) ctx.unsetenv(std::to_string(k));
    ctx.setenv("#", std::to_string(n));
    return {};
  };
}

}  // namespace elgetopt_parts

extern const Builtin elgetopt_builtin{
    .name = "elgetopt",
    .summary = "parse options out of the positional parameters",
    .options = elgetopt_parts::options,
    .operands = "optstring prog...",
    .facts = needs_program | execline_needs_program,
    .parse = elgetopt_parts::parse,
};

}  // namespace chainscript
