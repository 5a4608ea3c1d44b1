// The s6, daemontools and nosh tools chainscript has as builtins, checked
// against each tool's own manual (skarnet.org for s6 and s6-networking,
// cr.yp.to for daemontools, nosh's manual pages) and, where chainscript
// documents something of its own, the README: what the final program sees,
// an option or two, and the error path (exit code, a message naming the
// builtin, nothing run). Also the nosh dialect's `;`, `&` and `|` forms.
#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <gmock/gmock.h>
#include <sstream>
#include <thread>

#include "harness/harness.hpp"
#include "harness/probe.hpp"

namespace fs = std::filesystem;
using namespace harness;

namespace it {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// `sh -c 'SCRIPT'` as a native word (SCRIPT must not hold a single quote).
std::string sh(const std::string& script) { return "sh -c " + q(script); }

// Waits until PATH exists (the tests write files under a temporary name and
// rename them, so a file that exists is complete).
bool wait_for(const std::string& path, std::chrono::seconds limit = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!exists(path)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The groups that list NAME as a member in the group database, in database
// order: what s6-envuidgid puts in GIDLIST ("supplementary group ids account
// is a member of according to the group database").
std::vector<gid_t> member_groups(const std::string& name) {
  std::vector<gid_t> out;
  setgrent();
  while (const group* gr = getgrent())
    for (char** m = gr->gr_mem; m && *m; ++m)
      if (name == *m) {
        out.push_back(gr->gr_gid);
        break;
      }
  endgrent();
  return out;
}

// A user, not root, listed as a member of at least one group.
std::optional<std::string> user_with_member_groups() {
  std::vector<std::string> names;
  setpwent();
  while (const passwd* pw = getpwent())
    if (pw->pw_uid != 0) names.emplace_back(pw->pw_name);
  endpwent();
  for (const auto& n : names)
    if (!member_groups(n).empty()) return n;
  return std::nullopt;
}

// "Groups:" of /proc/PID/status, as numbers.
std::set<gid_t> status_groups(const std::string& status) {
  std::set<gid_t> out;
  for (const auto& line : lines(status)) {
    if (line.rfind("Groups:", 0) != 0) continue;
    std::istringstream in(line.substr(7));
    for (unsigned long g; in >> g;) out.insert(static_cast<gid_t>(g));
  }
  return out;
}

// /proc/self/limits: "Max open files" -> {soft, hard}.
std::map<std::string, std::pair<std::string, std::string>> parse_limits(const std::string& text) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (const auto& line : lines(text)) {
    if (line.rfind("Max ", 0) != 0 || line.size() < 26) continue;
    std::string name = line.substr(0, 26);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    std::istringstream in(line.substr(26));
    std::string soft, hard;
    in >> soft >> hard;
    out[name] = {soft, hard};
  }
  return out;
}

std::string shown(rlim_t v) { return v == RLIM_INFINITY ? "unlimited" : std::to_string(v); }

rlimit current(int resource) {
  rlimit r{};
  ::getrlimit(static_cast<__rlimit_resource>(resource), &r);
  return r;
}

// The final program's "pid pgid sid" (ps, exec'd by sh so that $$ is its own pid).
struct Ids {
  long pid = -1, pgid = -1, sid = -1;
};
const std::string ps_ids = sh("exec ps -o pid=,pgid=,sid= -p $$");
Ids parse_ids(const std::string& out) {
  Ids ids;
  std::istringstream in(out);
  in >> ids.pid >> ids.pgid >> ids.sid;
  return ids;
}

// Runs chainscript ARGS after python3 has called CALL (os.setpgid(0, 0): a
// process-group leader, which setsid(2) refuses; os.setsid(): a session leader,
// which setpgid(2) refuses).
Result started_after(const std::string& call, const std::vector<std::string>& args) {
  Launch l;
  l.program = find_program("python3");
  l.args = {"-c", "import os, sys; " + call + "; os.execv(sys.argv[1], sys.argv[1:])", bin};
  l.args.insert(l.args.end(), args.begin(), args.end());
  return run(l);
}
Result as_group_leader(const std::vector<std::string>& args) { return started_after("os.setpgid(0, 0)", args); }
Result as_session_leader(const std::vector<std::string>& args) { return started_after("os.setsid()", args); }

// ---------------------------------------------------------------------------
// s6-envuidgid, s6-setuidgid, s6-applyuidgid
// ---------------------------------------------------------------------------

class ToolsUidGid : public ChainscriptTest {
 protected:
  // UID, GID and GIDLIST as the final program sees them ("<not run>" if it did not run).
  std::map<std::string, std::optional<std::string>> probe_env(const std::string& text,
                                                              std::map<std::string, std::string> env = {}) {
    Launch l = cs(text + " " + q(probe) + " UID GID GIDLIST");
    l.set_env = std::move(env);
    l.unset_env = {"UID", "GID", "GIDLIST"};
    const Result r = run(l);
    EXPECT_TRUE(r.exited && r.code == 0) << r;
    if (!(r.exited && r.code == 0)) return {{"UID", "<not run>"}, {"GID", "<not run>"}, {"GIDLIST", "<not run>"}};
    return parse_probe(r.out).named;
  }
};

// s6: "It also sets the GIDLIST environment variable to a comma-separated list
// of supplementary group ids account is a member of according to the group
// database. (If account doesn't belong to any other group than its primary
// group, GIDLIST is still set, but empty.)"
TEST_F(ToolsUidGid, S6EnvuidgidSetsUidGidAndTheGroupDatabaseList) {
  std::vector<std::string> users = {"nobody"};
  if (auto u = user_with_member_groups()) users.push_back(*u);
  for (const auto& name : users) {
    const passwd* pw = getpwnam(name.c_str());
    ASSERT_NE(pw, nullptr) << name;
    const uid_t uid = pw->pw_uid;
    const gid_t gid = pw->pw_gid;
    const auto p = probe_env("s6-envuidgid " + q(name));
    EXPECT_EQ(p.at("UID"), std::to_string(uid)) << name;
    EXPECT_EQ(p.at("GID"), std::to_string(gid)) << name;
    EXPECT_EQ(p.at("GIDLIST"), joined(member_groups(name)))
        << name << ": GIDLIST is the groups listing the account as a member, not getgrouplist's (primary included)";
  }
}

TEST_F(ToolsUidGid, S6EnvuidgidUserOnlyLeavesGidAndGidlist) {
  const auto p = probe_env("s6-envuidgid -u nobody", {{"GID", "kept"}, {"GIDLIST", "kept,too"}});
  EXPECT_EQ(p.at("UID"), std::to_string(getpwnam("nobody")->pw_uid));
  EXPECT_EQ(p.at("GID"), "kept");
  EXPECT_EQ(p.at("GIDLIST"), "kept,too");
}

TEST_F(ToolsUidGid, S6EnvuidgidGroupOnlyLeavesUidAndGidlist) {
  const group* gr = getgrgid(0);
  ASSERT_NE(gr, nullptr);
  const auto p = probe_env("s6-envuidgid -g " + q(gr->gr_name), {{"UID", "kept"}, {"GIDLIST", "kept,too"}});
  EXPECT_EQ(p.at("GID"), "0");
  EXPECT_EQ(p.at("UID"), "kept");
  EXPECT_EQ(p.at("GIDLIST"), "kept,too");
}

// s6: "-B : both user and group. account will be interpreted as user:group.
// The GIDLIST variable will not be touched."
TEST_F(ToolsUidGid, S6EnvuidgidBothUserAndGroupLeavesGidlist) {
  const group* gr = getgrgid(0);
  ASSERT_NE(gr, nullptr);
  const auto p = probe_env("s6-envuidgid -B " + q(std::string("nobody:") + gr->gr_name), {{"GIDLIST", "kept"}});
  EXPECT_EQ(p.at("UID"), std::to_string(getpwnam("nobody")->pw_uid));
  EXPECT_EQ(p.at("GID"), "0");
  EXPECT_EQ(p.at("GIDLIST"), "kept");
}

// s6: "s6-envuidgid -nB root:42 ... will set UID to 0 and GID to 42" when
// there is no group named 42.
TEST_F(ToolsUidGid, S6EnvuidgidNumericFallback) {
  ASSERT_EQ(getgrnam("4242"), nullptr) << "this test needs no group named 4242";
  const auto p = probe_env("s6-envuidgid -nB root:4242");
  EXPECT_EQ(p.at("UID"), "0");
  EXPECT_EQ(p.at("GID"), "4242");
}

TEST_F(ToolsUidGid, S6EnvuidgidDefaultForAnUnknownAccount) {
  const auto p = probe_env("s6-envuidgid -D 1:2:3,4 chainscript-no-such-user");
  EXPECT_EQ(p.at("UID"), "1");
  EXPECT_EQ(p.at("GID"), "2");
  EXPECT_EQ(p.at("GIDLIST"), "3,4");
}

// s6: "-i : insist. If account is unknown, exit 1 with an error message. This is the default."
TEST_F(ToolsUidGid, S6EnvuidgidUnknownAccountExits1) {
  const Result r = run(cs("s6-envuidgid chainscript-no-such-user touch " + q(dir / "ran")));
  EXPECT_TRUE(r.exited && r.code == 1) << r;
  EXPECT_THAT(r.err, HasSubstr("s6-envuidgid"));
  EXPECT_THAT(r.err, HasSubstr("chainscript-no-such-user"));
  EXPECT_FALSE(exists(dir / "ran"));
}

// s6-setuidgid: uid, gid and the account's supplementary groups; `id` in the
// final program says what `id ACCOUNT` says of the account.
TEST_F(ToolsUidGid, S6SetuidgidTakesTheAccountsIds) {
  REQUIRE_ROOT("changing to another user");
  std::vector<std::string> users = {"nobody"};
  if (auto u = user_with_member_groups()) users.push_back(*u);
  for (const auto& name : users) {
    const Result expected = run(cs("id " + q(name)));
    ASSERT_TRUE(expected.exited && expected.code == 0) << expected;
    const Result r = run(cs("s6-setuidgid " + q(name) + " id"));
    ASSERT_TRUE(r.exited && r.code == 0) << r;
    EXPECT_EQ(r.out, expected.out) << name;

    const Result status = run(cs("s6-setuidgid " + q(name) + " cat /proc/self/status"));
    ASSERT_TRUE(status.exited && status.code == 0) << status;
    const std::set<gid_t> groups = status_groups(status.out);
    for (gid_t g : member_groups(name)) EXPECT_TRUE(groups.count(g)) << name << " lacks group " << g;
    for (gid_t g : groups) {
      const auto members = member_groups(name);
      EXPECT_TRUE(g == getpwnam(name.c_str())->pw_gid || std::count(members.begin(), members.end(), g))
          << name << " has group " << g << " that is neither its primary group nor one listing it";
    }
  }
}

// s6: "If account contains a colon, it is interpreted as uid:gid".
TEST_F(ToolsUidGid, S6SetuidgidUidColonGid) {
  REQUIRE_ROOT("changing to another user");
  const Result r = run(cs("s6-setuidgid 65534:1 " + sh("id -u; id -g")));
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "65534\n1\n");
}

