// withstdinas [ -i | -I | -D default ] [ -N | -n ] [ -E | -e ] variable prog...:
// reads stdin to its end and puts it (one final newline chomped) in the
// environment as variable (with -E, substitutes it instead).
#include "builtins/substitution_directives.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace withstdinas_parts {

constexpr OptionSpec withstdinas_options[] = {
    {'i', "", "", "a NUL in the input is an error: exit 1", 1},
    {'I', "", "", "a NUL in the input unsets variable (or gives no word)", 1},
    {'D', "", "default", "a NUL in the input gives default", 1},
};
constexpr auto options = option_table(withstdinas_options, captured_value_options);

Invocation parse(Cursor& c, const Builtin& b) {
  enum { truncate, insist, remove, fallback } on_nul = truncate;
  std::string default_value;
  CapturedValue how;
  for (const auto& o : parse_options(c, b)) {
    if (captured_value_option(o, how)) continue;
    switch (o.key) {
      case 'i': on_nul = insist; break;
      case 'I': on_nul = remove; break;
      case 'D': on_nul = fallback, default_value = o.value; break;
    }
  }
  const Word key = take_key(c, b, "VARIABLE");
  Invocation i = [=](Context& ctx, Cursor& rest) -> Flow {
    std::optional<std::string> value = read_stdin(ctx);
    if (const auto nul = value->find('\0'); nul != std::string::npos) {
      switch (on_nul) {
        case truncate: value->resize(nul); break;
        case insist: return 1;
        case remove: value.reset(); break;
        case fallback: value = default_value; break;
      }
    }
    return store_captured(ctx, rest, key.text, std::move(value), how);
  };
  if (how.autoimport) i.binds = Substitution{{unknown_binding(key.text)}};
  return i;
}

}  // namespace withstdinas_parts

extern const Builtin withstdinas_builtin{
    .name = "withstdinas",
    .summary = "put stdin in a variable",
    .options = withstdinas_parts::options,
    .operands = "variable prog...",
    .parse = withstdinas_parts::parse,
};

}  // namespace chainscript
