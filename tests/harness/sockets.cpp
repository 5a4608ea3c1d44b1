#include "sockets.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <regex>
#include <stdexcept>

#include "harness.hpp"

namespace harness {

namespace {

void set_timeouts(int fd) {
  timeval tv{kIoTimeoutMs / 1000, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// A Unix address and its length; "@name" is the abstract name, its length
// exactly the name's (as chainscript, systemd and socat bind it).
struct UnixAddress {
  sockaddr_un a{};
  socklen_t length = sizeof a;
  explicit UnixAddress(const std::string& path) {
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
    if (!path.empty() && path[0] == '@') {
      a.sun_path[0] = '\0';
      length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + std::min(path.size(), sizeof a.sun_path));
    }
  }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&a); }
};

// Reads an answer: up to '\n' on a stream, one message otherwise, or to EOF
// (with to_end, always to EOF).
std::string read_answer(int fd, bool to_end = false) {
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
    if (!to_end && (type != SOCK_STREAM || got.find('\n') != std::string::npos)) break;
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
  const UnixAddress a(path);
  if (::connect(fd, a.get(), a.length) < 0) {
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

std::string talk(int fd, const std::string& msg) {
  if (fd < 0) return "connect failed: " + std::string(std::strerror(errno));
  if (!msg.empty()) ::send(fd, msg.data(), msg.size(), MSG_NOSIGNAL);
  std::string answer = read_answer(fd, true);
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
  const UnixAddress me(client_path);
  ::unlink(client_path.c_str());
  if (::bind(fd, me.get(), me.length) < 0) {
    ::close(fd);
    return "bind failed: " + std::string(std::strerror(errno));
  }
  const UnixAddress to(server);
  if (::connect(fd, to.get(), to.length) < 0) {
    const std::string e = std::strerror(errno);
    ::close(fd);
    return "connect failed: " + e;
  }
  return exchange(fd, msg);
}

UnixServer::UnixServer(const std::string& path, int type, bool listening) {
  fd_ = ::socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
  const UnixAddress a(path);
  if (fd_ < 0 || ::bind(fd_, a.get(), a.length) < 0 ||
      (listening && type != SOCK_DGRAM && ::listen(fd_, 5) < 0)) {
    const std::string e = std::strerror(errno);
    if (fd_ >= 0) ::close(fd_);
    throw std::runtime_error("UnixServer " + path + ": " + e);
  }
}

UnixServer::~UnixServer() {
  if (fd_ >= 0) ::close(fd_);
}

void make_stale_socket(const std::string& path) { UnixServer s(path, SOCK_STREAM); }

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

bool reported_fd(Proc& p, int fd) {
  return p.wait_for(Proc::out, "fd " + std::to_string(fd) + " [^\n]*\n").has_value();
}

}  // namespace harness
