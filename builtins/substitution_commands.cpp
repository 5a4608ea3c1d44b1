// define, importas, multidefine, multisubstitute, backtick: the commands that
// substitute values into the rest of the script (execline's el_substitute).
// Each directive parses to a maker of bindings, so that multisubstitute can
// collect several and apply them in one parallel pass.
#include <glob.h>
#include <sys/wait.h>

#include <stdexcept>

#include "builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

using BindingMaker = std::function<std::vector<Binding>(Context&)>;
std::vector<Binding> elgetpositionals_bindings_of(Context& ctx, unsigned long sharp);  // positional.cpp

namespace {

// -s -C -c -N -n -d: how a value is transformed (el_transform).
constexpr OptionSpec transform_specs[] = {{'s', ""}, {'C', ""}, {'c', ""}, {'N', ""}, {'n', ""}, {'d', "", true}};

bool transform_option(const Option& o, Transform& t) {
  switch (o.key) {
    case 's': t.split = true; return true;
    case 'C': t.crunch = true; return true;
    case 'c': t.crunch = false; return true;
    case 'N': t.chomp = false; return true;
    case 'n': t.chomp = true; return true;
    case 'd': t.delimiters = o.value; return true;
  }
  return false;
}

std::string take_key(Cursor& c, const Builtin& b, std::string_view what) {
  Word w = take_arg(c, b, what);
  // execline reports it as a failure (111), not a usage error
  if (!valid_key(w.text)) throw Failure(exit_code::system_call, w.at, std::string(b.name), "bad substitution key");
  return w.text;
}

std::vector<std::string> transformed(const std::string& value, const Transform& t, const Context& ctx) {
  try {
    return transform(value, t);
  } catch (const std::invalid_argument& e) {
    ctx.fail(exit_code::system_call, e.what());  // execline: 111
  }
}

template <size_t N>
std::vector<Option> options_with(Cursor& c, const Builtin& b, const OptionSpec (&extra)[N]) {
  std::vector<OptionSpec> specs(std::begin(transform_specs), std::end(transform_specs));
  specs.insert(specs.end(), std::begin(extra), std::end(extra));
  return parse_options(c, b, specs, OptionStyle::clusters);
}

BindingMaker define_binding(Cursor& c, const Builtin& b) {
  Transform t;
  for (const auto& o : parse_options(c, b, transform_specs, OptionStyle::clusters)) transform_option(o, t);
  const std::string key = take_key(c, b, "VARIABLE");
  const std::string value = take_arg(c, b, "VALUE").text;
  return [=](Context& ctx) { return std::vector<Binding>{{key, transformed(value, t, ctx)}}; };
}

BindingMaker importas_binding(Cursor& c, const Builtin& b, bool& unexport, std::string& envvar) {
  static constexpr OptionSpec extra[] = {{'i', ""}, {'D', "", true}, {'u', ""}};
  Transform t;
  bool insist = false;
  std::optional<std::string> fallback;
  for (const auto& o : options_with(c, b, extra)) {
    if (transform_option(o, t)) continue;
    if (o.key == 'i') insist = true;
    if (o.key == 'D') fallback = o.value;
    if (o.key == 'u') unexport = true;
  }
  const std::string key = take_key(c, b, "VARIABLE");
  envvar = take_arg(c, b, "ENVVAR").text;
  return [=](Context& ctx) {
    const std::string* v = ctx.env.get(envvar);
    if (!v && insist) ctx.fail(exit_code::usage, envvar + " not set");
    if (!v && !fallback) return std::vector<Binding>{{key, {}}};
    return std::vector<Binding>{{key, transformed(v ? *v : *fallback, t, ctx)}};
  };
}

BindingMaker multidefine_binding(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec extra[] = {{'0', ""}, {'r', ""}};
  Transform t;
  t.split = true;
  bool zero = false, rest = false;
  for (const auto& o : options_with(c, b, extra)) {
    if (transform_option(o, t)) continue;
    if (o.key == '0') zero = true;
    if (o.key == 'r') rest = true;
  }
  t.split = true;  // always
  const std::string value = take_arg(c, b, "VALUE").text;
  BlockRef names = take_word_block(c, b, "VARIABLES");
  if (c.validating()) {
    if (names.block->body.empty()) usage_error(names.block->open, b, "empty block of variables");
    for (const auto& n : names.block->body)
      if (n.block()) usage_error(n.block()->open, b, "a block inside the block of variables");
  }
  return [=](Context& ctx) {
    const auto keys = names.words();
    if (keys.empty()) ctx.fail(exit_code::usage, "empty block of variables");
    const auto words = transformed(value, t, ctx);
    std::vector<Binding> out;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i].empty()) continue;
      if (!valid_key(keys[i])) ctx.fail(exit_code::usage, "bad substitution key \"" + keys[i] + "\"");
      Binding bd{keys[i], {}};
      if (rest && i + 1 == keys.size() && i < words.size())
        bd.values.assign(words.begin() + static_cast<std::ptrdiff_t>(i), words.end());
      else if (i < words.size())
        bd.values = {words[i]};
      else if (!zero)
        bd.values = {""};
      out.push_back(std::move(bd));
    }
    return out;
  };
}

