// The environment the final program gets, and the substitution commands.
#include <gmock/gmock.h>

#include "harness/harness.hpp"
#include "harness/probe.hpp"

using namespace harness;

namespace it {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

class Environment : public ChainscriptTest {
 protected:
  Result run_with(const std::string& text, std::map<std::string, std::string> env = {}) {
    Launch run;
    run.args = {"-c", text};
    run.set_env = std::move(env);
    return harness::run(run);
  }
  Probe probe_with(const std::string& text, std::map<std::string, std::string> env = {}) {
    const Result r = run_with(text, std::move(env));
    EXPECT_TRUE(r.exited && r.code == 0) << r;
    return parse_probe(r.out);
  }
};

TEST_F(Environment, ExportAndSetenv) {
  const Probe p = probe_with("export A 1 setenv B 'two words' export C '' " + q(probe) + " A B C",
                             {{"A", "old"}});
  EXPECT_EQ(p.named.at("A"), "1");
  EXPECT_EQ(p.named.at("B"), "two words");
  EXPECT_EQ(p.named.at("C"), "");
}

TEST_F(Environment, ExportOverridesAndLastWins) {
  const Probe p = probe_with("export A 1 export A 2 " + q(probe) + " A");
  EXPECT_EQ(p.named.at("A"), "2");
}

TEST_F(Environment, CallersEnvironmentIsInherited) {
  const Probe p = probe_with(q(probe) + " FROM_CALLER", {{"FROM_CALLER", "yes"}});
  EXPECT_EQ(p.named.at("FROM_CALLER"), "yes");
}

TEST_F(Environment, UnexportAndUnsetenv) {
  const Probe p =
      probe_with("unexport X unsetenv Y unexport NEVER_SET " + q(probe) + " X Y Z", {{"X", "1"}, {"Y", "2"}, {"Z", "3"}});
  EXPECT_EQ(p.named.at("X"), std::nullopt);
  EXPECT_EQ(p.named.at("Y"), std::nullopt);
  EXPECT_EQ(p.named.at("Z"), "3");
}

TEST_F(Environment, EmptyenvRemovesEverything) {
  const Probe p = probe_with("export MINE 1 emptyenv " + q(probe), {{"X", "1"}});
  EXPECT_THAT(p.environ, IsEmpty());
}

TEST_F(Environment, EmptyenvKeepsPathWithP) {
  const Probe p = probe_with("emptyenv -p " + q(probe), {{"X", "1"}, {"PATH", "/bin:/usr/bin"}});
  EXPECT_THAT(p.environ, ElementsAre(Pair("PATH", "/bin:/usr/bin")));
}

TEST_F(Environment, ExportAfterEmptyenv) {
  const Probe p = probe_with("emptyenv export ONLY me " + q(probe), {{"X", "1"}});
  EXPECT_THAT(p.environ, ElementsAre(Pair("ONLY", "me")));
}

// execvp's default search path when there is no PATH.
TEST_F(Environment, NoPathStillFindsTheUsualPrograms) {
  const Result r = run_with("emptyenv echo hi");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "hi\n");
}

TEST_F(Environment, ClearenvKeepPath) {
  const Probe p = probe_with("clearenv --keep-path " + q(probe), {{"X", "1"}, {"PATH", "/bin:/usr/bin"}});
  EXPECT_THAT(p.environ, ElementsAre(Pair("PATH", "/bin:/usr/bin")));
}

TEST_F(Environment, ClearenvRemovesEverything) {
  const Probe p = probe_with("clearenv " + q(probe), {{"X", "1"}});
  EXPECT_THAT(p.environ, IsEmpty());
}

TEST_F(Environment, ImportasSubstitutesOneWord) {
  const Probe p = probe_with("importas v FOO " + q(probe) + " $v ${v}x", {{"FOO", "bar baz"}});
  EXPECT_THAT(p.argv, ElementsAre(probe, "bar baz", "bar bazx"));
}

TEST_F(Environment, ImportasOfAnUnsetVariableIsNoWord) {
  Launch run;
  run.args = {"-c", "importas v NOT_SET_ANYWHERE " + q(probe) + " a $v b"};
  run.unset_env = {"NOT_SET_ANYWHERE"};
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, "a", "b"));
}

TEST_F(Environment, ImportasInsistExits100NamingTheVariable) {
  Launch run;
  run.args = {"-c", "importas -i v NOT_SET_ANYWHERE " + q(probe) + " $v"};
  run.unset_env = {"NOT_SET_ANYWHERE"};
  const Result r = harness::run(run);
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, HasSubstr("NOT_SET_ANYWHERE"));
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Environment, ImportasDefault) {
  Launch run;
  run.args = {"-c", "importas -D 'the default' v NOT_SET_ANYWHERE importas -D unused w SET " + q(probe) + " $v $w"};
  run.unset_env = {"NOT_SET_ANYWHERE"};
  run.set_env = {{"SET", "set"}};
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, "the default", "set"));
}

