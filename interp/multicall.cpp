#include "multicall.hpp"

#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"
#include "interp/lookups.hpp"
#include "interp/validator.hpp"
#include "lib/messages.hpp"

namespace chainscript {

int run_as_builtin(const Builtin& b, int argc, char** argv) {
  std::vector<std::string> words(argv, argv + argc);
  words[0] = std::string(b.name);
  if (argc == 2 && words[1] == "--help") {
    write_all(1, help_text(b));
    return 0;
  }
  static const Rules rules;
  const Location at{file_name(words[0]), 1, 1};
  ast::Arena arena;
  std::vector<ast::Node> body;
  try {
    body = decode_argv(words, at, arena);
  } catch (const Failure& f) {
    print_failure(f);
    return f.code;
  }
  const Validation v = validate(body, rules, {});
  if (!v.errors.empty()) {
    print_failure(v.errors.front());
    return v.errors.front().code;
  }
  auto system = make_real_system();
  Lookups lookups;
  Context ctx;
  ctx.system = system.get();
  ctx.rules = &rules;
  ctx.lookups = &lookups;
  ctx.env = Env::from_process();
  Cursor cursor(body, {}, rules);
  return run_guarded(ctx, [&](Context& c) { return run_chain(cursor, c); }, print_failure);
}

}  // namespace chainscript
