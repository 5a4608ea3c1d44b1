// export, setenv, unexport, unsetenv, emptyenv, clearenv: edit the environment
// the chain carries (data; it becomes envp at exec).
#include <unistd.h>

#include "builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

void pop_positional_frame(Context& ctx);  // positional.cpp

Action parse_export(Cursor& c, const Builtin& b) {  // also setenv
  const std::string key = take_arg(c, b, "VARIABLE").text;
  if (key.find('=') != std::string::npos) usage_error(c.where(), b, "variable name contains '='");
  std::string value = take_arg(c, b, "VALUE").text;
  return [key, value](Context& ctx, Cursor&) -> Flow {
    ctx.setenv(key, value);
    return {};
  };
}

Action parse_unexport(Cursor& c, const Builtin& b) {  // also unsetenv
  const std::string key = take_variable_name(c, b);
  return [key](Context& ctx, Cursor&) -> Flow {
    ctx.unsetenv(key);
    return {};
  };
}

namespace {

bool positional(const std::string& k) {
  return k == "#" || (!k.empty() && k.find_first_not_of("0123456789") == std::string::npos);
}

void unset_where(Context& ctx, const std::function<bool(const std::string&)>& pred) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : ctx.env.vars())
    if (pred(k)) keys.push_back(k);
  for (const auto& k : keys) ctx.unsetenv(k);
}

}  // namespace

Action parse_emptyenv(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'p', ""}, {'c', ""}, {'o', ""}, {'P', ""}};
  bool keep_path = false, clean = false, pop_getopt = false, pop_positional = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    keep_path |= o.key == 'p';
    clean |= o.key == 'c';
    pop_getopt |= o.key == 'o';
    pop_positional |= o.key == 'P';
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    if (clean) {
      unset_where(ctx, [](const std::string& k) {
        return positional(k) || k.starts_with("ELGETOPT_") || k.starts_with("EXECLINE_") || k == "FD0" ||
               k == "!" || k == "?" || k == "@";
      });
    } else if (pop_getopt || pop_positional) {
      if (pop_positional) pop_positional_frame(ctx);
      unset_where(ctx, [&](const std::string& k) {
        return (pop_getopt && k.starts_with("ELGETOPT_")) || (pop_positional && k.starts_with("EXECLINE_"));
      });
    } else {
      unset_where(ctx, [&](const std::string& k) { return !(keep_path && k == "PATH"); });
    }
    return {};
  };
}

Action parse_clearenv(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'p', "keep-path"}};
  const bool keep_path = !parse_options(c, b, specs, OptionStyle::gnu).empty();
  return [=](Context& ctx, Cursor&) -> Flow {
    unset_where(ctx, [&](const std::string& k) { return !(keep_path && k == "PATH"); });
    return {};
  };
}

}  // namespace chainscript

namespace chainscript {

// env [ -i ] [ -u NAME ]... [ NAME=VALUE ]... prog...: coreutils' env is a
// chain loader too. When prog is a builtin, chainscript does what env would
// (execline scripts run `env X=1 define ...`); otherwise, or for options it
// does not know, it executes the real env with the same arguments.
Action parse_env(Cursor& c, const Builtin&) {
  std::vector<std::string> words;  // as written, for the real env
  bool clear = false, foreign = false;
  std::vector<std::string> unset;
  std::vector<std::pair<std::string, std::string>> set;
  while (const Word* w = c.peek()) {
    const std::string t = w->text;
    if (t == "-i" || t == "--ignore-environment" || t == "-") {
      clear = true;
    } else if ((t == "-u" || t == "--unset") ) {
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
      if (clear) {
        ctx.system->report({"clearenv", {}, {}, {}});
        ctx.env.clear();
      }
      for (const auto& k : unset) ctx.unsetenv(k);
      for (const auto& [k, v] : set) ctx.setenv(k, v);
      return {};
    }
    // The real env: a link named env to chainscript on PATH would loop.
    std::vector<std::string> argv{::access("/usr/bin/env", X_OK) == 0 ? "/usr/bin/env" : "/bin/env"};
    argv.insert(argv.end(), words.begin(), words.end());
    for (auto& w : rest.rest_argv()) argv.push_back(std::move(w));
    exec_program(std::move(argv), ctx);
  };
}

}  // namespace chainscript
