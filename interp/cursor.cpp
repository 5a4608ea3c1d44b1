#include "cursor.hpp"

#include "interp/failure.hpp"

namespace chainscript {

Cursor::Cursor(ast::Body body, SubstitutionList subst, const Rules& rules, Mode mode,
               std::shared_ptr<const ast::Block> body_owner)
    : body_owner_(std::move(body_owner)), body_(body), subst_(std::move(subst)), rules_(&rules), mode_(mode) {}

Cursor::Owner& Cursor::owner() {
  if (!owner_) {
    owner_ = std::make_shared<Owner>();
    if (body_owner_) owner_->keep.push_back(body_owner_);
  }
  return *owner_;
}

// What keeps a block handed out alive: this cursor's owner, which holds the
// body's; else the body's owner (null for the parsed script's, which lives
// as long as the run).
std::shared_ptr<const ast::Block> Cursor::owned(const ast::Block* b) const {
  if (owner_) return std::shared_ptr<const ast::Block>(owner_, b);
  if (body_owner_) return std::shared_ptr<const ast::Block>(body_owner_, b);
  return nullptr;
}

bool Cursor::fill_more() {
  while (pending_.empty()) {
    if (next_ >= body_.size()) return false;
    const auto* w = body_[next_].word();
    if (!w) return false;
    ++next_;
    expanded_.clear();
    // (the arena is made only for a word that substitution may change)
    if (mode_ == Mode::port || subst_.empty() || w->literal() || !subst_.expand(*w, expanded_, owner().arena)) {
      if (mode_ != Mode::port && w->may_split) throw Uncertain{};
      pending_.push_back(*w);
      continue;
    }
    for (auto& e : expanded_) {
      if (e.may_split) throw Uncertain{};
      pending_.push_back(e);
    }
  }
  return true;
}

void Cursor::word_into(const ast::Word& w, Word& out) const {
  // Into an existing word: its text's room is reused (peek() makes one per word).
  out.text.clear();
  w.append_text(out.text);
  out.at = w.at;
  out.known = mode_ == Mode::port ? w.literal() : w.known();
  if (mode_ == Mode::run) refuse_nul(out, *rules_);
}

Word Cursor::word_of(const ast::Word& w) const {
  Word out;
  word_into(w, out);
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

const Word* Cursor::peek_more() {
  if (!fill()) return nullptr;
  word_into(pending_.front(), peeked_);
  peeked_valid_ = true;
  return &peeked_;
}

bool Cursor::next_is_block() { return !fill() && next_ < body_.size(); }

Word Cursor::take_word() {
  if (!peeked_valid_) peek_more();
  peeked_valid_ = false;
  pending_.pop_front();
  return std::move(peeked_);
}

BlockRef Cursor::take_block() {
  const ast::Block* b = body_[next_++].block();
  return BlockRef{b, subst_, owned(b), mode_ == Mode::port};
}

bool Cursor::unfold_block() {
  if (fill() || next_ >= body_.size()) return false;
  std::vector<ast::Word> encoded;
  encode_block(*body_[next_].block(), subst_, 1, encoded, owner().arena);
  ++next_;
  for (auto& e : encoded) {
    if (e.may_split) throw Uncertain{};
    pending_.push_back(e);
  }
  return true;
}

std::optional<BlockRef> Cursor::take_until(std::string_view separator) {
  size_t end = next_;
  bool found = false;
  for (const auto& p : pending_)
    if (p.literal() && p.text() == separator) found = true;
  if (!found) {
    for (; end < body_.size(); ++end) {
      const auto* w = body_[end].word();
      if (!w) return std::nullopt;
      if (w->literal() && w->text() == separator) {
        found = true;
        break;
      }
    }
  }
  if (!found) return std::nullopt;
  const Location open = where();
  std::vector<ast::Node> body;
  const auto made = [&](Location close) {
    const ast::Block* b = owner().arena.block(body, open, close);
    return BlockRef{b, subst_, owned(b), mode_ == Mode::port};
  };
  // Words already expanded come first; they are final text now.
  peeked_valid_ = false;
  while (!pending_.empty()) {
    const ast::Word w = pending_.front();
    pending_.pop_front();
    if (w.literal() && w.text() == separator) return made(w.at);
    body.emplace_back(w);
  }
  body.insert(body.end(), body_.begin() + static_cast<std::ptrdiff_t>(next_),
              body_.begin() + static_cast<std::ptrdiff_t>(end));
  next_ = end + 1;
  return made(body_[end].word()->at);
}

Location Cursor::where() {
  if (fill()) return pending_.front().at;
  if (next_ < body_.size()) return body_[next_].block()->open;
  if (!body_.empty()) {
    const auto& last = body_.back();
    return last.word() ? last.word()->at : last.block()->close;
  }
  return {};  // an empty program: no place to name
}

void Cursor::skip_rest() {
  peeked_valid_ = false;
  pending_.clear();
  next_ = body_.size();
}

void Cursor::substitute(Substitution s) {
  if (!pending_.empty()) {  // words already expanded: this substitution too applies to them
    const Substitution only{s.bindings};
    Queue again;
    for (const auto& p : pending_)
      for (const auto& e : chainscript::substitute(only, p, owner().arena)) again.push_back(e);
    pending_ = std::move(again);
  }
  peeked_valid_ = false;
  subst_ = subst_.with(std::move(s));
}

void Cursor::splice(const BlockRef& b) {
  // The words not yet read and the new body point into the block's owner,
  // the old body's and this cursor's own arena: all kept with this cursor.
  Owner& o = owner();
  if (b.owned) o.keep.push_back(b.owned);
  std::vector<ast::Node> body(b.block->body.begin(), b.block->body.end());
  body.insert(body.end(), body_.begin() + static_cast<std::ptrdiff_t>(next_), body_.end());
  body_ = o.spliced.emplace_back(std::move(body));
  next_ = 0;
}

std::vector<BlockRef> Cursor::blocks_left() const {
  std::vector<BlockRef> out;
  for (size_t i = next_; i < body_.size(); ++i)
    if (const auto* b = body_[i].block()) out.push_back({b, subst_, owned(b)});
  return out;
}

void encode_block(const ast::Block& b, const SubstitutionList& subst, unsigned depth, std::vector<ast::Word>& out,
                  ast::Arena& arena) {
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
      out.push_back(arena.word(std::string(level - 1, ' '), false, f.block->close));
      stack.pop_back();
      continue;
    }
    const ast::Node& n = f.block->body[f.next++];
    if (const auto* w = n.word()) {
      const ast::Piece indent{arena.text(std::string(level, ' ')), false};
      std::vector<ast::Piece> pieces;
      for (auto e : subst.apply(*w, arena)) {
        pieces.assign(1, indent);
        pieces.insert(pieces.end(), e.pieces().begin(), e.pieces().end());
        e.set_pieces(arena.copy(std::span<const ast::Piece>(pieces)));
        out.push_back(e);
      }
    } else {
      stack.push_back({n.block(), 0});
    }
  }
}

