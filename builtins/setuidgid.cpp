// setuidgid [ --supplementary ] [ --primary-group group ] user prog...
// (nosh): drops privileges to user: setgroups (its group, or group, and with
// --supplementary the groups listing it), setgid, setuid; from root, checks
// that root cannot be regained.
#include "builtins/credentials.hpp"

namespace chainscript {

namespace setuidgid_parts {

constexpr OptionSpec options[] = {
    {'g', "primary-group", "group", "this group's gid instead of the user's own"},
    {'s', "supplementary", "", "all the groups that list the user, not only its own"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  return with_user_credentials(c, b, [](Context& ctx, const Credentials& cr, const std::string& user, bool) {
    drop_privileges(ctx, cr, user);
  });
}

}  // namespace setuidgid_parts

extern const Builtin setuidgid_builtin{
    .name = "setuidgid",
    .summary = "drop privileges to a user (groups, gid, uid)",
    .style = OptionStyle::gnu,
    .options = setuidgid_parts::options,
    .operands = "user prog...",
    .facts = needs_program,
    .parse = setuidgid_parts::parse,
};

}  // namespace chainscript
