// Users and groups read from /etc/passwd and /etc/group directly (issue 11):
// in a mount namespace with the test's own passwd, group and nsswitch.conf,
// chainscript's answers must be glibc's (python3's pwd, grp and
// os.getgrouplist, run in the same namespace), for a name the files answer,
// a name only another NSS module knows, a line the direct reader will not
// guess at, and group membership.
#include "harness/harness.hpp"

using namespace harness;

namespace {

std::string skip_reason() {
  if (find_program("unshare").empty()) return "no unshare(1)";
  if (find_program("python3").empty()) return "no python3 (the oracle)";
  const Result r = run(command({find_program("unshare"), "-m", "true"}));
  if (r.status() != 0) return "unshare -m does not work here: " + r.err;
  return "";
}

class UserDatabase : public ChainscriptTest {
 public:
  void SetUp() override {
    REQUIRE_ROOT("bind-mounts its own /etc/passwd, /etc/group and /etc/nsswitch.conf in a mount namespace");
    if (const std::string why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  }

  // sh -c BODY with the databases bind-mounted over /etc's (a namespace of
  // its own: the host's files are untouched). $CS is chainscript.
  Result with_databases(const std::string& passwd, const std::string& group, const std::string& nsswitch,
                        const std::string& body) {
    const std::string p = dir.write("passwd", passwd), g = dir.write("group", group),
                      n = dir.write("nsswitch.conf", nsswitch);
    Launch l = command({find_program("unshare"), "-m", "/bin/sh", "-c",
                        "mount --bind " + p + " /etc/passwd && mount --bind " + g + " /etc/group && mount --bind " +
                            n + " /etc/nsswitch.conf && " + body});
    l.set_env["CS"] = bin;
    return run(l);
  }
};

const std::string kPasswd =
    "root:x:0:0:root:/root:/bin/sh\n"
    "# a comment, and a blank line\n"
    "\n"
    "alice:x:1234:2345:Alice:/home/alice:/bin/sh\n"
    "alice:x:9999:9999:a second alice, never the answer:/:/bin/sh\n"
    "bob:x:+77:88::/home/bob:/bin/sh\n";
const std::string kGroup =
    "root:x:0:\n"
    "staff:x:2345:\n"
    "wheel:x:10:alice,carol\n"
    "audio:x:29:bob,alice\n"
    "again:x:2345:alice\n";

// What glibc says for USER: "uid gid home" or "none".
std::string oracle_user(const std::string& user) {
  return "python3 -c 'import pwd,sys\ntry:\n p=pwd.getpwnam(sys.argv[1]); print(p.pw_uid, p.pw_gid, p.pw_dir)\n"
         "except KeyError: print(\"none\")' " +
         user;
}
// What chainscript says for USER, the same way (envuidgid and homeof).
std::string chainscript_user(const std::string& user) {
  return "{ ids=$($CS -c 'envuidgid " + user + " multisubstitute { importas U UID importas G GID } echo $U $G') && "
         "echo \"$ids $($CS -c 'homeof " + user + "')\" || echo none; }";
}

// glibc's answer and chainscript's for USER under NSSWITCH ({"", ""} with a
// failure recorded when the run went wrong).
std::pair<std::string, std::string> both_answers(UserDatabase& t, const std::string& nsswitch,
                                                 const std::string& user) {
  const Result r = t.with_databases(kPasswd, kGroup, nsswitch, oracle_user(user) + " && " + chainscript_user(user));
  const auto l = lines(r.out);
  EXPECT_TRUE(r.status() == 0 && l.size() == 2) << r;
  return l.size() == 2 ? std::pair{l[0], l[1]} : std::pair<std::string, std::string>{};
}

TEST_F(UserDatabase, AUserTheFilesHoldIsTheFirstEntryOfThatName) {
  const auto [glibc, ours] = both_answers(*this, "passwd: files systemd\ngroup: files systemd\n", "alice");
  EXPECT_EQ(glibc, "1234 2345 /home/alice");
  EXPECT_EQ(ours, glibc);
}

TEST_F(UserDatabase, ANameTheFilesLackIsAskedOfTheNextSource) {
  // nss-systemd makes up nobody (65534) when the files do not have it.
  const auto [glibc, ours] = both_answers(*this, "passwd: files systemd\ngroup: files systemd\n", "nobody");
  if (glibc == "none") GTEST_SKIP() << "no NSS module here answers for nobody (Debian package libnss-systemd)";
  EXPECT_NE(glibc, "");
  EXPECT_EQ(ours, glibc);
}

TEST_F(UserDatabase, ANameNoSourceHasIsAnUnknownUser) {
  const Result r = with_databases(kPasswd, kGroup, "passwd: files\ngroup: files\n",
                                  oracle_user("nobody") + " && $CS -c 'envuidgid nobody true'");
  EXPECT_EQ(lines(r.out), std::vector<std::string>{"none"}) << r;
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("nobody"), std::string::npos) << r;
}

TEST_F(UserDatabase, ALineTheReaderWillNotGuessAtIsLeftToGlibc) {
  // "+77": strtoul's reading, not a plain number; glibc decides.
  const auto [glibc, ours] = both_answers(*this, "passwd: files\ngroup: files\n", "bob");
  EXPECT_NE(glibc, "none");
  EXPECT_NE(glibc, "");
  EXPECT_EQ(ours, glibc);
}

TEST_F(UserDatabase, GroupMembershipIsGetgrouplistsAndGetgrentsAnswer) {
  // Files alone (read directly), then files and another source (through NSS):
  // the same lists both ways, duplicates and order included.
  for (const std::string ns : {"passwd: files\ngroup: files\n", "passwd: files\ngroup: files systemd\n"}) {
    const Result r = with_databases(
        kPasswd, kGroup, ns,
        "python3 -c 'import os,grp\n"
        "print(\",\".join(map(str, os.getgrouplist(\"alice\", 2345))))\n"
        "print(\",\".join(str(g.gr_gid) for g in grp.getgrall() if \"alice\" in g.gr_mem))\n"
        "print(grp.getgrnam(\"audio\").gr_gid)' && "
        "$CS -c 'envuidgid --supplementary alice importas L GIDLIST echo $L' && "
        "$CS -c 's6-envuidgid alice importas L GIDLIST echo $L' && "
        "$CS -c 's6-envuidgid -g audio importas G GID echo $G'");
    ASSERT_EQ(r.status(), 0) << r;
    const auto l = lines(r.out);
    ASSERT_EQ(l.size(), 6u) << r;
    EXPECT_EQ(l[3], l[0]) << ns;
    EXPECT_EQ(l[4], l[1]) << ns;
    EXPECT_EQ(l[5], l[2]) << ns;
    EXPECT_EQ(l[0], "2345,10,29") << ns;
  }
}

}  // namespace
