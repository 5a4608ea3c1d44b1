// heredoc [ -d ] fd string prog...: makes string readable on fd (a pipe fed
// by a child).
#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"
#include "lib/unique_fd.hpp"

namespace chainscript {

namespace heredoc_parts {

constexpr OptionSpec options[] = {
    {'d', "", "", "double fork the writer (no zombie can stay here anyway)"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  parse_options(c, b);
  const int fd = parse_fd(take_arg(c, b, "FD"), b);
  const std::string text = take_arg(c, b, "STRING").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    int p[2];
    if (ctx.system->pipe(p) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
    UniqueFd read_end(*ctx.system, p[0]), write_end(*ctx.system, p[1]);
    // The child works on the fds as numbers: the ends here stay this process's.
    spawn_program(ctx, [&](Context& child) {
      child.system->started();  // it runs no program: nothing for the spawner to wait for
      child.system->close(p[0]);
      return child.system->write_all(p[1], text) < 0 ? exit_code::system_call : 0;
    });
    ctx.system->close(write_end.release());
    if (read_end.place(fd) < 0) ctx.fail_errno(exit_code::system_call, "unable to move the pipe to fd " + std::to_string(fd));
    return {};
  };
}

}  // namespace heredoc_parts

extern const Builtin heredoc_builtin{
    .name = "heredoc",
    .summary = "make a string readable on a file descriptor",
    .options = heredoc_parts::options,
    .operands = "fd string prog...",
    .facts = needs_program | execline_needs_program,
    .parse = heredoc_parts::parse,
};

}  // namespace chainscript
