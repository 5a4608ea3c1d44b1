// The one option parser every builtin uses, the synopsis and --help made from
// the option tables, and the argument helpers.
#include <sys/wait.h>

#include "builtins/builtin.hpp"
#include "lib/names.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

[[noreturn]] void usage_error(const Location& at, const Builtin& b, const std::string& message) {
  throw Failure(exit_code::usage, at, std::string(b.name), message + "; usage: " + synopsis(b));
}

namespace {

unsigned dialect_bit(Dialect d) {
  switch (d) {
    case Dialect::execline: return in_execline;
    case Dialect::nosh: return in_nosh;
    default: return in_chainscript;
  }
}

const OptionSpec* by_letter(const Builtin& b, char c, unsigned dialect) {
  for (const auto& s : b.options)
    if (s.has_letter() && s.key == c && (s.dialects & dialect)) return &s;
  return nullptr;
}

const OptionSpec* by_name(const Builtin& b, std::string_view name, unsigned dialect) {
  for (const auto& s : b.options)
    if (!s.name.empty() && s.name == name && (s.dialects & dialect)) return &s;
  return nullptr;
}

}  // namespace

bool takes_options(const Builtin& b, Dialect d) {
  const unsigned dialect = dialect_bit(d);
  return std::any_of(b.options.begin(), b.options.end(), [&](const OptionSpec& s) { return (s.dialects & dialect) != 0; });
}

OptionList parse_options(Cursor& c, const Builtin& b) {
  const unsigned dialect = dialect_bit(c.rules().dialect);
  OptionList out;
  // nosh's tools read their options with popt, which passes over a lone "-"
  // among them.
  const bool nosh = c.rules().nosh();
  const auto lone_dash = [&] {
    const Word* w = c.peek();
    return nosh && w && w->known && w->text == "-";
  };
  // With no option in this dialect, a word starting with '-' is an operand
  // (execline's foreground takes no option at all).
  // (In nosh, what popt passes over before the operands went in parse_invocation.)
  if (!takes_options(b, c.rules().dialect)) return out;
  // (the option's spelling is made only for the error)
  const auto value_of = [&](const Word& option, const auto& spelled) -> Word {
    if (!c.peek()) usage_error(option.at, b, "option " + spelled() + " needs a value");
    return c.take_word();
  };
  for (;;) {
    const Word* w = c.peek();
    if (!w) return out;
    if (!w->known) {
      // A value that comes at run time may be an option or not: validation
      // cannot follow this chain further (port reads it as an operand).
      if (c.mode() == Cursor::Mode::port) return out;
      throw Uncertain{};
    }
    if (lone_dash()) {
      c.passed_over().push_back(c.take_word().at);
      continue;
    }
    if (w->text.size() < 2 || w->text[0] != '-') return out;
    Word word = c.take_word();
    const std::string& t = word.text;
    if (t == "--") return out;
    // GNU style: every long option; execline's and s6's style: the options
    // that have no letter (chainscript's own, beside the tool's).
    const bool long_only = b.style == OptionStyle::clusters && t.starts_with("--") &&
                           [&] { const OptionSpec* s = by_name(b, t.substr(2), dialect); return s && !s->has_letter(); }();
    if ((b.style == OptionStyle::gnu && t.starts_with("--")) || long_only) {
      // nosh's popt has no --name=value: the whole word names the option (so
      // too under --nosh-tools, and a ported script fails as its original).
      const auto eq = long_only || c.rules().nosh_tools() ? std::string::npos : t.find('=');
      const std::string name = t.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      const OptionSpec* spec = by_name(b, name, dialect);
      if (!spec) usage_error(word.at, b, "unknown option --" + name);
      Option o{spec->key, {}, word.at};
      if (!spec->value.empty()) {
        if (eq != std::string::npos) {
          o.value = t.substr(eq + 1);
        } else {
          const Word v = value_of(word, [&] { return "--" + name; });
          o.value = v.text;
          o.known = v.known;
        }
      } else if (eq != std::string::npos) {
        usage_error(word.at, b, "option --" + name + " takes no value");
      }
      out.push_back(std::move(o));
      continue;
    }
    for (size_t i = 1; i < t.size(); ++i) {
      const OptionSpec* spec = by_letter(b, t[i], dialect);
      if (!spec) usage_error(word.at, b, std::string("unknown option -") + t[i]);
      Option o{spec->key, {}, word.at};
      if (!spec->value.empty()) {
        if (i + 1 < t.size()) {
          o.value = t.substr(i + 1);
        } else {
          const Word v = value_of(word, [&] { return std::string("-") + t[i]; });
          o.value = v.text;
          o.known = v.known;
        }
        out.push_back(std::move(o));
        break;
      }
      out.push_back(std::move(o));
    }
  }
}

