// Errors: usage errors (100) and syntax errors name FILE:LINE:COL, syntax
// errors show the line and a caret; --check lists every error; nothing runs
// before the whole script has been parsed and validated.
#include <filesystem>
#include <gmock/gmock.h>
#include <thread>

#include "harness/harness.hpp"

namespace fs = std::filesystem;
using namespace harness;

namespace it {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// The three lines of a syntax error: message, "  " + source line, "  " + caret.
void expect_caret(const std::string& err, const std::string& location, const std::string& source, unsigned column,
                  const std::string& message) {
  const auto ls = lines(err);
  ASSERT_GE(ls.size(), 3u) << err;
  EXPECT_THAT(ls[0], StartsWith("chainscript: " + location + ": syntax error: "));
  EXPECT_THAT(ls[0], HasSubstr(message));
  EXPECT_EQ(ls[1], "  " + source);
  std::string caret = "  ";
  for (unsigned c = 1; c < column; ++c) caret += source.at(c - 1) == '\t' ? '\t' : ' ';
  EXPECT_EQ(ls[2], caret + "^");
}

class Errors : public ChainscriptTest {};

TEST_F(Errors, UsageErrorNamesFileLineColumnAndBuiltin) {
  const auto file = script("export A b\nfdmove 1\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, StartsWith("chainscript: " + file + ":2:"));
  EXPECT_THAT(r.err, ContainsRegex("^chainscript: [^ ]+:2:[0-9]+: fdmove: "));
  EXPECT_THAT(r.err, HasSubstr("usage: fdmove"));
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Errors, UsageErrorPointsAtTheBadWord) {
  const auto file = script("export A b\n  fdmove -c x 1 true\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, StartsWith("chainscript: " + file + ":2:13: fdmove: "));
  EXPECT_THAT(r.err, HasSubstr("\"x\""));
}

TEST_F(Errors, UnknownOptionIsAUsageError) {
  const auto file = script("redirfd -q 1 /dev/null true\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, StartsWith("chainscript: " + file + ":1:9: redirfd: unknown option -q"));
}

TEST_F(Errors, SyntaxErrorShowsTheLineAndACaret) {
  const auto file = script("export A b\n  echo \"ab\\qc\"\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  expect_caret(r.err, file + ":2:11", "  echo \"ab\\qc\"", 11, "escape");
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Errors, SyntaxErrorCaretKeepsTabs) {
  const auto file = script("export A b\n\techo \"a\\q\"\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  expect_caret(r.err, file + ":2:9", "\techo \"a\\q\"", 9, "escape");
}

TEST_F(Errors, UnterminatedQuotePointsAtTheOpeningQuote) {
  const auto file = script("export A b\necho 'never closed\nmore\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  expect_caret(r.err, file + ":2:6", "echo 'never closed", 6, "unterminated single-quoted string");
}

TEST_F(Errors, UnmatchedClosingBrace) {
  const auto file = script("export A b\necho } x\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  expect_caret(r.err, file + ":2:6", "echo } x", 6, "unmatched }");
}

TEST_F(Errors, UnclosedBlock) {
  const auto file = script("export A b\nforeground { echo x\necho y\n");
  const Result r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  expect_caret(r.err, file + ":2:12", "foreground { echo x", 12, "never closed");
}

TEST_F(Errors, InlineScriptErrorsNameTheScriptAsDashC) {
  const Result r = chainscript({"-c", "export A b fdmove 1"});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, StartsWith("chainscript: -c:1:"));
  EXPECT_THAT(r.err, HasSubstr("fdmove: "));
}

TEST_F(Errors, ErrorInAChildNamesThePlaceInTheBlock) {
  const auto file = script("foreground {\n  fdmove 1 7 true\n}\necho after\n");
  const Result r = chainscript({file});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "after\n");
  EXPECT_THAT(r.err, HasSubstr(file + ":2:3: fdmove: unable to move fd 7 to 1"));
}

TEST_F(Errors, CheckListsAnErrorInABlockAndOneAtTopLevel) {
  const auto file = script(
      "export A b\n"
      "foreground {\n"
      "  fdmove 1\n"
      "}\n"
      "redirfd -q 1 /dev/null\n"
      "echo ok\n");
  const Result r = chainscript({"--check", file});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, HasSubstr(file + ":3:"));
  EXPECT_THAT(r.err, HasSubstr("fdmove: "));
  EXPECT_THAT(r.err, HasSubstr(file + ":5:9: redirfd: unknown option -q"));
  EXPECT_THAT(r.out, IsEmpty());
}

// README: --check "exit 0, or 100 listing every error": an error at top level
// (here a bad fd in an invocation whose extent is not in doubt: fdmove TO
// FROM) does not hide the one in the block after it.
TEST_F(Errors, CheckListsAnErrorInABlockAfterATopLevelError) {
  const auto file = script(
      "fdmove x 1\n"
      "foreground { fdmove 1 }\n"
      "echo ok\n");
  const Result r = chainscript({"--check", file});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_THAT(r.err, HasSubstr(file + ":1:8: fdmove: a file descriptor must be a number"));
  EXPECT_THAT(r.err, HasSubstr(file + ":2:"));
  EXPECT_THAT(r.err, HasSubstr("fdmove: "));
}

TEST_F(Errors, CheckPassesOnEveryExampleScript) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(scripts_dir)) {
    if (!entry.is_regular_file()) continue;
    const Result r = chainscript({"--check", entry.path().string()});
    EXPECT_TRUE(r.exited && r.code == 0) << entry.path() << ": " << r;
    EXPECT_THAT(r.out, IsEmpty()) << entry.path();
    EXPECT_THAT(r.err, IsEmpty()) << entry.path();
    ++checked;
  }
  EXPECT_GT(checked, 0) << "no scripts in " << scripts_dir;
}

