// execline's substitution on AST words. The expected results are what
// execlineb (Debian's execline) prints for the same word texts, e.g.
//   execlineb -c 'define A val printf [%s] $A \$A \\$A \\\$A \\\\$A \\\\\$A'
// (execlineb's own lexer first turns \$ into $ and \\ into \).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "interp/substitution.hpp"

namespace chainscript {
namespace {

const std::string* const file = chainscript::file_name("file");

// What the words made here point into, to the end of the tests.
ast::Arena arena;

// A word as it is after lexing: one substitutable piece.
ast::Word word(std::string_view text) { return arena.word(text, true, Location{file, 3, 7}); }

// A word of the given pieces (text, substitutable).
ast::Word word_of(std::vector<std::pair<std::string, bool>> pieces, Location at) {
  ast::WordDraft d;
  for (const auto& [text, substitutable] : pieces) {
    d.add(text, substitutable);
  }
  return arena.word(d, at);
}

Substitution bind(std::string key, std::vector<std::string> values) {
  return Substitution{{Binding{std::move(key), std::move(values)}}};
}

using Texts = std::vector<std::string>;

Texts texts(const std::vector<ast::Word>& words) {
  Texts out;
  for (const auto& w : words) out.push_back(w.text());
  return out;
}

// Every word of `in` through one substitution, flattened.
Texts sub(const Substitution& s, const Texts& in) {
  Texts out;
  for (const auto& t : in)
    for (auto& r : texts(substitute(s, word(t), arena))) out.push_back(std::move(r));
  return out;
}
Texts sub(const Substitution& s, const std::string& in) { return sub(s, Texts{in}); }

Texts apply(const SubstitutionList& l, const std::string& in) { return texts(l.apply(word(in), arena)); }

const Substitution A_val = bind("A", {"val"});

TEST(Substitution, BracedReference) {
  EXPECT_EQ(sub(A_val, Texts{"${A}", "x${A}y", "${A}${A}"}), (Texts{"val", "xvaly", "valval"}));
}

TEST(Substitution, UnbracedReference) {
  EXPECT_EQ(sub(A_val, Texts{"$A", "x$A"}), (Texts{"val", "xval"}));
}

TEST(Substitution, UnbracedKeyRunsToTheEndOfTheWord) {
  EXPECT_EQ(sub(A_val, "$A.txt"), Texts{"$A.txt"});  // the key is A.txt, not A
  EXPECT_EQ(sub(bind("A.txt", {"val"}), "$A.txt"), Texts{"val"});
  EXPECT_EQ(sub(A_val, "${A}.txt"), Texts{"val.txt"});
}

TEST(Substitution, UnbracedKeyStopsAtBackslashDollarOrBrace) {
  EXPECT_EQ(sub(A_val, Texts{"$A\\x", "$A$A", "$A{x}", "$A}"}), (Texts{"val\\x", "valval", "val{x}", "val}"}));
}

TEST(Substitution, UnbracedKeyTakesAnyOtherCharacter) {
  EXPECT_EQ(sub(bind("1]", {"X"}), "[$1]"), Texts{"[X"});
  EXPECT_EQ(sub(bind("1", {"X"}), "[$1]"), Texts{"[$1]"});  // the key is 1], unbound
}

TEST(Substitution, DollarWithoutAKeyOrUnclosedBraceIsLeftAlone) {
  EXPECT_EQ(sub(A_val, Texts{"$", "x$", "${}", "${A"}), (Texts{"$", "x$", "${}", "${A"}));
}

TEST(Substitution, BackslashParityRule) {
  // el_substitute's example: an even number of backslashes before $A are
  // halved and $A is substituted; an odd number are halved (rounding down)
  // and $A stays.
  EXPECT_EQ(sub(A_val, Texts{"$A", "\\$A", "\\\\$A", "\\\\\\$A", "\\\\\\\\$A", "\\\\\\\\\\$A", "\\\\\\\\\\\\$A"}),
            (Texts{"val", "$A", "\\val", "\\$A", "\\\\val", "\\\\$A", "\\\\\\val"}));
}

TEST(Substitution, BackslashParityRuleForBracedReferences) {
  EXPECT_EQ(sub(A_val, Texts{"\\${A}", "\\\\${A}", "x\\\\${A}y"}), (Texts{"${A}", "\\val", "x\\valy"}));
}

TEST(Substitution, BackslashesOnlyCountRightBeforeTheDollar) {
  EXPECT_EQ(sub(A_val, Texts{"\\x$A", "a\\\\b$A"}), (Texts{"\\xval", "a\\\\bval"}));
}

TEST(Substitution, UnboundKeysKeepTheirBackslashes) {
  EXPECT_EQ(sub(A_val, Texts{"$B", "\\$B", "\\\\${B}", "\\\\$B$A"}), (Texts{"$B", "\\$B", "\\\\${B}", "\\\\$Bval"}));
}

TEST(Substitution, HalvedBackslashesPrefixEverySplitValue) {
  EXPECT_EQ(sub(bind("B", {"1", "2"}), "\\\\$B"), (Texts{"\\1", "\\2"}));
}

TEST(Substitution, SplitValuesMultiplyWordsLeftToRight) {
  EXPECT_EQ(sub(bind("B", {"1", "2", "3"}), "${B}x${B}"),
            (Texts{"1x1", "1x2", "1x3", "2x1", "2x2", "2x3", "3x1", "3x2", "3x3"}));
}

TEST(Substitution, ParallelSplitValuesMultiplyLeftToRight) {
  // multisubstitute { define -s A "a b c d" define -s B "1 2 3" } ... ${A}x${B}
  const Substitution both{{Binding{"A", {"a", "b", "c", "d"}}, Binding{"B", {"1", "2", "3"}}}};
  EXPECT_EQ(sub(both, "${A}x${B}"),
            (Texts{"ax1", "ax2", "ax3", "bx1", "bx2", "bx3", "cx1", "cx2", "cx3", "dx1", "dx2", "dx3"}));
}

TEST(Substitution, SerialSubstitutionsApplyOldestFirst) {
  // define -s B "1 2 3" define -s A "a b c d" ... ${A}x${B}
  const auto list = SubstitutionList().with(bind("B", {"1", "2", "3"})).with(bind("A", {"a", "b", "c", "d"}));
  EXPECT_EQ(apply(list, "${A}x${B}"),
            (Texts{"ax1", "bx1", "cx1", "dx1", "ax2", "bx2", "cx2", "dx2", "ax3", "bx3", "cx3", "dx3"}));
}

TEST(Substitution, SerialSplitsEachMultiplyTheirWords) {
  // define -s A "1 2" define -s B "x y" ... $A$B
  const auto list = SubstitutionList().with(bind("A", {"1", "2"})).with(bind("B", {"x", "y"}));
  EXPECT_EQ(apply(list, "$A$B"), (Texts{"1x", "1y", "2x", "2y"}));
}

TEST(Substitution, EmptyListOfValuesRemovesTheWord) {
  const auto none = bind("B", {});
  EXPECT_TRUE(substitute(none, word("$B"), arena).empty());
  EXPECT_TRUE(substitute(none, word("x${B}y"), arena).empty());
  EXPECT_EQ(sub(none, Texts{"x", "$B", "y"}), (Texts{"x", "y"}));
}

TEST(Substitution, EmptyValueKeepsAnEmptyWord) {
  EXPECT_EQ(sub(bind("B", {""}), Texts{"x", "$B", "y"}), (Texts{"x", "", "y"}));
}

TEST(Substitution, WordWithoutReferenceIsUnchanged) {
  const auto w = word_of({{"plain", true}, {"text", false}}, Location{file, 1, 2});
  const auto out = substitute(A_val, w, arena);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text(), "plaintext");
}

TEST(Substitution, LiteralPiecesAreNeverSubstituted) {
  const auto w = [](std::vector<std::pair<std::string, bool>> p) { return word_of(std::move(p), Location{file, 1, 1}); };
  EXPECT_EQ(texts(substitute(A_val, w({{"$A", false}}), arena)), Texts{"$A"});
  EXPECT_EQ(texts(substitute(A_val, w({{"$", false}, {"A", true}}), arena)), Texts{"$A"});
  EXPECT_EQ(texts(substitute(A_val, w({{"$A", true}, {"$A", false}, {"${A}", true}}), arena)), Texts{"val$Aval"});
  EXPECT_EQ(apply(SubstitutionList().with(A_val), "$A"), Texts{"val"});
  EXPECT_EQ(texts(SubstitutionList().with(A_val).apply(w({{"${A}", false}}), arena)), Texts{"${A}"});
}

TEST(Substitution, SameSubstitutionDoesNotRescanWhatItInserted) {
  // define A "$A" ... $A  gives $A
  EXPECT_EQ(sub(bind("A", {"$A"}), "$A"), Texts{"$A"});
  // multisubstitute { define A "$B" define B bee } ... $A $B  gives $B bee
  const Substitution both{{Binding{"A", {"$B"}}, Binding{"B", {"bee"}}}};
  EXPECT_EQ(sub(both, Texts{"$A", "$B"}), (Texts{"$B", "bee"}));
  // multisubstitute { define A \ define B x } ... $A$B  gives \x
  const Substitution slash{{Binding{"A", {"\\"}}, Binding{"B", {"x"}}}};
  EXPECT_EQ(sub(slash, "$A$B"), Texts{"\\x"});
}

TEST(Substitution, LaterSubstitutionRescansWhatAnEarlierOneInserted) {
  // define A "$B" define B bee ... $A  gives bee
  EXPECT_EQ(apply(SubstitutionList().with(bind("A", {"$B"})).with(bind("B", {"bee"})), "$A"), Texts{"bee"});
  // define A \ define B x ... $A$B  gives $B: the inserted backslash quotes $B
  EXPECT_EQ(apply(SubstitutionList().with(bind("A", {"\\"})).with(bind("B", {"x"})), "$A$B"), Texts{"$B"});
}

TEST(Substitution, EmptyListLeavesWordsAlone) {
  const SubstitutionList none;
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.with(A_val).empty());
  EXPECT_EQ(apply(none, "$A"), Texts{"$A"});
}

