// DrySystem: -n. Records every call as a plan step and changes nothing. It
// simulates an fd table so that the plan shows the fds the real run would use,
// and interprets forked blocks in-line, one level deeper, assuming they exit 0.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "context.hpp"
#include "interpreter.hpp"

namespace chainscript {

namespace {

class DrySystem : public ReportingSystem {
 public:
  explicit DrySystem(ReportFormat f) : ReportingSystem(f, 1) {
    for (int fd = 0; fd < 1024; ++fd)
      if (::fcntl(fd, F_GETFD) >= 0) open_.insert(fd);
    mask_ = ::umask(022);
    ::umask(mask_);
  }
  bool simulated() const override { return true; }

  int open(const std::string& path, int flags, mode_t mode) override {
    const int fd = lowest();
    emit(with_result(effects::open(path, flags, mode), "fd " + std::to_string(fd)));
    return fd;
  }
  int close(int fd) override {
    emit(effects::fd_op("close", fd));
    return erase(fd);
  }
  int place(int from, int to) override {
    emit(effects::fd_pair("place", from, to));
    if (!open_.count(from)) return fail(EBADF);
    open_.erase(from);
    open_.insert(to);
    return 0;
  }
  int copy(int from, int to) override {
    emit(effects::fd_pair("copy", from, to));
    if (!open_.count(from)) return fail(EBADF);
    open_.insert(to);
    return 0;
  }
  int pipe(int fds[2]) override {
    fds[0] = lowest();
    fds[1] = lowest();
    emit({"pipe", {}, "fds " + std::to_string(fds[0]) + " " + std::to_string(fds[1]), {}});
    return 0;
  }
  bool is_open(int fd) override { return open_.count(fd) != 0; }
  int set_nonblocking(int fd, bool on) override {
    emit(effects::fd_op(on ? "set-nonblocking" : "set-blocking", fd));
    return open_.count(fd) ? 0 : fail(EBADF);
  }
  int set_cloexec(int, bool) override { return 0; }
  std::optional<std::string> read_all(int fd) override {
    emit(with_result(effects::fd_op("read", fd), "\"\" (assumed)"));
    open_.erase(fd);
    return std::string();
  }
  std::optional<std::string> read_some(int fd) override {
    emit(with_result(effects::fd_op("read", fd), "end of file (assumed)"));
    return std::string();
  }
  int write_all(int fd, const std::string& data) override {
    emit({"write", {{"fd", std::to_string(fd)}, {"bytes", std::to_string(data.size())}}, {}, {}});
    return 0;
  }
  int chdir(const std::string& dir) override {
    emit(effects::path_op("chdir", dir));
    return 0;
  }
  mode_t umask(mode_t mask) override {
    char m[8];
    std::snprintf(m, sizeof m, "0%03o", mask);
    emit({"umask", {{"mask", m}}, {}, {}});
    const mode_t old = mask_;
    mask_ = mask;
    return old;
  }
  int setgroups(const std::vector<gid_t>& groups) override {
    std::string g;
    for (auto id : groups) g += (g.empty() ? "" : ",") + std::to_string(id);
    emit({"setgroups", {{"groups", g}}, {}, {}});
    return 0;
  }
  int setgid(gid_t gid) override {
    emit({"setgid", {{"gid", std::to_string(gid)}}, {}, {}});
    return 0;
  }
  int setuid(uid_t uid) override {
    emit({"setuid", {{"uid", std::to_string(uid)}}, {}, {}});
    return 0;
  }
  pid_t getpid() override { return ::getpid(); }
  int set_fs_ids(uid_t uid, gid_t gid) override {
    emit({"setfsid", {{"uid", std::to_string(uid)}, {"gid", std::to_string(gid)}}, {}, {}});
    return 0;
  }
  int chroot(const std::string& dir) override {
    emit(effects::path_op("chroot", dir));
    return 0;
  }
  int setrlimit(int, rlim_t soft, rlim_t hard, std::string_view what) override {
    emit(effects::rlimit(what, soft, hard));
    return 0;
  }
  pid_t setsid() override {
    emit({"setsid", {}, {}, {}});
    return ::getpid();
  }
  int setpgid(pid_t pid, pid_t pgid) override {
    emit({"setpgid", {{"pid", std::to_string(pid)}, {"pgid", std::to_string(pgid)}}, {}, {}});
    return 0;
  }

