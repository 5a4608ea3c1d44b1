#include "env.hpp"

#include <unistd.h>

namespace chainscript {

Env Env::from_process() {
  Env e;
  for (char** p = environ; p && *p; ++p) {
    std::string_view kv(*p);
    const auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    e.vars_.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return e;
}

std::vector<std::string> Env::envp() const {
  std::vector<std::string> out;
  out.reserve(vars_.size());
  for (const auto& [k, v] : vars_) out.push_back(k + "=" + v);
  return out;
}

}  // namespace chainscript
