// Syntax errors of the native dialect: each with its exact place and message,
// and every error of a script reported, not just the first.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "grammar/dialects.hpp"
#include "grammar/syntax_error.hpp"

namespace chainscript {
namespace {

// One error as "LINE:COL: message".
std::string describe(const SyntaxError& e) {
  return std::to_string(e.at.line) + ":" + std::to_string(e.at.column) + ": " + e.message;
}

// Every error parse_script reports for text; empty if it parses.
std::vector<std::string> errors(std::string_view text) {
  try {
    parse_script(text, "file", Dialect::chainscript);
  } catch (const SyntaxErrors& e) {
    std::vector<std::string> out;
    for (const auto& err : e.errors) out.push_back(describe(err));
    return out;
  }
  return {};
}

using Errors = std::vector<std::string>;

const std::string unknown_escape = "unknown escape sequence in double quotes (use \\\\ for a backslash)";

TEST(SyntaxError, WellFormedScriptHasNone) {
  EXPECT_EQ(errors("a \"b\" 'c' { d { e } }"), Errors{});
}

TEST(SyntaxError, UnterminatedDoubleQuoteIsAtTheOpeningQuote) {
  EXPECT_EQ(errors("\"x\" a\n  \"bc\nd e"), (Errors{"2:3: unterminated double-quoted string"}));
}

TEST(SyntaxError, UnterminatedSingleQuoteIsAtTheOpeningQuote) {
  EXPECT_EQ(errors("'x' a\n  b'c\nd"), (Errors{"2:4: unterminated single-quoted string"}));
}

TEST(SyntaxError, UnknownEscapeInDoubleQuotesIsAtTheBackslash) {
  EXPECT_EQ(errors("x \"ab\\q\""), (Errors{"1:6: " + unknown_escape}));
}

TEST(SyntaxError, UnknownEscapeOnALaterLine) {
  EXPECT_EQ(errors("a\n  \"\\'\""), (Errors{"2:4: " + unknown_escape}));
}

TEST(SyntaxError, HexEscapeNeedsTwoHexDigits) {
  EXPECT_EQ(errors(R"("\x4")"), (Errors{"1:2: " + unknown_escape}));
  EXPECT_EQ(errors(R"(a "\xg0")"), (Errors{"1:4: " + unknown_escape}));
  EXPECT_EQ(errors(R"("\x")"), (Errors{"1:2: " + unknown_escape}));
}

TEST(SyntaxError, OctalEscapeOver0377IsAtTheBackslash) {
  EXPECT_EQ(errors(R"(a "b\0400")"), (Errors{"1:5: octal escape \\0400 is over 0377"}));
  EXPECT_EQ(errors(R"("\0777")"), (Errors{"1:2: octal escape \\0777 is over 0377"}));
}

TEST(SyntaxError, UnmatchedCloseBrace) {
  EXPECT_EQ(errors("a {  }\n  b }"), (Errors{"2:5: unmatched }"}));
}

TEST(SyntaxError, UnclosedOpenBraceIsAtTheBrace) {
  EXPECT_EQ(errors("a\n b { c { d }\ne"), (Errors{"2:4: unmatched {: block never closed"}));
}

TEST(SyntaxError, EveryBraceErrorIsReported) {
  EXPECT_EQ(errors("}\n{ a }\n  }\n{ {"), (Errors{
                                               "1:1: unmatched }",
                                               "3:3: unmatched }",
                                               "4:1: unmatched {: block never closed",
                                               "4:3: unmatched {: block never closed",
                                           }));
}

TEST(SyntaxError, BraceErrorsBeforeALexicalErrorAreReportedToo) {
  EXPECT_EQ(errors("a }\n\"b"), (Errors{"1:3: unmatched }", "2:1: unterminated double-quoted string"}));
}

TEST(SyntaxError, ErrorLocationNamesTheFile) {
  try {
    parse_script("}", "run", Dialect::chainscript);
    FAIL() << "no SyntaxErrors thrown";
  } catch (const SyntaxErrors& e) {
    ASSERT_EQ(e.errors.size(), 1u);
    EXPECT_EQ(to_string(e.errors[0].at), "run:1:1");
  }
}

}  // namespace
}  // namespace chainscript