TEST(Substitution, WithDoesNotChangeTheOriginalList) {
  const auto first = SubstitutionList().with(A_val);
  const auto second = first.with(bind("B", {"bee"}));
  EXPECT_EQ(apply(first, "$A$B"), Texts{"val$B"});
  EXPECT_EQ(apply(second, "$A$B"), Texts{"valbee"});
}

// A family's entries live in memory its lists share: a list that takes
// another family's entries, over the last list of its own, must let its old
// entries go before that memory does (the sanitized build sees it if not).
TEST(Substitution, AListTakingAnotherFamilyOverItsLastOne) {
  auto l = SubstitutionList().with(bind("A", {"a"})).with(bind("B", {"b"}));
  l = SubstitutionList().with(bind("C", {"c"}));
  EXPECT_EQ(apply(l, "$A$B$C"), Texts{"$A$Bc"});
  auto moved = SubstitutionList().with(bind("D", {"d"}));
  l = std::move(moved);
  EXPECT_EQ(apply(l, "$C$D"), Texts{"$Cd"});
  const auto& same = l;
  l = same;
  EXPECT_EQ(apply(l, "$D"), Texts{"d"});
  l = l.with(bind("E", {"e"}));
  EXPECT_EQ(apply(l, "$D$E"), Texts{"de"});
}

