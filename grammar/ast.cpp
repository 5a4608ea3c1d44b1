#include "ast.hpp"

#include <cstring>

#include "lib/huge_pages.hpp"

namespace chainscript::ast {

std::string Word::text() const {
  std::string s;
  append_text(s);
  return s;
}

void Word::append_text(std::string& out) const {
  for (const auto& p : pieces()) out += p.text();
}

void WordDraft::add(std::string_view text, bool substitutable, bool placeholder) {
  text_.append(text);
  if (!placeholder && !ends_.empty() && ends_.back().substitutable == substitutable && !ends_.back().placeholder)
    ends_.back().at = text_.size();
  else
    ends_.push_back({text_.size(), substitutable, placeholder});
}

void* Arena::allocate_in_new_chunk(size_t bytes) {
  // Chunks double up to 16 MiB, so that a small script costs one small
  // allocation and a long one a few dozen, the large ones in huge pages; an
  // item larger than a quarter of a chunk gets one of its own.
  if (bytes > chunk_size_ / 4) {
    chunks_.emplace_back(new std::byte[bytes]);
    advise_huge_pages(chunks_.back().get(), bytes);  // (a long script's own text)
    return chunks_.back().get();
  }
  chunks_.emplace_back(new std::byte[chunk_size_]);
  advise_huge_pages(chunks_.back().get(), chunk_size_);
  next_ = chunks_.back().get() + bytes;
  left_ = chunk_size_ - bytes;
  if (chunk_size_ < (size_t{16} << 20)) chunk_size_ *= 2;
  return chunks_.back().get();
}

std::string_view Arena::text(std::string_view s) {
  if (s.empty()) return {};
  char* p = static_cast<char*>(allocate(s.size(), 1));
  std::memcpy(p, s.data(), s.size());
  return {p, s.size()};
}

Word Arena::word(const WordDraft& d, Location at, bool may_split) {
  Piece* pieces = static_cast<Piece*>(allocate(d.ends_.size() * sizeof(Piece), alignof(Piece)));
  const std::string_view all = text(d.text_);
  size_t from = 0;
  for (size_t i = 0; i < d.ends_.size(); ++i) {
    const auto& e = d.ends_[i];
    new (&pieces[i]) Piece{all.substr(from, e.at - from), e.substitutable, e.placeholder};
    from = e.at;
  }
  return Word({pieces, d.ends_.size()}, at, may_split);
}

Word Arena::word(std::string_view s, bool substitutable, Location at) {
  // One allocation: the piece, then its text.
  auto* p = static_cast<std::byte*>(allocate(sizeof(Piece) + s.size(), alignof(Piece)));
  char* t = reinterpret_cast<char*>(p + sizeof(Piece));
  if (!s.empty()) std::memcpy(t, s.data(), s.size());
  const Piece* piece = new (p) Piece({t, s.size()}, substitutable);
  return Word({piece, 1}, at);
}

const Block* Arena::block(Body body, Location open, Location close) {
  const Block b{copy(body), open, close};
  return copy(std::span<const Block>(&b, 1)).data();
}

}  // namespace chainscript::ast
