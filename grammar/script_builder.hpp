// Shared by the dialects' actions: collects pieces into words and words into
// nested blocks, so that every grammar only says how text becomes pieces.
#pragma once
#include <optional>
#include <string_view>
#include "ast.hpp"
#include "syntax_error.hpp"

namespace chainscript {

class ScriptBuilder {
 public:
  // Words and blocks go to arena; a script of size_hint bytes has at most
  // size_hint / 2 + 1 words, room for which is reserved, never touched
  // beyond what is used, so that the body is never copied as it grows.
  ScriptBuilder(const std::string* file, ast::Arena& arena, size_t size_hint = 0);

  void add(std::string_view text, bool substitutable) {  // to the word being read
    if (!substitutable) bare_only_ = false;
    spill_run();
    word_.add(text, substitutable);
  }
  // The same for a run of the script's own text, which the arena holds: a
  // word that is one such run (most words) is a piece over it, not a copy.
  void add_run(std::string_view text, bool substitutable) {
    if (has_run_ || !word_.empty()) return add(text, substitutable);
    if (!substitutable) bare_only_ = false;
    run_ = text;
    run_substitutable_ = substitutable;
    has_run_ = true;
  }
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
  // The first block opened deeper than max_run_depth (a script too deep to run).
  std::optional<Location> too_deep_to_run() const { return too_deep_to_run_; }
  Location at(unsigned line, unsigned column) const { return {file_, line, column}; }

  // Checks that every block was closed; throws SyntaxErrors if anything was wrong.
  std::vector<ast::Node> finish();

  // At most this many errors are reported: the parse stops at the next one.
  static constexpr size_t max_errors = 50;

 private:
  const std::string* file_;
  ast::Arena* arena_;
  ast::WordDraft word_;
  std::string_view run_;  // the word so far, when it is one run of the script's text
  bool run_substitutable_ = true, has_run_ = false;
  void spill_run() {
    if (has_run_) word_.add(run_, run_substitutable_);
    has_run_ = false;
  }
  bool bare_only_ = true;  // the current word has no quoted or escaped piece
  // The nodes of every block not yet closed, the script's own first; a
  // block's go to the arena when it closes.
  std::vector<ast::Node> nodes_;
  struct Open {
    size_t first;  // its first node in nodes_
    Location at;
  };
  std::vector<Open> open_;  // innermost last
  std::optional<Location> too_deep_to_run_;
  std::vector<SyntaxError> errors_;
  std::vector<ast::Comment> comments_;
  void add_error(SyntaxError e);
};

}  // namespace chainscript
