#include "script_arguments.hpp"

#include <algorithm>

#include "lib/names.hpp"

namespace chainscript {

namespace {

// -S nmin / -s nmin: $0 the script, $1... the arguments (empty up to nmin),
// $# their count, $@ all of them (-s: those after the first nmin).
Substitution substituted(const std::string& name, const std::vector<std::string>& args, unsigned nmin, bool shift) {
  Substitution s;
  s.bindings.push_back({"0", {name}});
  const size_t n = std::max<size_t>(args.size(), nmin);
  for (size_t i = 0; i < n; ++i) s.bindings.push_back({std::to_string(i + 1), {i < args.size() ? args[i] : ""}});
  s.bindings.push_back({"#", {std::to_string(args.size())}});
  std::vector<std::string> rest = args;
  if (shift) rest.erase(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(nmin, rest.size())));
  s.bindings.push_back({"@", rest});
  return s;
}

// The default mode: the caller's parameters pushed down a level
// (# -> #:1 -> #:2 ...) unless -p, then ours.
void into_environment(Env& env, const std::string& name, const std::vector<std::string>& args, bool push) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : env.vars())
    if (is_positional_name(k)) keys.emplace_back(k);
  if (push) {
    for (const auto& k : keys) {
      unsigned depth = 1;
      while (env.get(k + ":" + std::to_string(depth))) ++depth;
      for (unsigned d = depth; d > 1; --d) env.set(k + ":" + std::to_string(d), *env.get(k + ":" + std::to_string(d - 1)));
      env.set(k + ":1", *env.get(k));
    }
  }
  for (const auto& k : keys) env.unset(k);
  env.set("#", std::to_string(args.size()));
  env.set("0", name);
  for (size_t i = 0; i < args.size(); ++i) env.set(std::to_string(i + 1), args[i]);
}

}  // namespace

SubstitutionList script_arguments(const Rules& rules, const std::string& dollar0,
                                  const std::vector<std::string>& args, Env& env) {
  switch (rules.positional) {
    case Positional::substitute:
    case Positional::substitute_shift:
      return SubstitutionList().with(substituted(dollar0, args, rules.nmin, rules.positional == Positional::substitute_shift));
    case Positional::push:
    case Positional::no_push: into_environment(env, dollar0, args, rules.positional == Positional::push); break;
    case Positional::none: break;
  }
  return {};
}

}  // namespace chainscript