// s6: "If account is the empty string, then s6-setuidgid directly execs into
// prog... without any state changes."
TEST_F(ToolsUidGid, S6SetuidgidEmptyAccountChangesNothing) {
  const Result r = run(cs("s6-setuidgid '' " + sh("id -u; id -g")));
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, std::to_string(::geteuid()) + "\n" + std::to_string(::getegid()) + "\n");
}

// s6: "If account is unknown, s6-setuidgid exits 1."
TEST_F(ToolsUidGid, S6SetuidgidUnknownAccountExits1) {
  const Result r = run(cs("s6-setuidgid chainscript-no-such-user touch " + q(dir / "ran")));
  EXPECT_TRUE(r.exited && r.code == 1) << r;
  EXPECT_THAT(r.err, HasSubstr("s6-setuidgid"));
  EXPECT_FALSE(exists(dir / "ran"));
}

// -U takes UID, GID and GIDLIST from the environment; -z removes them.
TEST_F(ToolsUidGid, S6ApplyuidgidFromTheEnvironmentAndUnexport) {
  REQUIRE_ROOT("changing to another user");
  Launch l = cs("s6-applyuidgid -U -z " +
                sh("id -u; id -g; grep ^Groups: /proc/self/status; env | grep -E \"^(UID|GID|GIDLIST)=\"; true"));
  l.set_env = {{"UID", "65534"}, {"GID", "65534"}, {"GIDLIST", "1,2"}};
  const Result r = run(l);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const auto ls = lines(r.out);
  ASSERT_EQ(ls.size(), 3u) << r.out << "(UID, GID or GIDLIST left in the environment?)";
  EXPECT_EQ(ls[0], "65534");
  EXPECT_EQ(ls[1], "65534");
  EXPECT_EQ(status_groups(ls[2]), (std::set<gid_t>{1, 2}));
}

TEST_F(ToolsUidGid, S6ApplyuidgidWithoutZKeepsTheVariables) {
  REQUIRE_ROOT("changing to another user");
  Launch l = cs("s6-applyuidgid -U " + q(probe) + " UID GID GIDLIST");
  l.set_env = {{"UID", "65534"}, {"GID", "65534"}, {"GIDLIST", ""}};
  const Result r = run(l);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Probe p = parse_probe(r.out);
  EXPECT_EQ(p.named.at("UID"), "65534");
  EXPECT_EQ(p.named.at("GIDLIST"), "");
}

// s6: "If a -u, -g or -G option is given after -U, the command line value
// overrides the environment variable."
TEST_F(ToolsUidGid, S6ApplyuidgidOptionAfterCapitalUOverridesTheEnvironment) {
  REQUIRE_ROOT("changing to another user");
  Launch l = cs("s6-applyuidgid -U -u 1 -g 1 " + sh("id -u; id -g"));
  l.set_env = {{"UID", "65534"}, {"GID", "65534"}, {"GIDLIST", ""}};
  const Result r = run(l);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "1\n1\n");
}

// A literal non-numeric uid is a usage error found before anything runs (README).
TEST_F(ToolsUidGid, S6ApplyuidgidNonNumericUidIsRefusedBeforeAnythingRuns) {
  const Result r =
      run(cs("foreground { touch " + q(dir / "before") + " } s6-applyuidgid -u abc touch " + q(dir / "ran")));
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, HasSubstr("s6-applyuidgid"));
  EXPECT_FALSE(exists(dir / "ran"));
  EXPECT_FALSE(exists(dir / "before")) << "the whole script is validated before anything runs";
}

// ---------------------------------------------------------------------------
// envdir / s6-envdir
// ---------------------------------------------------------------------------

class ToolsEnvdir : public ChainscriptTest {
 protected:
  Probe probe_env(const std::string& text, const std::vector<std::string>& names,
                  std::map<std::string, std::string> env = {}) {
    std::string words;
    for (const auto& n : names) words += " " + n;
    Launch l = cs(text + " " + q(probe) + words);
    l.set_env = std::move(env);
    const Result r = run(l);
    EXPECT_TRUE(r.exited && r.code == 0) << r;
    return parse_probe(r.out);
  }
};

