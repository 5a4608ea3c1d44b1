// setuidgid, envuidgid, setuidgid-fromenv (issue 3), checked with id(1).
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "harness/harness.hpp"
#include "harness/sockets.hpp"

using namespace harness;

namespace {


struct User {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // getgrouplist order, primary included
};

std::optional<User> user(const std::string& name) {
  const passwd* pw = getpwnam(name.c_str());
  if (!pw) return std::nullopt;
  User u{pw->pw_name, pw->pw_uid, pw->pw_gid, {}};
  int n = 64;
  std::vector<gid_t> g(static_cast<size_t>(n));
  while (getgrouplist(u.name.c_str(), u.gid, g.data(), &n) < 0) g.resize(static_cast<size_t>(n));
  g.resize(static_cast<size_t>(n));
  u.groups = g;
  return u;
}

// A user other than root with at least one supplementary group.
std::optional<User> user_with_supplementary_groups() {
  std::vector<std::string> names;
  setpwent();
  while (const passwd* pw = getpwent()) names.emplace_back(pw->pw_name);
  endpwent();
  for (const auto& n : names) {
    auto u = user(n);
    if (u && u->uid != 0 && std::set<gid_t>(u->groups.begin(), u->groups.end()).size() > 1) return u;
  }
  return std::nullopt;
}

std::string group_name(gid_t g) {
  const group* gr = getgrgid(g);
  return gr ? gr->gr_name : std::to_string(g);
}

std::string user_name(uid_t u) {
  const passwd* pw = getpwuid(u);
  return pw ? pw->pw_name : std::to_string(u);
}

// What `id -G` prints, as a set.
std::set<gid_t> gid_set(const std::string& out) {
  std::set<gid_t> s;
  std::istringstream in(out);
  for (unsigned long g; in >> g;) s.insert(static_cast<gid_t>(g));
  return s;
}

std::string id_program() { return find_program("id"); }

}  // namespace

TEST(Setuidgid, DropsToNobodyWithoutItsFormerGroups) {
  REQUIRE_ROOT("changing to another user");
  const auto nobody = user("nobody");
  if (!nobody) GTEST_SKIP() << "no user nobody";
  const std::string id = id_program();
  ASSERT_FALSE(id.empty());
  const Result r = run(cs("setuidgid nobody " + q(id)));
  ASSERT_EQ(r.status(), 0) << r;
  const std::string g = std::to_string(nobody->gid) + "(" + group_name(nobody->gid) + ")";
  EXPECT_EQ(r.out, "uid=" + std::to_string(nobody->uid) + "(nobody) gid=" + g + " groups=" + g + "\n") << r;
}

