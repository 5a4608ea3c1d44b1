// The only door to the kernel. Builtins never call socket(), dup2(), setuid(),
// sigprocmask(), execve() and the like themselves, and never ask whether
// they are simulated: they call a System, and
//   RealSystem       does it,
//   SimulatedSystem  models it (fd table, directory, umask, ids, limits,
//                    children, signal mask) and changes nothing, and
//   ReportingSystem  wraps either and describes each call, through one
//                    describer: over the simulated one it is the dry run
//                    (-n), over the real one the trace (-x).
// Calls follow POSIX conventions: -1 and errno on failure.
#pragma once
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cerrno>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "interp/effect.hpp"
#include "lib/location.hpp"

namespace chainscript {

struct Context;

// A forked child, and why the program it was to execute first could not be
// (posix_spawn's report, which execline's spawning commands act on); 0 when
// it could or when the child went on with a builtin.
struct Spawned {
  pid_t pid;
  int exec_errno;
};

// A program to start in a new child with no step of the interpreter in
// between (System::launch).
struct ProgramLaunch {
  sigset_t mask;                            // the child's signal mask
  std::vector<int> closed;                  // closed in the child, first
  std::vector<std::pair<int, int>> copied;  // then dup2(from, to), in order; to is not close-on-exec
  std::vector<std::string> argv, envp;
  std::string file;  // looked up in envp's PATH when it has no '/'
};

// In a dry run, the end of a process's plan: its exec, or a pause.
struct PlanEnded {};

class System {
 public:
  virtual ~System() = default;

  // ---- bookkeeping, not effects
  // The step now running: effects are reported against it.
  virtual void begin_step(const Location&, std::string_view /*builtin*/) {}
  // A change to data the chain carries (environment, substitutions).
  virtual void report(const Effect&) {}
  // A forked child went past its first step: a failure to exec is its own now.
  virtual void started() {}

  // ---- file descriptors
  virtual int open(const std::string& path, int flags, mode_t mode) = 0;  // close-on-exec
  virtual int close(int fd) = 0;
  virtual int place(int from, int to) = 0;  // dup2(from, to), close(from); to not close-on-exec
  virtual int copy(int from, int to) = 0;   // dup2(from, to); to not close-on-exec
  virtual int pipe(int fds[2]) = 0;         // both close-on-exec
  virtual bool is_open(int fd) = 0;
  virtual int set_nonblocking(int fd, bool on) = 0;
  virtual int seek_end(int fd) = 0;  // the file position to the end (nosh's --append)
  // To end of file (read_some until it gives ""); fd stays open.
  virtual std::optional<std::string> read_all(int fd);
  virtual std::optional<std::string> read_some(int fd) = 0;  // one read (up to 64 KiB): "" at end of file
  virtual int write_all(int fd, std::string_view data) = 0;

  // ---- process state
  virtual int chdir(const std::string& dir) = 0;
  virtual std::optional<std::string> getcwd() = 0;
  virtual mode_t umask(mode_t mask) = 0;  // returns the old mask
  virtual mode_t current_umask() = 0;
  virtual int setgroups(const std::vector<gid_t>& groups) = 0;
  virtual int setgid(gid_t gid) = 0;
  virtual int setuid(uid_t uid) = 0;
  // After dropping root: could this process become root again? (It tries.)
  virtual bool root_regainable() = 0;
  // The ids new files are created with (setfsuid/setfsgid); -1 when refused.
  virtual int set_fs_ids(uid_t uid, gid_t gid) = 0;
  virtual uid_t geteuid() = 0;
  virtual gid_t getegid() = 0;
  virtual pid_t getpid() = 0;
  virtual pid_t getppid() = 0;
  virtual int chroot(const std::string& dir) = 0;
  virtual int getrlimit(int resource, rlimit* limit) = 0;
  virtual int setrlimit(int resource, const rlimit& limit, std::string_view name) = 0;
  virtual pid_t setsid() = 0;
  virtual int setpgid(pid_t pid, pid_t pgid) = 0;
  // Gives the terminal on fd to this process's group, when fd is a terminal.
  virtual int take_terminal(int fd) = 0;

