// The ways to start chainscript: FILE ARGS, -c SCRIPT ARGS, an executable
// #! file, and a #! line with options.
#include <gmock/gmock.h>

#include "harness/harness.hpp"
#include "harness/probe.hpp"

using namespace harness;

namespace it {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class Invocation : public ChainscriptTest {};

TEST_F(Invocation, FileWithArguments) {
  const auto file = script("# a comment line\n" + q(probe) + " $0 $1 $2 $#\n");
  const Result r = chainscript({file, "first arg", "second"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, file, "first arg", "second", "2"));
  EXPECT_THAT(r.err, IsEmpty());
}

TEST_F(Invocation, InlineScriptWithArguments) {
  const Result r = chainscript({"-c", q(probe) + " $1 $2 $# $@", "a b", "c"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, "a b", "c", "2", "a b", "c"));
}

// execlineb -S0 -c: "$0 ... the execlineb invocation name if the -c option is
// used" (execlineb.html); README: positional parameters as execlineb -S0.
TEST_F(Invocation, InlineScriptDollarZeroIsTheInvocationName) {
  const Result r = chainscript({"-c", q(probe) + " $0"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, bin));
}

// Issue 4: chainscript called on a file whose first line names execlineb takes
// execlineb's flags from that line; flags on the command line (as the kernel
// passes them) win.
TEST_F(Invocation, ExeclinebFlagsFromTheFirstLine) {
  const auto file = dir.write("el", "#!/bin/execlineb -S2\n\"" + probe + "\" ${1} ${2} ${#}\n");
  const Result r = chainscript({file, "a"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, "a", "", "1")) << "-S2: missing $2 is empty";
  const Result p = chainscript({"-P", file, "a"});
  ASSERT_TRUE(p.exited && p.code == 0) << p;
  EXPECT_THAT(parse_probe(p.out).argv, ElementsAre(probe, "${1}", "${2}", "${#}")) << "-P given: nothing substituted";
}

// A first line naming chainscript (as --port writes them) gives its flags to
// `chainscript FILE` too: the file runs as it does when the kernel starts it.
TEST_F(Invocation, ChainscriptFlagsFromTheFirstLineAsTheKernelPassesThem) {
  const auto file = dir.write("ported", "#!" + bin + " -P --failures-exit-1\n" + q(probe) + " ${1}\n", 0755);
  Launch direct;
  direct.program = file;
  direct.args = {"a"};
  for (const Result& r : {chainscript({file, "a"}), harness::run(direct)}) {
    ASSERT_TRUE(r.exited && r.code == 0) << r;
    EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, "${1}")) << "-P: nothing substituted";
  }
  const auto failing = dir.write("failing", "#!" + bin + " --failures-exit-1\ncd " + q(dir / "none") + " true\n", 0755);
  Launch failing_direct;
  failing_direct.program = failing;
  for (const Result& r : {chainscript({failing}), harness::run(failing_direct)}) {
    EXPECT_TRUE(r.exited && r.code == 1) << "--failures-exit-1: 1, not 111\n" << r;
  }
  const Result plain = chainscript({"--", failing});
  EXPECT_TRUE(plain.exited && plain.code == 1) << plain;
  const auto bad = dir.write("bad", "#!" + bin + " --no-such-flag\ntrue\n");
  const Result b = chainscript({bad});
  EXPECT_TRUE(b.exited && b.code == 100) << b;
  EXPECT_THAT(b.err, HasSubstr("bad flag on the #! line"));
}

TEST_F(Invocation, ExecutableShebangFileRunsDirectly) {
  const auto file = dir.write("service", "#!" + bin + "\n" + q(probe) + " $0 $1 $#\n", 0755);
  Launch run;
  run.program = file;
  run.args = {"an arg"};
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(r.out).argv, ElementsAre(probe, file, "an arg", "1"));
}

TEST_F(Invocation, ShebangWithDryRunFlagPrintsPlanAndRunsNothing) {
  const std::string out = dir / "out", touched = dir / "touched";
  const auto file = dir.write("service",
                              "#!" + bin + " -n\n"
                              "redirfd -w 1 " + q(out) + "\n"
                              "foreground { touch " + q(touched) + " }\n"
                              "echo hello\n",
                              0755);
  Launch run;
  run.program = file;
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.out, HasSubstr(file + ":2:1: redirfd: open path=" + out));
  EXPECT_THAT(r.out, HasSubstr(file + ":3:1: foreground: fork"));
  EXPECT_THAT(r.out, HasSubstr(file + ":4:1: exec: exec program=echo echo hello"));
  EXPECT_FALSE(exists(out)) << "dry run created " << out;
  EXPECT_FALSE(exists(touched)) << "dry run ran the foreground block";
}

// A #! line passes its options as one word: chainscript splits it.
TEST_F(Invocation, ShebangOptionWordWithBlanksIsSplit) {
  const std::string out = dir / "out";
  const auto file = dir.write("service",
                              "#!" + bin + " -n --format=json\n"
                              "redirfd -w 1 " + q(out) + "\n"
                              "echo hello\n",
                              0755);
  Launch run;
  run.program = file;
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const auto ls = lines(r.out);
  ASSERT_FALSE(ls.empty());
  EXPECT_EQ(ls.front().front(), '{') << r.out;
  EXPECT_THAT(ls.back(), HasSubstr("\"argv\":[\"echo\",\"hello\"]"));
  EXPECT_FALSE(exists(out));
}

TEST_F(Invocation, ShebangWithGroupedFlags) {
  const std::string out = dir / "out";
  const auto file = dir.write("service",
                              "#!" + bin + " -nx\n"
                              "redirfd -w 1 " + q(out) + "\n"
                              "echo hello\n",
                              0755);
  Launch run;
  run.program = file;
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.out, HasSubstr(file + ":3:1: exec: exec program=echo echo hello"));
  EXPECT_FALSE(exists(out)) << "-nx must not run anything";
}

TEST_F(Invocation, NoScriptIsAUsageError) {
  const Result r = chainscript({});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, HasSubstr("usage:"));
}

TEST_F(Invocation, UnknownOptionIsAUsageError) {
  const Result r = chainscript({"--frobnicate", script("true\n")});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, HasSubstr("--frobnicate"));
}

TEST_F(Invocation, UnreadableFileExits111) {
  const Result r = chainscript({dir / "no-such-file"});
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.err, HasSubstr(dir / "no-such-file"));
}

TEST_F(Invocation, ListBuiltinsNamesEveryDocumentedBuiltin) {
  const Result r = chainscript({"--list-builtins"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  std::set<std::string> names;
  for (const auto& l : lines(r.out)) names.insert(l.substr(0, l.find('\t')));
  for (const char* b : {"exec", "export", "unexport", "emptyenv", "cd", "umask", "fdmove", "fdswap", "fdclose",
                        "fdreserve", "redirfd", "foreground", "background", "wait", "if", "ifelse", "ifte",
                        "ifthenelse", "define", "importas", "multisubstitute", "multidefine", "backtick", "exit",
                        "clearenv"})
    EXPECT_TRUE(names.count(b)) << b << " missing from --list-builtins:\n" << r.out;
}

}  // namespace
}  // namespace it
