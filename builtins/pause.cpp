// pause (nosh): waits for a signal that ends the process.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace {

Invocation parse(Cursor&, const Builtin&) {
  return [](Context& ctx, Cursor&) -> Flow {
    ctx.system->pause();
    return {};  // not reached: only the signal ends it
  };
}

}  // namespace

extern const Builtin pause_builtin{
    .name = "pause",
    .summary = "wait for a signal",
    .parse = parse,
};

}  // namespace chainscript
