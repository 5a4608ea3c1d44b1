// setuidgid [ --supplementary ] user prog... (nosh): drops privileges to
// user: setgroups (its group, or with --supplementary all of its groups),
// setgid, setuid; from root, checks that root cannot be regained.
#include "builtins/credentials.hpp"

namespace chainscript {

namespace {

constexpr OptionSpec options[] = {
    {'s', "supplementary", "", "all the groups that list the user, not only its own"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  const bool supplementary = !parse_options(c, b).empty();
  const Word user = take_arg(c, b, "USER");
  Invocation i = [=](Context& ctx, Cursor&) -> Flow {
    drop_privileges(ctx, credentials_of(ctx, user.text, supplementary), user.text);
    return {};
  };
  if (user.known) i.resolve = [=](Context& ctx) { credentials_of(ctx, user.text, supplementary); };
  return i;
}

}  // namespace

extern const Builtin setuidgid_builtin{
    .name = "setuidgid",
    .summary = "drop privileges to a user (groups, gid, uid)",
    .style = OptionStyle::gnu,
    .options = options,
    .operands = "user prog...",
    .facts = needs_program,
    .parse = parse,
};

}  // namespace chainscript
