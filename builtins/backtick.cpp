// backtick [ -i | -I | -x | -D default ] [ -N | -n ] [ -E | -e ] variable
// { prog1... } prog2...: runs prog1 in a child and puts what it wrote on
// stdout (one final newline chomped) in the environment as variable (with
// -E, substitutes it instead), then goes on with prog2.
#include "builtins/substitution_directives.hpp"
#include "interp/interpreter.hpp"
#include "lib/names.hpp"

namespace chainscript {

namespace backtick_parts {

constexpr OptionSpec backtick_options[] = {
    {'i', "", "", "insist: prog1 failing, or a NUL in its output, is an error (the default)", 1},
    {'I', "", "", "go on anyway, the output cut at a NUL", 1},
    {'x', "", "", "go on with variable unset (or no word)", 1},
    {'D', "", "default", "go on with default as the value", 1},
};
constexpr auto options = option_table(backtick_options, captured_value_options);

Invocation parse(Cursor& c, const Builtin& b) {
  enum { insist, lenient, remove, fallback } on_failure = insist;
  std::string default_value;
  CapturedValue how;
  for (const auto& o : parse_options(c, b)) {
    if (captured_value_option(o, how)) continue;
    switch (o.key) {
      case 'i': on_failure = insist; break;
      case 'I': on_failure = lenient; break;
      case 'x': on_failure = remove; break;
      case 'D': on_failure = fallback, default_value = o.value; break;
    }
  }
  const Word key = take_key(c, b, "VARIABLE");
  if (key.known && !is_environment_name(key.text)) usage_error(key.at, b, "bad variable name \"" + key.text + "\"");
  BlockRef block = take_chain_block(c, b, "PROGRAM");
  Invocation i = [=](Context& ctx, Cursor& rest) -> Flow {
    auto [out, st] = capture_output(block, ctx);
    std::optional<std::string> value = std::move(out);
    const bool has_nul = value->find('\0') != std::string::npos;
    if (!succeeded_status(st) || has_nul) {
      switch (on_failure) {
        case insist:
          if (has_nul && succeeded_status(st)) ctx.fail(124, "the block's output contains a NUL byte");
          ctx.fail(reported_status(st), WIFSIGNALED(st) ? "the block was killed by signal " + std::to_string(WTERMSIG(st))
                                                        : "the block exited " + std::to_string(WEXITSTATUS(st)));
        case lenient: value->resize(std::min(value->size(), value->find('\0'))); break;
        case remove: value.reset(); break;
        case fallback: value = default_value; break;
      }
    }
    return store_captured(ctx, rest, key.text, std::move(value), how);
  };
  if (how.autoimport) i.binds = Substitution{{unknown_binding(key.text)}};
  return i;
}

}  // namespace backtick_parts

extern const Builtin backtick_builtin{
    .name = "backtick",
    .summary = "set a variable to the output of a block",
    .options = backtick_parts::options,
    .operands = "variable { prog1... } prog2...",
    .parse = backtick_parts::parse,
};

}  // namespace chainscript
