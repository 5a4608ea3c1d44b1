// The one harness of the integration and listener tests: how a child is run
// (one launch description, one result, a streaming Proc built on the same
// description), temporary directories, files, text, and skipping without root.
//
// Nothing heavy is included here: Boost.Process lives in process.cpp only, and
// a regex given to Proc::wait_for is compiled there too.
//
//   probe.hpp    what the integration tests' probe program reports
//   sockets.hpp  the client side of every kind of socket, and what the
//                listener tests' socket_peer reports
#pragma once
#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// The paths of the programs the tests run, written by CMake (tests/harness).
#include "harness_programs.hpp"

namespace harness {

// ---- the programs the tests run (inline: ready before any test's own globals) --

inline const std::string bin = CHAINSCRIPT_BIN;            // chainscript, the program under test
inline const std::string probe = PROBE_BIN;                // reports fds, argv, environment, signals (probe.hpp)
inline const std::string scripts_dir = SCRIPTS_DIR;        // the example run files
inline const std::string socket_peer = SOCKET_PEER_BIN;    // serves the listeners' sockets (sockets.hpp)
inline const std::string sd_names = SD_NAMES_BIN;          // what libsystemd sees
inline const std::string activator = ACTIVATOR_BIN;        // a socket activator before chainscript

// One exchange with a child or a socket: Proc::wait_for and every socket read.
inline constexpr int kIoTimeoutMs = 10000;

// ---- running a child ------------------------------------------------------------

// Everything about how a child is started. The child has exactly fds 0, 1, 2
// (stdin as below, stdout and stderr pipes the harness reads) and the extra
// fds asked for: every other fd of the test process is closed at exec. It
// starts with exactly block_signals blocked and ignore_signals ignored, every
// other signal at its default. Its environment is the test's without LISTEN_PID,
// LISTEN_FDS, LISTEN_FDNAMES, UPSTART_FDS, UPSTART_EVENTS, UID, GID and
// GIDLIST (an activator's or a credential tool's, never the test's to pass
// on), or empty with empty_env; then unset_env removed, then set_env set.
struct Launch {
  std::string program = bin;      // what is executed (argv[0] too)
  std::vector<std::string> args;  // argv[1...]
  bool empty_env = false;
  std::map<std::string, std::string> set_env;
  std::vector<std::string> unset_env;
  std::string stdin_data;         // stdin reads this ("": /dev/null)
  std::map<int, int> fds;         // extra fds: the child's fd -> the test's fd it is a copy of
  std::vector<int> block_signals;
  std::vector<int> ignore_signals;
  std::string cwd;                // "": the test's
  // The child is killed (SIGKILL) when it runs longer: run() counts from the
  // start, Proc::finish() from when it is called.
  std::chrono::milliseconds timeout = std::chrono::seconds(60);
};

// ARGV[0] run with ARGV[1...].
Launch command(std::vector<std::string> argv);
// chainscript FLAGS... -c SCRIPT
Launch cs(const std::string& script, const std::vector<std::string>& flags = {});

struct Result {
  bool exited = false;     // exited normally: code is its exit code
  int code = -1;
  int signal = 0;          // killed by this signal
  bool timed_out = false;  // killed by the harness after the timeout
  std::string out, err;    // what reached stdout and stderr until the child ended
  std::chrono::milliseconds elapsed{0};  // start to end
  int pid = 0;             // of the process started
  // The exit code, or 128+signal when killed (as a shell shows it).
  int status() const { return exited ? code : signal ? 128 + signal : -1; }
};
std::ostream& operator<<(std::ostream& os, const Result& r);

// A running child whose stdout and stderr are read as they come.
class Proc {
 public:
  explicit Proc(const Launch& launch);
  ~Proc();  // kills the child (SIGKILL) if it is still running
  Proc(const Proc&) = delete;
  Proc& operator=(const Proc&) = delete;

  pid_t pid() const;
  enum Stream { out, err };
  // Waits until what was read so far from the stream matches the ECMAScript
  // regex (searched from the start); returns its first capture group (or the
  // whole match), or nullopt at the end of the stream or after timeout_ms.
  std::optional<std::string> wait_for(Stream s, const std::string& regex, int timeout_ms = kIoTimeoutMs);
  // Waits for the child to end (killing it after the launch's timeout),
  // reading its stdout and stderr meanwhile. Later calls return the same.
  const Result& finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Starts the child, waits for it to end (at most launch.timeout), returns what it did.
Result run(const Launch& launch);
// chainscript ARGS...
Result chainscript(std::vector<std::string> args);

// ---- skipping without root ------------------------------------------------------

bool is_root();  // effective uid 0
#define REQUIRE_ROOT(why)                                                  \
  do {                                                                     \
    if (!::harness::is_root()) GTEST_SKIP() << "needs root: " << (why);    \
  } while (0)

// ---- skipping in the sanitizer build ---------------------------------------------

// Built with AddressSanitizer (the sanitize preset): its runtime needs the
// whole address space and /proc, so what limits either cannot run under it.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool sanitized = true;
#else
inline constexpr bool sanitized = false;
#endif
#define SKIP_UNDER_SANITIZERS(why)                                                   \
  do {                                                                               \
    if (::harness::sanitized) GTEST_SKIP() << "not under the sanitizers: " << (why); \
  } while (0)

// The absolute path of a program found in PATH or in the usual directories
// (/usr/sbin, /usr/bin, /sbin, /bin, /usr/local/...), or "".
std::string find_program(const std::string& name);

// ---- text -----------------------------------------------------------------------

std::vector<std::string> lines(const std::string& text);
bool has_line(const std::string& text, const std::string& line);
// The rest of the first line that starts with prefix, or nullopt.
std::optional<std::string> after(const std::string& text, const std::string& prefix);
// A single-quoted word of the native dialect: literal, never substituted
// (throws on a word with a single quote).
std::string q(const std::string& word);
// "1,2,3" (as GIDLIST holds group ids)
std::string joined(const std::vector<gid_t>& ids);

// ---- files ----------------------------------------------------------------------

// A fresh directory under /tmp (short paths: Unix socket addresses hold 107
// bytes; and reachable by users other than root once a test opens its mode),
// removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }
  // Writes NAME (creating the directories it is in) with this mode; returns its path.
  std::string write(const std::string& name, const std::string& content, mode_t mode = 0644) const;

 private:
  std::string path_;
};

bool exists(const std::string& path);  // lstat succeeds
std::string read_file(const std::string& path);  // "" if it cannot be read
long read_long(const std::string& path);  // the number a file (in /proc) starts with, or -1
struct stat_result {
  bool ok = false;
  mode_t mode = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  ino_t ino = 0;
};
stat_result lstat_of(const std::string& path);
std::vector<std::string> dir_entries(const std::string& dir);  // sorted, without . and ..

// A test with a temporary directory and a helper to write scripts into it.
class ChainscriptTest : public ::testing::Test {
 protected:
  TempDir dir;
  // Writes NAME (default "run") into the temporary directory, returns its path.
  std::string script(const std::string& text, const std::string& name = "run") const { return dir.write(name, text); }
};

}  // namespace harness
