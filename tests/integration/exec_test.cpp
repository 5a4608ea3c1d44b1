// The program at the end of the chain: PATH search with the script's PATH,
// 127 and 126, an empty rest, and positional parameters in its argv.
#include <filesystem>
#include <gmock/gmock.h>

#include "harness/harness.hpp"
#include "harness/probe.hpp"

namespace fs = std::filesystem;
using namespace harness;

namespace it {
namespace {

using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class Exec : public ChainscriptTest {};

TEST_F(Exec, ProgramIsFoundThroughThePathTheScriptSets) {
  fs::create_directories(dir / "bin");
  fs::create_symlink(probe, dir / "bin/only-here-probe");
  const std::string path = dir / "bin";
  const Result r = chainscript({"-c", "export PATH " + q(path) + "\nonly-here-probe an-arg PATH"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Probe p = parse_probe(r.out);
  EXPECT_THAT(p.argv, ElementsAre("only-here-probe", "an-arg", "PATH"));
  EXPECT_EQ(p.named.at("PATH"), path);
}

TEST_F(Exec, PathSearchSkipsDirectoriesWithoutTheProgram) {
  fs::create_directories(dir / "empty");
  fs::create_directories(dir / "bin");
  fs::create_symlink(probe, dir / "bin/only-here-probe");
  const Result r =
      chainscript({"-c", "export PATH " + q(dir / "empty" + ":" + dir / "bin") + "\nonly-here-probe"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre("only-here-probe"));
}

// The caller's PATH is not used once the script has changed it.
TEST_F(Exec, ProgramOutsideTheScriptsPathIsNotFound) {
  fs::create_directories(dir / "empty");
  const Result r = chainscript({"-c", "export PATH " + q(dir / "empty") + "\necho hello"});
  EXPECT_TRUE(r.exited && r.code == 127) << r;
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Exec, MissingProgramExits127NamingIt) {
  const auto file = script("export A b\nno-such-program-xyzzy an-arg\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 127) << r;
  EXPECT_THAT(r.err, HasSubstr("chainscript: "));
  EXPECT_THAT(r.err, HasSubstr("no-such-program-xyzzy"));
  EXPECT_THAT(r.err, HasSubstr(file + ":2:1"));
}

TEST_F(Exec, MissingProgramWithSlashExits127) {
  const Result r = chainscript({"-c", q(dir / "nothing-here") + " x"});
  EXPECT_TRUE(r.exited && r.code == 127) << r;
  EXPECT_THAT(r.err, HasSubstr(dir / "nothing-here"));
}

TEST_F(Exec, NonExecutableFileExits126) {
  const Result r = chainscript({"-c", "/etc/passwd"});
  EXPECT_TRUE(r.exited && r.code == 126) << r;
  EXPECT_THAT(r.err, HasSubstr("/etc/passwd"));
}

TEST_F(Exec, NonExecutableFileFoundThroughPathExits126) {
  dir.write("bin/not-executable", "#!/bin/sh\necho ran\n", 0644);
  const Result r = chainscript({"-c", "export PATH " + q(dir / "bin") + " not-executable"});
  EXPECT_TRUE(r.exited && r.code == 126) << r;
  EXPECT_THAT(r.err, HasSubstr("not-executable"));
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Exec, EmptyRestOfChainExits0) {
  for (const std::string text : {"", "# only a comment\n", "define A b\n", "foreground { true }"}) {
    const Result r = chainscript({"-c", text});
    EXPECT_TRUE(r.exited && r.code == 0) << "script: " << text << "\n" << r;
    EXPECT_THAT(r.out, IsEmpty());
    EXPECT_THAT(r.err, IsEmpty());
  }
}

// A builtin that changes the process for a program to come (fds, environment,
// listeners, privileges) refuses to be last: 100, and nothing done before it.
TEST_F(Exec, StateChangeWithNothingAfterItIsAUsageError) {
  for (const std::string& text : std::vector<std::string>{"export A b\n", "fdmove -c 1 1 export A b unexport A",
                                 "redirfd -w 1 " + q(dir / "made") + " fdmove 2 1"}) {
    const Result r = chainscript({"-c", text});
    EXPECT_TRUE(r.exited && r.code == 100) << "script: " << text << "\n" << r;
    EXPECT_THAT(r.err, HasSubstr("no program to execute after it"));
    EXPECT_THAT(r.err, ContainsRegex("^chainscript: -c:1:[0-9]+: [a-z]+: "));
  }
  EXPECT_FALSE(fs::exists(dir / "made"));
}

// The final program replaces chainscript: same pid (a chain costs no fork).
TEST_F(Exec, FinalProgramReplacesChainscript) {
  // sh's parent is the test process itself: chainscript exec'd into it.
  const Result r2 = chainscript({"-c", "export A b foreground { true } sh -c 'echo $PPID'"});
  ASSERT_TRUE(r2.exited && r2.code == 0) << r2;
  EXPECT_EQ(r2.out, std::to_string(::getpid()) + "\n");
}

class Positional : public ChainscriptTest {};

TEST_F(Positional, ZeroOneCountAndAll) {
  const auto file = script(q(probe) + " $0 $1 $# $@\n");
  const Result r = chainscript({file, "first arg", "", "third"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, file, "first arg", "3", "first arg", "", "third"));
}

TEST_F(Positional, NoArguments) {
  const auto file = script(q(probe) + " $# $@ ${1} end\n");
  const Result r = chainscript({file});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  // $@ with no arguments is no word; ${1} with no first argument is left
  // alone, as execlineb -S0 does ("0 ${1} end").
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, "0", "${1}", "end"));
}

TEST_F(Positional, BracedAndMultiDigit) {
  const auto file = script(q(probe) + " ${1}x ${10} $10\n");
  const Result r = chainscript({file, "1", "2", "3", "4", "5", "6", "7", "8", "9", "ten"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, "1x", "ten", "ten"));
}

TEST_F(Positional, QuotedDollarIsNotSubstituted) {
  const auto file = script(q(probe) + " '$1' \\$1 \"\\$1\" \"$1\"\n");
  const Result r = chainscript({file, "value"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, "$1", "$1", "$1", "value"));
}

TEST_F(Positional, AllInsideABlockOfAChild) {
  const auto file = script("foreground { " + q(probe) + " $@ } true\n");
  const Result r = chainscript({file, "a", "b c"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, "a", "b c"));
}

}  // namespace
}  // namespace it
