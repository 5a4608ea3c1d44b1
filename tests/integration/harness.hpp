// The integration tests' harness: runs the built chainscript (or any program)
// as a child with Boost.Process, with exactly the fds, environment and stdin a
// test asks for, and collects its exit status, stdout and stderr; parses what
// the probe program (probe.c) reports; makes and removes temporary directories.
#pragma once
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#ifndef CHAINSCRIPT_BIN
#error "CHAINSCRIPT_BIN must be the path of the chainscript binary"
#endif
#ifndef PROBE_BIN
#error "PROBE_BIN must be the path of the probe program"
#endif
#ifndef SCRIPTS_DIR
#error "SCRIPTS_DIR must be the path of the example scripts"
#endif

namespace it {

namespace fs = std::filesystem;

inline const std::string bin = CHAINSCRIPT_BIN;
inline const std::string probe = PROBE_BIN;
inline const std::string scripts_dir = SCRIPTS_DIR;

struct Result {
  bool exited = false;     // exited normally: code is its exit code
  int code = -1;
  int signal = 0;          // killed by this signal
  bool timed_out = false;  // killed by the harness after the timeout
  std::string out, err;
  std::chrono::milliseconds elapsed{0};
  int pid = 0;  // of the process started
};
std::ostream& operator<<(std::ostream& os, const Result& r);

struct Launch {
  std::vector<std::string> args;  // argv[1...]
  std::string program = bin;      // what is executed (argv[0] too)
  bool empty_env = false;         // start from an empty environment, not the test's
  std::map<std::string, std::string> set_env;
  std::vector<std::string> unset_env;
  std::string stdin_data;         // stdin is a file holding this (empty: /dev/null)
  bool pipe_on_fd5 = false;       // the child also inherits fd 5, the write end of a pipe
  std::vector<int> block_signals; // blocked in the child's signal mask when it starts
  std::vector<int> ignore_signals;  // ignored (SIG_IGN) in the child when it starts
  std::chrono::seconds timeout{60};
  std::string cwd;                // "" : the test's
};

// Runs r.program with exactly fds 0, 1, 2 (and 5 when asked) open: every other
// fd of the test process is closed in the child before it execs.
Result run(const Launch& r);
// chainscript ARGS...
Result chainscript(std::vector<std::string> args);

// What probe reported.
struct FdInfo {
  bool cloexec = false;
  std::string kind;    // socket, pipe, file, chr, dir, ...
  std::string target;  // readlink of /proc/self/fd/N
};
struct Probe {
  std::map<int, FdInfo> fds;
  std::vector<std::string> argv;
  std::map<std::string, std::optional<std::string>> named;  // env of the argv words
  std::map<std::string, std::string> environ;
  std::string sigblk, sigign, cwd, umask;
  std::set<int> fd_numbers() const;
};
// Parses a probe report; fails the test (ADD_FAILURE) on a line it does not know.
Probe parse_probe(const std::string& text);
// The probe reports in text: one or more (a foreground child's, then the final one's).
std::vector<Probe> parse_probes(const std::string& text);

// A temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  // Writes a file (mode as given) and returns its path.
  std::string write(const std::string& name, const std::string& content, fs::perms mode = fs::perms(0644)) const;

 private:
  fs::path path_;
};

std::string read_file(const std::string& path);
bool exists(const std::string& path);
std::vector<std::string> lines(const std::string& text);
// A single-quoted word of the native dialect: literal, never substituted.
std::string q(const std::string& s);

// A test with a temporary directory and a helper to write scripts into it.
class ChainscriptTest : public ::testing::Test {
 protected:
  TempDir dir;
  // Writes NAME (default "run") into the temporary directory, returns its path.
  std::string script(const std::string& text, const std::string& name = "run") const {
    return dir.write(name, text);
  }
};

}  // namespace it
