// setuidgid, envuidgid, setuidgid-fromenv: dropping privileges. setgroups,
// setgid, setuid, in that order, each checked; from root, verify that root
// cannot be regained.
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>

#include "builtin.hpp"

namespace chainscript {

namespace {

struct Credentials {
  uid_t uid;
  gid_t gid;
  std::vector<gid_t> groups;
};

// Read-only look-ups, done for real in dry-run too.
Credentials look_up(Context& ctx, const std::string& user, bool supplementary) {
  errno = 0;
  const passwd* pw = getpwnam(user.c_str());
  if (!pw) ctx.fail(exit_code::system_call, errno ? with_errno("unable to look up user " + user, errno) : "unknown user " + user);
  Credentials c{pw->pw_uid, pw->pw_gid, {pw->pw_gid}};
  if (supplementary) {
    int n = 64;
    std::vector<gid_t> g(static_cast<size_t>(n));
    while (getgrouplist(pw->pw_name, pw->pw_gid, g.data(), &n) < 0) g.resize(static_cast<size_t>(n));
    g.resize(static_cast<size_t>(n));
    c.groups = g;
  }
  return c;
}

void apply(Context& ctx, const Credentials& c, const std::string& who) {
  auto* sys = ctx.system;
  const bool was_root = ::geteuid() == 0;
  if (sys->setgroups(c.groups) < 0) ctx.fail_errno(exit_code::system_call, "unable to set the groups of " + who);
  if (sys->setgid(c.gid) < 0) ctx.fail_errno(exit_code::system_call, "unable to set the gid of " + who);
  if (sys->setuid(c.uid) < 0) ctx.fail_errno(exit_code::system_call, "unable to set the uid of " + who);
  if (was_root && c.uid != 0 && !sys->simulated() && (::setuid(0) == 0 || ::seteuid(0) == 0))
    ctx.fail(exit_code::system_call, "root could be regained after switching to " + who);
}

constexpr OptionSpec supplementary_spec[] = {{'s', "supplementary"}};

}  // namespace

Action parse_setuidgid(Cursor& c, const Builtin& b) {
  const bool supplementary = !parse_options(c, b, supplementary_spec, OptionStyle::gnu).empty();
  const std::string user = take_arg(c, b, "USER").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    apply(ctx, look_up(ctx, user, supplementary), user);
    return {};
  };
}

Action parse_envuidgid(Cursor& c, const Builtin& b) {
  const bool supplementary = !parse_options(c, b, supplementary_spec, OptionStyle::gnu).empty();
  const std::string user = take_arg(c, b, "USER").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    const Credentials cr = look_up(ctx, user, supplementary);
    ctx.setenv("UID", std::to_string(cr.uid));
    ctx.setenv("GID", std::to_string(cr.gid));
    if (supplementary) {
      std::string list;
      for (gid_t g : cr.groups) list += (list.empty() ? "" : ",") + std::to_string(g);
      ctx.setenv("GIDLIST", list);
    } else if (ctx.env.get("GIDLIST")) {
      ctx.unsetenv("GIDLIST");  // an inherited list is not this user's
    }
    return {};
  };
}

Action parse_setuidgid_fromenv(Cursor&, const Builtin&) {
  return [](Context& ctx, Cursor&) -> Flow {
    const auto id = [&](const char* name) -> unsigned long {
      const std::string* v = ctx.env.get(name);
      if (!v || v->empty() || v->size() > 10 || v->find_first_not_of("0123456789") != std::string::npos)
        ctx.fail(exit_code::usage, std::string(name) + (v ? " is not a number" : " is not set"));
      return std::stoul(*v);
    };
    Credentials cr{static_cast<uid_t>(id("UID")), static_cast<gid_t>(id("GID")), {}};
    cr.groups = {cr.gid};
    if (const std::string* list = ctx.env.get("GIDLIST"); list && !list->empty()) {
      cr.groups.clear();
      size_t p = 0;
      for (;;) {
        const auto comma = list->find(',', p);
        const std::string g = list->substr(p, comma == std::string::npos ? std::string::npos : comma - p);
        if (g.empty() || g.size() > 10 || g.find_first_not_of("0123456789") != std::string::npos)
          ctx.fail(exit_code::usage, "GIDLIST is not a comma-separated list of numbers");
        cr.groups.push_back(static_cast<gid_t>(std::stoul(g)));
        if (comma == std::string::npos) break;
        p = comma + 1;
      }
    }
    apply(ctx, cr, "uid " + std::to_string(cr.uid));
    return {};
  };
}

}  // namespace chainscript

