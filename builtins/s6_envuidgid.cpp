// s6-envuidgid [ -u | -g | -B ] [ -n ] [ -i | -D uid:gid:gidlist ] account prog...:
// puts UID, GID and GIDLIST (the groups that list the account as a member)
// in the environment, as s6 has it; -u the user's uid only, -g a group's gid
// only, -B user:group. An unknown account is exit 1, unless -D.
#include "builtins/credentials.hpp"
#include "interp/lookups.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

namespace s6_envuidgid_parts {

constexpr OptionSpec options[] = {
    {'u', "", "", "account is a user: set UID only", 1},
    {'g', "", "", "account is a group: set GID only", 1},
    {'B', "", "", "account is user:group: set UID and GID", 1},
    {'n', "", "", "a number is taken as an id"},
    {'i', "", "", "an unknown account is an error (the default)", 2},
    {'D', "", "uid:gid:gidlist", "the ids for an unknown account", 2},
};

struct Fallback {
  std::string uid = "0", gid = "0", list;
};

Invocation parse(Cursor& c, const Builtin& b) {
  char mode = 0;  // 'u', 'g', 'B' or 0 (user with groups)
  bool numeric_ok = false;
  std::optional<Fallback> fallback;
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'u' || o.key == 'g' || o.key == 'B') mode = o.key;
    if (o.key == 'n') numeric_ok = true;
    if (o.key == 'i') fallback.reset();
    if (o.key == 'D') {
      fallback.emplace();
      const auto a = o.value.find(':');
      fallback->uid = o.value.substr(0, a);
      if (a != std::string::npos) {
        const auto z = o.value.find(':', a + 1);
        fallback->gid = o.value.substr(a + 1, z == std::string::npos ? z : z - a - 1);
        if (z != std::string::npos) fallback->list = o.value.substr(z + 1);
      }
    }
  }
  const Word account = take_arg(c, b, "ACCOUNT");
  // The ids it sets, each name looked up; unknown: nullopt.
  const auto ids = [=](Context& ctx) {
    const Fallback d = fallback.value_or(Fallback{});
    const auto is_number = [&](const std::string& s) { return numeric_ok && decimal_number(s, 0xfffffffeULL); };
    const auto user_id = [&](const std::string& name, bool tolerant) -> std::optional<std::string> {
      if (const UserEntry* u = ctx.lookups->user(name, ctx)) return std::to_string(u->uid);
      if (is_number(name)) return name;
      if (fallback || tolerant) return d.uid;
      return std::nullopt;
    };
    const auto group_id = [&](const std::string& name, bool tolerant) -> std::optional<std::string> {
      if (const auto g = ctx.lookups->group(name, ctx)) return std::to_string(*g);
      if (is_number(name)) return name;
      if (fallback || tolerant) return d.gid;
      return std::nullopt;
    };
    const std::string& name = account.text;
    std::vector<std::pair<std::string, std::string>> out;
    if (mode == 'u') {
      const auto u = user_id(name, false);
      if (!u) ctx.fail(1, "unknown user " + name);
      out = {{"UID", *u}};
    } else if (mode == 'g') {
      const auto g = group_id(name, false);
      if (!g) ctx.fail(1, "unknown group " + name);
      out = {{"GID", *g}};
    } else if (mode == 'B') {  // user:group; unknown parts are 0 (or -D's)
      const auto colon = name.find(':');
      out = {{"UID", *user_id(name.substr(0, colon), true)},
             {"GID", colon == std::string::npos ? d.gid : *group_id(name.substr(colon + 1), true)}};
    } else if (const UserEntry* u = ctx.lookups->user(name, ctx)) {
      out = {{"UID", std::to_string(u->uid)}, {"GID", std::to_string(u->gid)},
             {"GIDLIST", gid_list_text(ctx.lookups->groups_listing(u->name, ctx))}};
    } else if (fallback) {
      out = {{"UID", d.uid}, {"GID", d.gid}, {"GIDLIST", d.list}};
    } else {
      ctx.fail(1, "unknown account " + name);
    }
    return out;
  };
  Invocation i = [ids](Context& ctx, Cursor&) -> Flow {
    for (const auto& [k, v] : ids(ctx)) ctx.setenv(k, v);
    return {};
  };
  if (account.known) i.resolve = ids;
  return i;
}

}  // namespace s6_envuidgid_parts

extern const Builtin s6_envuidgid_builtin{
    .name = "s6-envuidgid",
    .summary = "set UID, GID and GIDLIST for an account",
    .options = s6_envuidgid_parts::options,
    .operands = "account prog...",
    .facts = needs_program,
    .parse = s6_envuidgid_parts::parse,
};

}  // namespace chainscript
