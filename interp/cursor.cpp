#include "cursor.hpp"

#include "interp/failure.hpp"

namespace chainscript {

Cursor::Cursor(const std::vector<ast::Node>& body, SubstitutionList subst, const Rules& rules, Mode mode)
    : body_(&body), subst_(std::move(subst)), rules_(&rules), mode_(mode) {}

bool Cursor::fill() {
  while (pending_.empty()) {
    if (next_ >= body_->size()) return false;
    const auto* w = (*body_)[next_].word();
    if (!w) return false;
    ++next_;
    expanded_.clear();
    if (mode_ == Mode::port || !subst_.expand(*w, expanded_)) {
      if (mode_ != Mode::port && w->may_split) throw Uncertain{};
      pending_.emplace_back(*w);
      continue;
    }
    for (auto& e : expanded_) {
      if (e.may_split) throw Uncertain{};
      pending_.emplace_back(std::move(e));
    }
  }
  return true;
}

Word Cursor::word_of(const ast::Word& w) const {
  Word out{w.text(), w.at, mode_ == Mode::port ? w.literal() : w.known()};
  if (mode_ == Mode::run) refuse_nul(out, *rules_);
  return out;
}

void refuse_nul(Word& w, const Rules& rules) {
  const auto nul = w.text.find('\0');
  if (nul == std::string::npos) return;
  // A word is a C string when it runs: execline's ends at the NUL; the other
  // dialects refuse it (111), never cutting a path or a name short.
  if (rules.execline()) return w.text.resize(nul);
  throw Failure(exit_code::system_call, w.at, "", "a NUL byte in a word: \"" + w.text.substr(0, nul) + "\\0...\"");
}

bool Cursor::at_end() { return !fill() && next_ >= body_->size(); }

const Word* Cursor::peek() {
  if (!fill()) return nullptr;
  if (!peeked_valid_) peeked_ = word_of(pending_.front().get()), peeked_valid_ = true;
  return &peeked_;
}

bool Cursor::next_is_block() { return !fill() && next_ < body_->size(); }

Word Cursor::take_word() {
  fill();
  Word w = peeked_valid_ ? peeked_ : word_of(pending_.front().get());
  peeked_valid_ = false;
  pending_.pop_front();
  return w;
}

BlockRef Cursor::take_block() { return BlockRef{(*body_)[next_++].block(), subst_, {}, mode_ == Mode::port}; }

bool Cursor::unfold_block() {
  if (fill() || next_ >= body_->size()) return false;
  std::vector<ast::Word> encoded;
  encode_block(*(*body_)[next_].block(), subst_, 1, encoded);
  ++next_;
  for (auto& e : encoded) {
    if (e.may_split) throw Uncertain{};
    pending_.emplace_back(std::move(e));
  }
  return true;
}

std::optional<BlockRef> Cursor::take_until(std::string_view separator) {
  size_t end = next_;
  bool found = false;
  for (const auto& p : pending_)
    if (p.get().literal() && p.get().text() == separator) found = true;
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
  peeked_valid_ = false;
  while (!pending_.empty()) {
    ast::Word w = pending_.front().take();
    pending_.pop_front();
    if (w.literal() && w.text() == separator) {
      block->close = w.at;
      return BlockRef{block.get(), subst_, block, mode_ == Mode::port};
    }
    block->body.emplace_back(std::move(w));
  }
  for (; next_ < end; ++next_) block->body.push_back((*body_)[next_]);
  block->close = (*body_)[end].word()->at;
  next_ = end + 1;
  return BlockRef{block.get(), subst_, block, mode_ == Mode::port};
}

Location Cursor::where() {
  if (fill()) return pending_.front().get().at;
  if (next_ < body_->size()) return (*body_)[next_].block()->open;
  if (!body_->empty()) {
    const auto& last = body_->back();
    return last.word() ? last.word()->at : last.block()->close;
  }
  return {};  // an empty program: no place to name
}

void Cursor::skip_rest() {
  peeked_valid_ = false;
  pending_.clear();
  next_ = body_->size();
}

void Cursor::substitute(Substitution s) {
  Substitution only{s.bindings};
  std::deque<Pending> again;
  for (const auto& p : pending_)
    for (auto& e : chainscript::substitute(only, p.get())) again.emplace_back(std::move(e));
  pending_ = std::move(again);
  peeked_valid_ = false;
  subst_ = subst_.with(std::move(s));
}

void Cursor::splice(const BlockRef& b) {
  // The words not yet read may be the old body's, which dies here.
  for (auto& p : pending_) p = Pending(p.take());
  auto body = std::make_shared<std::vector<ast::Node>>(b.block->body);
  body->insert(body->end(), body_->begin() + static_cast<std::ptrdiff_t>(next_), body_->end());
  owned_ = std::move(body);
  body_ = owned_.get();
  next_ = 0;
}

std::vector<BlockRef> Cursor::blocks_left() const {
  std::vector<BlockRef> out;
  for (size_t i = next_; i < body_->size(); ++i)
    if (const auto* b = (*body_)[i].block()) out.push_back({b, subst_, {}});
  return out;
}

void encode_block(const ast::Block& b, const SubstitutionList& subst, unsigned depth, std::vector<ast::Word>& out) {
  // Depth-first without recursion: each frame is a block and the next node in it.
  struct Frame {
    const ast::Block* block;
    size_t next;
  };
  std::vector<Frame> stack{{&b, 0}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    const unsigned level = depth + static_cast<unsigned>(stack.size()) - 1;
    if (f.next == f.block->body.size()) {
      out.push_back(ast::Word{{{std::string(level - 1, ' '), false}}, f.block->close});
      stack.pop_back();
      continue;
    }
    const ast::Node& n = f.block->body[f.next++];
    if (const auto* w = n.word()) {
      for (auto& e : subst.apply(*w)) {
        e.pieces.insert(e.pieces.begin(), ast::Piece{std::string(level, ' '), false});
        out.push_back(std::move(e));
      }
    } else {
      stack.push_back({n.block(), 0});
    }
  }
}

std::vector<std::string> Cursor::rest_argv() {
  std::vector<std::string> out;
  for (auto& p : pending_) out.push_back(word_of(p.get()).text);
  pending_.clear();
  peeked_valid_ = false;
  std::vector<ast::Word> encoded;
  for (; next_ < body_->size(); ++next_) {
    const auto& n = (*body_)[next_];
    if (const auto* w = n.word()) {
      for (const auto& e : subst_.apply(*w)) out.push_back(word_of(e).text);
    } else {
      encoded.clear();
      encode_block(*n.block(), subst_, 1, encoded);
      for (const auto& e : encoded) out.push_back(word_of(e).text);
    }
  }
  return out;
}

std::vector<Word> BlockRef::words() const {
  std::vector<Word> out;
  std::vector<ast::Word> encoded;
  const auto add = [&](const ast::Word& e) { out.push_back({e.text(), e.at, as_written ? e.literal() : e.known()}); };
  for (const auto& n : block->body) {
    if (const auto* w = n.word()) {
      for (const auto& e : substitutions.apply(*w)) {
        if (e.may_split) throw Uncertain{};
        add(e);
      }
    } else {
      encoded.clear();
      encode_block(*n.block(), substitutions, 1, encoded);
      for (const auto& e : encoded) add(e);
    }
  }
  return out;
}

std::vector<std::string> BlockRef::texts() const {
  std::vector<std::string> out;
  for (auto& w : words()) out.push_back(std::move(w.text));
  return out;
}

std::vector<ast::Node> decode_argv(const std::vector<std::string>& argv, const Location& at) {
  std::vector<ast::Node> top;
  std::vector<ast::Block> open;  // innermost last; depth = open.size()
  const auto body = [&]() -> std::vector<ast::Node>& { return open.empty() ? top : open.back().body; };
  for (const auto& w : argv) {
    std::string_view rest = w;
    const size_t depth = open.size();
    if (depth > 0 && w.size() == depth - 1 && w.find_first_not_of(' ') == std::string::npos) {  // closes the innermost block
      ast::Block b = std::move(open.back());
      open.pop_back();
      body().emplace_back(std::move(b));
      continue;
    }
    if (rest.substr(0, depth).find_first_not_of(' ') == std::string_view::npos && rest.size() >= depth)
      rest.remove_prefix(depth);
    while (!rest.empty() && rest.front() == ' ') {  // opens deeper blocks
      if (open.size() >= max_block_depth)
        throw Failure(exit_code::usage, at, "", "blocks nested deeper than " + std::to_string(max_block_depth));
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
