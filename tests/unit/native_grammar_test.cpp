// The lexical rules of the native dialect (README, "The native dialect"):
// what text becomes which words, pieces and blocks, and where each one is.
#include <gtest/gtest.h>

#include <deque>

#include <string>
#include <utility>
#include <vector>

#include "grammar/dialects.hpp"
#include "grammar/syntax_error.hpp"

namespace chainscript {
namespace {

// Every script parsed here is kept to the end: its nodes point into its arena.
const ast::Script& kept(ast::Script s) {
  static std::deque<ast::Script> all;
  return all.emplace_back(std::move(s));
}
const std::vector<ast::Node>& parse(std::string_view text) {
  return kept(parse_script(text, "file", Dialect::chainscript)).body;
}

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

// The only top-level node, which must be a word.
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

// The tree as text: a word is [text], a block is { ... }.
std::string outline(ast::Body body) {
  std::string s;
  for (const auto& n : body) {
    if (!s.empty()) s += ' ';
    if (const auto* w = n.word())
      s += "[" + w->text() + "]";
    else
      s += "{" + (n.block()->body.empty() ? std::string() : " " + outline(n.block()->body) + " ") + "}";
  }
  return s;
}
std::string outline(std::string_view text) { return outline(parse(text)); }

std::pair<unsigned, unsigned> line_col(const Location& at) { return {at.line, at.column}; }

using Words = std::vector<std::string>;

// ---- separators and comments -------------------------------------------------

TEST(NativeGrammar, SpaceTabCrLfVtFfSeparateWords) {
  EXPECT_EQ(words("a b\tc\rd\ne\vf\fg"), (Words{"a", "b", "c", "d", "e", "f", "g"}));
}

TEST(NativeGrammar, RunsOfSeparatorsMakeNoEmptyWords) {
  EXPECT_EQ(words(" \t a \r\n\n\v\f b \n"), (Words{"a", "b"}));
}

TEST(NativeGrammar, EmptyOrBlankScriptHasNoNodes) {
  EXPECT_TRUE(parse("").empty());
  EXPECT_TRUE(parse(" \n\t\n# only a comment\n").empty());
}

TEST(NativeGrammar, HashAtWordStartCommentsToEndOfLine) {
  EXPECT_EQ(words("a # b c\nd #e\n#f g\nh"), (Words{"a", "d", "h"}));
}

TEST(NativeGrammar, CommentAtEndOfFileWithoutNewline) {
  EXPECT_EQ(words("a # b"), (Words{"a"}));
}

TEST(NativeGrammar, HashInsideAWordIsNotAComment) {
  EXPECT_EQ(words("a#b c# \"d\"#e"), (Words{"a#b", "c#", "d#e"}));
}

TEST(NativeGrammar, QuotedOrEscapedHashIsAWord) {
  EXPECT_EQ(words("\"#a\" '#b' \\#c"), (Words{"#a", "#b", "#c"}));
}

TEST(NativeGrammar, ShebangFirstLineIsAComment) {
  const auto body = parse("#!/usr/bin/chainscript -nx\nfoo bar\n");
  ASSERT_EQ(outline(body), "[foo] [bar]");
  EXPECT_EQ(line_col(body[0].word()->at), std::make_pair(2u, 1u));
}

// ---- double quotes -----------------------------------------------------------

TEST(NativeGrammar, DoubleQuotesKeepSeparatorsInOneWord) {
  EXPECT_EQ(words("\"a b\tc\nd\" e"), (Words{"a b\tc\nd", "e"}));
}

TEST(NativeGrammar, DoubleQuoteSimpleEscapes) {
  EXPECT_EQ(only_word(R"("\a\b\t\n\v\f\r\e\\\"")").text(), "\a\b\t\n\v\f\r\x1b\\\"");
}

TEST(NativeGrammar, DoubleQuoteEscapedBackslashIsSubstitutable) {
  // "\\$A" is the word text \$A, all of it open to substitution (and its
  // backslash-parity rule), as execlineb's "\\$A" is.
  EXPECT_EQ(pieces(only_word(R"("\\$A")")), (PieceList{{"\\$A", true}}));
}

TEST(NativeGrammar, DoubleQuoteEscapedDollarIsLiteral) {
  const auto w = only_word(R"("\$A")");
  EXPECT_EQ(w.text(), "$A");
  EXPECT_EQ(pieces(w), (PieceList{{"$", false}, {"A", true}}));
  EXPECT_TRUE(w.literal());
}

TEST(NativeGrammar, DoubleQuoteHexEscape) {
  EXPECT_EQ(only_word(R"("\x41\x7a\xfF!")").text(), "Az\xff!");
}

TEST(NativeGrammar, DoubleQuoteOctalEscape) {
  EXPECT_EQ(only_word(R"("\0101\0377")").text(), "A\xff");
}

TEST(NativeGrammar, DoubleQuoteOctalEscapeMayHaveFewerDigits) {
  EXPECT_EQ(only_word(R"("\07x\012y")").text(), "\ax\ny");
}

TEST(NativeGrammar, DoubleQuoteOctalEscapeTakesAtMostThreeDigits) {
  // \0NNN: a fourth digit is plain text, as execlineb's "\01234" is S4.
  EXPECT_EQ(only_word(R"("\01234")").text(), "S4");  // \0123 is 'S'
}

TEST(NativeGrammar, DoubleQuoteBackslashNewlineDisappears) {
  EXPECT_EQ(only_word("\"ab\\\ncd\"").text(), "abcd");
}

TEST(NativeGrammar, DoubleQuotedTextIsSubstitutable) {
  const auto w = only_word(R"("$A b")");
  EXPECT_EQ(pieces(w), (PieceList{{"$A b", true}}));
  EXPECT_FALSE(w.literal());
}

// ---- single quotes -----------------------------------------------------------

TEST(NativeGrammar, SingleQuotesAreLiteralAndNeverSubstituted) {
  const auto w = only_word("'a $A \\n \"x\" \\\n{'");
  EXPECT_EQ(pieces(w), (PieceList{{"a $A \\n \"x\" \\\n{", false}}));
  EXPECT_TRUE(w.literal());
}

// ---- unquoted backslash ------------------------------------------------------

TEST(NativeGrammar, UnquotedBackslashMakesTheNextCharacterLiteral) {
  const auto w = only_word(R"(\$A)");
  EXPECT_EQ(pieces(w), (PieceList{{"$", false}, {"A", true}}));
  EXPECT_TRUE(w.literal());
}

TEST(NativeGrammar, UnquotedBackslashEscapesSeparatorsQuotesAndItself) {
  EXPECT_EQ(pieces(only_word(R"(a\ b\"\'\\)")),
            (PieceList{{"a", true}, {" ", false}, {"b", true}, {"\"'\\", false}}));
}

TEST(NativeGrammar, BackslashNewlineJoinsLinesInsideAWord) {
  const auto w = only_word("a\\\nb");
  EXPECT_EQ(w.text(), "ab");
  EXPECT_EQ(pieces(w), (PieceList{{"ab", true}}));
}

TEST(NativeGrammar, BackslashNewlineBetweenWordsIsASeparator) {
  EXPECT_EQ(words("a \\\nb\\\n c"), (Words{"a", "b", "c"}));
}

TEST(NativeGrammar, TrailingBackslashAtEndOfFileIsIgnored) {
  EXPECT_EQ(words("a b\\"), (Words{"a", "b"}));
}

// ---- words made of pieces ----------------------------------------------------

TEST(NativeGrammar, AdjacentPiecesMakeOneWord) {
  const auto w = only_word(R"(a"b c"'d')");
  EXPECT_EQ(w.text(), "ab cd");
  EXPECT_EQ(pieces(w), (PieceList{{"ab c", true}, {"d", false}}));
}

TEST(NativeGrammar, EmptyDoubleQuotesMakeAnEmptyWord) {
  EXPECT_EQ(words(R"(a "" b)"), (Words{"a", "", "b"}));
}

TEST(NativeGrammar, EmptySingleQuotesMakeAnEmptyWord) {
  EXPECT_EQ(words("a '' b"), (Words{"a", "", "b"}));
}

// ---- blocks ------------------------------------------------------------------

TEST(NativeGrammar, BareBracesMakeABlock) {
  EXPECT_EQ(outline("a { b c } d"), "[a] { [b] [c] } [d]");
}

TEST(NativeGrammar, BlocksNest) {
  EXPECT_EQ(outline("{ a { b { c } } { } d }"), "{ [a] { [b] { [c] } } {} [d] }");
}

TEST(NativeGrammar, BracesNeedNoSurroundingSpaceOtherThanSeparators) {
  EXPECT_EQ(outline("{\na\n}\n{\tb\t}"), "{ [a] } { [b] }");
}

TEST(NativeGrammar, QuotedBraceIsAPlainWord) {
  EXPECT_EQ(outline(R"("{" '{' "}" '}')"), "[{] [{] [}] [}]");
}

TEST(NativeGrammar, EscapedBraceIsAPlainWord) {
  EXPECT_EQ(outline(R"(\{ \})"), "[{] [}]");
}

TEST(NativeGrammar, BraceWithOtherCharactersIsAPlainWord) {
  EXPECT_EQ(outline("{a b} {} }{"), "[{a] [b}] [{}] [}{]");
}

TEST(NativeGrammar, BraceWithEmptyQuotesIsAPlainWord) {
  // As execlineb: `foreground {"" ...` is no block.
  EXPECT_EQ(outline(R"({"" ''})"), "[{] [}]");
}

// ---- locations ---------------------------------------------------------------

TEST(NativeGrammar, WordLocationIsOneBasedLineAndColumnOfItsStart) {
  const auto body = parse("ab  cd\n  ef\n\ngh");
  ASSERT_EQ(body.size(), 4u);
  EXPECT_EQ(line_col(body[0].word()->at), std::make_pair(1u, 1u));
  EXPECT_EQ(line_col(body[1].word()->at), std::make_pair(1u, 5u));
  EXPECT_EQ(line_col(body[2].word()->at), std::make_pair(2u, 3u));
  EXPECT_EQ(line_col(body[3].word()->at), std::make_pair(4u, 1u));
}

TEST(NativeGrammar, QuotedWordLocationIsItsOpeningQuote) {
  const auto body = parse(R"(x "a b" 'c' \d)");
  ASSERT_EQ(body.size(), 4u);
  EXPECT_EQ(body[1].word()->at.column, 3u);
  EXPECT_EQ(body[2].word()->at.column, 9u);
  EXPECT_EQ(body[3].word()->at.column, 13u);
}

TEST(NativeGrammar, WordJoinedOverLinesIsWhereItStarts) {
  const auto body = parse("a\\\nb c");
  ASSERT_EQ(outline(body), "[ab] [c]");
  EXPECT_EQ(line_col(body[0].word()->at), std::make_pair(1u, 1u));
  EXPECT_EQ(line_col(body[1].word()->at), std::make_pair(2u, 3u));
}

TEST(NativeGrammar, ColumnCountsBytes) {
  const auto body = parse("\xc3\xa9 x\n\ty");  // é is two bytes, a tab is one
  ASSERT_EQ(body.size(), 3u);
  EXPECT_EQ(line_col(body[1].word()->at), std::make_pair(1u, 4u));
  EXPECT_EQ(line_col(body[2].word()->at), std::make_pair(2u, 2u));
}

TEST(NativeGrammar, LinesCountAfterMultiLineQuotes) {
  const auto body = parse("\"a\nb\" 'c\n\nd' e");
  ASSERT_EQ(body.size(), 3u);
  EXPECT_EQ(line_col(body[1].word()->at), std::make_pair(2u, 4u));
  EXPECT_EQ(line_col(body[2].word()->at), std::make_pair(4u, 4u));
}

TEST(NativeGrammar, BlockLocationsAreItsBraces) {
  const auto body = parse("a {\n  b {\n    c }\n}");
  ASSERT_EQ(outline(body), "[a] { [b] { [c] } }");
  const auto& outer = *body[1].block();
  EXPECT_EQ(line_col(outer.open), std::make_pair(1u, 3u));
  EXPECT_EQ(line_col(outer.close), std::make_pair(4u, 1u));
  EXPECT_EQ(line_col(outer.body[0].word()->at), std::make_pair(2u, 3u));
  const auto& inner = *outer.body[1].block();
  EXPECT_EQ(line_col(inner.open), std::make_pair(2u, 5u));
  EXPECT_EQ(line_col(inner.close), std::make_pair(3u, 7u));
  EXPECT_EQ(line_col(inner.body[0].word()->at), std::make_pair(3u, 5u));
}

TEST(NativeGrammar, LocationsNameTheFile) {
  const auto script = parse_script("a\n { b }", "run", Dialect::chainscript);
  ASSERT_EQ(script.body.size(), 2u);
  ASSERT_TRUE(script.file);
  EXPECT_EQ(*script.file, "run");
  EXPECT_EQ(to_string(script.body[0].word()->at), "run:1:1");
  EXPECT_EQ(to_string(script.body[1].block()->open), "run:2:2");
  EXPECT_EQ(to_string(script.body[1].block()->body[0].word()->at), "run:2:4");
}

}  // namespace
}  // namespace chainscript
