// The listener tests' side of a socket: clients of every kind (all fds
// close-on-exec, every read bounded by kIoTimeoutMs), sockets the test holds,
// and what the final program socket_peer (tests/listeners/socket_peer.c)
// reports about the sockets it inherited.
#pragma once
#include <sys/socket.h>

#include <optional>
#include <string>

#include "harness/harness.hpp"

namespace harness {

// ---- clients ----------------------------------------------------------------------

// Connected socket, or -1 (errno set).
int connect_inet(int family, const std::string& addr, int port, int type = SOCK_STREAM);
int connect_unix(const std::string& path, int type);  // "@name": the abstract name
// Sends msg, reads the answer (to '\n', one message, or EOF), closes fd.
std::string exchange(int fd, const std::string& msg);
// Sends msg (if any), reads to the end of the connection, closes fd: what a
// connection's child wrote ("connect failed: ..." when fd is -1).
std::string talk(int fd, const std::string& msg = "");
// One datagram each way; the client socket is bound (for Unix: at client_path).
std::string udp_exchange(int family, const std::string& addr, int port, const std::string& msg);
std::string unix_dgram_exchange(const std::string& server, const std::string& client_path, const std::string& msg);

// A socket the test keeps listening (or bound) at a Unix path; closed on destruction.
class UnixServer {
 public:
  UnixServer(const std::string& path, int type, bool listening = true);
  ~UnixServer();
  UnixServer(const UnixServer&) = delete;
  UnixServer& operator=(const UnixServer&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

// Creates a stale Unix socket at path: bound, then closed.
void make_stale_socket(const std::string& path);

// ---- what socket_peer reports -------------------------------------------------------

// The final programs, as words of a script.
inline const std::string SP = q(socket_peer);
inline const std::string SD = q(sd_names);

// Waits until socket_peer reports fd N: the listeners are in place by then.
bool reported_fd(Proc& p, int fd);

// "sockopt FD NAME=VALUE" -> VALUE
std::optional<std::string> sockopt(const std::string& out, int fd, const std::string& name);
// "env NAME=VALUE" -> VALUE; nullopt when printed as unset (or absent)
std::optional<std::string> env_of(const std::string& out, const std::string& name);
// The "fd N ..." line of print-fds, or nullopt when fd N was not open.
std::optional<std::string> fd_line(const std::string& out, int fd);
// A print-fds line without its " addr=..." part (for Unix sockets, whose
// address has a test of its own).
std::optional<std::string> without_addr(const std::optional<std::string>& line);
// The port in "bound HOST:PORT" of a trace, or in "sockname FD HOST:PORT"; -1 if none.
int port_in(const std::string& text);

}  // namespace harness
