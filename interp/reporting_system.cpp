// ReportingSystem: wraps a System and describes every call that changes
// something, as a line of text or a JSON object: over the SimulatedSystem it
// is the dry run's plan (-n, on stdout), over the RealSystem the trace (-x,
// on a private copy of stderr, so that a script moving fd 2 does not move
// the trace). Each call is described here once, whichever it wraps.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "interp/context.hpp"
#include "interp/describe.hpp"
#include "interp/quoting.hpp"
#include "lib/lists.hpp"

namespace chainscript {

// simulated_system.cpp
std::unique_ptr<System> make_simulated_system();
bool simulated_result_assumed(System& simulated);

namespace {

// C-style quoting when a word would not read back as itself.
std::string quoted(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t\n\"'\\{}$#;") == std::string::npos) {
    bool printable = true;
    for (unsigned char c : s) printable = printable && c >= 0x20 && c != 0x7f;
    if (printable) return s;
  }
  return native_double_quoted(s, true);
}

std::string octal(mode_t m) {
  char b[16];
  std::snprintf(b, sizeof b, "0%03o", static_cast<unsigned>(m));
  return b;
}

std::string error_text() { return std::string("error: ") + std::strerror(errno); }

std::string status_text(pid_t pid, int status) {
  return "pid " + std::to_string(pid) +
         (WIFSIGNALED(status) ? " killed by signal " + std::to_string(WTERMSIG(status))
                              : " exit " + std::to_string(WEXITSTATUS(status)));
}

class ReportingSystem final : public System {
 public:
  ReportingSystem(std::unique_ptr<System> inner, ReportFormat format, int out_fd, bool simulated)
      : inner_(std::move(inner)), format_(format), out_fd_(out_fd), simulated_(simulated) {}

  void begin_step(const Location& at, std::string_view builtin) override {
    at_ = at;
    builtin_ = builtin;
    inner_->begin_step(at, builtin);
  }
  void report(const Effect& e) override { emit(e); }
  void started() override { inner_->started(); }

  int open(const std::string& path, int flags, mode_t mode) override {
    Effect e{"open", {{"path", path}, {"flags", describe_open_flags(flags)}}, {}, {}};
    if (flags & O_CREAT) e.args.emplace_back("mode", octal(mode));
    return fd_result(std::move(e), inner_->open(path, flags, mode));
  }
  int close(int fd) override { return done({"close", {{"fd", std::to_string(fd)}}, {}, {}}, inner_->close(fd)); }
  int place(int from, int to) override {
    keep_out_of_the_way(to);
    return done(fd_pair("place", from, to), inner_->place(from, to));
  }
  int copy(int from, int to) override {
    keep_out_of_the_way(to);
    return done(fd_pair("copy", from, to), inner_->copy(from, to));
  }
  int pipe(int fds[2]) override {
    const int r = inner_->pipe(fds);
    const int e = errno;
    emit({"pipe", {}, r < 0 ? error_text() : "fds " + std::to_string(fds[0]) + " " + std::to_string(fds[1]), {}});
    errno = e;
    return r;
  }
  bool is_open(int fd) override { return (simulated_ || fd != out_fd_) && inner_->is_open(fd); }
  int set_nonblocking(int fd, bool on) override {
    return done({on ? "set-nonblocking" : "set-blocking", {{"fd", std::to_string(fd)}}, {}, {}},
                inner_->set_nonblocking(fd, on));
  }
  int seek_end(int fd) override { return done({"seek-end", {{"fd", std::to_string(fd)}}, {}, {}}, inner_->seek_end(fd)); }
  std::optional<std::string> read_all(int fd) override { return read(fd, inner_->read_all(fd)); }
  std::optional<std::string> read_some(int fd) override { return read(fd, inner_->read_some(fd)); }
  int write_all(int fd, std::string_view data) override {
    Effect e{"write", {{"fd", std::to_string(fd)}, {"bytes", std::to_string(data.size())}}, {}, {}};
    e.args.emplace_back("data", std::string(data.substr(0, 200)) + (data.size() > 200 ? "..." : ""));
    return done(std::move(e), inner_->write_all(fd, data));
  }

