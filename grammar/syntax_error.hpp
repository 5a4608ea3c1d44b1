// What a grammar throws: every error found, each with its location.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>
#include "ast.hpp"

namespace chainscript {

struct SyntaxError {
  Location at;
  std::string message;
};

struct SyntaxErrors : std::runtime_error {
  std::vector<SyntaxError> errors;
  explicit SyntaxErrors(std::vector<SyntaxError> e)
      : std::runtime_error("syntax error"), errors(std::move(e)) {}
};

}  // namespace chainscript
