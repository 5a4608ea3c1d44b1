// false: ends the chain with exit code 1; what follows it never runs.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace false_parts {

Invocation parse(Cursor& c, const Builtin&) {
  c.skip_rest();
  return [](Context&, Cursor&) -> Flow { return 1; };
}

}  // namespace false_parts

extern const Builtin false_builtin{
    .name = "false",
    .summary = "end the chain with exit code 1",
    .parse = false_parts::parse,
};

}  // namespace chainscript
