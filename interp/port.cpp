// --port. Two passes over the AST: the first walks every chain the way the
// validator does (each builtin's own parse says what it consumes) to find the
// command words, nosh's separated forms and execline's runtime usage errors;
// the second prints the words and blocks in the native dialect, line by line
// as they stood, comments kept.
#include "port.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "builtins/builtin.hpp"
#include "lib/numbers.hpp"
#include "quoting.hpp"

namespace chainscript {

namespace {

using Key = std::pair<unsigned, unsigned>;  // line, column
Key key(const Location& at) { return {at.line, at.column}; }

struct Analysis {
  std::map<Key, std::string> renames;  // a command word written as a path to a builtin
  std::map<Key, std::string> rewrites;  // nosh's words, as the native dialect says the same
  std::set<Key> open_before, close_instead;
  std::map<Key, int> usage_errors;  // execline: the command exits with this (100, or 111...) when it runs
  std::vector<PortWarning>* warnings;
  Dialect dialect;
};

// nosh's tools where the native builtin differs: nosh reads fds and masks as
// C writes numbers (0x3, 03, 18), the native dialect fds in decimal and masks
// in octal; nosh's fdmove N N closes N (dup2, then close) and its setsid's
// failure is fatal. `words` are what the builtin consumed after its name.
void rewrite_nosh(const Builtin& b, const Word& command, const std::vector<Word>& words, Analysis& a) {
  if (b.name == "setsid") a.renames[key(command.at)] = "setsid -i";
  enum Kind { fd, mask };
  std::vector<std::pair<const Word*, Kind>> carried;
  size_t i = 0;
  const auto skip_options = [&] {
    while (i < words.size() && words[i].text.size() > 1 && words[i].text[0] == '-') {
      const std::string& o = words[i++].text;
      if (o == "--") break;
      if (o == "--mode" || o == "-m") ++i;  // fdredir's value
    }
  };
  if (b.name == "fdmove") {
    const bool copy = i < words.size() && words[i].text.starts_with("-") && words[i].text != "--";
    skip_options();
    for (size_t k = 0; k < 2 && i < words.size(); ++k) carried.push_back({&words[i++], fd});
    if (!copy && carried.size() == 2 && carried[0].first->known && carried[1].first->known) {
      const auto to = c_number(carried[0].first->text, 0x7fffffff), from = c_number(carried[1].first->text, 0x7fffffff);
      if (to && from && *to == *from) {
        const std::string n = std::to_string(*to);
        a.renames[key(command.at)] = "fdmove -c";
        a.rewrites[key(carried[0].first->at)] = n;
        a.rewrites[key(carried[1].first->at)] = n + " fdclose " + n;
        return;
      }
    }
  } else if (b.name == "fdredir") {
    skip_options();
    if (i < words.size()) carried.push_back({&words[i], fd});
  } else if (b.name == "umask" && !words.empty()) {
    carried.push_back({&words[0], mask});
  } else if (b.name == "envdir") {
    // nosh's -i (a missing dir sets nothing) and -c (chomp) are the native -I and --chomp.
    for (const Word& w : words) {
      if (w.text == "-") continue;
      if (!w.known || w.text == "--" || w.text.size() < 2 || w.text[0] != '-') break;
      if (w.text.starts_with("--")) continue;
      std::string native;
      for (const char l : w.text.substr(1)) native += l == 'i' ? " -I" : l == 'c' ? " --chomp" : std::string(" -") + l;
      if (native.substr(1) != w.text) a.rewrites[key(w.at)] = native.substr(1);
    }
  }
  for (const auto& [w, kind] : carried) {
    if (!w->known) continue;
    const auto v = c_number(w->text, kind == fd ? 0x7fffffffULL : 0xffffffffULL);
    if (!v) continue;
    char octal[16];
    std::snprintf(octal, sizeof octal, "0%03llo", *v & 0777);
    const std::string native = kind == fd ? std::to_string(*v) : octal;
    if (native != w->text) a.rewrites[key(w->at)] = native;
  }
}

// execline's posix-umask reads "=" with no permissions after named classes
// as changing nothing (u=rwx,g=rx,o= keeps o's bits); the native one, as
// POSIX says, as clearing them. The ported mask drops such actions, so that
// the native reading is execline's.
std::string native_symbolic_mask(std::string_view spec) {
  const auto in = [](char c, std::string_view set) { return set.find(c) != std::string_view::npos; };
  std::string out;
  for (size_t i = 0; i <= spec.size(); ++i) {  // one clause a round, up to a comma or the end
    const size_t start = i;
    while (i < spec.size() && in(spec[i], "ugoa")) ++i;
    const bool named = i > start;
    out.append(spec.substr(start, i - start));
    while (i < spec.size() && spec[i] != ',') {  // an operator, then its permissions or class
      size_t j = i + 1;
      while (j < spec.size() && !in(spec[j], "=+-,")) ++j;
      if (!(spec[i] == '=' && named && j == i + 1)) out.append(spec.substr(i, j - i));
      i = j;
    }
    if (i < spec.size()) out += ',';
  }
  return out;
}

void rewrite_execline(const Builtin& b, const std::vector<Word>& words, Analysis& a) {
  if (b.name != "posix-umask") return;
  for (const Word& w : words) {
    if (!w.known || w.text == "--") return;
    if (w.text.size() > 1 && w.text[0] == '-') continue;  // -S
    if (w.text.find_first_not_of("01234567") == std::string::npos) return;  // octal: read alike
    const std::string native = native_symbolic_mask(w.text);
    if (native != w.text) a.rewrites[key(w.at)] = native;
    return;
  }
}

bool looks_like_a_tool(const std::string& base) {
  for (const char* prefix : {"s6-", "el", "if", "for", "fd", "setuidgid", "envuidgid", "softlimit", "envdir", "tcp-",
                             "udp-", "local-", "netlink-", "setlock"})
    if (base.starts_with(prefix)) return true;
  return false;
}

// Every chain, walked as the validator walks them (each builtin's own parse
// says what it consumes), without recursion.
void analyze(ast::Body top, const Rules& rules, Analysis& a) {
  struct Work {
    ast::Body body;
    std::shared_ptr<const ast::Block> owned;
    bool spliced;  // after an ifthenelse -s: its words may be a program's arguments
  };
  std::vector<Work> work{{top, {}, false}};
  while (!work.empty()) {
    const Work w = std::move(work.back());
    work.pop_back();
    Cursor c(w.body, {}, rules, Cursor::Mode::port, w.owned);
    bool spliced = w.spliced;
    try {
      while (!c.at_end()) {
        const Word* word = c.peek();
        if (!word || !word->known) break;
        const std::string name = word->text;
        const std::string base = name.substr(name.rfind('/') + 1);
        const Builtin* b = find_builtin(name);
        if (!b && name.find('/') != std::string::npos) {
          b = find_builtin(base);
          if (b) a.renames[key(word->at)] = base;
        }
        if (!b) {
          if (looks_like_a_tool(base))
            a.warnings->push_back({word->at, "no builtin does what " + base + " does; left as an external program"});
          break;
        }
        const Word command = c.take_word();
        if (b->name == "ifthenelse") {
          Cursor options = c;  // -s splices the rest of the chain into the chosen block
          for (const Word* o = options.peek(); o && o->known && o->text.size() > 1 && o->text[0] == '-';
               options.take_word(), o = options.peek())
            if (o->text.find('s') != std::string::npos) spliced = true;
        }
        const Cursor before = c;
        try {
          parse_invocation(c, *b);
          if (a.dialect != Dialect::chainscript) {
            std::vector<Word> consumed;
            for (Cursor walk = before; walk.peek() && (!c.peek() || key(walk.peek()->at) != key(c.peek()->at));)
              consumed.push_back(walk.take_word());
            if (a.dialect == Dialect::nosh) rewrite_nosh(*b, command, consumed, a);
            else rewrite_execline(*b, consumed, a);
          }
        } catch (const NoNativeEquivalent& n) {
          a.warnings->push_back({n.at, n.what + ": no native equivalent; left as written"});
          break;
        } catch (const Failure& f) {
          if (spliced && a.dialect == Dialect::execline) {
            // The words may be a program's arguments, not a command: not rewritten.
            a.warnings->push_back({command.at, std::string(b->name) + " is an error (" + f.what() +
                                                   ") after ifthenelse -s, whose rest may be words, not commands: "
                                                   "no native equivalent; left as written"});
            break;
          }
          // A usage error in words written literally: execline reports it
          // when the command runs.
          a.usage_errors[key(command.at)] = f.code;
          if (a.dialect != Dialect::execline)
            a.warnings->push_back({command.at, std::string(b->name) + ": " + f.what()});
          else
            a.warnings->push_back({command.at, std::string(b->name) + " is an error (" + f.what() + "); ported as exit " +
                                                   std::to_string(f.code) + ", what it does when it runs"});
          break;
        }
      }
    } catch (const Uncertain&) {
      // the rest of this chain is known only when it runs
    }
    // What nosh's option parser passed over would be operands in the native dialect: dropped.
    for (const auto& at : c.passed_over()) a.rewrites[key(at)] = "";
    for (const auto& s : c.separated_forms()) {
      a.open_before.insert(key(s.first));
      a.close_instead.insert(key(s.separator));
    }
    for (const auto& chain : c.chains_taken())  // a block inside a made body lives as long as it
      work.push_back({chain.block.block->body, chain.block.owned ? chain.block.owned : w.owned, spliced});
  }
}

bool bare_safe(std::string_view s, bool substitutable) {
  if (s.empty() || s == "{" || s == "}" || s[0] == '#') return false;
  for (unsigned char ch : s) {
    if (ch <= ' ' || ch == 0x7f || ch == '"' || ch == '\'' || ch == '\\') return false;
    if (!substitutable && ch == '$') return false;
  }
  return true;
}

std::string double_quoted(std::string_view s) { return native_double_quoted(s, false); }

// Literal text: single quotes, with ' itself escaped outside them.
std::string single_quoted(std::string_view s) {
  std::string q;
  size_t start = 0;
  while (start <= s.size()) {
    const auto quote = s.find('\'', start);
    const auto part = s.substr(start, quote == std::string_view::npos ? std::string_view::npos : quote - start);
    if (!part.empty() || (q.empty() && quote == std::string_view::npos)) q += "'" + std::string(part) + "'";
    if (quote == std::string_view::npos) break;
    q += "\\'";
    start = quote + 1;
  }
  return q;
}

std::string render(const ast::Word& w) {
  const auto pieces = w.pieces();
  if (pieces.size() == 1 && bare_safe(pieces[0].text(), pieces[0].substitutable)) return std::string(pieces[0].text());
  std::string out;
  for (const auto& p : pieces) {
    if (p.substitutable) out += double_quoted(p.text());
    else if (bare_safe(p.text(), false)) out += p.text();
    else out += single_quoted(p.text());
  }
  return out.empty() ? "\"\"" : out;
}

class Printer {
 public:
  Printer(const Analysis& a, std::vector<ast::Comment> comments) : a_(a), comments_(std::move(comments)) {}

