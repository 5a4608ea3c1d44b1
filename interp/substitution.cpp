#include "substitution.hpp"

#include <stdexcept>

namespace chainscript {

const Binding* Substitution::find(std::string_view key) const {
  for (const auto& b : bindings)
    if (b.key == key) return &b;
  return nullptr;
}

bool valid_key(std::string_view key) {
  return !key.empty() && key.find_first_of("${}") == std::string_view::npos;
}

SubstitutionList SubstitutionList::with(Substitution s) const {
  SubstitutionList l;
  l.head_ = std::make_shared<const Node>(Node{std::move(s), head_});
  return l;
}

std::vector<ast::Word> SubstitutionList::apply(const ast::Word& w) const {
  if (!head_ || w.literal()) return {w};
  std::vector<const Substitution*> order;
  for (const Node* n = head_.get(); n; n = n->older.get()) order.push_back(&n->s);
  std::vector<ast::Word> words{w};
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    std::vector<ast::Word> next;
    for (const auto& word : words) {
      if (word.literal()) {
        next.push_back(word);
        continue;
      }
      auto expanded = substitute(**it, word);
      for (auto& e : expanded) next.push_back(std::move(e));
    }
    words = std::move(next);
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
    end = close + 1;
    return text.substr(dollar + 2, close - dollar - 2);
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
