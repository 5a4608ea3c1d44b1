// ifte [ -X ] [ -n ] { progthen... } { progelse... } progif...: runs the rest
// (progif) in a child, then becomes progthen if it succeeded, else progelse.
#include "builtins/if_family.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace ifte_parts {

constexpr OptionSpec options[] = {
    {'X', "", "", "a test killed by a signal counts as a failure, not a crash"},
    {'n', "", "", "the other way round: progthen when progif fails"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  const TestOptions t = test_options(parse_options(c, b), b);
  BlockRef then = take_chain_block(c, b, "THEN");
  BlockRef otherwise = take_chain_block(c, b, "ELSE");
  return [=](Context& ctx, Cursor& rest) -> Flow {
    const pid_t pid = spawn_or_fail(ctx, [&rest](Context& child) { return run_chain(rest, child); });
    const int st = wait_for(pid, ctx);
    if (auto code = crashed(st, t.tolerate_crash, ctx)) return *code;
    return run_block(succeeded_status(st) != t.negate ? then : otherwise, ctx);
  };
}

}  // namespace ifte_parts

extern const Builtin ifte_builtin{
    .name = "ifte",
    .summary = "run progif, then progthen or progelse",
    .options = ifte_parts::options,
    .operands = "{ progthen... } { progelse... } progif...",
    .facts = execline_needs_program,
    .parse = ifte_parts::parse,
};

}  // namespace chainscript
