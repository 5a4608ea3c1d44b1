// umask mask prog... (execline-umask): sets the file mode creation mask;
// octal as execline reads it, or, in the nosh dialect, a number as C writes
// it (0 octal, 0x hexadecimal, else decimal).
#include "builtins/builtin.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

namespace umask_parts {

constexpr std::string_view aliases[] = {"execline-umask"};

Invocation parse(Cursor& c, const Builtin& b) {
  const Word w = take_arg(c, b, "MASK");
  mode_t mask = 0;
  if (c.rules().nosh() && w.known) {
    const auto v = c_number(w.text, 07777);
    if (!v) usage_error(w.at, b, "MASK must be a number, not \"" + w.text + "\"");
    mask = static_cast<mode_t>(*v);
  } else {
    mask = parse_octal(w, b, "MASK", 07777);  // any mode; its permission bits count
  }
  mask &= 0777;
  return [mask](Context& ctx, Cursor&) -> Flow {
    ctx.system->umask(mask);
    return {};
  };
}

}  // namespace umask_parts

extern const Builtin umask_builtin{
    .name = "umask",
    .aliases = umask_parts::aliases,
    .summary = "set the file mode creation mask",
    .operands = "mask prog...",
    .facts = needs_program | execline_needs_program,
    .parse = umask_parts::parse,
};

}  // namespace chainscript
