// fdredir [ --read | --write | --write-noclobber | --append |
// --append-noclobber | --update | --directory ] [ --non-blocking ]
// [ --mode number ] fd file prog... (nosh): opens file on fd.
#include <fcntl.h>

#include <algorithm>

#include "builtins/builtin.hpp"
#include "lib/numbers.hpp"
#include "lib/unique_fd.hpp"

namespace chainscript {

namespace fdredir_parts {

// nosh's letters; the modes exclude each other (group 1).
constexpr OptionSpec options[] = {
    {'r', "read", "", "read only (the default)", 1},
    {'w', "write", "", "write only, created, truncated", 1},
    {'x', "write-noclobber", "", "write only, created; fail if it exists", 1},
    {'a', "append", "", "write only, created, positioned at its end", 1},
    {'c', "append-noclobber", "", "as --append; fail if it exists", 1},
    {'u', "update", "", "read and write, created if needed", 1},
    {'d', "directory", "", "a directory, opened for reading", 1},
    {'n', "non-blocking", "", "open without waiting (a fifo, a serial line)"},
    {'m', "mode", "number", "permissions of a created file (0666)"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  int flags = O_RDONLY;
  bool at_end = false, nonblocking = false;
  mode_t mode = 0666;
  bool mode_given = false;
  for (const auto& o : parse_options(c, b)) {
    const bool opening_mode = std::ranges::any_of(options, [&](const OptionSpec& s) { return s.key == o.key && s.group == 1; });
    if (opening_mode) {
      if (mode_given) usage_error(o.at, b, "one opening mode only (--read, --write, --append, ...)");
      mode_given = true;
    }
    switch (o.key) {
      case 'r': flags = O_RDONLY; break;
      case 'w': flags = O_WRONLY | O_CREAT | O_TRUNC; break;
      case 'x': flags = O_WRONLY | O_CREAT | O_EXCL; break;
      // nosh's manual: the file pointer starts at the end (a seek, not
      // O_APPEND: another opening of the same file may write over it).
      case 'a': flags = O_WRONLY | O_CREAT, at_end = true; break;
      case 'c': flags = O_WRONLY | O_CREAT | O_EXCL, at_end = true; break;
      case 'u': flags = O_RDWR | O_CREAT; break;
      case 'd': flags = O_RDONLY | O_DIRECTORY; break;
      case 'n': nonblocking = true; break;
      case 'm':
        if (o.known) {
          const auto v = c_number(o.value, 0xffffffffULL);  // as C writes it: 0644, 420, 0x1a4
          if (!v) usage_error(o.at, b, "--mode must be a number, not \"" + o.value + "\"");
          mode = static_cast<mode_t>(*v & 07777);
        }
        break;
    }
  }
  const int fd = parse_fd(take_arg(c, b, "FD"), b, c);
  const std::string file = take_arg(c, b, "FILE").text;
  if (nonblocking) flags |= O_NONBLOCK;
  return [=](Context& ctx, Cursor&) -> Flow {
    auto* sys = ctx.system;
    UniqueFd got(*sys, sys->open(file, flags, mode));
    if (!got.valid()) ctx.fail_errno(exit_code::system_call, "unable to open " + file);
    if (at_end && sys->seek_end(got.get()) < 0) ctx.fail_errno(exit_code::system_call, "unable to seek to the end of " + file);
    // Blocking again once open: the programs that inherit it expect that.
    if (nonblocking && sys->set_nonblocking(got.get(), false) < 0)
      ctx.fail_errno(exit_code::system_call, "unable to make " + file + " blocking");
    if (got.place(fd) < 0) ctx.fail_errno(exit_code::system_call, "unable to move " + file + " to fd " + std::to_string(fd));
    return {};
  };
}

}  // namespace fdredir_parts

extern const Builtin fdredir_builtin{
    .name = "fdredir",
    .summary = "open a file on a file descriptor (nosh)",
    .style = OptionStyle::gnu,
    .options = fdredir_parts::options,
    .operands = "fd file prog...",
    .facts = needs_program,
    .parse = fdredir_parts::parse,
};

}  // namespace chainscript
