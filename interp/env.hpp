// The environment the chain carries, as data. Builtins edit it (through
// Context, which reports each change); it becomes the envp of the program at
// the end of the chain and of forked children. chainscript never calls
// setenv() on itself.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace chainscript {

class Env {
 public:
  static Env from_process();
  const std::string* get(const std::string& key) const {
    auto it = vars_.find(key);
    return it == vars_.end() ? nullptr : &it->second;
  }
  void set(const std::string& key, std::string value) { vars_[key] = std::move(value); }
  void unset(const std::string& key) { vars_.erase(key); }
  void clear() { vars_.clear(); }
  const std::map<std::string, std::string>& vars() const { return vars_; }
  std::vector<std::string> envp() const;

 private:
  std::map<std::string, std::string> vars_;
};

}  // namespace chainscript
