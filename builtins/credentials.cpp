#include "builtins/credentials.hpp"

#include "interp/lookups.hpp"
#include "lib/lists.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

void fail_account(const Context& ctx, const std::string& message) {
  Failure f(exit_code::system_call, ctx.at, ctx.builtin, message);
  f.daemontools_111 = true;
  throw f;
}

Credentials credentials_of(Context& ctx, const std::string& user, bool supplementary,
                           const std::optional<std::string>& primary_group) {
  const UserEntry* u = ctx.lookups->user(user, ctx);
  if (!u) fail_account(ctx, "unknown user " + user);
  gid_t gid = u->gid;
  if (primary_group) {
    const auto named = ctx.lookups->group(*primary_group, ctx);
    if (!named) fail_account(ctx, "unknown group " + *primary_group);
    gid = *named;
  }
  return {supplementary ? ctx.lookups->groups_of(*u, gid, ctx) : std::vector<gid_t>{gid}, gid, u->uid};
}

void drop_privileges(Context& ctx, const Credentials& c, const std::string& who) {
  auto* sys = ctx.system;
  const bool was_root = sys->geteuid() == 0;
  const auto failed = [&](const std::string& what) {
    fail_account(ctx, with_errno("unable to set the " + what + " of " + who, errno));
  };
  if (c.groups && sys->setgroups(*c.groups) < 0) failed("groups");
  if (c.gid && sys->setgid(*c.gid) < 0) failed("gid");
  if (c.uid && sys->setuid(*c.uid) < 0) failed("uid");
  if (was_root && c.uid && *c.uid != 0 && sys->root_regainable())
    fail_account(ctx, "root could be regained after switching to " + who);
}

Invocation with_user_credentials(Cursor& c, const Builtin& b,
                                 std::function<void(Context&, const Credentials&, const std::string& user, bool supplementary)> act) {
  bool supplementary = false, names_known = true;
  std::optional<std::string> primary_group;
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 's') supplementary = true;
    else primary_group = o.value, names_known &= o.known;
  }
  const Word user = take_arg(c, b, "USER");
  Invocation i = [=](Context& ctx, Cursor&) -> Flow {
    act(ctx, credentials_of(ctx, user.text, supplementary, primary_group), user.text, supplementary);
    return {};
  };
  if (user.known && names_known)
    i.resolve = [=](Context& ctx) { credentials_of(ctx, user.text, supplementary, primary_group); };
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