  // ---- children
  // Forks; the child runs body (its return is the exit code) and never returns
  // here. With await_start, the parent learns whether the child's first
  // program could be executed (it waits until the child has executed one or
  // gone past its first step); an accepting loop does not wait.
  virtual Spawned spawn(Context& ctx, const std::function<int(Context&)>& body, bool await_start = true) = 0;
  // Starts a program as a child without copying this process (posix_spawn):
  // an accepting loop's fast path when the chain after it is only a program.
  // Only where launches_programs(): the dry run and the trace take spawn's
  // way, which shows the same steps one by one. {-1, 0}: no child (errno);
  // {-1, e}: the program could not be executed (e), and no child is left.
  virtual bool launches_programs() const { return false; }
  virtual Spawned launch(const ProgramLaunch&) {
    errno = ENOSYS;
    return {-1, 0};
  }
  virtual pid_t wait(pid_t pid, int* status, int options = 0) = 0;  // pid -1: any child; WNOHANG
  // Executes file (PATH from envp when it has no '/'); returns only on failure, with the errno.
  virtual int exec(const std::vector<std::string>& argv, const std::string& file,
                   const std::vector<std::string>& envp) = 0;
  virtual int kill(pid_t pid, int sig) = 0;

  // ---- signals and time
  virtual int block_signals(const sigset_t& set, sigset_t* old) = 0;
  virtual int set_signal_mask(const sigset_t& set) = 0;
  virtual int wait_signal(const sigset_t& set) = 0;
  virtual int ignore_signal(int sig) = 0;  // SIG_IGN, which the program execed keeps  // the signal taken, -1 on error
  virtual void sleep_ms(long ms) = 0;
  virtual long long now_ms() = 0;  // a monotonic clock
  [[noreturn]] virtual void pause() = 0;  // until a signal ends the process

  // ---- sockets
  virtual int socket(int domain, int type, int protocol) = 0;  // close-on-exec
  virtual int setsockopt(int fd, int level, int name, const void* value, socklen_t len, std::string_view what) = 0;
  virtual int bind(int fd, const sockaddr* addr, socklen_t len) = 0;
  virtual int listen(int fd, int backlog) = 0;
  virtual int getsockname(int fd, sockaddr* addr, socklen_t* len) = 0;
  virtual int connect(int fd, const sockaddr* addr, socklen_t len) = 0;
  // A connection from a listening socket (close-on-exec), the peer's address in peer.
  virtual int accept(int fd, sockaddr* peer, socklen_t* len) = 0;
  // The credentials of the process at the other end of a Unix socket (SO_PEERCRED).
  virtual int peer_credentials(int fd, ucred* cred) = 0;

  // ---- waiting for more than one thing (the accepting loops)
  // An fd (close-on-exec) on which the signals of set, which the caller has
  // blocked, are read (signalfd).
  virtual int signal_fd(const sigset_t& set) = 0;
  // The next signal read from a signal_fd: 0 when none is pending (it is
  // non-blocking), -1 on error.
  virtual int take_signal(int fd) = 0;
  // poll(2) for reading: which of fds can be read now or within timeout_ms
  // (-1: no limit); readable[i] says fds[i] can. Returns how many can, 0 at
  // the timeout, -1 on error (EINTR included).
  virtual int poll_readable(const std::vector<int>& fds, std::vector<bool>& readable, int timeout_ms) = 0;

  // ---- files
  virtual int stat(const std::string& path, struct stat* st) = 0;
  virtual int lstat(const std::string& path, struct stat* st) = 0;
  virtual int access(const std::string& path, int mode) = 0;
  virtual bool isatty(int fd) = 0;
  // The names in dir but . and .., sorted; nullopt (errno) when it cannot be read.
  virtual std::optional<std::vector<std::string>> list_directory(const std::string& dir) = 0;
  // glob(3): its return value, the paths matched in out.
  virtual int glob(const std::string& pattern, int flags, std::vector<std::string>& out) = 0;
  virtual int unlink(const std::string& path) = 0;
  virtual int rename(const std::string& from, const std::string& to) = 0;
  virtual int chmod(const std::string& path, mode_t mode) = 0;
  virtual int lchown(const std::string& path, uid_t uid, gid_t gid) = 0;
};

enum class ReportFormat { text, json };

std::unique_ptr<System> make_real_system();
// -n: the plan on out_fd.
std::unique_ptr<System> make_dry_system(ReportFormat format, int out_fd);
// -x: the real thing, reported on a private copy of err_fd.
std::unique_ptr<System> make_trace_system(ReportFormat format, int err_fd);

}  // namespace chainscript
