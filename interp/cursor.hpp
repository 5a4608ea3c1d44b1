// The rest of the program: a cursor over AST nodes that builtins read their
// options, arguments and blocks from. Words come out substituted (zero, one or
// many per AST word); blocks come out whole, with the substitutions in force
// where they stand, so that a child interpreting one sees what execline would.
//
// The same cursor serves validation: there the substitutions are what can be
// known before the script runs, and a word whose value comes only at run time
// is a placeholder (Word::known false), or, when substitution may make any
// number of words of it, Uncertain is thrown: the validator stops following
// that chain and checks the blocks after it.
#pragma once
#include <list>
#include <optional>
#include <string>
#include <vector>

#include "grammar/ast.hpp"
#include "interp/substitution.hpp"
#include "lib/inline_vector.hpp"

namespace chainscript {

struct Word {
  std::string text;  // a placeholder's: the word as it reads, for messages
  Location at;
  bool known = true;  // false: a placeholder (validation only)
};

struct BlockRef {
  const ast::Block* block = nullptr;
  SubstitutionList substitutions;
  // Keeps alive what block points into when it was not parsed (a block made
  // of separated words, nosh's "cmd ... ;"; one decoded from an argv).
  std::shared_ptr<const ast::Block> owned;
  bool as_written = false;                   // --port: a word with a substitution is a placeholder
  // The block's words, substituted, nested blocks encoded the execline way
  // (as execline hands a block to a program); placeholders in validation.
  std::vector<Word> words() const;
  // A block nested in this one: same substitutions, and kept alive by the
  // same owner (a decoded block's inner blocks die with it).
  BlockRef inner(const ast::Block* b) const { return {b, substitutions, owned, as_written}; }
  std::vector<std::string> texts() const;  // the same, at run time
};

class Cursor {
 public:
  enum class Mode {
    run,       // words substituted; a NUL byte in one fails (111)
    validate,  // placeholders for what comes at run time; blocks taken as chains remembered
    port,      // words as written, those with a substitution placeholders
  };

  // body_owner keeps alive what body points into when it is not the parsed
  // script's (a BlockRef's owned); every block this cursor hands out keeps it too.
  Cursor(ast::Body body, SubstitutionList subst, const Rules& rules, Mode mode = Mode::run,
         std::shared_ptr<const ast::Block> body_owner = nullptr);
  // A block's words, with its substitutions and its owner.
  Cursor(const BlockRef& b, const Rules& rules, Mode mode = Mode::run)
      : Cursor(b.block->body, b.substitutions, rules, mode, b.owned) {}

  const Rules& rules() const { return *rules_; }
  Mode mode() const { return mode_; }
  bool validating() const { return mode_ != Mode::run; }

  // (at_end and peek are asked several times a word: their common case is inline)
  bool at_end() { return pending_.empty() && !fill_more() && next_ >= body_.size(); }
  const Word* peek() { return peeked_valid_ ? &peeked_ : peek_more(); }  // the next word; null at a block or the end
  bool next_is_block();
  Word take_word();                // the next word (call after peek; what peek gave is spent)
  BlockRef take_block();           // the next block (call after next_is_block)
  // The words up to a word that is exactly `separator` (consumed), as a block;
  // nullopt, consuming nothing, when no such word comes before a block or the end.
  std::optional<BlockRef> take_until(std::string_view separator);
  Location where();                // of the next node, or of the end
  // execline: a block where a word is wanted is read as execline's argv
  // carries it, its words encoded (" w"... ""); false when no block is next.
  bool unfold_block();
  // Everything left, substituted, blocks encoded the execline way.
  std::vector<std::string> rest_argv();
  // Everything left, dropped (what follows true, false and exit never runs).
  void skip_rest();
  // Applies to every word after this point, blocks included.
  void substitute(Substitution s);
  const SubstitutionList& substitutions() const { return subst_; }
  // Puts a block's words in front of the rest (ifthenelse -s).
  void splice(const BlockRef& b);

