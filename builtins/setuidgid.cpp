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

// s6's interfaces: s6-envuidgid puts UID, GID and GIDLIST (the account's
// supplementary groups, from the group database) in the environment;
// s6-applyuidgid applies them; s6-setuidgid is the two together.
namespace chainscript {

namespace {

// "user" or "user:group"
Credentials s6_account(Context& ctx, const std::string& account) {
  const auto colon = account.find(':');
  Credentials cr = look_up(ctx, account.substr(0, colon), true);
  if (colon != std::string::npos) {
    const struct group* gr = getgrnam(account.substr(colon + 1).c_str());
    if (!gr) ctx.fail(exit_code::system_call, "unknown group " + account.substr(colon + 1));
    cr.gid = gr->gr_gid;
  }
  return cr;
}

std::string gid_list(const std::vector<gid_t>& groups) {
  std::string list;
  for (gid_t g : groups) list += (list.empty() ? "" : ",") + std::to_string(g);
  return list;
}

}  // namespace

Action parse_s6_envuidgid(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'u', ""}, {'g', ""}, {'B', ""}, {'n', ""}, {'i', ""}, {'D', "", true}};
  bool user_only = false, group_only = false, tolerant = false;
  std::optional<std::string> fallback;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'u') user_only = true;
    if (o.key == 'g') group_only = true;
    if (o.key == 'n') tolerant = true;
    if (o.key == 'D') fallback = o.value;
    if (o.key == 'i') fallback.reset();
  }
  const std::string account = take_arg(c, b, "ACCOUNT").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    if (group_only) {
      const struct group* gr = getgrnam(account.c_str());
      if (!gr) ctx.fail(exit_code::system_call, "unknown group " + account);
      ctx.setenv("GID", std::to_string(gr->gr_gid));
      return {};
    }
    if (!getpwnam(account.substr(0, account.find(':')).c_str()) && (tolerant || fallback)) {
      if (fallback) {  // uid:gid:gidlist
        const auto a = fallback->find(':'), z = fallback->find(':', a == std::string::npos ? a : a + 1);
        ctx.setenv("UID", fallback->substr(0, a));
        if (a != std::string::npos) ctx.setenv("GID", fallback->substr(a + 1, z == std::string::npos ? z : z - a - 1));
        if (z != std::string::npos) ctx.setenv("GIDLIST", fallback->substr(z + 1));
      }
      return {};
    }
    const Credentials cr = s6_account(ctx, account);
    ctx.setenv("UID", std::to_string(cr.uid));
    if (user_only) return {};
    ctx.setenv("GID", std::to_string(cr.gid));
    ctx.setenv("GIDLIST", gid_list(cr.groups));
    return {};
  };
}

Action parse_s6_setuidgid(Cursor& c, const Builtin& b) {
  const std::string account = take_arg(c, b, "ACCOUNT").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    apply(ctx, s6_account(ctx, account), account);
    return {};
  };
}

Action parse_s6_applyuidgid(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'u', "", true}, {'g', "", true}, {'G', "", true}, {'U', ""}, {'z', ""}};
  std::optional<std::string> uid, gid, gids;
  bool from_env = false, unexport = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'u') uid = o.value;
    if (o.key == 'g') gid = o.value;
    if (o.key == 'G') gids = o.value;
    if (o.key == 'U') from_env = true;
    if (o.key == 'z') unexport = true;
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    const auto number = [&](const std::string& s, const char* what) -> unsigned long {
      if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string::npos)
        ctx.fail(exit_code::usage, std::string(what) + " is not a number: " + s);
      return std::stoul(s);
    };
    std::optional<std::string> u = uid, g = gid, l = gids;
    if (from_env) {
      if (const auto* v = ctx.env.get("UID")) u = *v;
      if (const auto* v = ctx.env.get("GID")) g = *v;
      if (const auto* v = ctx.env.get("GIDLIST")) l = *v;
    }
    auto* sys = ctx.system;
    if (l) {
      std::vector<gid_t> groups;
      size_t p = 0;
      while (!l->empty() && p <= l->size()) {
        const auto comma = l->find(',', p);
        groups.push_back(static_cast<gid_t>(number(l->substr(p, comma == std::string::npos ? comma : comma - p), "GIDLIST")));
        if (comma == std::string::npos) break;
        p = comma + 1;
      }
      if (sys->setgroups(groups) < 0) ctx.fail_errno(exit_code::system_call, "unable to set the groups");
    }
    if (g && sys->setgid(static_cast<gid_t>(number(*g, "GID"))) < 0) ctx.fail_errno(exit_code::system_call, "unable to setgid " + *g);
    if (u && sys->setuid(static_cast<uid_t>(number(*u, "UID"))) < 0) ctx.fail_errno(exit_code::system_call, "unable to setuid " + *u);
    if (unexport) {
      ctx.unsetenv("UID");
      ctx.unsetenv("GID");
      ctx.unsetenv("GIDLIST");
    }
    return {};
  };
}

}  // namespace chainscript
