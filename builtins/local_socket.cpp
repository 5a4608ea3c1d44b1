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

// Is the socket at path stale? Only a refused connection says nobody is there;
// a connection, a full queue (EAGAIN) or anything else means leave it alone.
// The probe is nonblocking, so a busy server cannot make us hang.
bool stale(Context& ctx, const std::string& path, int& why) {
  const sockaddr_un a = address(path);
  for (int type : {SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM}) {
    const int probe = ctx.system->socket(AF_UNIX, type | SOCK_NONBLOCK, 0);
    if (probe < 0) {
      why = errno;
      return false;
    }
    const int r = ctx.system->connect(probe, reinterpret_cast<const sockaddr*>(&a), sizeof a, path);
    why = r == 0 ? EADDRINUSE : errno;
    ctx.system->close(probe);
    if (why == EPROTOTYPE) continue;  // another kind of socket: try the next
    if (why == ECONNREFUSED || why == ENOENT) return true;
    if (why == EAGAIN || why == EINPROGRESS) why = EADDRINUSE;
    return false;
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
  if (::stat(dir.c_str(), &st) < 0) fail_closing(ctx, fd, "directory " + dir + " of " + path);  // read-only
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
    } else {
      int why = 0;
      if (!stale(ctx, path, why)) {
        errno = why;
        fail_closing(ctx, fd, "the socket at " + path + " is in use or cannot be probed; left untouched");
      }
    }
    if (sys->unlink(path) < 0) fail_closing(ctx, fd, "unable to remove the old " + path);
  }
  // The name is created by bind() itself, at the real path (so that the socket
  // reports it: sd_is_socket_unix() and getsockname() see PATH), with the umask
  // giving exactly the mode, and with the owner as the filesystem ids when one
  // is asked for. Where the owner may not create files in the directory, the
  // socket is created with no permissions at all, then given owner and mode:
  // never more open than asked for, at any moment.
  const sockaddr_un a = address(path);
  const bool owned = how.uid || how.gid;
  bool fs_ids = false;
  if (owned) fs_ids = sys->set_fs_ids(how.uid.value_or(::geteuid()), how.gid.value_or(::getegid())) == 0;
  mode_t old_mask = sys->umask(owned && !fs_ids ? 0777 : ~how.mode & 0777);
  int bound = sys->bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a, path);
  int bind_errno = errno;
  if (fs_ids) sys->set_fs_ids(::geteuid(), ::getegid());
  bool fix_owner = owned && !fs_ids;
  if (bound < 0 && fs_ids && bind_errno == EACCES) {  // the owner may not create files there
    sys->umask(0777);
    bound = sys->bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a, path);
    bind_errno = errno;
    fix_owner = true;
  }
  sys->umask(old_mask);
  if (bound < 0) {
    errno = bind_errno;
    fail_closing(ctx, fd, "bind " + path);
  }
  if (fix_owner) {
    const auto undo = [&](const std::string& what) {
      const int e = errno;
      sys->unlink(path);
      errno = e;
      fail_closing(ctx, fd, what);
    };
    if (sys->lchown(path, how.uid.value_or(static_cast<uid_t>(-1)), how.gid.value_or(static_cast<gid_t>(-1))) < 0)
      undo("unable to set the owner of " + path);
    if (sys->chmod(path, how.mode) < 0) undo("unable to set the mode of " + path);
  }
}

}  // namespace chainscript
