// true: ends the chain with exit code 0; what follows it never runs.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace true_parts {

Invocation parse(Cursor& c, const Builtin&) {
  c.skip_rest();
  return [](Context&, Cursor&) -> Flow { return 0; };
}

}  // namespace true_parts

extern const Builtin true_builtin{
    .name = "true",
    .summary = "end the chain with exit code 0",
    .parse = true_parts::parse,
};

}  // namespace chainscript
