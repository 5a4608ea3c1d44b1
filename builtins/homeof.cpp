// homeof user: prints the user's home directory, and ends the chain.
#include "builtins/builtin.hpp"
#include "interp/lookups.hpp"

namespace chainscript {

namespace homeof_parts {

Invocation parse(Cursor& c, const Builtin& b) {
  const Word user = take_arg(c, b, "USER");
  const auto look_up = [name = user.text](Context& ctx) {
    const UserEntry* u = ctx.lookups->user(name, ctx);
    if (!u) ctx.fail(exit_code::system_call, "unknown user " + name);
    return u;
  };
  Invocation i = [look_up](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->write_all(1, look_up(ctx)->home + "\n") < 0)
      ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
    return 0;
  };
  if (user.known) i.resolve = look_up;
  return i;
}

}  // namespace homeof_parts

extern const Builtin homeof_builtin{
    .name = "homeof",
    .summary = "print a user's home directory",
    .operands = "user",
    .parse = homeof_parts::parse,
};

}  // namespace chainscript
