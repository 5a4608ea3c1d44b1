// redirfd [ -r | -w | -u | -a | -c | -x ] [ -n ] [ -b ] fd file prog...:
// opens file on fd: for reading, writing (truncated), both, appending,
// appending to an existing file only (-c), or creating a new one only (-x).
#include <fcntl.h>

#include <cerrno>

#include "builtins/builtin.hpp"
#include "lib/unique_fd.hpp"

namespace chainscript {

namespace redirfd_parts {

// -c (append, never create) is newer than execline 2.9.3, whose redirfd
// refuses it: the execline dialect does too.
constexpr OptionSpec options[] = {
    {'r', "", "", "read", 1},
    {'w', "", "", "write, created or truncated", 1},
    {'u', "", "", "read and write", 1},
    {'a', "", "", "append, created if needed", 1},
    {'c', "", "", "append to a file that exists, never create it", 1, in_chainscript | in_nosh},
    {'x', "", "", "write a new file: one that exists is an error", 1},
    {'n', "", "", "open non-blocking (a fifo with no reader: opened anyway for -w)"},
    {'b', "", "", "then switch the fd to the other blocking mode"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  int flags = -1;
  bool nonblock = false, change = false;
  for (const auto& o : parse_options(c, b)) {
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
    auto* sys = ctx.system;
    UniqueFd got(*sys, sys->open(file, flags, 0666));
    if (!got.valid() && errno == ENXIO && (flags & O_NONBLOCK) && (flags & O_ACCMODE) == O_WRONLY) {
      // A fifo with no reader: be the reader for the time of the open, as
      // execline does, so that -w -n succeeds at once.
      UniqueFd reader(*sys, sys->open(file, O_RDONLY | O_NONBLOCK, 0));
      if (reader.valid()) got = UniqueFd(*sys, sys->open(file, flags, 0666));
    }
    if (!got.valid()) ctx.fail_errno(exit_code::system_call, "unable to open " + file);
    if (change && sys->set_nonblocking(got.get(), !nonblock) < 0)
      ctx.fail_errno(exit_code::system_call, "unable to change the blocking mode of " + file);
    if (got.place(fd) < 0) ctx.fail_errno(exit_code::system_call, "unable to move " + file + " to fd " + std::to_string(fd));
    return {};
  };
}

}  // namespace redirfd_parts

extern const Builtin redirfd_builtin{
    .name = "redirfd",
    .summary = "open a file on a file descriptor",
    .options = redirfd_parts::options,
    .operands = "fd file prog...",
    .facts = needs_program | execline_needs_program,
    .parse = redirfd_parts::parse,
};

}  // namespace chainscript