  // Depth-first without recursion: each frame is a block's nodes and the next one.
  void body(ast::Body top) {
    struct Frame {
      ast::Body nodes;
      size_t next;
      const ast::Block* block;  // null at the top
    };
    std::vector<Frame> stack{{top, 0, nullptr}};
    while (!stack.empty()) {
      Frame& f = stack.back();
      const unsigned depth = static_cast<unsigned>(stack.size()) - 1;
      if (f.next == f.nodes.size()) {
        if (f.block) {
          place(f.block->close, depth - 1);
          out_ += "}";
        }
        stack.pop_back();
        continue;
      }
      const ast::Node& n = f.nodes[f.next++];
      if (const auto* b = n.block()) {
        place(b->open, depth);
        out_ += "{";
        stack.push_back({b->body, 0, b});
        continue;
      }
      const auto* w = n.word();
      const Key k = key(w->at);
      if (a_.close_instead.count(k)) {
        --extra_;
        place(w->at, depth);
        out_ += "}";
        continue;
      }
      if (a_.open_before.count(k)) {
        place(w->at, depth);
        out_ += "{";
        ++extra_;
      }
      if (const auto e = a_.usage_errors.find(k); e != a_.usage_errors.end() && a_.dialect == Dialect::execline) {
        place(w->at, depth);
        out_ += "exit " + std::to_string(e->second);
        f.next = f.nodes.size();  // the rest of this chain never runs
        continue;
      }
      place(w->at, depth);
      const auto r = a_.renames.find(k);
      const auto num = a_.rewrites.find(k);
      out_ += r != a_.renames.end() ? r->second : num != a_.rewrites.end() ? num->second : render(*w);
    }
  }

