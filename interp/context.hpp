// The process state the chain carries from builtin to builtin.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include "env.hpp"
#include "failure.hpp"
#include "system.hpp"

namespace chainscript {

struct Context {
  System* system = nullptr;
  Env env;
  ast::Dialect dialect = ast::Dialect::chainscript;
  // Set by exec -a / -l for the program at the end of the chain.
  std::optional<std::string> argv0;
  bool login = false;
  // In a child just forked for a program: where to say that the program could
  // not be started (execline reports that as the spawning command's failure,
  // not as the child's exit code). Closed as soon as a builtin runs instead.
  int spawn_report_fd = -1;
  // --step: asked before each step; false skips it.
  std::function<bool(const Location&, std::string_view builtin)> step;
  // The step now running, for messages.
  Location at;
  std::string builtin;

  void setenv(const std::string& key, std::string value);
  void unsetenv(const std::string& key);
  // A failure of the current step.
  [[noreturn]] void fail(int code, const std::string& message) const;
  [[noreturn]] void fail_errno(int code, const std::string& what) const;  // what: strerror(errno)
};

}  // namespace chainscript
