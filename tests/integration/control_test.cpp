// Sequencing and conditions: foreground, if, ifelse, ifte, ifthenelse,
// background, wait, exit, true, false; exit statuses the execline way
// (exitcodes.html: 128+signal for a crash, 256+signal in ?).
#include <gmock/gmock.h>
#include <thread>

#include "harness/harness.hpp"
#include "harness/probe.hpp"

using namespace harness;

namespace it {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;

class Control : public ChainscriptTest {
 protected:
  Result run(const std::string& text) { return chainscript({"-c", text}); }
};

TEST_F(Control, ForegroundRunsTheBlockFirst) {
  const Result r = run("foreground { echo one } echo two");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "one\ntwo\n");
}

// tryexec: the block is executed, the rest only if that fails; a block that
// starts with a builtin always runs (as execline's own programs always exist).
TEST_F(Control, TryexecFallsBackOnlyWhenTheBlockCannotBeExecuted) {
  EXPECT_EQ(run("tryexec { /nonexistent/prog } echo fallback").out, "fallback\n");
  EXPECT_EQ(run("tryexec { echo main } echo fallback").out, "main\n");
  EXPECT_EQ(run("tryexec { foreground { echo in-block } echo then } echo fallback").out, "in-block\nthen\n");
  EXPECT_EQ(run("tryexec -n { echo block } /nonexistent/prog").out, "block\n");
  EXPECT_EQ(run("tryexec -n { echo block } foreground { echo main } echo end").out, "main\nend\n");
}

TEST_F(Control, ForegroundSetsQuestionMark) {
  const Result r = run("foreground { sh -c 'exit 3' } importas r ? " + q(probe) + " $r ?");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Probe p = parse_probe(r.out);
  EXPECT_EQ(p.argv[1], "3");
  EXPECT_EQ(p.named.at("?"), "3");
}

TEST_F(Control, ForegroundKilledChildSets256PlusSignal) {
  const Result r = run("foreground { sh -c 'kill $$' } importas r ? " + q(probe) + " $r");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(parse_probe(r.out).argv[1], std::to_string(256 + 15));
}

TEST_F(Control, ForegroundBlockFailureDoesNotStopTheChain) {
  const Result r = run("foreground { no-such-program-xyzzy } echo still here");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "still here\n");
  EXPECT_THAT(r.err, HasSubstr("no-such-program-xyzzy"));
}

TEST_F(Control, IfGoesOnWhenTheBlockSucceeds) {
  const Result r = run("if { true } echo yes");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "yes\n");
}

TEST_F(Control, IfExitsWithTheBlocksCode) {
  const Result r = run("if { sh -c 'exit 3' } echo yes");
  EXPECT_TRUE(r.exited && r.code == 3) << r;
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Control, IfApproximatesLargeCodesTo128) {
  const Result r = run("if { sh -c 'exit 200' } echo yes");
  EXPECT_TRUE(r.exited && r.code == 128) << r;
}

TEST_F(Control, IfNegated) {
  Result r = run("if -n { false } echo yes");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "yes\n");
  r = run("if -n { true } echo yes");
  EXPECT_TRUE(r.exited && r.code == 1) << r;
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Control, IfTExitsZero) {
  const Result r = run("if -t { false } echo yes");
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Control, IfXExitsWithTheGivenCode) {
  Result r = run("if -x 3 { false } echo yes");
  EXPECT_TRUE(r.exited && r.code == 3) << r;
  EXPECT_THAT(r.out, IsEmpty());
  r = run("if -x 3 { true } echo yes");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "yes\n");
}

TEST_F(Control, IfCrashedChildExits128PlusSignal) {
  const Result r = run("if { sh -c 'kill -9 $$' } echo yes");
  EXPECT_TRUE(r.exited && r.code == 128 + 9) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("if: child crashed with signal 9"));
}

TEST_F(Control, IfXToleratesACrash) {
  const Result r = run("if -X -n { sh -c 'kill $$' } echo went on");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "went on\n");
}

TEST_F(Control, IfBlockSeesTheScriptsState) {
  dir.write("f", "x");
  const Result r = run("export WANT yes cd " + q(dir.path()) +
                       " if { sh -c 'test \"$WANT\" = yes && test -e f' } echo ok");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "ok\n");
}

TEST_F(Control, IfelseRunsThenAndStops) {
  const Result r = run("ifelse { true } { echo then } echo else");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "then\n");
}

TEST_F(Control, IfelseGoesOnWhenTheTestFails) {
  const Result r = run("ifelse { false } { echo then } echo else");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "else\n");
}

TEST_F(Control, IfelseNegated) {
  const Result r = run("ifelse -n { false } { echo then } echo else");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "then\n");
}

