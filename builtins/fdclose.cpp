// fdclose fd prog...: closes a file descriptor (closed already is no error,
// as in execline).
#include "builtins/builtin.hpp"

namespace chainscript {

namespace fdclose_parts {

Invocation parse(Cursor& c, const Builtin& b) {
  const int fd = parse_fd(take_arg(c, b, "FD"), b);
  return [=](Context& ctx, Cursor&) -> Flow {
    ctx.system->close(fd);
    return {};
  };
}

}  // namespace fdclose_parts

extern const Builtin fdclose_builtin{
    .name = "fdclose",
    .summary = "close a file descriptor",
    .operands = "fd prog...",
    .facts = needs_program | execline_needs_program,
    .parse = fdclose_parts::parse,
};

}  // namespace chainscript
