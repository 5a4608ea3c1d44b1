// Running a child: the one place that starts processes (Boost.Process), for
// run() and for Proc alike.
#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/start_dir.hpp>
#include <cerrno>
#include <cstring>
#include <ostream>
#include <regex>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "harness.hpp"

namespace bp = boost::process;

namespace harness {

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), "harness: " + what);
}

// An fd of the test process, closed on destruction.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(Fd&& o) noexcept : fd(std::exchange(o.fd, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    reset();
    fd = std::exchange(o.fd, -1);
    return *this;
  }
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// A close-on-exec copy of fd at base or above.
Fd copy_above(int fd, int base) {
  const int c = ::fcntl(fd, F_DUPFD_CLOEXEC, base);
  if (c < 0) fail("cannot copy fd " + std::to_string(fd));
  return Fd(c);
}

// What the child reads on stdin: /dev/null, or a memory file holding the data.
Fd stdin_for(const std::string& data) {
  if (data.empty()) {
    const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail("cannot open /dev/null");
    return Fd(fd);
  }
  Fd f(::memfd_create("harness-stdin", MFD_CLOEXEC));
  if (f.fd < 0) fail("memfd_create");
  for (size_t done = 0; done < data.size();) {
    const ssize_t n = ::write(f.fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write stdin data");
    done += static_cast<size_t>(n);
  }
  if (::lseek(f.fd, 0, SEEK_SET) < 0) fail("lseek");
  return f;
}

bp::environment environment_for(const Launch& l) {
  bp::environment env = boost::this_process::environment();
  if (l.empty_env) env.clear();
  // erase() alone, which does nothing when the name is absent: Boost 1.74's
  // environment::find compares past the end of an entry shorter than the
  // name (AddressSanitizer reports it).
  auto erase = [&env](const std::string& name) { env.erase(name); };
  for (const char* name :
       {"LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "UPSTART_FDS", "UPSTART_EVENTS", "UID", "GID", "GIDLIST"})
    erase(name);
  for (const auto& name : l.unset_env) erase(name);
  for (const auto& [name, value] : l.set_env) env[name] = value;
  return env;
}

std::string format_ms(std::chrono::milliseconds ms) { return std::to_string(ms.count()) + " ms"; }

}  // namespace

std::ostream& operator<<(std::ostream& os, const Result& r) {
  if (r.exited) os << "exit " << r.code;
  else if (r.signal) os << "killed by signal " << r.signal;
  else os << "not ended";
  if (r.timed_out) os << " (TIMED OUT: killed by the harness)";
  return os << ", pid " << r.pid << ", " << format_ms(r.elapsed) << "\n--- stdout ---\n"
            << r.out << "\n--- stderr ---\n"
            << r.err << "\n---";
}

Launch command(std::vector<std::string> argv) {
  if (argv.empty()) throw std::invalid_argument("harness::command: no program");
  Launch l;
  l.program = argv.front();
  l.args.assign(argv.begin() + 1, argv.end());
  return l;
}

Launch cs(const std::string& script, const std::vector<std::string>& flags) {
  Launch l;
  l.args = flags;
  l.args.push_back("-c");
  l.args.push_back(script);
  return l;
}

struct Proc::Impl {
  Launch launch;
  bp::child child;
  Fd out, err;  // read ends of the child's stdout and stderr, non-blocking
  Fd pidfd;     // readable when the child has ended (-1: poll every 2 ms instead)
  std::string buf[2];
  bool eof[2] = {false, false};
  Clock::time_point start;
  std::optional<Result> result;

  int fd_of(int s) const { return s == 0 ? out.fd : err.fd; }

  // Reads what the pipes have; one poll of at most wait (also woken when the
  // child ends, if with_child).
  void pump(std::chrono::milliseconds wait, bool with_child) {
    pollfd p[3];
    int which[3];
    nfds_t n = 0;
    for (int s = 0; s < 2; ++s) {
      if (eof[s]) continue;
      p[n] = {fd_of(s), POLLIN, 0};
      which[n++] = s;
    }
    if (with_child && pidfd.fd >= 0) {
      p[n] = {pidfd.fd, POLLIN, 0};
      which[n++] = -1;
    }
    if (with_child && pidfd.fd < 0) wait = std::min(wait, std::chrono::milliseconds(2));
    const int r = ::poll(p, n, static_cast<int>(std::max<long long>(0, wait.count())));
    if (r <= 0) return;
    for (nfds_t i = 0; i < n; ++i)
      if (which[i] >= 0 && (p[i].revents & (POLLIN | POLLHUP | POLLERR))) drain(which[i]);
  }

  // Reads stream s until it has nothing more right now.
  void drain(int s) {
    char chunk[65536];
    while (!eof[s]) {
      const ssize_t got = ::read(fd_of(s), chunk, sizeof chunk);
      if (got > 0) {
        buf[s].append(chunk, static_cast<size_t>(got));
      } else if (got == 0) {
        eof[s] = true;
      } else if (errno == EINTR) {
        continue;
      } else {
        if (errno != EAGAIN) eof[s] = true;
        return;
      }
    }
  }
};

Proc::Proc(const Launch& launch) : impl_(std::make_unique<Impl>()) {
  Impl& im = *impl_;
  im.launch = launch;

  // Every fd the child gets is first copied at or above base, beyond every fd
  // number the child is to have, so that placing one never overwrites another.
  int base = 10;
  for (const auto& [to, from] : launch.fds) {
    if (to < 3) throw std::invalid_argument("harness: Launch::fds is for fds above 2");
    base = std::max(base, to + 1);
  }
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) < 0) fail("pipe2");
  Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) < 0) fail("pipe2");
  Fd err_read(err_pipe[0]), err_write(err_pipe[1]);

  std::vector<Fd> sources;  // closed here once the child has its copies
  std::vector<std::pair<int, int>> placement;  // child fd <- source fd
  auto place = [&](int to, int from) {
    sources.push_back(copy_above(from, base));
    placement.emplace_back(to, sources.back().fd);
  };
  {
    const Fd in = stdin_for(launch.stdin_data);
    place(0, in.fd);
  }
  place(1, out_write.fd);
  place(2, err_write.fd);
  for (const auto& [to, from] : launch.fds) place(to, from);
  out_write.reset();
  err_write.reset();
  im.out = std::move(out_read);
  im.err = std::move(err_read);
  for (const Fd* f : {&im.out, &im.err})
    if (::fcntl(f->fd, F_SETFL, ::fcntl(f->fd, F_GETFL) | O_NONBLOCK) < 0) fail("fcntl O_NONBLOCK");

  sigset_t blocked;
  sigemptyset(&blocked);
  for (int s : launch.block_signals) sigaddset(&blocked, s);
  std::vector<int> ignored = launch.ignore_signals;

  // In the child, between fork and exec: only async-signal-safe calls.
  auto setup = [&placement, &blocked, &ignored](auto&) {
    // Everything of the test process past 2 is closed at exec (Boost.Process's
    // own error pipe included, which must stay open until then)...
    ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
    // ...but the fds placed here: dup2 makes a new fd without close-on-exec.
    for (const auto& [to, from] : placement) ::dup2(from, to);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int s = 1; s < NSIG; ++s)
      if (s != SIGKILL && s != SIGSTOP) ::sigaction(s, &dfl, nullptr);
    struct sigaction ign {};
    ign.sa_handler = SIG_IGN;
    for (int s : ignored) ::sigaction(s, &ign, nullptr);
    ::sigprocmask(SIG_SETMASK, &blocked, nullptr);
  };

  bp::environment env = environment_for(launch);
  im.start = Clock::now();
  if (launch.cwd.empty())
    im.child = bp::child(bp::exe = launch.program, bp::args = launch.args, bp::env = env,
                         bp::extend::on_exec_setup = setup);
  else
    im.child = bp::child(bp::exe = launch.program, bp::args = launch.args, bp::env = env,
                         bp::start_dir = launch.cwd, bp::extend::on_exec_setup = setup);
  const int pfd = static_cast<int>(::syscall(SYS_pidfd_open, im.child.id(), 0));
  if (pfd >= 0) {
    ::fcntl(pfd, F_SETFD, FD_CLOEXEC);
    im.pidfd = Fd(pfd);
  }
}

