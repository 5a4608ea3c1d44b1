// printenv [ --print0 ] [ --full ] [ variable... ] (nosh): prints the
// environment the chain carries (NAME=value lines, or the named variables'
// values; --full adds their names; unset names are skipped), then ends the
// chain: 0, or 1 when a named variable is not set (as nosh 1.40's printenv
// and GNU's do).
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
    bool all_set = true;
    if (names.empty()) {
      for (const auto& [k, v] : ctx.env.vars()) out += k + "=" + v + end;
    } else {
      for (const auto& n : names) {
        const auto* v = ctx.env.get(n);
        if (v) out += (full ? n + "=" : std::string()) + *v + end;
        all_set &= v != nullptr;
      }
    }
    // nosh's printenv does not report a failed write; elsewhere it is 111.
    if (ctx.system->write_all(1, out) < 0 && !ctx.rules->nosh_tools())
      ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
    return all_set ? 0 : 1;
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
