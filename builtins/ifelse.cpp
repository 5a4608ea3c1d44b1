// ifelse [ -X ] [ -n ] { prog1... } { prog2... } prog3...: runs prog1 in a
// child; if it succeeds, the chain becomes prog2, else it goes on with prog3.
#include "builtins/if_family.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace ifelse_parts {

constexpr OptionSpec options[] = {
    {'X', "", "", "a test killed by a signal counts as a failure, not a crash"},
    {'n', "", "", "the other way round: prog2 when prog1 fails"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  const TestOptions t = test_options(parse_options(c, b), b);
  BlockRef test = take_chain_block(c, b, "PROGRAM1");
  BlockRef then = take_chain_block(c, b, "PROGRAM2");
  return [=](Context& ctx, Cursor&) -> Flow {
    const int st = run_and_wait(test, ctx);
    if (auto code = crashed(st, t.tolerate_crash, ctx)) return *code;
    if (succeeded_status(st) != t.negate) return run_block(then, ctx);
    return {};
  };
}

}  // namespace ifelse_parts

extern const Builtin ifelse_builtin{
    .name = "ifelse",
    .summary = "run prog2 if prog1 succeeds, else go on",
    .options = ifelse_parts::options,
    .operands = "{ prog1... } { prog2... } prog3...",
    .parse = ifelse_parts::parse,
};

}  // namespace chainscript
