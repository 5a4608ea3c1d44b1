// SimulatedSystem: what -n runs the script against. It changes nothing: it
// models what a run would change (the fd table, the working and root
// directories, the umask, the ids, the resource limits, the signal mask, the
// children and their statuses) and answers as the kernel would, reading the
// files it needs read-only, so that the plan shows the fds, values and
// failures the run would have. What it cannot know it assumes, and says so:
// a program started exits 0, a pipe or stdin reads as empty, a bind succeeds.
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <netinet/in.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

#include "interp/context.hpp"
#include "lib/program_search.hpp"

namespace chainscript {

namespace {

// A file the plan opened for reading, really: envdir, envfile and read-conf show real values.
struct RealFile {
  int fd;
  explicit RealFile(int f) : fd(f) {}
  ~RealFile() { ::close(fd); }
};

struct SimFd {
  std::shared_ptr<RealFile> file;  // set: reads are real
  bool socket = false;
  bool signals = false;  // a signal_fd
  sockaddr_storage bound{};
  socklen_t bound_len = 0;
};

struct Process {
  pid_t pid, ppid, pgid, sid;
  std::map<int, SimFd> fds;
  std::string cwd, root = "/";
  mode_t mask;
  uid_t uid, euid;
  gid_t gid, egid;
  std::map<int, rlimit> limits;
  sigset_t blocked;
  struct Child {
    int status;
    bool assumed;
  };
  std::map<pid_t, Child> children;
  bool started = false;   // went past its first step (a spawned child)
  int exec_errno = 0;     // its first program could not be executed
  // The one connection the plan follows, per process: each server a script
  // starts (in the background, say) plans its own.
  bool polled = false, accepted = false;
};

class SimulatedSystem final : public System {
 public:
  SimulatedSystem() {
    p_.pid = ::getpid();
    p_.ppid = ::getppid();
    p_.pgid = ::getpgrp();
    p_.sid = ::getsid(0);
    for (int fd = 0; fd < 1024; ++fd)
      if (::fcntl(fd, F_GETFD) >= 0) p_.fds[fd] = {};
    char* cwd = ::getcwd(nullptr, 0);
    p_.cwd = cwd ? cwd : "/";
    std::free(cwd);
    p_.mask = ::umask(022);
    ::umask(p_.mask);
    p_.uid = ::getuid();
    p_.euid = ::geteuid();
    p_.gid = ::getgid();
    p_.egid = ::getegid();
    ::sigprocmask(SIG_SETMASK, nullptr, &p_.blocked);
    p_.started = true;
  }

  bool assumed() const { return assumed_; }

  void started() override { p_.started = true; }

  int open(const std::string& path, int flags, mode_t) override {
    assumed_ = false;
    if (path.empty()) return fail(ENOENT);
    const std::string real = resolve(path);
    struct stat st {};
    const bool exists = stat(path, &st) == 0;
    const bool writes = (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC | O_APPEND));
    if (!writes && exists && files_.count(real)) return lowest();  // made by the plan: what is in it is not known
    if (!writes) {  // read for real: the plan shows what is there
      const int fd = ::open(real.c_str(), flags | O_CLOEXEC);
      if (fd < 0) return -1;
      const int sim = lowest();
      p_.fds[sim].file = std::make_shared<RealFile>(fd);
      return sim;
    }
    if (exists && (flags & O_CREAT) && (flags & O_EXCL)) return fail(EEXIST);
    if (!exists && !(flags & O_CREAT)) return fail(ENOENT);
    if (exists && S_ISDIR(st.st_mode)) return fail(EISDIR);
    if (!exists && !is_directory(parent_of(real))) return fail(ENOENT);
    if (!exists) made(real, S_IFREG);
    return lowest();
  }
  int close(int fd) override { return p_.fds.erase(fd) ? 0 : fail(EBADF); }
  int place(int from, int to) override {
    if (!p_.fds.count(from)) return fail(EBADF);
    if (from == to) return 0;
    p_.fds[to] = p_.fds[from];
    p_.fds.erase(from);
    return 0;
  }
  int copy(int from, int to) override {
    if (!p_.fds.count(from)) return fail(EBADF);
    p_.fds[to] = p_.fds[from];
    return 0;
  }
  int pipe(int fds[2]) override {
    fds[0] = lowest();
    fds[1] = lowest();
    return 0;
  }
  bool is_open(int fd) override { return p_.fds.count(fd) != 0; }
  int set_nonblocking(int fd, bool) override { return p_.fds.count(fd) ? 0 : fail(EBADF); }
  int seek_end(int fd) override { return p_.fds.count(fd) ? 0 : fail(EBADF); }
  std::optional<std::string> read_some(int fd) override {
    assumed_ = false;
    const auto it = p_.fds.find(fd);
    if (it == p_.fds.end()) return fail_empty(EBADF);
    if (!it->second.file) {  // a pipe, a socket, stdin: what comes is not known
      assumed_ = true;
      return std::string();
    }
    char buf[65536];
    for (;;) {
      const ssize_t n = ::read(it->second.file->fd, buf, sizeof buf);
      if (n >= 0) return std::string(buf, static_cast<size_t>(n));
      if (errno != EINTR) return std::nullopt;
    }
  }
  int write_all(int fd, std::string_view) override { return p_.fds.count(fd) ? 0 : fail(EBADF); }

