// if [ -X ] [ -n ] [ -t | -x exitcode ] { prog1... } prog2...: runs prog1 in a
// child; goes on with prog2 only if it succeeds (with -n, only if it fails),
// else exits with its status (or the -t / -x one; a crash, 128+signal).
#include "builtins/if_family.hpp"

namespace chainscript {

namespace if_parts {

constexpr OptionSpec options[] = {
    {'X', "", "", "a test killed by a signal counts as a failure, not a crash"},
    {'n', "", "", "go on when the test fails, not when it succeeds"},
    {'t', "", "", "when not going on, exit 0", 1},
    {'x', "", "exitcode", "when not going on, exit with exitcode", 1},
};

Invocation parse(Cursor& c, const Builtin& b) {
  const TestOptions t = test_options(parse_options(c, b), b);
  BlockRef block = take_chain_block(c, b, "PROGRAM");
  return [=](Context& ctx, Cursor&) -> Flow {
    const int st = run_and_wait(block, ctx);
    // A crash is 128+signal whatever -t or -x say (execline); -X makes it a failure.
    if (auto code = crashed(st, t.tolerate_crash, ctx)) return *code;
    if (succeeded_status(st) != t.negate) return {};
    if (t.exit_with) return *t.exit_with;
    return t.negate ? 1 : reported_status(st);
  };
}

}  // namespace if_parts

extern const Builtin if_builtin{
    .name = "if",
    .summary = "go on only if a block succeeds",
    .options = if_parts::options,
    .operands = "{ prog1... } prog2...",
    .parse = if_parts::parse,
};

}  // namespace chainscript
