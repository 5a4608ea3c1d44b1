// Large scripts: a 400,000-line script runs (no argv limit: the builtins run
// in-process, the script never becomes one argv) and ends with its program.
// The bound is generous (a few seconds is expected): this checks correctness,
// it is not a benchmark.
#include <gmock/gmock.h>

#include "harness/harness.hpp"
#include "harness/probe.hpp"

using namespace harness;

namespace it {
namespace {

using ::testing::IsEmpty;

constexpr int kLines = 400000;
// A hang guard, not a time to meet: the sanitized build is 2-3 times slower,
// and CI's machine, shared, was once slower again (15-23 s alone, over 30
// beside another test).
constexpr auto kBound = std::chrono::seconds(sanitized ? 120 : 30);

class Size : public ChainscriptTest {};

// export cycles over 100 names: 400,000 distinct variables would not fit in
// the final program's environment (the kernel's E2BIG), which is not the point.
TEST_F(Size, FourHundredThousandLines) {
  std::string text;
  text.reserve(kLines * 24);
  for (int i = 0; i < kLines; ++i)
    text += i % 2 ? "fdmove -c 1 1\n" : "export VAR_" + std::to_string(i % 100) + " value" + std::to_string(i) + "\n";
  text += "echo done\n";
  Launch run;
  run.args = {script(text)};
  run.timeout = kBound;
  const Result r = harness::run(run);
  EXPECT_FALSE(r.timed_out) << "took more than " << kBound.count() << " s";
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "done\n");
  EXPECT_THAT(r.err, IsEmpty());
}

TEST_F(Size, FourHundredThousandLinesExportingToTheProgram) {
  std::string text;
  for (int i = 0; i < kLines; ++i) text += "export VAR_" + std::to_string(i % 50) + " v" + std::to_string(i) + "\n";
  text += q(probe) + " VAR_0 VAR_49\n";
  Launch run;
  run.args = {script(text)};
  run.timeout = kBound;
  const Result r = harness::run(run);
  EXPECT_FALSE(r.timed_out);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Probe p = parse_probe(r.out);
  EXPECT_EQ(p.named.at("VAR_0"), "v" + std::to_string(kLines - 50));
  EXPECT_EQ(p.named.at("VAR_49"), "v" + std::to_string(kLines - 1));
}

// Substitution on every line (the positional parameters).
TEST_F(Size, FourHundredThousandLinesWithSubstitution) {
  std::string text;
  for (int i = 0; i < kLines; ++i) text += "export V_" + std::to_string(i % 10) + " ${1}" + std::to_string(i) + "\n";
  text += "importas v V_9 echo $v $#\n";
  Launch run;
  run.args = {script(text), "arg"};
  run.timeout = kBound;
  const Result r = harness::run(run);
  EXPECT_FALSE(r.timed_out);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "arg" + std::to_string(kLines - 1) + " 1\n");
}

TEST_F(Size, FourHundredThousandLinesCheck) {
  std::string text;
  for (int i = 0; i < kLines; ++i) text += "fdmove -c 1 1\n";
  text += "echo done\n";
  Launch run;
  run.args = {"--check", script(text)};
  run.timeout = kBound;
  const Result r = harness::run(run);
  EXPECT_FALSE(r.timed_out);
  EXPECT_TRUE(r.exited && r.code == 0) << r;
}

// A quarter of a million lines of define + use: substitution looks only at the
// entries of the keys a word mentions, so this stays linear (it was quadratic:
// 40,000 defines took minutes).
TEST_F(Size, TwoHundredThousandDefinesEachUsed) {
  std::string text;
  for (int i = 0; i < kLines / 2; ++i)
    text += "define V" + std::to_string(i) + " x" + std::to_string(i) + "\nexport LAST ${V" + std::to_string(i) + "}\n";
  text += "importas -i last LAST echo $last\n";
  Launch run;
  run.args = {script(text)};
  run.timeout = kBound;
  const Result r = harness::run(run);
  EXPECT_FALSE(r.timed_out) << "took more than " << kBound.count() << " s";
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "x" + std::to_string(kLines / 2 - 1) + "\n");
}

}  // namespace
}  // namespace it