  int chdir(const std::string& dir) override { return done({"chdir", {{"path", dir}}, {}, {}}, inner_->chdir(dir)); }
  std::optional<std::string> getcwd() override { return inner_->getcwd(); }
  mode_t umask(mode_t mask) override {
    emit({"umask", {{"mask", octal(mask)}}, {}, {}});
    return inner_->umask(mask);
  }
  mode_t current_umask() override { return inner_->current_umask(); }
  int setgroups(const std::vector<gid_t>& groups) override {
    const std::string list = join_list(groups, ',', [](gid_t g) { return std::to_string(g); });
    return done({"setgroups", {{"groups", list}}, {}, {}}, inner_->setgroups(groups));
  }
  int setgid(gid_t gid) override { return done({"setgid", {{"gid", std::to_string(gid)}}, {}, {}}, inner_->setgid(gid)); }
  int setuid(uid_t uid) override { return done({"setuid", {{"uid", std::to_string(uid)}}, {}, {}}, inner_->setuid(uid)); }
  bool root_regainable() override {
    const bool r = inner_->root_regainable();
    emit({"check-root", {}, r ? "root regained" : "root cannot be regained", {}});
    return r;
  }
  int set_fs_ids(uid_t uid, gid_t gid) override {
    return done({"setfsid", {{"uid", std::to_string(uid)}, {"gid", std::to_string(gid)}}, {}, {}},
                inner_->set_fs_ids(uid, gid));
  }
  uid_t geteuid() override { return inner_->geteuid(); }
  gid_t getegid() override { return inner_->getegid(); }
  pid_t getpid() override { return inner_->getpid(); }
  pid_t getppid() override { return inner_->getppid(); }
  int chroot(const std::string& dir) override { return done({"chroot", {{"path", dir}}, {}, {}}, inner_->chroot(dir)); }
  int getrlimit(int resource, rlimit* limit) override { return inner_->getrlimit(resource, limit); }
  int setrlimit(int resource, const rlimit& limit, std::string_view name) override {
    const auto show = [](rlim_t v) { return v == RLIM_INFINITY ? std::string("unlimited") : std::to_string(v); };
    return done({"setrlimit", {{"resource", std::string(name)}, {"soft", show(limit.rlim_cur)}, {"hard", show(limit.rlim_max)}}, {}, {}},
                inner_->setrlimit(resource, limit, name));
  }
  pid_t setsid() override {
    const pid_t r = inner_->setsid();
    done({"setsid", {}, {}, {}}, r < 0 ? -1 : 0);
    return r;
  }
  int setpgid(pid_t pid, pid_t pgid) override {
    return done({"setpgid", {{"pid", std::to_string(pid)}, {"pgid", std::to_string(pgid)}}, {}, {}},
                inner_->setpgid(pid, pgid));
  }
  int take_terminal(int fd) override {
    return done({"tcsetpgrp", {{"fd", std::to_string(fd)}}, {}, {}}, inner_->take_terminal(fd));
  }

  Spawned spawn(Context& ctx, const std::function<int(Context&)>& body, bool await_start) override {
    const std::string child = process_ + "." + std::to_string(++forks_);
    const Location step = at_;
    const std::string step_builtin = builtin_;
    if (simulated_) captures_.emplace_back();
    const Spawned s = inner_->spawn(ctx, [&](Context& c) {
      // In the child: a forked process, or, in a dry run, the same one for a while.
      const std::string parent = process_;
      const pid_t parent_tag = connection_pid_;
      const unsigned parent_forks = forks_;
      process_ = child;
      forks_ = 0;
      ++depth_;
      // A connection's child runs beside its siblings: its lines carry its pid.
      if (!await_start) connection_pid_ = inner_->getpid();
      struct Restore {
        ReportingSystem& r;
        const std::string& process;
        pid_t tag;
        unsigned forks;
        ~Restore() {
          r.process_ = process;
          r.connection_pid_ = tag;
          r.forks_ = forks;
          --r.depth_;
        }
      } restore{*this, parent, parent_tag, parent_forks};
      return body(c);
    }, await_start);
    at_ = step;
    builtin_ = step_builtin;
    const int e = errno;
    const Effect fork{"fork", {{"child", child}}, s.pid < 0 ? error_text() : "pid " + std::to_string(s.pid), {}};
    if (!simulated_) {
      emit(fork);
      errno = e;
      return s;
    }
    Capture plan = std::move(captures_.back());
    captures_.pop_back();
    emit(fork);
    write(plan);
    // Rounds of the same step just alike (pids aside) are a loop whose test
    // rests on what the plan cannot know (a program's status, a file a
    // program writes), which the simulation would go round forever: after
    // a few alike, the plan of this process ends there.
    auto [last, first] = last_round_.try_emplace(to_string(step) + " " + process_);
    last->second.alike = !first && plan.shape == last->second.shape ? last->second.alike + 1 : 0;
    if (last->second.alike >= rounds_alike) {
      emit({"repeat", {{"step", to_string(step)}}, "the same round again, for as long as the run's loop goes on", {}});
      throw PlanEnded{};
    }
    last->second.shape = std::move(plan.shape);
    errno = e;
    return s;
  }
  pid_t wait(pid_t pid, int* status, int options) override {
    const pid_t r = inner_->wait(pid, status, options);
    if (r == 0) return r;  // WNOHANG, nothing yet
    const int e = errno;
    std::string result = r < 0 ? error_text() : status_text(r, *status);
    if (r > 0 && simulated_ && simulated_result_assumed(*inner_)) result += " (assumed)";
    emit({"wait", {{"pid", pid < 0 ? "any" : std::to_string(pid)}}, result, {}});
    errno = e;
    return r;
  }
  int exec(const std::vector<std::string>& argv, const std::string& file,
           const std::vector<std::string>& envp) override {
    emit({"exec", {{"program", file}}, {}, argv});
    const int err = inner_->exec(argv, file, envp);
    emit({"exec-failed", {{"program", file}}, std::strerror(err), {}});
    return err;
  }
  int kill(pid_t pid, int sig) override {
    return done({"kill", {{"pid", std::to_string(pid)}, {"signal", signal_name(sig)}}, {}, {}}, inner_->kill(pid, sig));
  }

