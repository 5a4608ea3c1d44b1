#include "builtins/credentials.hpp"

#include "interp/lookups.hpp"
#include "lib/lists.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

Credentials credentials_of(Context& ctx, const std::string& user, bool supplementary) {
  const UserEntry* u = ctx.lookups->user(user, ctx);
  if (!u) ctx.fail(exit_code::system_call, "unknown user " + user);
  return {supplementary ? ctx.lookups->groups_of(*u, ctx) : std::vector<gid_t>{u->gid}, u->gid, u->uid};
}

void drop_privileges(Context& ctx, const Credentials& c, const std::string& who) {
  auto* sys = ctx.system;
  const bool was_root = sys->geteuid() == 0;
  if (c.groups && sys->setgroups(*c.groups) < 0) ctx.fail_errno(exit_code::system_call, "unable to set the groups of " + who);
  if (c.gid && sys->setgid(*c.gid) < 0) ctx.fail_errno(exit_code::system_call, "unable to set the gid of " + who);
  if (c.uid && sys->setuid(*c.uid) < 0) ctx.fail_errno(exit_code::system_call, "unable to set the uid of " + who);
  if (was_root && c.uid && *c.uid != 0 && sys->root_regainable())
    ctx.fail(exit_code::system_call, "root could be regained after switching to " + who);
}

Invocation with_user_credentials(Cursor& c, const Builtin& b,
                                 std::function<void(Context&, const Credentials&, const std::string& user, bool supplementary)> act) {
  const bool supplementary = !parse_options(c, b).empty();
  const Word user = take_arg(c, b, "USER");
  Invocation i = [=](Context& ctx, Cursor&) -> Flow {
    act(ctx, credentials_of(ctx, user.text, supplementary), user.text, supplementary);
    return {};
  };
  if (user.known) i.resolve = [=](Context& ctx) { credentials_of(ctx, user.text, supplementary); };
  return i;
}

std::optional<std::vector<gid_t>> gid_list(std::string_view text) {
  std::vector<gid_t> out;
  if (text.empty()) return out;
  for (const auto field : split_list(text, ',')) {
    const auto g = decimal_number(field, 0xfffffffeULL);
    if (!g) return std::nullopt;
    out.push_back(static_cast<gid_t>(*g));
  }
  return out;
}

std::string gid_list_text(const std::vector<gid_t>& groups) {
  return join_list(groups, ',', [](gid_t g) { return std::to_string(g); });
}

}  // namespace chainscript
