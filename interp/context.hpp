// The process state the chain carries from builtin to builtin, and the door
// (system) through which every step acts.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "grammar/rules.hpp"
#include "interp/env.hpp"
#include "interp/failure.hpp"
#include "interp/system.hpp"

namespace chainscript {

class Lookups;

struct Context {
  System* system = nullptr;
  const Rules* rules = nullptr;
  Lookups* lookups = nullptr;
  Env env;
  // Set by exec -a / -l for the program at the end of the chain.
  std::optional<std::string> argv0;
  bool login = false;
  // --step: asked before each step; false skips it.
  std::function<bool(const Location&, std::string_view builtin)> step;
  // The step now running, for messages.
  Location at;
  std::string builtin;

  // Environment edits, reported as steps' effects. A NUL byte in a name or a
  // value (which no environment can hold) fails the step (111).
  void setenv(const std::string& key, std::string value);
  void unsetenv(const std::string& key);
  void clearenv();
  // A failure of the current step.
  [[noreturn]] void fail(int code, const std::string& message) const;
  [[noreturn]] void fail_errno(int code, std::string_view what) const;  // what: strerror(errno)
  // A message of the current step on stderr (through the System), shaped as
  // every message is; warn prefixes "warning: ".
  void say(std::string_view message);
  void warn(std::string_view message);
};

// Runs body in a child's context: whatever escapes it (a Failure, memory
// exhausted, anything else) is handed to on_failure as a Failure located at
// the step that was running, and its code returned; never an abort.
int run_guarded(Context& ctx, const std::function<int(Context&)>& body,
                const std::function<void(const Failure&)>& on_failure);

}  // namespace chainscript