TEST_F(ToolsEnvdir, FirstLineTrailingBlanksRemovedEmptyFileUnsetsNulIsNewline) {
  dir.write("env/A", "first \t \nsecond line\n");
  dir.write("env/EMPTY", "");
  dir.write("nul/NUL", std::string("a\0b\n", 4));
  dir.write("env/NOEOL", "no newline");
  dir.write("env/.HIDDEN", "hidden\n");
  dir.write("env/X=Y", "never\n");
  const Probe p = probe_env("envdir " + q(dir / "env"), {"A", "EMPTY", "NOEOL", ".HIDDEN"},
                            {{"EMPTY", "was set"}, {".HIDDEN", "untouched"}});
  EXPECT_EQ(p.named.at("A"), "first");
  EXPECT_EQ(p.named.at("EMPTY"), std::nullopt);
  EXPECT_EQ(p.named.at("NOEOL"), "no newline");
  EXPECT_EQ(p.named.at(".HIDDEN"), "untouched");
  for (const auto& [k, v] : p.environ) EXPECT_NE(k, "X") << "a file whose name holds = is skipped";
  // The probe's report is line-based: the value with a newline is printed by sh.
  const Result nul = run(cs("envdir " + q(dir / "nul") + " " + sh("printf [%s] \"$NUL\"")));
  EXPECT_TRUE(nul.exited && nul.code == 0) << nul;
  EXPECT_EQ(nul.out, "[a\nb]") << "a NUL becomes a newline";
}

TEST_F(ToolsEnvdir, S6EnvdirKeepsTrailingBlanksWithN) {
  dir.write("env/A", "first \t\nsecond\n");
  const Probe p = probe_env("s6-envdir -n " + q(dir / "env"), {"A"});
  EXPECT_EQ(p.named.at("A"), "first \t");
}

// s6: "-f : verbatim mode. All the file is given as the value of the
// environment variable, including newlines (except the last one if the -n
// option is not given)."
TEST_F(ToolsEnvdir, S6EnvdirWholeFileWithF) {
  dir.write("env/A", "line 1\nline 2  \n\n");
  dir.write("env/B", "x\ny\n");
  // The values hold newlines, which the probe's line-based report cannot show.
  const std::string show = sh("printf \"[%s][%s]\" \"$A\" \"$B\"");
  const Result r = run(cs("s6-envdir -f " + q(dir / "env") + " " + show));
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "[line 1\nline 2  \n][x\ny]") << "only the last newline is removed";
  const Result n = run(cs("s6-envdir -f -n " + q(dir / "env") + " " + show));
  EXPECT_TRUE(n.exited && n.code == 0) << n;
  EXPECT_EQ(n.out, "[line 1\nline 2  \n\n][x\ny\n]") << "-n keeps the last newline too";
}

TEST_F(ToolsEnvdir, MissingDirectoryWithCapitalIGoesOn) {
  const Probe p = probe_env("s6-envdir -I " + q(dir / "none"), {"KEEP"}, {{"KEEP", "kept"}});
  EXPECT_EQ(p.named.at("KEEP"), "kept");
}

TEST_F(ToolsEnvdir, MissingDirectoryFails111) {
  for (const std::string name : {"envdir", "s6-envdir"}) {
    const Result r = run(cs(name + " " + q(dir / "none") + " touch " + q(dir / "ran")));
    EXPECT_TRUE(r.exited && r.code == 111) << name << ": " << r;
    EXPECT_THAT(r.err, HasSubstr("envdir"));
    EXPECT_THAT(r.err, HasSubstr(dir / "none"));
    EXPECT_FALSE(exists(dir / "ran"));
  }
}

// ---------------------------------------------------------------------------
// softlimit / s6-softlimit, hardlimit, ulimit
// ---------------------------------------------------------------------------

class ToolsLimits : public ChainscriptTest {
 protected:
  std::map<std::string, std::pair<std::string, std::string>> limits_with(const std::string& text) {
    const Result r = run(cs(text + " cat /proc/self/limits"));
    EXPECT_TRUE(r.exited && r.code == 0) << r;
    return parse_limits(r.out);
  }
};

TEST_F(ToolsLimits, SoftlimitLowersTheSoftLimitOnly) {
  const rlimit cur = current(RLIMIT_NOFILE);
  ASSERT_GE(cur.rlim_cur, 64u);
  for (const std::string name : {"softlimit", "s6-softlimit"}) {
    auto l = limits_with(name + " -o 48");
    EXPECT_EQ(l["Max open files"].first, "48") << name;
    EXPECT_EQ(l["Max open files"].second, shown(cur.rlim_max)) << name;
  }
}

// daemontools: "n may be =, indicating that the soft limit should be set equal to the hard limit."
TEST_F(ToolsLimits, SoftlimitEqualsTakesTheHardLimit) {
  const rlimit cur = current(RLIMIT_NOFILE);
  auto l = limits_with("softlimit -o 48 softlimit -o =");
  EXPECT_EQ(l["Max open files"].first, shown(cur.rlim_max));
  EXPECT_EQ(l["Max open files"].second, shown(cur.rlim_max));
}

// daemontools: "-m n Same as -d n -s n -l n -a n." (a soft limit above the
// hard one is the hard one).
TEST_F(ToolsLimits, SoftlimitMemorySetsFourLimits) {
  SKIP_UNDER_SANITIZERS("AddressSanitizer cannot start under an address-space limit");
  const rlim_t v = 4294967296ULL;
  auto l = limits_with("softlimit -m " + std::to_string(v));
  const std::pair<const char*, int> resources[] = {{"Max data size", RLIMIT_DATA},
                                                   {"Max stack size", RLIMIT_STACK},
                                                   {"Max locked memory", RLIMIT_MEMLOCK},
                                                   {"Max address space", RLIMIT_AS}};
  for (const auto& [name, id] : resources) {
    const rlimit cur = current(id);
    const rlim_t want = cur.rlim_max != RLIM_INFINITY && cur.rlim_max < v ? cur.rlim_max : v;
    EXPECT_EQ(l[name].first, shown(want)) << name;
    EXPECT_EQ(l[name].second, shown(cur.rlim_max)) << name;
  }
}

TEST_F(ToolsLimits, BadValueIsAUsageError) {
  for (const std::string name : {"softlimit", "s6-softlimit", "hardlimit"}) {
    const Result r =
        run(cs("foreground { touch " + q(dir / "before") + " } " + name + " -o lots touch " + q(dir / "ran")));
    EXPECT_TRUE(r.exited && r.code == 100) << name << ": " << r;
    EXPECT_THAT(r.err, HasSubstr("limit")) << name;
    EXPECT_THAT(r.err, HasSubstr("lots")) << name;
    EXPECT_FALSE(exists(dir / "ran")) << name;
    EXPECT_FALSE(exists(dir / "before")) << name << ": found before anything runs";
  }
}

TEST_F(ToolsLimits, HardlimitSetsTheHardLimit) {
  const rlimit cur = current(RLIMIT_NOFILE);
  ASSERT_GE(cur.rlim_cur, 64u);
  auto l = limits_with("hardlimit -o 60");
  EXPECT_EQ(l["Max open files"].second, "60");
  EXPECT_EQ(l["Max open files"].first, "60") << "a soft limit above the new hard limit comes down to it";
}

