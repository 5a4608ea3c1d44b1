// The parsed script: words and blocks with their source locations.
// Every dialect's grammar produces this; the interpreter reads only this.
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "grammar/rules.hpp"
#include "lib/location.hpp"

namespace chainscript {

// Blocks nest at most this deep: deeper is a syntax error (100). Every stage
// that walks blocks does so without recursion; running a block forks and
// interprets it, and this bound keeps that within any stack.
inline constexpr unsigned max_block_depth = 500;

namespace ast {

// A run of characters; substitutable pieces take part in $NAME substitution,
// literal ones ('...' and backslash-escaped characters in the native dialect) never do.
struct Piece {
  std::string text;
  bool substitutable = true;
  // Validation only: a value known when the script runs; text names it.
  bool placeholder = false;
};

using Pieces = std::vector<Piece>;

struct Word {
  Pieces pieces;
  Location at;
  // Validation only: substitution may make any number of words of it.
  bool may_split = false;
  std::string text() const;  // the pieces joined
  bool literal() const;      // no piece could be changed by substitution
  bool known() const;        // no placeholder in it
};

struct Node;

struct Block {
  std::vector<Node> body;
  Location open, close;
};

struct Node : std::variant<Word, Block> {
  using variant::variant;
  const Word* word() const { return std::get_if<Word>(this); }
  const Block* block() const { return std::get_if<Block>(this); }
};

// Kept for --port, which prints them back where they were.
struct Comment {
  Location at;
  std::string text;  // from the '#' to the end of the line
};

struct Script {
  const std::string* file;
  Dialect dialect = Dialect::chainscript;
  std::vector<Node> body;
  std::vector<Comment> comments;
};

}  // namespace ast
}  // namespace chainscript
