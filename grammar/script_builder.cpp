#include "script_builder.hpp"

#include "lib/huge_pages.hpp"

namespace chainscript {

ScriptBuilder::ScriptBuilder(const std::string* file, ast::Arena& arena, size_t size_hint)
    : file_(file), arena_(&arena) {
  nodes_.reserve(size_hint / 2 + 1);
  advise_huge_pages(nodes_.data(), nodes_.capacity() * sizeof(ast::Node));
}

void ScriptBuilder::end_word(unsigned line, unsigned column, bool bare_braces_are_blocks) {
  const Location here = at(line, column);
  const bool one_run = has_run_;  // then word_ is empty
  const bool bare = bare_only_ && bare_braces_are_blocks && (one_run || word_.size() == 1);
  const std::string_view text = one_run ? run_ : word_.text();
  const char brace = bare && text.size() == 1 ? text[0] : '\0';  // (most words are neither: no compare call)
  if (brace == '{') {
    if (open_.size() >= max_block_depth) {
      errors_.push_back({here, "blocks nested deeper than " + std::to_string(max_block_depth)});
      throw SyntaxErrors(std::move(errors_));
    }
    if (open_.size() >= max_run_depth && !too_deep_to_run_) too_deep_to_run_ = here;
    open_.push_back({nodes_.size(), here});
  } else if (brace == '}') {
    if (open_.empty()) {
      add_error({here, "unmatched }"});
    } else {
      const Open o = open_.back();
      open_.pop_back();
      const auto first = nodes_.begin() + static_cast<std::ptrdiff_t>(o.first);
      const ast::Block* b = arena_->block(ast::Body(first, nodes_.end()), o.at, here);
      nodes_.erase(first, nodes_.end());
      nodes_.emplace_back(b);
    }
  } else {
    nodes_.emplace_back(one_run ? arena_->word_over(run_, run_substitutable_, here) : arena_->word(word_, here));
  }
  word_.clear();
  has_run_ = false;
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
    auto& e = errors_.emplace_back();  // filled in place: gcc 12 saw a move of the message out of bounds
    e.at = b.at;
    e.message = "unmatched {: block never closed";
  }
  if (!errors_.empty()) throw SyntaxErrors(std::move(errors_));
  return std::move(nodes_);
}

}  // namespace chainscript
