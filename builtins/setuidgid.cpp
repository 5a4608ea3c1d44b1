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
