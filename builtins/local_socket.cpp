#include "builtins/local_socket.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace chainscript {

void check_socket_path(const Word& path, const Builtin& b) {
  if (!path.known) return;
  if (path.text.empty() || path.text == "@") usage_error(path.at, b, "empty socket path");
  if (path.text.size() >= sizeof(sockaddr_un{}.sun_path))
    usage_error(path.at, b, "socket path is longer than " + std::to_string(sizeof(sockaddr_un{}.sun_path) - 1) +
                                " bytes: " + path.text);
}

namespace {

struct UnixAddress {
  sockaddr_un addr{};
  socklen_t length;
  explicit UnixAddress(const LocalBind& how) {
    addr.sun_family = AF_UNIX;
    if (how.abstract()) {  // a NUL, then the name: nothing in the filesystem
      std::memcpy(addr.sun_path + 1, how.path.data() + 1, how.path.size() - 1);
      length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + how.path.size());
    } else {
      std::memcpy(addr.sun_path, how.path.data(), std::min(how.path.size(), sizeof addr.sun_path - 1));
      length = sizeof addr;
    }
  }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&addr); }
};

// Is the socket at path stale? Asked with a datagram socket's connect(),
// which the kernel refuses (ECONNREFUSED) only when no socket at all is
// bound to the name; a socket of another kind there answers EPROTOTYPE, a
// datagram one accepts. So one probe of any kind of socket, which never
// blocks, never reaches a server's accept queue, and takes a bound socket
// that does not listen yet for one in use. Anything but a refusal (no
// permission to write to it, say) means leave it alone.
bool stale(Context& ctx, const UnixAddress& a, int& why) {
  UniqueFd probe(*ctx.system, ctx.system->socket(AF_UNIX, SOCK_DGRAM, 0));
  if (!probe.valid()) {
    why = errno;
    return false;
  }
  const int r = ctx.system->connect(probe.get(), a.get(), a.length);
  why = r == 0 ? EADDRINUSE : errno;
  if (why == ECONNREFUSED || why == ENOENT) return true;
  if (why == EPROTOTYPE) why = EADDRINUSE;
  return false;
}

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

void bind_local(Context& ctx, UniqueFd& socket, const LocalBind& how) {
  auto* sys = ctx.system;
  const std::string& path = how.path;
  const UnixAddress a(how);
  const int fd = socket.get();
  if (how.abstract()) {
    if (sys->bind(fd, a.get(), a.length) < 0) ctx.fail_errno(exit_code::system_call, "bind " + path);
    return;
  }
  struct stat st {};
  if (sys->lstat(path, &st) == 0) {
    if (how.delete_anything) {
      if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        ctx.fail_errno(exit_code::system_call, "unable to delete " + path);
      }
    } else if (!S_ISSOCK(st.st_mode)) {
      errno = EEXIST;
      ctx.fail_errno(exit_code::system_call, path + " exists and is not a socket; left untouched");
    } else {
      int why = 0;
      if (!stale(ctx, a, why)) {
        errno = why;
        ctx.fail_errno(exit_code::system_call, "the socket at " + path + " is in use or cannot be probed; left untouched");
      }
    }
    if (sys->unlink(path) < 0) ctx.fail_errno(exit_code::system_call, "unable to remove the old " + path);
  }
  // The name is created by bind() itself, at the real path (so that the socket
  // reports it: sd_is_socket_unix() and getsockname() see PATH), with the umask
  // giving exactly the mode, and with the owner as the filesystem ids when one
  // is asked for. Where the owner may not create files in the directory, the
  // socket is created with no permissions at all, then given owner and mode:
  // never more open than asked for, at any moment.
  const bool owned = how.uid || how.gid;
  const uid_t euid = owned ? sys->geteuid() : 0;
  const gid_t egid = owned ? sys->getegid() : 0;
  bool fs_ids = false;
  if (owned) fs_ids = sys->set_fs_ids(how.uid.value_or(euid), how.gid.value_or(egid)) == 0;
  // Without --mode, the umask stays and bind() alone decides, unless the
  // socket must first be made with no permissions (the owner fixed after).
  const mode_t wanted = how.mode ? *how.mode : 0777 & ~sys->current_umask();
  std::optional<mode_t> old_mask;
  if (how.mode || (owned && !fs_ids)) old_mask = sys->umask(owned && !fs_ids ? 0777 : ~wanted & 0777);
  int bound = sys->bind(fd, a.get(), a.length);
  int bind_errno = errno;
  if (fs_ids) sys->set_fs_ids(euid, egid);
  bool fix_owner = owned && !fs_ids;
  if (bound < 0 && fs_ids && bind_errno == EACCES) {  // the owner may not create files there
    const mode_t before = sys->umask(0777);
    if (!old_mask) old_mask = before;
    bound = sys->bind(fd, a.get(), a.length);
    bind_errno = errno;
    fix_owner = true;
  }
  if (old_mask) sys->umask(*old_mask);
  if (bound < 0) {
    // A directory that is missing or is not one is named as such; looked at
    // only now, so that a bind that works costs no stat.
    const std::string dir = parent_of(path);
    if (bind_errno == ENOENT || bind_errno == ENOTDIR) {
      if (sys->stat(dir, &st) < 0) ctx.fail_errno(exit_code::system_call, "directory " + dir + " of " + path);
      if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        ctx.fail_errno(exit_code::system_call, "directory " + dir + " of " + path);
      }
    }
    errno = bind_errno;
    ctx.fail_errno(exit_code::system_call, "bind " + path);
  }
  const auto undo = [&](const std::string& what) {
    const int e = errno;
    sys->unlink(path);
    errno = e;
    ctx.fail_errno(exit_code::system_call, what);
  };
  if (fix_owner &&
      sys->lchown(path, how.uid.value_or(static_cast<uid_t>(-1)), how.gid.value_or(static_cast<gid_t>(-1))) < 0)
    undo("unable to set the owner of " + path);
  // The umask cannot give the set-id and sticky bits: chmod(2) does, once bound.
  if ((fix_owner || (wanted & 07000)) && sys->chmod(path, wanted) < 0) undo("unable to set the mode of " + path);
}

}  // namespace chainscript
