// forx [ -E | -e ] [ -p ] [ -o okcodes | -x breakcodes ] variable { args... } loop...:
// runs the rest (loop) as a child once per arg, with variable set to it (or
// with -E substituted), one after the other (with -p, all at once).
#include "builtins/loops.hpp"
#include "builtins/substitution_directives.hpp"

namespace chainscript {

namespace forx_parts {

constexpr OptionSpec options[] = {
    {'E', "", "", "substitute variable instead of setting it", 1},
    {'e', "", "", "set variable in the environment (the default)", 1},
    {'p', "", "", "run the instances in parallel"},
    {'o', "", "okcodes", "stop when an instance exits with a code not in this comma list", 2},
    {'x', "", "breakcodes", "stop when an instance exits with a code in this comma list", 2},
};

Invocation parse(Cursor& c, const Builtin& b) {
  LoopOptions l;
  for (const auto& o : parse_options(c, b)) loop_option(o, l, b);
  const Word var = take_variable_name(c, b);
  const BlockRef args = take_word_block(c, b, "ARGS");
  Invocation i = [=](Context& ctx, Cursor& rest) -> Flow {
    Loop loop(ctx, rest, var.text, l);
    for (const auto& v : args.texts())
      if (auto code = loop.run(v)) return *code;
    return loop.finish();
  };
  if (l.autoimport) i.binds = Substitution{{unknown_binding(var.text)}};
  return i;
}

}  // namespace forx_parts

extern const Builtin forx_builtin{
    .name = "forx",
    .summary = "run the rest once per value",
    .options = forx_parts::options,
    .operands = "variable { args... } loop...",
    .parse = forx_parts::parse,
};

}  // namespace chainscript