  int chdir(const std::string& dir) override {
    if (dir.empty()) return fail(ENOENT);
    const std::string real = resolve(dir);
    struct stat st {};
    if (::stat(real.c_str(), &st) < 0) return -1;
    if (!S_ISDIR(st.st_mode)) return fail(ENOTDIR);
    char* canonical = ::realpath(real.c_str(), nullptr);
    if (!canonical) return -1;
    p_.cwd = inside_root(canonical);
    std::free(canonical);
    return 0;
  }
  std::optional<std::string> getcwd() override { return p_.cwd; }
  mode_t umask(mode_t mask) override {
    const mode_t old = p_.mask;
    p_.mask = mask & 0777;
    return old;
  }
  mode_t current_umask() override { return p_.mask; }
  int setgroups(const std::vector<gid_t>&) override { return p_.euid == 0 ? 0 : fail(EPERM); }
  int setgid(gid_t gid) override {
    if (p_.euid != 0 && gid != p_.gid && gid != p_.egid) return fail(EPERM);
    p_.gid = p_.egid = gid;
    return 0;
  }
  int setuid(uid_t uid) override {
    if (p_.euid != 0 && uid != p_.uid && uid != p_.euid) return fail(EPERM);
    p_.uid = p_.euid = uid;
    return 0;
  }
  bool root_regainable() override { return p_.euid == 0; }
  int set_fs_ids(uid_t uid, gid_t gid) override {
    return p_.euid == 0 || (uid == p_.euid && gid == p_.egid) ? 0 : fail(EPERM);
  }
  uid_t geteuid() override { return p_.euid; }
  gid_t getegid() override { return p_.egid; }
  pid_t getpid() override { return p_.pid; }
  pid_t getppid() override { return p_.ppid; }
  int chroot(const std::string& dir) override {
    if (p_.euid != 0) return fail(EPERM);
    const std::string real = resolve(dir);
    if (!is_directory(real)) return fail(ENOENT);
    char* canonical = ::realpath(real.c_str(), nullptr);
    if (!canonical) return -1;
    p_.root = canonical;
    std::free(canonical);
    return 0;
  }
  int getrlimit(int resource, rlimit* limit) override {
    auto it = p_.limits.find(resource);
    if (it == p_.limits.end()) {
      rlimit r{};
      if (::getrlimit(static_cast<__rlimit_resource>(resource), &r) < 0) return -1;
      it = p_.limits.emplace(resource, r).first;
    }
    *limit = it->second;
    return 0;
  }
  int setrlimit(int resource, const rlimit& limit, std::string_view) override {
    rlimit cur{};
    if (getrlimit(resource, &cur) < 0) return -1;
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_cur > limit.rlim_max) return fail(EINVAL);
    const bool raises_hard = cur.rlim_max != RLIM_INFINITY && (limit.rlim_max == RLIM_INFINITY || limit.rlim_max > cur.rlim_max);
    if (raises_hard && p_.euid != 0) return fail(EPERM);
    p_.limits[resource] = limit;
    return 0;
  }
  pid_t setsid() override {
    if (p_.pgid == p_.pid) return fail(EPERM);  // a group leader cannot
    p_.pgid = p_.sid = p_.pid;
    return p_.pid;
  }
  int setpgid(pid_t, pid_t) override {
    if (p_.sid == p_.pid) return fail(EPERM);  // a session leader cannot
    p_.pgid = p_.pid;
    return 0;
  }
  int take_terminal(int) override { return 0; }

