// fdmove, fdswap, fdclose, fdreserve, redirfd: the file descriptor table.
#include <fcntl.h>

#include <cerrno>

#include "builtin.hpp"

namespace chainscript {

Action parse_fdmove(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'c', "copy"}};  // -c (execline), --copy (nosh)
  const bool copy = !parse_options(c, b, specs, OptionStyle::gnu).empty();
  const int to = parse_fd(take_arg(c, b, "TO"), b);
  const int from = parse_fd(take_arg(c, b, "FROM"), b);
  return [=](Context& ctx, Cursor&) -> Flow {
    if (copy && from == to && Cursor::execline_rules) {  // execline: copying an fd onto itself is EINVAL
      errno = EINVAL;
      ctx.fail_errno(exit_code::system_call, "unable to copy fd " + std::to_string(from) + " to itself");
    }
    const int r = copy ? ctx.system->copy(from, to) : ctx.system->place(from, to);
    if (r < 0)
      ctx.fail_errno(exit_code::system_call,
                     "unable to " + std::string(copy ? "copy" : "move") + " fd " + std::to_string(from) + " to " +
                         std::to_string(to));
    return {};
  };
}

namespace {

int free_fd(Context& ctx, int from, const std::vector<int>& taken = {}) {
  for (int fd = from;; ++fd)
    if (!ctx.system->is_open(fd) && std::find(taken.begin(), taken.end(), fd) == taken.end()) return fd;
}

}  // namespace

Action parse_fdswap(Cursor& c, const Builtin& b) {
  const int a = parse_fd(take_arg(c, b, "FD1"), b);
  const int d = parse_fd(take_arg(c, b, "FD2"), b);
  return [=](Context& ctx, Cursor&) -> Flow {
    if (a == d) return {};
    const int tmp = free_fd(ctx, 3);
    auto* s = ctx.system;
    if (s->copy(a, tmp) < 0 || s->copy(d, a) < 0 || s->copy(tmp, d) < 0 || s->close(tmp) < 0)
      ctx.fail_errno(exit_code::system_call, "unable to swap fds " + std::to_string(a) + " and " + std::to_string(d));
    return {};
  };
}

Action parse_fdclose(Cursor& c, const Builtin& b) {
  const int fd = parse_fd(take_arg(c, b, "FD"), b);
  return [=](Context& ctx, Cursor&) -> Flow {
    ctx.system->close(fd);  // closing a closed fd is not an error, as in execline
    return {};
  };
}

Action parse_fdreserve(Cursor& c, const Builtin& b) {
  const auto n = parse_number(take_arg(c, b, "N"), b, "N", 1024);
  return [=](Context& ctx, Cursor&) -> Flow {
    std::vector<int> fds;
    for (unsigned long i = 0; i < n; ++i) fds.push_back(free_fd(ctx, 0, fds));
    for (unsigned long i = 0; i < n; ++i) ctx.setenv("FD" + std::to_string(i), std::to_string(fds[i]));
    return {};
  };
}