Invocation parse_invocation(Cursor& c, const Builtin& b) {
  // nosh's tools read their arguments with popt even when they have no
  // option of their own (setenv, chdir): a lone "-" before the operands is
  // passed over and a first "--" ends the (no) options. Tools with options
  // meet them in parse_options.
  if (c.rules().nosh() && !takes_options(b, Dialect::nosh)) {
    const auto next_is = [&](std::string_view t) { return c.peek() && c.peek()->known && c.peek()->text == t; };
    while (next_is("-")) c.passed_over().push_back(c.take_word().at);
    if (next_is("--")) c.passed_over().push_back(c.take_word().at);
  }
  return b.parse(c, b);
}

// ---- synopsis and help ------------------------------------------------------

namespace {

// As the tool's own users write it: -x for execline's and s6's, --name for nosh's.
std::string spelled(const OptionSpec& s, OptionStyle style) {
  const bool letter = s.has_letter() && (style == OptionStyle::clusters || s.name.empty());
  std::string out = letter ? std::string("-") + s.key : "--" + std::string(s.name);
  if (!s.value.empty()) out += " " + std::string(s.value);
  return out;
}

}  // namespace

std::string synopsis(const Builtin& b) {
  std::string out(b.name);
  std::vector<bool> shown(b.options.size(), false);
  // An option spelled alike in two dialects (envdir's --chomp, --ignore-nodir) shows once.
  std::vector<std::string> spellings;
  for (size_t i = 0; i < b.options.size(); ++i) {
    if (shown[i]) continue;
    const OptionSpec& s = b.options[i];
    std::string item = spelled(s, b.style);
    if (std::find(spellings.begin(), spellings.end(), item) != spellings.end()) continue;
    spellings.push_back(item);
    if (s.group)
      for (size_t j = i + 1; j < b.options.size(); ++j)
        if (b.options[j].group == s.group) {
          spellings.push_back(spelled(b.options[j], b.style));
          item += " | " + spellings.back();
          shown[j] = true;
        }
    out += " [ " + item + " ]" + (s.repeats ? "..." : "");
  }
  if (!b.operands.empty()) out += " " + std::string(b.operands);
  return out;
}

std::string help_text(const Builtin& b) {
  std::string out = "usage: " + synopsis(b) + "\n" + std::string(b.summary) + "\n";
  if (!b.aliases.empty()) {
    out += "aliases:";
    for (auto a : b.aliases) out += " " + std::string(a);
    out += "\n";
  }
  if (!b.options.empty()) out += "options:\n";
  for (const auto& s : b.options) {
    const std::string names = option_spelling(s);
    out += "  " + names + std::string(names.size() < 28 ? 28 - names.size() : 1, ' ') + std::string(s.help) + "\n";
  }
  return out;
}

std::string option_spelling(const OptionSpec& s) {
  std::string names;
  if (s.has_letter()) names = std::string("-") + s.key;
  if (!s.name.empty()) names += (names.empty() ? "--" : ", --") + std::string(s.name);
  if (!s.value.empty()) names += " " + std::string(s.value);
  return names;
}

// ---- arguments ----------------------------------------------------------------

Word take_arg(Cursor& c, const Builtin& b, std::string_view what) {
  // execline's argv is flat: a block standing where an argument is wanted
  // (its value vanished before it) gives its first encoded word.
  if (!c.peek() && c.rules().execline()) {
    if (c.mode() == Cursor::Mode::port && c.next_is_block())
      throw NoNativeEquivalent{c.where(), std::string(b.name) + " reads the block here as its words (execline's argv is flat)"};
    c.unfold_block();
  }
  if (!c.peek())
    usage_error(c.where(), b, std::string(c.next_is_block() ? "a block where " : "missing ") + std::string(what) +
                                  (c.next_is_block() ? " was expected" : ""));
  return c.take_word();
}

// execline's commands read a block from argv: the words up to an empty one,
// each losing one leading space (blocks nested inside have more). So a block
// can be written out (" echo" " hi" ""), or come from a substitution.
std::vector<std::string> take_encoded_words(Cursor& c, const Builtin& b, std::string_view what) {
  std::vector<std::string> words;
  const auto add = [&](const std::string& w) { words.push_back(w[0] == ' ' ? w.substr(1) : w); };
  for (;;) {
    if (c.next_is_block()) {  // a { } block met on the way: its words, and its end ends this one
      for (const auto& w : c.take_block().words()) {
        if (!w.known) throw Uncertain{};
        add(" " + w.text);  // one level deeper than the words around it
      }
      break;
    }
    if (!c.peek()) usage_error(c.where(), b, "missing " + std::string(what) + " (a block: words ended by an empty word)");
    Word w = c.take_word();
    if (!w.known) throw Uncertain{};  // where it ends is known only when it runs
    if (w.text.empty()) break;
    if (w.text[0] != ' ' && c.rules().strict >= 2)  // EXECLINE_STRICT=2 (-W): blocks must be quoted
      usage_error(w.at, b, "unquoted word \"" + w.text + "\" in a block");
    add(w.text);
  }
  return words;
}

namespace {

BlockRef take_encoded_block(Cursor& c, const Builtin& b, std::string_view what) {
  const Location at = c.where();
  const auto words = take_encoded_words(c, b, what);
  const auto block = decoded_block(words, at);
  return BlockRef{block.get(), {}, block};
}

}  // namespace

