#include "harness.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/filesystem.hpp>
#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>
#include <boost/process/pipe.hpp>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

namespace bp = boost::process;

namespace lt {

const std::string chainscript = CHAINSCRIPT_BIN;
const std::string socket_peer = SOCKET_PEER_BIN;
const std::string sd_names = SD_NAMES_BIN;
const std::string activator = ACTIVATOR_BIN;

bool is_root() { return ::geteuid() == 0; }

std::string find_program(const std::string& name) {
  for (const char* dir : {"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"}) {
    const std::string p = std::string(dir) + "/" + name;
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return {};
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/lst.XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  path_ = tmpl;
}

TempDir::~TempDir() {
  boost::system::error_code ec;
  boost::filesystem::remove_all(path_, ec);
}

std::ostream& operator<<(std::ostream& os, const Result& r) {
  return os << "status " << r.status << (r.timed_out ? " (timed out, killed)" : "") << "\n--- stdout ---\n"
            << r.out << "--- stderr ---\n"
            << r.err << "---";
}

namespace {

long long now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

bp::environment child_environment(const EnvChanges& changes) {
  bp::environment env = boost::this_process::environment();
  for (const char* name : {"LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "UPSTART_FDS", "UPSTART_EVENTS", "UID", "GID",
                           "GIDLIST"})
    if (env.find(name) != env.end()) env.erase(name);
  for (const auto& [name, value] : changes) {
    if (value) env[name] = *value;
    else if (env.find(name) != env.end()) env.erase(name);
  }
  return env;
}

}  // namespace

struct Proc::Impl {
  bp::pipe out_pipe, err_pipe;
  bp::child child;
  std::string buf[2];
  bool eof[2] = {false, false};

  // Reads what is there (at most until deadline); false when nothing more will come.
  bool pump(long long deadline) {
    pollfd p[2];
    int n = 0;
    int which[2];
    for (int s = 0; s < 2; ++s) {
      if (eof[s]) continue;
      p[n] = {s == 0 ? out_pipe.native_source() : err_pipe.native_source(), POLLIN, 0};
      which[n++] = s;
    }
    if (n == 0) return false;
    const long long left = deadline - now_ms();
    if (left <= 0) return false;
    const int r = ::poll(p, static_cast<nfds_t>(n), static_cast<int>(left));
    if (r < 0 && errno != EINTR) return false;
    for (int i = 0; i < n && r > 0; ++i) {
      if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char chunk[65536];
      const ssize_t got = ::read(p[i].fd, chunk, sizeof chunk);
      if (got > 0) buf[which[i]].append(chunk, static_cast<size_t>(got));
      else if (got == 0 || (errno != EINTR && errno != EAGAIN)) eof[which[i]] = true;
    }
    return true;
  }
};

Proc::Proc(const std::vector<std::string>& argv, const EnvChanges& env) : impl_(std::make_unique<Impl>()) {
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  impl_->child = bp::child(
      bp::exe = argv.at(0), bp::args = rest, bp::std_in < bp::null, bp::std_out > impl_->out_pipe,
      bp::std_err > impl_->err_pipe, bp::env = child_environment(env),
      // Nothing of the test process leaks into the chain: every fd past 2
      // is close-on-exec (the fds a test hands over are made by the chain itself).
      bp::extend::on_exec_setup = [](auto&) { ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC); });
}

Proc::~Proc() {
  if (impl_ && impl_->child.valid() && impl_->child.running()) {
    std::error_code ec;
    impl_->child.terminate(ec);
  }
}

pid_t Proc::pid() const { return impl_->child.id(); }

std::optional<std::string> Proc::wait_for(Stream s, const std::regex& re, int timeout_ms) {
  const long long deadline = now_ms() + timeout_ms;
  for (;;) {
    std::smatch m;
    if (std::regex_search(impl_->buf[s], m, re)) return m.size() > 1 ? m[1].str() : m[0].str();
    if (impl_->eof[s] || !impl_->pump(deadline)) {
      if (std::regex_search(impl_->buf[s], m, re)) return m.size() > 1 ? m[1].str() : m[0].str();
      return std::nullopt;
    }
  }
}

Result Proc::finish(int timeout_ms) {
  const long long deadline = now_ms() + timeout_ms;
  Result r;
  while (!(impl_->eof[0] && impl_->eof[1]) && impl_->pump(deadline)) {
  }
  std::error_code ec;
  if (!(impl_->eof[0] && impl_->eof[1])) {
    r.timed_out = true;
    impl_->child.terminate(ec);
  } else {
    // (child::wait_for of Boost 1.74 can sleep its whole timeout: poll instead.)
    while (impl_->child.running(ec) && now_ms() < deadline) ::usleep(2000);
    if (impl_->child.running(ec)) {
      r.timed_out = true;
      impl_->child.terminate(ec);
    }
  }
  if (!r.timed_out) {
    const int native = impl_->child.native_exit_code();
    r.status = WIFSIGNALED(native) ? 128 + WTERMSIG(native) : WEXITSTATUS(native);
  }
  r.out = impl_->buf[0];
  r.err = impl_->buf[1];
  return r;
}

Result run(const std::vector<std::string>& argv, const EnvChanges& env, int timeout_ms) {
  Proc p(argv, env);
  return p.finish(timeout_ms);
}

std::vector<std::string> cs(const std::string& script, const std::vector<std::string>& flags) {
  std::vector<std::string> argv{chainscript};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back("-c");
  argv.push_back(script);
  return argv;
}

std::string q(const std::string& word) {
  if (word.find('\'') != std::string::npos) throw std::invalid_argument("q: quote in " + word);
  return "'" + word + "'";
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> v;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

bool has_line(const std::string& text, const std::string& line) {
  for (const auto& l : lines(text))
    if (l == line) return true;
  return false;
}

std::optional<std::string> after(const std::string& text, const std::string& prefix) {
  for (const auto& l : lines(text))
    if (l.rfind(prefix, 0) == 0) return l.substr(prefix.size());
  return std::nullopt;
}

std::optional<std::string> sockopt(const std::string& out, int fd, const std::string& name) {
  return after(out, "sockopt " + std::to_string(fd) + " " + name + "=");
}

std::optional<std::string> env_of(const std::string& out, const std::string& name) {
  return after(out, "env " + name + "=");
}

std::optional<std::string> fd_line(const std::string& out, int fd) {
  const std::string prefix = "fd " + std::to_string(fd) + " ";
  for (const auto& l : lines(out))
    if (l.rfind(prefix, 0) == 0) return l;
  return std::nullopt;
}

std::optional<std::string> without_addr(const std::optional<std::string>& line) {
  if (!line) return line;
  return line->substr(0, line->find(" addr="));
}

int port_in(const std::string& text) {
  static const std::regex re(R"((?:bound |sockname \d+ )\[?[0-9a-fA-F.:]*\]?:(\d+))");
  std::smatch m;
  if (!std::regex_search(text, m, re)) return -1;
  return std::stoi(m[1].str());
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

stat_result lstat_of(const std::string& path) {
  struct stat st {};
  stat_result r;
  if (::lstat(path.c_str(), &st) != 0) return r;
  r.ok = true;
  r.mode = st.st_mode;
  r.uid = st.st_uid;
  r.gid = st.st_gid;
  r.ino = st.st_ino;
  return r;
}

std::vector<std::string> dir_entries(const std::string& dir) {
  std::vector<std::string> v;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d))
      if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) v.emplace_back(e->d_name);
    ::closedir(d);
  }
  std::sort(v.begin(), v.end());
  return v;
}

