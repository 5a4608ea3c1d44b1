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

ast::Script parse(std::string_view text) { return parse_script(text, "file", Dialect::chainscript); }

const Rules rules;

// Every word the cursor gives until the first block or the end.
Texts take_words(Cursor& c) {
  Texts out;
  while (c.peek()) out.push_back(c.take_word().text);
  return out;
}

TEST(Cursor, WordsComeOutSubstituted) {
  const auto s = parse("echo $A ${B}x '$A' end");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"val"})).with(bind("B", {"1", "2"})), rules);
  EXPECT_EQ(take_words(c), (Texts{"echo", "val", "1x", "2x", "$A", "end"}));
  EXPECT_TRUE(c.at_end());
}

TEST(Cursor, WordsKeepTheirLocationWhenSubstituted) {
  const auto s = parse("a\n  ${B}x");
  Cursor c(s.body, SubstitutionList().with(bind("B", {"1", "2"})), rules);
  c.take_word();
  for (int i = 0; i < 2; ++i) {
    const Word w = c.take_word();
    EXPECT_EQ(to_string(w.at), "file:2:3") << w.text;
  }
}

TEST(Cursor, WordSubstitutedToNothingIsSkipped) {
  const auto s = parse("$E a $E");
  Cursor c(s.body, SubstitutionList().with(bind("E", {})), rules);
  EXPECT_EQ(take_words(c), Texts{"a"});
  EXPECT_TRUE(c.at_end());
}

TEST(Cursor, PeekDoesNotConsume) {
  const auto s = parse("a b");
  Cursor c(s.body, {}, rules);
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
  Cursor c(s.body, {}, rules);
  EXPECT_FALSE(c.next_is_block());
  c.take_word();
  EXPECT_EQ(c.peek(), nullptr);
  EXPECT_TRUE(c.next_is_block());
  EXPECT_FALSE(c.at_end());
  const BlockRef b = c.take_block();
  EXPECT_EQ(b.texts(), Texts{"b"});
  EXPECT_EQ(c.take_word().text, "c");
  EXPECT_TRUE(c.at_end());
  EXPECT_FALSE(c.next_is_block());
}

TEST(Cursor, WhereIsTheNextNodeOrTheLastOne) {
  const auto s = parse("a\n { b }\n  c");
  Cursor c(s.body, {}, rules);
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
  Cursor c(s.body, {}, rules);
  EXPECT_EQ(c.take_word().text, "define");
  EXPECT_EQ(c.peek()->text, "$A");  // read before the substitution...
  c.substitute(bind("A", {"1", "2"}));
  EXPECT_EQ(take_words(c), (Texts{"1", "2", "1", "2"}));  // ...and still substituted
}

TEST(Cursor, SubstituteAddsToTheSubstitutionsInForce) {
  const auto s = parse("$A$B");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"\\"})), rules);
  c.substitute(bind("B", {"x"}));
  // serial, as define A \ define B x: the inserted backslash quotes $B
  EXPECT_EQ(take_words(c), Texts{"$B"});
}

TEST(Cursor, TakenBlockKeepsTheSubstitutionsWhereItStands) {
  const auto s = parse("{ $A $B } { $A $B } $A $B");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"a"})), rules);
  const BlockRef first = c.take_block();
  c.substitute(bind("B", {"b"}));
  const BlockRef second = c.take_block();
  EXPECT_EQ(first.texts(), (Texts{"a", "$B"}));
  EXPECT_EQ(second.texts(), (Texts{"a", "b"}));
  EXPECT_EQ(take_words(c), (Texts{"a", "b"}));
}

TEST(Cursor, BlockWordsEncodeNestedBlocksOneLevelDown) {
  const auto s = parse("{ a $A { b { c } } d }");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"1", "2"})), rules);
  EXPECT_EQ(c.take_block().texts(), (Texts{"a", "1", "2", " b", "  c", " ", "", "d"}));
}

TEST(Cursor, RestArgvEncodesBlocksTheExeclineWay) {
  // execlineb -c 'define A val printf [%s] x { a $A { b } c } y'
  // prints [x][ a][ val][  b][ ][ c][][y]
  const auto s = parse("x { a $A { b } c } y");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"val"})), rules);
  EXPECT_EQ(c.rest_argv(), (Texts{"x", " a", " val", "  b", " ", " c", "", "y"}));
  EXPECT_TRUE(c.at_end());
}

TEST(Cursor, RestArgvOfEmptyBlockIsItsClosingWord) {
  const auto s = parse("{ } { { } }");
  Cursor c(s.body, {}, rules);
  EXPECT_EQ(c.rest_argv(), (Texts{"", " ", ""}));
}

