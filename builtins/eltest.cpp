// eltest expression...: test(1) with GNU's and bash's extensions, any number
// of arguments; a word that looks like an operator is an operator, a word
// starting with a backslash is data. Ends the chain: 0 true, 1 false, 100 for
// a malformed expression (found before anything runs when its words are literal).
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>

#include "builtins/builtin.hpp"
#include "lib/numbers.hpp"
#include "lib/regex.hpp"

namespace chainscript {

namespace eltest_parts {

// The expression, parsed: or of ands of (negated) primaries.
struct Test {
  enum Kind { any, all, negation, unary, binary, nonempty } kind;
  std::string op, left, right;
  std::vector<Test> parts;
};

// Nested deeper than this ("! ! ! ..." or "( ( (...") is refused, so that
// neither reading nor evaluating can exhaust the stack.
constexpr unsigned max_depth = 256;

bool is_binary(std::string_view s) {
  for (auto op : {"=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef", "=~"})
    if (s == op) return true;
  return false;
}
bool is_unary(std::string_view s) {
  return s.size() == 2 && s[0] == '-' && std::string_view("bcdefgGhkLnNOprsStuUvwxz").find(s[1]) != std::string_view::npos;
}
bool is_operator(std::string_view s) {
  return is_binary(s) || is_unary(s) || s == "!" || s == "(" || s == ")" || s == "-a" || s == "-o";
}
bool numeric_operator(std::string_view op) { return op.size() == 3 && op[0] == '-' && op != "-nt" && op != "-ot" && op != "-ef"; }

// An integer of any size, as execline reads it: an optional sign and at
// least one digit; whatever follows the digits is not read ("2x" is 2, "0x1"
// is 0: eltest 2.9.3 scans a number's prefix); kept as sign and digits
// without leading zeros.
std::optional<std::pair<bool, std::string>> number(const std::string& s) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  const size_t digits = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == digits) return std::nullopt;
  std::string d = s.substr(digits, i - digits);
  d.erase(0, std::min(d.find_first_not_of('0'), d.size() - 1));
  return std::pair{negative && d != "0", d};
}

class Reader {
 public:
  explicit Reader(const std::vector<std::string>& w) : w_(w) {}
  // nullopt with why set when the words are no expression.
  std::optional<Test> read(std::string& why) {
    try {
      if (w_.empty()) return Test{Test::nonempty, {}, {}, {}, {}};  // no word: false
      Test t = disjunction(0);
      if (i_ != w_.size()) bad("unexpected " + w_[i_]);
      return t;
    } catch (const std::string& e) {
      why = e;
      return std::nullopt;
    }
  }

 private:
  const std::vector<std::string>& w_;
  size_t i_ = 0;

  [[noreturn]] void bad(const std::string& why) { throw why; }
  bool at(std::string_view s) const { return i_ < w_.size() && w_[i_] == s; }
  std::string data() {
    if (i_ >= w_.size()) bad("missing argument");
    std::string s = w_[i_++];
    if (!s.empty() && s[0] == '\\') return s.substr(1);
    if (is_operator(s)) bad("operator " + s + " where data was expected");
    return s;
  }
  void deeper(unsigned depth) {
    if (depth > max_depth) bad("expression nested deeper than " + std::to_string(max_depth));
  }
  Test disjunction(unsigned depth) {
    Test t{Test::any, {}, {}, {}, {conjunction(depth)}};
    while (at("-o")) {
      ++i_;
      t.parts.push_back(conjunction(depth));
    }
    return t.parts.size() == 1 ? std::move(t.parts[0]) : t;
  }
  Test conjunction(unsigned depth) {
    Test t{Test::all, {}, {}, {}, {negation(depth)}};
    while (at("-a")) {
      ++i_;
      t.parts.push_back(negation(depth));
    }
    return t.parts.size() == 1 ? std::move(t.parts[0]) : t;
  }
  Test negation(unsigned depth) {
    if (!at("!")) return primary(depth);
    deeper(depth + 1);
    ++i_;
    return Test{Test::negation, {}, {}, {}, {negation(depth + 1)}};
  }
  Test primary(unsigned depth) {
    if (at("(")) {
      deeper(depth + 1);
      ++i_;
      Test t = disjunction(depth + 1);
      if (!at(")")) bad("missing )");
      ++i_;
      return t;
    }
    if (i_ < w_.size() && is_unary(w_[i_])) {
      const std::string op = w_[i_++];
      return Test{Test::unary, op, data(), {}, {}};
    }
    const std::string lhs = data();
    if (i_ < w_.size() && is_binary(w_[i_])) {
      const std::string op = w_[i_++];
      const std::string rhs = data();
      if (numeric_operator(op)) {
        if (!number(lhs)) bad(lhs + " is not a number");
        if (!number(rhs)) bad(rhs + " is not a number");
      }
      if (op == "=~") {
        const Regex re = Regex::compile(rhs, REG_EXTENDED | REG_NOSUB);
        if (re.error()) bad("bad regular expression " + rhs + ": " + *re.error());
      }
      return Test{Test::binary, op, lhs, rhs, {}};
    }
    return Test{Test::nonempty, {}, lhs, {}, {}};
  }
};