// s6's interfaces: s6-envuidgid puts UID, GID and GIDLIST (the groups that
// list the account as a member, from the group database) in the environment;
// s6-applyuidgid applies them; s6-setuidgid is the two together. An unknown
// account is exit 1, as s6 has it.
namespace chainscript {

namespace {

std::vector<gid_t> member_groups(const std::string& user) {
  std::vector<gid_t> out;
  setgrent();
  while (const struct group* g = getgrent())
    for (char** m = g->gr_mem; m && *m; ++m)
      if (user == *m) out.push_back(g->gr_gid);
  endgrent();
  return out;
}

std::string gid_list(const std::vector<gid_t>& groups) {
  std::string list;
  for (gid_t g : groups) list += (list.empty() ? "" : ",") + std::to_string(g);
  return list;
}

std::optional<unsigned long> numeric(const std::string& s) {
  if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoul(s);
}

}  // namespace

Action parse_s6_envuidgid(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'u', ""}, {'g', ""}, {'B', ""}, {'n', ""}, {'i', ""}, {'D', "", true}};
  char mode = 0;  // 'u', 'g', 'B' or 0 (user with groups)
  bool numeric_ok = false;
  std::optional<std::string> fallback;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'u' || o.key == 'g' || o.key == 'B') mode = o.key;
    if (o.key == 'n') numeric_ok = true;
    if (o.key == 'D') fallback = o.value;
    if (o.key == 'i') fallback.reset();
  }
  // -D uid:gid:gidlist
  std::string d_uid = "0", d_gid = "0", d_list;
  if (fallback) {
    const auto a = fallback->find(':');
    d_uid = fallback->substr(0, a);
    if (a != std::string::npos) {
      const auto z = fallback->find(':', a + 1);
      d_gid = fallback->substr(a + 1, z == std::string::npos ? z : z - a - 1);
      if (z != std::string::npos) d_list = fallback->substr(z + 1);
    }
  }
  const std::string account = take_arg(c, b, "ACCOUNT").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    const auto unknown = [&](const std::string& what) { ctx.fail(1, "unknown " + what); };
    const auto user_id = [&](const std::string& name, bool tolerant) -> std::optional<std::string> {
      if (const passwd* pw = getpwnam(name.c_str())) return std::to_string(pw->pw_uid);
      if (numeric_ok && numeric(name)) return name;
      if (fallback || tolerant) return d_uid;
      return std::nullopt;
    };
    const auto group_id = [&](const std::string& name, bool tolerant) -> std::optional<std::string> {
      if (const struct group* gr = getgrnam(name.c_str())) return std::to_string(gr->gr_gid);
      if (numeric_ok && numeric(name)) return name;
      if (fallback || tolerant) return d_gid;
      return std::nullopt;
    };
    if (mode == 'u') {
      const auto u = user_id(account, false);
      if (!u) unknown("user " + account);
      ctx.setenv("UID", *u);
    } else if (mode == 'g') {
      const auto g = group_id(account, false);
      if (!g) unknown("group " + account);
      ctx.setenv("GID", *g);
    } else if (mode == 'B') {  // user:group; unknown parts are 0 (or -D's)
      const auto colon = account.find(':');
      ctx.setenv("UID", *user_id(account.substr(0, colon), true));
      ctx.setenv("GID", colon == std::string::npos ? d_gid : *group_id(account.substr(colon + 1), true));
    } else if (const passwd* pw = getpwnam(account.c_str())) {
      const std::string name = pw->pw_name;
      ctx.setenv("UID", std::to_string(pw->pw_uid));
      ctx.setenv("GID", std::to_string(pw->pw_gid));
      ctx.setenv("GIDLIST", gid_list(member_groups(name)));
    } else if (fallback) {
      ctx.setenv("UID", d_uid);
      ctx.setenv("GID", d_gid);
      ctx.setenv("GIDLIST", d_list);
    } else {
      unknown("account " + account);
    }
    return {};
  };
}

