#include "cursor.hpp"

#include "failure.hpp"

namespace chainscript {

Cursor::Cursor(const std::vector<ast::Node>& body, SubstitutionList subst, bool validating)
    : body_(&body), subst_(std::move(subst)), validating_(validating) {}

bool Cursor::fill() {
  while (pending_.empty()) {
    if (next_ >= body_->size()) return false;
    const auto* w = (*body_)[next_].word();
    if (!w) return false;
    ++next_;
    if (validating_) {
      if (!w->literal() && !porting_) throw NotLiteral{};
      pending_.push_back(*w);
    } else {
      for (auto& e : subst_.apply(*w)) pending_.push_back(std::move(e));
    }
  }
  return true;
}

bool Cursor::at_end() { return !fill() && next_ >= body_->size(); }

const Word* Cursor::peek() {
  if (!fill()) return nullptr;
  peeked_.clear();
  peeked_.push_back({pending_.front().text(), pending_.front().at});
  return &peeked_.back();
}

bool Cursor::next_is_block() { return !fill() && next_ < body_->size(); }

Word Cursor::take_word() {
  fill();
  Word w{pending_.front().text(), pending_.front().at};
  pending_.pop_front();
  return w;
}

BlockRef Cursor::take_block() {
  BlockRef b{(*body_)[next_++].block(), subst_};
  return b;
}

std::optional<BlockRef> Cursor::take_until(std::string_view separator) {
  size_t end = next_;
  bool found = false;
  for (const auto& w : pending_)
    if (w.literal() && w.text() == separator) found = true;
  if (!found) {
    for (; end < body_->size(); ++end) {
      const auto* w = (*body_)[end].word();
      if (!w) return std::nullopt;
      if (w->literal() && w->text() == separator) {
        found = true;
        break;
      }
    }
  }
  if (!found) return std::nullopt;
  auto block = std::make_shared<ast::Block>();
  block->open = where();
  // Words already expanded come first; they are final text now.
  while (!pending_.empty()) {
    ast::Word w = std::move(pending_.front());
    pending_.pop_front();
    if (w.literal() && w.text() == separator) {
      block->close = w.at;
      BlockRef r{block.get(), subst_, block};
      return r;
    }
    block->body.emplace_back(std::move(w));
  }
  for (; next_ < end; ++next_) block->body.push_back((*body_)[next_]);
  block->close = (*body_)[end].word()->at;
  next_ = end + 1;
  BlockRef r{block.get(), subst_, block};
  return r;
}

Location Cursor::where() {
  if (fill()) return pending_.front().at;
  if (next_ < body_->size()) return (*body_)[next_].block()->open;
  if (!body_->empty()) {
    const auto& last = body_->back();
    return last.word() ? last.word()->at : last.block()->close;
  }
  return {};  // an empty program: no place to name
}

void Cursor::substitute(Substitution s) {
  Substitution only{s.bindings};
  std::deque<ast::Word> again;
  for (const auto& w : pending_)
    for (auto& e : chainscript::substitute(only, w)) again.push_back(std::move(e));
  pending_ = std::move(again);
  subst_ = subst_.with(std::move(s));
}

void Cursor::splice(const BlockRef& b) {
  auto body = std::make_shared<std::vector<ast::Node>>(b.block->body);
  body->insert(body->end(), body_->begin() + static_cast<std::ptrdiff_t>(next_), body_->end());
  owned_ = std::move(body);
  body_ = owned_.get();
  next_ = 0;
}

void encode_block(const ast::Block& b, const SubstitutionList& subst, unsigned depth,
                  std::vector<std::string>& out) {
  const std::string indent(depth, ' ');
  for (const auto& n : b.body) {
    if (const auto* w = n.word())
      for (const auto& e : subst.apply(*w)) out.push_back(indent + e.text());
    else
      encode_block(*n.block(), subst, depth + 1, out);
  }
  out.push_back(std::string(depth - 1, ' '));
}

std::vector<std::string> Cursor::rest_argv() {
  std::vector<std::string> out;
  for (auto& w : pending_) out.push_back(w.text());
  pending_.clear();
  for (; next_ < body_->size(); ++next_) {
    const auto& n = (*body_)[next_];
    if (const auto* w = n.word())
      for (const auto& e : subst_.apply(*w)) out.push_back(e.text());
    else
      encode_block(*n.block(), subst_, 1, out);
  }
  return out;
}

std::vector<std::string> BlockRef::words() const {
  std::vector<std::string> out;
  for (const auto& n : block->body) {
    if (const auto* w = n.word())
      for (const auto& e : substitutions.apply(*w)) out.push_back(e.text());
    else
      encode_block(*n.block(), substitutions, 1, out);
  }
  return out;
}

}  // namespace chainscript

namespace chainscript {

std::vector<ast::Node> decode_argv(const std::vector<std::string>& argv, const Location& at) {
  std::vector<ast::Node> top;
  std::vector<ast::Block> open;  // innermost last; depth = open.size()
  const auto body = [&]() -> std::vector<ast::Node>& { return open.empty() ? top : open.back().body; };
  for (const auto& w : argv) {
    std::string_view rest = w;
    size_t depth = open.size();
    if (depth > 0 && w == std::string(depth - 1, ' ')) {  // closes the innermost block
      ast::Block b = std::move(open.back());
      open.pop_back();
      body().emplace_back(std::move(b));
      continue;
    }
    if (rest.substr(0, depth) == std::string(depth, ' ')) rest.remove_prefix(depth);
    while (!rest.empty() && rest.front() == ' ') {  // opens deeper blocks
      open.push_back(ast::Block{{}, at, at});
      rest.remove_prefix(1);
    }
    body().emplace_back(ast::Word{{{std::string(rest), true}}, at});
  }
  while (!open.empty()) {  // unterminated: close what is open
    ast::Block b = std::move(open.back());
    open.pop_back();
    body().emplace_back(std::move(b));
  }
  return top;
}

}  // namespace chainscript
