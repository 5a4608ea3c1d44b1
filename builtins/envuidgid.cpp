// envuidgid [ --supplementary ] user prog... (nosh): puts user's UID and GID
// (and with --supplementary GIDLIST) in the environment, for
// setuidgid-fromenv.
#include "builtins/credentials.hpp"

namespace chainscript {

namespace {

constexpr OptionSpec options[] = {
    {'s', "supplementary", "", "set GIDLIST to all the user's groups too"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  const bool supplementary = !parse_options(c, b).empty();
  const Word user = take_arg(c, b, "USER");
  Invocation i = [=](Context& ctx, Cursor&) -> Flow {
    const Credentials cr = credentials_of(ctx, user.text, supplementary);
    ctx.setenv("UID", std::to_string(*cr.uid));
    ctx.setenv("GID", std::to_string(*cr.gid));
    if (supplementary)
      ctx.setenv("GIDLIST", gid_list_text(*cr.groups));
    else if (ctx.env.get("GIDLIST"))
      ctx.unsetenv("GIDLIST");  // an inherited list is not this user's
    return {};
  };
  if (user.known) i.resolve = [=](Context& ctx) { credentials_of(ctx, user.text, supplementary); };
  return i;
}

}  // namespace

extern const Builtin envuidgid_builtin{
    .name = "envuidgid",
    .summary = "set UID, GID (and GIDLIST) for a user",
    .style = OptionStyle::gnu,
    .options = options,
    .operands = "user prog...",
    .facts = needs_program,
    .parse = parse,
};

}  // namespace chainscript