// nosh: values in bytes take the suffixes k, M, G, T and Ki, Mi, Gi, Ti;
// "the text = or hard will use the current value of the hard limit".
TEST_F(ToolsLimits, NoshUnitSuffixesAndHard) {
  const rlimit cur = current(RLIMIT_NOFILE);
  auto l = limits_with("hardlimit -f 64Mi");
  EXPECT_EQ(l["Max file size"].second, "67108864");
  auto s = limits_with("softlimit -f 3k");
  EXPECT_EQ(s["Max file size"].first, "3000");
  auto h = limits_with("softlimit -o 48 softlimit -o hard");
  EXPECT_EQ(h["Max open files"].first, shown(cur.rlim_max));
}

TEST_F(ToolsLimits, UlimitSetsTheSoftLimitUnlessTold) {
  // nosh's ulimit: soft only by default, -H the hard one, -H -S both.
  const rlimit cur = current(RLIMIT_NOFILE);
  ASSERT_GE(cur.rlim_cur, 64u);
  auto plain = limits_with("ulimit -n 50");
  EXPECT_EQ(plain["Max open files"], std::make_pair(std::string("50"), shown(cur.rlim_max)));
  auto both = limits_with("ulimit -H -S -n 50");
  EXPECT_EQ(both["Max open files"], std::make_pair(std::string("50"), std::string("50")));
  auto hard = limits_with("ulimit -H -n 60");
  EXPECT_EQ(hard["Max open files"].second, "60");
  auto soft = limits_with("ulimit -S -n 50");
  EXPECT_EQ(soft["Max open files"], std::make_pair(std::string("50"), shown(cur.rlim_max)));
  const Result r = run(cs("ulimit -S -n 50 " + sh("ulimit -n")));
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "50\n");
}

TEST_F(ToolsLimits, UlimitWithoutAResourceIsAUsageError) {
  const Result r = run(cs("ulimit touch " + q(dir / "ran")));
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, HasSubstr("ulimit"));
  EXPECT_FALSE(exists(dir / "ran"));
}

// ---------------------------------------------------------------------------
// setsid / s6-setsid, setpgrp
// ---------------------------------------------------------------------------

class ToolsSession : public ChainscriptTest {};

TEST_F(ToolsSession, SetsidMakesTheProgramASessionLeader) {
  for (const std::string name : {"setsid", "s6-setsid"}) {
    const Result r = run(cs(name + " " + ps_ids));
    ASSERT_TRUE(r.exited && r.code == 0) << r;
    const Ids ids = parse_ids(r.out);
    EXPECT_EQ(ids.pid, r.pid) << name << ": the final program is chainscript's process";
    EXPECT_EQ(ids.sid, ids.pid) << name << ": " << r.out;
    EXPECT_EQ(ids.pgid, ids.pid) << name << ": " << r.out;
    EXPECT_NE(ids.sid, ::getsid(0)) << name;
  }
}

TEST_F(ToolsSession, WithoutSetsidTheSessionIsTheCallers) {
  const Result r = run(cs(ps_ids));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(parse_ids(r.out).sid, ::getsid(0));
}

// s6: "-b : background process group. s6-setsid will not create a new session,
// but will create a new process group".
TEST_F(ToolsSession, S6SetsidBackgroundGroupKeepsTheSession) {
  const Result r = run(cs("s6-setsid -b " + ps_ids));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Ids ids = parse_ids(r.out);
  EXPECT_EQ(ids.pgid, ids.pid) << r.out;
  EXPECT_EQ(ids.sid, ::getsid(0)) << r.out;
}

// s6: "-i : strict. If s6-setsid cannot perform the operations it needs, it
// will exit 111 with an error message."
TEST_F(ToolsSession, S6SetsidStrictFailsWhenAlreadyAGroupLeader) {
  if (find_program("python3").empty()) GTEST_SKIP() << "needs python3 to start chainscript as a group leader";
  const Result r = as_group_leader({"-c", "s6-setsid -i touch " + q(dir / "ran")});
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.err, HasSubstr("setsid"));
  EXPECT_FALSE(exists(dir / "ran"));
}

// s6: "-I : loose. If s6-setsid cannot perform the operations, it will print a
// warning message, but exec into prog nonetheless. This is the default."
TEST_F(ToolsSession, S6SetsidLooseWarnsAndGoesOnWhenAlreadyAGroupLeader) {
  if (find_program("python3").empty()) GTEST_SKIP() << "needs python3 to start chainscript as a group leader";
  const Result r = as_group_leader({"-c", "s6-setsid touch " + q(dir / "ran")});
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_TRUE(exists(dir / "ran"));
  EXPECT_THAT(r.err, HasSubstr("setsid")) << "a warning says the session could not be created";
}

TEST_F(ToolsSession, SetpgrpMakesAGroupLeaderInTheSameSession) {
  const Result r = run(cs("setpgrp " + ps_ids));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Ids ids = parse_ids(r.out);
  EXPECT_EQ(ids.pgid, ids.pid) << r.out;
  EXPECT_EQ(ids.sid, ::getsid(0)) << r.out;
}

// A session leader leads its group already: nosh's setpgrp makes no call
// then (setpgid(2) would refuse it), and the chain goes on, still leading.
TEST_F(ToolsSession, SetpgrpLeavesASessionLeaderAlone) {
  if (find_program("python3").empty()) GTEST_SKIP() << "needs python3 to start chainscript as a session leader";
  const Result r = as_session_leader({"-c", "setpgrp " + ps_ids});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Ids ids = parse_ids(r.out);
  EXPECT_EQ(ids.pgid, ids.pid) << r.out;
  EXPECT_EQ(ids.sid, ids.pid) << r.out;
}

TEST_F(ToolsSession, SetsidUnknownOptionIsAUsageError) {
  const Result r = run(cs("s6-setsid -Z touch " + q(dir / "ran")));
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, HasSubstr("setsid"));
  EXPECT_FALSE(exists(dir / "ran"));
}

// ---------------------------------------------------------------------------
// s6-tcpserver4-socketbinder, s6-tcpserver6-socketbinder
// ---------------------------------------------------------------------------

// Reports what fd 0 is (before anything changes its flags), then with "stream"
// accepts a connection it makes itself and echoes, with "dgram" receives a
// datagram it sends itself, with "serve PORTFILE" writes the port to PORTFILE
// and serves one outside client.
const char* const sockinfo_py = R"(import os, socket, sys
flags = 0
for line in open('/proc/self/fdinfo/0'):
    if line.startswith('flags:'):
        flags = int(line.split()[1], 8)
s = socket.socket(fileno=0)
addr = s.getsockname()
print('family', int(s.family))
print('type', int(s.type))
print('host', addr[0])
print('port', addr[1])
print('nonblock', 1 if flags & os.O_NONBLOCK else 0)
print('acceptconn', s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))
print('reuseaddr', 1 if s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) else 0)
sys.stdout.flush()
mode = sys.argv[1] if len(sys.argv) > 1 else ''
s.settimeout(10)
if mode == 'stream':
    c = socket.create_connection((addr[0], addr[1]), timeout=10)
    conn, _ = s.accept()
    c.sendall(b'ping')
    print('echo', conn.recv(4).decode())
elif mode == 'dgram':
    c = socket.socket(s.family, socket.SOCK_DGRAM)
    c.sendto(b'ping', addr[:2])
    print('received', s.recv(4).decode())
elif mode == 'serve':
    with open(sys.argv[2] + '.tmp', 'w') as f:
        f.write(str(addr[1]))
    os.rename(sys.argv[2] + '.tmp', sys.argv[2])
    conn, _ = s.accept()
    conn.sendall(b'hello from fd 0\n')
    conn.close()
)";

