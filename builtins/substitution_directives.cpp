#include "builtins/substitution_directives.hpp"

namespace chainscript {

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

bool captured_value_option(const Option& o, CapturedValue& v) {
  switch (o.key) {
    case 'N': v.chomp = false; return true;
    case 'n': v.chomp = true; return true;
    case 'E': v.autoimport = true; return true;
    case 'e': v.autoimport = false; return true;
  }
  return false;
}

Flow store_captured(Context& ctx, Cursor& rest, const std::string& key, std::optional<std::string> value,
                    const CapturedValue& how) {
  if (value && how.chomp && !value->empty() && value->back() == '\n') value->pop_back();
  return store_value(ctx, rest, key, std::move(value), how.autoimport);
}

Word take_key(Cursor& c, const Builtin& b, std::string_view what) {
  Word w = take_arg(c, b, what);
  if (w.known && w.text.empty()) throw Failure(exit_code::system_call, w.at, std::string(b.name), "bad substitution key");
  return w;
}

std::vector<std::string> transformed(const std::string& value, const Transform& t, const Context& ctx) {
  auto values = transform(value, t);
  if (!values) ctx.fail(exit_code::system_call, "invalid netstring list");
  return std::move(*values);
}

Binding unknown_binding(const std::string& key, bool split) {
  return {key, {}, split ? Binding::Unknown::any : Binding::Unknown::one};
}

Binding predicted_binding(const std::string& key, const Word& value, const Transform& t, const Cursor& c,
                          const Builtin& b) {
  if (!value.known) return unknown_binding(key, t.split);
  auto values = transform(value.text, t);
  if (!values) {
    if (c.rules().execline()) return unknown_binding(key, true);
    usage_error(value.at, b, "not a netstring list: \"" + value.text + "\"");
  }
  return {key, std::move(*values)};
}

Flow substitute_now(Context& ctx, Cursor& rest, std::vector<Binding> bindings) {
  // Shown as one step: KEY=value, or KEY=[v1 v2 ...] when split.
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
  ctx.system->report(e);
  rest.substitute(Substitution{std::move(bindings)});
  return {};
}

Flow store_value(Context& ctx, Cursor& rest, const std::string& key, std::optional<std::string> value,
                 bool autoimport) {
  if (autoimport) {  // execline's importas -ui: substituted, and gone from the environment
    if (ctx.env.get(key)) ctx.unsetenv(key);
    std::vector<std::string> values;
    if (value) values.push_back(std::move(*value));
    return substitute_now(ctx, rest, {{key, std::move(values)}});
  }
  if (value)
    ctx.setenv(key, std::move(*value));
  else
    ctx.unsetenv(key);
  return {};
}

Invocation substituting(Directive d) {
  Invocation i = [make = std::move(d.make)](Context& ctx, Cursor& rest) { return substitute_now(ctx, rest, make(ctx)); };
  i.binds = Substitution{std::move(d.predicted)};
  return i;
}

}  // namespace chainscript
