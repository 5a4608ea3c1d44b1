// fdreserve n prog...: finds n free file descriptors and sets FD0, FD1...
// to them.
#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace fdreserve_parts {

Invocation parse(Cursor& c, const Builtin& b) {
  const auto n = parse_number(take_arg(c, b, "N"), b, "N", 1024);
  return [=](Context& ctx, Cursor&) -> Flow {
    std::vector<int> fds;
    for (unsigned long long i = 0; i < n; ++i) fds.push_back(lowest_free_fd(ctx, 0, fds));
    for (unsigned long long i = 0; i < n; ++i) ctx.setenv("FD" + std::to_string(i), std::to_string(fds[i]));
    return {};
  };
}

}  // namespace fdreserve_parts

extern const Builtin fdreserve_builtin{
    .name = "fdreserve",
    .summary = "find n free file descriptors, set FD0...",
    .operands = "n prog...",
    .facts = needs_program | execline_needs_program,
    .parse = fdreserve_parts::parse,
};

}  // namespace chainscript
