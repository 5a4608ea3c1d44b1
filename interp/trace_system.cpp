// TraceSystem: -x. Does every call for real and reports it on stderr, with the
// real result (the fd the kernel gave, the port it chose for port 0).
#include <sys/wait.h>

#include <cerrno>
#include <cstring>

#include "real_system.hpp"

namespace chainscript {

namespace {

class TraceSystem : public ReportingSystem {
 public:
  explicit TraceSystem(ReportFormat f) : ReportingSystem(f, 2) {}

  int open(const std::string& path, int flags, mode_t mode) override {
    return fd_result(effects::open(path, flags, mode), real_.open(path, flags, mode));
  }
  int close(int fd) override { return done(effects::fd_op("close", fd), real_.close(fd)); }
  int place(int from, int to) override { return done(effects::fd_pair("place", from, to), real_.place(from, to)); }
  int copy(int from, int to) override { return done(effects::fd_pair("copy", from, to), real_.copy(from, to)); }
  int pipe(int fds[2]) override {
    const int r = real_.pipe(fds);
    emit({"pipe", {}, r < 0 ? error() : "fds " + std::to_string(fds[0]) + " " + std::to_string(fds[1]), {}});
    return r;
  }
  bool is_open(int fd) override { return real_.is_open(fd); }
  int set_nonblocking(int fd, bool on) override {
    return done(effects::fd_op(on ? "set-nonblocking" : "set-blocking", fd), real_.set_nonblocking(fd, on));
  }
  int set_cloexec(int fd, bool on) override { return real_.set_cloexec(fd, on); }
  std::optional<std::string> read_all(int fd) override {
    auto r = real_.read_all(fd);
    Effect e = effects::fd_op("read", fd);
    e.result = r ? std::to_string(r->size()) + " bytes" : error();
    emit(e);
    return r;
  }
  std::optional<std::string> read_some(int fd) override {
    auto r = real_.read_some(fd);
    Effect e = effects::fd_op("read", fd);
    e.result = r ? std::to_string(r->size()) + " bytes" : error();
    emit(e);
    return r;
  }
  int write_all(int fd, const std::string& data) override {
    return done({"write", {{"fd", std::to_string(fd)}, {"bytes", std::to_string(data.size())}}, {}, {}},
                real_.write_all(fd, data));
  }
  int chdir(const std::string& dir) override { return done(effects::path_op("chdir", dir), real_.chdir(dir)); }
  mode_t umask(mode_t mask) override {
    char m[8];
    std::snprintf(m, sizeof m, "0%03o", mask);
    emit({"umask", {{"mask", m}}, {}, {}});
    return real_.umask(mask);
  }
  int setgroups(const std::vector<gid_t>& groups) override {
    std::string g;
    for (auto id : groups) g += (g.empty() ? "" : ",") + std::to_string(id);
    return done({"setgroups", {{"groups", g}}, {}, {}}, real_.setgroups(groups));
  }
  int setgid(gid_t gid) override { return done({"setgid", {{"gid", std::to_string(gid)}}, {}, {}}, real_.setgid(gid)); }
  int setuid(uid_t uid) override { return done({"setuid", {{"uid", std::to_string(uid)}}, {}, {}}, real_.setuid(uid)); }
  pid_t getpid() override { return real_.getpid(); }
  int set_fs_ids(uid_t uid, gid_t gid) override {
    return done({"setfsid", {{"uid", std::to_string(uid)}, {"gid", std::to_string(gid)}}, {}, {}},
                real_.set_fs_ids(uid, gid));
  }
  int chroot(const std::string& dir) override { return done(effects::path_op("chroot", dir), real_.chroot(dir)); }
  int setrlimit(int resource, rlim_t soft, rlim_t hard, std::string_view what) override {
    return done(effects::rlimit(what, soft, hard), real_.setrlimit(resource, soft, hard, what));
  }
  pid_t setsid() override {
    const pid_t r = real_.setsid();
    return done({"setsid", {}, {}, {}}, r < 0 ? -1 : 0) < 0 ? -1 : r;
  }
  int setpgid(pid_t pid, pid_t pgid) override {
    return done({"setpgid", {{"pid", std::to_string(pid)}, {"pgid", std::to_string(pgid)}}, {}, {}},
                real_.setpgid(pid, pgid));
  }
  pid_t spawn(Context& ctx, const std::function<int(Context&)>& body) override {
    const pid_t pid = real_.spawn(ctx, [this, &body](Context& c) {
      ++depth_;
      return body(c);
    });
    emit({"fork", {}, pid < 0 ? error() : "child " + std::to_string(pid), {}});
    return pid;
  }
  pid_t wait(pid_t pid, int* status, int options) override {
    const pid_t r = real_.wait(pid, status, options);
    if (r == 0) return r;
    std::string res = r < 0 ? error()
                      : WIFSIGNALED(*status) ? "pid " + std::to_string(r) + " killed by signal " + std::to_string(WTERMSIG(*status))
                                             : "pid " + std::to_string(r) + " exit " + std::to_string(WEXITSTATUS(*status));
    emit({"wait", {{"pid", pid < 0 ? "any" : std::to_string(pid)}}, res, {}});
    return r;
  }
  int exec(const std::vector<std::string>& argv, const std::string& file,
           const std::vector<std::string>& envp) override {
    emit(effects::exec(argv, file));
    const int err = real_.exec(argv, file, envp);
    emit({"exec-failed", {{"program", file}}, std::strerror(err), {}});
    return err;
  }
  int socket(int domain, int type, int protocol) override {
    return fd_result(effects::socket(domain, type, protocol), real_.socket(domain, type, protocol));
  }
  int setsockopt(int fd, int level, int name, const void* value, socklen_t len, std::string_view what) override {
    return done(effects::setsockopt(fd, what), real_.setsockopt(fd, level, name, value, len, what));
  }
  int bind(int fd, const sockaddr* addr, socklen_t len, std::string_view what) override {
    const int r = real_.bind(fd, addr, len, what);
    Effect e = effects::bind(fd, addr, len, what);
    if (r == 0) {
      sockaddr_storage got{};
      socklen_t got_len = sizeof got;
      if (real_.getsockname(fd, reinterpret_cast<sockaddr*>(&got), &got_len) == 0)
        e.result = "bound " + describe_address(reinterpret_cast<sockaddr*>(&got), got_len);
    }
    return done(std::move(e), r);
  }
  int listen(int fd, int backlog) override { return done(effects::listen(fd, backlog), real_.listen(fd, backlog)); }
  int getsockname(int fd, sockaddr* addr, socklen_t* len) override { return real_.getsockname(fd, addr, len); }
  int connect(int fd, const sockaddr* addr, socklen_t len, std::string_view what) override {
    return done({"connect", {{"fd", std::to_string(fd)}, {"address", describe_address(addr, len)}}, {}, {}},
                real_.connect(fd, addr, len, what));
  }
  int lstat(const std::string& path, struct stat* st) override { return real_.lstat(path, st); }
  int unlink(const std::string& path) override { return done(effects::path_op("unlink", path), real_.unlink(path)); }
  int rename(const std::string& from, const std::string& to) override {
    return done({"rename", {{"from", from}, {"to", to}}, {}, {}}, real_.rename(from, to));
  }
  int chmod(const std::string& path, mode_t mode) override {
    char m[8];
    std::snprintf(m, sizeof m, "0%o", mode);
    return done({"chmod", {{"path", path}, {"mode", m}}, {}, {}}, real_.chmod(path, mode));
  }
  int lchown(const std::string& path, uid_t uid, gid_t gid) override {
    return done({"chown", {{"path", path}, {"uid", std::to_string(uid)}, {"gid", std::to_string(gid)}}, {}, {}},
                real_.lchown(path, uid, gid));
  }

 private:
  RealSystem real_;
  static std::string error() { return std::string("error: ") + std::strerror(errno); }
  int done(Effect e, int r) {
    const int saved = errno;
    if (r < 0) e.result = error();
    emit(e);
    errno = saved;
    return r;
  }
  int fd_result(Effect e, int fd) {
    const int saved = errno;
    e.result = fd < 0 ? error() : "fd " + std::to_string(fd);
    emit(e);
    errno = saved;
    return fd;
  }
};

}  // namespace

std::unique_ptr<System> make_trace_system(ReportFormat format) { return std::make_unique<TraceSystem>(format); }

}  // namespace chainscript
