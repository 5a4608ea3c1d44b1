// The lexical rules of the execline dialect: execlineb's lexing exactly (its
// manual, execlineb.html, "Syntax of scripts"). Where a comment shows an
// execlineb command, the expected words were checked against execlineb 2.9.3
// (a script file run with `execlineb -P FILE`, or `execlineb -Pc SCRIPT`,
// printing its argv).
#include <gtest/gtest.h>

#include <deque>

#include <string>
#include <utility>
#include <vector>

#include "grammar/dialects.hpp"
#include "grammar/syntax_error.hpp"

namespace chainscript {
namespace {

ast::Script script(std::string_view text) { return parse_script(text, "file", Dialect::execline); }
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
    if (const auto* w = n.word()) {
      s += '[';
      s += w->text();
      s += ']';
    } else if (n.block()->body.empty()) {
      s += "{}";
    } else {
      s += "{ ";
      s += outline(n.block()->body);
      s += " }";
    }
  }
  return s;
}
std::string outline(std::string_view text) { return outline(parse(text)); }

std::pair<unsigned, unsigned> line_col(const Location& at) { return {at.line, at.column}; }

// Every error parse_script reports for text, each as "LINE:COL: message";
// empty if it parses.
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

const std::string null_escape = "escape sequence for a null character";
const std::string over_255 = "escape sequence over 255";

// ---- blanks ------------------------------------------------------------------

TEST(ExeclineGrammar, SpaceTabNewlineCrSeparateWords) {
  EXPECT_EQ(words("a b\tc\nd\re\vf\fg"), (Words{"a", "b", "c", "d", "e", "f", "g"}));
}

TEST(ExeclineGrammar, EveryControlByteIsABlank) {
  // execlineb: printf '/tmp/argv.sh a\001b\037c\033d' >s; execlineb -P s  =>  [a][b][c][d]
  for (int c = 0x01; c <= 0x20; ++c) {
    SCOPED_TRACE(c);
    std::string text = "w";
    text += static_cast<char>(c);
    text += 'v';
    EXPECT_EQ(words(text), (Words{"w", "v"}));
  }
}

TEST(ExeclineGrammar, DelAndBytesOver127AreWordCharacters) {
  // execlineb: printf '/tmp/argv.sh d\177e' >s; execlineb -P s  =>  one word d\177e
  EXPECT_EQ(words("d\x7f" "e \xc3\xa9\xff"), (Words{"d\x7f" "e", "\xc3\xa9\xff"}));
}

TEST(ExeclineGrammar, RunsOfBlanksMakeNoEmptyWords) {
  EXPECT_EQ(words("\x01 \t a \r\n\n\x1f\v\f b \n"), (Words{"a", "b"}));
}

TEST(ExeclineGrammar, EmptyOrBlankScriptHasNoNodes) {
  EXPECT_TRUE(parse("").empty());
  EXPECT_TRUE(parse(" \n\t\x02\n# only a comment\n").empty());
}

// ---- comments ----------------------------------------------------------------

TEST(ExeclineGrammar, HashAtWordStartCommentsToEndOfLine) {
  // execlineb: '/tmp/argv.sh a#b #c d<newline>e'  =>  [a#b][e]
  EXPECT_EQ(words("a # b c\nd #e\n#f g\nh"), (Words{"a", "d", "h"}));
}

TEST(ExeclineGrammar, CommentAtEndOfInputWithoutNewline) {
  EXPECT_EQ(words("a #b"), (Words{"a"}));
}

TEST(ExeclineGrammar, HashInsideAWordIsNotAComment) {
  // execlineb: '/tmp/argv.sh a#b "a#b"#c x# "a"#c d'  =>  [a#b][a#b#c][x#][a#c][d]
  EXPECT_EQ(words("a#b \"a#b\"#c x# \"a\"#c d"), (Words{"a#b", "a#b#c", "x#", "a#c", "d"}));
}

