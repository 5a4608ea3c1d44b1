// env [ -i ] [ -u name ]... [ name=value ]... prog...: coreutils' env is a
// chain loader too. When prog is a builtin, chainscript does what env would
// (execline scripts run `env X=1 define ...`); otherwise, or for options it
// does not know, it executes the real env with the same arguments.
#include <unistd.h>

#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace env_parts {

// For the synopsis, --help and the man page: the words are read by hand, as
// env's name=value words are no option table's.
constexpr OptionSpec options[] = {
    {'i', "ignore-environment", "", "start from an empty environment"},
    {'u', "unset", "name", "remove name from the environment", 0, in_all, true},
};

// Read by hand: env's own syntax (name=value words) is no option table's.
Invocation parse(Cursor& c, const Builtin&) {
  std::vector<std::string> words;  // as written, for the real env
  bool clear = false, foreign = false;
  std::vector<std::string> unset;
  std::vector<std::pair<std::string, std::string>> set;
  while (const Word* w = c.peek()) {
    if (!w->known) throw Uncertain{};
    const std::string t = w->text;
    if (t == "-i" || t == "--ignore-environment" || t == "-") {
      clear = true;
    } else if (t == "-u" || t == "--unset") {
      words.push_back(c.take_word().text);
      if (!c.peek()) break;
      unset.push_back(c.peek()->text);
    } else if (t.starts_with("--unset=")) {
      unset.push_back(t.substr(8));
    } else if (t.starts_with("-") && t.size() > 1 && set.empty()) {
      foreign = true;  // an option chainscript leaves to the real env
    } else if (const auto eq = t.find('='); eq != std::string::npos && eq > 0) {
      set.emplace_back(t.substr(0, eq), t.substr(eq + 1));
    } else {
      break;
    }
    words.push_back(c.take_word().text);
    if (foreign) break;
  }
  return [=](Context& ctx, Cursor& rest) -> Flow {
    const Word* next = rest.peek();
    if (!foreign && next && find_builtin(next->text)) {
      if (clear) ctx.clearenv();
      for (const auto& k : unset) ctx.unsetenv(k);
      for (const auto& [k, v] : set) ctx.setenv(k, v);
      return {};
    }
    // The real env: a link named env to chainscript on PATH would loop.
    std::vector<std::string> argv{ctx.system->access("/usr/bin/env", X_OK) == 0 ? "/usr/bin/env" : "/bin/env"};
    argv.insert(argv.end(), words.begin(), words.end());
    for (auto& w : rest.rest_argv()) argv.push_back(std::move(w));
    exec_program(std::move(argv), ctx);
  };
}

}  // namespace env_parts

extern const Builtin env_builtin{
    .name = "env",
    .summary = "set variables for prog: in-process when prog is a builtin, else the real env",
    .style = OptionStyle::gnu,
    .options = env_parts::options,
    .operands = "[ name=value ]... prog...",
    .parse = env_parts::parse,
};

}  // namespace chainscript
