// The cursor over the rest of the program: substituted words, blocks that
// keep the substitutions in force where they stand, the execline encoding of
// blocks in an argv, and the validating mode.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "grammar/dialects.hpp"
#include "interp/cursor.hpp"
#include "interp/failure.hpp"

namespace chainscript {
namespace {

using Texts = std::vector<std::string>;

Substitution bind(std::string key, std::vector<std::string> values) {
  return Substitution{{Binding{std::move(key), std::move(values)}}};
}

ast::Script parse(std::string_view text) { return parse_script(text, "file", ast::Dialect::chainscript); }

// Every word the cursor gives until the first block or the end.
Texts take_words(Cursor& c) {
  Texts out;
  while (c.peek()) out.push_back(c.take_word().text);
  return out;
}

TEST(Cursor, WordsComeOutSubstituted) {
  const auto s = parse("echo $A ${B}x '$A' end");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"val"})).with(bind("B", {"1", "2"})));
  EXPECT_EQ(take_words(c), (Texts{"echo", "val", "1x", "2x", "$A", "end"}));
  EXPECT_TRUE(c.at_end());
}

TEST(Cursor, WordsKeepTheirLocationWhenSubstituted) {
  const auto s = parse("a\n  ${B}x");
  Cursor c(s.body, SubstitutionList().with(bind("B", {"1", "2"})));
  c.take_word();
  for (int i = 0; i < 2; ++i) {
    const Word w = c.take_word();
    EXPECT_EQ(to_string(w.at), "file:2:3") << w.text;
  }
}

TEST(Cursor, WordSubstitutedToNothingIsSkipped) {
  const auto s = parse("$E a $E");
  Cursor c(s.body, SubstitutionList().with(bind("E", {})));
  EXPECT_EQ(take_words(c), Texts{"a"});
  EXPECT_TRUE(c.at_end());
}

TEST(Cursor, PeekDoesNotConsume) {
  const auto s = parse("a b");
  Cursor c(s.body, {});
  ASSERT_NE(c.peek(), nullptr);
  EXPECT_EQ(c.peek()->text, "a");
  EXPECT_EQ(c.peek()->text, "a");
  EXPECT_EQ(c.take_word().text, "a");
  EXPECT_EQ(c.take_word().text, "b");
  EXPECT_EQ(c.peek(), nullptr);
  EXPECT_TRUE(c.at_end());
}

TEST(Cursor, PeekIsNullAtABlock) {
  const auto s = parse("a { b } c");
  Cursor c(s.body, {});
  EXPECT_FALSE(c.next_is_block());
  c.take_word();
  EXPECT_EQ(c.peek(), nullptr);
  EXPECT_TRUE(c.next_is_block());
  EXPECT_FALSE(c.at_end());
  const BlockRef b = c.take_block();
  EXPECT_EQ(b.words(), Texts{"b"});
  EXPECT_EQ(c.take_word().text, "c");
  EXPECT_TRUE(c.at_end());
  EXPECT_FALSE(c.next_is_block());
}

TEST(Cursor, WhereIsTheNextNodeOrTheLastOne) {
  const auto s = parse("a\n { b }\n  c");
  Cursor c(s.body, {});
  EXPECT_EQ(to_string(c.where()), "file:1:1");
  c.take_word();
  EXPECT_EQ(to_string(c.where()), "file:2:2");  // the block's {
  c.take_block();
  EXPECT_EQ(to_string(c.where()), "file:3:3");
  c.take_word();
  EXPECT_EQ(to_string(c.where()), "file:3:3");  // at the end: the last node
}

TEST(Cursor, SubstituteAppliesToTheWordsAfterIt) {
  const auto s = parse("define $A $A");
  Cursor c(s.body, {});
  EXPECT_EQ(c.take_word().text, "define");
  EXPECT_EQ(c.peek()->text, "$A");  // read before the substitution...
  c.substitute(bind("A", {"1", "2"}));
  EXPECT_EQ(take_words(c), (Texts{"1", "2", "1", "2"}));  // ...and still substituted
}

TEST(Cursor, SubstituteAddsToTheSubstitutionsInForce) {
  const auto s = parse("$A$B");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"\\"})));
  c.substitute(bind("B", {"x"}));
  // serial, as define A \ define B x: the inserted backslash quotes $B
  EXPECT_EQ(take_words(c), Texts{"$B"});
}

TEST(Cursor, TakenBlockKeepsTheSubstitutionsWhereItStands) {
  const auto s = parse("{ $A $B } { $A $B } $A $B");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"a"})));
  const BlockRef first = c.take_block();
  c.substitute(bind("B", {"b"}));
  const BlockRef second = c.take_block();
  EXPECT_EQ(first.words(), (Texts{"a", "$B"}));
  EXPECT_EQ(second.words(), (Texts{"a", "b"}));
  EXPECT_EQ(take_words(c), (Texts{"a", "b"}));
}

TEST(Cursor, BlockWordsEncodeNestedBlocksOneLevelDown) {
  const auto s = parse("{ a $A { b { c } } d }");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"1", "2"})));
  EXPECT_EQ(c.take_block().words(), (Texts{"a", "1", "2", " b", "  c", " ", "", "d"}));
}

TEST(Cursor, RestArgvEncodesBlocksTheExeclineWay) {
  // execlineb -c 'define A val printf [%s] x { a $A { b } c } y'
  // prints [x][ a][ val][  b][ ][ c][][y]
  const auto s = parse("x { a $A { b } c } y");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"val"})));
  EXPECT_EQ(c.rest_argv(), (Texts{"x", " a", " val", "  b", " ", " c", "", "y"}));
  EXPECT_TRUE(c.at_end());
}

TEST(Cursor, RestArgvOfEmptyBlockIsItsClosingWord) {
  const auto s = parse("{ } { { } }");
  Cursor c(s.body, {});
  EXPECT_EQ(c.rest_argv(), (Texts{"", " ", ""}));
}

TEST(Cursor, RestArgvSplitsValuesInsideBlocks) {
  // define -s A "1 2" printf [%s] { $A }  prints [ 1][ 2][]
  const auto s = parse("{ $A } $E { $E }");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"1", "2"})).with(bind("E", {})));
  EXPECT_EQ(c.rest_argv(), (Texts{" 1", " 2", "", ""}));
}

TEST(Cursor, RestArgvStartsWithWordsAlreadyPeeked) {
  const auto s = parse("a $A b");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"1", "2"})));
  c.take_word();
  EXPECT_EQ(c.peek()->text, "1");
  EXPECT_EQ(c.rest_argv(), (Texts{"1", "2", "b"}));
}

TEST(Cursor, ValidatingThrowsNotLiteralOnAWordThatNeedsSubstitution) {
  const auto s = parse("a $A");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"val"})), true);
  EXPECT_TRUE(c.validating());
  EXPECT_EQ(c.take_word().text, "a");
  EXPECT_THROW(c.peek(), NotLiteral);
}

TEST(Cursor, ValidatingAcceptsDollarsInLiteralPieces) {
  const auto s = parse(R"('$A' \$A "\$A" plain)");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"val"})), true);
  EXPECT_EQ(take_words(c), (Texts{"$A", "$A", "$A", "plain"}));
}

TEST(Cursor, ValidatingChecksEveryPieceOfAWord) {
  const auto s = parse(R"('$A'x$)");
  Cursor c(s.body, {}, true);
  EXPECT_THROW(c.take_word(), NotLiteral);
}

}  // namespace
}  // namespace chainscript
