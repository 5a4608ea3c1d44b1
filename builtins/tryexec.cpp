// tryexec [ -n ] [ -c ] [ -l ] [ -a argv0 ] { prog1... } prog2...: executes
// prog1; if that fails, goes on with prog2 (with -n, the other way round).
#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace tryexec_parts {

constexpr OptionSpec options[] = {
    {'n', "", "", "the other way round: execute the rest, and run prog1 if that fails"},
    {'c', "", "", "with an empty environment"},
    {'l', "", "", "prefix argv[0] with -, as a login shell's"},
    {'a', "", "argv0", "give it argv0 as argv[0]"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool reverse = false, clear = false, login = false;
  std::optional<std::string> argv0;
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'n') reverse = true;
    if (o.key == 'c') clear = true;
    if (o.key == 'l') login = true;
    if (o.key == 'a') argv0 = o.value;
  }
  BlockRef block = take_chain_block(c, b, "PROGRAM");
  if (block.block->body.empty()) usage_error(block.block->open, b, "empty block");
  return [=](Context& ctx, Cursor& rest) -> Flow {
    // A builtin is always there to go into, as execline's own programs are:
    // the main path then runs as a chain, and the fallback is never needed.
    const auto as_exec_would = [&] {  // -c -l -a, for the chain that goes on
      if (clear) ctx.clearenv();
      if (argv0) ctx.argv0 = argv0;
      if (login) ctx.login = true;
    };
    if (reverse) {
      if (const Word* w = rest.peek(); w && find_builtin(w->text)) {
        as_exec_would();
        return {};
      }
    } else if (const auto words = block.texts(); !words.empty() && find_builtin(words[0])) {
      as_exec_would();
      return run_block(block, ctx);
    }
    std::vector<std::string> argv = reverse ? rest.rest_argv() : block.texts();
    if (argv.empty()) return reverse ? run_block(block, ctx) : Flow();
    std::string file = argv[0];
    if (argv0) argv[0] = *argv0;
    if (login) argv[0] = "-" + argv[0];
    ctx.system->exec(argv, file, clear ? std::vector<std::string>{} : ctx.env.envp());
    return reverse ? run_block(block, ctx) : Flow();  // the fallback
  };
}

}  // namespace tryexec_parts

extern const Builtin tryexec_builtin{
    .name = "tryexec",
    .summary = "execute a block, or go on if that fails",
    .options = tryexec_parts::options,
    .operands = "{ prog1... } prog2...",
    .parse = tryexec_parts::parse,
};

}  // namespace chainscript
