// The fd table the final program inherits: exactly 0, 1, 2, what the caller
// gave (fd 5, a pipe, in these tests) and what the script placed; nothing of
// chainscript's own.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <gmock/gmock.h>

#include "harness/harness.hpp"
#include "harness/probe.hpp"

namespace fs = std::filesystem;
using namespace harness;

namespace it {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class Fds : public ChainscriptTest {
 protected:
  // Runs the script with fd 5 inherited (the write end of a pipe); returns what probe saw.
  Probe probe_of(const std::string& text, Result* out = nullptr) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    Launch run;
    run.args = {script(text)};
    run.fds = {{5, pipe_fds[1]}};
    const Result r = harness::run(run);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    if (out) *out = r;
    EXPECT_TRUE(r.exited && r.code == 0) << r;
    return parse_probe(r.out);
  }
  static void all_inheritable(const Probe& p) {
    for (const auto& [fd, info] : p.fds) EXPECT_FALSE(info.cloexec) << "fd " << fd;
  }
};

TEST_F(Fds, CallersFdPassesThroughAndNothingLeaks) {
  const Probe p = probe_of(q(probe) + "\n");
  EXPECT_THAT(p.fd_numbers(), ElementsAre(0, 1, 2, 5));
  EXPECT_EQ(p.fds.at(5).kind, "pipe");
  all_inheritable(p);
}

// Every builtin that opens, forks or makes pipes leaves nothing behind (ifte
// runs its last word, true, in a child, then the probe in this process).
TEST_F(Fds, BusyChainLeaksNothing) {
  dir.write("in", "payload\n");
  const Probe p = probe_of(
      "backtick -n X { echo hi }\n"
      "backtick -E Y { echo there }\n"
      "foreground { true }\n"
      "ifelse { false } { true }\n"
      "ifthenelse { true } { true } { false }\n"
      "redirfd -r 3 " + q(dir / "in") + "\n"
      "fdclose 3\n"
      "redirfd -w 7 " + q(dir / "seven") + "\n"
      "fdswap 7 5\n"
      "fdmove 8 7\n"
      "fdmove -c 9 8\n"
      "fdclose 9\n"
      "background { true }\n"
      "background -d { true }\n"
      "wait { }\n"
      "if { true }\n"
      "fdreserve 2\n"
      "ifte { " + q(probe) + " } { exit 9 } true\n");
  EXPECT_THAT(p.fd_numbers(), ElementsAre(0, 1, 2, 5, 8));
  EXPECT_EQ(p.fds.at(5).kind, "file");
  EXPECT_EQ(p.fds.at(5).target, dir / "seven");
  EXPECT_EQ(p.fds.at(8).kind, "pipe");
  all_inheritable(p);
}

// A program run from a block inherits the same: nothing of chainscript's.
TEST_F(Fds, ForegroundBlockLeaksNothing) {
  Result r;
  probe_of("redirfd -r 3 /dev/null fdclose 3 foreground { " + q(probe) + " } exit 0\n", &r);
  const auto probes = parse_probes(r.out);
  ASSERT_EQ(probes.size(), 1u) << r.out;
  EXPECT_THAT(probes[0].fd_numbers(), ElementsAre(0, 1, 2, 5));
}

// backtick's block writes to a pipe on fd 1 and holds nothing else.
TEST_F(Fds, BacktickBlockLeaksNothing) {
  Result r;
  probe_of("backtick -N -E report { " + q(probe) + " } printf %s $report\n", &r);
  const Probe p = parse_probe(r.out);
  EXPECT_THAT(p.fd_numbers(), ElementsAre(0, 1, 2, 5));
  EXPECT_EQ(p.fds.at(1).kind, "pipe");
}

TEST_F(Fds, FdmoveMovesAndClosesTheSource) {
  const Probe p = probe_of("redirfd -w 3 " + q(dir / "f") + " fdmove 4 3 " + q(probe) + "\n");
  EXPECT_THAT(p.fd_numbers(), ElementsAre(0, 1, 2, 4, 5));
  EXPECT_EQ(p.fds.at(4).target, dir / "f");
  all_inheritable(p);
}

TEST_F(Fds, FdmoveReplacesAnOpenTarget) {
  const Probe p = probe_of("redirfd -w 4 " + q(dir / "a") + " redirfd -w 6 " + q(dir / "b") + " fdmove 4 6 " +
                           q(probe) + "\n");
  EXPECT_THAT(p.fd_numbers(), ElementsAre(0, 1, 2, 4, 5));
  EXPECT_EQ(p.fds.at(4).target, dir / "b");
}