// Lists grown from one first entry share one index by key; each list must
// see only the entries on its own chain, at every distance back.
TEST(Substitution, BranchesOfALongListSeeOnlyTheirOwnEntries) {
  std::vector<SubstitutionList> lists{SubstitutionList()};
  for (int i = 0; i < 700; ++i) lists.push_back(lists.back().with(bind("K" + std::to_string(i), {"v"})));
  const auto& at_depth = lists;
  const auto branch = at_depth[300].with(bind("K500", {"other"}));
  for (size_t d : {0u, 1u, 2u, 3u, 7u, 64u, 299u, 300u, 301u, 511u, 512u, 699u, 700u})
    for (int i : {0, 1, 2, 5, 63, 64, 298, 299, 300, 500, 510, 698, 699}) {
      const std::string ref = "$K" + std::to_string(i);
      EXPECT_EQ(apply(at_depth[d], ref), Texts{static_cast<size_t>(i) < d ? "v" : ref}) << "depth " << d << ", K" << i;
    }
  EXPECT_EQ(apply(branch, "$K500"), Texts{"other"});
  EXPECT_EQ(apply(branch, "$K299"), Texts{"v"});
  EXPECT_EQ(apply(branch, "$K300"), Texts{"$K300"});
  EXPECT_EQ(apply(at_depth[700], "$K500"), Texts{"v"});
}

