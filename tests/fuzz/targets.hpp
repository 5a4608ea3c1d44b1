// What each fuzzer does with one input, shared with the unit test that
// replays every input kept in corpus/ (each that ever crashed among them).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "grammar/dialects.hpp"
#include "grammar/syntax_error.hpp"
#include "interp/port.hpp"
#include "interp/validator.hpp"

namespace chainscript::fuzz {

// A grammar on any bytes: a syntax error is an answer.
inline void parse(Dialect dialect, const uint8_t* data, size_t size) {
  try {
    parse_script(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz", dialect);
  } catch (const SyntaxErrors&) {
  }
}

// Validation, then --port, of whatever parses; the first byte chooses the
// dialect and the strictness, the rest is the script.
inline void validate(const uint8_t* data, size_t size) {
  if (size == 0) return;
  Rules rules;
  rules.dialect = static_cast<Dialect>(data[0] % 3);
  rules.strict = data[0] / 3 % 3;
  ast::Script script;
  try {
    script = parse_script(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1), "fuzz", rules.dialect);
  } catch (const SyntaxErrors&) {
    return;
  }
  chainscript::validate(script.body, rules, {});
  std::vector<PortWarning> warnings;
  port_script(script, rules, "", warnings);
}

}  // namespace chainscript::fuzz
