#include "validator.hpp"

#include <algorithm>

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

// A chain being checked: where it is, and whether its look-ups are made
// before the script's first effect (the main chain's, up to a change of root).
struct Frame {
  Work w;
  Cursor c;
  bool lookups_now;
  Frame(Work work, const Rules& rules)
      : w(std::move(work)), c(w.body, w.substitutions, rules, Cursor::Mode::validate, w.owned), lookups_now(w.main) {}
};

}  // namespace

Validation validate(ast::Body body, const Rules& rules, const SubstitutionList& initial) {
  Validation v;
  const ActionsUnused nothing_runs;
  // Depth first, without recursion: a block taken as a chain is checked
  // right after the builtin that took it, while its words are still in the
  // cache (checking the main chain first, then every block, read a long
  // script's blocks back from memory), and errors come in script order.
  // Past this many open frames, chains wait in a list instead (as every
  // block once did), so that the frames stay few however deep blocks nest
  // and whatever follows each block (a frame is some 400 bytes).
  constexpr size_t max_frames = 64;
  std::vector<Frame> stack;
  std::vector<Work> later;
  stack.emplace_back(Work{body, initial, {}, true, false}, rules);
  // One builtin of the chain on top; false when the chain ends there (its
  // program, or its end).
  const auto step = [&](Frame& f) {
    Cursor& c = f.c;
    if (c.at_end()) return false;
    const Word* word = c.peek();
    if (!word) {
      if (!rules.execline())  // execline: the block's words are the command line
        v.errors.emplace_back(exit_code::usage, c.where(), "", "a block where a command was expected");
      return false;
    }
    if (!word->known) throw Uncertain{};  // the command itself comes at run time
    const Builtin* b = find_builtin(word->text);
    if (!b) return false;  // the program: the rest is its argv
    const Word name = c.take_word();
    Invocation invocation = parse_invocation(c, *b);
    if (b->needs_program_in(rules) && c.at_end() && !f.w.continues)
      throw Failure(exit_code::usage, name.at, std::string(b->name), "no program to execute after it");
    if (invocation.binds) c.substitute(std::move(*invocation.binds));
    if (f.lookups_now && invocation.resolve)
      v.lookups.push_back([at = name.at, builtin = std::string(b->name),
                           resolve = std::move(invocation.resolve)](Context& ctx) {
        ctx.at = at;
        ctx.builtin = builtin;
        resolve(ctx);
      });
    if (b->has(changes_root)) f.lookups_now = false;
    return true;
  };
  std::vector<Work> next;  // chains to check next, the first on top
  while ((!stack.empty() || !later.empty()) && v.errors.size() < max_listed_errors) {
    if (stack.empty()) {
      stack.emplace_back(std::move(later.back()), rules);
      later.pop_back();
    }
    Frame& f = stack.back();
    bool goes_on = false;
    bool rest_unknown = false;  // the bad invocation's extent, or the chain past it, is unknown
    try {
      // (a chain at its end goes before the blocks it took: blocks nested
      // 10,000 deep then hold one frame, not one for each level)
      goes_on = step(f) && !f.c.at_end();
    } catch (const Failure& failure) {
      v.errors.push_back(failure);
      rest_unknown = true;
    } catch (const Uncertain&) {
      rest_unknown = true;
    }
    next.clear();
    if (rest_unknown) {  // its blocks from here on are checked in their turn
      const auto left = f.c.blocks_left();
      for (auto b = left.rbegin(); b != left.rend(); ++b) next.push_back(work_of(*b, f.w));
    }
    auto& taken = f.c.chains_taken();
    for (auto chain = taken.rbegin(); chain != taken.rend(); ++chain)
      next.push_back(work_of(chain->block, f.w, chain->continues));
    taken.clear();
    if (!goes_on) stack.pop_back();  // (f is gone)
    for (auto& w : next) {
      if (stack.size() < max_frames) stack.emplace_back(std::move(w), rules);
      else later.push_back(std::move(w));
    }
  }
  std::stable_sort(v.errors.begin(), v.errors.end(), [](const Failure& a, const Failure& b) {
    return a.at.line != b.at.line ? a.at.line < b.at.line : a.at.column < b.at.column;
  });
  if (v.errors.size() > max_listed_errors) v.errors.erase(v.errors.begin() + max_listed_errors, v.errors.end());
  return v;
}

}  // namespace chainscript
