// The final program's signal state, read from /proc/self/status by the probe
// at the end of the chain: it starts with the mask and the ignored signals
// chainscript started with, as exec(2) and execline leave them (nohup
// chainscript ... keeps SIGHUP ignored); chainscript changes neither on the
// way. The same holds for a program run from a block (foreground's child).
#include <signal.h>

#include <gmock/gmock.h>

#include "harness/harness.hpp"
#include "harness/probe.hpp"

using namespace harness;

namespace it {
namespace {

using ::testing::SizeIs;

constexpr const char* none = "0000000000000000";

// The /proc/self/status mask of these signals.
std::string mask_of(std::initializer_list<int> signals) {
  unsigned long long m = 0;
  for (int s : signals) m |= 1ULL << (s - 1);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", m);
  return buf;
}

class Signals : public ChainscriptTest {};

TEST_F(Signals, FinalProgramKeepsTheMaskAndIgnoredSignalsItWasStartedWith) {
  Launch run;
  run.args = {"-c", "export A b fdmove -c 1 1 " + q(probe)};
  run.block_signals = {SIGUSR1, SIGUSR2, SIGTERM};
  run.ignore_signals = {SIGHUP};
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const Probe p = parse_probe(r.out);
  EXPECT_EQ(p.sigblk, mask_of({SIGUSR1, SIGUSR2, SIGTERM}));
  EXPECT_EQ(p.sigign, mask_of({SIGHUP}));
}

TEST_F(Signals, ChainscriptAddsNoMaskAndNoIgnoredSignalOfItsOwn) {
  Launch run;
  run.args = {"-c", "trap { USR1 { true } } foreground { " + q(probe) + " } " + q(probe)};
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const auto probes = parse_probes(r.out);
  ASSERT_THAT(probes, SizeIs(2)) << r.out;
  for (const auto& p : probes) {
    EXPECT_EQ(p.sigblk, none);
    EXPECT_EQ(p.sigign, none);
  }
}

TEST_F(Signals, ProgramsRunFromBlocksKeepThemToo) {
  Launch run;
  run.args = {"-c", "foreground { " + q(probe) + " } backtick -n X { true } " + q(probe)};
  run.block_signals = {SIGUSR1, SIGINT};
  run.ignore_signals = {SIGHUP, SIGQUIT};
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  const auto probes = parse_probes(r.out);
  ASSERT_THAT(probes, SizeIs(2)) << r.out;
  for (const auto& p : probes) {
    EXPECT_EQ(p.sigblk, mask_of({SIGUSR1, SIGINT}));
    EXPECT_EQ(p.sigign, mask_of({SIGHUP, SIGQUIT}));
  }
}

// Sanity check of the harness: the mask does reach a program started directly.
TEST_F(Signals, HarnessBlocksSignalsInTheChild) {
  Launch run;
  run.program = probe;
  run.block_signals = {SIGUSR1};
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_NE(parse_probe(r.out).sigblk, none);
}

}  // namespace
}  // namespace it
