// fdmove [ -c ] to from prog...: makes fd to what fd from is, and closes
// from (with -c, copies: from stays open).
#include <cerrno>

#include "builtins/builtin.hpp"

namespace chainscript {

namespace fdmove_parts {

constexpr OptionSpec options[] = {
    {'c', "copy", "", "copy instead of moving: from stays open"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  const bool copy = !parse_options(c, b).empty();
  const Word to_word = take_arg(c, b, "TO");
  const int to = parse_fd(to_word, b, c);
  const Word from_word = take_arg(c, b, "FROM");
  const int from = parse_fd(from_word, b, c);
  // --port: the native fdmove -c N N does nothing, so execline's failure is
  // ported as what it does when it runs (exit 111).
  if (copy && from == to && to_word.known && from_word.known && c.mode() == Cursor::Mode::port && c.rules().execline())
    throw Failure(exit_code::system_call, to_word.at, std::string(b.name), "copying an fd onto itself fails in execline");
  return [=](Context& ctx, Cursor&) -> Flow {
    if (copy && from == to && ctx.rules->execline()) {  // execline: copying an fd onto itself is EINVAL
      errno = EINVAL;
      ctx.fail_errno(exit_code::system_call, "unable to copy fd " + std::to_string(from) + " to itself");
    }
    if (!copy && from == to) {
      if (!ctx.rules->nosh()) return {};  // as execline: moving an fd onto itself does nothing, open or not
      // nosh: dup2 onto itself, then the close of "from" closes it
      if (ctx.system->copy(from, to) < 0 || ctx.system->close(from) < 0)
        ctx.fail_errno(exit_code::system_call, "unable to move fd " + std::to_string(from) + " to itself");
      return {};
    }
    const int r = copy ? ctx.system->copy(from, to) : ctx.system->place(from, to);
    if (r < 0)
      ctx.fail_errno(exit_code::system_call, "unable to " + std::string(copy ? "copy" : "move") + " fd " +
                                                 std::to_string(from) + " to " + std::to_string(to));
    return {};
  };
}

}  // namespace fdmove_parts

extern const Builtin fdmove_builtin{
    .name = "fdmove",
    .summary = "move (or with -c copy) a file descriptor",
    .style = OptionStyle::gnu,
    .options = fdmove_parts::options,
    .operands = "to from prog...",
    .facts = needs_program | execline_needs_program,
    .parse = fdmove_parts::parse,
};

}  // namespace chainscript
