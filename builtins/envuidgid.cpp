// envuidgid [ --supplementary ] [ --primary-group group ] user prog...
// (nosh): puts user's UID and GID (group's with --primary-group; and with
// --supplementary GIDLIST) in the environment, for setuidgid-fromenv.
#include "builtins/credentials.hpp"

namespace chainscript {

namespace envuidgid_parts {

constexpr OptionSpec options[] = {
    {'g', "primary-group", "group", "this group's gid instead of the user's own"},
    {'s', "supplementary", "", "set GIDLIST to all the user's groups too"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  return with_user_credentials(c, b, [](Context& ctx, const Credentials& cr, const std::string&, bool supplementary) {
    ctx.setenv("UID", std::to_string(*cr.uid));
    ctx.setenv("GID", std::to_string(*cr.gid));
    if (supplementary)
      ctx.setenv("GIDLIST", gid_list_text(*cr.groups));
    else if (ctx.env.get("GIDLIST"))
      ctx.unsetenv("GIDLIST");  // an inherited list is not this user's
  });
}

}  // namespace envuidgid_parts

extern const Builtin envuidgid_builtin{
    .name = "envuidgid",
    .summary = "set UID, GID (and GIDLIST) for a user",
    .style = OptionStyle::gnu,
    .options = envuidgid_parts::options,
    .operands = "user prog...",
    .facts = needs_program,
    .parse = envuidgid_parts::parse,
};

}  // namespace chainscript