class ToolsSocketBinder : public ChainscriptTest {
 protected:
  void SetUp() override {
    if (find_program("python3").empty()) GTEST_SKIP() << "needs python3 to look at the socket";
    script_ = dir.write("sockinfo.py", sockinfo_py);
  }
  std::string info(const std::string& mode = "") const {
    return "python3 " + q(script_) + (mode.empty() ? "" : " " + mode);
  }
  static std::map<std::string, std::string> parse(const std::string& out) {
    std::map<std::string, std::string> m;
    for (const auto& line : lines(out)) {
      const auto sp = line.find(' ');
      m[line.substr(0, sp)] = sp == std::string::npos ? "" : line.substr(sp + 1);
    }
    return m;
  }
  std::map<std::string, std::string> info_with(const std::string& binder, const std::string& mode = "") {
    const Result r = run(cs(binder + " " + info(mode)));
    EXPECT_TRUE(r.exited && r.code == 0) << r;
    return parse(r.out);
  }
  std::string script_;
};

TEST_F(ToolsSocketBinder, Tcp4ListensOnFd0ForAnOutsideClient) {
  const std::string portfile = dir / "port";
  Result r;
  std::thread server([&] {
    Launch l;
    l.args = {"-c", "s6-tcpserver4-socketbinder 127.0.0.1 0 " + info("serve " + q(portfile))};
    l.timeout = std::chrono::seconds(30);
    r = run(l);
  });
  std::string got;
  if (wait_for(portfile, std::chrono::seconds(20))) {
    const int port = std::stoi(read_file(portfile));
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      char buf[256];
      for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) got.append(buf, static_cast<size_t>(n));
    } else {
      ADD_FAILURE() << "cannot connect to 127.0.0.1:" << port << ": " << std::strerror(errno);
    }
    ::close(fd);
  } else {
    ADD_FAILURE() << "the final program never reported its port";
  }
  server.join();
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(got, "hello from fd 0\n");
  const auto m = parse(r.out);
  EXPECT_EQ(m.at("family"), std::to_string(AF_INET));
  EXPECT_EQ(m.at("type"), std::to_string(SOCK_STREAM));
  EXPECT_EQ(m.at("host"), "127.0.0.1");
  EXPECT_EQ(m.at("acceptconn"), "1");
  EXPECT_EQ(m.at("nonblock"), "1") << "s6: the socket is provided non-blocking by default";
  EXPECT_EQ(m.at("reuseaddr"), "1") << "s6: -d (SO_REUSEADDR) is the default";
}

TEST_F(ToolsSocketBinder, Tcp4BlockingWithCapitalB) {
  const auto m = info_with("s6-tcpserver4-socketbinder -B 127.0.0.1 0", "stream");
  EXPECT_EQ(m.at("nonblock"), "0");
  EXPECT_EQ(m.at("acceptconn"), "1");
  EXPECT_EQ(m.at("echo"), "ping");
}

TEST_F(ToolsSocketBinder, Tcp4NoReuseWithCapitalD) {
  const auto m = info_with("s6-tcpserver4-socketbinder -D 127.0.0.1 0");
  EXPECT_EQ(m.at("reuseaddr"), "0");
}

// s6: "If backlog is 0, then the socket will be created, but it will not be listening."
TEST_F(ToolsSocketBinder, Tcp4BacklogZeroIsNotListening) {
  const auto m = info_with("s6-tcpserver4-socketbinder -b 0 127.0.0.1 0");
  EXPECT_EQ(m.at("type"), std::to_string(SOCK_STREAM));
  EXPECT_EQ(m.at("acceptconn"), "0");
}

TEST_F(ToolsSocketBinder, Tcp4DatagramWithM) {
  const auto m = info_with("s6-tcpserver4-socketbinder -m -b0 127.0.0.1 0", "dgram");
  EXPECT_EQ(m.at("type"), std::to_string(SOCK_DGRAM));
  EXPECT_EQ(m.at("host"), "127.0.0.1");
  EXPECT_EQ(m.at("received"), "ping");
}

TEST_F(ToolsSocketBinder, Tcp6OnTheLoopback) {
  const int probe6 = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in6 lo{};
  lo.sin6_family = AF_INET6;
  lo.sin6_addr = in6addr_loopback;
  const bool have_v6 = probe6 >= 0 && ::bind(probe6, reinterpret_cast<sockaddr*>(&lo), sizeof lo) == 0;
  if (probe6 >= 0) ::close(probe6);
  if (!have_v6) GTEST_SKIP() << "no IPv6 loopback";
  const auto m = info_with("s6-tcpserver6-socketbinder ::1 0", "stream");
  EXPECT_EQ(m.at("family"), std::to_string(AF_INET6));
  EXPECT_EQ(m.at("host"), "::1");
  EXPECT_EQ(m.at("nonblock"), "1");
  EXPECT_EQ(m.at("echo"), "ping");
}

TEST_F(ToolsSocketBinder, Tcp4RefusesAnIPv6Address) {
  const Result r = run(cs("s6-tcpserver4-socketbinder ::1 0 touch " + q(dir / "ran")));
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, HasSubstr("s6-tcpserver4-socketbinder"));
  EXPECT_FALSE(exists(dir / "ran"));
}

TEST_F(ToolsSocketBinder, Tcp4PortInUseFails111) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  const Result r = run(cs("s6-tcpserver4-socketbinder 127.0.0.1 " + std::to_string(ntohs(a.sin_port)) + " touch " +
                          q(dir / "ran")));
  ::close(fd);
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.err, HasSubstr("s6-tcpserver4-socketbinder"));
  EXPECT_FALSE(exists(dir / "ran"));
}

// ---------------------------------------------------------------------------
// nosh's tools: chroot, appendpath, prependpath, printenv, line-banner,
// local-reaper, fdredir, pipe, read-conf (and execline's envfile beside it)
// ---------------------------------------------------------------------------

class ToolsNosh : public ChainscriptTest {};

TEST_F(ToolsNosh, AppendpathAndPrependpath) {
  Launch l = cs("appendpath P /c prependpath P /z appendpath NEW /only " + q(probe) + " P NEW");
  l.set_env = {{"P", "/a:/b"}};
  l.unset_env = {"NEW"};
  const Result r = run(l);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Probe p = parse_probe(r.out);
  EXPECT_EQ(p.named.at("P"), "/z:/a:/b:/c");
  EXPECT_EQ(p.named.at("NEW"), "/only");
}

// nosh's tools read numbers as strtoul does (" 1", +1 and 0x1 are fds,
// tests/conformance/nosh-extra); what it cannot read, or no int holds (nosh
// would truncate it to some other fd), is a usage error, 1 in the nosh
// dialect, before anything runs.
TEST_F(ToolsNosh, NumbersNoshCannotReadAreUsageErrorsBeforeAnything) {
  const std::pair<std::string, std::string> cases[] = {
      {"fdmove -c 5 \" -1\" true", ":3:13: fdmove: a file descriptor must be a number, not \" -1\""},
      {"fdmove -c 5 4294967296 true", ":3:13: fdmove: a file descriptor must be a number, not \"4294967296\""},
      {"fdmove -c 5 1x true", ":3:13: fdmove: a file descriptor must be a number, not \"1x\""},
      {"tcp-socket-listen --backlog x 127.0.0.1 0 true", ":3:19: tcp-socket-listen: --backlog must be a number, not \"x\""},
  };
  for (const auto& [step, error] : cases) {
    const std::string file = script("#!/bin/nosh\nforeground touch " + q(dir / "ran") + " ;\n" + step + "\n");
    const Result r = chainscript({file});
    EXPECT_TRUE(r.exited && r.code == 1) << step << "\n" << r;
    EXPECT_THAT(r.err, HasSubstr(error)) << step;
    EXPECT_FALSE(exists(dir / "ran")) << step;
  }
}