  std::string finish() {
    flush_comments(~0u, 0);
    if (!out_.empty() && out_.back() != '\n') out_ += "\n";
    return out_;
  }

  void start_at(unsigned line) { line_ = line; }

 private:
  const Analysis& a_;
  std::vector<ast::Comment> comments_;
  size_t next_comment_ = 0;
  std::string out_;
  unsigned line_ = 0;
  bool line_has_text_ = false;
  int extra_ = 0;  // depth added by separated forms turned into blocks

  void flush_comments(unsigned before_line, unsigned depth) {
    while (next_comment_ < comments_.size() && comments_[next_comment_].at.line < before_line) {
      const auto& c = comments_[next_comment_++];
      if (c.at.line == line_ && line_has_text_) {
        out_ += " " + c.text;
      } else {
        if (line_has_text_ || !out_.empty()) out_ += "\n";
        out_ += std::string(2 * depth, ' ') + c.text;
        line_ = c.at.line;
      }
      line_has_text_ = true;
    }
  }

  void place(const Location& at, unsigned depth) {
    flush_comments(at.line, depth + static_cast<unsigned>(std::max(extra_, 0)));
    if (at.line != line_ || !line_has_text_) {
      if (!out_.empty()) out_ += "\n";
      out_ += std::string(2 * (depth + static_cast<unsigned>(std::max(extra_, 0))), ' ');
      line_ = at.line;
      line_has_text_ = true;
    } else {
      out_ += " ";
    }
  }
};

}  // namespace

std::string port_script(const ast::Script& script, const Rules& rules, const std::string& first_line_flags,
                        std::vector<PortWarning>& warnings) {
  Analysis a;
  a.warnings = &warnings;
  a.dialect = script.dialect;
  analyze(script.body, rules, a);

  std::string shebang = "#!/usr/bin/chainscript";
  if (script.dialect == Dialect::execline) {
    // No -P -p -S -s among the flags: execlineb's default mode, said explicitly.
    const bool positional_flag = first_line_flags.find_first_of("PpSs") != std::string::npos;
    if (!first_line_flags.empty()) shebang += " " + first_line_flags;
    if (!positional_flag) shebang += " --push-positionals";
  }
  else if (script.dialect == Dialect::nosh)
    // nosh substitutes nothing, its tools fail with 1 and keep their quirks.
    shebang += " -P --failures-exit-1 --nosh-tools";
  else if (!first_line_flags.empty())
    shebang += " " + first_line_flags;

  // The old #! line is replaced, not kept as a comment.
  std::vector<ast::Comment> comments;
  for (const auto& c : script.comments)
    if (!(c.at.line == 1 && c.at.column == 1 && c.text.starts_with("#!"))) comments.push_back(c);
  Printer p(a, std::move(comments));
  p.start_at(1);
  p.body(script.body);
  return shebang + "\n" + p.finish();
}

}  // namespace chainscript