TEST_F(Errors, CheckRunsNothing) {
  const auto file = script("redirfd -w 1 " + q(dir / "x") + "\nforeground { touch " + q(dir / "y") + " }\necho hi\n");
  const Result r = chainscript({"--check", file});
  EXPECT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_FALSE(exists(dir / "x"));
  EXPECT_FALSE(exists(dir / "y"));
}

// Lines that would create a file, fork, and change the process, then a bad last line.
class NoTrace : public ChainscriptTest {
 protected:
  std::string prelude() const {
    return "redirfd -w 1 " + q(dir / "x") + "\n" +
           "foreground { touch " + q(dir / "y") + " }\n" +
           "background { touch " + q(dir / "z") + " }\n" +
           "backtick -n B { touch " + q(dir / "w") + " }\n" +
           "redirfd -a 3 " + q(dir / "v") + "\n" +
           "cd " + q(dir.path()) + "\n" +
           "umask 077\n" +
           "export A b\n";
  }
  void expect_no_trace(const Result& r) const {
    EXPECT_TRUE(r.exited && r.code == 100) << r;
    EXPECT_THAT(r.out, IsEmpty());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // a background child, if one was forked
    for (const char* f : {"x", "y", "z", "w", "v"}) EXPECT_FALSE(exists(dir / f)) << f << " was created";
  }
};

TEST_F(NoTrace, SyntaxErrorOnTheLastLine) {
  const auto file = script(prelude() + "echo \"bad \\q escape\"\n");
  const Result r = chainscript({file});
  expect_no_trace(r);
  EXPECT_THAT(r.err, HasSubstr(file + ":9:"));
}

TEST_F(NoTrace, UsageErrorOnTheLastLine) {
  const auto file = script(prelude() + "fdmove 1\n");
  const Result r = chainscript({file});
  expect_no_trace(r);
  EXPECT_THAT(r.err, HasSubstr(file + ":9:"));
}

TEST_F(NoTrace, UsageErrorInABlockOnTheLastLine) {
  const auto file = script(prelude() + "foreground { fdmove 1 }\n");
  const Result r = chainscript({file});
  expect_no_trace(r);
  EXPECT_THAT(r.err, HasSubstr(file + ":9:"));
}

TEST_F(NoTrace, UsageErrorInANestedBlockOnTheLastLine) {
  const auto file = script(prelude() + "if { foreground { redirfd -q 1 /dev/null true } }\n");
  const Result r = chainscript({file});
  expect_no_trace(r);
  EXPECT_THAT(r.err, HasSubstr(file + ":9:"));
}

TEST_F(NoTrace, UsageErrorInTheElseBlockOfIfthenelse) {
  const auto file = script(prelude() + "ifthenelse -s { true } { true } { fdmove 1 }\n");
  const Result r = chainscript({file});
  expect_no_trace(r);
  EXPECT_THAT(r.err, HasSubstr(file + ":9:"));
}

TEST_F(NoTrace, DryRunOfABadScriptExits100) {
  const auto file = script(prelude() + "foreground { fdmove 1 }\n");
  const Result r = chainscript({"-n", file});
  expect_no_trace(r);
}

}  // namespace
}  // namespace it