Action parse_redirfd(Cursor& c, const Builtin& b) {
  // -c (append, never create) is newer than execline 2.9.3, whose redirfd
  // refuses it: the execline dialect does too.
  static constexpr OptionSpec specs[] = {{'r', ""}, {'w', ""}, {'u', ""}, {'a', ""}, {'c', ""},
                                         {'x', ""}, {'n', ""}, {'b', ""}};
  static constexpr OptionSpec execline_specs[] = {{'r', ""}, {'w', ""}, {'u', ""}, {'a', ""},
                                                  {'x', ""}, {'n', ""}, {'b', ""}};
  int flags = -1;
  bool nonblock = false, change = false;
  const std::span<const OptionSpec> allowed = Cursor::execline_rules ? std::span<const OptionSpec>(execline_specs)
                                                                     : std::span<const OptionSpec>(specs);
  for (const auto& o : parse_options(c, b, allowed, OptionStyle::clusters)) {
    switch (o.key) {
      case 'c': flags = O_WRONLY | O_APPEND; break;
      case 'r': flags = O_RDONLY; break;
      case 'w': flags = O_WRONLY | O_CREAT | O_TRUNC; break;
      case 'u': flags = O_RDWR; break;
      case 'a': flags = O_WRONLY | O_CREAT | O_APPEND; break;
      case 'x': flags = O_WRONLY | O_CREAT | O_EXCL; break;
      case 'n': nonblock = true; break;
      case 'b': change = true; break;
    }
  }
  if (flags < 0) usage_error(c.where(), b, "one of -r -w -u -a -c -x is needed");
  const int fd = parse_fd(take_arg(c, b, "FD"), b);
  const std::string file = take_arg(c, b, "FILE").text;
  if (nonblock) flags |= O_NONBLOCK;
  return [=](Context& ctx, Cursor&) -> Flow {
    int got = ctx.system->open(file, flags, 0666);
    if (got < 0 && errno == ENXIO && (flags & O_NONBLOCK) && (flags & O_ACCMODE) == O_WRONLY) {
      // A fifo with no reader: be the reader for the time of the open, as
      // execline does, so that -w -n succeeds at once.
      const int reader = ctx.system->open(file, O_RDONLY | O_NONBLOCK, 0);
      if (reader >= 0) {
        got = ctx.system->open(file, flags, 0666);
        const int e = errno;
        ctx.system->close(reader);
        errno = e;
      }
    }
    if (got < 0) ctx.fail_errno(exit_code::system_call, "unable to open " + file);
    if (change && ctx.system->set_nonblocking(got, !nonblock) < 0)
      ctx.fail_errno(exit_code::system_call, "unable to change the blocking mode of " + file);
    if (ctx.system->place(got, fd) < 0)
      ctx.fail_errno(exit_code::system_call, "unable to move " + file + " to fd " + std::to_string(fd));
    return {};
  };
}

}  // namespace chainscript

namespace chainscript {

Action parse_fdblock(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'n', ""}};
  const bool nonblocking = !parse_options(c, b, specs, OptionStyle::clusters).empty();
  const int fd = parse_fd(take_arg(c, b, "FD"), b);
  return [=](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->set_nonblocking(fd, nonblocking) < 0)
      ctx.fail_errno(exit_code::system_call, "unable to change the blocking mode of fd " + std::to_string(fd));
    return {};
  };
}

}  // namespace chainscript

namespace chainscript {

// nosh's fdredir [--read | --write | --append | --update] [--no-truncate]
// [--exclusive] [--directory] fd file prog...
Action parse_fdredir(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'r', "read"},        {'w', "write"},     {'a', "append"},
                                         {'u', "update"},      {'T', "no-truncate", false, false},
                                         {'x', "exclusive"},   {'D', "directory", false, false}};
  int access = O_RDONLY, extra = 0;
  bool truncate = true;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::gnu)) {
    switch (o.key) {
      case 'r': access = O_RDONLY; break;
      case 'w': access = O_WRONLY, extra |= O_CREAT; break;
      case 'a': access = O_WRONLY, extra |= O_CREAT | O_APPEND; break;
      case 'u': access = O_RDWR, extra |= O_CREAT; break;
      case 'T': truncate = false; break;
      case 'x': extra |= O_CREAT | O_EXCL; break;
      case 'D': extra |= O_DIRECTORY; break;
    }
  }
  if (access == O_WRONLY && truncate && !(extra & O_APPEND)) extra |= O_TRUNC;
  const int fd = parse_fd(take_arg(c, b, "FD"), b);
  const std::string file = take_arg(c, b, "FILE").text;
  const int flags = access | extra;
  return [=](Context& ctx, Cursor&) -> Flow {
    const int got = ctx.system->open(file, flags, 0666);
    if (got < 0) ctx.fail_errno(exit_code::system_call, "unable to open " + file);
    if (ctx.system->place(got, fd) < 0) ctx.fail_errno(exit_code::system_call, "unable to move " + file + " to fd " + std::to_string(fd));
    return {};
  };
}

}  // namespace chainscript
