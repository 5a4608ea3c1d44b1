// RealSystem: does it. -x wraps it in a ReportingSystem.
#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <linux/capability.h>
#include <poll.h>
#include <spawn.h>
#include <sys/fsuid.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "interp/context.hpp"
#include "lib/program_search.hpp"

namespace chainscript {

namespace {

class RealSystem final : public System {
 public:
  void started() override {
    if (report_fd_ >= 0) {
      ::close(report_fd_);
      report_fd_ = -1;
    }
  }

  int open(const std::string& path, int flags, mode_t mode) override {
    return ::open(path.c_str(), flags | O_CLOEXEC, mode);
  }
  int close(int fd) override { return ::close(fd); }
  int place(int from, int to) override {
    if (from == to) return clear_cloexec(to);
    if (::dup2(from, to) < 0) return -1;
    return ::close(from);
  }
  int copy(int from, int to) override {
    if (from == to) return clear_cloexec(to);
    return ::dup2(from, to) < 0 ? -1 : 0;
  }
  int pipe(int fds[2]) override { return ::pipe2(fds, O_CLOEXEC); }
  bool is_open(int fd) override { return ::fcntl(fd, F_GETFD) >= 0; }
  int set_nonblocking(int fd, bool on) override {
    const int fl = ::fcntl(fd, F_GETFL);
    if (fl < 0) return -1;
    return ::fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
  }
  int seek_end(int fd) override { return ::lseek(fd, 0, SEEK_END) < 0 ? -1 : 0; }
  std::optional<std::string> read_some(int fd) override {
    char buf[65536];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n >= 0) return std::string(buf, static_cast<size_t>(n));
      if (errno != EINTR) return std::nullopt;
    }
  }
  int write_all(int fd, std::string_view data) override {
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return -1;
      done += static_cast<size_t>(n);
    }
    return 0;
  }

  int chdir(const std::string& dir) override { return ::chdir(dir.c_str()); }
  std::optional<std::string> getcwd() override {
    std::string buf(256, '\0');
    while (!::getcwd(buf.data(), buf.size())) {
      if (errno != ERANGE) return std::nullopt;
      buf.resize(buf.size() * 2);
    }
    buf.resize(std::strlen(buf.c_str()));
    return buf;
  }
  mode_t umask(mode_t mask) override {
    const mode_t old = ::umask(mask);
    umask_ = mask & 0777;  // what umask() keeps
    return old;
  }
  mode_t current_umask() override {
    if (!umask_) {
      umask_ = ::umask(022);  // umask() is the only way to read it: twice, once
      ::umask(*umask_);
    }
    return *umask_;
  }
  int setgroups(const std::vector<gid_t>& groups) override { return ::setgroups(groups.size(), groups.data()); }
  int setgid(gid_t gid) override { return ::setgid(gid); }
  int setuid(uid_t uid) override { return ::setuid(uid); }
  bool root_regainable() override { return ::setuid(0) == 0 || ::seteuid(0) == 0; }
  int set_fs_ids(uid_t uid, gid_t gid) override {
    // setfsuid/setfsgid report no error: ask again to see whether they took.
    ::setfsgid(gid);
    ::setfsuid(uid);
    if (static_cast<uid_t>(::setfsuid(static_cast<uid_t>(-1))) != uid ||
        static_cast<gid_t>(::setfsgid(static_cast<gid_t>(-1))) != gid) {
      errno = EPERM;
      return -1;
    }
    // Leaving fsuid 0 drops CAP_DAC_OVERRIDE from the effective set; root still
    // permits it, so raise it again: files are then created as uid:gid in
    // directories only root may write to.
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (uid != 0 && ::syscall(SYS_capget, &header, data) == 0) {
      for (int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH}) {
        const unsigned bit = 1u << (cap % 32);
        if (data[cap / 32].permitted & bit) data[cap / 32].effective |= bit;
      }
      ::syscall(SYS_capset, &header, data);
    }
    return 0;
  }
  uid_t geteuid() override { return ::geteuid(); }
  gid_t getegid() override { return ::getegid(); }
  pid_t getpid() override { return ::getpid(); }
  pid_t getppid() override { return ::getppid(); }
  int chroot(const std::string& dir) override { return ::chroot(dir.c_str()); }
  int getrlimit(int resource, rlimit* limit) override {
    return ::getrlimit(static_cast<__rlimit_resource>(resource), limit);
  }
  int setrlimit(int resource, const rlimit& limit, std::string_view) override {
    return ::setrlimit(static_cast<__rlimit_resource>(resource), &limit);
  }
  pid_t setsid() override { return ::setsid(); }
  int setpgid(pid_t pid, pid_t pgid) override { return ::setpgid(pid, pgid); }
  int take_terminal(int fd) override {
    if (!::isatty(fd)) return 0;
    // A background group that sets the terminal's group gets SIGTTOU: ignored meanwhile.
    struct sigaction ignore {}, old {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGTTOU, &ignore, &old);
    const int r = ::tcsetpgrp(fd, ::getpgrp());
    const int e = errno;
    ::sigaction(SIGTTOU, &old, nullptr);
    errno = e;
    return r;
  }

  Spawned spawn(Context& ctx, const std::function<int(Context&)>& body, bool await_start) override {
    if (!await_start) return fork_only(ctx, body);
    // The child says through this pipe (close-on-exec) why its first program
    // could not be executed; end of file means it was, or the child went on.
    int report[2];
    if (::pipe2(report, O_CLOEXEC) < 0) return {-1, 0};
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
      const int e = errno;
      ::close(report[0]);
      ::close(report[1]);
      errno = e;
      return {-1, 0};
    }
    if (pid == 0) {
      ::close(report[0]);
      started();  // our own spawner's report is not the child's to hold
      report_fd_ = report[1];
      // exec -a and -l name the chain's own program, never a forked child's.
      ctx.argv0.reset();
      ctx.login = false;
      const int code = run_guarded(ctx, body, [](const Failure& f) { print_failure(f); });
      std::fflush(nullptr);
      ::_exit(code);
    }
    ::close(report[1]);
    int err = 0;
    ssize_t n;
    while ((n = ::read(report[0], &err, sizeof err)) < 0 && errno == EINTR) {
    }
    ::close(report[0]);
    if (n != sizeof err) return {pid, 0};
    int status;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return {pid, err};
  }
  bool launches_programs() const override { return true; }
  Spawned launch(const ProgramLaunch& l) override {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawnattr_init(&attributes);
    for (int fd : l.closed) ::posix_spawn_file_actions_addclose(&actions, fd);
    // (dup2 of an fd onto itself clears its close-on-exec flag: glibc 2.29 and later.)
    for (const auto& [from, to] : l.copied) ::posix_spawn_file_actions_adddup2(&actions, from, to);
    ::posix_spawnattr_setsigmask(&attributes, &l.mask);
    short flags = POSIX_SPAWN_SETSIGMASK;
#ifdef __GLIBC__
    // glibc's spawning child sets its own two signals (32 and 33) to SIG_IGN,
    // which the program would keep, unless they are in the default set;
    // sigaddset refuses them, so their bits are set as glibc lays them out.
    // (A forked child's program has them at SIG_DFL.)
    sigset_t internal;
    sigemptyset(&internal);
    internal.__val[0] |= (1UL << (32 - 1)) | (1UL << (33 - 1));
    ::posix_spawnattr_setsigdefault(&attributes, &internal);
    flags |= POSIX_SPAWN_SETSIGDEF;
#endif
    ::posix_spawnattr_setflags(&attributes, flags);
    std::vector<char*> av = c_strings(l.argv), ev = c_strings(l.envp);
    pid_t pid = -1;
    // execvp's search; a directory without the file costs no child.
    const int err = search_program(l.file, path_of(l.envp), [&](const std::string& p) {
      if (::access(p.c_str(), F_OK) < 0 && (errno == ENOENT || errno == ENOTDIR)) return errno;
      int r = ::posix_spawn(&pid, p.c_str(), &actions, &attributes, av.data(), ev.data());
      if (r == ENOEXEC) {  // a script without #!: the shell runs it, as execvp does
        std::vector<char*> sh{const_cast<char*>("/bin/sh"), const_cast<char*>(p.c_str())};
        sh.insert(sh.end(), av.begin() + 1, av.end());
        r = ::posix_spawn(&pid, "/bin/sh", &actions, &attributes, sh.data(), ev.data()) == 0 ? 0 : ENOEXEC;
      }
      return r;
    });
    ::posix_spawnattr_destroy(&attributes);
    ::posix_spawn_file_actions_destroy(&actions);
    if (err == EAGAIN || err == ENOMEM) {  // no child could be made: as fork's failure
      errno = err;
      return {-1, 0};
    }
    return err ? Spawned{-1, err} : Spawned{pid, 0};
  }
  pid_t wait(pid_t pid, int* status, int options) override { return ::waitpid(pid, status, options); }
  int exec(const std::vector<std::string>& argv, const std::string& file,
           const std::vector<std::string>& envp) override {
    std::vector<char*> av = c_strings(argv), ev = c_strings(envp);
    std::fflush(nullptr);
    const int err = search_program(file, path_of(envp), [&](const std::string& p) { return execute(p, av, ev); });
    if (report_fd_ >= 0) {  // the first step of a spawned child: the spawner reports it
      (void)!::write(report_fd_, &err, sizeof err);
      started();
    }
    return err;
  }
  int kill(pid_t pid, int sig) override { return ::kill(pid, sig); }
  int ignore_signal(int sig) override {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    return ::sigaction(sig, &ignore, nullptr);
  }

  int block_signals(const sigset_t& set, sigset_t* old) override { return ::sigprocmask(SIG_BLOCK, &set, old); }
  int set_signal_mask(const sigset_t& set) override { return ::sigprocmask(SIG_SETMASK, &set, nullptr); }
  int wait_signal(const sigset_t& set) override {
    for (;;) {
      const int s = ::sigwaitinfo(&set, nullptr);
      if (s >= 0 || errno != EINTR) return s;
    }
  }
  void sleep_ms(long ms) override {
    timespec t{ms / 1000, (ms % 1000) * 1000000};
    while (::nanosleep(&t, &t) < 0 && errno == EINTR) {
    }
  }
  long long now_ms() override {
    timespec t{};
    ::clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<long long>(t.tv_sec) * 1000 + t.tv_nsec / 1000000;
  }
  [[noreturn]] void pause() override {
    for (;;) ::pause();
  }

  int socket(int domain, int type, int protocol) override { return ::socket(domain, type | SOCK_CLOEXEC, protocol); }
  int setsockopt(int fd, int level, int name, const void* value, socklen_t len, std::string_view) override {
    return ::setsockopt(fd, level, name, value, len);
  }
  int bind(int fd, const sockaddr* addr, socklen_t len) override { return ::bind(fd, addr, len); }
  int listen(int fd, int backlog) override { return ::listen(fd, backlog); }
  int getsockname(int fd, sockaddr* addr, socklen_t* len) override { return ::getsockname(fd, addr, len); }
  int connect(int fd, const sockaddr* addr, socklen_t len) override { return ::connect(fd, addr, len); }
  int accept(int fd, sockaddr* peer, socklen_t* len) override { return ::accept4(fd, peer, len, SOCK_CLOEXEC); }
  int peer_credentials(int fd, ucred* cred) override {
    socklen_t len = sizeof *cred;
    return ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, &len);
  }

  int signal_fd(const sigset_t& set) override { return ::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK); }
  int take_signal(int fd) override {
    signalfd_siginfo info{};
    for (;;) {
      const ssize_t n = ::read(fd, &info, sizeof info);
      if (n == sizeof info) return static_cast<int>(info.ssi_signo);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) return 0;
      return -1;
    }
  }
  int poll_readable(const std::vector<int>& fds, std::vector<bool>& readable, int timeout_ms) override {
    std::vector<pollfd> p(fds.size());
    for (size_t i = 0; i < fds.size(); ++i) p[i] = {fds[i], POLLIN, 0};
    const int r = ::poll(p.data(), p.size(), timeout_ms);
    readable.assign(fds.size(), false);
    // An error or hang-up on a listening socket is read as readable: accept says what it is.
    for (size_t i = 0; r > 0 && i < fds.size(); ++i) readable[i] = p[i].revents != 0;
    return r;
  }

  int stat(const std::string& path, struct stat* st) override { return ::stat(path.c_str(), st); }
  int lstat(const std::string& path, struct stat* st) override { return ::lstat(path.c_str(), st); }
  int access(const std::string& path, int mode) override { return ::access(path.c_str(), mode); }
  bool isatty(int fd) override { return ::isatty(fd) == 1; }
  std::optional<std::vector<std::string>> list_directory(const std::string& dir) override {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return std::nullopt;
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d))
      if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) names.emplace_back(e->d_name);
    ::closedir(d);
    std::sort(names.begin(), names.end());
    return names;
  }
  int glob(const std::string& pattern, int flags, std::vector<std::string>& out) override {
    glob_t g{};
    const int r = ::glob(pattern.c_str(), flags, nullptr, &g);
    if (r == 0)
      for (size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
    ::globfree(&g);
    return r;
  }
  int unlink(const std::string& path) override { return ::unlink(path.c_str()); }
  int rename(const std::string& from, const std::string& to) override { return ::rename(from.c_str(), to.c_str()); }
  int chmod(const std::string& path, mode_t mode) override { return ::chmod(path.c_str(), mode); }
  int lchown(const std::string& path, uid_t uid, gid_t gid) override { return ::lchown(path.c_str(), uid, gid); }

 private:
  int report_fd_ = -1;  // in a spawned child until its first step
  std::optional<mode_t> umask_;  // known once set or read: reading it costs two calls

  Spawned fork_only(Context& ctx, const std::function<int(Context&)>& body) {
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid != 0) return {pid, 0};
    started();
    ctx.argv0.reset();
    ctx.login = false;
    const int code = run_guarded(ctx, body, [](const Failure& f) { print_failure(f); });
    std::fflush(nullptr);
    ::_exit(code);
  }

  // An argv or envp for execve and posix_spawn: the strings' own bytes, null-terminated.
  static std::vector<char*> c_strings(const std::vector<std::string>& words) {
    std::vector<char*> out;
    out.reserve(words.size() + 1);
    for (const auto& w : words) out.push_back(const_cast<char*>(w.c_str()));
    out.push_back(nullptr);
    return out;
  }

  // FD_CLOEXEC is the only fd flag: no F_GETFD first.
  int clear_cloexec(int fd) { return ::fcntl(fd, F_SETFD, 0); }

  // A candidate executed (not returning), or why not; a script without #!
  // is run by the shell, as execvp does.
  static int execute(const std::string& p, std::vector<char*>& av, std::vector<char*>& ev) {
    ::execve(p.c_str(), av.data(), ev.data());
    if (errno == ENOEXEC) {
      std::vector<char*> sh{const_cast<char*>("/bin/sh"), const_cast<char*>(p.c_str())};
      sh.insert(sh.end(), av.begin() + 1, av.end());
      ::execve("/bin/sh", sh.data(), ev.data());
      errno = ENOEXEC;
    }
    return errno;
  }
};

}  // namespace

std::unique_ptr<System> make_real_system() { return std::make_unique<RealSystem>(); }

}  // namespace chainscript
