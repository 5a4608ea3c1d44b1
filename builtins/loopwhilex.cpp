// loopwhilex [ -n ] [ -o okcodes | -x breakcodes ] prog...: runs the rest
// as a child again and again while it exits 0 (or a code in okcodes, or one
// not in breakcodes; -n reverses the test), then exits with its status.
#include <sys/wait.h>

#include "builtins/loops.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace loopwhilex_parts {

constexpr OptionSpec options[] = {
    {'n', "", "", "reverse the test: loop while it fails"},
    {'o', "", "okcodes", "loop while it exits with a code in this comma list (default: 0)", 1},
    {'x', "", "breakcodes", "loop while it exits with a code not in this comma list", 1},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool negate = false;
  std::optional<std::vector<int>> ok, brk;
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'n') negate = true;
    if (o.key == 'o') ok = exit_codes(o, b), brk.reset();
    if (o.key == 'x') brk = exit_codes(o, b), ok.reset();
  }
  if (!ok && !brk) ok = std::vector<int>{0};
  return [=](Context& ctx, Cursor& rest) -> Flow {
    for (;;) {
      Cursor body = rest;
      const pid_t pid = spawn_or_fail(ctx, [&](Context& child) { return run_chain(body, child); });
      const int st = wait_for(pid, ctx);
      const int code = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
      bool again = ok ? listed(*ok, code) : !listed(*brk, code);
      if (negate) again = !again;
      if (!again) return reported_status(st);
    }
  };
}

}  // namespace loopwhilex_parts

extern const Builtin loopwhilex_builtin{
    .name = "loopwhilex",
    .summary = "run the rest again while it succeeds",
    .options = loopwhilex_parts::options,
    .operands = "prog...",
    .facts = execline_needs_program,
    .parse = loopwhilex_parts::parse,
};

}  // namespace chainscript