std::vector<std::string> Cursor::rest_argv() {
  std::vector<std::string> out;
  for (auto& p : pending_) out.push_back(word_of(p).text);
  pending_.clear();
  peeked_valid_ = false;
  std::vector<ast::Word> encoded;
  ast::Arena arena;
  for (; next_ < body_.size(); ++next_) {
    const auto& n = body_[next_];
    if (const auto* w = n.word()) {
      for (const auto& e : subst_.apply(*w, arena)) out.push_back(word_of(e).text);
    } else {
      encoded.clear();
      encode_block(*n.block(), subst_, 1, encoded, arena);
      for (const auto& e : encoded) out.push_back(word_of(e).text);
    }
  }
  return out;
}

std::vector<Word> BlockRef::words() const {
  std::vector<Word> out;
  std::vector<ast::Word> encoded;
  ast::Arena arena;
  const auto add = [&](const ast::Word& e) { out.push_back({e.text(), e.at, as_written ? e.literal() : e.known()}); };
  for (const auto& n : block->body) {
    if (const auto* w = n.word()) {
      for (const auto& e : substitutions.apply(*w, arena)) {
        if (e.may_split) throw Uncertain{};
        add(e);
      }
    } else {
      encoded.clear();
      encode_block(*n.block(), substitutions, 1, encoded, arena);
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

std::vector<ast::Node> decode_argv(const std::vector<std::string>& argv, const Location& at, ast::Arena& arena) {
  // Like the parser: every open level's nodes on one stack, a block's moved
  // to the arena when it closes.
  std::vector<ast::Node> nodes;
  std::vector<size_t> open;  // where each open block's nodes start; depth = open.size()
  const auto close = [&] {
    const auto first = nodes.begin() + static_cast<std::ptrdiff_t>(open.back());
    open.pop_back();
    const ast::Block* b = arena.block(ast::Body(first, nodes.end()), at, at);
    nodes.erase(first, nodes.end());
    nodes.emplace_back(b);
  };
  for (const auto& w : argv) {
    std::string_view rest = w;
    const size_t depth = open.size();
    if (depth > 0 && w.size() == depth - 1 && w.find_first_not_of(' ') == std::string::npos) {  // closes the innermost block
      close();
      continue;
    }
    if (rest.substr(0, depth).find_first_not_of(' ') == std::string_view::npos && rest.size() >= depth)
      rest.remove_prefix(depth);
    while (!rest.empty() && rest.front() == ' ') {  // opens deeper blocks
      if (open.size() >= max_run_depth)
        throw Failure(exit_code::usage, at, "", "blocks nested deeper than " + std::to_string(max_run_depth));
      open.push_back(nodes.size());
      rest.remove_prefix(1);
    }
    nodes.emplace_back(arena.word(rest, true, at));
  }
  while (!open.empty()) close();  // unterminated: close what is open
  return nodes;
}

std::shared_ptr<const ast::Block> decoded_block(const std::vector<std::string>& argv, const Location& at) {
  auto owner = std::make_shared<ast::OwnedBlock>();
  const auto body = decode_argv(argv, at, owner->arena);
  owner->block = {owner->arena.copy(ast::Body(body)), at, at};
  return std::shared_ptr<const ast::Block>(owner, &owner->block);
}

}  // namespace chainscript