BlockRef take_word_block(Cursor& c, const Builtin& b, std::string_view what) {
  if (!c.next_is_block() && c.rules().execline() && c.peek()) return take_encoded_block(c, b, what);
  if (!c.next_is_block()) usage_error(c.where(), b, "missing " + std::string(what) + " (a { ... } block)");
  return c.take_block();
}

BlockRef take_chain_block(Cursor& c, const Builtin& b, std::string_view what) {
  BlockRef r = take_word_block(c, b, what);
  c.take_chain(r);
  return r;
}

BlockRef take_chain_block_or_until(Cursor& c, const Builtin& b, std::string_view what, std::string_view separator) {
  if (c.next_is_block() || !c.peek() || c.rules().execline()) return take_chain_block(c, b, what);
  auto r = c.take_until(separator);
  if (!r)
    usage_error(c.where(), b,
                "missing " + std::string(what) + " (a { ... } block, or words ended by \"" + std::string(separator) + "\")");
  c.take_chain(*r);
  const auto& body = r->block->body;
  c.separated_forms().push_back(
      {body.empty() ? r->block->close : body.front().word() ? body.front().word()->at : body.front().block()->open,
       r->block->close});
  return *r;
}

Word take_variable_name(Cursor& c, const Builtin& b) {
  Word w = take_arg(c, b, "VARIABLE");
  if (w.known && !is_environment_name(w.text)) usage_error(w.at, b, "bad variable name \"" + w.text + "\"");
  return w;
}

unsigned long long parse_number(const Word& w, const Builtin& b, std::string_view what, unsigned long long max) {
  if (!w.known) return 0;
  const auto v = decimal_number(w.text, max);
  if (!v) usage_error(w.at, b, std::string(what) + " must be a number up to " + std::to_string(max) + ", not \"" + w.text + "\"");
  return *v;
}

int parse_fd(const Word& w, const Builtin& b) {
  return static_cast<int>(parse_number(w, b, "a file descriptor", 0x7fffffff));
}

int parse_fd(const Word& w, const Builtin& b, const Cursor& c) {
  if (!c.rules().nosh_tools() || !w.known) return parse_fd(w, b);
  // As nosh's tools read it, strtoul's whole word (blanks, a sign, 0x, 0); one
  // that no int holds is refused, where nosh would truncate it to another fd.
  const auto v = c_library_unsigned(w.text);
  if (!v || *v > 0x7fffffff) usage_error(w.at, b, "a file descriptor must be a number, not \"" + w.text + "\"");
  return static_cast<int>(*v);
}

unsigned parse_octal(const Word& w, const Builtin& b, std::string_view what, unsigned max) {
  if (!w.known) return 0;
  const auto v = octal_number(w.text, max);
  if (!v) usage_error(w.at, b, std::string(what) + " must be an octal number up to 0" + [max] {
    char m[16];
    std::snprintf(m, sizeof m, "%o", max);
    return std::string(m);
  }() + ", not \"" + w.text + "\"");
  return static_cast<unsigned>(*v);
}

namespace {

[[noreturn]] void not_a_number(const Word& w, const Builtin& b, std::string_view what) {
  usage_error(w.at, b, std::string(what) + " must be a number, not \"" + w.text + "\"");
}

}  // namespace

unsigned long long parse_number(const Word& w, const Builtin& b, std::string_view what, unsigned long long max,
                                const Cursor& c) {
  if (!c.rules().nosh_tools() || !w.known) return parse_number(w, b, what, max);
  const auto v = c_library_unsigned(w.text);  // the caller narrows it as nosh's C does
  if (!v) not_a_number(w, b, what);
  return *v;
}

unsigned parse_octal(const Word& w, const Builtin& b, std::string_view what, unsigned max, const Cursor& c) {
  if (!c.rules().nosh_tools() || !w.known) return parse_octal(w, b, what, max);
  const auto v = c_library_signed(w.text);  // a signed long, given to chmod(2) as a mode_t
  if (!v) not_a_number(w, b, what);
  return static_cast<mode_t>(*v) & 07777;
}

std::optional<unsigned> parse_id(const Word& w, const Builtin& b, std::string_view what, const Cursor& c) {
  if (!c.rules().nosh_tools() || !w.known) return static_cast<unsigned>(parse_number(w, b, what, 0xfffffffe));
  const auto v = c_library_signed(w.text);  // a signed long, given to chown(2) as a uid_t
  if (!v) not_a_number(w, b, what);
  if (*v == -1) return std::nullopt;
  return static_cast<uid_t>(*v);
}

int reported_status(int wstatus) {
  if (WIFSIGNALED(wstatus)) return 128 + WTERMSIG(wstatus);
  const int code = WEXITSTATUS(wstatus);
  return code >= 128 ? 128 : code;
}

bool succeeded_status(int wstatus) { return WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0; }

}  // namespace chainscript
