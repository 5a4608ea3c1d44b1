// The lexical rules of the nosh dialect (grammar/nosh.cpp; nosh(1), "File
// lexing"): whitespace, quotes and backslashes make words; nothing is ever
// substituted, and there are no blocks: braces and nosh's separators are
// words like any other.
#include <gtest/gtest.h>

#include <deque>

#include <string>
#include <utility>
#include <vector>

#include "grammar/dialects.hpp"
#include "grammar/syntax_error.hpp"

namespace chainscript {
namespace {

ast::Script script(std::string_view text) { return parse_script(text, "file", Dialect::nosh); }
// Every script parsed here is kept to the end: its nodes point into its arena.
const ast::Script& kept(ast::Script s) {
  static std::deque<ast::Script> all;
  return all.emplace_back(std::move(s));
}
const std::vector<ast::Node>& parse(std::string_view text) { return kept(script(text)).body; }

// A node that must be a word (throws if it is a block).
const ast::Word& word_of(const ast::Node& n) {
  if (!n.word()) throw std::runtime_error("a block where a word was expected");
  return *n.word();
}

// The texts of the top-level words (throws if there is a block).
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& n : parse(text)) out.push_back(word_of(n).text());
  return out;
}

ast::Word only_word(std::string_view text) {
  auto body = parse(text);
  if (body.size() != 1) throw std::runtime_error("expected one word, got " + std::to_string(body.size()) + " nodes");
  return word_of(body.front());
}

using PieceList = std::vector<std::pair<std::string, bool>>;  // text, substitutable
PieceList pieces(const ast::Word& w) {
  PieceList out;
  for (const auto& p : w.pieces()) out.emplace_back(p.text(), p.substitutable);
  return out;
}

std::pair<unsigned, unsigned> line_col(const Location& at) { return {at.line, at.column}; }

std::vector<std::string> errors(std::string_view text) {
  try {
    script(text);
  } catch (const SyntaxErrors& e) {
    std::vector<std::string> out;
    for (const auto& err : e.errors)
      out.push_back(std::to_string(err.at.line) + ":" + std::to_string(err.at.column) + ": " + err.message);
    return out;
  }
  return {};
}

using Words = std::vector<std::string>;
using Errors = std::vector<std::string>;

// ---- blanks ------------------------------------------------------------------

TEST(NoshGrammar, SpaceTabNewlineCrVtFfSeparateWords) {
  EXPECT_EQ(words("a b\tc\nd\re\vf\fg"), (Words{"a", "b", "c", "d", "e", "f", "g"}));
}

TEST(NoshGrammar, OtherControlBytesAreWordCharacters) {
  // nosh splits at isspace() only: unlike execline, \x01, ESC, \x1f and DEL are text.
  EXPECT_EQ(words("a\x01" "b c\x1b" "d\x1f\x7f"), (Words{"a\x01" "b", "c\x1b" "d\x1f\x7f"}));
}

TEST(NoshGrammar, RunsOfBlanksMakeNoEmptyWords) {
  EXPECT_EQ(words(" \t a \r\n\n\v\f b \n"), (Words{"a", "b"}));
}

TEST(NoshGrammar, EmptyOrBlankScriptHasNoNodes) {
  EXPECT_TRUE(parse("").empty());
  EXPECT_TRUE(parse(" \n\t\n# only a comment\n").empty());
}

// ---- comments ----------------------------------------------------------------

TEST(NoshGrammar, HashAtWordStartCommentsToEndOfLine) {
  EXPECT_EQ(words("a # b c\nd #e\n#f g\nh"), (Words{"a", "d", "h"}));
}

TEST(NoshGrammar, CommentAtEndOfInputWithoutNewline) {
  EXPECT_EQ(words("a #b"), (Words{"a"}));
}

TEST(NoshGrammar, HashInsideAWordIsNotAComment) {
  // Also after a quoted part: the word has started.
  EXPECT_EQ(words("a#b c# \"d\"#e ''#f"), (Words{"a#b", "c#", "d#e", "#f"}));
}

TEST(NoshGrammar, QuotedOrEscapedHashIsAWord) {
  EXPECT_EQ(words("\"#a\" '#b' \\#c"), (Words{"#a", "#b", "#c"}));
}

