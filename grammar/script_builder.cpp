#include "script_builder.hpp"

namespace chainscript {

namespace ast {
std::string Word::text() const {
  if (pieces.size() == 1) return pieces.front().text;
  std::string s;
  for (const auto& p : pieces) s += p.text;
  return s;
}
bool Word::literal() const {
  for (const auto& p : pieces)
    if (p.substitutable && p.text.find('$') != std::string::npos) return false;
  return true;
}
bool Word::known() const {
  for (const auto& p : pieces)
    if (p.placeholder) return false;
  return true;
}
}  // namespace ast

ScriptBuilder::ScriptBuilder(const std::string* file) : file_(file) {}

void ScriptBuilder::add(std::string_view text, bool substitutable) {
  if (!substitutable) bare_only_ = false;
  auto& pieces = word_.pieces;
  if (!pieces.empty() && pieces.back().substitutable == substitutable)
    pieces.back().text.append(text);
  else
    pieces.push_back({std::string(text), substitutable});
}

void ScriptBuilder::end_word(unsigned line, unsigned column, bool bare_braces_are_blocks) {
  word_.at = at(line, column);
  const bool bare = bare_only_ && bare_braces_are_blocks && word_.pieces.size() == 1;
  if (bare && word_.pieces[0].text == "{") {
    if (open_.size() >= max_block_depth) {
      errors_.push_back({word_.at, "blocks nested deeper than " + std::to_string(max_block_depth)});
      throw SyntaxErrors(std::move(errors_));
    }
    open_.push_back(ast::Block{{}, word_.at, {}});
  } else if (bare && word_.pieces[0].text == "}") {
    if (open_.empty()) {
      add_error({word_.at, "unmatched }"});
    } else {
      ast::Block done = std::move(open_.back());
      open_.pop_back();
      done.close = word_.at;
      body().emplace_back(std::move(done));
    }
  } else {
    body().emplace_back(std::move(word_));
  }
  word_ = {};
  bare_only_ = true;
}

void ScriptBuilder::error(unsigned line, unsigned column, std::string message) {
  add_error({at(line, column), std::move(message)});
}

void ScriptBuilder::add_error(SyntaxError e) {
  errors_.push_back(std::move(e));
  if (errors_.size() >= max_errors) throw SyntaxErrors(std::move(errors_));
}

std::vector<ast::Node> ScriptBuilder::finish() {
  for (const auto& b : open_) {
    if (errors_.size() >= max_errors) break;
    errors_.push_back({b.open, "unmatched {: block never closed"});
  }
  if (!errors_.empty()) throw SyntaxErrors(std::move(errors_));
  return std::move(top_);
}

}  // namespace chainscript