namespace {

void set_timeouts(int fd) {
  timeval tv{kIoTimeoutMs / 1000, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

sockaddr_un unix_address(const std::string& path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
  return a;
}

// Reads an answer: up to '\n' on a stream, one message otherwise, or to EOF.
std::string read_answer(int fd) {
  int type = 0;
  socklen_t l = sizeof type;
  ::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &l);
  std::string got;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
    if (type != SOCK_STREAM || got.find('\n') != std::string::npos) break;
  }
  return got;
}

}  // namespace

int connect_inet(int family, const std::string& addr, int port, int type) {
  const int fd = ::socket(family, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  set_timeouts(fd);
  sockaddr_storage ss{};
  socklen_t len = 0;
  if (family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&ss);
    in->sin_family = AF_INET;
    in->sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, addr.c_str(), &in->sin_addr);
    len = sizeof *in;
  } else {
    auto* in = reinterpret_cast<sockaddr_in6*>(&ss);
    in->sin6_family = AF_INET6;
    in->sin6_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET6, addr.c_str(), &in->sin6_addr);
    len = sizeof *in;
  }
  if (::connect(fd, reinterpret_cast<sockaddr*>(&ss), len) < 0) {
    const int e = errno;
    ::close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

int connect_unix(const std::string& path, int type) {
  const int fd = ::socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  set_timeouts(fd);
  const sockaddr_un a = unix_address(path);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) < 0) {
    const int e = errno;
    ::close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

std::string exchange(int fd, const std::string& msg) {
  if (fd < 0) return "connect failed: " + std::string(std::strerror(errno));
  std::string answer;
  if (::send(fd, msg.data(), msg.size(), MSG_NOSIGNAL) < 0)
    answer = "send failed: " + std::string(std::strerror(errno));
  else
    answer = read_answer(fd);
  ::close(fd);
  return answer;
}

std::string udp_exchange(int family, const std::string& addr, int port, const std::string& msg) {
  return exchange(connect_inet(family, addr, port, SOCK_DGRAM), msg);
}

std::string unix_dgram_exchange(const std::string& server, const std::string& client_path, const std::string& msg) {
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return "socket failed";
  set_timeouts(fd);
  const sockaddr_un me = unix_address(client_path);
  ::unlink(client_path.c_str());
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&me), sizeof me) < 0) {
    ::close(fd);
    return "bind failed: " + std::string(std::strerror(errno));
  }
  const sockaddr_un to = unix_address(server);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) < 0) {
    const std::string e = std::strerror(errno);
    ::close(fd);
    return "connect failed: " + e;
  }
  return exchange(fd, msg);
}

UnixServer::UnixServer(const std::string& path, int type, bool listening) {
  fd_ = ::socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
  const sockaddr_un a = unix_address(path);
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<const sockaddr*>(&a), sizeof a) < 0 ||
      (listening && type != SOCK_DGRAM && ::listen(fd_, 5) < 0))
    throw std::runtime_error("UnixServer " + path + ": " + std::strerror(errno));
}

UnixServer::~UnixServer() {
  if (fd_ >= 0) ::close(fd_);
}

void make_stale_socket(const std::string& path) {
  UnixServer s(path, SOCK_STREAM);
}

}  // namespace lt
