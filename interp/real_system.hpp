// The System that does it. TraceSystem derives from it to report each call.
#pragma once
#include "system.hpp"

namespace chainscript {

class RealSystem : public System {
 public:
  int open(const std::string& path, int flags, mode_t mode) override;
  int close(int fd) override;
  int place(int from, int to) override;
  int copy(int from, int to) override;
  int pipe(int fds[2]) override;
  bool is_open(int fd) override;
  int set_nonblocking(int fd, bool on) override;
  int set_cloexec(int fd, bool on) override;
  std::optional<std::string> read_all(int fd) override;
  int write_all(int fd, const std::string& data) override;
  std::optional<std::string> read_some(int fd) override;
  int chdir(const std::string& dir) override;
  mode_t umask(mode_t mask) override;
  int setgroups(const std::vector<gid_t>& groups) override;
  int setgid(gid_t gid) override;
  int setuid(uid_t uid) override;
  int set_fs_ids(uid_t uid, gid_t gid) override;
  pid_t getpid() override;
  int chroot(const std::string& dir) override;
  int setrlimit(int resource, rlim_t soft, rlim_t hard, std::string_view what) override;
  pid_t setsid() override;
  int setpgid(pid_t pid, pid_t pgid) override;
  pid_t spawn(Context& ctx, const std::function<int(Context&)>& body) override;
  pid_t wait(pid_t pid, int* status, int options) override;
  int exec(const std::vector<std::string>& argv, const std::string& file,
           const std::vector<std::string>& envp) override;
  int socket(int domain, int type, int protocol) override;
  int setsockopt(int fd, int level, int name, const void* value, socklen_t len, std::string_view what) override;
  int bind(int fd, const sockaddr* addr, socklen_t len, std::string_view what) override;
  int listen(int fd, int backlog) override;
  int getsockname(int fd, sockaddr* addr, socklen_t* len) override;
  int connect(int fd, const sockaddr* addr, socklen_t len, std::string_view what) override;
  int lstat(const std::string& path, struct stat* st) override;
  int unlink(const std::string& path) override;
  int rename(const std::string& from, const std::string& to) override;
  int chmod(const std::string& path, mode_t mode) override;
  int lchown(const std::string& path, uid_t uid, gid_t gid) override;
};

// Prints a failure the way every part of chainscript does, on stderr.
void print_failure(const struct Failure& f);

}  // namespace chainscript
