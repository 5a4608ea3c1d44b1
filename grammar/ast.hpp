// The parsed script: words and blocks with their source locations.
// Every dialect's grammar produces this; the interpreter reads only this.
#pragma once
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace chainscript {

struct Location {
  std::shared_ptr<const std::string> file;  // shared by every node of a script
  unsigned line = 0;
  unsigned column = 0;
};

std::string to_string(const Location& at);  // "file:line:col"

namespace ast {

// A run of characters; substitutable pieces take part in $NAME substitution,
// literal ones ('...' and backslash-escaped characters in the native dialect) never do.
struct Piece {
  std::string text;
  bool substitutable = true;
};

struct Word {
  std::vector<Piece> pieces;
  Location at;
  std::string text() const;  // the pieces joined
  bool literal() const;      // no piece could be changed by substitution
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

enum class Dialect { chainscript, execline, nosh };

// execlineb's positional-parameter modes: default (push), -p, -P, -S n, -s n.
enum class Positional { push, no_push, none, substitute, substitute_shift };

// Kept for --port, which prints them back where they were.
struct Comment {
  Location at;
  std::string text;  // from the '#' to the end of the line
};

struct Script {
  std::shared_ptr<const std::string> file;
  Dialect dialect = Dialect::chainscript;
  std::vector<Node> body;
  std::vector<Comment> comments;
};

}  // namespace ast
}  // namespace chainscript
