// fdblock [ -n ] fd prog...: makes a file descriptor blocking (with -n,
// non-blocking).
#include "builtins/builtin.hpp"

namespace chainscript {

namespace fdblock_parts {

constexpr OptionSpec options[] = {
    {'n', "", "", "make it non-blocking instead"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  const bool nonblocking = !parse_options(c, b).empty();
  const int fd = parse_fd(take_arg(c, b, "FD"), b);
  return [=](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->set_nonblocking(fd, nonblocking) < 0)
      ctx.fail_errno(exit_code::system_call, "unable to change the blocking mode of fd " + std::to_string(fd));
    return {};
  };
}

}  // namespace fdblock_parts

extern const Builtin fdblock_builtin{
    .name = "fdblock",
    .summary = "make a file descriptor blocking (or with -n non-blocking)",
    .options = fdblock_parts::options,
    .operands = "fd prog...",
    .facts = needs_program | execline_needs_program,
    .parse = fdblock_parts::parse,
};

}  // namespace chainscript