TEST(NoshGrammar, BackslashInACommentDoesNotJoinLines) {
  EXPECT_EQ(words("a #b \\\nc"), (Words{"a", "c"}));
}

TEST(NoshGrammar, ShebangLineIsACommentAndNamesTheDialect) {
  const std::string text = "#!/usr/local/bin/nosh\nfoo bar\n";
  EXPECT_EQ(dialect_of_first_line(text), Dialect::nosh);
  const auto body = parse(text);
  ASSERT_EQ(words(text), (Words{"foo", "bar"}));
  EXPECT_EQ(line_col(body[0].word()->at), std::make_pair(2u, 1u));
}

// ---- joining lines -------------------------------------------------------------

TEST(NoshGrammar, BackslashNewlineBetweenWordsIsNothing) {
  EXPECT_EQ(words("a \\\nb \\\n\\\n c"), (Words{"a", "b", "c"}));
  EXPECT_EQ(words("\\\n"), Words{});
}

TEST(NoshGrammar, BackslashNewlineJoinsLinesInsideAWord) {
  EXPECT_EQ(words("ab\\\ncd e"), (Words{"abcd", "e"}));
}

TEST(NoshGrammar, BackslashNewlineInsideDoubleQuotesDisappears) {
  EXPECT_EQ(only_word("\"ab\\\ncd\"").text(), "abcd");
}

TEST(NoshGrammar, BackslashNewlineInsideSingleQuotesIsKept) {
  EXPECT_EQ(only_word("'ab\\\ncd'").text(), "ab\\\ncd");
}

TEST(NoshGrammar, HashAfterALineJoinInsideAWordIsText) {
  EXPECT_EQ(words("a\\\n#b c"), (Words{"a#b", "c"}));
}

TEST(NoshGrammar, TrailingBackslashAtEndOfInputIsIgnored) {
  // The code ignores it, where a word starts and inside a word alike. (nosh
  // itself refuses it: "Slash before end of file.")
  EXPECT_EQ(words("a \\"), (Words{"a"}));
  EXPECT_EQ(words("a b\\"), (Words{"a", "b"}));
}

// ---- backslashes outside quotes -----------------------------------------------

TEST(NoshGrammar, UnquotedBackslashMakesTheNextCharacterLiteral) {
  EXPECT_EQ(only_word(R"(\$\ \"\'\\\n\t)").text(), "$ \"'\\nt");
}

TEST(NoshGrammar, EscapedBlankJoinsAWord) {
  EXPECT_EQ(words("a\\ b c\\\td"), (Words{"a b", "c\td"}));
}

// ---- double quotes -------------------------------------------------------------

TEST(NoshGrammar, DoubleQuotesKeepBlanksInOneWord) {
  EXPECT_EQ(words("\"a b\tc\nd\" e"), (Words{"a b\tc\nd", "e"}));
}

TEST(NoshGrammar, BackslashInDoubleQuotesMakesTheNextCharacterLiteral) {
  // No C escapes: \n is n, \\ a backslash, \" a quote.
  EXPECT_EQ(only_word(R"("a\"b\\c\nd\$e\'f\0")").text(), "a\"b\\cnd$e'f0");
}

