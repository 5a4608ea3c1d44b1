#include "validator.hpp"

#include <algorithm>
#include <deque>

#include "builtins/builtin.hpp"

namespace chainscript {

namespace {

struct Work {
  ast::Body body;
  SubstitutionList substitutions;
  // Keeps alive what body points into when it is not the parsed script's (a
  // block of separated words, one decoded from words): the block's owner.
  std::shared_ptr<const ast::Block> owned;
  bool main = false;
  bool continues = false;  // the rest of the script follows it (ifthenelse -s)
};

// A block's owner keeps alive everything it points into; a block of the
// parsed script has none, and a block in a made body has its body's.
Work work_of(const BlockRef& b, const Work& from, bool continues = false) {
  return {b.block->body, b.substitutions, b.owned ? b.owned : from.owned, false, continues};
}

}  // namespace

Validation validate(ast::Body body, const Rules& rules, const SubstitutionList& initial) {
  Validation v;
  const ActionsUnused nothing_runs;
  std::deque<Work> work{{body, initial, {}, true, false}};
  while (!work.empty() && v.errors.size() < max_listed_errors) {
    const Work w = std::move(work.front());
    work.pop_front();
    Cursor c(w.body, w.substitutions, rules, Cursor::Mode::validate, w.owned);
    bool lookups_now = w.main;
    const auto check_the_rest_later = [&] {
      for (const auto& b : c.blocks_left()) work.push_back(work_of(b, w));
    };
    try {
      while (!c.at_end()) {
        const Word* word = c.peek();
        if (!word) {
          if (!rules.execline())  // execline: the block's words are the command line
            v.errors.emplace_back(exit_code::usage, c.where(), "", "a block where a command was expected");
          break;
        }
        if (!word->known) throw Uncertain{};  // the command itself comes at run time
        const Builtin* b = find_builtin(word->text);
        if (!b) break;  // the program: the rest is its argv
        const Word name = c.take_word();
        Invocation invocation = parse_invocation(c, *b);
        if (b->needs_program_in(rules) && c.at_end() && !w.continues)
          throw Failure(exit_code::usage, name.at, std::string(b->name), "no program to execute after it");
        if (invocation.binds) c.substitute(std::move(*invocation.binds));
        if (lookups_now && invocation.resolve)
          v.lookups.push_back([at = name.at, builtin = std::string(b->name),
                               resolve = std::move(invocation.resolve)](Context& ctx) {
            ctx.at = at;
            ctx.builtin = builtin;
            resolve(ctx);
          });
        if (b->has(changes_root)) lookups_now = false;
      }
    } catch (const Failure& f) {
      v.errors.push_back(f);
      check_the_rest_later();  // the bad invocation's extent is unknown
    } catch (const Uncertain&) {
      check_the_rest_later();
    }
    for (const auto& chain : c.chains_taken()) work.push_back(work_of(chain.block, w, chain.continues));
  }
  std::stable_sort(v.errors.begin(), v.errors.end(), [](const Failure& a, const Failure& b) {
    return a.at.line != b.at.line ? a.at.line < b.at.line : a.at.column < b.at.column;
  });
  if (v.errors.size() > max_listed_errors) v.errors.erase(v.errors.begin() + max_listed_errors, v.errors.end());
  return v;
}

}  // namespace chainscript