TEST_F(Fds, FdmoveCopyKeepsBoth) {
  const Probe p = probe_of("fdmove -c 4 5 " + q(probe) + "\n");
  EXPECT_THAT(p.fd_numbers(), ElementsAre(0, 1, 2, 4, 5));
  EXPECT_EQ(p.fds.at(4).kind, "pipe");
  EXPECT_EQ(p.fds.at(4).target, p.fds.at(5).target);
  all_inheritable(p);
}

TEST_F(Fds, FdmoveOfAClosedFdExits111) {
  Launch run;
  run.args = {script("export A b\nfdmove 1 7\necho not reached\n")};
  const Result r = harness::run(run);
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr(dir / "run" + ":2:1: fdmove: unable to move fd 7 to 1: Bad file descriptor"));
}

// Moving an fd onto itself does nothing, even to a closed one, as in
// execline (so that --port keeps an execline script's meaning); the open fd 4
// keeps its own flags.
TEST_F(Fds, FdmoveOntoItselfDoesNothing) {
  const Probe p = probe_of("fdmove 7 7 fdmove 5 5 " + q(probe) + "\n");
  EXPECT_THAT(p.fd_numbers(), ElementsAre(0, 1, 2, 5));
}

TEST_F(Fds, FdswapSwaps) {
  const Probe p = probe_of("redirfd -w 3 " + q(dir / "a") + " redirfd -w 4 " + q(dir / "b") + " fdswap 3 4 " +
                           q(probe) + "\n");
  EXPECT_THAT(p.fd_numbers(), ElementsAre(0, 1, 2, 3, 4, 5));
  EXPECT_EQ(p.fds.at(3).target, dir / "b");
  EXPECT_EQ(p.fds.at(4).target, dir / "a");
  all_inheritable(p);
}

TEST_F(Fds, FdswapWithTheCallersFd) {
  const Probe p = probe_of("redirfd -w 3 " + q(dir / "a") + " fdswap 5 3 " + q(probe) + "\n");
  EXPECT_THAT(p.fd_numbers(), ElementsAre(0, 1, 2, 3, 5));
  EXPECT_EQ(p.fds.at(3).kind, "pipe");
  EXPECT_EQ(p.fds.at(5).target, dir / "a");
}

TEST_F(Fds, FdcloseCloses) {
  const Probe p = probe_of("fdclose 5 fdclose 0 " + q(probe) + "\n");
  EXPECT_THAT(p.fd_numbers(), ElementsAre(1, 2));
}

TEST_F(Fds, FdcloseOfAClosedFdIsNotAnError) {
  const Probe p = probe_of("fdclose 9 " + q(probe) + "\n");
  EXPECT_THAT(p.fd_numbers(), ElementsAre(0, 1, 2, 5));
}

TEST_F(Fds, FdcloseOfStdoutReachesTheProgram) {
  Launch run;
  run.args = {"-c", "fdclose 1 " + q(probe)};
  run.set_env = {{"PROBE_OUT", dir / "report"}};
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(parse_probe(read_file(dir / "report")).fd_numbers(), ElementsAre(0, 2));
}

