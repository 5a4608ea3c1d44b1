// runblock [ -P ] [ -n argshift ] [ -r ] n prog...: appends the n-th block
// found in the positional parameters (with -r, everything after the first n
// blocks) to the rest of the chain, and runs that.
#include "builtins/positional_parameters.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace runblock_parts {

constexpr OptionSpec options[] = {
    {'P', "", "", "keep the positional parameters' frame (do not pop it)"},
    {'n', "", "argshift", "skip this many arguments first"},
    {'r', "", "", "the arguments after the first n blocks, not the n-th block"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool keep_frame = false, remainder = false;
  unsigned long long argshift = 0;
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'P') keep_frame = true;
    if (o.key == 'r') remainder = true;
    if (o.key == 'n') argshift = parse_number(o.word(), b, "argshift");
  }
  const Word nw = take_arg(c, b, "N");
  const unsigned long long n = parse_number(nw, b, "N");
  if (nw.known && n == 0 && !remainder) usage_error(nw.at, b, "N must be at least 1");
  // What the chain becomes is known only when it runs.
  if (c.validating()) throw Uncertain{};
  return [=](Context& ctx, Cursor& rest) -> Flow {
    const auto v = positionals(ctx);
    const std::vector<std::string> args(v.begin() + 1, v.end());
    const size_t from = static_cast<size_t>(std::min<unsigned long long>(argshift, args.size()));
    std::vector<std::string> selected;
    if (remainder) {
      const size_t skip = block_span(args, from, n, ctx);
      selected.assign(args.begin() + static_cast<std::ptrdiff_t>(from + skip), args.end());
    } else {
      const size_t skip = block_span(args, from, n - 1, ctx);
      const size_t len = block_span(args, from + skip, 1, ctx);
      for (size_t i = from + skip; i + 1 < from + skip + len; ++i)
        selected.push_back(args[i][0] == ' ' ? args[i].substr(1) : args[i]);
    }
    if (!keep_frame) pop_positionals(ctx);
    std::vector<std::string> argv = rest.rest_argv();
    argv.insert(argv.end(), selected.begin(), selected.end());
    ast::Arena arena;
    const auto body = decode_argv(argv, ctx.at, arena);
    Cursor program(body, {}, *ctx.rules);
    return run_chain(program, ctx);
  };
}

}  // namespace runblock_parts

extern const Builtin runblock_builtin{
    .name = "runblock",
    .summary = "run a block found in the positional parameters",
    .options = runblock_parts::options,
    .operands = "n prog...",
    .parse = runblock_parts::parse,
};

}  // namespace chainscript
