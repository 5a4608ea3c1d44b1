// The rest of the program: a cursor over AST nodes that builtins read their
// options, arguments and blocks from. Words come out substituted (zero, one or
// many per AST word); blocks come out whole, with the substitutions in force
// where they stand, so that a child interpreting one sees what execline would.
#pragma once
#include <deque>
#include <optional>
#include <string>
#include <vector>
#include "grammar/ast.hpp"
#include "substitution.hpp"

namespace chainscript {

struct Word {
  std::string text;
  Location at;
};

struct BlockRef {
  const ast::Block* block = nullptr;
  SubstitutionList substitutions;
  std::shared_ptr<const ast::Block> owned;  // a block made of separated words (nosh's "cmd ... ;")
  // The block's words as execline would hand them to an external program
  // (no encoding: the words themselves, substituted). Nested blocks are encoded.
  std::vector<std::string> words() const;
};

class Cursor {
 public:
  // The execline dialect's rules where they differ (one script a process):
  // ";" ends no block, a command must be followed by a program, blocks may be
  // given as execline encodes them in argv.
  static inline bool execline_rules = false;
  static inline int execline_strict = 0;  // EXECLINE_STRICT as the script starts (-q -w -W)
  static inline bool nosh_rules = false;  // the nosh dialect's (numbers as C writes them)

  // validating: words that need substitution throw NotLiteral, and every
  // block taken as a chain is remembered for the validator.
  Cursor(const std::vector<ast::Node>& body, SubstitutionList subst, bool validating = false);

  bool at_end();
  const Word* peek();              // the next word; null at a block or the end
  bool next_is_block();
  Word take_word();                // the next word (call after peek)
  BlockRef take_block();           // the next block (call after next_is_block)
  // The words up to a word that is exactly `separator` (consumed), as a block;
  // nullopt, consuming nothing, when no such word comes before a block or the end.
  std::optional<BlockRef> take_until(std::string_view separator);
  Location where();                // of the next node, or of the end
  // Everything left, substituted, blocks encoded the execline way.
  std::vector<std::string> rest_argv();
  // Applies to every word after this point, blocks included.
  void substitute(Substitution s);
  const SubstitutionList& substitutions() const { return subst_; }
  // Puts a block's words in front of the rest (ifthenelse -s).
  void splice(const BlockRef& b);
  bool validating() const { return validating_; }
  // --port: words are read as written (no substitution, no NotLiteral), and
  // nosh's separated forms are remembered for the printer.
  struct SeparatedForm {
    Location first, separator;  // "{" goes before first, "}" replaces separator
  };
  void set_porting(std::vector<SeparatedForm>* notes) { porting_ = notes; }
  std::vector<SeparatedForm>* porting() const { return porting_; }
  std::vector<BlockRef>& chains_taken() { return chains_; }

 private:
  const std::vector<ast::Node>* body_;
  std::shared_ptr<std::vector<ast::Node>> owned_;  // a spliced body
  size_t next_ = 0;  // next AST node not yet expanded
  std::deque<ast::Word> pending_;  // expansions of an AST word not yet read
  std::vector<Word> peeked_;
  SubstitutionList subst_;
  bool validating_;
  std::vector<SeparatedForm>* porting_ = nullptr;
  std::vector<BlockRef> chains_;
  bool fill();  // makes pending_ non-empty if the next node is a word
};

// Appends one block, execline-encoded at depth (words prefixed with depth
// spaces, closed by a word of depth-1 spaces).
void encode_block(const ast::Block& b, const SubstitutionList& subst, unsigned depth,
                  std::vector<std::string>& out);

}  // namespace chainscript

namespace chainscript {
// The inverse of encode_block: execline-encoded argv words (blocks as words
// prefixed with spaces, closed by a word of one space less) back to nodes.
std::vector<ast::Node> decode_argv(const std::vector<std::string>& argv, const Location& at);
}  // namespace chainscript
