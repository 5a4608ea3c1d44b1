#include "dialects.hpp"

#include <algorithm>

#include "syntax_error.hpp"

namespace chainscript {

std::string_view interpreter_of_first_line(std::string_view text) {
  if (text.substr(0, 2) != "#!") return {};
  auto line = text.substr(2, text.find('\n') == std::string_view::npos ? text.size() : text.find('\n') - 2);
  const auto start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  line = line.substr(start);
  const auto interpreter = line.substr(0, line.find_first_of(" \t\r"));
  return interpreter.substr(interpreter.rfind('/') + 1);
}

std::optional<Dialect> dialect_of_first_line(std::string_view text) {
  const auto interpreter = interpreter_of_first_line(text);
  if (interpreter == "execlineb") return Dialect::execline;
  if (interpreter == "nosh") return Dialect::nosh;
  return std::nullopt;
}

std::optional<Dialect> dialect_by_name(std::string_view name) {
  if (name == "chainscript" || name == "native") return Dialect::chainscript;
  if (name == "execline") return Dialect::execline;
  if (name == "nosh") return Dialect::nosh;
  return std::nullopt;
}

std::string_view dialect_name(Dialect d) {
  switch (d) {
    case Dialect::execline: return "execline";
    case Dialect::nosh: return "nosh";
    default: return "chainscript";
  }
}

namespace {

// A script is text: a NUL byte in it (which execlineb would take as the end
// of the script, and a C string anywhere else would cut) is refused.
void refuse_nul(std::string_view text, const std::string* file) {
  const auto nul = text.find('\0');
  if (nul == std::string_view::npos) return;
  const auto line_start = text.rfind('\n', nul);
  const unsigned line = 1 + static_cast<unsigned>(std::count(text.begin(), text.begin() + static_cast<long>(nul), '\n'));
  const unsigned column = static_cast<unsigned>(nul - (line_start == std::string_view::npos ? 0 : line_start + 1)) + 1;
  throw SyntaxErrors({{Location{file, line, column}, "a NUL byte in the script"}});
}

}  // namespace

ast::Script parse_script(std::string_view text, std::string file, Dialect dialect) {
  ast::Script s;
  s.file = file_name(std::move(file));
  refuse_nul(text, s.file);
  s.dialect = dialect;
  // Read from the arena's copy: a word that is a run of it points into it
  // (one copy of the script, not one per word, each padded).
  const std::string_view own = s.arena.text(text);
  switch (dialect) {
    case Dialect::chainscript: native::parse(own, s); break;
    case Dialect::execline: execline::parse(own, s); break;
    case Dialect::nosh: nosh::parse(own, s); break;
  }
  return s;
}

}  // namespace chainscript
