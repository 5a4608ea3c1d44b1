// piperw fdr fdw prog...: creates a pipe, its read end on fdr and its write
// end on fdw.
#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"
#include "lib/unique_fd.hpp"

namespace chainscript {

namespace piperw_parts {

Invocation parse(Cursor& c, const Builtin& b) {
  const Word r = take_arg(c, b, "FDR"), w = take_arg(c, b, "FDW");
  const int fdr = parse_fd(r, b), fdw = parse_fd(w, b);
  if (r.known && w.known && fdr == fdw) usage_error(w.at, b, "FDR and FDW must differ");
  return [=](Context& ctx, Cursor&) -> Flow {
    int p[2];
    if (ctx.system->pipe(p) < 0) ctx.fail_errno(exit_code::system_call, "unable to create a pipe");
    UniqueFd read_end(*ctx.system, p[0]), write_end(*ctx.system, p[1]);
    // Move the write end out of the way first if the read end would land on it.
    if (write_end.get() == fdr) {
      const int spare = lowest_free_fd(ctx, 3, {fdw});
      if (write_end.place(spare) < 0) ctx.fail_errno(exit_code::system_call, "unable to move the pipe");
      write_end = UniqueFd(*ctx.system, spare);
    }
    if (read_end.place(fdr) < 0 || write_end.place(fdw) < 0)
      ctx.fail_errno(exit_code::system_call,
                     "unable to place the pipe on fds " + std::to_string(fdr) + " and " + std::to_string(fdw));
    return {};
  };
}

}  // namespace piperw_parts

extern const Builtin piperw_builtin{
    .name = "piperw",
    .summary = "create a pipe on two file descriptors",
    .operands = "fdr fdw prog...",
    .facts = needs_program | execline_needs_program,
    .parse = piperw_parts::parse,
};

}  // namespace chainscript