  pid_t spawn(Context& ctx, const std::function<int(Context&)>& body) override {
    const pid_t pid = next_pid_++;
    emit({"fork", {}, "child " + std::to_string(pid), {}});
    DrySystem child(*this);
    ++child.depth_;
    Context copy = ctx;
    copy.system = &child;
    copy.argv0.reset();  // exec -a and -l name the chain's own program
    copy.login = false;
    try {
      const int code = body(copy);
      child.emit({"exit", {{"status", std::to_string(code)}}, {}, {}});
    } catch (const DryExec&) {
    } catch (const Failure& f) {
      child.emit({"fail", {{"status", std::to_string(f.code)}, {"error", f.what()}}, {}, {}});
    }
    return pid;
  }
  pid_t wait(pid_t pid, int* status, int) override {
    emit({"wait", {{"pid", pid < 0 ? "any" : std::to_string(pid)}}, "exit 0 (assumed)", {}});
    *status = 0;
    return pid < 0 ? next_pid_ - 1 : pid;
  }
  int exec(const std::vector<std::string>& argv, const std::string& file,
           const std::vector<std::string>&) override {
    emit(effects::exec(argv, file));
    return 0;
  }

  int socket(int domain, int type, int protocol) override {
    const int fd = lowest();
    emit(with_result(effects::socket(domain, type, protocol), "fd " + std::to_string(fd)));
    return fd;
  }
  int setsockopt(int fd, int, int, const void*, socklen_t, std::string_view what) override {
    emit(effects::setsockopt(fd, what));
    return 0;
  }
  int bind(int fd, const sockaddr* addr, socklen_t len, std::string_view what) override {
    emit(effects::bind(fd, addr, len, what));
    std::memcpy(&bound_, addr, std::min<size_t>(len, sizeof bound_));
    bound_len_ = len;
    return 0;
  }
  int listen(int fd, int backlog) override {
    emit(effects::listen(fd, backlog));
    return 0;
  }
  int getsockname(int, sockaddr* addr, socklen_t* len) override {
    std::memcpy(addr, &bound_, std::min<size_t>(*len, bound_len_));
    *len = bound_len_;
    return 0;
  }
  int connect(int fd, const sockaddr* addr, socklen_t len, std::string_view) override {
    emit({"connect", {{"fd", std::to_string(fd)}, {"address", describe_address(addr, len)}},
          "refused (assumed stale)", {}});
    errno = ECONNREFUSED;
    return -1;
  }
  // Read-only: done for real, so the plan sees what is there.
  int lstat(const std::string& path, struct stat* st) override { return ::lstat(path.c_str(), st); }
  int unlink(const std::string& path) override {
    emit(effects::path_op("unlink", path));
    return 0;
  }
  int rename(const std::string& from, const std::string& to) override {
    emit({"rename", {{"from", from}, {"to", to}}, {}, {}});
    return 0;
  }
  int chmod(const std::string& path, mode_t mode) override {
    char m[8];
    std::snprintf(m, sizeof m, "0%o", mode);
    emit({"chmod", {{"path", path}, {"mode", m}}, {}, {}});
    return 0;
  }
  int lchown(const std::string& path, uid_t uid, gid_t gid) override {
    emit({"chown", {{"path", path}, {"uid", std::to_string(uid)}, {"gid", std::to_string(gid)}}, {}, {}});
    return 0;
  }

 private:
  std::set<int> open_;
  mode_t mask_;
  pid_t next_pid_ = 100000;
  sockaddr_storage bound_{};
  socklen_t bound_len_ = 0;

  int lowest() {
    int fd = 0;
    while (open_.count(fd)) ++fd;
    open_.insert(fd);
    return fd;
  }
  int erase(int fd) { return open_.erase(fd) ? 0 : fail(EBADF); }
  static int fail(int e) {
    errno = e;
    return -1;
  }
  static Effect with_result(Effect e, std::string r) {
    e.result = std::move(r);
    return e;
  }
};

}  // namespace

std::unique_ptr<System> make_dry_system(ReportFormat format) { return std::make_unique<DrySystem>(format); }

}  // namespace chainscript
