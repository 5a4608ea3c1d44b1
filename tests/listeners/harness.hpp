// What the listener tests share: running the built chainscript (Boost.Process)
// with bounded waits, temporary directories, and the client side of every
// kind of socket. Nothing here waits without a timeout.
#pragma once
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace lt {

extern const std::string chainscript;
extern const std::string socket_peer;
extern const std::string sd_names;
extern const std::string activator;

inline constexpr int kTimeoutMs = 20000;  // a whole chain, start to end
inline constexpr int kIoTimeoutMs = 10000;  // one exchange

bool is_root();
#define LT_REQUIRE_ROOT(why) \
  if (!::lt::is_root()) GTEST_SKIP() << "needs root: " << why

// A program found in the usual directories, or "" (absolute paths only, so the
// chain does not depend on the test's PATH).
std::string find_program(const std::string& name);

// A fresh directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Environment changes for a child: the test's own environment without any
// LISTEN_* / UPSTART_* variables, then these set (value) or removed (nullopt).
using EnvChanges = std::vector<std::pair<std::string, std::optional<std::string>>>;

struct Result {
  int status = -1;  // exit status; 128+signal when killed
  bool timed_out = false;
  std::string out, err;
};
std::ostream& operator<<(std::ostream& os, const Result& r);

// A running child with its stdout and stderr read as they come.
class Proc {
 public:
  explicit Proc(const std::vector<std::string>& argv, const EnvChanges& env = {});
  ~Proc();  // kills the child if it is still running
  Proc(const Proc&) = delete;
  Proc& operator=(const Proc&) = delete;

  pid_t pid() const;
  enum Stream { out, err };
  // Waits until everything read so far from the stream matches re (searched
  // from the start); returns the first capture group (or the whole match),
  // or nullopt at end of stream or after timeout_ms.
  std::optional<std::string> wait_for(Stream s, const std::regex& re, int timeout_ms = kIoTimeoutMs);
  // Reads both streams to their end and reaps the child; kills it after timeout_ms.
  Result finish(int timeout_ms = kTimeoutMs);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

Result run(const std::vector<std::string>& argv, const EnvChanges& env = {}, int timeout_ms = kTimeoutMs);

// argv for `chainscript [flags...] -c SCRIPT`.
std::vector<std::string> cs(const std::string& script, const std::vector<std::string>& flags = {});
// A script word quoted literally ('...').
std::string q(const std::string& word);

// ---- output -------------------------------------------------------------------

std::vector<std::string> lines(const std::string& text);
bool has_line(const std::string& text, const std::string& line);
// The rest of the first line that starts with prefix, or nullopt.
std::optional<std::string> after(const std::string& text, const std::string& prefix);
// "sockopt FD NAME=VALUE" -> VALUE
std::optional<std::string> sockopt(const std::string& out, int fd, const std::string& name);
// "env NAME=VALUE" -> VALUE; nullopt when printed as unset (or absent)
std::optional<std::string> env_of(const std::string& out, const std::string& name);
// The "fd N ..." line of print-fds, or nullopt when fd N was not open.
std::optional<std::string> fd_line(const std::string& out, int fd);
// A print-fds line without its " addr=..." part (for Unix sockets, whose
// address has a test of its own).
std::optional<std::string> without_addr(const std::optional<std::string>& line);
// The port in "bound HOST:PORT" of a trace, or in "sockname FD HOST:PORT".
int port_in(const std::string& text);

// ---- files ----------------------------------------------------------------------

bool exists(const std::string& path);  // lstat succeeds
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);
struct stat_result {
  bool ok = false;
  mode_t mode = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  ino_t ino = 0;
};
stat_result lstat_of(const std::string& path);
std::vector<std::string> dir_entries(const std::string& dir);

// ---- clients (all fds close-on-exec, every read bounded by kIoTimeoutMs) --------

// Connected socket, or -1 (errno set).
int connect_inet(int family, const std::string& addr, int port, int type = SOCK_STREAM);
int connect_unix(const std::string& path, int type);
// Sends msg, reads the answer (to '\n', one message, or EOF), closes fd.
std::string exchange(int fd, const std::string& msg);
// One datagram each way; the client socket is bound (for Unix: at client_path).
std::string udp_exchange(int family, const std::string& addr, int port, const std::string& msg);
std::string unix_dgram_exchange(const std::string& server, const std::string& client_path, const std::string& msg);

// A socket the test keeps listening (or bound) at a Unix path; closed on destruction.
class UnixServer {
 public:
  UnixServer(const std::string& path, int type, bool listening = true);
  ~UnixServer();
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

// Creates a stale Unix socket at path: bound, then closed.
void make_stale_socket(const std::string& path);

}  // namespace lt
