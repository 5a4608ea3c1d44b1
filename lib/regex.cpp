#include "regex.hpp"

#include <algorithm>
#include <vector>

#include "lib/numbers.hpp"

namespace chainscript {

namespace {

// Past a bracket expression starting at p[i] == '[': the index of its ']'.
size_t bracket_end(std::string_view p, size_t i) {
  size_t j = i + 1;
  if (j < p.size() && p[j] == '^') ++j;
  if (j < p.size() && p[j] == ']') ++j;  // a leading ] is a member
  while (j < p.size() && p[j] != ']') {
    if (p[j] == '[' && j + 1 < p.size() && (p[j + 1] == ':' || p[j + 1] == '.' || p[j + 1] == '=')) {
      const char kind = p[j + 1];
      const size_t end = p.find(std::string{kind, ']'}, j + 2);
      if (end == std::string_view::npos) return p.size();
      j = end + 2;
    } else {
      ++j;
    }
  }
  return j;
}

}  // namespace

double regex_expanded_size(std::string_view p, bool extended) {
  struct Group {
    double total = 0, last = 0;  // the group's size so far; its last atom's
    int deepest = 0, last_depth = 0;  // repetitions nested in it; in its last atom
  };
  std::vector<Group> groups(1);
  int deepest = 0;
  const auto atom = [&](double size, int depth = 0) {
    groups.back().total += size;
    groups.back().last = size;
    groups.back().last_depth = depth;
  };
  const auto repeat = [&](double times) {
    Group& g = groups.back();
    g.total += g.last * (times - 1);
    g.last *= times;
    g.deepest = std::max(g.deepest, ++g.last_depth);
    deepest = std::max(deepest, g.deepest);
  };
  bool repeated = false;  // the last token was a repetition
  for (size_t i = 0; i < p.size(); ++i) {
    const bool after_repetition = repeated;
    repeated = false;
    char ch = p[i];
    const bool escaped = ch == '\\' && i + 1 < p.size();
    if (escaped) ch = p[++i];
    const bool special = extended != escaped;  // ERE: bare operators; BRE: \( \) \{ \} \+ \?
    if (!escaped && ch == '[') {
      i = bracket_end(p, i);
      atom(1);
    } else if (special && ch == '(') {
      groups.emplace_back();
    } else if (special && ch == ')' && groups.size() > 1) {
      const double size = groups.back().total + 1;
      const int depth = groups.back().deepest;
      groups.pop_back();
      atom(size, depth);
    } else if (special && ch == '{') {
      // {m}, {m,}, {m,n}: about max(m, n) + 1 copies
      size_t j = i + 1;
      double most = 0;
      for (;;) {
        size_t k = j;
        while (k < p.size() && p[k] >= '0' && p[k] <= '9') ++k;
        if (k > j) most = std::max(most, static_cast<double>(decimal_number(p.substr(j, std::min<size_t>(k - j, 9)), 999999999).value_or(0)));
        if (k < p.size() && p[k] == ',') {
          j = k + 1;
          continue;
        }
        i = k;  // at '}' (or '\' of "\}")
        if (!extended && i < p.size() && p[i] == '\\') ++i;
        break;
      }
      repeat(most + 1);
      repeated = true;
      if (after_repetition) return stacked_repetitions;
    } else if (special && (ch == '+' || ch == '?')) {
      repeat(2);
      repeated = true;
      if (after_repetition) return stacked_repetitions;
    } else if (!escaped && ch == '*') {
      repeat(1);
      repeated = true;
      if (after_repetition) return stacked_repetitions;
    } else {
      atom(1);
    }
  }
  if (deepest > max_regex_nesting) return nested_too_deep;
  double total = 0;
  for (const auto& g : groups) total += g.total + 1;
  return total;
}

Regex Regex::compile(const std::string& pattern, int cflags) {
  Regex r;
  const double size = regex_expanded_size(pattern, (cflags & REG_EXTENDED) != 0);
  if (size == stacked_repetitions) {
    r.error_ = "repetition operators side by side (\"*+\", \"++\", \"{2}*\"): undefined in POSIX, and glibc can take "
               "hours over them";
    return r;
  }
  if (size == nested_too_deep) {
    r.error_ = "repetitions nested more than " + std::to_string(max_regex_nesting) +
               " deep (\"((a*)+)+...\"): glibc's time grows fivefold with each level";
    return r;
  }
  if (size > max_regex_nodes) {
    r.error_ = "too large once its repetitions are expanded (more than " +
               std::to_string(static_cast<long>(max_regex_nodes)) + " nodes)";
    return r;
  }
  const int e = regcomp(&r.re_, pattern.c_str(), cflags);
  if (e != 0) {
    char why[256];
    regerror(e, &r.re_, why, sizeof why);
    r.error_ = why;
    return r;
  }
  r.compiled_ = true;
  return r;
}

Regex::Regex(Regex&& other) noexcept : re_(other.re_), compiled_(other.compiled_), error_(std::move(other.error_)) {
  other.compiled_ = false;
}

Regex::~Regex() {
  if (compiled_) regfree(&re_);
}

}  // namespace chainscript
