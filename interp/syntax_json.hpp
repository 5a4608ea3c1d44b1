// --parse and --check --format=json: the syntax tree and the errors as a
// stable interface, so that an editor's plug-in or a linter needs no parser
// of its own. The shapes are documented in man/chainscript.1 (JSON OUTPUT);
// "version" changes only if a field changes meaning or goes away.
#pragma once
#include <string>
#include <vector>

#include "grammar/ast.hpp"
#include "interp/failure.hpp"

namespace chainscript {

// The whole tree: words with their pieces, blocks with both braces, comments.
std::string syntax_tree_json(const ast::Script& script);
// The same as an indented listing, one word or brace a line with LINE:COL.
std::string syntax_tree_text(const ast::Script& script);
// Errors found by parsing or validating FILE (none: an empty list).
std::string errors_json(const std::string& file, const Rules& rules, const std::vector<Failure>& errors);

}  // namespace chainscript
