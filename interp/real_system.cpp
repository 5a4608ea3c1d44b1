#include "real_system.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "context.hpp"
#include "interpreter.hpp"

namespace chainscript {

void print_failure(const Failure& f) {
  const std::string line = f.render() + "\n";
  (void)!::write(2, line.data(), line.size());
}

int RealSystem::open(const std::string& path, int flags, mode_t mode) {
  return ::open(path.c_str(), flags | O_CLOEXEC, mode);
}
int RealSystem::close(int fd) { return ::close(fd); }
int RealSystem::place(int from, int to) {
  if (from == to) return set_cloexec(to, false);
  if (::dup2(from, to) < 0) return -1;
  return ::close(from);
}
int RealSystem::copy(int from, int to) {
  if (from == to) return set_cloexec(to, false);
  return ::dup2(from, to) < 0 ? -1 : 0;
}
int RealSystem::pipe(int fds[2]) { return ::pipe2(fds, O_CLOEXEC); }
bool RealSystem::is_open(int fd) { return ::fcntl(fd, F_GETFD) >= 0; }
int RealSystem::set_nonblocking(int fd, bool on) {
  const int fl = ::fcntl(fd, F_GETFL);
  if (fl < 0) return -1;
  return ::fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}
int RealSystem::set_cloexec(int fd, bool on) {
  const int fl = ::fcntl(fd, F_GETFD);
  if (fl < 0) return -1;
  return ::fcntl(fd, F_SETFD, on ? fl | FD_CLOEXEC : fl & ~FD_CLOEXEC);
}
std::optional<std::string> RealSystem::read_all(int fd) {
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      errno = e;
      return std::nullopt;
    }
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}
std::optional<std::string> RealSystem::read_some(int fd) {
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n >= 0) return std::string(buf, static_cast<size_t>(n));
    if (errno != EINTR) return std::nullopt;
  }
}
int RealSystem::write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    done += static_cast<size_t>(n);
  }
  return 0;
}
int RealSystem::chdir(const std::string& dir) { return ::chdir(dir.c_str()); }
mode_t RealSystem::umask(mode_t mask) { return ::umask(mask); }
int RealSystem::setgroups(const std::vector<gid_t>& groups) { return ::setgroups(groups.size(), groups.data()); }
int RealSystem::setgid(gid_t gid) { return ::setgid(gid); }
int RealSystem::setuid(uid_t uid) { return ::setuid(uid); }
int RealSystem::set_fs_ids(uid_t uid, gid_t gid) {
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
pid_t RealSystem::getpid() { return ::getpid(); }
int RealSystem::chroot(const std::string& dir) { return ::chroot(dir.c_str()); }
int RealSystem::setrlimit(int resource, rlim_t soft, rlim_t hard, std::string_view) {
  const rlimit r{soft, hard};
  return ::setrlimit(static_cast<__rlimit_resource>(resource), &r);
}
pid_t RealSystem::setsid() { return ::setsid(); }
int RealSystem::setpgid(pid_t pid, pid_t pgid) { return ::setpgid(pid, pgid); }

pid_t RealSystem::spawn(Context& ctx, const std::function<int(Context&)>& body) {
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  // exec -a and -l name the chain's own program, never a forked child's.
  ctx.argv0.reset();
  ctx.login = false;
  int code = 0;
  try {
    code = body(ctx);
  } catch (const Failure& f) {
    print_failure(f);
    code = f.code;
  }
  std::fflush(nullptr);
  ::_exit(code);
}

pid_t RealSystem::wait(pid_t pid, int* status, int options) { return ::waitpid(pid, status, options); }

namespace {

// The program gets default dispositions and an empty mask, whatever we did.
void reset_signals() {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int s = 1; s < NSIG; ++s) ::sigaction(s, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

}  // namespace

int RealSystem::exec(const std::vector<std::string>& argv, const std::string& file,
                     const std::vector<std::string>& envp) {
  std::vector<char*> av, ev;
  for (const auto& a : argv) av.push_back(const_cast<char*>(a.c_str()));
  av.push_back(nullptr);
  std::string path = "/bin:/usr/bin";  // execvp's default
  for (const auto& e : envp) {
    ev.push_back(const_cast<char*>(e.c_str()));
    if (e.starts_with("PATH=")) path = e.substr(5);
  }
  ev.push_back(nullptr);
  std::fflush(nullptr);
  reset_signals();
  const auto try_exec = [&](const std::string& p) {
    ::execve(p.c_str(), av.data(), ev.data());
    if (errno == ENOEXEC) {  // as execvp: a script without #!, run by the shell
      std::vector<char*> sh{const_cast<char*>("/bin/sh"), const_cast<char*>(p.c_str())};
      sh.insert(sh.end(), av.begin() + 1, av.end());
      ::execve("/bin/sh", sh.data(), ev.data());
      errno = ENOEXEC;
    }
    return errno;
  };
  if (file.find('/') != std::string::npos) return try_exec(file);
  int err = ENOENT;
  size_t start = 0;
  for (;;) {
    const auto colon = path.find(':', start);
    std::string dir = path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    const int e = try_exec((dir.empty() ? std::string(".") : dir) + "/" + file);
    if (e == EACCES) err = EACCES;
    else if (e != ENOENT && e != ENOTDIR && e != ESTALE && e != ELOOP && e != ENAMETOOLONG && err != EACCES)
      return e;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return err;
}

int RealSystem::socket(int domain, int type, int protocol) { return ::socket(domain, type | SOCK_CLOEXEC, protocol); }
int RealSystem::setsockopt(int fd, int level, int name, const void* value, socklen_t len, std::string_view) {
  return ::setsockopt(fd, level, name, value, len);
}
int RealSystem::bind(int fd, const sockaddr* addr, socklen_t len, std::string_view) { return ::bind(fd, addr, len); }
int RealSystem::listen(int fd, int backlog) { return ::listen(fd, backlog); }
int RealSystem::getsockname(int fd, sockaddr* addr, socklen_t* len) { return ::getsockname(fd, addr, len); }
int RealSystem::connect(int fd, const sockaddr* addr, socklen_t len, std::string_view) {
  return ::connect(fd, addr, len);
}
int RealSystem::lstat(const std::string& path, struct stat* st) { return ::lstat(path.c_str(), st); }
int RealSystem::unlink(const std::string& path) { return ::unlink(path.c_str()); }
int RealSystem::rename(const std::string& from, const std::string& to) { return ::rename(from.c_str(), to.c_str()); }
int RealSystem::chmod(const std::string& path, mode_t mode) { return ::chmod(path.c_str(), mode); }
int RealSystem::lchown(const std::string& path, uid_t uid, gid_t gid) { return ::lchown(path.c_str(), uid, gid); }

std::unique_ptr<System> make_real_system() { return std::make_unique<RealSystem>(); }

}  // namespace chainscript
