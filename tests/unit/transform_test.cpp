// execline's value transformations (el_transform): crunch (-C), chomp (-n),
// split (-s) on delimiters (-d), and netstrings (-s -d ""). The expected
// results are what execlineb prints, e.g.
//   execlineb -c 'define -s -n A "a b" printf [%s] $A'   prints [a]
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "interp/substitution.hpp"

namespace chainscript {
namespace {

using Values = std::vector<std::string>;

// The transform define would apply for its options: "s", "C", "n" in any
// combination, with the delimiters of -d (execline's default if not given).
Transform options(std::string_view flags, std::string delimiters = " \n\r\t") {
  Transform t;
  t.split = flags.find('s') != std::string_view::npos;
  t.crunch = flags.find('C') != std::string_view::npos;
  t.chomp = flags.find('n') != std::string_view::npos;
  t.delimiters = std::move(delimiters);
  return t;
}

TEST(Transform, DefaultDelimitersAreSpaceNewlineCarriageReturnTab) {
  EXPECT_EQ(Transform{}.delimiters, " \n\r\t");
  const Transform t{};
  EXPECT_FALSE(t.split || t.crunch || t.chomp);
}

TEST(Transform, NoOptionKeepsTheValueAsIs) {
  EXPECT_EQ(transform("  a  b\n\n", Transform{}), Values{"  a  b\n\n"});
  EXPECT_EQ(transform("", Transform{}), Values{""});
}

TEST(Transform, CrunchKeepsTheFirstDelimiterOfARun) {
  EXPECT_EQ(transform("a::b:::c", options("C", ":")), Values{"a:b:c"});
  EXPECT_EQ(transform(":::a", options("C", ":")), Values{":a"});
  EXPECT_EQ(transform("a::b::", options("C", ":")), Values{"a:b:"});
  EXPECT_EQ(transform("a,:b", options("C", ":,")), Values{"a,b"});
  EXPECT_EQ(transform("a:,:b", options("C", ":,")), Values{"a:b"});
}

TEST(Transform, ChompRemovesOneTrailingDelimiter) {
  EXPECT_EQ(transform("abc\n", options("n")), Values{"abc"});
  EXPECT_EQ(transform("abc\n\n", options("n")), Values{"abc\n"});
  EXPECT_EQ(transform("abc", options("n")), Values{"abc"});
  EXPECT_EQ(transform("abc:", options("n", ":")), Values{"abc"});
  EXPECT_EQ(transform("a::", options("n", ":")), Values{"a:"});
  EXPECT_EQ(transform("", options("n", ":")), Values{""});
}

TEST(Transform, CrunchThenChomp) {
  EXPECT_EQ(transform("a::b::", options("Cn", ":")), Values{"a:b"});
  EXPECT_EQ(transform("a::b:", options("Cn", ":")), Values{"a:b"});
}

TEST(Transform, SplitOnDefaultDelimiters) {
  EXPECT_EQ(transform("a b\tc\nd\re", options("s")), (Values{"a", "b", "c", "d", "e"}));
}

TEST(Transform, SplitOnGivenDelimiters) {
  EXPECT_EQ(transform("a:b c,d", options("s", ":,")), (Values{"a", "b c", "d"}));
}

TEST(Transform, SplitKeepsTheLastElementWithoutADelimiterAfterIt) {
  EXPECT_EQ(transform("a b", options("s")), (Values{"a", "b"}));
  EXPECT_EQ(transform("a b\n", options("s")), (Values{"a", "b"}));
}

TEST(Transform, SplitGivesAnEmptyWordBetweenTwoDelimiters) {
  EXPECT_EQ(transform("a  b ", options("s")), (Values{"a", "", "b"}));
  EXPECT_EQ(transform("a:,b", options("s", ":,")), (Values{"a", "", "b"}));
}

TEST(Transform, LeadingDelimitersGiveEmptyWords) {
  EXPECT_EQ(transform("  a b", options("s")), (Values{"", "", "a", "b"}));
}

TEST(Transform, SplitEmptyValueGivesNoWord) {
  EXPECT_EQ(transform("", options("s")), Values{});
  EXPECT_EQ(transform(" ", options("s")), Values{""});
}

TEST(Transform, SplitWithCrunch) {
  EXPECT_EQ(transform("a::b:::c", options("sC", ":")), (Values{"a", "b", "c"}));
  EXPECT_EQ(transform("  a   b  ", options("sC")), (Values{"", "a", "b"}));
  EXPECT_EQ(transform("a:,b,:c", options("sC", ":,")), (Values{"a", "b", "c"}));
}

TEST(Transform, SplitChompDropsALastElementWithoutADelimiterAfterIt) {
  // define -s -n A "a b"  gives [a]
  EXPECT_EQ(transform("a b", options("sn")), Values{"a"});
  EXPECT_EQ(transform("a::b", options("sCn", ":")), Values{"a"});
  EXPECT_EQ(transform(" a b", options("sCn")), (Values{"", "a"}));
}

TEST(Transform, SplitChompKeepsTheLastElementEndedByADelimiter) {
  EXPECT_EQ(transform("a b ", options("sn")), (Values{"a", "b"}));
  EXPECT_EQ(transform("a b  ", options("sn")), (Values{"a", "b"}));
  EXPECT_EQ(transform("a:b::", options("sn", ":")), (Values{"a", "b"}));
  EXPECT_EQ(transform("  a   b  ", options("sCn")), (Values{"", "a", "b"}));
  EXPECT_EQ(transform(":", options("sn", ":")), Values{});
}

TEST(Transform, NetstringsWithEmptyDelimiters) {
  EXPECT_EQ(transform("1:a,2:bb,0:,7:xyz 123,1: ,", options("s", "")), (Values{"a", "bb", "", "xyz 123", " "}));
}

TEST(Transform, NetstringsOfEmptyValueGiveNoWord) {
  EXPECT_EQ(transform("", options("s", "")), Values{});
}

TEST(Transform, NetstringsIgnoreChomp) {
  EXPECT_EQ(transform("1:a,", options("sn", "")), Values{"a"});
}

TEST(Transform, InvalidNetstringThrowsInvalidArgument) {
  for (const char* bad : {"1:a,2:bb", "3:a,", "1:ab,", ":a,", "a", "1:a", "1;a,", "1:a,x"})
    EXPECT_EQ(transform(bad, options("s", "")), std::nullopt) << "for \"" << bad << "\"";
}

TEST(Transform, EmptyDelimitersWithoutSplitKeepTheValue) {
  EXPECT_EQ(transform("a b", options("", "")), Values{"a b"});
  EXPECT_EQ(transform("a b\n", options("n", "")), Values{"a b\n"});
}

}  // namespace
}  // namespace chainscript