Action parse_s6_setuidgid(Cursor& c, const Builtin& b) {
  const std::string account = take_arg(c, b, "ACCOUNT").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    if (account.empty()) return {};  // s6: no change at all
    const auto colon = account.find(':');
    if (colon != std::string::npos && numeric(account.substr(0, colon)) && numeric(account.substr(colon + 1))) {
      apply(ctx, {static_cast<uid_t>(*numeric(account.substr(0, colon))),
                  static_cast<gid_t>(*numeric(account.substr(colon + 1))), {}},
            account);
      return {};
    }
    const passwd* pw = getpwnam(account.c_str());
    if (!pw) ctx.fail(1, "unknown account " + account);
    const std::string name = pw->pw_name;
    const Credentials cr{pw->pw_uid, pw->pw_gid, member_groups(name)};
    apply(ctx, cr, account);
    return {};
  };
}

Action parse_s6_applyuidgid(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'u', "", true}, {'g', "", true}, {'G', "", true}, {'U', ""}, {'z', ""}};
  // In order: a -u, -g or -G after -U overrides the environment's value.
  struct Step {
    char which;
    unsigned long id = 0;
    std::vector<gid_t> list;
  };
  std::vector<Step> steps;
  bool unexport = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'z') unexport = true;
    if (o.key == 'U') steps.push_back({'U'});
    if (o.key == 'u' || o.key == 'g') steps.push_back({o.key, parse_number({o.value, o.at}, b, o.key == 'u' ? "uid" : "gid")});
    if (o.key == 'G') {
      Step s{'G'};
      size_t p = 0;
      while (!o.value.empty() && p <= o.value.size()) {
        const auto comma = o.value.find(',', p);
        s.list.push_back(static_cast<gid_t>(
            parse_number({o.value.substr(p, comma == std::string::npos ? comma : comma - p), o.at}, b, "gidlist")));
        if (comma == std::string::npos) break;
        p = comma + 1;
      }
      steps.push_back(std::move(s));
    }
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    std::optional<uid_t> uid;
    std::optional<gid_t> gid;
    std::optional<std::vector<gid_t>> groups;
    for (const auto& s : steps) {
      if (s.which == 'u') uid = static_cast<uid_t>(s.id);
      if (s.which == 'g') gid = static_cast<gid_t>(s.id);
      if (s.which == 'G') groups = s.list;
      if (s.which != 'U') continue;
      const auto number = [&](const char* name) -> std::optional<unsigned long> {
        const std::string* v = ctx.env.get(name);
        if (!v) return std::nullopt;
        const auto n = numeric(*v);
        if (!n) ctx.fail(exit_code::usage, std::string(name) + " is not a number: " + *v);
        return n;
      };
      if (auto n = number("UID")) uid = static_cast<uid_t>(*n);
      if (auto n = number("GID")) gid = static_cast<gid_t>(*n);
      if (const std::string* l = ctx.env.get("GIDLIST")) {
        groups.emplace();
        size_t p = 0;
        while (!l->empty() && p <= l->size()) {
          const auto comma = l->find(',', p);
          const auto n = numeric(l->substr(p, comma == std::string::npos ? comma : comma - p));
          if (!n) ctx.fail(exit_code::usage, "GIDLIST is not a comma-separated list of numbers: " + *l);
          groups->push_back(static_cast<gid_t>(*n));
          if (comma == std::string::npos) break;
          p = comma + 1;
        }
      }
    }
    auto* sys = ctx.system;
    if (groups && sys->setgroups(*groups) < 0) ctx.fail_errno(exit_code::system_call, "unable to set the groups");
    if (gid && sys->setgid(*gid) < 0) ctx.fail_errno(exit_code::system_call, "unable to setgid " + std::to_string(*gid));
    if (uid && sys->setuid(*uid) < 0) ctx.fail_errno(exit_code::system_call, "unable to setuid " + std::to_string(*uid));
    if (unexport) {
      ctx.unsetenv("UID");
      ctx.unsetenv("GID");
      ctx.unsetenv("GIDLIST");
    }
    return {};
  };
}

}  // namespace chainscript