  int block_signals(const sigset_t& set, sigset_t* old) override {
    return done({"sigprocmask", {{"block", describe_signals(set)}}, {}, {}}, inner_->block_signals(set, old));
  }
  int set_signal_mask(const sigset_t& set) override {
    return done({"sigprocmask", {{"set", describe_signals(set)}}, {}, {}}, inner_->set_signal_mask(set));
  }
  int ignore_signal(int sig) override {
    return done({"ignore-signal", {{"signal", std::to_string(sig)}}, {}, {}}, inner_->ignore_signal(sig));
  }
  int wait_signal(const sigset_t& set) override {
    const int s = inner_->wait_signal(set);
    const int e = errno;
    std::string result = s < 0 ? error_text() : signal_name(s);
    if (s > 0 && simulated_ && simulated_result_assumed(*inner_)) result += " (assumed)";
    emit({"sigwait", {{"signals", describe_signals(set)}}, result, {}});
    errno = e;
    return s;
  }
  void sleep_ms(long ms) override { inner_->sleep_ms(ms); }  // waiting changes nothing: not shown
  long long now_ms() override { return inner_->now_ms(); }
  [[noreturn]] void pause() override {
    emit({"pause", {}, {}, {}});
    for (;;) inner_->pause();  // a virtual call carries no [[noreturn]]
  }

