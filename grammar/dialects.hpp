// One entry point per dialect; each turns script bytes into words and blocks,
// filling s (whose file names the script): its body, comments and arena.
// The words point into text, which must live in s.arena (parse_script
// copies it there).
#pragma once
#include <optional>
#include <string_view>

#include "ast.hpp"

namespace chainscript {

namespace native {
void parse(std::string_view text, ast::Script& s);
}
namespace execline {
void parse(std::string_view text, ast::Script& s);
}
namespace nosh {
void parse(std::string_view text, ast::Script& s);
}

// The dialect a first line asks for: "#!.../execlineb ..." or "#!.../nosh ...";
// nullopt when it names neither.
std::optional<Dialect> dialect_of_first_line(std::string_view text);
// The base name of the program a "#!" first line names ("" without one).
std::string_view interpreter_of_first_line(std::string_view text);
std::optional<Dialect> dialect_by_name(std::string_view name);
std::string_view dialect_name(Dialect d);

// Parses the whole text (throws SyntaxErrors with every error found, at most
// ScriptBuilder::max_errors). A NUL byte is a syntax error in every dialect.
ast::Script parse_script(std::string_view text, std::string file, Dialect dialect);

}  // namespace chainscript