  // Validation: the blocks taken as chains, to be checked in their turn;
  // one that continues into the rest (ifthenelse -s) may end without a program.
  struct Chain {
    BlockRef block;
    bool continues = false;
  };
  std::vector<Chain>& chains_taken() { return chains_; }
  void take_chain(BlockRef b, bool continues = false) {
    if (validating()) chains_.push_back({std::move(b), continues});
  }
  // Validation, after Uncertain: the blocks from here to the end.
  std::vector<BlockRef> blocks_left() const;

  // --port: nosh's separated forms, remembered for the printer.
  struct SeparatedForm {
    Location first, separator;  // "{" goes before first, "}" replaces separator
  };
  std::vector<SeparatedForm>& separated_forms() { return separated_; }
  // --port: words nosh's option parser passes over (a lone "-", a first "--"
  // in a tool without options), which the native dialect would read.
  std::vector<Location>& passed_over() { return passed_over_; }

 private:
  // What the words and blocks this cursor made live in (its expansions, a
  // spliced body, a block of separated words), and the owners of the blocks
  // spliced in: made at the first need, shared with the blocks it hands out.
  struct Owner {
    ast::Arena arena;
    std::list<std::vector<ast::Node>> spliced;  // never moved: copies of this cursor may read any
    std::vector<std::shared_ptr<const ast::Block>> keep;
  };
  std::shared_ptr<Owner> owner_;
  std::shared_ptr<const ast::Block> body_owner_;  // kept by owner_ too, once it is made
  Owner& owner();
  std::shared_ptr<const ast::Block> owned(const ast::Block* b) const;
  ast::Body body_;
  size_t next_ = 0;                 // next AST node not yet expanded
  // Words not yet read, oldest first, and the index of the first. A cursor
  // is made for every block and most hold one word at a time: one is kept
  // inline (a deque, or a plain vector, allocated at once).
  class Queue {
   public:
    bool empty() const { return first_ == words_.size(); }
    const ast::Word& front() const { return words_[first_]; }
    void pop_front() {
      if (++first_ == words_.size()) clear();
    }
    void push_back(const ast::Word& w) { words_.push_back(w); }
    void clear() {
      words_.clear();
      first_ = 0;
    }
    const ast::Word* begin() const { return words_.begin() + first_; }
    const ast::Word* end() const { return words_.end(); }

   private:
    InlineVector<ast::Word, 1> words_;
    size_t first_ = 0;
  };
  Queue pending_;  // expansions of an AST word not yet read (the word itself when none changed it)
  // What peek() gave: alive until take_word(), which moves it out (a caller
  // peeks again after taking); it is pending_.front() while peeked_valid_.
  Word peeked_;
  bool peeked_valid_ = false;
  std::vector<ast::Word> expanded_;  // scratch for fill()
  SubstitutionList subst_;
  const Rules* rules_;
  Mode mode_;
  std::vector<Chain> chains_;
  std::vector<SeparatedForm> separated_;
  std::vector<Location> passed_over_;
  bool fill() { return !pending_.empty() || fill_more(); }  // makes pending_ non-empty if the next node is a word
  bool fill_more();
  const Word* peek_more();
  Word word_of(const ast::Word& w) const;
  void word_into(const ast::Word& w, Word& out) const;
};

// At run time, a word with a NUL byte: cut there in the execline dialect (a C
// string ends there), a failure (111) in the others.
void refuse_nul(Word& w, const Rules& rules);

// Appends one block, execline-encoded at depth (words prefixed with depth
// spaces, closed by a word of depth-1 spaces). Iterative.
// The words are made in arena.
void encode_block(const ast::Block& b, const SubstitutionList& subst, unsigned depth, std::vector<ast::Word>& out,
                  ast::Arena& arena);

// The inverse: execline-encoded argv words (blocks as words prefixed with
// spaces, closed by a word of one space less) back to nodes. Blocks nested
// deeper than max_run_depth are a usage error (100) at `at`. The words and
// blocks are made in arena.
std::vector<ast::Node> decode_argv(const std::vector<std::string>& argv, const Location& at, ast::Arena& arena);
// The same as a block that owns its arena.
std::shared_ptr<const ast::Block> decoded_block(const std::vector<std::string>& argv, const Location& at);

}  // namespace chainscript
