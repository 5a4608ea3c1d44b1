// exit [ exitcode ]: ends the chain with exitcode (0 by default; as execline,
// any number, modulo 256); what follows it never runs.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace exit_parts {

Invocation parse(Cursor& c, const Builtin& b) {
  int code = 0;
  if (c.peek()) code = static_cast<int>(parse_number(c.take_word(), b, "EXITCODE", 0xffffffffULL) & 0xff);
  c.skip_rest();
  return [code](Context&, Cursor&) -> Flow { return code; };
}

}  // namespace exit_parts

extern const Builtin exit_builtin{
    .name = "exit",
    .summary = "end the chain with an exit code",
    .operands = "[ exitcode ]",
    .parse = exit_parts::parse,
};

}  // namespace chainscript
