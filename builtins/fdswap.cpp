// fdswap fd1 fd2 prog...: swaps two file descriptors.
#include <algorithm>

#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace fdswap_parts {

Invocation parse(Cursor& c, const Builtin& b) {
  const int a = parse_fd(take_arg(c, b, "FD1"), b);
  const int d = parse_fd(take_arg(c, b, "FD2"), b);
  return [=](Context& ctx, Cursor&) -> Flow {
    if (a == d) return {};
    // Above both: a closed fd1 or fd2 must not be taken for the spare (a
    // swap with a closed fd fails, as execline's does).
    const int spare = lowest_free_fd(ctx, std::max({3, a + 1, d + 1}));
    auto* s = ctx.system;
    if (s->copy(a, spare) < 0 || s->copy(d, a) < 0 || s->copy(spare, d) < 0 || s->close(spare) < 0)
      ctx.fail_errno(exit_code::system_call, "unable to swap fds " + std::to_string(a) + " and " + std::to_string(d));
    return {};
  };
}

}  // namespace fdswap_parts

extern const Builtin fdswap_builtin{
    .name = "fdswap",
    .summary = "swap two file descriptors",
    .operands = "fd1 fd2 prog...",
    .facts = needs_program | execline_needs_program,
    .parse = fdswap_parts::parse,
};

}  // namespace chainscript
