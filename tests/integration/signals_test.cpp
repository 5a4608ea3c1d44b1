// The final program's signal state. What is checked, in /proc/self/status of
// the probe at the end of the chain:
//   SigBlk (the blocked mask) is all zeros, even though chainscript itself was
//     started with SIGUSR1, SIGUSR2 and SIGTERM blocked by the test: whatever
//     mask chainscript starts or runs with, the program gets an empty one;
//   SigIgn (the ignored set) is all zeros after a normal run: chainscript
//     leaves no disposition of its own behind. (Dispositions the caller
//     ignores are not checked: those are the caller's business.)
// The same holds for a program run from a block (foreground's child).
#include <signal.h>

#include "harness.hpp"

namespace it {
namespace {

using ::testing::SizeIs;

constexpr const char* none = "0000000000000000";

class Signals : public ChainscriptTest {};

TEST_F(Signals, FinalProgramHasAnEmptyMaskAndNoIgnoredSignals) {
  Launch run;
  run.args = {"-c", "export A b fdmove -c 1 1 " + q(probe)};
  run.block_signals = {SIGUSR1, SIGUSR2, SIGTERM};
  const Result r = it::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Probe p = parse_probe(r.out);
  EXPECT_EQ(p.sigblk, none);
  EXPECT_EQ(p.sigign, none);
}

TEST_F(Signals, ProgramsRunFromBlocksHaveAnEmptyMaskToo) {
  Launch run;
  run.args = {"-c", "foreground { " + q(probe) + " } backtick -n X { true } " + q(probe)};
  run.block_signals = {SIGUSR1, SIGINT};
  const Result r = it::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const auto probes = parse_probes(r.out);
  ASSERT_THAT(probes, SizeIs(2)) << r.out;
  for (const auto& p : probes) {
    EXPECT_EQ(p.sigblk, none);
    EXPECT_EQ(p.sigign, none);
  }
}

// Sanity check of the harness: the mask does reach a program started directly.
TEST_F(Signals, HarnessBlocksSignalsInTheChild) {
  Launch run;
  run.program = probe;
  run.block_signals = {SIGUSR1};
  const Result r = it::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_NE(parse_probe(r.out).sigblk, none);
}

}  // namespace
}  // namespace it