TEST(ExeclineGrammar, QuotedOrEscapedHashIsAWord) {
  // execlineb: '/tmp/argv.sh "#x" \#x'  =>  [#x][#x]
  EXPECT_EQ(words(R"("#x" \#y)"), (Words{"#x", "#y"}));
}

TEST(ExeclineGrammar, SingleQuotesDoNotHideAComment) {
  // A single quote is an ordinary character: '#a is a word, then # b is a comment.
  EXPECT_EQ(words("'#a' # b'"), (Words{"'#a'"}));
}

TEST(ExeclineGrammar, CommentsAreKeptWithTheirPlaceAndText) {
  const auto s = script("a # one\r\n  #two\nb");
  ASSERT_EQ(s.comments.size(), 2u);
  EXPECT_EQ(line_col(s.comments[0].at), std::make_pair(1u, 3u));
  EXPECT_EQ(s.comments[0].text, "# one");
  EXPECT_EQ(line_col(s.comments[1].at), std::make_pair(2u, 3u));
  EXPECT_EQ(s.comments[1].text, "#two");
  EXPECT_EQ(outline(s.body), "[a] [b]");
}

TEST(ExeclineGrammar, ShebangLineIsACommentAndNamesTheDialect) {
  const std::string text = "#!/usr/bin/execlineb -P\nfoo bar\n";
  EXPECT_EQ(dialect_of_first_line(text), Dialect::execline);
  const auto body = parse(text);
  ASSERT_EQ(outline(body), "[foo] [bar]");
  EXPECT_EQ(line_col(body[0].word()->at), std::make_pair(2u, 1u));
}

// ---- backslash-newline and unquoted backslashes ------------------------------

TEST(ExeclineGrammar, BackslashNewlineWhereAWordStartsIsNothing) {
  // execlineb: '/tmp/argv.sh a \<newline>b'  =>  [a][b];  '/tmp/argv.sh \<newline>'  =>  no word
  EXPECT_EQ(words("a \\\nb"), (Words{"a", "b"}));
  EXPECT_EQ(words("\\\n"), Words{});
  EXPECT_EQ(words("a\n\\\n\\\n  b"), (Words{"a", "b"}));
}

TEST(ExeclineGrammar, CommentMayFollowABackslashNewline) {
  // execlineb: '/tmp/argv.sh \<newline>#x<newline>y'  =>  [y]
  EXPECT_EQ(words("a \\\n#x\ny"), (Words{"a", "y"}));
}

TEST(ExeclineGrammar, BackslashNewlineInsideAWordIsANewline) {
  // execlineb: '/tmp/argv.sh a\<newline>b'  =>  one word "a<newline>b"
  EXPECT_EQ(words("a\\\nb c"), (Words{"a\nb", "c"}));
  // and what follows is no comment: '/tmp/argv.sh a\<newline>#x'  =>  one word
  EXPECT_EQ(words("a\\\n#x"), (Words{"a\n#x"}));
}

TEST(ExeclineGrammar, UnquotedBackslashMakesTheNextCharacterItself) {
  // execlineb: '/tmp/argv.sh \n\$\ b'  =>  [n$ b] (no \n escape outside quotes)
  const auto w = only_word(R"(\n\$\ b\"\\\t)");
  EXPECT_EQ(w.text(), "n$ b\"\\t");
  EXPECT_EQ(pieces(w), (PieceList{{"n$ b\"\\t", true}}));
}

TEST(ExeclineGrammar, EscapedBlanksJoinAWord) {
  // execlineb: '/tmp/argv.sh \\ \ '  =>  [\][ ]
  EXPECT_EQ(words("\\\\ \\  a\\\tb"), (Words{"\\", " ", "a\tb"}));
}

TEST(ExeclineGrammar, TrailingBackslashWhereAWordWouldStartIsIgnored) {
  // execlineb: '/tmp/argv.sh a \' (no newline)  =>  [a]
  EXPECT_EQ(words("a \\"), (Words{"a"}));
  EXPECT_EQ(words("a\n\\"), (Words{"a"}));
}

TEST(ExeclineGrammar, TrailingBackslashInsideAWordIsASyntaxError) {
  // execlineb: '/tmp/argv.sh a\' (no newline)  =>  syntax error, 100. The
  // error is at the end of the input, just after the backslash (2:4).
  EXPECT_EQ(errors("x\n ab\\"), (Errors{"2:5: backslash at the end of the input, inside a word"}));
}

// ---- double quotes -----------------------------------------------------------

TEST(ExeclineGrammar, DoubleQuotesKeepBlanksInOneWord) {
  EXPECT_EQ(words("\"a b\tc\nd\x01\" e"), (Words{"a b\tc\nd\x01", "e"}));
}

TEST(ExeclineGrammar, EmptyDoubleQuotesMakeAnEmptyWord) {
  // execlineb: '/tmp/argv.sh ""'  =>  one empty word
  EXPECT_EQ(words(R"(a "" b)"), (Words{"a", "", "b"}));
  EXPECT_EQ(pieces(only_word(R"("")")), (PieceList{{"", true}}));
}

TEST(ExeclineGrammar, QuotedAndBarePartsMakeOneWord) {
  // execlineb: '/tmp/argv.sh x"y z"w'  =>  [xy zw]
  EXPECT_EQ(words(R"(x"y z"w "a""b")"), (Words{"xy zw", "ab"}));
}

TEST(ExeclineGrammar, BackslashNewlineInDoubleQuotesDisappears) {
  // execlineb: '/tmp/argv.sh "a\<newline>b"'  =>  [ab]
  EXPECT_EQ(only_word("\"a\\\nb\"").text(), "ab");
}

TEST(ExeclineGrammar, DoubleQuoteControlEscapes) {
  // execlineb: 'printf [%s] "\a\b\t\n\v\f\r"'  =>  bytes 7 8 9 10 11 12 13
  EXPECT_EQ(only_word(R"("\a\b\t\n\v\f\r")").text(), "\a\b\t\n\v\f\r");
}

TEST(ExeclineGrammar, DoubleQuoteHexEscapeHasOneOrTwoDigits) {
  // execlineb: "\0x41" => A, "\0xFf" => \377, "\0x4g" => \004g, "\0x7e7" => ~7
  EXPECT_EQ(only_word(R"("\0x41\0xFf\0x4g\0x7e7")").text(), "A\xff\x04g~7");
}

TEST(ExeclineGrammar, DoubleQuoteOctalEscapeHasUpToThreeDigits) {
  // execlineb: "\0101" => A, "\01012" => A2, "\07" => \a, "\012" => newline
  EXPECT_EQ(only_word(R"("\0101|\01012|\07|\012|\0377")").text(), "A|A2|\a|\n|\xff");
}

TEST(ExeclineGrammar, DoubleQuoteDecimalEscapeHasUpToThreeDigits) {
  // execlineb: "\65" => A, "\9" => tab, "\10" => newline, "\255" => \377, "\1000" => d0
  EXPECT_EQ(only_word(R"("\65|\9|\10|\255|\1000|\36A")").text(), "A|\t|\n|\xff|d0|$A");
}

TEST(ExeclineGrammar, DoubleQuoteOtherEscapedCharacterIsItself) {
  // execlineb: '/tmp/argv.sh "\q\"\\"'  =>  [q"\];  "\x41"  =>  [x41] (no \x escape)
  EXPECT_EQ(only_word(R"("\q\"\\\x41\$\'\ ")").text(), "q\"\\x41$' ");
}

TEST(ExeclineGrammar, EscapeOfANullCharacterIsAnErrorAtTheBackslash) {
  // execlineb: "\0", "\00", "\000", "\0000", "\0x0", "\0x00", "\09"  =>  syntax error, 100
  EXPECT_EQ(errors(R"("\0")"), (Errors{"1:2: " + null_escape}));
  EXPECT_EQ(errors(R"(a "b\00")"), (Errors{"1:5: " + null_escape}));
  EXPECT_EQ(errors(R"("\000")"), (Errors{"1:2: " + null_escape}));
  EXPECT_EQ(errors(R"("\0000")"), (Errors{"1:2: " + null_escape}));
  EXPECT_EQ(errors(R"("xy\0x0")"), (Errors{"1:4: " + null_escape}));
  EXPECT_EQ(errors("x\n  \"\\0x00\""), (Errors{"2:4: " + null_escape}));
  EXPECT_EQ(errors(R"("\09")"), (Errors{"1:2: " + null_escape}));  // \0 with no octal digit, then 9
}

TEST(ExeclineGrammar, EscapeOver255IsAnErrorAtTheBackslash) {
  // execlineb: "\256", "\999", "\0400", "\0777", "\0656"  =>  syntax error, 100
  EXPECT_EQ(errors(R"("\256")"), (Errors{"1:2: " + over_255}));
  EXPECT_EQ(errors(R"(a "b\999")"), (Errors{"1:5: " + over_255}));
  EXPECT_EQ(errors(R"("\0400")"), (Errors{"1:2: " + over_255}));
  EXPECT_EQ(errors("\n \"\\0777\""), (Errors{"2:3: " + over_255}));
  EXPECT_EQ(errors(R"("\0656")"), (Errors{"1:2: " + over_255}));  // 0656 is three octal digits
}

TEST(ExeclineGrammar, HexEscapeWithoutADigitIsAnError) {
  // execlineb: "\0x" and "\0xg"  =>  syntax error, 100. The error is where
  // the hex digit should be, not at the backslash.
  EXPECT_EQ(errors(R"("\0x")"), (Errors{"1:5: bad escape sequence"}));
  EXPECT_EQ(errors(R"(a "\0xg")"), (Errors{"1:7: bad escape sequence"}));
}

TEST(ExeclineGrammar, DoubleQuotedTextIsSubstitutable) {
  const auto w = only_word(R"("$A b")");
  EXPECT_EQ(pieces(w), (PieceList{{"$A b", true}}));
  EXPECT_FALSE(w.literal());
}

TEST(ExeclineGrammar, EscapedDollarIsStillSubstitutable) {
  // execline substitutes on argv text: execlineb -Pc 'define A x /tmp/argv.sh "\$A" \$A "\36A" $A'
  // =>  [x][x][x][x]
  for (const auto* text : {R"("\$A")", R"(\$A)", R"("\36A")"}) {
    SCOPED_TRACE(text);
    const auto w = only_word(text);
    EXPECT_EQ(pieces(w), (PieceList{{"$A", true}}));
    EXPECT_FALSE(w.literal());
  }
}

TEST(ExeclineGrammar, EveryPieceIsSubstitutable) {
  const auto w = only_word(R"(a"$B"\$C'$D'"\36E"\{)");
  EXPECT_EQ(pieces(w), (PieceList{{"a$B$C'$D'$E{", true}}));
}

TEST(ExeclineGrammar, SingleQuotesAreOrdinaryCharacters) {
  // execlineb: "/tmp/argv.sh 'a b'"  =>  ['a][b']
  EXPECT_EQ(words("'a b' ''"), (Words{"'a", "b'", "''"}));
}

// ---- unterminated quotes -----------------------------------------------------

TEST(ExeclineGrammar, UnterminatedDoubleQuoteIsAtTheOpeningQuote) {
  // execlineb: '/tmp/argv.sh "abc'  and  'ab"cd'  =>  syntax error, 100
  EXPECT_EQ(errors("\"x\" a\n  \"bc\nd e"), (Errors{"2:3: unterminated double-quoted string"}));
  EXPECT_EQ(errors("ab\"cd"), (Errors{"1:3: unterminated double-quoted string"}));
}

TEST(ExeclineGrammar, BackslashEndingTheInputInsideDoubleQuotes) {
  // execlineb: '/tmp/argv.sh "abc\' (no newline)  =>  syntax error, 100. The
  // escape is what fails here, at the end of the input, not the quote.
  EXPECT_EQ(errors("x \"abc\\"), (Errors{"1:8: bad escape sequence"}));
}

// ---- blocks ------------------------------------------------------------------

TEST(ExeclineGrammar, BareBracesMakeABlock) {
  // execlineb: '/tmp/argv.sh { a { b } } c'  =>  [ a][  b][ ][][c]
  EXPECT_EQ(outline("a { b c } d"), "[a] { [b] [c] } [d]");
}

TEST(ExeclineGrammar, BlocksNest) {
  EXPECT_EQ(outline("{ a { b { c } } { } d }"), "{ [a] { [b] { [c] } } {} [d] }");
}

TEST(ExeclineGrammar, AnyBlankSeparatesBraces) {
  EXPECT_EQ(outline("{\na\n}\x01{\tb\r}"), "{ [a] } { [b] }");
}

TEST(ExeclineGrammar, QuotedOrEscapedBraceIsAWord) {
  // execlineb: '/tmp/argv.sh "{" "}"'  =>  [{][}];  '/tmp/argv.sh \{'  =>  [{]
  EXPECT_EQ(outline(R"("{" "}" \{ \})"), "[{] [}] [{] [}]");
}

TEST(ExeclineGrammar, BraceWithOtherCharactersIsAWord) {
  // execlineb: '/tmp/argv.sh }{ {a a} "}"'  =>  [}{][{a][a}][}];  '{}'  =>  [{}]
  EXPECT_EQ(outline("}{ {a a} {} '{'"), "[}{] [{a] [a}] [{}] ['{']");
}

TEST(ExeclineGrammar, BraceWithEmptyQuotesIsAWord) {
  // execlineb: '/tmp/argv.sh {"" }'  =>  unmatched }: {"" is the word {
  EXPECT_EQ(outline(R"({"" x)"), "[{] [x]");
  EXPECT_EQ(errors(R"({"" })"), (Errors{"1:5: unmatched }"}));
}

TEST(ExeclineGrammar, UnmatchedCloseBrace) {
  // execlineb: '/tmp/argv.sh { a } }'  =>  unmatched }, 100
  EXPECT_EQ(errors("a { }\n  b }"), (Errors{"2:5: unmatched }"}));
}

TEST(ExeclineGrammar, UnclosedOpenBraceIsAtTheBrace) {
  // execlineb: '/tmp/argv.sh { a { }'  =>  unmatched {, 100
  EXPECT_EQ(errors("a\n b { c { d }\ne"), (Errors{"2:4: unmatched {: block never closed"}));
}

TEST(ExeclineGrammar, EveryBraceErrorIsReported) {
  EXPECT_EQ(errors("}\n{ a }\n  }\n{ {"), (Errors{
                                               "1:1: unmatched }",
                                               "3:3: unmatched }",
                                               "4:1: unmatched {: block never closed",
                                               "4:3: unmatched {: block never closed",
                                           }));
}

// ---- NUL bytes -----------------------------------------------------------------

TEST(ExeclineGrammar, RawNulByteIsASyntaxError) {
  // execlineb takes a NUL as the end of the script ('/tmp/argv.sh a\0b'  =>
  // [a]); chainscript refuses it, wherever it is.
  EXPECT_EQ(errors(std::string_view("a\0b", 3)), (Errors{"1:2: a NUL byte in the script"}));
  EXPECT_EQ(errors(std::string_view("a\n  \"b\0\"", 8)), (Errors{"2:5: a NUL byte in the script"}));
  EXPECT_EQ(errors(std::string_view("a #b\0", 5)), (Errors{"1:5: a NUL byte in the script"}));
}

// ---- locations -----------------------------------------------------------------

TEST(ExeclineGrammar, WordLocationIsOneBasedLineAndColumnOfItsStart) {
  const auto body = parse("ab  cd\n  \"ef\"\n\n\\gh");
  ASSERT_EQ(body.size(), 4u);
  EXPECT_EQ(line_col(body[0].word()->at), std::make_pair(1u, 1u));
  EXPECT_EQ(line_col(body[1].word()->at), std::make_pair(1u, 5u));
  EXPECT_EQ(line_col(body[2].word()->at), std::make_pair(2u, 3u));
  EXPECT_EQ(line_col(body[3].word()->at), std::make_pair(4u, 1u));
}

TEST(ExeclineGrammar, LinesCountAfterContinuationsAndMultiLineWords) {
  const auto body = parse("a\\\nb \\\n c \"d\ne\" f");
  ASSERT_EQ(outline(body), "[a\nb] [c] [d\ne] [f]");
  EXPECT_EQ(line_col(body[1].word()->at), std::make_pair(3u, 2u));
  EXPECT_EQ(line_col(body[2].word()->at), std::make_pair(3u, 4u));
  EXPECT_EQ(line_col(body[3].word()->at), std::make_pair(4u, 4u));
}

TEST(ExeclineGrammar, BlockLocationsAreItsBraces) {
  const auto body = parse("a {\n  b {\n    c }\n}");
  ASSERT_EQ(outline(body), "[a] { [b] { [c] } }");
  const auto& outer = *body[1].block();
  EXPECT_EQ(line_col(outer.open), std::make_pair(1u, 3u));
  EXPECT_EQ(line_col(outer.close), std::make_pair(4u, 1u));
  const auto& inner = *outer.body[1].block();
  EXPECT_EQ(line_col(inner.open), std::make_pair(2u, 5u));
  EXPECT_EQ(line_col(inner.close), std::make_pair(3u, 7u));
}

}  // namespace
}  // namespace chainscript
