// chainscript's promises (issue 7), each broken once and each a test here:
// the whole script is validated before anything is done (a canary step at
// the start shows that nothing was); -n shows what the run will do; bad input
// gets a located error, never a crash; what a root run file says is what it
// does.
#include <signal.h>

#include <gmock/gmock.h>

#include "harness/harness.hpp"

using namespace harness;

namespace it {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class Promises : public ChainscriptTest {
 protected:
  // A first step that would leave a file behind, had anything been done.
  std::string canary() const { return "redirfd -w 7 " + q(dir / "canary") + " "; }
  bool canary_sang() const { return exists(dir / "canary"); }

  // Refused before anything: exit 100, the error located at `at` (the first
  // place in script where it occurs, after the canary), the canary silent.
  void refused(const std::string& script, const std::string& at, const std::string& builtin) {
    const size_t column = canary().size() + script.find(at) + 1;
    ASSERT_NE(script.find(at), std::string::npos) << at;
    for (const auto& mode : {std::vector<std::string>{}, {"--check"}, {"-n"}}) {
      std::vector<std::string> args = mode;
      args.insert(args.end(), {"-c", canary() + script});
      const Result r = chainscript(args);
      EXPECT_TRUE(r.exited && r.code == 100) << script << "\n" << r;
      EXPECT_THAT(r.err, HasSubstr("-c:1:" + std::to_string(column) + ": " + builtin + ": ")) << script << "\n" << r;
      EXPECT_FALSE(canary_sang()) << script << ": something ran before the error";
    }
  }
};

// Validation went no further than the first substituted word.
TEST_F(Promises, ValidationGoesPastASubstitutedWord) {
  refused("importas H HOME export A $H redirfd -w 3 F fdmove 1", "1", "fdmove");
  EXPECT_FALSE(exists(dir / "F"));
  // A split value stops the chain it is in, not the blocks after it.
  refused("define -s L \"1 2\" fdmove $L foreground { fdmove x 1 } true", "x 1", "fdmove");
}

// Usage errors that only the run found, after earlier steps had run.
TEST_F(Promises, UsageErrorsInsideBlocksAndValuesAreFoundFirst) {
  refused("wait { abc } true", "abc", "wait");
  refused("if { eltest 1 -frob 2 } true", "1 -frob", "eltest");
  refused("define -s -d \"\" A garbage true", "garbage", "define");
  refused("case -- x { \"a(\" { true } } true", "\"a(", "case");
  refused("trap { 99999999999 { true } } true", "999", "trap");
  refused("define X 1 foreground { fdmove 1 $X fdmove x } true", "x }", "fdmove");
}

// glibc's regcomp copies a repeated sub-expression per repetition: stacked
// or nested repetitions took gigabytes (a fuzzer found "(.*+++...)") before
// they were refused by size; a large but linear one still works.
TEST_F(Promises, RegexesThatWouldExhaustMemoryAreRefused) {
  refused("case -- x { \"(.*" + std::string(40, '+') + ")\" { true } } true", "\"(.*", "case");
  refused("case -- x { \"(a{1000}){1000}\" { true } } true", "\"(a{1000})", "case");
  refused("if { eltest x =~ \"(a{500}){500}\" } true", "x =~", "eltest");
  const Result r = chainscript({"-c", "case -- " + std::string(1000, 'a') + " { \"a{1000}\" { echo matched } } echo no"});
  EXPECT_TRUE(r.exited && r.code == 0 && r.out == "matched\n") << r;
}

TEST_F(Promises, NetstringErrorsInInputAreLocated) {
  Launch run;
  run.args = {"-c", "forstdin -d \"\" X true"};
  run.stdin_data = "garbage";
  Result r = harness::run(run);
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.err, HasSubstr("-c:1:1: forstdin: invalid netstring list"));
  r = chainscript({"-c", "forbacktickx -d \"\" X { printf garbage } true"});
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.err, HasSubstr("-c:1:1: forbacktickx: invalid netstring list"));
}

