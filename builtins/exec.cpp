// exec [ -c ] [ -l ] [ -a argv0 ] prog...: how the program at the end of the
// chain is executed (an empty environment, a login shell's "-" argv[0], or
// another argv[0]); the chain itself goes on (prog may be a builtin).
#include "builtins/builtin.hpp"

namespace chainscript {

namespace exec_parts {

constexpr OptionSpec options[] = {
    {'c', "", "", "start the program with an empty environment"},
    {'l', "", "", "prefix its argv[0] with -, as a login shell's"},
    {'a', "", "argv0", "give it argv0 as argv[0]"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool clear = false, login = false;
  std::optional<std::string> argv0;
  for (auto& o : parse_options(c, b)) {
    if (o.key == 'c') clear = true;
    if (o.key == 'l') login = true;
    if (o.key == 'a') argv0 = o.value;
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    if (clear) ctx.clearenv();
    if (argv0) {
      ctx.system->report({"argv0", {{"argv0", *argv0}}, {}, {}});
      ctx.argv0 = argv0;
    }
    if (login) ctx.login = true;
    return {};
  };
}

}  // namespace exec_parts

extern const Builtin exec_builtin{
    .name = "exec",
    .summary = "set how the final program is executed",
    .options = exec_parts::options,
    .operands = "prog...",
    .facts = needs_program | execline_needs_program,
    .parse = exec_parts::parse,
};

}  // namespace chainscript
