#include "env.hpp"

#include <unistd.h>

#include <algorithm>

namespace chainscript {

Env Env::from_process() {
  // Sorted as plain views first: moving Vars (a std::string each) cost more
  // than the rest of the start's environment work.
  struct Inherited {
    std::string_view text;
    size_t eq;
    std::string_view key() const { return text.substr(0, eq); }
  };
  std::vector<Inherited> all;
  size_t n = 0;
  for (char** p = environ; p && *p; ++p) ++n;
  all.reserve(n);
  for (char** p = environ; p && *p; ++p) {
    const std::string_view kv(*p);
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos) all.push_back({kv, eq});
  }
  // By name; of a name given twice, the first stays (as getenv() finds it).
  std::stable_sort(all.begin(), all.end(), [](const Inherited& a, const Inherited& b) { return a.key() < b.key(); });
  Env e;
  e.vars_.reserve(all.size() + 8);  // room for what a start sets (LISTEN_FDS...) without a copy
  for (const Inherited& v : all)
    if (e.vars_.empty() || e.vars_.back().key() != v.key()) e.vars_.push_back({v.text, {}, v.eq});
  return e;
}

std::vector<Env::Var>::const_iterator Env::find(std::string_view key) const {
  return std::lower_bound(vars_.begin(), vars_.end(), key, [](const Var& v, std::string_view k) { return v.key() < k; });
}

std::optional<std::string_view> Env::get(std::string_view key) const {
  const auto it = find(key);
  if (it == vars_.end() || it->key() != key) return std::nullopt;
  return it->value();
}

void Env::set(std::string_view key, std::string_view value) {
  std::string text;
  text.reserve(key.size() + 1 + value.size());
  text.append(key).append(1, '=').append(value);
  const auto at = vars_.begin() + (find(key) - vars_.cbegin());
  if (at != vars_.end() && at->key() == key) {
    at->own = std::move(text);
    at->inherited = {};
  } else {
    vars_.insert(at, Var{{}, std::move(text), key.size()});
  }
}

void Env::unset(std::string_view key) {
  const auto it = find(key);
  if (it != vars_.end() && it->key() == key) vars_.erase(it);
}

std::vector<std::pair<std::string_view, std::string_view>> Env::vars() const {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  out.reserve(vars_.size());
  for (const Var& v : vars_) out.emplace_back(v.key(), v.value());
  return out;
}

std::vector<std::string> Env::envp() const {
  std::vector<std::string> out;
  out.reserve(vars_.size());
  for (const Var& v : vars_) out.emplace_back(v.text());
  return out;
}

}  // namespace chainscript
