// The only door to the kernel. Builtins never call socket(), dup2(), setuid(),
// execve() and the like themselves: they call a System, so that
//   RealSystem  does it,
//   DrySystem   records it and changes nothing (-n), and
//   TraceSystem does it and reports it (-x).
// Calls follow POSIX conventions: -1 and errno on failure.
#pragma once
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grammar/ast.hpp"

namespace chainscript {

struct Context;

// What a step did, for the plan (-n) and the trace (-x).
struct Effect {
  std::string op;                                         // "socket", "place", "setenv", ...
  std::vector<std::pair<std::string, std::string>> args;  // in order
  std::string result;                                     // "" when none
  std::vector<std::string> argv;                          // exec's argv
};

class System {
 public:
  virtual ~System() = default;

  // The step now running: every effect is reported against it.
  virtual void begin_step(const Location& at, std::string_view builtin) {
    at_ = at;
    builtin_ = builtin;
  }
  // Reports a change made to data (environment, pending exec options).
  virtual void report(Effect) {}
  virtual bool simulated() const { return false; }

  // file descriptors
  virtual int open(const std::string& path, int flags, mode_t mode) = 0;  // close-on-exec unless asked
  virtual int close(int fd) = 0;
  virtual int place(int from, int to) = 0;  // dup2(from, to), close(from), to not close-on-exec
  virtual int copy(int from, int to) = 0;   // dup2(from, to), to not close-on-exec
  virtual int pipe(int fds[2]) = 0;         // both close-on-exec
  virtual bool is_open(int fd) = 0;
  virtual int set_nonblocking(int fd, bool on) = 0;
  virtual int set_cloexec(int fd, bool on) = 0;
  virtual std::optional<std::string> read_all(int fd) = 0;  // to EOF, then closes fd
  virtual int write_all(int fd, const std::string& data) = 0;
  // What one read() gives (up to 64 KiB): "" at end of file, nullopt on error.
  virtual std::optional<std::string> read_some(int fd) = 0;

  // process state
  virtual int chdir(const std::string& dir) = 0;
  virtual mode_t umask(mode_t mask) = 0;
  virtual int setgroups(const std::vector<gid_t>& groups) = 0;
  virtual int setgid(gid_t gid) = 0;
  virtual int setuid(uid_t uid) = 0;
  // The ids new files are created with (setfsuid/setfsgid); -1 when the kernel refused.
  virtual int set_fs_ids(uid_t uid, gid_t gid) = 0;
  virtual pid_t getpid() = 0;
  virtual int chroot(const std::string& dir) = 0;
  virtual int setrlimit(int resource, rlim_t soft, rlim_t hard, std::string_view what) = 0;
  virtual pid_t setsid() = 0;
  virtual int setpgid(pid_t pid, pid_t pgid) = 0;

  // processes. spawn forks: the child runs body (its return is the exit code).
  virtual pid_t spawn(Context& ctx, const std::function<int(Context&)>& body) = 0;
  virtual pid_t wait(pid_t pid, int* status, int options = 0) = 0;  // pid -1: any child; WNOHANG
  // Executes argv[0] found through PATH (path_value); returns only on failure, with errno.
  virtual int exec(const std::vector<std::string>& argv, const std::string& file,
                   const std::vector<std::string>& envp) = 0;

  // sockets
  virtual int socket(int domain, int type, int protocol) = 0;  // close-on-exec
  virtual int setsockopt(int fd, int level, int name, const void* value, socklen_t len,
                         std::string_view what) = 0;
  virtual int bind(int fd, const sockaddr* addr, socklen_t len, std::string_view what) = 0;
  virtual int listen(int fd, int backlog) = 0;
  virtual int getsockname(int fd, sockaddr* addr, socklen_t* len) = 0;
  virtual int connect(int fd, const sockaddr* addr, socklen_t len, std::string_view what) = 0;

  // files
  virtual int lstat(const std::string& path, struct stat* st) = 0;
  virtual int unlink(const std::string& path) = 0;
  virtual int rename(const std::string& from, const std::string& to) = 0;
  virtual int chmod(const std::string& path, mode_t mode) = 0;
  virtual int lchown(const std::string& path, uid_t uid, gid_t gid) = 0;

 protected:
  Location at_;
  std::string_view builtin_;
};

std::unique_ptr<System> make_real_system();
enum class ReportFormat { text, json };
std::unique_ptr<System> make_dry_system(ReportFormat format);
std::unique_ptr<System> make_trace_system(ReportFormat format);

// Shared by the reporting systems: one line of text, or one JSON object.
std::string render_effect(const Location& at, std::string_view builtin, const Effect& e,
                          ReportFormat format, unsigned depth);

}  // namespace chainscript

namespace chainscript {

// "0.0.0.0:8080", "[::1]:53", "/run/x.sock", "netlink pid=0 groups=0x1"
std::string describe_address(const sockaddr* addr, socklen_t len);
std::string describe_flags(int open_flags);

// The effect of each call, described the same way by DrySystem and TraceSystem.
namespace effects {
Effect open(const std::string& path, int flags, mode_t mode);
Effect fd_op(std::string op, int fd);
Effect fd_pair(std::string op, int from, int to);
Effect socket(int domain, int type, int protocol);
Effect setsockopt(int fd, std::string_view what);
Effect bind(int fd, const sockaddr* addr, socklen_t len, std::string_view what);
Effect listen(int fd, int backlog);
Effect path_op(std::string op, const std::string& path);
Effect exec(const std::vector<std::string>& argv, const std::string& file);
Effect rlimit(std::string_view what, rlim_t soft, rlim_t hard);
}  // namespace effects

// Shared by DrySystem and TraceSystem: where reports go and how they look.
class ReportingSystem : public System {
 public:
  ReportingSystem(ReportFormat format, int out_fd) : format_(format), out_fd_(out_fd) {}
  void report(Effect e) override;

 protected:
  ReportFormat format_;
  int out_fd_;
  unsigned depth_ = 0;
  void emit(const Effect& e);
};

}  // namespace chainscript