// -W on the #! line counts for --check as for the run.
TEST_F(Promises, StrictnessFromTheShebangLineIsValidated) {
  const std::string file = script("#!/usr/bin/execlineb -W\nforeground echo a \"\" echo b\n");
  for (const auto& mode : {"--check", "-n"}) {
    const Result r = chainscript({mode, file});
    EXPECT_TRUE(r.exited && r.code == 100) << mode << r;
    EXPECT_THAT(r.err, HasSubstr(file + ":2:12: foreground: unquoted word"));
  }
}

TEST_F(Promises, ABadShebangFlagNamesTheFileAndLine) {
  const std::string file = script("#!/usr/bin/execlineb -Z\necho b\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, HasSubstr(file + ":1:22: bad flag on the #! line: unknown option -Z"));
}

// 20,000 nested blocks once overflowed the stack; a million fail at the limit.
TEST_F(Promises, DeepNestingFailsAtTheDocumentedLimit) {
  std::string deep;
  for (int i = 0; i < 1000000; ++i) deep += "{ ";
  const std::string file = script(deep);
  for (const auto& mode : {std::vector<std::string>{"--check"}, {"-n"}, {"--port"}, {"--parse"}, {}}) {
    std::vector<std::string> args = mode;
    args.push_back(file);
    const Result r = chainscript(args);
    EXPECT_TRUE(r.exited && r.code == 100) << r.code << " " << r.signal;
    EXPECT_THAT(r.err, HasSubstr(":1:20001: syntax error: blocks nested deeper than 10000"));
    EXPECT_LT(r.err.size(), 2000u);
  }
}

// 10,000 nested blocks (the limit) parse, check and port in an explicit walk; a script
// nested deeper than 500 is refused before anything runs, by --check and -n
// too (each level would be a process waiting for the next).
TEST_F(Promises, DeepNestingParsesButRunsOnlyToTheRunLimit) {
  std::string text = canary();
  for (int i = 0; i < 10000; ++i) text += "foreground { ";
  text += "true";
  for (int i = 0; i < 10000; ++i) text += " }";
  const std::string file = script(text + " echo deep\n");
  for (const auto& mode : {std::vector<std::string>{"--parse", "--format", "json"}, {"--port"}}) {
    std::vector<std::string> args = mode;
    args.push_back(file);
    const Result r = chainscript(args);
    EXPECT_TRUE(r.exited && r.code == 0) << mode.front() << " " << r.code;
  }
  const size_t column = canary().size() + 500 * 13 + 12;  // the 501st block's {
  for (const auto& mode : {std::vector<std::string>{"--check"}, {"-n"}, {}}) {
    std::vector<std::string> args = mode;
    args.push_back(file);
    const Result r = chainscript(args);
    EXPECT_TRUE(r.exited && r.code == 100) << r;
    EXPECT_THAT(r.err, HasSubstr(":1:" + std::to_string(column) + ": blocks nested deeper than 500 cannot run"));
    EXPECT_EQ(r.out, "");
    EXPECT_FALSE(canary_sang());
  }
}

TEST_F(Promises, NestingUpToTheLimitRuns) {
  std::string text;
  for (int i = 1; i < 500; ++i) text += "foreground { ";
  text += "true";
  for (int i = 1; i < 500; ++i) text += " }";
  const std::string file = script(text + " echo deep\n");
  // The plan interprets every level in one process: the deepest stack.
  Result r = chainscript({"-n", file});
  EXPECT_TRUE(r.exited && r.code == 0) << r.code;
  EXPECT_THAT(r.out, HasSubstr("exec program=echo echo deep"));
  SKIP_UNDER_SANITIZERS("499 nested sanitized processes take minutes to fork");
  r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "deep\n");
}

TEST_F(Promises, OutOfMemoryIsAFailureNotAnAbort) {
  SKIP_UNDER_SANITIZERS("AddressSanitizer cannot start under an address-space limit");
  Launch run;
  run.program = "/bin/sh";
  run.args = {"-c", "ulimit -v 300000; exec \"$0\" -c 'define -s A \"1 2 3 4 5 6 7 8 9 10\" echo $A$A$A$A$A$A$A$A$A$A'",
              bin};
  const Result r = harness::run(run);
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.err, HasSubstr("-c:1:36: out of memory"));
}