BindingMaker elglob_binding(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'v', ""}, {'w', ""}, {'s', ""}, {'m', ""}, {'e', ""}, {'0', ""}};
  bool verbose = false, strict = false, sorted = false, mark = false, noescape = false, null_glob = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    verbose |= o.key == 'v';
    strict |= o.key == 'w';
    sorted |= o.key == 's';
    mark |= o.key == 'm';
    noescape |= o.key == 'e';
    null_glob |= o.key == '0';
  }
  const std::string key = take_key(c, b, "VARIABLE");
  const std::string pattern = take_arg(c, b, "PATTERN").text;
  return [=](Context& ctx) {
    glob_t g{};
    const int flags = (sorted ? 0 : GLOB_NOSORT) | (mark ? GLOB_MARK : 0) | (noescape ? GLOB_NOESCAPE : 0) |
                      (strict ? GLOB_ERR : 0);
    const int r = glob(pattern.c_str(), flags, nullptr, &g);
    std::vector<std::string> values;
    if (r == 0) {
      for (size_t i = 0; i < g.gl_pathc; ++i) values.emplace_back(g.gl_pathv[i]);
    } else if (r != GLOB_NOMATCH) {
      globfree(&g);
      if (strict) ctx.fail(exit_code::system_call, "unable to glob " + pattern);
      if (verbose) {
        const std::string line = "chainscript: warning: unable to glob " + pattern + "\n";
        (void)!::write(2, line.data(), line.size());
      }
    }
    globfree(&g);
    if (values.empty() && !null_glob) values.push_back(pattern);
    return std::vector<Binding>{{key, values}};
  };
}

BindingMaker elgetpositionals_binding(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'P', "", true}};
  unsigned long sharp = 0;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) sharp = parse_number({o.value, o.at}, b, "sharp");
  return [sharp](Context& ctx) { return elgetpositionals_bindings_of(ctx, sharp); };
}

// Shown in the plan and the trace as one step: KEY=value, or KEY=[v1 v2 ...] when split.
Flow substitute_now(Context& ctx, Cursor& rest, std::vector<Binding> bindings) {
  Effect e{"substitute", {}, {}, {}};
  for (const auto& b : bindings) {
    if (b.values.size() == 1) {
      e.args.emplace_back(b.key, b.values[0]);
    } else {
      std::string list = "[";
      for (const auto& v : b.values) list += (list.size() > 1 ? " " : "") + v;
      e.args.emplace_back(b.key, list + "]");
    }
  }
  ctx.system->report(std::move(e));
  rest.substitute(Substitution{std::move(bindings)});
  return {};
}

}  // namespace

Action parse_define(Cursor& c, const Builtin& b) {
  BindingMaker make = define_binding(c, b);
  return [make](Context& ctx, Cursor& rest) { return substitute_now(ctx, rest, make(ctx)); };
}

Action parse_importas(Cursor& c, const Builtin& b) {
  bool unexport = false;
  std::string envvar;
  BindingMaker make = importas_binding(c, b, unexport, envvar);
  return [=](Context& ctx, Cursor& rest) {
    auto bindings = make(ctx);
    if (unexport) ctx.unsetenv(envvar);
    return substitute_now(ctx, rest, std::move(bindings));
  };
}

Action parse_multidefine(Cursor& c, const Builtin& b) {
  BindingMaker make = multidefine_binding(c, b);
  return [make](Context& ctx, Cursor& rest) { return substitute_now(ctx, rest, make(ctx)); };
}

Action parse_elglob(Cursor& c, const Builtin& b) {
  BindingMaker make = elglob_binding(c, b);
  return [make](Context& ctx, Cursor& rest) { return substitute_now(ctx, rest, make(ctx)); };
}

