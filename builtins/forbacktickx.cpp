// forbacktickx [ -E | -e ] [ -p | -o okcodes | -x breakcodes ] [ -N | -n ]
// [ -C | -c ] [ -0 | -d delim ] variable { gen... } loop...: runs gen in a
// child, and the rest (loop) once per line (or delimited value) it prints.
#include "builtins/loops.hpp"
#include "builtins/substitution_directives.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace forbacktickx_parts {

Invocation parse(Cursor& c, const Builtin& b) {
  LoopOptions l;
  SplitOptions s;
  for (const auto& o : parse_options(c, b))
    if (!loop_option(o, l, b)) split_option(o, s);
  const Word var = take_variable_name(c, b);
  const BlockRef gen = take_chain_block(c, b, "GEN");
  Invocation i = [=](Context& ctx, Cursor& rest) -> Flow {
    // As execline's (a pipeline into forstdin): the generator's status does
    // not matter; no value at all is exit 1.
    const auto values = split_values(capture_output(gen, ctx).first, s);
    if (!values) ctx.fail(exit_code::system_call, "invalid netstring list in the output of the block");
    Loop loop(ctx, rest, var.text, l);
    loop.skip_unstartable = true;
    for (const auto& v : *values)
      if (auto code = loop.run(v)) return *code;
    if (loop.runs == 0) return 1;
    return loop.finish();
  };
  if (l.autoimport) i.binds = Substitution{{unknown_binding(var.text)}};
  return i;
}

}  // namespace forbacktickx_parts

extern const Builtin forbacktickx_builtin{
    .name = "forbacktickx",
    .summary = "run the rest once per value a block prints",
    .options = stream_loop_options,
    .operands = "variable { gen... } loop...",
    .parse = forbacktickx_parts::parse,
};

}  // namespace chainscript