TEST_F(Promises, DryRunOfWaitingForAllChildrenEnds) {
  Launch run;
  run.args = {"-n", "-c", "background { sleep 1 } wait { } echo done"};
  run.timeout = std::chrono::seconds(10);
  const Result r = harness::run(run);
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.out, HasSubstr("exec program=echo echo done"));
}

// The plan had the old directory, and nothing set by envdir or envfile.
TEST_F(Promises, ThePlanHasTheValuesTheRunWillHave) {
  Result r = chainscript({"-n", "-c", "cd / getcwd -E D echo $D"});
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.out, HasSubstr("exec program=echo echo /\n"));
  dir.write("env/NAME", "value\n");
  dir.write("file", "KEY = the value\n");
  r = chainscript({"-n", "-c", "envdir " + q(dir / "env") + " envfile " + q(dir / "file") + " true"});
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.out, HasSubstr("setenv NAME=value"));
  EXPECT_THAT(r.out, HasSubstr("setenv KEY=\"the value\""));
  // Relative paths are read where the plan's directory is.
  r = chainscript({"-n", "-c", "cd " + q(dir.path()) + " envdir env true"});
  EXPECT_THAT(r.out, HasSubstr("setenv NAME=value"));
}

TEST_F(Promises, ANulByteInAScriptIsASyntaxError) {
  for (const std::string first : {"", "#!/usr/bin/execlineb -P\n", "#!/usr/bin/nosh\n"}) {
    const std::string file = script(first + "echo a" + std::string(1, '\0') + "b c\n");
    const Result r = chainscript({file});
    const int usage = first.find("nosh") != std::string::npos ? 1 : 100;  // nosh's status for every fatal error
    EXPECT_TRUE(r.exited && r.code == usage) << first << r;
    EXPECT_THAT(r.err, HasSubstr(file + ":" + (first.empty() ? "1:7" : "2:7") + ": syntax error: a NUL byte"));
    EXPECT_THAT(r.out, IsEmpty());
  }
}

// An escape made a NUL that cut the path short: /x/safe.log was opened while
// -n showed the whole path.
TEST_F(Promises, AnEscapeForANulByteIsASyntaxError) {
  for (const std::string& word : std::vector<std::string>{"\"" + dir / "safe.log" + "\\0/../x\"", "\"a\\x00b\"", "\"a\\000b\""}) {
    const Result r = chainscript({"-c", canary() + "redirfd -w 1 " + word + " true"});
    EXPECT_TRUE(r.exited && r.code == 100) << word << r;
    EXPECT_THAT(r.err, HasSubstr("syntax error: escape sequence for a NUL byte"));
    EXPECT_FALSE(canary_sang());
  }
  EXPECT_FALSE(exists(dir / "safe.log"));
}

TEST_F(Promises, ANulByteReachingAVariableAtRunTimeFails) {
  dir.write("file", "A = \"x\\0y\"\n");
  const Result r = chainscript({"-c", "envfile " + q(dir / "file") + " true"});
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.err, HasSubstr("-c:1:1: envfile: a NUL byte in the value of A"));
}

TEST_F(Promises, ANulByteReachingAWordAtRunTimeFails) {
  Launch run;
  run.args = {"-c", "forstdin -E X redirfd -w 1 $X true"};
  run.stdin_data = std::string("a\0b\n", 4);
  run.cwd = dir.path();
  const Result r = harness::run(run);
  EXPECT_TRUE(r.exited && r.code == 0) << r;  // forstdin's status: its instance failed, 111
  EXPECT_THAT(r.err, HasSubstr("-c:1:28: a NUL byte in a word: \"a\\0...\""));
  EXPECT_FALSE(exists(dir / "a"));
}

