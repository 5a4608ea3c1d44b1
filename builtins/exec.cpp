// exec [ -c ] [ -l ] [ -a argv0 ] prog...: options for the program the chain
// ends with; the chain itself goes on (prog may be a builtin).
#include "builtin.hpp"

namespace chainscript {

Action parse_exec(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'c', ""}, {'l', ""}, {'a', "", true}};
  bool clear = false, login = false;
  std::optional<std::string> argv0;
  for (auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'c') clear = true;
    if (o.key == 'l') login = true;
    if (o.key == 'a') argv0 = o.value;
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    if (clear) {
      ctx.system->report({"clearenv", {}, {}, {}});
      ctx.env.clear();
    }
    if (argv0) {
      ctx.system->report({"argv0", {{"argv0", *argv0}}, {}, {}});
      ctx.argv0 = argv0;
    }
    if (login) ctx.login = true;
    return {};
  };
}

}  // namespace chainscript
