// Binding a Unix socket at a path so that its mode and owner are right from
// the moment the name exists: bind() creates it at the path with the umask
// giving the mode and the filesystem ids the owner. Shared by the
// local-*-socket-listen family and s6-ipcserver-socketbinder.
#pragma once
#include <sys/un.h>

#include <optional>

#include "builtins/builtin.hpp"
#include "lib/unique_fd.hpp"

namespace chainscript {

struct LocalBind {
  std::string path;  // "@name": the abstract socket name (no file, no mode, no owner)
  // nullopt: as bind() makes it, 0777 less the umask (nosh's listeners change
  // it only when asked); a mode: exactly that, whatever the umask.
  std::optional<mode_t> mode;
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  // A socket already at path: replaced when nobody listens there (listeners),
  // or whatever is there deleted (s6-ipcserver-socketbinder, as its manual says).
  bool delete_anything = false;
  bool abstract() const { return !path.empty() && path[0] == '@'; }
};

// The path, checked when it is literal: not empty, no NUL, fitting sun_path.
void check_socket_path(const Word& path, const Builtin& b);

// Binds the socket at how.path; fails the step (111), having removed what it
// made, otherwise.
void bind_local(Context& ctx, UniqueFd& socket, const LocalBind& how);

}  // namespace chainscript
