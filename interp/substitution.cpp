#include "substitution.hpp"

#include <map>
#include <stdexcept>
#include <unordered_map>

namespace chainscript {

const Binding* Substitution::find(std::string_view key) const {
  for (const auto& b : bindings)
    if (b.key == key) return &b;
  return nullptr;
}

bool valid_key(std::string_view key) { return !key.empty(); }

namespace {

// Every entry ever made, by key: a word only looks at the entries of the keys it
// mentions, so a script with thousands of defines stays linear. Entries are
// kept alive here for the life of the process (they are few: one per define run).
std::unordered_map<std::string, std::vector<std::shared_ptr<const void>>>& registry() {
  static std::unordered_map<std::string, std::vector<std::shared_ptr<const void>>> r;
  return r;
}

// The keys a piece of text may refer to: ${KEY}, and $KEY up to the next \ $ { }.
template <typename F>
void referenced_keys(std::string_view text, F&& each) {
  for (size_t d = text.find('$'); d != std::string_view::npos; d = text.find('$', d + 1)) {
    size_t end = 0;
    if (d + 1 < text.size() && text[d + 1] == '{') {
      const auto close = text.find('}', d + 2);
      if (close != std::string_view::npos) each(text.substr(d + 2, close - d - 2));
    }
    auto stop = text.find_first_of("\\${}", d + 1);
    if (stop == std::string_view::npos) stop = text.size();
    (void)end;
    each(text.substr(d + 1, stop - d - 1));
  }
}

}  // namespace

SubstitutionList SubstitutionList::with(Substitution s) const {
  auto node = std::make_shared<Node>();
  node->s = std::move(s);
  node->older = head_;
  node->depth = head_ ? head_->depth + 1 : 1;
  for (const Node* j = head_.get(); j;) {
    node->jumps.push_back(j);
    const size_t i = node->jumps.size() - 1;
    j = i < j->jumps.size() ? j->jumps[i] : nullptr;
  }
  for (const auto& b : node->s.bindings) registry()[b.key].push_back(node);
  SubstitutionList l;
  l.head_ = std::move(node);
  return l;
}

bool SubstitutionList::on_chain(const Node* older, const Node* head) {
  if (older->depth > head->depth) return false;
  unsigned climb = head->depth - older->depth;
  for (size_t i = 0; climb && head; ++i, climb >>= 1)
    if (climb & 1) head = i < head->jumps.size() ? head->jumps[i] : nullptr;
  return head == older;
}

std::vector<ast::Word> SubstitutionList::apply(const ast::Word& w) const {
  if (!head_ || w.literal()) return {w};
  // The entries on this chain for the keys the words mention, oldest first;
  // applying only those, in order, is applying them all.
  std::map<unsigned, const Node*> pending;
  unsigned done_depth = 0;
  const auto collect = [&](const std::vector<ast::Word>& words) {
    for (const auto& word : words)
      for (const auto& p : word.pieces)
        if (p.substitutable)
          referenced_keys(p.text, [&](std::string_view k) {
            const auto it = registry().find(std::string(k));
            if (it == registry().end()) return;
            for (const auto& e : it->second) {
              const Node* n = static_cast<const Node*>(e.get());
              if (n->depth > done_depth && !pending.count(n->depth) && on_chain(n, head_.get()))
                pending.emplace(n->depth, n);
            }
          });
  };
  std::vector<ast::Word> words{w};
  collect(words);
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
      for (auto& e : substitute(n->s, word)) next.push_back(std::move(e));
    }
    words = std::move(next);
    collect(words);
  }
  return words;
}

namespace {

using Pieces = std::vector<ast::Piece>;

void append(Pieces& out, std::string_view text, bool substitutable) {
  if (!out.empty() && out.back().substitutable == substitutable)
    out.back().text.append(text);
  else
    out.push_back({std::string(text), substitutable});
}

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

// The expansions of w's pieces from piece i, character `from`, onwards.
std::vector<Pieces> expand(const Substitution& s, const Pieces& w, size_t i, size_t from) {
  Pieces done;
  for (; i < w.size(); ++i, from = 0) {
    const auto& piece = w[i];
    if (!piece.substitutable) {
      append(done, piece.text, false);
      continue;
    }
    std::string_view text = piece.text;
    size_t scan = from;
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
      append(done, text.substr(from, dollar - slashes - from), true);
      append(done, std::string(slashes / 2, '\\'), true);
      if (slashes % 2) {  // quoted: the reference stays, literally
        append(done, text.substr(dollar, end - dollar), true);
        from = scan = end;
        continue;
      }
      std::vector<Pieces> out;
      const auto rests = expand(s, w, i, end);
      for (const auto& v : b->values) {
        for (const auto& rest : rests) {
          Pieces p = done;
          append(p, v, true);
          for (const auto& r : rest) append(p, r.text, r.substitutable);
          out.push_back(std::move(p));
        }
      }
      return out;
    }
    append(done, text.substr(from), true);
  }
  return {std::move(done)};
}

}  // namespace

std::vector<ast::Word> substitute(const Substitution& s, const ast::Word& w) {
  std::vector<ast::Word> out;
  for (auto& pieces : expand(s, w.pieces, 0, 0)) {
    if (pieces.empty()) pieces.push_back({"", true});
    out.push_back(ast::Word{std::move(pieces), w.at});
  }
  return out;
}

namespace {

std::vector<std::string> netstrings(const std::string& v) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < v.size()) {
    size_t len = 0, p = pos;
    while (p < v.size() && v[p] >= '0' && v[p] <= '9') len = len * 10 + static_cast<size_t>(v[p++] - '0');
    if (p == pos || p >= v.size() || v[p] != ':' || v.size() - p - 1 < len + 1 || v[p + 1 + len] != ',')
      throw std::invalid_argument("invalid netstring list");
    out.push_back(v.substr(p + 1, len));
    pos = p + 2 + len;
  }
  return out;
}

}  // namespace

std::vector<std::string> transform(std::string value, const Transform& t) {
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
  if (!t.split) return {std::move(value)};
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