TEST(NoshGrammar, SingleQuoteInsideDoubleQuotesIsText) {
  EXPECT_EQ(only_word(R"("it's")").text(), "it's");
}

TEST(NoshGrammar, EmptyDoubleQuotesMakeAnEmptyWord) {
  EXPECT_EQ(words(R"(a "" b)"), (Words{"a", "", "b"}));
}

// ---- single quotes -------------------------------------------------------------

TEST(NoshGrammar, SingleQuotesAreLiteral) {
  EXPECT_EQ(only_word(R"('a \n "x" \ $A # {')").text(), R"(a \n "x" \ $A # {)");
}

TEST(NoshGrammar, EmptySingleQuotesMakeAnEmptyWord) {
  EXPECT_EQ(words("a '' b"), (Words{"a", "", "b"}));
}

TEST(NoshGrammar, AdjacentPiecesMakeOneWord) {
  // nosh(1)'s example: This"is"all'one'\ word
  EXPECT_EQ(words(R"(This"is"all'one'\ word next)"), (Words{"Thisisallone word", "next"}));
}

// ---- no substitution -------------------------------------------------------------

TEST(NoshGrammar, NoPieceIsEverSubstitutable) {
  for (const auto* text : {"$A", "\"$A\"", "'$A'", "\\$A", "${A}x"}) {
    SCOPED_TRACE(text);
    const auto w = only_word(text);
    ASSERT_FALSE(w.pieces().empty());
    for (const auto& p : w.pieces()) EXPECT_FALSE(p.substitutable) << p.text();
    EXPECT_TRUE(w.literal());
  }
}

TEST(NoshGrammar, AWordOfManyPartsIsOneLiteralPiece) {
  EXPECT_EQ(pieces(only_word(R"(a"$B"'$C'\$D)")), (PieceList{{"a$B$C$D", false}}));
}

// ---- braces and separators -------------------------------------------------------

TEST(NoshGrammar, BracesArePlainWords) {
  const auto body = parse("a { b } c");
  ASSERT_EQ(body.size(), 5u);
  for (const auto& n : body) EXPECT_NE(n.word(), nullptr);
  EXPECT_EQ(words("a { b } c"), (Words{"a", "{", "b", "}", "c"}));
}

TEST(NoshGrammar, UnmatchedBracesAreNoError) {
  EXPECT_EQ(errors("} a {\n{"), Errors{});
  EXPECT_EQ(words("} a {\n{"), (Words{"}", "a", "{", "{"}));
}

TEST(NoshGrammar, SeparatorsArePlainWords) {
  EXPECT_EQ(words("foreground a ; b & c | d ;"), (Words{"foreground", "a", ";", "b", "&", "c", "|", "d", ";"}));
}

TEST(NoshGrammar, SeparatorsNeedBlanksAroundThem) {
  EXPECT_EQ(words("a; b&c |d"), (Words{"a;", "b&c", "|d"}));
}

// ---- errors ----------------------------------------------------------------------

TEST(NoshGrammar, UnterminatedDoubleQuoteIsAtTheOpeningQuote) {
  EXPECT_EQ(errors("\"x\" a\n  b\"c\nd e"), (Errors{"2:4: unterminated double-quoted string"}));
}

TEST(NoshGrammar, UnterminatedSingleQuoteIsAtTheOpeningQuote) {
  EXPECT_EQ(errors("'x' a\n  'bc\nd"), (Errors{"2:3: unterminated single-quoted string"}));
}

TEST(NoshGrammar, BackslashEndingTheInputInsideDoubleQuotesIsUnterminated) {
  EXPECT_EQ(errors("x \"abc\\"), (Errors{"1:3: unterminated double-quoted string"}));
}

TEST(NoshGrammar, RawNulByteIsASyntaxError) {
  EXPECT_EQ(errors(std::string_view("a\n b\0c", 6)), (Errors{"2:3: a NUL byte in the script"}));
}

// ---- locations ---------------------------------------------------------------------

TEST(NoshGrammar, WordLocationIsWhereItStarts) {
  const auto body = parse("ab  'cd'\n  \"ef\"\n\n\\gh");
  ASSERT_EQ(body.size(), 4u);
  EXPECT_EQ(line_col(body[0].word()->at), std::make_pair(1u, 1u));
  EXPECT_EQ(line_col(body[1].word()->at), std::make_pair(1u, 5u));
  EXPECT_EQ(line_col(body[2].word()->at), std::make_pair(2u, 3u));
  EXPECT_EQ(line_col(body[3].word()->at), std::make_pair(4u, 1u));
}

TEST(NoshGrammar, WordJoinedOverLinesIsWhereItStarts) {
  const auto body = parse("x a\\\nb c");
  ASSERT_EQ(words("x a\\\nb c"), (Words{"x", "ab", "c"}));
  EXPECT_EQ(line_col(body[1].word()->at), std::make_pair(1u, 3u));
  EXPECT_EQ(line_col(body[2].word()->at), std::make_pair(2u, 3u));
}

}  // namespace
}  // namespace chainscript
