// Errors as execline reports them: an exit code and a message that names the
// script location and the builtin.
#pragma once
#include <stdexcept>
#include <string>
#include "grammar/ast.hpp"

namespace chainscript {

namespace exit_code {
inline constexpr int usage = 100;        // wrong usage or syntax
inline constexpr int system_call = 111;  // a system call failed
inline constexpr int cannot_exec = 126;  // the program could not be executed
inline constexpr int not_found = 127;    // the program was not found
}  // namespace exit_code

struct Failure : std::runtime_error {
  int code;
  Location at;
  std::string builtin;
  Failure(int code, Location at, std::string builtin, const std::string& message)
      : std::runtime_error(message), code(code), at(std::move(at)), builtin(std::move(builtin)) {}
  // "chainscript: FILE:LINE:COL: BUILTIN: message"
  std::string render() const;
};

// Thrown by cursor reads during validation when a word depends on substitution.
struct NotLiteral {};

// message + ": " + strerror(errno)
std::string with_errno(const std::string& message, int err);

}  // namespace chainscript
