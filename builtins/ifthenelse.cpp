// ifthenelse [ -X ] [ -s ] { progif... } { progthen... } { progelse... } prog...:
// runs progif in a child, then progthen or progelse (in a child, setting ?;
// with -s in this process, followed by the rest), then goes on.
#include "builtins/if_family.hpp"

namespace chainscript {

namespace ifthenelse_parts {

constexpr OptionSpec options[] = {
    {'X', "", "", "a test killed by a signal counts as a failure, not a crash"},
    {'s', "", "", "run the chosen block in this process, followed by the rest"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool tolerate = false, scoped = false;
  for (const auto& o : parse_options(c, b)) {
    tolerate |= o.key == 'X';
    scoped |= o.key == 's';
  }
  BlockRef test = take_chain_block(c, b, "IF");
  // With -s, the chosen block is followed by the rest: it may end without a program.
  BlockRef then = take_word_block(c, b, "THEN");
  BlockRef otherwise = take_word_block(c, b, "ELSE");
  c.take_chain(then, scoped);
  c.take_chain(otherwise, scoped);
  return [=](Context& ctx, Cursor& rest) -> Flow {
    const int st = run_and_wait(test, ctx);
    if (auto code = crashed(st, tolerate, ctx)) return *code;
    const BlockRef& chosen = succeeded_status(st) ? then : otherwise;
    if (scoped) {
      rest.splice(chosen);
      return {};
    }
    ctx.setenv("?", question_mark(run_and_wait(chosen, ctx)));
    return {};
  };
}

}  // namespace ifthenelse_parts

extern const Builtin ifthenelse_builtin{
    .name = "ifthenelse",
    .summary = "run progthen or progelse after progif, then go on",
    .options = ifthenelse_parts::options,
    .operands = "{ progif... } { progthen... } { progelse... } prog...",
    .parse = ifthenelse_parts::parse,
};

}  // namespace chainscript
