// fdredir [ --read | --write | --append | --update ] [ --no-truncate ]
// [ --exclusive ] [ --directory ] fd file prog... (nosh): opens file on fd.
#include <fcntl.h>

#include "builtins/builtin.hpp"
#include "lib/unique_fd.hpp"

namespace chainscript {

namespace fdredir_parts {

constexpr OptionSpec options[] = {
    {'r', "read", "", "read (the default)", 1},
    {'w', "write", "", "write, created, truncated", 1},
    {'a', "append", "", "append, created if needed", 1},
    {'u', "update", "", "read and write, created if needed", 1},
    {'\x01', "no-truncate", "", "do not truncate when writing"},
    {'x', "exclusive", "", "the file must not exist yet"},
    {'\x02', "directory", "", "the file must be a directory"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  int access = O_RDONLY, extra = 0;
  bool truncate = true;
  for (const auto& o : parse_options(c, b)) {
    switch (o.key) {
      case 'r': access = O_RDONLY; break;
      case 'w': access = O_WRONLY, extra |= O_CREAT; break;
      case 'a': access = O_WRONLY, extra |= O_CREAT | O_APPEND; break;
      case 'u': access = O_RDWR, extra |= O_CREAT; break;
      case '\x01': truncate = false; break;
      case 'x': extra |= O_CREAT | O_EXCL; break;
      case '\x02': extra |= O_DIRECTORY; break;
    }
  }
  if (access == O_WRONLY && truncate && !(extra & O_APPEND)) extra |= O_TRUNC;
  const int fd = parse_fd(take_arg(c, b, "FD"), b);
  const std::string file = take_arg(c, b, "FILE").text;
  const int flags = access | extra;
  return [=](Context& ctx, Cursor&) -> Flow {
    UniqueFd got(*ctx.system, ctx.system->open(file, flags, 0666));
    if (!got.valid()) ctx.fail_errno(exit_code::system_call, "unable to open " + file);
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
