// dollarat [ -n ] [ -0 | -d delimchar ]: prints the positional parameters of
// the environment, each followed by a newline (or delimchar, or a NUL; with
// -d "" as netstrings), and ends the chain.
#include "builtins/positional_parameters.hpp"

namespace chainscript {

namespace dollarat_parts {

constexpr OptionSpec options[] = {
    {'n', "", "", "no delimiter after the last one"},
    {'0', "", "", "end each with a NUL byte", 1},
    {'d', "", "delimchar", "end each with delimchar; \"\" prints netstrings", 1},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool chomp = false, netstrings = false;
  char delim = '\n';
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'n') chomp = true;
    if (o.key == '0') delim = '\0', netstrings = false;
    if (o.key == 'd') {
      netstrings = o.value.empty();
      if (!netstrings) delim = o.value[0];
    }
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    const auto v = positionals(ctx);
    std::string out;
    for (size_t i = 1; i < v.size(); ++i) {
      if (netstrings)
        out += std::to_string(v[i].size()) + ":" + v[i] + ",";
      else
        out += v[i] + delim;
    }
    if (chomp && !netstrings && !out.empty()) out.pop_back();
    if (ctx.system->write_all(1, out) < 0) ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
    return 0;
  };
}

}  // namespace dollarat_parts

extern const Builtin dollarat_builtin{
    .name = "dollarat",
    .summary = "print the positional parameters",
    .options = dollarat_parts::options,
    .parse = dollarat_parts::parse,
};

}  // namespace chainscript
