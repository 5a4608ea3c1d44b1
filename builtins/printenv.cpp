// printenv [ --print0 ] [ --full ] [ variable... ] (nosh): prints the
// environment the chain carries (NAME=value lines, or the named variables'
// values; --full adds their names; unset names are skipped), then ends the
// chain.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace printenv_parts {

constexpr OptionSpec options[] = {
    {'0', "print0", "", "end each with a NUL byte, not a newline"},
    {'f', "full", "", "print NAME=value for named variables too"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool print0 = false, full = false;
  for (const auto& o : parse_options(c, b)) {
    print0 |= o.key == '0';
    full |= o.key == 'f';
  }
  std::vector<std::string> names;
  while (c.peek()) names.push_back(c.take_word().text);
  return [=](Context& ctx, Cursor&) -> Flow {
    const char end = print0 ? '\0' : '\n';
    std::string out;
    if (names.empty()) {
      for (const auto& [k, v] : ctx.env.vars()) out += k + "=" + v + end;
    } else {
      for (const auto& n : names)
        if (const auto* v = ctx.env.get(n)) out += (full ? n + "=" : std::string()) + *v + end;
    }
    if (ctx.system->write_all(1, out) < 0) ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
    return 0;
  };
}

}  // namespace printenv_parts

extern const Builtin printenv_builtin{
    .name = "printenv",
    .summary = "print the environment",
    .style = OptionStyle::gnu,
    .options = printenv_parts::options,
    .operands = "[ variable... ]",
    .parse = printenv_parts::parse,
};

}  // namespace chainscript