Proc::~Proc() {
  if (!impl_ || impl_->result || !impl_->child.valid()) return;
  std::error_code ec;
  if (impl_->child.running(ec)) {
    ::kill(impl_->child.id(), SIGKILL);
    impl_->child.wait(ec);
  }
}

pid_t Proc::pid() const { return impl_->child.id(); }

std::optional<std::string> Proc::wait_for(Stream s, const std::string& regex, int timeout_ms) {
  const std::regex re(regex);
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    std::smatch m;
    if (std::regex_search(impl_->buf[s], m, re)) return m.size() > 1 ? m[1].str() : m[0].str();
    const auto now = Clock::now();
    if (impl_->eof[s] || now >= deadline) return std::nullopt;
    impl_->pump(std::chrono::ceil<std::chrono::milliseconds>(deadline - now), false);
  }
}

const Result& Proc::finish() {
  Impl& im = *impl_;
  if (im.result) return *im.result;
  Result r;
  r.pid = im.child.id();
  const auto deadline = Clock::now() + im.launch.timeout;
  std::error_code ec;
  for (;;) {
    if (!im.child.running(ec) || ec) break;
    const auto now = Clock::now();
    if (now >= deadline) {
      r.timed_out = true;
      ::kill(im.child.id(), SIGKILL);
      im.child.wait(ec);
      break;
    }
    im.pump(std::chrono::ceil<std::chrono::milliseconds>(deadline - now), true);
  }
  r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - im.start);
  // What the child wrote before it ended is in the pipes; a process it left
  // behind may hold them open and write more, which is not waited for.
  im.drain(0);
  im.drain(1);
  const int status = im.child.native_exit_code();
  r.exited = WIFEXITED(status);
  r.code = r.exited ? WEXITSTATUS(status) : -1;
  r.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  r.out = im.buf[0];
  r.err = im.buf[1];
  im.result = std::move(r);
  return *im.result;
}

Result run(const Launch& launch) {
  Proc p(launch);
  return p.finish();
}

Result chainscript(std::vector<std::string> args) {
  Launch l;
  l.args = std::move(args);
  return run(l);
}

}  // namespace harness