TEST_F(ToolsNosh, AppendpathMissingDirectoryIsAUsageError) {
  for (const std::string name : {"appendpath", "prependpath"}) {
    const Result r = run(cs("foreground { touch " + q(dir / "ran") + " } " + name + " PATH"));
    EXPECT_TRUE(r.exited && r.code == 100) << r;
    EXPECT_THAT(r.err, HasSubstr(name));
    EXPECT_FALSE(exists(dir / "ran"));
  }
}

TEST_F(ToolsNosh, PrintenvPrintsTheNamedVariableAndEndsTheChain) {
  const Result r = run(cs("export X \"a value\" printenv X"));
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "a value\n");
  const Result all = run(cs("export X \"a value\" printenv"));
  EXPECT_TRUE(all.exited && all.code == 0) << all;
  const auto ls = lines(all.out);
  EXPECT_NE(std::find(ls.begin(), ls.end(), "X=a value"), ls.end()) << all.out;
}

// nosh's printenv: a name that is not set is skipped, and the status is 1
// (nosh 1.40 does so, its manual does not say); --full prints NAME=value;
// --print0 ends records with NUL.
TEST_F(ToolsNosh, PrintenvSkipsUnsetNamesAndTakesNoshsOptions) {
  Launch l = cs("printenv CHAINSCRIPT_NOT_SET");
  l.unset_env = {"CHAINSCRIPT_NOT_SET"};
  const Result r = run(l);
  EXPECT_TRUE(r.exited && r.code == 1) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_EQ(run(cs("export X 1 export Y 2 printenv --full X CHAINSCRIPT_NOT_SET Y")).out, "X=1\nY=2\n");
  EXPECT_EQ(run(cs("export X 1 printenv --print0 X")).out, std::string("1\0", 2));
}

TEST_F(ToolsNosh, LineBannerWritesALineAndGoesOn) {
  const Result r = run(cs("line-banner \"service starting\" echo after"));
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "service starting\nafter\n");
  const Result bad = run(cs("line-banner"));
  EXPECT_TRUE(bad.exited && bad.code == 100) << bad;
  EXPECT_THAT(bad.err, HasSubstr("line-banner"));
}

TEST_F(ToolsNosh, LocalReaperIsAcceptedAndNotedInThePlan) {
  Launch l = cs("local-reaper true " + q(probe) + " A");
  l.set_env = {{"A", "1"}};
  const Result r = run(l);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(parse_probe(r.out).named.at("A"), "1");
  const Result plan = chainscript({"-n", "-c", "local-reaper on echo hi"});
  EXPECT_TRUE(plan.exited && plan.code == 0) << plan;
  EXPECT_THAT(plan.out, ContainsRegex("-c:1:1: local-reaper: note .*local-reaper"));
}

TEST_F(ToolsNosh, FdredirWriteAppendRead) {
  const std::string f = dir / "file";
  dir.write("file", "old content that is longer\n");
  Result r = run(cs("fdredir --write 1 " + q(f) + " echo one"));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(read_file(f), "one\n") << "--write truncates";
  r = run(cs("fdredir --append 1 " + q(f) + " echo two"));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(read_file(f), "one\ntwo\n");
  r = run(cs("fdredir --read 0 " + q(f) + " cat"));
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "one\ntwo\n");
  r = run(cs("fdredir 0 " + q(f) + " cat"));
  EXPECT_EQ(r.out, "one\ntwo\n") << "reading is the default";
  r = run(cs("fdredir --write 1 " + q(dir / "new") + " echo created"));
  EXPECT_EQ(read_file(dir / "new"), "created\n");
}

TEST_F(ToolsNosh, FdredirTwoModesOrABadModeAreUsageErrors) {
  // nosh refuses a second opening mode ("conflicting option"); validation
  // finds it before anything is opened or run.
  Result r = run(cs("foreground touch " + q(dir / "ran") + " ; fdredir --read --write 1 " + q(dir / "f") + " true"));
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, HasSubstr("fdredir: one opening mode only"));
  r = run(cs("foreground touch " + q(dir / "ran") + " ; fdredir --mode rw -w 1 " + q(dir / "f") + " true"));
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, HasSubstr("--mode must be a number"));
  EXPECT_FALSE(exists(dir / "ran"));
  EXPECT_FALSE(exists(dir / "f"));
}

TEST_F(ToolsNosh, FdredirMissingFileFails111) {
  const Result r = run(cs("fdredir --read 0 " + q(dir / "none") + " touch " + q(dir / "ran")));
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.err, HasSubstr("fdredir"));
  EXPECT_FALSE(exists(dir / "ran"));
}

// nosh: pipe "runs left-prog with its standard output writing to the pipe and
// right-prog with its standard input reading from the pipe", --inwards or not.
TEST_F(ToolsNosh, PipeCarriesTheLeftOutputToTheRightInput) {
  for (const std::string mode : {"", "--inwards "}) {
    const std::string out = dir / ("out" + std::to_string(mode.size()));
    const Result r =
        run(cs("pipe " + mode + sh("echo from-left") + " | " + sh("cat > " + out + ".tmp; mv " + out + ".tmp " + out)));
    EXPECT_TRUE(r.exited && r.code == 0) << mode << r;
    ASSERT_TRUE(wait_for(out)) << mode;
    EXPECT_EQ(read_file(out), "from-left\n") << "pipe " << mode;
    EXPECT_THAT(r.out, IsEmpty()) << "pipe " << mode;
  }
}

TEST_F(ToolsNosh, PipeBlockFormAndError) {
  // --inwards keeps the reader in the process the test waits for, so its
  // output is all there when that process ends.
  const Result r = run(cs("pipe --inwards { echo in-a-block } tr a-z A-Z"));
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "IN-A-BLOCK\n");
  const Result bad = run(cs("pipe echo no separator"));
  EXPECT_TRUE(bad.exited && bad.code == 100) << bad;
  EXPECT_THAT(bad.err, HasSubstr("pipe"));
}

// nosh: "Normally, in outwards mode, left-prog is chain loaded in the original
// process and right-prog is forked and run in the new child process. If the
// --inwards command line option is used, right-prog is chain loaded in the
// original process and left-prog is forked".
TEST_F(ToolsNosh, PipeChainLoadsTheLeftSideUnlessInwards) {
  for (const std::string mode : {"", "--inwards "}) {
    const std::string left = dir / ("left" + std::to_string(mode.size()));
    const std::string right = dir / ("right" + std::to_string(mode.size()));
    const Result r =
        run(cs("pipe " + mode + sh("echo $$ > " + left + ".tmp; mv " + left + ".tmp " + left + "; echo x") + " | " +
               sh("cat > /dev/null; echo $$ > " + right + ".tmp; mv " + right + ".tmp " + right)));
    EXPECT_TRUE(r.exited && r.code == 0) << r;
    ASSERT_TRUE(wait_for(left) && wait_for(right)) << mode;
    const std::string original = std::to_string(r.pid);
    if (mode.empty())
      EXPECT_EQ(trim(read_file(left)), original) << "outwards: left-prog runs in the original process";
    else
      EXPECT_EQ(trim(read_file(right)), original) << "inwards: right-prog runs in the original process";
  }
}