TEST_F(Control, IfteRunsTheRestThenTheChosenBlock) {
  Result r = run("ifte { echo then } { echo else } sh -c 'echo test; exit 0'");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "test\nthen\n");
  r = run("ifte { echo then } { echo else } sh -c 'echo test; exit 1'");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "test\nelse\n");
}

TEST_F(Control, IfthenelseRunsTheChosenBlockAndGoesOn) {
  Result r = run("ifthenelse { true } { echo a } { echo b } importas r ? echo after $r");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "a\nafter 0\n");
  r = run("ifthenelse { false } { echo a } { sh -c 'echo b; exit 4' } importas r ? echo after $r");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "b\nafter 4\n");
}

// Without -s the chosen block runs in a child: its state changes stay there.
TEST_F(Control, IfthenelseBlockRunsInAChild) {
  const Result r = run("ifthenelse { true } { export X then exit 0 } { export X else exit 0 } " + q(probe) + " X");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(parse_probe(r.out).named.at("X"), std::nullopt);
}

// -s: the chosen block is part of the chain.
TEST_F(Control, IfthenelseScopedRunsTheChosenBlockInTheChain) {
  Result r = run("ifthenelse -s { true } { export X then } { export X else } " + q(probe) + " X");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(parse_probe(r.out).named.at("X"), "then");
  r = run("ifthenelse -s { false } { export X then } { export X else } " + q(probe) + " X");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(parse_probe(r.out).named.at("X"), "else");
}

TEST_F(Control, IfthenelseCrashedTestExits128PlusSignal) {
  const Result r = run("ifthenelse { sh -c 'kill $$' } { echo a } { echo b } echo after");
  EXPECT_TRUE(r.exited && r.code == 128 + 15) << r;
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Control, BackgroundThenWaitForItsPid) {
  const Result r = run("background { sh -c 'sleep 0.3; echo background' } importas p ! wait { $p } echo after $p");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const auto ls = lines(r.out);
  ASSERT_EQ(ls.size(), 2u) << r;
  EXPECT_EQ(ls[0], "background");
  EXPECT_THAT(ls[1], MatchesRegex("after [0-9]+"));
}

TEST_F(Control, BackgroundDoesNotWait) {
  const Result r = run("background { sh -c 'sleep 2; echo late' } echo first");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(lines(r.out).at(0), "first");
  EXPECT_LT(r.elapsed.count(), 1500) << "the chain waited for the background block";
}

// execline's background -d: the block runs as a grandchild and background
// execs into the rest at once, setting ! to the grandchild's pid; it does not
// wait for the grandchild to do anything.
TEST_F(Control, BackgroundDoubleForkDoesNotWait) {
  const Result r = run("background -d { foreground { sleep 2 } true } echo first");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "first\n");
  EXPECT_LT(r.elapsed.count(), 1500) << "background -d waited for its grandchild's block";
}

TEST_F(Control, BackgroundDoubleForkSetsTheGrandchildsPid) {
  const std::string pidfile = dir / "pid";
  const Result r = run("background -d { sh -c 'echo $$ > " + pidfile + "' } importas p ! echo $p");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  std::string written;
  for (int i = 0; i < 500 && (written = read_file(pidfile)).empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(r.out, written);
  EXPECT_NE(r.out, std::to_string(r.pid) + "\n");
}

TEST_F(Control, WaitWithAnEmptyBlockWaitsForEveryChild) {
  const Result r = run(
      "background { sh -c 'sleep 0.3; echo a' } "
      "background { sh -c 'sleep 0.1; echo b' } "
      "wait { } echo done");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const auto ls = lines(r.out);
  ASSERT_EQ(ls.size(), 3u) << r;
  EXPECT_THAT(std::set<std::string>(ls.begin(), ls.begin() + 2), ElementsAre("a", "b"));
  EXPECT_EQ(ls[2], "done");
}

TEST_F(Control, ExitWithACode) {
  Result r = run("exit 7 echo not reached");
  EXPECT_TRUE(r.exited && r.code == 7) << r;
  EXPECT_THAT(r.out, IsEmpty());
  r = run("exit");
  EXPECT_TRUE(r.exited && r.code == 0) << r;
}

TEST_F(Control, ExitInABlockEndsOnlyTheBlock) {
  const Result r = run("foreground { exit 5 } importas r ? echo $r");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "5\n");
}

TEST_F(Control, TrueAndFalseEndTheChain) {
  Result r = run("true echo not reached");
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.out, IsEmpty());
  r = run("false echo not reached");
  EXPECT_TRUE(r.exited && r.code == 1) << r;
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Control, NestedBlocks) {
  const Result r = run("foreground { if { true } foreground { echo inner } echo outer } echo last");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "inner\nouter\nlast\n");
}

}  // namespace
}  // namespace it