int compare(const std::pair<bool, std::string>& a, const std::pair<bool, std::string>& b) {
  if (a.first != b.first) return a.first ? -1 : 1;
  const int magnitude = a.second.size() != b.second.size() ? (a.second.size() < b.second.size() ? -1 : 1)
                        : a.second.compare(b.second) < 0                ? -1
                        : a.second == b.second                           ? 0
                                                                         : 1;
  return a.first ? -magnitude : magnitude;
}

bool unary(char op, const std::string& a, Context& ctx) {
  auto* sys = ctx.system;
  struct stat st {};
  const bool follows = op != 'h' && op != 'L';
  const bool exists = (follows ? sys->stat(a, &st) : sys->lstat(a, &st)) == 0;
  switch (op) {
    case 'n': return !a.empty();
    case 'z': return a.empty();
    case 'v': return ctx.env.get(a).has_value();
    case 't': {
      const auto n = number(a);
      const auto fd = n && !n->first ? decimal_number(n->second, 0x7fffffff) : std::nullopt;
      return fd && sys->isatty(static_cast<int>(*fd));
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
    case 'r': return sys->access(a, R_OK) == 0;
    case 'w': return sys->access(a, W_OK) == 0;
    case 'x': return sys->access(a, X_OK) == 0;
    case 'O':
    case 'U': return exists && st.st_uid == sys->geteuid();
    case 'G': return exists && st.st_gid == sys->getegid();
    case 'N': return exists && st.st_mtim.tv_sec > st.st_atim.tv_sec;
  }
  return false;
}

bool binary(const std::string& l, const std::string& op, const std::string& r, Context& ctx) {
  if (op == "=" || op == "==") return l == r;
  if (op == "!=") return l != r;
  if (op == "<") return l < r;
  if (op == ">") return l > r;
  if (op == "=~") {
    const Regex re = Regex::compile(r, REG_EXTENDED | REG_NOSUB);
    if (re.error()) ctx.fail(exit_code::usage, "bad regular expression " + r + ": " + *re.error());
    return regexec(&re.compiled(), l.c_str(), 0, nullptr, 0) == 0;
  }
  if (op == "-nt" || op == "-ot" || op == "-ef") {
    struct stat a {}, b {};
    const bool ha = ctx.system->stat(l, &a) == 0, hb = ctx.system->stat(r, &b) == 0;
    if (op == "-ef") return ha && hb && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    const auto newer = [](const struct stat& x, const struct stat& y) {
      return x.st_mtim.tv_sec != y.st_mtim.tv_sec ? x.st_mtim.tv_sec > y.st_mtim.tv_sec : x.st_mtim.tv_nsec > y.st_mtim.tv_nsec;
    };
    return op == "-nt" ? ha && (!hb || newer(a, b)) : hb && (!ha || newer(b, a));
  }
  const int c = compare(*number(l), *number(r));
  if (op == "-eq") return c == 0;
  if (op == "-ne") return c != 0;
  if (op == "-lt") return c < 0;
  if (op == "-le") return c <= 0;
  if (op == "-gt") return c > 0;
  return c >= 0;
}

bool evaluate(const Test& t, Context& ctx) {
  switch (t.kind) {
    case Test::any:
      for (const auto& p : t.parts)
        if (evaluate(p, ctx)) return true;
      return false;
    case Test::all:
      for (const auto& p : t.parts)
        if (!evaluate(p, ctx)) return false;
      return true;
    case Test::negation: return !evaluate(t.parts[0], ctx);
    case Test::unary: return unary(t.op[1], t.left, ctx);
    case Test::binary: return binary(t.left, t.op, t.right, ctx);
    case Test::nonempty: return !t.left.empty();
  }
  return false;
}

Invocation parse(Cursor& c, const Builtin& b) {
  std::vector<std::string> words;
  bool known = true;
  Location at = c.where();
  while (c.peek()) {
    const Word w = c.take_word();
    known &= w.known;
    words.push_back(w.text);
  }
  if (!known) return Invocation{};  // validation: read when it runs
  std::string why;
  const auto test = Reader(words).read(why);
  if (!test) usage_error(at, b, "syntax error: " + why);
  return [test = *test](Context& ctx, Cursor&) -> Flow { return evaluate(test, ctx) ? 0 : 1; };
}

}  // namespace eltest_parts

extern const Builtin eltest_builtin{
    .name = "eltest",
    .summary = "evaluate a test(1) expression: exit 0 true, 1 false",
    .operands = "expression...",
    .parse = eltest_parts::parse,
};

}  // namespace chainscript