  int socket(int domain, int type, int protocol) override {
    const std::string family = domain == AF_INET ? "inet" : domain == AF_INET6 ? "inet6" : domain == AF_UNIX ? "unix"
                               : domain == AF_NETLINK ? "netlink" : std::to_string(domain);
    const int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    const std::string kind = base == SOCK_STREAM ? "stream" : base == SOCK_DGRAM ? "dgram"
                             : base == SOCK_SEQPACKET ? "seqpacket" : base == SOCK_RAW ? "raw" : std::to_string(base);
    return fd_result({"socket", {{"family", family}, {"type", kind}, {"protocol", std::to_string(protocol)}}, {}, {}},
                     inner_->socket(domain, type, protocol));
  }
  int setsockopt(int fd, int level, int name, const void* value, socklen_t len, std::string_view what) override {
    return done({"setsockopt", {{"fd", std::to_string(fd)}, {"option", std::string(what)}}, {}, {}},
                inner_->setsockopt(fd, level, name, value, len, what));
  }
  int bind(int fd, const sockaddr* addr, socklen_t len) override {
    const int r = inner_->bind(fd, addr, len);
    Effect e{"bind", {{"fd", std::to_string(fd)}, {"address", describe_address(addr, len)}}, {}, {}};
    if (r == 0) {  // the address the kernel gave: the port chosen for port 0
      sockaddr_storage got{};
      socklen_t got_len = sizeof got;
      if (inner_->getsockname(fd, reinterpret_cast<sockaddr*>(&got), &got_len) == 0)
        e.result = "bound " + describe_address(reinterpret_cast<sockaddr*>(&got), got_len);
    }
    return done(std::move(e), r);
  }
  int listen(int fd, int backlog) override {
    return done({"listen", {{"fd", std::to_string(fd)}, {"backlog", std::to_string(backlog)}}, {}, {}},
                inner_->listen(fd, backlog));
  }
  int getsockname(int fd, sockaddr* addr, socklen_t* len) override { return inner_->getsockname(fd, addr, len); }
  int accept(int fd, sockaddr* peer, socklen_t* len) override {
    const int r = inner_->accept(fd, peer, len);
    const int e = errno;
    std::string result = r < 0 ? error_text() : "fd " + std::to_string(r);
    if (r >= 0 && peer && len) result += " peer " + describe_address(peer, *len);
    if (r >= 0 && simulated_ && simulated_result_assumed(*inner_)) result += " (assumed)";
    emit({"accept", {{"fd", std::to_string(fd)}}, result, {}});
    errno = e;
    return r;
  }
  int peer_credentials(int fd, ucred* cred) override {
    const int r = inner_->peer_credentials(fd, cred);
    const int e = errno;
    std::string result = r < 0 ? error_text()
                               : "pid " + std::to_string(cred->pid) + " uid " + std::to_string(cred->uid) + " gid " +
                                     std::to_string(cred->gid);
    if (r == 0 && simulated_ && simulated_result_assumed(*inner_)) result += " (assumed)";
    emit({"peer-credentials", {{"fd", std::to_string(fd)}}, result, {}});
    errno = e;
    return r;
  }
  int signal_fd(const sigset_t& set) override {
    return fd_result({"signalfd", {{"signals", describe_signals(set)}}, {}, {}}, inner_->signal_fd(set));
  }
  int take_signal(int fd) override {
    const int r = inner_->take_signal(fd);
    if (r == 0) return r;  // none pending: nothing happened
    const int e = errno;
    emit({"signal", {{"fd", std::to_string(fd)}}, r < 0 ? error_text() : signal_name(r), {}});
    errno = e;
    return r;
  }
  int poll_readable(const std::vector<int>& fds, std::vector<bool>& readable, int timeout_ms) override {
    const int r = inner_->poll_readable(fds, readable, timeout_ms);
    const int e = errno;
    if (r < 0 && e == EINTR) return r;
    std::string ready;
    for (size_t i = 0; i < fds.size() && i < readable.size(); ++i)
      if (readable[i]) ready += (ready.empty() ? "" : ",") + std::to_string(fds[i]);
    Effect ev{"poll", {{"fds", join_list(fds, ',', [](int fd) { return std::to_string(fd); })}}, {}, {}};
    if (timeout_ms >= 0) ev.args.emplace_back("timeout-ms", std::to_string(timeout_ms));
    ev.result = r < 0 ? error_text() : r == 0 ? "timeout" : "readable " + ready;
    if (r > 0 && simulated_ && simulated_result_assumed(*inner_)) ev.result += " (assumed)";
    emit(ev);
    errno = e;
    return r;
  }
  int connect(int fd, const sockaddr* addr, socklen_t len) override {
    return done({"connect", {{"fd", std::to_string(fd)}, {"address", describe_address(addr, len)}}, {}, {}},
                inner_->connect(fd, addr, len));
  }

  int stat(const std::string& path, struct stat* st) override { return inner_->stat(path, st); }
  int lstat(const std::string& path, struct stat* st) override { return inner_->lstat(path, st); }
  int access(const std::string& path, int mode) override { return inner_->access(path, mode); }
  bool isatty(int fd) override { return inner_->isatty(fd); }
  std::optional<std::vector<std::string>> list_directory(const std::string& dir) override {
    return inner_->list_directory(dir);
  }
  int glob(const std::string& pattern, int flags, std::vector<std::string>& out) override {
    return inner_->glob(pattern, flags, out);
  }
  int unlink(const std::string& path) override { return done({"unlink", {{"path", path}}, {}, {}}, inner_->unlink(path)); }
  int rename(const std::string& from, const std::string& to) override {
    return done({"rename", {{"from", from}, {"to", to}}, {}, {}}, inner_->rename(from, to));
  }
  int chmod(const std::string& path, mode_t mode) override {
    return done({"chmod", {{"path", path}, {"mode", octal(mode)}}, {}, {}}, inner_->chmod(path, mode));
  }
  int lchown(const std::string& path, uid_t uid, gid_t gid) override {
    return done({"chown", {{"path", path}, {"uid", std::to_string(uid)}, {"gid", std::to_string(gid)}}, {}, {}},
                inner_->lchown(path, uid, gid));
  }

 private:
  std::unique_ptr<System> inner_;
  ReportFormat format_;
  int out_fd_;
  bool simulated_;
  Location at_;
  std::string builtin_;
  unsigned depth_ = 0;
  std::string process_ = "0";  // "0", its children "0.1", "0.2", theirs "0.1.1"...
  pid_t connection_pid_ = 0;    // in a connection's child: its pid, on each line
  unsigned forks_ = 0;
  // Dry run: a child's plan, held until its fork is shown, and its shape:
  // the same steps with the pids left out, to see a round repeat.
  struct Capture {
    std::string text, shape;
  };
  std::vector<Capture> captures_;
  struct Round {
    std::string shape;
    unsigned alike = 0;  // rounds in a row alike before this one
  };
  std::map<std::string, Round> last_round_;
  static constexpr unsigned rounds_alike = 3;

