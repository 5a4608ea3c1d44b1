// The environment the chain carries, as data. Builtins edit it (through
// Context, which reports each change); it becomes the envp of the program at
// the end of the chain and of forked children. chainscript never calls
// setenv() on itself.
//
// Kept as a vector sorted by name. A variable the chain has not touched is a
// view of the process's own "NAME=value" string, which lives as long as the
// process: a start copies nothing (a map of copies was a sixth of the
// instructions of a run file's start).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chainscript {

class Env {
 public:
  static Env from_process();
  std::optional<std::string_view> get(std::string_view key) const;
  void set(std::string_view key, std::string_view value);
  void unset(std::string_view key);
  void clear() { vars_.clear(); }
  // Every variable as (name, value), sorted by name.
  std::vector<std::pair<std::string_view, std::string_view>> vars() const;
  // "NAME=value", sorted by name.
  std::vector<std::string> envp() const;

 private:
  struct Var {
    std::string_view inherited;  // "NAME=value" of the process, when own is empty
    std::string own;             // "NAME=value" set by the chain
    size_t eq;                   // where the '=' is
    std::string_view text() const { return own.empty() ? inherited : std::string_view(own); }
    std::string_view key() const { return text().substr(0, eq); }
    std::string_view value() const { return text().substr(eq + 1); }
  };
  std::vector<Var>::const_iterator find(std::string_view key) const;
  std::vector<Var> vars_;
};

}  // namespace chainscript
