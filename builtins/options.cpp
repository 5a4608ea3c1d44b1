// The one option parser every builtin uses, and the argument helpers.
#include <sys/wait.h>

#include "builtin.hpp"

namespace chainscript {

[[noreturn]] void usage_error(const Location& at, const Builtin& b, const std::string& message) {
  throw Failure(exit_code::usage, at, std::string(b.name), message + "; usage: " + std::string(b.synopsis));
}

namespace {

const OptionSpec* by_short(std::span<const OptionSpec> specs, char c) {
  for (const auto& s : specs)
    if (s.has_short && s.key == c) return &s;
  return nullptr;
}

}  // namespace

std::vector<Option> parse_options(Cursor& c, const Builtin& b, std::span<const OptionSpec> specs,
                                  OptionStyle style) {
  std::vector<Option> out;
  for (;;) {
    const Word* w = c.peek();
    if (!w || w->text.size() < 2 || w->text[0] != '-') return out;
    Word word = c.take_word();
    const std::string& t = word.text;
    if (t == "--") return out;
    if (style == OptionStyle::gnu && t.starts_with("--")) {
      const auto eq = t.find('=');
      const std::string name = t.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      const OptionSpec* spec = nullptr;
      for (const auto& s : specs)
        if (s.long_name == name) spec = &s;
      if (!spec) usage_error(word.at, b, "unknown option --" + name);
      Option o{spec->key, {}, word.at};
      if (spec->takes_value) {
        if (eq != std::string::npos)
          o.value = t.substr(eq + 1);
        else if (c.peek())
          o.value = c.take_word().text;
        else
          usage_error(word.at, b, "option --" + name + " needs a value");
      } else if (eq != std::string::npos) {
        usage_error(word.at, b, "option --" + name + " takes no value");
      }
      out.push_back(std::move(o));
      continue;
    }
    for (size_t i = 1; i < t.size(); ++i) {
      const OptionSpec* spec = by_short(specs, t[i]);
      if (!spec) usage_error(word.at, b, std::string("unknown option -") + t[i]);
      Option o{spec->key, {}, word.at};
      if (spec->takes_value) {
        if (i + 1 < t.size())
          o.value = t.substr(i + 1);
        else if (c.peek())
          o.value = c.take_word().text;
        else
          usage_error(word.at, b, std::string("option -") + t[i] + " needs a value");
        out.push_back(std::move(o));
        break;
      }
      out.push_back(std::move(o));
    }
  }
}

Word take_arg(Cursor& c, const Builtin& b, std::string_view what) {
  if (!c.peek())
    usage_error(c.where(), b, std::string(c.next_is_block() ? "a block where " : "missing ") +
                                  std::string(what) + (c.next_is_block() ? " was expected" : ""));
  return c.take_word();
}

BlockRef take_word_block(Cursor& c, const Builtin& b, std::string_view what) {
  if (!c.next_is_block() && Cursor::execline_rules && c.peek()) return take_encoded_block(c, b, what);
  if (!c.next_is_block()) usage_error(c.where(), b, "missing " + std::string(what) + " (a { ... } block)");
  return c.take_block();
}

// execline's commands read a block from argv: the words up to an empty one,
// each losing one leading space (blocks nested inside have more). So a block
// can be written out (" echo" " hi" ""), or come from a substitution.
BlockRef take_encoded_block(Cursor& c, const Builtin& b, std::string_view what) {
  const Location at = c.where();
  std::vector<std::string> words;
  const auto add = [&](const std::string& w) { words.push_back(w[0] == ' ' ? w.substr(1) : w); };
  for (;;) {
    if (c.next_is_block()) {  // a { } block met on the way: its words, and its end ends this one
      const BlockRef inner = c.take_block();
      std::vector<std::string> encoded;
      encode_block(*inner.block, inner.substitutions, 1, encoded);
      encoded.pop_back();
      for (const auto& w : encoded) add(w);
      break;
    }
    if (!c.peek()) usage_error(c.where(), b, "missing " + std::string(what) + " (a block: words ended by an empty word)");
    Word w = c.take_word();
    if (w.text.empty()) break;
    if (w.text[0] != ' ' && Cursor::execline_strict >= 2)  // EXECLINE_STRICT=2 (-W): blocks must be quoted
      usage_error(w.at, b, "unquoted word \"" + w.text + "\" in a block");
    add(w.text);
  }
  auto block = std::make_shared<ast::Block>();
  block->body = decode_argv(words, at);
  block->open = block->close = at;
  return BlockRef{block.get(), {}, block};
}

BlockRef take_chain_block(Cursor& c, const Builtin& b, std::string_view what) {
  BlockRef r = take_word_block(c, b, what);
  if (c.validating()) c.chains_taken().push_back(r);
  return r;
}

BlockRef take_chain_block_or_until(Cursor& c, const Builtin& b, std::string_view what, std::string_view separator) {
  if (c.next_is_block() || !c.peek() || Cursor::execline_rules) return take_chain_block(c, b, what);
  auto r = c.take_until(separator);
  if (!r)
    usage_error(c.where(), b,
                "missing " + std::string(what) + " (a { ... } block, or words ended by \"" + std::string(separator) + "\")");
  if (c.validating()) c.chains_taken().push_back(*r);
  if (auto* notes = c.porting())
    notes->push_back({r->block->body.empty()         ? r->block->close
                      : r->block->body.front().word() ? r->block->body.front().word()->at
                                                      : r->block->body.front().block()->open,
                      r->block->close});
  return *r;
}

std::string take_variable_name(Cursor& c, const Builtin& b) {
  Word w = take_arg(c, b, "VARIABLE");
  if (w.text.empty() || w.text.find('=') != std::string::npos) usage_error(w.at, b, "bad variable name \"" + w.text + "\"");
  return w.text;
}

unsigned long parse_number(const Word& w, const Builtin& b, std::string_view what, unsigned long max) {
  const auto& t = w.text;
  unsigned long v = 0;
  if (t.empty() || t.size() > 19 || t.find_first_not_of("0123456789") != std::string::npos ||
      (v = std::stoul(t)) > max)
    usage_error(w.at, b, std::string(what) + " must be a number up to " + std::to_string(max) + ", not \"" + t + "\"");
  return v;
}

int parse_fd(const Word& w, const Builtin& b) {
  return static_cast<int>(parse_number(w, b, "a file descriptor", 0x7fffffff));
}

unsigned parse_octal(const Word& w, const Builtin& b, std::string_view what, unsigned max) {
  const auto& t = w.text;
  if (t.empty() || t.size() > 6 || t.find_first_not_of("01234567") != std::string::npos ||
      std::stoul(t, nullptr, 8) > max)
    usage_error(w.at, b, std::string(what) + " must be an octal number, not \"" + t + "\"");
  return static_cast<unsigned>(std::stoul(t, nullptr, 8));
}

int reported_status(int wstatus) {
  if (WIFSIGNALED(wstatus)) return 128 + WTERMSIG(wstatus);
  const int code = WEXITSTATUS(wstatus);
  return code >= 128 ? 128 : code;
}

}  // namespace chainscript