TEST(Setuidgid, RootCannotBeRegained) {
  REQUIRE_ROOT("changing to another user");
  const Result r = run(cs("setuidgid nobody " + SP + " try-setuid0"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(r.out, "setuid0 failed\n") << r;
}

TEST(Setuidgid, SupplementaryGroupsOnlyWhenAsked) {
  REQUIRE_ROOT("changing to another user");
  const auto u = user_with_supplementary_groups();
  if (!u) GTEST_SKIP() << "no user with supplementary groups in the user database";
  const std::string id = id_program();
  const Result with = run(cs("setuidgid --supplementary " + q(u->name) + " " + q(id) + " -G"));
  ASSERT_EQ(with.status(), 0) << with;
  EXPECT_EQ(gid_set(with.out), std::set<gid_t>(u->groups.begin(), u->groups.end())) << u->name << "\n" << with;
  const Result without = run(cs("setuidgid " + q(u->name) + " " + q(id) + " -G"));
  ASSERT_EQ(without.status(), 0) << without;
  EXPECT_EQ(gid_set(without.out), std::set<gid_t>{u->gid}) << u->name << "\n" << without;
  const Result uid = run(cs("setuidgid --supplementary " + q(u->name) + " " + q(id) + " -u"));
  EXPECT_EQ(uid.out, std::to_string(u->uid) + "\n") << uid;
}

TEST(Setuidgid, EnvuidgidSetsUidGidAndWithSupplementaryGidlist) {
  const auto nobody = user("nobody");
  if (!nobody) GTEST_SKIP() << "no user nobody";
  const Result r = run(cs("envuidgid nobody " + SP + " print-env UID GID GIDLIST"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(env_of(r.out, "UID"), std::to_string(nobody->uid)) << r;
  EXPECT_EQ(env_of(r.out, "GID"), std::to_string(nobody->gid)) << r;
  EXPECT_TRUE(has_line(r.out, "env GIDLIST unset")) << r;
  const User u = user_with_supplementary_groups().value_or(*nobody);
  const Result s = run(cs("envuidgid --supplementary " + q(u.name) + " " + SP + " print-env UID GID GIDLIST"));
  ASSERT_EQ(s.status(), 0) << s;
  EXPECT_EQ(env_of(s.out, "UID"), std::to_string(u.uid)) << s;
  EXPECT_EQ(env_of(s.out, "GID"), std::to_string(u.gid)) << s;
  EXPECT_EQ(env_of(s.out, "GIDLIST"), joined(u.groups)) << s;
}

TEST(Setuidgid, FromenvAppliesWhatEnvuidgidSet) {
  REQUIRE_ROOT("changing to another user");
  const auto nobody = user("nobody");
  if (!nobody) GTEST_SKIP() << "no user nobody";
  const std::string id = id_program();
  const Result r = run(cs("envuidgid nobody setuidgid-fromenv " + q(id)));
  ASSERT_EQ(r.status(), 0) << r;
  const std::string g = std::to_string(nobody->gid) + "(" + group_name(nobody->gid) + ")";
  EXPECT_EQ(r.out, "uid=" + std::to_string(nobody->uid) + "(nobody) gid=" + g + " groups=" + g + "\n") << r;
  const auto u = user_with_supplementary_groups();
  if (!u) return;  // the supplementary half needs such a user
  const Result s = run(cs("envuidgid --supplementary " + q(u->name) + " setuidgid-fromenv " + q(id) + " -G"));
  ASSERT_EQ(s.status(), 0) << s;
  EXPECT_EQ(gid_set(s.out), std::set<gid_t>(u->groups.begin(), u->groups.end())) << s;
  const Result uid = run(cs("envuidgid " + q(u->name) + " setuidgid-fromenv " + q(id) + " -un"));
  EXPECT_EQ(uid.out, user_name(u->uid) + "\n") << uid;
}

TEST(Setuidgid, FromenvDoesNotApplyAGidlistEnvuidgidDidNotSet) {
  REQUIRE_ROOT("changing to another user");
  const auto nobody = user("nobody");
  if (!nobody) GTEST_SKIP() << "no user nobody";
  // A GIDLIST left in the environment (here: root's group) is not nobody's.
  Launch l = cs("envuidgid nobody setuidgid-fromenv " + q(id_program()) + " -G");
  l.set_env = {{"GIDLIST", "0"}};
  const Result r = run(l);
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(gid_set(r.out), std::set<gid_t>{nobody->gid}) << "nobody kept root's group\n" << r;
}

TEST(Setuidgid, UnknownUserFailsNamingItAndRunsNothing) {
  TempDir d;
  for (const std::string b : {"setuidgid", "setuidgid --supplementary", "envuidgid"}) {
    const Result r = run(cs(b + " no-such-user-lst " + SP + " touch " + q(d / "ran")));
    EXPECT_EQ(r.status(), 111) << b << "\n" << r;
    EXPECT_NE(r.err.find(b.substr(0, b.find(' '))), std::string::npos) << r;
    EXPECT_NE(r.err.find("no-such-user-lst"), std::string::npos) << r;
  }
  EXPECT_FALSE(exists(d / "ran"));
}

TEST(Setuidgid, FailureToChangeUserRunsNothing) {
  TempDir d;
  ASSERT_EQ(::chmod(d.path().c_str(), 0777), 0);  // so that nobody could leave a mark
  // As root: become nobody first, who then cannot become root again.
  const std::string prefix = is_root() ? "setuidgid nobody " : "";
  for (const std::string step : {"setuidgid root", "export UID 0 export GID 0 setuidgid-fromenv"}) {
    const Result r = run(cs(prefix + step + " " + SP + " touch " + q(d / "ran")));
    EXPECT_EQ(r.status(), 111) << step << "\n" << r;
    const std::string builtin = step.rfind("setuidgid root", 0) == 0 ? "setuidgid: " : "setuidgid-fromenv: ";
    EXPECT_NE(r.err.find(builtin), std::string::npos) << r;
    EXPECT_TRUE(r.err.find("root") != std::string::npos || r.err.find("uid 0") != std::string::npos)
        << "the message names the user\n" << r;
    EXPECT_FALSE(exists(d / "ran")) << step << ": the final program ran";
  }
}

TEST(Setuidgid, FromenvWithoutUidIsAnError) {
  TempDir d;
  const Result r = run(cs("setuidgid-fromenv " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 100) << r;
  EXPECT_NE(r.err.find("setuidgid-fromenv"), std::string::npos) << r;
  EXPECT_NE(r.err.find("UID"), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran"));
}

TEST(Setuidgid, DryRunShowsGroupsGidUidInOrderAndChangesNothing) {
  REQUIRE_ROOT("the plan of a drop to nobody; as another user it plans the EPERM the run would meet");
  const auto nobody = user("nobody");
  if (!nobody) GTEST_SKIP() << "no user nobody";
  TempDir d;
  const Result r = run(cs("setuidgid nobody " + SP + " touch " + q(d / "ran"), {"-n"}));
  ASSERT_EQ(r.status(), 0) << r;
  const auto groups = r.out.find("setuidgid: setgroups groups=" + std::to_string(nobody->gid) + "\n");
  const auto gid = r.out.find("setuidgid: setgid gid=" + std::to_string(nobody->gid) + "\n");
  const auto uid = r.out.find("setuidgid: setuid uid=" + std::to_string(nobody->uid) + "\n");
  ASSERT_NE(groups, std::string::npos) << r;
  ASSERT_NE(gid, std::string::npos) << r;
  ASSERT_NE(uid, std::string::npos) << r;
  EXPECT_LT(groups, gid);
  EXPECT_LT(gid, uid);
  EXPECT_NE(r.out.find("exec program=" + socket_peer), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran")) << "the dry run executed the program";
}

TEST(Setuidgid, ListenersOpenedAsRootKeepWorkingAfterTheDrop) {
  REQUIRE_ROOT("changing to another user");
  TempDir d;
  const std::string path = d / "s.sock";
  Proc p(cs("tcp-listen --systemd-compatibility 127.0.0.1 0 local-stream-listen --systemd-compatibility --uid 65534 " +
            q(path) + " setuidgid nobody " + SP + " try-setuid0 print-sockname 3 accept-echo 3 accept-echo 4"));
  const auto port = p.wait_for(Proc::out, R"(sockname 3 127\.0\.0\.1:(\d+))");
  ASSERT_TRUE(port) << p.finish();
  EXPECT_EQ(exchange(connect_inet(AF_INET, "127.0.0.1", std::stoi(*port)), "a\n"), "echo:a\n");
  EXPECT_EQ(exchange(connect_unix(path, SOCK_STREAM), "b\n"), "echo:b\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_TRUE(has_line(r.out, "setuid0 failed")) << r;
}
