// The parsed script: words and blocks with their source locations.
// Every dialect's grammar produces this; the interpreter reads only this.
//
// Words, pieces and blocks are plain values that point into an Arena: a
// script's live in its own, in a few large chunks (no allocation per word,
// nothing to free one by one, however deep the blocks nest); the words that
// substitution makes live in the arena of whoever made them.
#pragma once
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "grammar/rules.hpp"
#include "lib/location.hpp"

namespace chainscript {

// Blocks nest at most this deep: deeper is a syntax error (100). Every stage
// that walks blocks does so without recursion, so parsing, checking and
// porting take time and memory in proportion to the script at any depth.
inline constexpr unsigned max_block_depth = 10000;
// A script runs only if its blocks nest at most this deep (deeper is 100,
// before anything runs): running a block forks a child that interprets it
// inside its parent's stack, each level a process waiting for the next.
inline constexpr unsigned max_run_depth = 500;

namespace ast {

// A run of characters; substitutable pieces take part in $NAME substitution,
// literal ones ('...' and backslash-escaped characters in the native dialect) never do.
// Sixteen bytes: a script has about one piece for every four of its bytes.
struct Piece {
  Piece(std::string_view text = {}, bool substitutable = true, bool placeholder = false)
      : data_(text.data()), size_(static_cast<uint32_t>(text.size())), substitutable(substitutable),
        placeholder(placeholder) {}
  std::string_view text() const { return {data_, size_}; }

 private:
  const char* data_;
  uint32_t size_;

 public:
  bool substitutable;
  // Validation only: a value known when the script runs; text names it.
  bool placeholder;
};

struct Block;

// Thirty-two bytes, for the same reason.
class Word {
 public:
  Word() = default;
  Word(std::span<const Piece> pieces, Location at, bool may_split = false) : may_split(may_split), at(at) {
    set_pieces(pieces);
  }
  std::span<const Piece> pieces() const { return {pieces_, count_}; }
  void set_pieces(std::span<const Piece> p);
  std::string text() const;  // the pieces joined
  void append_text(std::string& out) const;
  // Asked of every word the cursor meets, so found once, when it is made.
  bool literal() const { return literal_; }  // no piece could be changed by substitution
  bool known() const { return known_; }      // no placeholder in it

 private:
  friend class Node;
  union {
    const Piece* pieces_ = nullptr;
    const Block* block_;  // a Node's block: count_ is block_mark
  };
  uint32_t count_ = 0;
  static constexpr uint32_t block_mark = UINT32_MAX;

 public:
  // Validation only: substitution may make any number of words of it.
  bool may_split = false;

 private:
  bool literal_ = true, known_ = true;  // (in what would be padding)

 public:
  Location at;
};
static_assert(sizeof(Piece) == 16 && sizeof(Word) == 32);

inline void Word::set_pieces(std::span<const Piece> p) {
  pieces_ = p.data();
  count_ = static_cast<uint32_t>(p.size());
  literal_ = known_ = true;
  for (const auto& piece : p) {
    if (piece.substitutable) {
      // (most words are a few bytes: a loop, not a call to memchr)
      const std::string_view t = piece.text();
      if (t.size() < 32 ? std::find(t.begin(), t.end(), '$') != t.end() : t.find('$') != std::string_view::npos)
        literal_ = false;
    }
    if (piece.placeholder) known_ = false;
  }
}

// A word or a block, in a word's 32 bytes (a block is marked by its piece
// count): a script has about one node for every six of its bytes, and a
// tagged union would be 40.
class Node {
 public:
  Node(const Word& w) : w_(w) {}
  Node(const Block* b) {
    w_.block_ = b;
    w_.count_ = Word::block_mark;
  }
  const Word* word() const { return w_.count_ == Word::block_mark ? nullptr : &w_; }
  const Block* block() const { return w_.count_ == Word::block_mark ? w_.block_ : nullptr; }

 private:
  Word w_;
};
static_assert(sizeof(Node) == 32 && std::is_trivially_copyable_v<Node>);

using Body = std::span<const Node>;

struct Block {
  Body body;
  Location open, close;
};

// A word being put together (by the parser, by substitution): its text, and
// where each piece ends. Arena::word stores it.
class WordDraft {
 public:
  // Joins the last piece when it is of the same kind; a placeholder is always a piece of its own.
  void add(std::string_view text, bool substitutable, bool placeholder = false);
  void add(const Piece& p) { add(p.text(), p.substitutable, p.placeholder); }
  bool empty() const { return ends_.empty(); }
  size_t size() const { return ends_.size(); }
  std::string_view text() const { return text_; }
  void clear() {
    text_.clear();
    ends_.clear();
  }

 private:
  friend class Arena;
  struct End {
    size_t at;
    bool substitutable, placeholder;
  };
  std::string text_;
  std::vector<End> ends_;
};

class Arena {
 public:
  Arena() = default;
  // A moved-from arena is empty: it must not go on filling a chunk it gave away.
  Arena(Arena&& o) noexcept { *this = std::move(o); }
  Arena& operator=(Arena&& o) noexcept {
    chunks_ = std::move(o.chunks_);
    next_ = std::exchange(o.next_, nullptr);
    left_ = std::exchange(o.left_, 0);
    chunk_size_ = std::exchange(o.chunk_size_, 4096);
    return *this;
  }
  Arena(const Arena&) = delete;

  std::string_view text(std::string_view s);
  template <typename T>
  std::span<const T> copy(std::span<const T> items) {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
    if (items.empty()) return {};
    T* p = static_cast<T*>(allocate(items.size_bytes(), alignof(T)));
    std::uninitialized_copy(items.begin(), items.end(), p);
    return {p, items.size()};
  }
  Word word(const WordDraft& d, Location at, bool may_split = false);
  Word word(std::string_view text, bool substitutable, Location at);  // one piece, its text copied
  // One piece over text that lives as long as the words (the script's own
  // text, which its arena holds): most words, so inline here, whichever
  // files the build compiles together.
  Word word_over(std::string_view text, bool substitutable, Location at) {
    const Piece* piece = new (allocate(sizeof(Piece), alignof(Piece))) Piece(text, substitutable);
    return Word({piece, 1}, at);
  }
  const Block* block(Body body, Location open, Location close);

 private:
  void* allocate(size_t bytes, size_t align) {
    const size_t pad = (0 - reinterpret_cast<std::uintptr_t>(next_)) & (align - 1);
    if (bytes + pad > left_) return allocate_in_new_chunk(bytes);
    void* p = next_ + pad;
    next_ += pad + bytes;
    left_ -= pad + bytes;
    return p;
  }
  void* allocate_in_new_chunk(size_t bytes);  // aligned for any item
  std::vector<std::unique_ptr<std::byte[]>> chunks_;
  std::byte* next_ = nullptr;
  size_t left_ = 0;
  size_t chunk_size_ = 4096;
};

// A block made after parsing (decoded from an argv, or words up to a
// separator), with the arena its words live in.
struct OwnedBlock {
  Arena arena;
  Block block;
};

// Kept for --port, which prints them back where they were.
struct Comment {
  Location at;
  std::string text;  // from the '#' to the end of the line
};

struct Script {
  const std::string* file;
  Dialect dialect = Dialect::chainscript;
  std::optional<Location> too_deep_to_run;  // the first block nested deeper than max_run_depth
  Arena arena;  // what body points into: the words, and the text they were read from
  std::vector<Node> body;
  std::vector<Comment> comments;
};

}  // namespace ast
}  // namespace chainscript