TEST_F(Fds, RedirfdWriteCreatesAFile) {
  const Result r = chainscript({"-c", "redirfd -w 1 " + q(dir / "out") + " echo hello"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_EQ(read_file(dir / "out"), "hello\n");
}

TEST_F(Fds, RedirfdWriteTruncates) {
  dir.write("out", "a much longer old content\n");
  const Result r = chainscript({"-c", "redirfd -w 1 " + q(dir / "out") + " echo new"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(read_file(dir / "out"), "new\n");
}

// -c appends and never creates; the execline dialect refuses it, as
// execline 2.9.3's redirfd does.
TEST_F(Fds, RedirfdAppendWithoutCreating) {
  dir.write("log", "one\n");
  Result r = chainscript({"-c", "redirfd -c 1 " + q(dir / "log") + " echo two"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(read_file(dir / "log"), "one\ntwo\n");
  r = chainscript({"-c", "redirfd -c 1 " + q(dir / "absent") + " echo never"});
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_FALSE(fs::exists(dir / "absent"));
  r = chainscript({"--dialect=execline", "-P", "-c", "redirfd -c 1 " + (dir / "log") + " echo three"});
  EXPECT_TRUE(r.exited && r.code == 100) << r;
  EXPECT_EQ(read_file(dir / "log"), "one\ntwo\n");
}

TEST_F(Fds, RedirfdAppendAppendsAndCreates) {
  dir.write("log", "one\n");
  Result r = chainscript({"-c", "redirfd -a 1 " + q(dir / "log") + " echo two"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(read_file(dir / "log"), "one\ntwo\n");
  r = chainscript({"-c", "redirfd -a 1 " + q(dir / "new-log") + " echo first"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(read_file(dir / "new-log"), "first\n");
}

TEST_F(Fds, RedirfdReadFeedsStdin) {
  dir.write("in", "payload\n");
  Launch run;
  run.args = {"-c", "redirfd -r 0 " + q(dir / "in") + " cat"};
  run.stdin_data = "not this\n";
  const Result r = harness::run(run);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "payload\n");
}

// open() returns 0 itself here: it must still end up inheritable.
TEST_F(Fds, RedirfdOntoTheLowestFreeFd) {
  dir.write("in", "payload\n");
  const Result r = chainscript({"-c", "fdclose 0 redirfd -r 0 " + q(dir / "in") + " cat"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "payload\n");
}

TEST_F(Fds, RedirfdReadOfAMissingFileExits111) {
  const Result r = chainscript({"-c", "redirfd -r 0 " + q(dir / "missing") + " echo not reached"});
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_THAT(r.err, HasSubstr("redirfd: unable to open " + dir / "missing"));
}

TEST_F(Fds, RedirfdOnAHighFd) {
  dir.write("in", "x");
  const Probe p = probe_of("redirfd -r 7 " + q(dir / "in") + " " + q(probe) + "\n");
  EXPECT_THAT(p.fd_numbers(), ElementsAre(0, 1, 2, 5, 7));
  EXPECT_EQ(p.fds.at(7).kind, "file");
  EXPECT_EQ(p.fds.at(7).target, dir / "in");
  all_inheritable(p);
}

TEST_F(Fds, RedirfdReadWrite) {
  dir.write("rw", "abc");
  const Result r = chainscript({"-c", "redirfd -u 0 " + q(dir / "rw") + " sh -c 'cat; echo more >&0'"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "abc");
  EXPECT_EQ(read_file(dir / "rw"), "abcmore\n");
}

TEST_F(Fds, RedirfdExclusiveCreatesANewFile) {
  const Result r = chainscript({"-c", "redirfd -x 1 " + q(dir / "fresh") + " echo hello"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(read_file(dir / "fresh"), "hello\n");
}

TEST_F(Fds, RedirfdExclusiveOnAnExistingFileExits111) {
  dir.write("taken", "keep me\n");
  const Result r = chainscript({"-c", "redirfd -x 1 " + q(dir / "taken") + " echo not reached"});
  EXPECT_TRUE(r.exited && r.code == 111) << r;
  EXPECT_THAT(r.err, HasSubstr("redirfd"));
  EXPECT_THAT(r.err, HasSubstr(dir / "taken"));
  EXPECT_EQ(read_file(dir / "taken"), "keep me\n");
  EXPECT_THAT(r.out, IsEmpty());
}

TEST_F(Fds, FdreserveNamesFreeFds) {
  const Probe p = probe_of("fdreserve 3 " + q(probe) + " FD0 FD1 FD2 FD3\n");
  EXPECT_THAT(p.fd_numbers(), ElementsAre(0, 1, 2, 5)) << "fdreserve must not allocate anything";
  std::set<int> reserved;
  for (const char* k : {"FD0", "FD1", "FD2"}) {
    ASSERT_TRUE(p.named.at(k).has_value()) << k << " not set";
    const int fd = std::stoi(*p.named.at(k));
    EXPECT_GE(fd, 0);
    EXPECT_FALSE(p.fds.count(fd)) << k << "=" << fd << " is open";
    reserved.insert(fd);
  }
  EXPECT_EQ(reserved.size(), 3u) << "the reserved fds must be distinct";
  EXPECT_FALSE(p.named.at("FD3").has_value());
}

TEST_F(Fds, FdreserveThenRedirfdUsesTheReservedFd) {
  const Probe p = probe_of("fdreserve 1 importas -u fd FD0 redirfd -w $fd " + q(dir / "f") + " " + q(probe) +
                           " $fd\n");
  ASSERT_EQ(p.argv.size(), 2u);
  const int fd = std::stoi(p.argv[1]);
  ASSERT_TRUE(p.fds.count(fd)) << "fd " << fd << " not open";
  EXPECT_EQ(p.fds.at(fd).target, dir / "f");
}

}  // namespace
}  // namespace it
