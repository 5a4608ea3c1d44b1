// shift [ -n argn ] [ -b blockn ] prog...: shifts the positional parameters
// in the environment by argn arguments (1 by default), then blockn blocks.
#include "builtins/positional_parameters.hpp"

namespace chainscript {

namespace shift_parts {

constexpr OptionSpec options[] = {
    {'n', "", "argn", "shift this many arguments"},
    {'b', "", "blockn", "then this many blocks"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  unsigned long long argn = 0, blockn = 0;
  bool any = false;
  for (const auto& o : parse_options(c, b)) {
    any = true;
    (o.key == 'n' ? argn : blockn) = parse_number(o.word(), b, o.key == 'n' ? "argn" : "blockn");
  }
  if (!any) argn = 1;
  return [=](Context& ctx, Cursor&) -> Flow {
    const auto v = positionals(ctx);
    const std::vector<std::string> args(v.begin() + 1, v.end());
    if (argn > args.size())
      too_few(ctx, "unable to shift " + std::to_string(argn) + " arguments: got " + std::to_string(args.size()));
    size_t m = static_cast<size_t>(std::min<unsigned long long>(argn, args.size()));
    m += block_span(args, m, blockn, ctx);
    const size_t n = args.size();
    for (size_t i = 1; i + m <= n; ++i) ctx.setenv(std::to_string(i), args[i + m - 1]);
    for (size_t i = n - m + 1; i <= n; ++i) ctx.unsetenv(std::to_string(i));
    ctx.setenv("#", std::to_string(n - m));
    return {};
  };
}

}  // namespace shift_parts

extern const Builtin shift_builtin{
    .name = "shift",
    .summary = "shift the positional parameters",
    .options = shift_parts::options,
    .operands = "prog...",
    .facts = needs_program | execline_needs_program,
    .parse = shift_parts::parse,
};

}  // namespace chainscript
