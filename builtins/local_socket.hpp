// Binding a Unix socket at a path so that its mode and owner are right from
// the moment the name exists: bind() creates it at PATH with the umask giving
// the mode and the filesystem ids the owner. Shared by the
// local-*-socket-listen family and s6-ipcserver-socketbinder.
#pragma once
#include <sys/un.h>

#include "builtin.hpp"

namespace chainscript {

struct LocalBind {
  std::string path;
  mode_t mode = 0666;
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  // A socket already at path: replaced when nobody listens there (listeners),
  // or whatever is there deleted (s6-ipcserver-socketbinder, as its manual says).
  bool delete_anything = false;
};

// Usage check at parse time: the path must fit in sun_path.
void check_socket_path(const Word& path, const Builtin& b);

// Binds fd at the path; on failure closes fd and fails the step (111).
void bind_local(Context& ctx, int fd, int type, const LocalBind& how);

}  // namespace chainscript
