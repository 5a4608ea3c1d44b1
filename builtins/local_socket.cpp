#include "local_socket.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "socket_activation.hpp"

namespace chainscript {

void check_socket_path(const Word& path, const Builtin& b) {
  if (path.text.empty()) usage_error(path.at, b, "empty socket path");
  if (path.text.size() >= sizeof(sockaddr_un{}.sun_path))
    usage_error(path.at, b, "socket path is longer than " + std::to_string(sizeof(sockaddr_un{}.sun_path) - 1) +
                                " bytes: " + path.text);
}

namespace {

sockaddr_un address(const std::string& path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path, path.data(), std::min(path.size(), sizeof a.sun_path - 1));
  return a;
}

// Is somebody accepting or receiving on the socket at path?
bool live(Context& ctx, const std::string& path) {
  const sockaddr_un a = address(path);
  for (int type : {SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM}) {
    const int probe = ctx.system->socket(AF_UNIX, type, 0);
    if (probe < 0) return false;
    const int r = ctx.system->connect(probe, reinterpret_cast<const sockaddr*>(&a), sizeof a, path);
    const int e = errno;
    ctx.system->close(probe);
    if (r == 0) return true;
    if (e != EPROTOTYPE) return false;
  }
  return false;
}

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

void bind_local(Context& ctx, int fd, int, const LocalBind& how) {
  auto* sys = ctx.system;
  const std::string& path = how.path;
  const std::string dir = parent_of(path);
  struct stat st {};
  if (sys->lstat(dir, &st) < 0) fail_closing(ctx, fd, "directory " + dir + " of " + path);
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    fail_closing(ctx, fd, "directory " + dir + " of " + path);
  }
  if (sys->lstat(path, &st) == 0) {
    if (how.delete_anything) {
      if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        fail_closing(ctx, fd, "unable to delete " + path);
      }
    } else if (!S_ISSOCK(st.st_mode)) {
      errno = EEXIST;
      fail_closing(ctx, fd, path + " exists and is not a socket; left untouched");
    } else if (live(ctx, path)) {
      errno = EADDRINUSE;
      fail_closing(ctx, fd, "a live socket is already at " + path);
    }
  }
  // The temporary name: beside the path, so rename() is atomic; private while
  // mode and owner are being set.
  std::string tmp = dir + "/.chainscript." + std::to_string(sys->getpid()) + "." +
                    path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  if (tmp.size() >= sizeof(sockaddr_un{}.sun_path)) tmp = dir + "/.cs" + std::to_string(sys->getpid());
  if (tmp.size() >= sizeof(sockaddr_un{}.sun_path)) {
    errno = ENAMETOOLONG;
    fail_closing(ctx, fd, "no room for a temporary name beside " + path);
  }
  sys->unlink(tmp);
  const sockaddr_un a = address(tmp);
  const mode_t old_mask = sys->umask(0177);
  const int bound = sys->bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a, tmp);
  const int bind_errno = errno;
  sys->umask(old_mask);
  if (bound < 0) {
    errno = bind_errno;
    fail_closing(ctx, fd, "bind " + path);
  }
  const auto undo = [&](const std::string& what) {
    const int e = errno;
    sys->unlink(tmp);
    errno = e;
    fail_closing(ctx, fd, what);
  };
  if ((how.uid || how.gid) && sys->lchown(tmp, how.uid.value_or(static_cast<uid_t>(-1)),
                                          how.gid.value_or(static_cast<gid_t>(-1))) < 0)
    undo("unable to set the owner of " + path);
  if (sys->chmod(tmp, how.mode) < 0) undo("unable to set the mode of " + path);
  if (sys->rename(tmp, path) < 0) undo("unable to put the socket at " + path);
}

}  // namespace chainscript