  Spawned spawn(Context& ctx, const std::function<int(Context&)>& body, bool) override {
    const Process parent = p_;
    const pid_t pid = next_pid_++;
    p_.ppid = parent.pid;
    p_.pid = pid;
    p_.children.clear();
    p_.started = false;
    p_.exec_errno = 0;
    p_.polled = p_.accepted = false;
    Context child = ctx;
    child.argv0.reset();  // exec -a and -l name the chain's own program
    child.login = false;
    bool assumed = false;
    int code;
    try {
      code = run_guarded(child, body, [&child](const Failure& f) {
        child.system->report({"fail", {{"status", std::to_string(f.code)}, {"error", f.what()}}, {}, {}});
      });
    } catch (const PlanEnded&) {  // it executed a program: what it does is not known
      code = 0;
      assumed = true;
    }
    const int exec_errno = p_.exec_errno;
    p_ = parent;
    if (exec_errno) return {pid, exec_errno};  // reaped, as the real spawn does
    p_.children[pid] = {code << 8, assumed};
    assumed_ = assumed;
    return {pid, 0};
  }
  pid_t wait(pid_t pid, int* status, int options) override {
    assumed_ = false;
    auto it = pid < 0 ? p_.children.begin() : p_.children.find(pid);
    if (it == p_.children.end()) return fail(ECHILD);
    const pid_t got = it->first;
    *status = it->second.status;
    // Not waiting (WNOHANG), the child is taken to have ended already.
    assumed_ = it->second.assumed || (options & WNOHANG);
    p_.children.erase(it);
    return got;
  }
  int exec(const std::vector<std::string>&, const std::string& file, const std::vector<std::string>& envp) override {
    const int err = can_exec(file, envp);
    if (err == 0) throw PlanEnded{};
    if (!p_.started) {
      p_.exec_errno = err;
      p_.started = true;
    }
    return err;
  }
  int kill(pid_t pid, int) override { return p_.children.count(pid) || pid == p_.pid ? 0 : fail(ESRCH); }

  int block_signals(const sigset_t& set, sigset_t* old) override {
    if (old) *old = p_.blocked;
    sigorset(&p_.blocked, &p_.blocked, &set);
    return 0;
  }
  int set_signal_mask(const sigset_t& set) override {
    p_.blocked = set;
    return 0;
  }
  int ignore_signal(int) override { return 0; }
  int wait_signal(const sigset_t& set) override {
    // Children end at once; no other signal is known to come.
    assumed_ = true;
    if (!p_.children.empty() && sigismember(&set, SIGCHLD) == 1) return SIGCHLD;
    throw PlanEnded{};
  }
  void sleep_ms(long ms) override { clock_ms_ += ms; }
  long long now_ms() override { return clock_ms_; }
  [[noreturn]] void pause() override { throw PlanEnded{}; }