// 70000 bound port 4464; 131072 a random port.
TEST_F(Promises, APortOutOfRangeIsAUsageError) {
  refused("tcp-socket-listen 127.0.0.1 70000 true", "70000", "tcp-socket-listen");
  refused("udp-socket-listen 127.0.0.1 131072 true", "131072", "udp-socket-listen");
}

// One error for each unmatched brace, each with the whole line: gigabytes.
TEST_F(Promises, ErrorOutputIsBounded) {
  std::string braces;
  for (int i = 0; i < 30000; ++i) braces += "} ";
  const Result r = chainscript({script(braces + "\n" + std::string(60000, ' ') + "{ {\n")});
  EXPECT_TRUE(r.exited && r.code == 100) << r.code;
  EXPECT_LT(r.err.size(), 50u * 600u);
  size_t errors = 0;
  for (const auto& l : lines(r.err)) errors += l.starts_with("chainscript: ");
  EXPECT_EQ(errors, 50u);
}

// Found by the fuzzer: backtick -E's block, read as words (execline), is a
// block decoded into an arena of its own; the blocks inside it are checked
// later, and must keep that arena alive (the sanitized build saw them read
// it after it was freed).
TEST_F(Promises, BlocksInsideABlockReadAsWordsAreCheckedWithTheirOwnerAlive) {
  const std::string file = script(
      "#!/usr/bin/execlineb -P\n"
      "backtick -E { printf backtick -E { printf x } foreground { printf a } }\n"
      "printf b\n");
  for (const auto& mode : {"--check", "--port"}) {
    const Result r = chainscript({mode, file});
    EXPECT_TRUE(r.exited && r.code == 0) << mode << "\n" << r;
  }
}

TEST_F(Promises, ALastBuiltinThatChangesStateIsAUsageError) {
  const std::string socket = dir / "s";
  refused("local-stream-socket-listen " + q(socket), "local-stream", "local-stream-socket-listen");
  EXPECT_FALSE(exists(socket));
  refused("export A b", "export", "export");
}

// Look-ups named by literal words come before the first effect: a typo in
// the last setuidgid binds no socket.
TEST_F(Promises, LookUpsAreMadeBeforeTheFirstEffect) {
  const std::string socket = dir / "s";
  const Result r = chainscript(
      {"-c", canary() + "local-stream-socket-listen " + q(socket) + " setuidgid no-such-user-here true"});
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.err, ContainsRegex("-c:1:[0-9]+: setuidgid: unknown user no-such-user-here"));
  EXPECT_FALSE(canary_sang());
  EXPECT_FALSE(exists(socket));
  // execline scripts keep execline's order: each when its command runs.
  const Result e = chainscript(
      {"--dialect=execline", "-c", "redirfd -w 7 \"" + dir / "canary" + "\" s6-setuidgid no-such-user-here true"});
  EXPECT_TRUE(e.exited && e.code == 1) << e;
  EXPECT_TRUE(canary_sang());
}

TEST_F(Promises, LookUpsStopAtAChangeOfRoot) {
  const Result r = chainscript({"-n", "-c", "chroot / setuidgid no-such-user-here true"});
  EXPECT_THAT(r.out, HasSubstr("chroot path=/"));  // the plan got that far
  EXPECT_TRUE(r.exited && r.code == 111) << r;
}

// s6-applyuidgid had no check that root could not be regained.
TEST_F(Promises, ApplyuidgidChecksThatRootCannotBeRegained) {
  REQUIRE_ROOT("it drops privileges");
  const Result r = chainscript({"-x", "-c", "s6-applyuidgid -u 65534 -g 65534 -G \"\" true"});
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.err, HasSubstr("s6-applyuidgid: check-root -> root cannot be regained"));
}

TEST_F(Promises, AnAbstractSocketHasNoModeOrOwner) {
  refused("local-stream-socket-listen --mode 0600 @name true", "@name", "local-stream-socket-listen");
  refused("local-datagram-socket-listen --user root @name true", "@name", "local-datagram-socket-listen");
}

}  // namespace
}  // namespace it