TEST_F(Environment, ImportasUnexport) {
  const Probe p = probe_with("importas -u v FOO " + q(probe) + " $v FOO", {{"FOO", "bar"}});
  EXPECT_EQ(p.argv[1], "bar");
  EXPECT_EQ(p.named.at("FOO"), std::nullopt);
}

TEST_F(Environment, ImportasSplit) {
  const Probe p = probe_with("importas -s v FOO " + q(probe) + " $v", {{"FOO", "a b\tc"}});
  EXPECT_THAT(p.argv, ElementsAre(probe, "a", "b", "c"));
}

TEST_F(Environment, BacktickPutsTheOutputInTheEnvironment) {
  const Probe p = probe_with("backtick X { echo hello world } " + q(probe) + " X");
  EXPECT_EQ(p.named.at("X"), "hello world");
}

TEST_F(Environment, BacktickChompsByDefaultAndWithN) {
  for (const std::string opt : {"", "-n "}) {
    const Result r = run_with("backtick " + opt + "-E x { printf 'hi\\n' } printf [%s] $x");
    ASSERT_TRUE(r.exited && r.code == 0) << r;
    EXPECT_EQ(r.out, "[hi]") << "option: " << opt;
  }
}

TEST_F(Environment, BacktickKeepsTheNewlineWithCapitalN) {
  const Result r = run_with("backtick -N -E x { printf 'hi\\n\\n' } printf [%s] $x");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "[hi\n\n]");
}

TEST_F(Environment, BacktickAutoimportSubstitutesInsteadOfExporting) {
  const Probe p = probe_with("backtick -E x { echo two words } " + q(probe) + " $x x");
  EXPECT_THAT(p.argv, ElementsAre(probe, "two words", "x"));
  EXPECT_EQ(p.named.at("x"), std::nullopt);
}

TEST_F(Environment, BacktickBlockSeesTheScriptsEnvironment) {
  const Probe p = probe_with("export INNER value backtick X { printenv INNER } " + q(probe) + " X");
  EXPECT_EQ(p.named.at("X"), "value");
}

TEST_F(Environment, BacktickFailingBlockExitsWithItsCode) {
  const Result r = run_with("backtick X { sh -c 'exit 3' } " + q(probe));
  EXPECT_TRUE(r.exited && r.code == 3) << r;
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Environment, BacktickCrashedBlockExits128PlusSignal) {
  const Result r = run_with("backtick X { sh -c 'kill $$' } " + q(probe));
  EXPECT_TRUE(r.exited && r.code == 128 + 15) << r;
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Environment, BacktickNullCharacterExits124) {
  const Result r = run_with("backtick X { printf 'a\\0b' } " + q(probe));
  EXPECT_TRUE(r.exited && r.code == 124) << r;
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Environment, BacktickXRemovesTheVariableOnFailure) {
  const Probe p = probe_with("backtick -x X { false } " + q(probe) + " X", {{"X", "old"}});
  EXPECT_EQ(p.named.at("X"), std::nullopt);
}

TEST_F(Environment, BacktickDefaultOnFailure) {
  const Probe p = probe_with("backtick -D fallback X { sh -c 'echo partial; exit 3' } " + q(probe) + " X");
  EXPECT_EQ(p.named.at("X"), "fallback");
}

TEST_F(Environment, DefineOneWord) {
  const Probe p = probe_with("define L 'a b c' " + q(probe) + " $L ${L}!");
  EXPECT_THAT(p.argv, ElementsAre(probe, "a b c", "a b c!"));
}

TEST_F(Environment, DefineSplitMakesSeveralWords) {
  const Probe p = probe_with("define -s L 'a b\tc' " + q(probe) + " x $L y");
  EXPECT_THAT(p.argv, ElementsAre(probe, "x", "a", "b", "c", "y"));
}

TEST_F(Environment, DefineSplitWithDelimiter) {
  const Probe p = probe_with("define -s -d , L --verbose,--foreground " + q(probe) + " $L");
  EXPECT_THAT(p.argv, ElementsAre(probe, "--verbose", "--foreground"));
}

// execline: split values multiply words left to right; $A- names the key "A-".
TEST_F(Environment, SplitValuesMultiplyWords) {
  const Probe p = probe_with("define -s A '1 2' define -s B 'x y' " + q(probe) + " ${A}-${B} $A-$B");
  EXPECT_THAT(p.argv, ElementsAre(probe, "1-x", "1-y", "2-x", "2-y", "$A-x", "$A-y"));
}

TEST_F(Environment, DefineReachesIntoBlocks) {
  const Result r = run_with("define G hello foreground { echo $G in block } echo $G after");
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "hello in block\nhello after\n");
}

TEST_F(Environment, MultisubstituteIsParallel) {
  const Probe p = probe_with("multisubstitute { define A $B define B value } " + q(probe) + " $A $B");
  EXPECT_THAT(p.argv, ElementsAre(probe, "$B", "value"));
}

TEST_F(Environment, CdAndUmask) {
  const Probe p = probe_with("cd " + q(dir.path()) + " umask 027 " + q(probe));
  EXPECT_EQ(p.cwd, dir.path());
  EXPECT_EQ(p.umask, "0027");
}

}  // namespace
}  // namespace it
