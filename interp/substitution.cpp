#include "substitution.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "lib/numbers.hpp"

namespace chainscript {

const Binding* Substitution::find(std::string_view key) const {
  for (const auto& b : bindings)
    if (b.key == key) return &b;
  return nullptr;
}

namespace {

// The keys a piece of text may refer to: ${KEY}, and $KEY up to the next \ $ { }.
template <typename F>
void referenced_keys(std::string_view text, F&& each) {
  for (size_t d = text.find('$'); d != std::string_view::npos; d = text.find('$', d + 1)) {
    if (d + 1 < text.size() && text[d + 1] == '{') {
      const auto close = text.find('}', d + 2);
      if (close != std::string_view::npos) each(text.substr(d + 2, close - d - 2));
    }
    auto stop = text.find_first_of("\\${}", d + 1);
    if (stop == std::string_view::npos) stop = text.size();
    each(text.substr(d + 1, stop - d - 1));
  }
}

}  // namespace

SubstitutionList SubstitutionList::with(Substitution s) const {
  SubstitutionList l;
  l.family_ = family_ ? family_ : std::make_shared<Family>();
  auto node = std::allocate_shared<Node>(std::pmr::polymorphic_allocator<Node>(&l.family_->memory));
  node->s = std::move(s);
  node->older = head_;
  node->depth = head_ ? head_->depth + 1 : 1;
  if (const Node* p = head_.get()) {
    // The jump skips twice as far as the older entry's when that one's and
    // its jump's skip the same distance; else it is the older entry itself.
    const Node* j = p->jump;
    const unsigned jj_depth = j && j->jump ? j->jump->depth : 0;
    node->jump = j && p->depth - j->depth == j->depth - jj_depth ? j->jump : p;
  }
  for (const auto& b : node->s.bindings) l.family_->index[b.key].push_back(node);
  l.head_ = std::move(node);
  return l;
}

SubstitutionList::Node::~Node() {
  // A script of 200,000 defines makes a chain as long: freed by recursion, it
  // would take as deep a stack. Each older entry held by no one else is
  // taken out of the chain before it goes.
  std::shared_ptr<const Node> next = std::move(older);
  while (next && next.use_count() == 1) next = std::move(next->older);
}

bool SubstitutionList::on_chain(const Node* older, const Node* head) {
  const unsigned depth = older->depth;
  while (head && head->depth > depth)
    head = head->jump && head->jump->depth >= depth ? head->jump : head->older.get();
  return head == older;
}

std::vector<ast::Word> SubstitutionList::apply(const ast::Word& w, ast::Arena& arena) const {
  std::vector<ast::Word> out;
  if (!expand(w, out, arena)) out.push_back(w);
  return out;
}

bool SubstitutionList::expand(const ast::Word& w, std::vector<ast::Word>& out, ast::Arena& arena) const {
  if (!head_ || w.literal()) return false;
  // The entries on this chain for the keys the words mention, oldest first;
  // applying only those, in order, is applying them all. For each key only
  // the oldest not yet applied is wanted: once it is, its reference is gone
  // (the words are collected again, and a newer entry for the key is found
  // then if its value brought the reference back). Along one chain entries
  // are made in the order of their depth, so that is the first in the key's
  // list that is on this chain past done_depth: a key defined 100,000 times
  // costs one look, not 100,000, for each word that refers to it.
  std::map<unsigned, const Node*> pending;
  unsigned done_depth = 0;
  const auto collect = [&](const ast::Word& word) {
    for (const auto& p : word.pieces())
      if (p.substitutable)
        referenced_keys(p.text(), [&](std::string_view k) {
          const auto it = family_->index.find(std::string(k));
          if (it == family_->index.end()) return;
          for (const auto& e : it->second) {
            // Alive, if it is on this chain: the chain holds it.
            const auto held = e.lock();
            const Node* n = static_cast<const Node*>(held.get());
            if (!n || n->depth <= done_depth || !on_chain(n, head_.get())) continue;
            pending.emplace(n->depth, n);
            break;
          }
        });
  };
  // The keys of w alone first: when none is bound on this chain, w stays as written.
  collect(w);
  if (pending.empty()) return false;
  std::vector<ast::Word> words{w};
  while (!pending.empty()) {
    const Node* n = pending.begin()->second;
    done_depth = pending.begin()->first;
    pending.erase(pending.begin());
    std::vector<ast::Word> next;
    for (const auto& word : words) {
      if (word.literal()) {
        next.push_back(word);
        continue;
      }
      for (auto& e : substitute(n->s, word, arena)) next.push_back(e);
    }
    words = std::move(next);
    for (const auto& word : words) collect(word);
  }
  out = std::move(words);
  return true;
}

namespace {

// A reference at text[dollar]: ${KEY} or $KEY (KEY running to the end of the
// piece or the next \ $ { }). Returns the key and sets `end` past it.
std::optional<std::string_view> reference_at(std::string_view text, size_t dollar, size_t& end) {
  if (dollar + 1 < text.size() && text[dollar + 1] == '{') {
    const auto close = text.find('}', dollar + 2);
    if (close == std::string_view::npos) return std::nullopt;
    const auto name = text.substr(dollar + 2, close - dollar - 2);
    if (name.find_first_of("${") != std::string_view::npos) return std::nullopt;  // as execline reads it
    end = close + 1;
    return name;
  }
  auto stop = text.find_first_of("\\${}", dollar + 1);
  if (stop == std::string_view::npos) stop = text.size();
  end = stop;
  return text.substr(dollar + 1, stop - dollar - 1);
}

// A word being expanded: every combination of the values met so far, left
// to right (the first reference's values vary slowest), each with the text
// that follows appended as it comes. Iterative: a word with any number of
// references costs no stack.
struct Expansion {
  std::vector<ast::WordDraft> words{ast::WordDraft{}};
  bool may_split = false;