TEST(Cursor, RestArgvSplitsValuesInsideBlocks) {
  // define -s A "1 2" printf [%s] { $A }  prints [ 1][ 2][]
  const auto s = parse("{ $A } $E { $E }");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"1", "2"})).with(bind("E", {})), rules);
  EXPECT_EQ(c.rest_argv(), (Texts{" 1", " 2", "", ""}));
}

TEST(Cursor, RestArgvStartsWithWordsAlreadyPeeked) {
  const auto s = parse("a $A b");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"1", "2"})), rules);
  c.take_word();
  EXPECT_EQ(c.peek()->text, "1");
  EXPECT_EQ(c.rest_argv(), (Texts{"1", "2", "b"}));
}

Substitution known_at_run_time(std::string key, Binding::Unknown how) {
  return Substitution{{Binding{std::move(key), {}, how}}};
}

TEST(Cursor, ValidatingSubstitutesWhatIsKnownExactly) {
  const auto s = parse("a $A");
  Cursor c(s.body, SubstitutionList().with(bind("A", {"val"})), rules, Cursor::Mode::validate);
  EXPECT_TRUE(c.validating());
  EXPECT_EQ(take_words(c), (Texts{"a", "val"}));
}

TEST(Cursor, ValidatingMakesAPlaceholderOfAValueKnownOnlyWhenItRuns) {
  const auto s = parse("a x$A");
  Cursor c(s.body, SubstitutionList().with(known_at_run_time("A", Binding::Unknown::one)), rules, Cursor::Mode::validate);
  EXPECT_TRUE(c.take_word().known);
  const Word w = c.take_word();
  EXPECT_FALSE(w.known);
  EXPECT_EQ(w.text, "x${A}");
  EXPECT_EQ(to_string(w.at), "file:1:3");
}

TEST(Cursor, ValidatingIsUncertainWhereSubstitutionMaySplitAWord) {
  const auto s = parse("a $A b");
  Cursor c(s.body, SubstitutionList().with(known_at_run_time("A", Binding::Unknown::any)), rules, Cursor::Mode::validate);
  EXPECT_EQ(c.take_word().text, "a");
  EXPECT_THROW(c.peek(), Uncertain);
}

TEST(Cursor, ValidatingAcceptsDollarsInLiteralPieces) {
  const auto s = parse(R"('$A' \$A "\$A" plain)");
  Cursor c(s.body, SubstitutionList().with(known_at_run_time("A", Binding::Unknown::one)), rules, Cursor::Mode::validate);
  EXPECT_EQ(take_words(c), (Texts{"$A", "$A", "$A", "plain"}));
}

TEST(Cursor, ValidatingChecksEveryPieceOfAWord) {
  const auto s = parse(R"('$A'x$A)");
  Cursor c(s.body, SubstitutionList().with(known_at_run_time("A", Binding::Unknown::one)), rules, Cursor::Mode::validate);
  EXPECT_FALSE(c.take_word().known);
}

TEST(Cursor, RunningRefusesAWordWithANulByte) {
  const auto s = parse("$A");
  Cursor c(s.body, SubstitutionList().with(bind("A", {std::string("x\0y", 3)})), rules);
  try {
    c.take_word();
    FAIL() << "no failure";
  } catch (const Failure& f) {
    EXPECT_EQ(f.code, 111);
    EXPECT_EQ(to_string(f.at), "file:1:1");
  }
}

TEST(Cursor, PortReadsWordsAsWrittenSubstitutionsAsPlaceholders) {
  const auto s = parse("a $A");
  Cursor c(s.body, {}, rules, Cursor::Mode::port);
  EXPECT_TRUE(c.take_word().known);
  const Word w = c.take_word();
  EXPECT_FALSE(w.known);
  EXPECT_EQ(w.text, "$A");
}

TEST(Cursor, EncodingAndDecodingNeedNoStackForDeepBlocks) {
  std::vector<std::string> argv{"x"};
  for (unsigned i = 1; i < max_run_depth; ++i) argv.push_back(std::string(i, ' ') + "y");
  for (unsigned i = max_run_depth - 1; i > 0; --i) argv.push_back(std::string(i - 1, ' '));
  ast::Arena arena;
  const auto body = decode_argv(argv, {}, arena);
  Cursor c(body, {}, rules);
  EXPECT_EQ(c.rest_argv(), argv);
  argv.insert(argv.begin() + static_cast<long>(max_run_depth), std::string(max_run_depth, ' ') + "z");
  EXPECT_THROW(decode_argv(argv, {}, arena), Failure);
}

}  // namespace
}  // namespace chainscript
