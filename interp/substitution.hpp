// execline's substitution, applied to AST words: ${KEY} and $KEY with the
// backslash-parity rule, split values multiplying words left to right, and the
// value transformations (crunch, chomp, split, netstrings).
#pragma once
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "grammar/ast.hpp"

namespace chainscript {

struct Binding {
  std::string key;
  std::vector<std::string> values;  // one value unless split; none removes the word
  // Validation only: the value is known when the script runs, as one word
  // (importas, backtick -E...) or as any number of words (a split, elglob).
  enum class Unknown { no, one, any } unknown = Unknown::no;
};

// Bindings applied together, in one pass (multisubstitute, positional parameters).
struct Substitution {
  std::vector<Binding> bindings;
  const Binding* find(std::string_view key) const;
};

// The substitutions in force at a point of the script, oldest applied first.
// Immutable: a block captures the list as it stands where the block is.
class SubstitutionList {
 public:
  SubstitutionList() = default;
  SubstitutionList(const SubstitutionList&) = default;
  SubstitutionList(SubstitutionList&&) = default;
  // The entries given up go before their family (see family_).
  SubstitutionList& operator=(SubstitutionList o) noexcept {
    head_.swap(o.head_);
    family_.swap(o.family_);
    return *this;
  }
  SubstitutionList with(Substitution s) const;
  bool empty() const { return !head_; }
  // Expands a word through every substitution, oldest first; the words made
  // live in arena.
  std::vector<ast::Word> apply(const ast::Word& w, ast::Arena& arena) const;
  // The same, but false (out untouched) when no substitution changes w: most
  // words are left as written, and need no copy.
  bool expand(const ast::Word& w, std::vector<ast::Word>& out, ast::Arena& arena) const;

 private:
  struct Node;
  // Every entry of the lists grown from the same first one, by key: a word
  // only looks at the entries of the keys it mentions, so a script with
  // thousands of defines stays linear.
  using Index = std::unordered_map<std::string, std::vector<std::weak_ptr<const Node>>>;
  // What the lists grown from the same first one share. The entries live in
  // its memory, taken in chunks and given back together when the last list
  // goes: the index's weak pointers keep every entry's memory to the end
  // anyway, and a check of a long script made millions of small blocks that
  // malloc then merged one by one (7% of checking 10 MB).
  struct Family {
    std::pmr::monotonic_buffer_resource memory;  // before index: outlives it
    Index index;
  };
  struct Node {
    Substitution s;
    mutable std::shared_ptr<const Node> older;
    unsigned depth;             // 1 for the oldest
    const Node* jump = nullptr;  // an older entry, skew-binary spaced (Myers' random-access stack): one
                                 // pointer, and any ancestor in O(log depth) steps; null: before the oldest
    ~Node();  // frees the older entries it alone holds one by one, not by recursion
  };
  // family_ first, so it goes last: every entry, whose memory it holds,
  // goes before it. Entries are held only by lists and by newer entries of
  // the same family.
  std::shared_ptr<Family> family_;
  std::shared_ptr<const Node> head_;
  static bool on_chain(const Node* older, const Node* head);
};

// One substitution applied to one word: zero, one or many words, made in arena.
std::vector<ast::Word> substitute(const Substitution& s, const ast::Word& w, ast::Arena& arena);

// execline's value transformations (el_transform).
struct Transform {
  bool split = false;
  bool crunch = false;
  bool chomp = false;
  std::string delimiters = " \n\r\t";
};
// The values; nullopt for a netstring list (split with no delimiter) that is
// not one.
std::optional<std::vector<std::string>> transform(std::string value, const Transform& t);

}  // namespace chainscript
