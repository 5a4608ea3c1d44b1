#include "context.hpp"

#include <cstring>

namespace chainscript {

std::string Failure::render() const {
  std::string s = "chainscript: ";
  if (at.file) s += to_string(at) + ": ";
  if (!builtin.empty()) s += builtin + ": ";
  return s + what();
}

std::string with_errno(const std::string& message, int err) { return message + ": " + std::strerror(err); }

void Context::setenv(const std::string& key, std::string value) {
  system->report({"setenv", {{key, value}}, {}});
  env.set(key, std::move(value));
}

void Context::unsetenv(const std::string& key) {
  system->report({"unsetenv", {{"name", key}}, {}});
  env.unset(key);
}

void Context::fail(int code, const std::string& message) const { throw Failure(code, at, builtin, message); }

void Context::fail_errno(int code, const std::string& what) const { fail(code, with_errno(what, errno)); }

}  // namespace chainscript