Action parse_multisubstitute(Cursor& c, const Builtin& b) {
  BlockRef block = take_word_block(c, b, "SUBSTITUTIONS");
  // Parsed now when the words are literal; otherwise when it runs.
  const auto parse_directives = [block](bool validating) {
    Cursor inner(block.block->body, block.substitutions, validating);
    std::vector<BindingMaker> makers;
    while (!inner.at_end()) {
      const Word* w = inner.peek();
      if (!w) usage_error(inner.where(), *find_builtin("multisubstitute"), "a block where a directive was expected");
      const Builtin* d = find_builtin(w->text);
      const Word name = inner.take_word();
      if (!d || (d->name != "define" && d->name != "importas" && d->name != "multidefine" && d->name != "elglob" &&
                 d->name != "elgetpositionals"))
        usage_error(name.at, *find_builtin("multisubstitute"),
                    "\"" + name.text +
                        "\" is not a substitution directive (define, importas, elglob, elgetpositionals, multidefine)");
      if (d->name == "define") makers.push_back(define_binding(inner, *d));
      if (d->name == "elglob") makers.push_back(elglob_binding(inner, *d));
      if (d->name == "elgetpositionals") makers.push_back(elgetpositionals_binding(inner, *d));
      if (d->name == "multidefine") makers.push_back(multidefine_binding(inner, *d));
      if (d->name == "importas") {
        bool unexport = false;
        std::string envvar;
        auto make = importas_binding(inner, *d, unexport, envvar);
        if (unexport)  // importas -u inside multisubstitute unexports too
          make = [make, envvar](Context& ctx) {
            auto bindings = make(ctx);
            ctx.unsetenv(envvar);
            return bindings;
          };
        makers.push_back(std::move(make));
      }
    }
    return makers;
  };
  if (c.validating()) {
    try {
      parse_directives(true);
    } catch (const NotLiteral&) {
    }
  }
  return [parse_directives](Context& ctx, Cursor& rest) {
    std::vector<Binding> all;
    for (const auto& make : parse_directives(false))
      for (auto& bd : make(ctx)) {
        for (const auto& seen : all)
          if (seen.key == bd.key) ctx.fail(exit_code::usage, "the key " + bd.key + " is substituted twice");
        all.push_back(std::move(bd));
      }
    return substitute_now(ctx, rest, std::move(all));
  };
}

namespace {

// withstdinas and backtick: the value (chomped of one newline) into the
// environment, or with -E substituted; no value unsets, or substitutes no word.
Flow store_captured(Context& ctx, Cursor& rest, const std::string& key, std::optional<std::string> value, bool chomp,
                    bool autoimport) {
  if (value && chomp && !value->empty() && value->back() == '\n') value->pop_back();
  if (!value) {
    if (autoimport) return substitute_now(ctx, rest, {{key, {}}});
    ctx.unsetenv(key);
    return {};
  }
  if (autoimport) return substitute_now(ctx, rest, {{key, {*value}}});
  ctx.setenv(key, *value);
  return {};
}

}  // namespace

Action parse_withstdinas(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'i', ""}, {'I', ""}, {'D', "", true}, {'N', ""}, {'n', ""}, {'E', ""}, {'e', ""}};
  enum { truncate, insist, remove, fallback } on_nul = truncate;
  std::string default_value;
  bool chomp = true, autoimport = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    switch (o.key) {
      case 'i': on_nul = insist; break;
      case 'I': on_nul = remove; break;
      case 'D': on_nul = fallback, default_value = o.value; break;
      case 'N': chomp = false; break;
      case 'n': chomp = true; break;
      case 'E': autoimport = true; break;
      case 'e': autoimport = false; break;
    }
  }
  const std::string key = take_key(c, b, "VARIABLE");
  return [=](Context& ctx, Cursor& rest) -> Flow {
    std::optional<std::string> value = read_stdin(ctx);
    if (const auto nul = value->find('\0'); nul != std::string::npos) {
      switch (on_nul) {
        case truncate: value->resize(nul); break;
        case insist: return 1;
        case remove: value.reset(); break;
        case fallback: value = default_value; break;
      }
    }
    return store_captured(ctx, rest, key, std::move(value), chomp, autoimport);
  };
}

Action parse_backtick(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'i', ""}, {'I', ""}, {'x', ""}, {'D', "", true},
                                         {'N', ""}, {'n', ""}, {'E', ""}, {'e', ""}};
  enum { insist, lenient, remove, fallback } on_failure = insist;
  std::string default_value;
  bool chomp = true, autoimport = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    switch (o.key) {
      case 'i': on_failure = insist; break;
      case 'I': on_failure = lenient; break;
      case 'x': on_failure = remove; break;
      case 'D': on_failure = fallback, default_value = o.value; break;
      case 'N': chomp = false; break;
      case 'n': chomp = true; break;
      case 'E': autoimport = true; break;
      case 'e': autoimport = false; break;
    }
  }
  const std::string key = take_key(c, b, "VARIABLE");
  if (key.find('=') != std::string::npos) usage_error(c.where(), b, "bad variable name \"" + key + "\"");
  BlockRef block = take_chain_block(c, b, "PROGRAM");
  return [=](Context& ctx, Cursor& rest) -> Flow {
    auto [out, st] = capture_output(block, ctx);
    std::optional<std::string> value = std::move(out);
    const bool has_nul = value->find('\0') != std::string::npos;
    if (!succeeded_status(st) || has_nul) {
      switch (on_failure) {
        case insist:
          if (has_nul && succeeded_status(st)) ctx.fail(124, "the block's output contains a null character");
          ctx.fail(reported_status(st), WIFSIGNALED(st) ? "the block was killed by signal " + std::to_string(WTERMSIG(st))
                                                        : "the block exited " + std::to_string(WEXITSTATUS(st)));
        case lenient: value->resize(std::min(value->size(), value->find('\0'))); break;
        case remove: value.reset(); break;
        case fallback: value = default_value; break;
      }
    }
    return store_captured(ctx, rest, key, std::move(value), chomp, autoimport);
  };
}

}  // namespace chainscript