  int socket(int, int, int) override {
    const int fd = lowest();
    p_.fds[fd].socket = true;
    return fd;
  }
  int setsockopt(int fd, int, int, const void*, socklen_t, std::string_view) override { return socket_fd(fd) ? 0 : -1; }
  int bind(int fd, const sockaddr* addr, socklen_t len) override {
    SimFd* s = socket_fd(fd);
    if (!s) return -1;
    if (addr->sa_family == AF_UNIX) {
      const std::string path = unix_path(addr, len);
      if (!path.empty() && path[0] != '\0') {
        struct stat st {};
        if (lstat(path, &st) == 0) return fail(EADDRINUSE);
        if (!is_directory(parent_of(resolve(path)))) return fail(ENOENT);
        made(resolve(path), S_IFSOCK);
      }
    }
    std::memcpy(&s->bound, addr, std::min<size_t>(len, sizeof s->bound));
    s->bound_len = len;
    return 0;
  }
  int listen(int fd, int) override { return socket_fd(fd) ? 0 : -1; }
  int getsockname(int fd, sockaddr* addr, socklen_t* len) override {
    SimFd* s = socket_fd(fd);
    if (!s) return -1;
    std::memcpy(addr, &s->bound, std::min<size_t>(*len, s->bound_len));
    *len = s->bound_len;
    return 0;
  }
  int connect(int fd, const sockaddr*, socklen_t) override {
    if (!socket_fd(fd)) return -1;
    return fail(ECONNREFUSED);  // assumed: nobody listens there (a stale socket)
  }
  // One connection is planned: a client on the loopback of the listener's
  // family (or an unnamed Unix socket) running as this process's ids.
  int accept(int fd, sockaddr* peer, socklen_t* len) override {
    const auto it = p_.fds.find(fd);
    if (it == p_.fds.end()) return fail(EBADF);
    if (p_.accepted) return fail(EAGAIN);  // the one planned is taken
    p_.accepted = true;
    sockaddr_storage bound = it->second.bound;
    if (!it->second.socket) {  // inherited: the real one says what it is
      socklen_t n = sizeof bound;
      if (::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &n) < 0) return -1;
    }
    sockaddr_storage client{};
    socklen_t client_len = sizeof(sa_family_t);
    client.ss_family = bound.ss_family;
    if (bound.ss_family == AF_INET) {
      auto* in = reinterpret_cast<sockaddr_in*>(&client);
      in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      in->sin_port = htons(assumed_client_port);
      client_len = sizeof *in;
    } else if (bound.ss_family == AF_INET6) {
      auto* in6 = reinterpret_cast<sockaddr_in6*>(&client);
      in6->sin6_addr = in6addr_loopback;
      in6->sin6_port = htons(assumed_client_port);
      client_len = sizeof *in6;
    }
    if (peer && len) {
      std::memcpy(peer, &client, std::min<size_t>(*len, client_len));
      *len = client_len;
    }
    assumed_ = true;
    const int conn = lowest();
    p_.fds[conn].socket = true;
    p_.fds[conn].bound = bound;
    p_.fds[conn].bound_len = it->second.bound_len;
    return conn;
  }
  int peer_credentials(int fd, ucred* cred) override {
    if (!socket_fd(fd)) return -1;
    *cred = {next_pid_, p_.euid, p_.egid};
    assumed_ = true;
    return 0;
  }

  int signal_fd(const sigset_t&) override {
    const int fd = lowest();
    p_.fds[fd].signals = true;
    return fd;
  }
  int take_signal(int fd) override { return p_.fds.count(fd) ? 0 : fail(EBADF); }
  // The plan follows one connection: the first wait finds a client at the
  // first fd that is not a signal_fd; what comes after it is not known.
  int poll_readable(const std::vector<int>& fds, std::vector<bool>& readable, int) override {
    readable.assign(fds.size(), false);
    if (p_.polled) throw PlanEnded{};
    p_.polled = true;
    for (size_t i = 0; i < fds.size(); ++i) {
      const auto it = p_.fds.find(fds[i]);
      if (it != p_.fds.end() && !it->second.signals) {
        readable[i] = true;
        assumed_ = true;
        return 1;
      }
    }
    throw PlanEnded{};
  }

  int stat(const std::string& path, struct stat* st) override {
    if (path.empty()) return fail(ENOENT);
    if (const auto r = planned(path, st)) return *r;
    return ::stat(resolve(path).c_str(), st);
  }
  int lstat(const std::string& path, struct stat* st) override {
    if (path.empty()) return fail(ENOENT);
    if (const auto r = planned(path, st)) return *r;
    return ::lstat(resolve(path).c_str(), st);
  }
  int access(const std::string& path, int mode) override { return ::access(resolve(path).c_str(), mode); }
  bool isatty(int fd) override {
    const auto it = p_.fds.find(fd);
    return it != p_.fds.end() && !it->second.file && !it->second.socket && ::isatty(fd) == 1;
  }
  std::optional<std::vector<std::string>> list_directory(const std::string& dir) override {
    return real_->list_directory(resolve(dir));
  }
  int glob(const std::string& pattern, int flags, std::vector<std::string>& out) override {
    if (pattern.empty()) return GLOB_NOMATCH;
    // Matched where the plan's directory is, with what the plan made or
    // removed counted in, and shown as the run would show them.
    const bool absolute = pattern[0] == '/';
    const std::string base = absolute ? resolve("/") : resolve(".") + "/";
    const std::string full = base + (absolute ? pattern.substr(1) : pattern);
    const auto shown = [&](const std::string& path) { return (absolute ? "/" : "") + path.substr(base.size()); };
    std::vector<std::string> found;
    const int r = real_->glob(full, flags | GLOB_NOSORT, found);
    std::set<std::string> matches;
    for (const auto& f : found)
      if (!files_.count(f) || files_[f]) matches.insert(f);
    for (const auto& [path, type] : files_)
      if (type && ::fnmatch(full.c_str(), path.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0) matches.insert(path);
    if (matches.empty()) return r == 0 ? GLOB_NOMATCH : r;
    for (const auto& m : matches) out.push_back(shown(m));
    return 0;
  }
  int unlink(const std::string& path) override {
    struct stat st {};
    if (lstat(path, &st) < 0) return -1;
    files_[resolve(path)] = 0;
    return 0;
  }
  int rename(const std::string& from, const std::string&) override {
    struct stat st {};
    return lstat(from, &st);
  }
  int chmod(const std::string& path, mode_t) override {
    struct stat st {};
    return lstat(path, &st);
  }
  int lchown(const std::string& path, uid_t, gid_t) override {
    struct stat st {};
    return lstat(path, &st);
  }

 private:
  Process p_;
  pid_t next_pid_ = 900001;  // pids the plan shows for its children
  static constexpr int assumed_client_port = 50000;
  long long clock_ms_ = 0;
  bool assumed_ = false;
  // What the plan made and removed in the filesystem, which is every
  // process's: a path's file type, 0 when removed.
  std::map<std::string, mode_t> files_;
  void made(const std::string& real_path, mode_t type) { files_[real_path] = type; }
  // A path the plan made or removed: what stat would say; nullopt for the others.
  std::optional<int> planned(const std::string& path, struct stat* st) {
    const auto it = files_.find(resolve(path));
    if (it == files_.end()) return std::nullopt;
    if (!it->second) return fail(ENOENT);
    *st = {};
    st->st_mode = it->second | 0600;
    st->st_uid = p_.euid;
    st->st_gid = p_.egid;
    return 0;
  }
  std::unique_ptr<System> real_ = make_real_system();  // its read-only calls

  static std::string unix_path(const void* addr, socklen_t len) {
    const auto* un = static_cast<const sockaddr_un*>(addr);
    const size_t n = len > offsetof(sockaddr_un, sun_path) ? len - offsetof(sockaddr_un, sun_path) : 0;
    return std::string(un->sun_path, strnlen(un->sun_path, std::min(n, sizeof un->sun_path)));
  }

  static int fail(int e) {
    errno = e;
    return -1;
  }
  static std::optional<std::string> fail_empty(int e) {
    errno = e;
    return std::nullopt;
  }
  int lowest() {
    int fd = 0;
    while (p_.fds.count(fd)) ++fd;
    p_.fds[fd] = {};
    return fd;
  }
  SimFd* socket_fd(int fd) {
    const auto it = p_.fds.find(fd);
    if (it == p_.fds.end() || !it->second.socket) {
      errno = it == p_.fds.end() ? EBADF : ENOTSOCK;
      return nullptr;
    }
    return &it->second;
  }
  // A path of the script, as this (real) process reaches it.
  std::string resolve(const std::string& path) const {
    std::string p = path.empty() || path[0] != '/' ? p_.cwd + "/" + path : path;
    return p_.root == "/" ? p : p_.root + p;
  }
  std::string inside_root(const std::string& real) const {
    if (p_.root == "/") return real;
    return real.size() > p_.root.size() ? real.substr(p_.root.size()) : "/";
  }
  static std::string parent_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  }
  static bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  }

  // As the run's exec would find it: 0, or the errno of its failure.
  int can_exec(const std::string& file, const std::vector<std::string>& envp) const {
    return search_program(file, path_of(envp), [&](const std::string& p) {
      struct stat st {};
      if (::stat(resolve(p).c_str(), &st) < 0) return errno;
      if (S_ISDIR(st.st_mode) || ::access(resolve(p).c_str(), X_OK) < 0) return EACCES;
      return 0;
    });
  }
};

}  // namespace

std::unique_ptr<System> make_simulated_system() { return std::make_unique<SimulatedSystem>(); }
bool simulated_result_assumed(System& simulated) { return static_cast<SimulatedSystem&>(simulated).assumed(); }

}  // namespace chainscript
