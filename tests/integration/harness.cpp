#include "harness.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <boost/process/posix.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace bp = boost::process;

namespace it {

namespace {

// A temporary file opened close-on-exec, so that the child keeps only the copy
// Boost.Process puts on 0, 1 or 2.
struct File {
  FILE* f = nullptr;
  File(const std::string& path, const char* mode) : f(std::fopen(path.c_str(), mode)) {
    if (!f) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  }
  ~File() {
    if (f) std::fclose(f);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
};

// A pipe whose ends are both close-on-exec and above 9, so that binding the
// write end to fd 5 in the child always makes a new, inheritable fd 5.
struct HighPipe {
  int read = -1, write = -1;
  HighPipe() {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) < 0) throw std::runtime_error("pipe2 failed");
    read = ::fcntl(p[0], F_DUPFD_CLOEXEC, 10);
    write = ::fcntl(p[1], F_DUPFD_CLOEXEC, 10);
    ::close(p[0]);
    ::close(p[1]);
    if (read < 0 || write < 0) throw std::runtime_error("fcntl F_DUPFD_CLOEXEC failed");
  }
  ~HighPipe() {
    if (read >= 0) ::close(read);
    if (write >= 0) ::close(write);
  }
};

// Blocks signals in this process for as long as it lives (the child inherits the mask).
struct MaskGuard {
  sigset_t old;
  explicit MaskGuard(const std::vector<int>& signals) {
    sigset_t set;
    sigemptyset(&set);
    for (int s : signals) sigaddset(&set, s);
    ::sigprocmask(SIG_BLOCK, &set, &old);
  }
  ~MaskGuard() { ::sigprocmask(SIG_SETMASK, &old, nullptr); }
};

// Signals ignored in the child as it starts (exec keeps SIG_IGN), as nohup does.
struct IgnoreGuard {
  std::vector<std::pair<int, struct sigaction>> old;
  explicit IgnoreGuard(const std::vector<int>& signals) {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    for (int s : signals) {
      old.emplace_back(s, (struct sigaction){});
      ::sigaction(s, &ignore, &old.back().second);
    }
  }
  ~IgnoreGuard() {
    for (const auto& [s, a] : old) ::sigaction(s, &a, nullptr);
  }
};

}  // namespace

std::ostream& operator<<(std::ostream& os, const Result& r) {
  os << "{";
  if (r.timed_out) os << "TIMED OUT, ";
  if (r.exited) os << "exit " << r.code;
  else os << "killed by signal " << r.signal;
  return os << ", stdout=\"" << r.out << "\", stderr=\"" << r.err << "\"}";
}

Result run(const Launch& r) {
  TempDir io;
  const std::string in_path = io.write("stdin", r.stdin_data);
  const std::string out_path = io / "stdout", err_path = io / "stderr";
  Result result;
  {
    File in(in_path, "re"), out(out_path, "we"), err(err_path, "we");
    bp::environment env = boost::this_process::environment();
    if (r.empty_env) env.clear();
    for (const auto& k : r.unset_env) env.erase(k);
    for (const auto& [k, v] : r.set_env) env[k] = v;
    std::optional<HighPipe> fd5;
    if (r.pipe_on_fd5) fd5.emplace();
    const boost::filesystem::path cwd = r.cwd.empty() ? boost::filesystem::current_path() : r.cwd;

    const auto start = std::chrono::steady_clock::now();
    bp::child child;
    {
      MaskGuard mask(r.block_signals);
      IgnoreGuard ignored(r.ignore_signals);
      if (fd5)
        child = bp::child(r.program, bp::args(r.args), env, bp::std_in < in.f, bp::std_out > out.f,
                          bp::std_err > err.f, bp::start_dir(cwd), bp::posix::fd.bind(5, fd5->write),
                          bp::limit_handles);
      else
        child = bp::child(r.program, bp::args(r.args), env, bp::std_in < in.f, bp::std_out > out.f,
                          bp::std_err > err.f, bp::start_dir(cwd), bp::limit_handles);
    }
    if (fd5) {
      ::close(fd5->write);
      fd5->write = -1;
    }
    result.pid = child.id();
    const auto deadline = start + r.timeout;
    std::error_code ec;
    while (child.running(ec) && !ec) {
      if (std::chrono::steady_clock::now() > deadline) {
        result.timed_out = true;
        ::kill(child.id(), SIGKILL);
        child.wait(ec);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    const int status = child.native_exit_code();
    result.exited = WIFEXITED(status);
    result.code = result.exited ? WEXITSTATUS(status) : -1;
    result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  }
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

Result chainscript(std::vector<std::string> args) {
  Launch r;
  r.args = std::move(args);
  return run(r);
}

std::set<int> Probe::fd_numbers() const {
  std::set<int> s;
  for (const auto& [fd, info] : fds) s.insert(fd);
  return s;
}

std::vector<Probe> parse_probes(const std::string& text) {
  std::vector<Probe> out;
  bool past_fds = true;  // the current report has listed its fds (or there is none)
  for (const auto& line : lines(text)) {
    const auto sp = line.find(' ');
    const std::string tag = line.substr(0, sp);
    const std::string rest = sp == std::string::npos ? "" : line.substr(sp + 1);
    if ((tag == "fd" || tag == "argc") && past_fds) {
      out.emplace_back();
      past_fds = tag == "argc";
    } else if (tag == "argc") {
      past_fds = true;
    }
    if (out.empty()) {
      ADD_FAILURE() << "probe report does not start with its fds: " << line;
      return out;
    }
    Probe& p = out.back();
    if (tag == "fd") {
      std::istringstream is(rest);
      int fd = -1;
      std::string state, kind;
      is >> fd >> state >> kind;
      std::string target;
      std::getline(is >> std::ws, target);
      p.fds[fd] = FdInfo{state == "cloexec", kind, target};
    } else if (tag == "argc") {
    } else if (tag == "argv") {
      const auto sp2 = rest.find(' ');
      p.argv.push_back(sp2 == std::string::npos ? "" : rest.substr(sp2 + 1));
    } else if (tag == "env") {
      const auto eq = rest.find('=');
      p.named[rest.substr(0, eq)] = rest.substr(eq + 1);
    } else if (tag == "unset") {
      p.named[rest] = std::nullopt;
    } else if (tag == "environ") {
      const auto eq = rest.find('=');
      p.environ[rest.substr(0, eq)] = eq == std::string::npos ? "" : rest.substr(eq + 1);
    } else if (tag == "sigblk") {
      p.sigblk = rest;
    } else if (tag == "sigign") {
      p.sigign = rest;
    } else if (tag == "cwd") {
      p.cwd = rest;
    } else if (tag == "umask") {
      p.umask = rest;
    } else {
      ADD_FAILURE() << "not a probe report line: " << line;
    }
  }
  return out;
}

Probe parse_probe(const std::string& text) {
  auto all = parse_probes(text);
  if (all.size() != 1) {
    ADD_FAILURE() << "expected one probe report, got " << all.size() << " in:\n" << text;
    return {};
  }
  return all.front();
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/chainscript-it-XXXXXX";
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content, fs::perms mode) const {
  const fs::path p = path_ / name;
  fs::create_directories(p.parent_path());
  {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f << content;
    if (!f) throw std::runtime_error("cannot write " + p.string());
  }
  fs::permissions(p, mode);
  return p.string();
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    out.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

std::string q(const std::string& s) {
  if (s.find('\'') != std::string::npos) throw std::invalid_argument("q: no single quote allowed: " + s);
  return "'" + s + "'";
}

}  // namespace it
