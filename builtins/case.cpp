// case [ -S | -s ] [ -E | -e ] [ -i ] [ -n | -N ] value { regex { prog... } ... } progdefault...:
// the block of the first regex (with -s, shell pattern) that matches the
// whole value becomes the rest of the chain; none matching, the chain goes on.
#include <fnmatch.h>

#include "builtins/builtin.hpp"
#include "interp/interpreter.hpp"
#include "lib/regex.hpp"

namespace chainscript {

namespace case_parts {

constexpr OptionSpec options[] = {
    {'S', "", "", "patterns are regular expressions (the default)", 1},
    {'s', "", "", "patterns are shell patterns (fnmatch)", 1},
    {'E', "", "", "extended regular expressions (the default); with -s, backslash escapes", 2},
    {'e', "", "", "basic regular expressions; with -s, no backslash escapes", 2},
    {'i', "", "", "ignore case; with -s, a leading period must match explicitly"},
    {'n', "", "", "do not set the subexpressions in the environment (the default)", 3},
    {'N', "", "", "set 0, # and 1... to the pattern and its subexpressions; with -s, / must match explicitly", 3},
};

struct Matching {
  bool shell = false, extended = true, icase = false, expose = false;
};

// Anchored as execline does it, textually: ^regex$ (so in "a|b" each side is
// anchored at one end only).
Regex compile(const std::string& pattern, const Matching& m) {
  return Regex::compile("^" + pattern + "$", (m.extended ? REG_EXTENDED : 0) | (m.icase ? REG_ICASE : 0));
}

std::string bad_regex(const std::string& pattern, const Regex& re) {
  return "bad regular expression \"" + pattern + "\": " + *re.error();
}

// The directives as execline reads them from argv when they are words, not a
// { } block (written out, or after a value that took the block's first word):
// each pattern as it stands, leading spaces and all, then its block up to the
// next empty word.
BlockRef take_directives(Cursor& c, const Builtin& b) {
  if (c.next_is_block() || !c.rules().execline() || !c.peek()) return take_word_block(c, b, "DIRECTIVES");
  const Location at = c.where();
  const auto words = take_encoded_words(c, b, "DIRECTIVES");
  auto owner = std::make_shared<ast::OwnedBlock>();
  ast::Arena& arena = owner->arena;
  std::vector<ast::Node> body;
  for (size_t i = 0; i < words.size();) {
    body.emplace_back(arena.word(words[i], false, at));
    std::vector<std::string> prog;
    for (++i; i < words.size() && !words[i].empty(); ++i) prog.push_back(words[i][0] == ' ' ? words[i].substr(1) : words[i]);
    if (i++ == words.size()) break;  // no empty word: a pattern without its block
    body.emplace_back(arena.block(decode_argv(prog, at, arena), at, at));
  }
  owner->block = {arena.copy(ast::Body(body)), at, at};
  const std::shared_ptr<const ast::Block> directives(owner, &owner->block);
  return BlockRef{directives.get(), {}, directives};
}

Invocation parse(Cursor& c, const Builtin& b) {
  Matching m;
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'S' || o.key == 's') m.shell = o.key == 's';
    if (o.key == 'E' || o.key == 'e') m.extended = o.key == 'E';
    if (o.key == 'i') m.icase = true;
    if (o.key == 'n' || o.key == 'N') m.expose = o.key == 'N';
  }
  const std::string value = take_arg(c, b, "VALUE").text;
  const BlockRef directives = take_directives(c, b);
  // Directives are "pattern { prog... }" pairs: their shape, and each literal
  // regex, are checked now.
  const auto& body = directives.block->body;
  for (size_t i = 0; i < body.size(); i += 2) {
    if (!body[i].word()) usage_error(body[i].block()->open, b, "a block where a pattern was expected");
    if (i + 1 >= body.size() || !body[i + 1].block()) usage_error(body[i].word()->at, b, "a pattern without its block");
    c.take_chain(directives.inner(body[i + 1].block()));
    if (m.shell) continue;
    ast::Arena arena;
    for (const auto& w : directives.substitutions.apply(*body[i].word(), arena)) {
      if (!w.known()) continue;
      const Regex re = compile(w.text(), m);
      if (re.error()) usage_error(w.at, b, bad_regex(w.text(), re));
    }
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    const auto& body = directives.block->body;
    for (size_t i = 0; i + 1 < body.size(); i += 2) {
      ast::Arena arena;
      const auto patterns = directives.substitutions.apply(*body[i].word(), arena);
      if (patterns.empty()) continue;
      const std::string pattern = patterns.front().text();
      std::vector<std::string> groups;
      bool matched = false;
      if (m.shell) {  // the options mean fnmatch flags here (execline's case manual)
        const int flags = (m.extended ? 0 : FNM_NOESCAPE) | (m.icase ? FNM_PERIOD : 0) | (m.expose ? FNM_PATHNAME : 0);
        matched = fnmatch(pattern.c_str(), value.c_str(), flags) == 0;
      } else {
        const Regex re = compile(pattern, m);
        if (re.error()) ctx.fail(exit_code::usage, bad_regex(pattern, re));
        std::vector<regmatch_t> found(re.compiled().re_nsub + 1);
        if (regexec(&re.compiled(), value.c_str(), found.size(), found.data(), 0) == 0) {
          matched = true;
          for (size_t k = 1; k < found.size(); ++k)
            groups.push_back(found[k].rm_so < 0 ? "" : value.substr(static_cast<size_t>(found[k].rm_so),
                                                                      static_cast<size_t>(found[k].rm_eo - found[k].rm_so)));
        }
      }
      if (!matched) continue;
      if (m.expose && !m.shell) {
        ctx.setenv("0", pattern);
        ctx.setenv("#", std::to_string(groups.size()));
        for (size_t k = 0; k < groups.size(); ++k) ctx.setenv(std::to_string(k + 1), groups[k]);
      }
      return run_block({body[i + 1].block(), directives.substitutions, {}}, ctx);
    }
    return {};
  };
}

}  // namespace case_parts

extern const Builtin case_builtin{
    .name = "case",
    .summary = "run the block of the first pattern that matches a value",
    .options = case_parts::options,
    .operands = "value { regex { prog... } ... } progdefault...",
    .parse = case_parts::parse,
};

}  // namespace chainscript
