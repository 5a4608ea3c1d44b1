// tryexec [ -n ] [ -c ] [ -l ] [ -a argv0 ] { prog1... } prog2...: execute prog1;
// if that fails, go on with prog2 (with -n, the other way round).
#include "builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

Action parse_tryexec(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'n', ""}, {'c', ""}, {'l', ""}, {'a', "", true}};
  bool reverse = false, clear = false, login = false;
  std::optional<std::string> argv0;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
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
      if (clear) ctx.env.clear();
      if (argv0) ctx.argv0 = argv0;
      if (login) ctx.login = true;
    };
    if (reverse) {
      if (const Word* w = rest.peek(); w && find_builtin(w->text)) {
        as_exec_would();
        return {};
      }
    } else if (const auto words = block.words(); !words.empty() && find_builtin(words[0])) {
      as_exec_would();
      return run_block(block, ctx);
    }
    std::vector<std::string> argv = reverse ? rest.rest_argv() : block.words();
    if (argv.empty()) return reverse ? run_block(block, ctx) : Flow();
    std::string file = argv[0];
    if (argv0) argv[0] = *argv0;
    if (login) argv[0] = "-" + argv[0];
    std::vector<std::string> envp = clear ? std::vector<std::string>{} : ctx.env.envp();
    ctx.system->exec(argv, file, envp);
    if (ctx.system->simulated()) throw DryExec{};
    return reverse ? run_block(block, ctx) : Flow();  // the fallback
  };
}

}  // namespace chainscript