  static Effect fd_pair(std::string op, int from, int to) {
    return {std::move(op), {{"from", std::to_string(from)}, {"to", std::to_string(to)}}, {}, {}};
  }
  int done(Effect e, int r) {
    const int saved = errno;
    if (r < 0) e.result = error_text();
    emit(e);
    errno = saved;
    return r;
  }
  int fd_result(Effect e, int fd) {
    const int saved = errno;
    e.result = fd < 0 ? error_text() : "fd " + std::to_string(fd);
    emit(e);
    errno = saved;
    return fd;
  }
  std::optional<std::string> read(int fd, std::optional<std::string> r) {
    const int saved = errno;
    Effect e{"read", {{"fd", std::to_string(fd)}}, {}, {}};
    e.result = !r ? error_text() : std::to_string(r->size()) + " bytes";
    if (r && simulated_ && simulated_result_assumed(*inner_)) e.result += " (assumed)";
    emit(e);
    errno = saved;
    return r;
  }
  // The trace's own fd is never the target of the script's moves: it moves first.
  void keep_out_of_the_way(int to) {
    if (simulated_ || to != out_fd_) return;
    const int moved = ::fcntl(out_fd_, F_DUPFD_CLOEXEC, out_fd_ + 1);
    if (moved < 0) return;
    ::close(out_fd_);
    out_fd_ = moved;
  }

  std::string render(const Effect& e) const {
    if (format_ == ReportFormat::json) {
      nlohmann::ordered_json j;
      j["file"] = at_.file ? *at_.file : "";
      j["line"] = at_.line;
      j["column"] = at_.column;
      j["builtin"] = builtin_;
      j["op"] = e.op;
      nlohmann::ordered_json args = nlohmann::ordered_json::object();
      for (const auto& [k, v] : e.args) args[k] = v;
      j["args"] = args;
      if (!e.argv.empty()) j["argv"] = e.argv;
      if (!e.result.empty()) j["result"] = e.result;
      j["depth"] = depth_;
      j["process"] = process_;
      if (connection_pid_) j["pid"] = connection_pid_;
      return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    std::string s(2 * depth_, ' ');
    if (connection_pid_) s += "[pid " + std::to_string(connection_pid_) + "] ";
    if (at_.file) s += to_string(at_) + ": ";
    s += std::string(builtin_) + ": " + e.op;
    for (const auto& [k, v] : e.args) s += " " + k + "=" + quoted(v);
    for (const auto& a : e.argv) s += " " + quoted(a);
    if (!e.result.empty()) s += " -> " + e.result;
    return s;
  }
  void emit(const Effect& e) { write({render(e) + "\n", captures_.empty() ? std::string() : shape(e)}); }
  std::string shape(const Effect& e) const {
    std::string s = to_string(at_) + " " + e.op;
    for (const auto& [k, v] : e.args)
      if (k != "pid" && k != "child" && !(e.op == "setenv" && k == "!")) s += " " + k + "=" + v;
    for (const auto& a : e.argv) s += " " + a;
    if (e.op != "fork" && e.op != "wait") s += " -> " + e.result;
    return s + "\n";
  }
  void write(const Capture& c) {
    if (!captures_.empty()) {
      captures_.back().text += c.text;
      captures_.back().shape += c.shape;
      return;
    }
    const std::string& text = c.text;
    size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(out_fd_, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }
};

// A copy of fd, close-on-exec, high enough that the script's lowest free fds
// never meet it.
int private_copy(int fd) {
  rlimit r{};
  ::getrlimit(RLIMIT_NOFILE, &r);
  const long top = r.rlim_cur == RLIM_INFINITY || r.rlim_cur > 1024 ? 1024 : static_cast<long>(r.rlim_cur);
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, static_cast<int>(top > 64 ? top - 16 : 10));
  if (copy < 0) copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  return copy < 0 ? fd : copy;
}

}  // namespace

std::unique_ptr<System> make_dry_system(ReportFormat format, int out_fd) {
  return std::make_unique<ReportingSystem>(make_simulated_system(), format, out_fd, true);
}

std::unique_ptr<System> make_trace_system(ReportFormat format, int err_fd) {
  return std::make_unique<ReportingSystem>(make_real_system(), format, private_copy(err_fd), false);
}

}  // namespace chainscript
