// Shared by the dialects' actions: collects pieces into words and words into
// nested blocks, so that every grammar only says how text becomes pieces.
#pragma once
#include <string_view>
#include "ast.hpp"
#include "syntax_error.hpp"

namespace chainscript {

class ScriptBuilder {
 public:
  explicit ScriptBuilder(const std::string* file);

  void add(std::string_view text, bool substitutable);  // to the word being read
  void add_char(char c, bool substitutable) { add(std::string_view(&c, 1), substitutable); }
  // The word has a quoted or escaped part: a "{" or "}" in it is plain text.
  void mark_quoted() { bare_only_ = false; }
  // Ends the word that started at line:column. A word that is one bare "{" or
  // "}" (braced_words) opens or closes a block instead.
  void end_word(unsigned line, unsigned column, bool bare_braces_are_blocks = true);
  void error(unsigned line, unsigned column, std::string message);
  void comment(unsigned line, unsigned column, std::string_view text) {
    comments_.push_back({at(line, column), std::string(text)});
  }
  std::vector<ast::Comment> take_comments() { return std::move(comments_); }
  Location at(unsigned line, unsigned column) const { return {file_, line, column}; }

  // Checks that every block was closed; throws SyntaxErrors if anything was wrong.
  std::vector<ast::Node> finish();

  // At most this many errors are reported: the parse stops at the next one.
  static constexpr size_t max_errors = 50;

 private:
  const std::string* file_;
  ast::Word word_;
  bool bare_only_ = true;  // the current word has no quoted or escaped piece
  std::vector<ast::Node> top_;
  std::vector<ast::Block> open_;  // blocks not yet closed, innermost last
  std::vector<SyntaxError> errors_;
  std::vector<ast::Comment> comments_;
  std::vector<ast::Node>& body() { return open_.empty() ? top_ : open_.back().body; }
  void add_error(SyntaxError e);
};

}  // namespace chainscript
