// pause (nosh): waits for a signal that ends the process.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace pause_parts {

Invocation parse(Cursor&, const Builtin&) {
  return [](Context& ctx, Cursor&) -> Flow {
    ctx.system->pause();
    return {};  // not reached: only the signal ends it
  };
}

}  // namespace pause_parts

extern const Builtin pause_builtin{
    .name = "pause",
    .summary = "wait for a signal",
    .parse = pause_parts::parse,
};

}  // namespace chainscript
