// forstdin [ -E | -e ] [ -p | -o okcodes | -x breakcodes ] [ -N | -n ]
// [ -C | -c ] [ -0 | -d delim ] variable loop...: runs the rest (loop) once
// per line (or delimited value) of stdin, as soon as each is complete, so
// that `tail -f log | forstdin ...` works.
#include "builtins/loops.hpp"
#include "builtins/substitution_directives.hpp"

namespace chainscript {

namespace forstdin_parts {

Invocation parse(Cursor& c, const Builtin& b) {
  LoopOptions l;
  SplitOptions s;
  for (const auto& o : parse_options(c, b))
    if (!loop_option(o, l, b)) split_option(o, s);
  const Word var = take_variable_name(c, b);
  Invocation i = [=](Context& ctx, Cursor& rest) -> Flow {
    Loop loop(ctx, rest, var.text, l);
    const auto run_all = [&](const std::string& text) -> std::optional<int> {
      const auto values = split_values(text, s);
      if (!values) ctx.fail(exit_code::system_call, "invalid netstring list on stdin");
      for (const auto& v : *values)
        if (auto code = loop.run(v)) return code;
      return std::nullopt;
    };
    std::string pending;
    bool read_anything = false;
    for (;;) {
      const auto chunk = ctx.system->read_some(0);
      if (!chunk) ctx.fail_errno(exit_code::system_call, "unable to read stdin");
      if (chunk->empty()) break;
      read_anything = true;
      pending += *chunk;
      if (s.netstrings) continue;  // a netstring list is split whole, at the end
      const auto last = pending.find_last_of(s.delims);
      if (last == std::string::npos) continue;
      if (auto code = run_all(pending.substr(0, last + 1))) return *code;
      pending.erase(0, last + 1);
    }
    if (!read_anything) return 1;
    if (auto code = run_all(pending)) return *code;
    if (loop.runs == 0) return 1;  // nothing but an unterminated line
    return loop.finish();
  };
  if (l.autoimport) i.binds = Substitution{{unknown_binding(var.text)}};
  return i;
}

}  // namespace forstdin_parts

extern const Builtin forstdin_builtin{
    .name = "forstdin",
    .summary = "run the rest once per line of stdin",
    .options = stream_loop_options,
    .operands = "variable loop...",
    .facts = execline_needs_program,
    .parse = forstdin_parts::parse,
};

}  // namespace chainscript