TEST_F(ToolsNosh, ReadConfQuotesAndComments) {
  const std::string conf = dir.write("rc.conf",
                                     "# a comment\n"
                                     "a='single quoted # not a comment'\n"
                                     "b=\"double quoted\"\n"
                                     "\n"
                                     "c=plain\n"
                                     "d=\n");
  const Result r = run(cs("read-conf " + q(conf) + " " + q(probe) + " a b c d"));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Probe p = parse_probe(r.out);
  EXPECT_EQ(p.named.at("a"), "single quoted # not a comment");
  EXPECT_EQ(p.named.at("b"), "double quoted");
  EXPECT_EQ(p.named.at("c"), "plain");
  EXPECT_EQ(p.named.at("d"), "");
}

// nosh: "Assignments are normally separated by one or more whitespace
// characters. Pairs of quotation mark characters will prevent whitespace from
// being treated specially, and the quoted sequence of characters, which can
// include newlines, will form part of one assignment, concatenated with
// whatever quoted or unquoted sequences precede or follow it."
TEST_F(ToolsNosh, ReadConfShellLexing) {
  const std::string conf = dir.write("rc.conf",
                                     "e='one'\"two\"three\n"
                                     "f=1 g=2\n");
  const Result r = run(cs("read-conf " + q(conf) + " " + q(probe) + " e f g"));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Probe p = parse_probe(r.out);
  EXPECT_EQ(p.named.at("e"), "onetwothree") << "quoted and unquoted pieces make one value";
  EXPECT_EQ(p.named.at("f"), "1") << "blanks separate assignments";
  EXPECT_EQ(p.named.at("g"), "2") << "blanks separate assignments";
}

TEST_F(ToolsNosh, ReadConfQuotedValueSpansLines) {
  const std::string conf = dir.write("rc.conf", "h=\"first line\nsecond line\"\n");
  const Result r = run(cs("read-conf " + q(conf) + " " + sh("printf [%s] \"$h\"")));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "[first line\nsecond line]");
}

TEST_F(ToolsNosh, ReadConfMissingFile) {
  const Result ok = run(cs("read-conf --oknofile " + q(dir / "none") + " echo went on"));
  EXPECT_TRUE(ok.exited && ok.code == 0) << ok;
  EXPECT_EQ(ok.out, "went on\n");
  const Result r = run(cs("read-conf " + q(dir / "none") + " touch " + q(dir / "ran")));
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.err, HasSubstr("read-conf"));
  EXPECT_FALSE(exists(dir / "ran"));
}

TEST_F(ToolsNosh, EnvfileKeyValueLines) {
  const std::string file = dir.write("env", "# comment\n  A = 1  \nB = \" spaced \"\n");
  const Result r = run(cs("envfile " + q(file) + " " + q(probe) + " A B"));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Probe p = parse_probe(r.out);
  EXPECT_EQ(p.named.at("A"), "1");
  EXPECT_EQ(p.named.at("B"), " spaced ");
  const Result loose = run(cs("envfile -I " + q(dir / "none") + " echo went on"));
  EXPECT_EQ(loose.out, "went on\n") << loose;
  const Result r2 = run(cs("envfile " + q(dir / "none") + " touch " + q(dir / "ran")));
  EXPECT_TRUE(r2.exited && r2.code == 111) << r2;
  EXPECT_THAT(r2.err, HasSubstr("envfile"));
  EXPECT_FALSE(exists(dir / "ran"));
}

TEST_F(ToolsNosh, ChrootSlash) {
  REQUIRE_ROOT("chroot(2)");
  const Result r = run(cs("cd /tmp chroot / " + sh("pwd")));
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "/\n") << "the working directory is the new root";
}

TEST_F(ToolsNosh, ChrootMissingDirectoryFails111) {
  const Result bad = run(cs("chroot " + q(dir / "none") + " touch " + q(dir / "ran")));
  EXPECT_TRUE(bad.exited && bad.code == 111) << bad;
  EXPECT_THAT(bad.err, HasSubstr("chroot"));
  EXPECT_FALSE(exists(dir / "ran"));
}

// A root holding only the probe and the libraries ldd names: the program is
// found there, by the PATH set after chroot.
TEST_F(ToolsNosh, ChrootRunsTheProgramInsideTheNewRoot) {
  SKIP_UNDER_SANITIZERS("the sanitized programs need /proc, which the new root has not");
  REQUIRE_ROOT("chroot(2)");
  const std::string root = dir / "root";
  fs::create_directories(root);
  fs::copy_file(probe, root + "/probe");
  Launch ldd;
  ldd.program = find_program("ldd");
  if (ldd.program.empty()) GTEST_SKIP() << "needs ldd to build the new root";
  ldd.args = {probe};
  const Result libs = run(ldd);
  std::istringstream in(libs.out);
  for (std::string w; in >> w;) {
    if (w.empty() || w[0] != '/' || !exists(w)) continue;
    fs::create_directories(root + fs::path(w).parent_path().string());
    std::error_code ec;
    fs::copy_file(w, root + w, fs::copy_options::skip_existing, ec);
  }
  ASSERT_FALSE(exists("/probe")) << "this test needs no /probe outside the new root";
  const Result r = run(cs("chroot " + q(root) + " export PATH / probe ARG"));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  // No /proc in the new root: the probe says so instead of listing its fds.
  const auto ls = lines(r.out);
  EXPECT_NE(std::find(ls.begin(), ls.end(), "argv 0 probe"), ls.end()) << r.out;
  EXPECT_NE(std::find(ls.begin(), ls.end(), "argv 1 ARG"), ls.end()) << r.out;
  EXPECT_NE(std::find(ls.begin(), ls.end(), "cwd /"), ls.end()) << r.out;
}

// ---------------------------------------------------------------------------
// The nosh dialect: foreground ... ; background ... & pipe ... |
// ---------------------------------------------------------------------------

class NoshDialect : public ChainscriptTest {};