// A key bound again and again: the oldest binding on the chain replaces the
// reference; a newer one applies only if a value brought the reference back.
// The values are as the defines make them: a define's value has been through
// the substitutions before it (execlineb's results in the comments).
TEST(Substitution, AKeyBoundManyTimesTakesTheOldestOnItsChain) {
  // define X a define X b define X c echo $X  prints a
  const auto three = SubstitutionList().with(bind("X", {"a"})).with(bind("X", {"b"})).with(bind("X", {"c"}));
  EXPECT_EQ(apply(three, "$X"), Texts{"a"});
  // define X [${X}] define X b define X [${X}] define X d echo $X  prints [b]
  const auto back = SubstitutionList()
                        .with(bind("X", {"[${X}]"}))
                        .with(bind("X", {"b"}))
                        .with(bind("X", {"[[b]]"}))
                        .with(bind("X", {"d"}));
  EXPECT_EQ(apply(back, "$X"), Texts{"[b]"});
  // define X [${X}] define X [${X}] define X e echo $X  prints [[[e]]]
  const auto nested =
      SubstitutionList().with(bind("X", {"[${X}]"})).with(bind("X", {"[[${X}]]"})).with(bind("X", {"e"}));
  EXPECT_EQ(apply(nested, "$X"), Texts{"[[[e]]]"});
  // Bindings of X made on other branches, before and after this chain's
  // first, are not this chain's.
  const auto root = SubstitutionList().with(bind("Y", {"y"}));
  const auto other = root.with(bind("X", {"other"}));
  const auto mine = root.with(bind("Z", {"z"})).with(bind("X", {"mine"}));
  const auto later = root.with(bind("X", {"later"}));
  EXPECT_EQ(apply(mine.with(bind("X", {"newer"})), "$X"), Texts{"mine"});
  EXPECT_EQ(apply(other, "$X"), Texts{"other"});
  EXPECT_EQ(apply(later, "$X"), Texts{"later"});
  EXPECT_EQ(apply(root, "$X"), Texts{"$X"});
}

TEST(Substitution, LocationIsKept) {
  const auto in = arena.word("${B}x", true, Location{file, 12, 34});
  const auto out = SubstitutionList().with(bind("B", {"1", "2"})).apply(in, arena);
  ASSERT_EQ(out.size(), 2u);
  for (const auto& w : out) {
    EXPECT_EQ(w.at.file, file);
    EXPECT_EQ(w.at.line, 12u);
    EXPECT_EQ(w.at.column, 34u);
  }
}

TEST(Substitution, BracedNameWithDollarOrBraceIsNoReference) {
  Substitution s{{{"a$b", {"v"}}}};
  const auto out = substitute(s, arena.word("${a$b}", true, {}), arena);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text(), "${a$b}");
}

}  // namespace
}  // namespace chainscript