  void text(std::string_view t, bool substitutable) {
    for (auto& w : words) w.add(t, substitutable);
  }
  void value(const Binding& b) {
    if (b.unknown != Binding::Unknown::no) {  // validation: a placeholder naming the key
      for (auto& w : words) w.add("${" + b.key + "}", false, true);
      may_split |= b.unknown == Binding::Unknown::any;
      return;
    }
    if (b.values.size() == 1) return text(b.values[0], true);
    std::vector<ast::WordDraft> next;
    next.reserve(words.size() * b.values.size());
    for (const auto& w : words)
      for (const auto& v : b.values) {
        ast::WordDraft p = w;
        p.add(v, true);
        next.push_back(std::move(p));
      }
    words = std::move(next);
  }
};

}  // namespace

std::vector<ast::Word> substitute(const Substitution& s, const ast::Word& w, ast::Arena& arena) {
  Expansion e;
  for (const auto& piece : w.pieces()) {
    if (!piece.substitutable) {
      if (piece.placeholder) {
        for (auto& word : e.words) word.add(piece);
      } else {
        e.text(piece.text(), false);
      }
      continue;
    }
    std::string_view text = piece.text();
    size_t from = 0, scan = 0;
    for (;;) {
      const auto dollar = text.find('$', scan);
      if (dollar == std::string_view::npos) break;
      size_t end = 0;
      const auto key = reference_at(text, dollar, end);
      const Binding* b = key ? s.find(*key) : nullptr;
      if (!b) {
        scan = dollar + 1;
        continue;
      }
      size_t slashes = 0;
      while (dollar - slashes > from && text[dollar - slashes - 1] == '\\') ++slashes;
      e.text(text.substr(from, dollar - slashes - from), true);
      e.text(std::string(slashes / 2, '\\'), true);
      if (slashes % 2)  // quoted: the reference stays, literally
        e.text(text.substr(dollar, end - dollar), true);
      else
        e.value(*b);
      from = scan = end;
    }
    e.text(text.substr(from), true);
  }
  std::vector<ast::Word> out;
  out.reserve(e.words.size());
  for (auto& draft : e.words) {
    if (draft.empty()) draft.add("", true);
    out.push_back(arena.word(draft, w.at, w.may_split || e.may_split));
  }
  return out;
}

namespace {

std::optional<std::vector<std::string>> netstrings(std::string_view v) {
  std::vector<std::string> out;
  while (!v.empty()) {
    const auto colon = v.find(':');
    const auto len = colon == std::string_view::npos ? std::nullopt : decimal_number(v.substr(0, colon), v.size());
    if (!len || v.size() - colon - 1 < *len + 1 || v[colon + 1 + *len] != ',') return std::nullopt;
    out.emplace_back(v.substr(colon + 1, *len));
    v.remove_prefix(colon + 2 + *len);
  }
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> transform(std::string value, const Transform& t) {
  if (t.split && t.delimiters.empty()) return netstrings(value);
  const auto is_delim = [&](char c) { return t.delimiters.find(c) != std::string::npos; };
  if (t.crunch && !t.delimiters.empty()) {
    std::string c;
    for (size_t i = 0; i < value.size(); ++i)
      if (!(is_delim(value[i]) && i > 0 && is_delim(value[i - 1]))) c += value[i];
    value = std::move(c);
  }
  const bool ended_with_delim = !value.empty() && is_delim(value.back());
  if (t.chomp && ended_with_delim) value.pop_back();
  if (!t.split) return std::vector<std::string>{std::move(value)};
  std::vector<std::string> words;
  size_t start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    if (is_delim(value[i])) {
      words.push_back(value.substr(start, i - start));
      start = i + 1;
    }
  }
  // The last run, unterminated: a word, unless chomping found no delimiter to chomp.
  if (start < value.size() && !(t.chomp && !ended_with_delim)) words.push_back(value.substr(start));
  return words;
}

}  // namespace chainscript
