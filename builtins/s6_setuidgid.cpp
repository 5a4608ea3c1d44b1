// s6-setuidgid account prog...: drops privileges to account (a user, whose
// groups are those that list it, or uid:gid); an empty account changes
// nothing; an unknown one is exit 1, as s6 has it.
#include "builtins/credentials.hpp"
#include "interp/lookups.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

namespace s6_setuidgid_parts {

Invocation parse(Cursor& c, const Builtin& b) {
  const Word account = take_arg(c, b, "ACCOUNT");
  const auto credentials = [name = account.text](Context& ctx) -> std::optional<Credentials> {
    if (name.empty()) return std::nullopt;  // s6: no change at all
    const auto colon = name.find(':');
    if (colon != std::string::npos) {
      const auto uid = decimal_number(std::string_view(name).substr(0, colon), 0xfffffffeULL);
      const auto gid = decimal_number(std::string_view(name).substr(colon + 1), 0xfffffffeULL);
      if (uid && gid) return Credentials{std::vector<gid_t>{}, static_cast<gid_t>(*gid), static_cast<uid_t>(*uid)};
    }
    const UserEntry* u = ctx.lookups->user(name, ctx);
    if (!u) ctx.fail(1, "unknown account " + name);
    return Credentials{ctx.lookups->groups_listing(u->name, ctx), u->gid, u->uid};
  };
  Invocation i = [=, name = account.text](Context& ctx, Cursor&) -> Flow {
    if (const auto cr = credentials(ctx)) drop_privileges(ctx, *cr, name);
    return {};
  };
  if (account.known) i.resolve = credentials;
  return i;
}

}  // namespace s6_setuidgid_parts

extern const Builtin s6_setuidgid_builtin{
    .name = "s6-setuidgid",
    .summary = "drop privileges to an account and its groups",
    .operands = "account prog...",
    .facts = needs_program,
    .parse = s6_setuidgid_parts::parse,
};

}  // namespace chainscript