TEST_F(NoshDialect, ForegroundBackgroundAndPipe) {
  const std::string bg = dir / "bg", piped = dir / "piped";
  const std::string file = script("#!/bin/nosh\n"
                                  "foreground printf 'one\\n' ;\n"
                                  "foreground sh -c 'exit 3' ;\n"
                                  "background sh -c 'sleep 1; echo bg > " + bg + ".tmp; mv " + bg + ".tmp " + bg + "' &\n"
                                  "pipe sh -c 'test -e " + bg + " || echo bg-still-running; echo abc' |\n"
                                  "sh -c 'tr a-z A-Z > " + piped + ".tmp; mv " + piped + ".tmp " + piped + "'\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "one\n") << "foreground goes on whatever the child's status";
  ASSERT_TRUE(wait_for(piped));
  EXPECT_EQ(read_file(piped), "BG-STILL-RUNNING\nABC\n") << "background does not wait; the pipe carries left to right";
  EXPECT_TRUE(wait_for(bg)) << "the background child ran";
}

// nosh: "The commands look for the leftmost instance of the separator, and
// separate left from right there. Further instances of the separator in
// right-prog are left alone."
TEST_F(NoshDialect, LaterSeparatorsBelongToTheRightProgram) {
  const std::string file = script("#!/bin/nosh\n"
                                  "foreground printf '%s\\n' a ;\n"
                                  "printf '%s\\n' b ; c\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "a\nb\n;\nc\n");
}

// nosh's foreground and background fork and chain load; they set no variable
// (execline's `?` and `!` are execline's).
TEST_F(NoshDialect, ForegroundAndBackgroundLeaveTheEnvironmentAlone) {
  const std::string file = script("#!/bin/nosh\n"
                                  "foreground true ;\n"
                                  "background true &\n" +
                                  probe + "\n");
  Launch l;
  l.args = {file};
  l.empty_env = true;
  l.set_env = {{"ONLY", "this"}};
  const Result r = run(l);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Probe p = parse_probe(r.out);
  EXPECT_EQ(p.environ, (std::map<std::string, std::string>{{"ONLY", "this"}}));
}

TEST_F(NoshDialect, NoshToolsInANoshScript) {
  dir.write("env/COLOUR", "blue\n");
  const std::string file = script("#!/bin/nosh\n"
                                  "envdir " + dir / "env" + "\n"
                                  "line-banner starting\n"
                                  "fdredir --write 3 " + dir / "three" + "\n"
                                  "sh -c 'echo $COLOUR; echo to-three >&3'\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "starting\nblue\n");
  EXPECT_EQ(read_file(dir / "three"), "to-three\n");
}

}  // namespace
}  // namespace it

namespace it {
namespace {

// execline's posix-umask: with no mask it prints the mask (-S: symbolically)
// and exits; with one it sets it, octal or symbolic, and goes on.
TEST(PosixUmask, PrintsSetsAndTakesSymbolicMasks) {
  const Result octal = chainscript({"-c", "umask 027 posix-umask"});
  EXPECT_TRUE(octal.exited && octal.code == 0) << octal;
  EXPECT_EQ(octal.out, "0027\n");
  EXPECT_EQ(chainscript({"-c", "umask 027 posix-umask -S"}).out, "u=rwx,g=rx,o=\n");
  EXPECT_EQ(chainscript({"-c", "posix-umask u=rwx,g=rx,o= sh -c umask"}).out, "0027\n");
  EXPECT_EQ(chainscript({"-c", "posix-umask 077 sh -c umask"}).out, "0077\n");
  EXPECT_EQ(chainscript({"-c", "umask 022 posix-umask u=g,o=u+w sh -c umask"}).out, "0220\n");  // copies
  EXPECT_EQ(chainscript({"-c", "posix-umask 01077 sh -c umask"}).out, "0077\n");  // the low nine bits
  // "o=" allows nothing, as POSIX says; execlineb 2.9.3 leaves o alone, and
  // so does the execline dialect.
  EXPECT_EQ(chainscript({"--dialect=execline", "-c", "posix-umask 022 posix-umask u=rwx,g=rx,o= sh -c umask"}).out,
            "0022\n");
  // Not a mode: execline's status 1, located, before anything runs.
  const Result bad_mode = chainscript({"-c", "foreground { echo ran } posix-umask u=rwq sh -c umask"});
  EXPECT_TRUE(bad_mode.exited && bad_mode.code == 1) << bad_mode;
  EXPECT_TRUE(bad_mode.out.empty()) << "nothing ran";
  EXPECT_THAT(bad_mode.err, ::testing::HasSubstr("-c:1:37: posix-umask: invalid mode string \"u=rwq\""));
}

}  // namespace
}  // namespace it

namespace it {
namespace {

// env is a chain loader: in-process when what it runs is a builtin (execline
// quines run `env e=... define ...`), the real env otherwise.
TEST(Env, SetsVariablesForABuiltinInProcessAndExecsTheRealEnvOtherwise) {
  EXPECT_EQ(chainscript({"-c", "env A=2 importas a A echo $a"}).out, "2\n");
  EXPECT_EQ(chainscript({"-c", "export B 1 env -u B importas -D gone b B echo $b"}).out, "gone\n");
  Launch with_b;
  with_b.args = {"-c", "env -i A=1 /bin/sh -c \"echo ${B-none} $A\""};
  with_b.set_env = {{"B", "x"}};
  const Result cleared = run(with_b);
  EXPECT_EQ(cleared.out, "none 1\n") << cleared;
  const Result real = chainscript({"-n", "-c", "env --version"});
  EXPECT_THAT(real.out, ::testing::HasSubstr("exec program=/usr/bin/env /usr/bin/env --version")) << real;
}

}  // namespace
}  // namespace it

namespace it {
namespace {

// nosh's foreground/background --separator ALT: ALT ends left-prog; later
// separators belong to right-prog.
TEST(NoshSeparator, ForegroundAndBackgroundTakeAnAlternativeSeparator) {
  const Result r =
      chainscript({"--dialect=nosh", "-c", "foreground --separator :: echo one :: foreground echo two ; echo three"});
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "one\ntwo\nthree\n");
  const Result bad = chainscript({"--dialect=nosh", "-c", "foreground --separator :: echo one ; echo two"});
  EXPECT_TRUE(bad.exited && bad.code == 1) << bad << "no :: to end left-prog (nosh's status for every fatal error)";
  EXPECT_TRUE(bad.out.empty());
}

}  // namespace
}  // namespace it

namespace it {
namespace {

// nosh's envdir (the nosh dialect) keeps the first line as it is and trims
// each line only with --chomp; daemontools' and s6's drop trailing blanks.
TEST(NoshEnvdir, KeepsTheLineUnlessChomp) {
  TempDir d;
  const std::string dir = d / "env";
  fs::create_directory(dir);
  { std::ofstream(dir + "/V") << "  spaced  \nsecond\n"; }
  fs::create_directory(dir + "/SUBDIR");  // not a file: skipped
  const std::string show = " sh -c \"printf [%s] \\\"$V\\\" \\\"${SUBDIR-none}\\\"\"";
  EXPECT_EQ(chainscript({"--dialect=nosh", "-c", "envdir " + dir + show}).out, "[  spaced  ][none]");
  EXPECT_EQ(chainscript({"--dialect=nosh", "-c", "envdir --chomp " + dir + show}).out, "[spaced][none]");
  EXPECT_EQ(chainscript({"-c", "envdir " + dir + show}).out, "[  spaced][none]");
}

}  // namespace
}  // namespace it

namespace it {
namespace {

// nosh's umask reads its mask as C does (0 octal, 0x hexadecimal, else
// decimal); execline's and the native dialect's are octal.
TEST(NoshUmask, MaskIsACNumber) {
  EXPECT_EQ(chainscript({"--dialect=nosh", "-c", "umask 077 sh -c umask"}).out, "0077\n");
  EXPECT_EQ(chainscript({"--dialect=nosh", "-c", "umask 0x3f sh -c umask"}).out, "0077\n");
  EXPECT_EQ(chainscript({"--dialect=nosh", "-c", "umask 18 sh -c umask"}).out, "0022\n");
  const Result octal_only = chainscript({"-c", "umask 18 sh -c umask"});
  EXPECT_TRUE(octal_only.exited && octal_only.code == 100) << octal_only;
}

}  // namespace
}  // namespace it

namespace it {
namespace {

// nosh's read-conf manual, its example file: nosh's lexing, one value.
TEST(NoshReadConf, TheManualsExample) {
  TempDir d;
  const std::string conf = d / "rc.conf";
  {
    std::ofstream out(conf);
    out << "LANG=\"C\"\t# Set the LANG variable.\n"
           "hash=#\t\t# Only the second # on this line begins a comment.\n"
           "backslash1='\\'\n"
           "backslash2=\"\\\\\"\n"
           "backslash3=\\\\\n"
           "SHELL=/\"bin\"/'sh'\t# All one value.\n"
           "greeting=\"Hello there!\"\n";
  }
  const Result r = chainscript(
      {"-c", "read-conf " + conf + " printenv --full LANG hash backslash1 backslash2 backslash3 SHELL greeting"});
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "LANG=C\nhash=#\nbackslash1=\\\nbackslash2=\\\nbackslash3=\\\nSHELL=/bin/sh\ngreeting=Hello there!\n");
}

}  // namespace
}  // namespace it
