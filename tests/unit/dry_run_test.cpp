// Builtins run in this process against the dry run's System: what they plan,
// and that planning changes nothing of the process that plans.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>

#include "builtins/builtin.hpp"
#include "grammar/dialects.hpp"
#include "interp/interpreter.hpp"
#include "interp/lookups.hpp"
#include "interp/validator.hpp"

namespace chainscript {
namespace {

using ::testing::HasSubstr;

struct Planned {
  int code;
  std::string plan;
};

// The plan of a native script, as -n prints it.
Planned plan(std::string_view text, Dialect dialect = Dialect::chainscript) {
  Rules rules;
  rules.dialect = dialect;
  const ast::Script script = parse_script(text, "t", dialect);
  EXPECT_TRUE(validate(script.body, rules, {}).errors.empty()) << text;
  const int out = ::memfd_create("plan", MFD_CLOEXEC);
  auto system = make_dry_system(ReportFormat::text, out);
  Lookups lookups;
  Context ctx;
  ctx.system = system.get();
  ctx.rules = &rules;
  ctx.lookups = &lookups;
  ctx.env = Env::from_process();
  Cursor cursor(script.body, {}, rules);
  int code = 0;
  try {
    code = run_guarded(ctx, [&](Context& c) { return run_chain(cursor, c); }, [](const Failure&) {});
  } catch (const PlanEnded&) {
  }
  std::string planned;
  char buf[4096];
  ssize_t n;
  ::lseek(out, 0, SEEK_SET);
  while ((n = ::read(out, buf, sizeof buf)) > 0) planned.append(buf, static_cast<size_t>(n));
  ::close(out);
  return {code, planned};
}

sigset_t current_mask() {
  sigset_t m;
  ::sigprocmask(SIG_SETMASK, nullptr, &m);
  return m;
}

TEST(DryRun, TrapPlansItsMaskWithoutTouchingThisProcesssOwn) {
  const sigset_t before = current_mask();
  const Planned p = plan("trap { TERM { true } } exit 3");
  const sigset_t after = current_mask();
  for (int s = 1; s < NSIG; ++s) EXPECT_EQ(sigismember(&before, s), sigismember(&after, s)) << "signal " << s;
  EXPECT_THAT(p.plan, HasSubstr("trap: sigprocmask block=SIGTERM,SIGCHLD"));
  EXPECT_THAT(p.plan, HasSubstr("trap: sigwait signals=SIGTERM,SIGCHLD -> SIGCHLD"));
  EXPECT_THAT(p.plan, HasSubstr("trap: wait pid=any -> pid 900001 exit 3"));
  EXPECT_EQ(p.code, 3);
}

TEST(DryRun, FdMovesFollowTheSimulatedTable) {
  const Planned p = plan("redirfd -w 9 /nonexistent-dir/x true");
  EXPECT_THAT(p.plan, HasSubstr("redirfd: open path=/nonexistent-dir/x flags=O_WRONLY|O_CREAT|O_TRUNC mode=0666 -> error: No such file or directory"));
  EXPECT_EQ(p.code, 111);
  const Planned q = plan("fdmove 1 9 true");
  EXPECT_THAT(q.plan, HasSubstr("fdmove: place from=9 to=1 -> error: Bad file descriptor"));
  EXPECT_EQ(q.code, 111);
}

TEST(DryRun, TheDirectoryAndUmaskAreTheScriptsNotThisProcesss) {
  char before[4096];
  ASSERT_NE(::getcwd(before, sizeof before), nullptr);
  const mode_t mask = ::umask(022);
  ::umask(mask);
  const Planned p = plan("cd / umask 077 getcwd -E D posix-umask");
  EXPECT_THAT(p.plan, HasSubstr("getcwd: substitute D=/"));
  EXPECT_THAT(p.plan, HasSubstr("posix-umask: write fd=1 bytes=5 data=\"0077\\n\""));
  char after[4096];
  ASSERT_NE(::getcwd(after, sizeof after), nullptr);
  EXPECT_STREQ(before, after);
  EXPECT_EQ(::umask(mask), mask);
}

TEST(DryRun, ChildrenAreRunInlineAndTheirStatusesKept) {
  const Planned p = plan("foreground { exit 4 } importas -i q ? if { false } true");
  EXPECT_THAT(p.plan, HasSubstr("foreground: wait pid=900001 -> pid 900001 exit 4"));
  EXPECT_THAT(p.plan, HasSubstr("importas: substitute q=4"));
  EXPECT_THAT(p.plan, HasSubstr("if: wait pid=900002 -> pid 900002 exit 1"));
  EXPECT_EQ(p.code, 1);
}

TEST(DryRun, AProgramsStatusIsAssumedAndSaidToBe) {
  const Planned p = plan("foreground { /bin/sh -c \"exit 9\" } true");
  EXPECT_THAT(p.plan, HasSubstr("exit 0 (assumed)"));
}

TEST(DryRun, ALoopOnAnAssumedStatusIsShownOnce) {
  const Planned p = plan("loopwhilex /bin/true");
  EXPECT_THAT(p.plan, HasSubstr("loopwhilex: repeat"));
  EXPECT_EQ(p.code, 0);
}

TEST(DryRun, AProgramThatCannotBeFoundFailsAsTheRunWould) {
  const Planned p = plan("no-such-program-here x");
  EXPECT_EQ(p.code, 127);
  EXPECT_THAT(p.plan, HasSubstr("exec-failed program=no-such-program-here -> No such file or directory"));
}

TEST(DryRun, ListenersPlanTheirSocketAtThreePlusN) {
  const Planned p = plan("tcp-socket-listen --systemd-compatibility 127.0.0.1 0 tcp-socket-listen ::1 0 true");
  EXPECT_THAT(p.plan, HasSubstr("tcp-socket-listen: place from="));
  EXPECT_THAT(p.plan, HasSubstr("to=3\n"));
  EXPECT_THAT(p.plan, HasSubstr("setenv LISTEN_FDS=1"));
}

}  // namespace
}  // namespace chainscript
