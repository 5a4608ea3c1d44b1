#include "dialects.hpp"

#include "syntax_error.hpp"

namespace chainscript {

std::optional<ast::Dialect> dialect_of_first_line(std::string_view text) {
  if (text.substr(0, 2) != "#!") return std::nullopt;
  auto line = text.substr(2, text.find('\n') == std::string_view::npos ? text.size() : text.find('\n') - 2);
  const auto start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) return std::nullopt;
  line = line.substr(start);
  auto interpreter = line.substr(0, line.find_first_of(" \t\r"));
  interpreter = interpreter.substr(interpreter.rfind('/') + 1);
  if (interpreter == "execlineb") return ast::Dialect::execline;
  if (interpreter == "nosh") return ast::Dialect::nosh;
  return std::nullopt;
}

std::optional<ast::Dialect> dialect_by_name(std::string_view name) {
  if (name == "chainscript" || name == "native") return ast::Dialect::chainscript;
  if (name == "execline") return ast::Dialect::execline;
  if (name == "nosh") return ast::Dialect::nosh;
  return std::nullopt;
}

std::string_view dialect_name(ast::Dialect d) {
  switch (d) {
    case ast::Dialect::execline: return "execline";
    case ast::Dialect::nosh: return "nosh";
    default: return "chainscript";
  }
}

ast::Script parse_script(std::string_view text, std::string file, ast::Dialect dialect) {
  ast::Script s;
  s.file = std::make_shared<const std::string>(std::move(file));
  s.dialect = dialect;
  switch (dialect) {
    case ast::Dialect::chainscript: s.body = native::parse(text, s.file, &s.comments); break;
    case ast::Dialect::execline: s.body = execline::parse(text, s.file, &s.comments); break;
    case ast::Dialect::nosh: s.body = nosh::parse(text, s.file, &s.comments); break;
  }
  return s;
}

}  // namespace chainscript
