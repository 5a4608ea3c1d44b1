// setuidgid [ --supplementary ] user prog... (nosh): drops privileges to
// user: setgroups (its group, or with --supplementary all of its groups),
// setgid, setuid; from root, checks that root cannot be regained.
#include "builtins/credentials.hpp"

namespace chainscript {

namespace setuidgid_parts {

constexpr OptionSpec options[] = {
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
