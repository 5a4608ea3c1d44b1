// eltest expression...: test(1) with GNU's and bash's extensions, any number of
// arguments; a word that looks like an operator is an operator, a word
// starting with a backslash is data. Ends the chain: 0 true, 1 false, 100 usage.
#include <regex.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>

#include "builtin.hpp"

namespace chainscript {

namespace {

class Expression {
 public:
  Expression(std::vector<std::string> words, Context& ctx) : w_(std::move(words)), ctx_(ctx) {}
  bool evaluate() {
    if (w_.empty()) return false;
    const bool r = disjunction();
    if (i_ != w_.size()) bad("unexpected " + w_[i_]);
    return r;
  }

 private:
  std::vector<std::string> w_;
  Context& ctx_;
  size_t i_ = 0;

  [[noreturn]] void bad(const std::string& why) { ctx_.fail(exit_code::usage, "syntax error: " + why); }
  bool at(std::string_view s) const { return i_ < w_.size() && w_[i_] == s; }
  std::string data() {
    if (i_ >= w_.size()) bad("missing argument");
    std::string s = w_[i_++];
    if (!s.empty() && s[0] == '\\') return s.substr(1);
    if (is_operator(s)) bad("operator " + s + " where data was expected");
    return s;
  }
  static bool is_binary(std::string_view s) {
    for (auto op : {"=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef", "=~"})
      if (s == op) return true;
    return false;
  }
  static bool is_unary(std::string_view s) {
    return s.size() == 2 && s[0] == '-' && std::string_view("bcdefgGhkLnNOprsStuUvwxz").find(s[1]) != std::string_view::npos;
  }
  static bool is_operator(std::string_view s) {
    return is_binary(s) || is_unary(s) || s == "!" || s == "(" || s == ")" || s == "-a" || s == "-o";
  }
  bool disjunction() {
    bool r = conjunction();
    while (at("-o")) {
      ++i_;
      const bool rhs = conjunction();
      r = r || rhs;
    }
    return r;
  }
  bool conjunction() {
    bool r = negation();
    while (at("-a")) {
      ++i_;
      const bool rhs = negation();
      r = r && rhs;
    }
    return r;
  }
  bool negation() {
    if (at("!")) {
      ++i_;
      return !negation();
    }
    return primary();
  }
  // An integer of any size, as execline reads it: an optional sign, digits,
  // then blanks allowed; kept as sign and digits without leading zeros.
  std::pair<bool, std::string> number(const std::string& s) {
    size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    const size_t digits = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == digits) bad(s + " is not a number");
    std::string d = s.substr(digits, i - digits);
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i != s.size()) bad(s + " is not a number");
    d.erase(0, std::min(d.find_first_not_of('0'), d.size() - 1));
    return {negative && d != "0", d};
  }
  static int compare(const std::pair<bool, std::string>& a, const std::pair<bool, std::string>& b) {
    if (a.first != b.first) return a.first ? -1 : 1;
    int magnitude = a.second.size() != b.second.size() ? (a.second.size() < b.second.size() ? -1 : 1)
                                                        : a.second.compare(b.second) < 0 ? -1 : a.second == b.second ? 0 : 1;
    return a.first ? -magnitude : magnitude;
  }
  bool primary() {
    if (at("(")) {
      ++i_;
      const bool r = disjunction();
      if (!at(")")) bad("missing )");
      ++i_;
      return r;
    }
    if (i_ < w_.size() && is_unary(w_[i_])) {
      const char op = w_[i_++][1];
      const std::string arg = data();
      return unary(op, arg);
    }
    const std::string lhs = data();
    if (i_ < w_.size() && is_binary(w_[i_])) {
      const std::string op = w_[i_++];
      const std::string rhs = data();
      return binary(lhs, op, rhs);
    }
    return !lhs.empty();
  }
  bool unary(char op, const std::string& a) {
    struct stat st {};
    const bool follows = op != 'h' && op != 'L';
    const bool exists = (follows ? ::stat(a.c_str(), &st) : ::lstat(a.c_str(), &st)) == 0;
    switch (op) {
      case 'n': return !a.empty();
      case 'z': return a.empty();
      case 'v': return ctx_.env.get(a) != nullptr;
      case 't': {
        const auto n = number(a);
        return !n.first && n.second.size() < 10 && ::isatty(std::stoi(n.second));
      }
      case 'e': return exists;
      case 'f': return exists && S_ISREG(st.st_mode);
      case 'd': return exists && S_ISDIR(st.st_mode);
      case 'b': return exists && S_ISBLK(st.st_mode);
      case 'c': return exists && S_ISCHR(st.st_mode);
      case 'p': return exists && S_ISFIFO(st.st_mode);
      case 'S': return exists && S_ISSOCK(st.st_mode);
      case 'h':
      case 'L': return exists && S_ISLNK(st.st_mode);
      case 's': return exists && st.st_size > 0;
      case 'g': return exists && (st.st_mode & S_ISGID);
      case 'u': return exists && (st.st_mode & S_ISUID);
      case 'k': return exists && (st.st_mode & S_ISVTX);
      case 'r': return ::access(a.c_str(), R_OK) == 0;
      case 'w': return ::access(a.c_str(), W_OK) == 0;
      case 'x': return ::access(a.c_str(), X_OK) == 0;
      case 'O':
      case 'U': return exists && st.st_uid == ::geteuid();
      case 'G': return exists && st.st_gid == ::getegid();
      case 'N': return exists && st.st_mtim.tv_sec > st.st_atim.tv_sec;
    }
    return false;
  }
  bool binary(const std::string& l, const std::string& op, const std::string& r) {
    if (op == "=" || op == "==") return l == r;
    if (op == "!=") return l != r;
    if (op == "<") return l < r;
    if (op == ">") return l > r;
    if (op == "=~") {
      regex_t re;
      if (regcomp(&re, r.c_str(), REG_EXTENDED | REG_NOSUB) != 0) bad("bad regular expression " + r);
      const bool m = regexec(&re, l.c_str(), 0, nullptr, 0) == 0;
      regfree(&re);
      return m;
    }
    if (op == "-nt" || op == "-ot" || op == "-ef") {
      struct stat a {}, b {};
      const bool ha = ::stat(l.c_str(), &a) == 0, hb = ::stat(r.c_str(), &b) == 0;
      if (op == "-ef") return ha && hb && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
      const auto newer = [](const struct stat& x, const struct stat& y) {
        return x.st_mtim.tv_sec != y.st_mtim.tv_sec ? x.st_mtim.tv_sec > y.st_mtim.tv_sec : x.st_mtim.tv_nsec > y.st_mtim.tv_nsec;
      };
      return op == "-nt" ? ha && (!hb || newer(a, b)) : hb && (!ha || newer(b, a));
    }
    const int c = compare(number(l), number(r));
    if (op == "-eq") return c == 0;
    if (op == "-ne") return c != 0;
    if (op == "-lt") return c < 0;
    if (op == "-le") return c <= 0;
    if (op == "-gt") return c > 0;
    return c >= 0;
  }
};

}  // namespace

Action parse_eltest(Cursor& c, const Builtin&) {
  std::vector<Word> words;
  while (c.peek()) words.push_back(c.take_word());
  return [words](Context& ctx, Cursor&) -> Flow {
    std::vector<std::string> w;
    for (const auto& x : words) w.push_back(x.text);
    return Expression(std::move(w), ctx).evaluate() ? 0 : 1;
  };
}

}  // namespace chainscript
