// multisubstitute { directive... } prog...: performs several substitutions
// (define, importas, elglob, elgetpositionals, multidefine) in one pass, so
// that no value is substituted into another.
#include "builtins/substitution_directives.hpp"

namespace chainscript {

namespace multisubstitute_parts {

// The directives of the block, each parsed by its own builtin.
std::vector<Directive> directives_of(const BlockRef& block, const Cursor& outer, const Builtin& self) {
  Cursor inner(block, outer.rules(), outer.mode());
  std::vector<Directive> out;
  while (!inner.at_end()) {
    const Word* w = inner.peek();
    if (!w) usage_error(inner.where(), self, "a block where a directive was expected");
    if (!w->known) throw Uncertain{};
    const Word name = inner.take_word();
    const Builtin* d = find_builtin(name.text);
    if (!d || !d->directive)
      usage_error(name.at, self,
                  "\"" + name.text + "\" is not a substitution directive (define, importas, elglob, elgetpositionals, multidefine)");
    out.push_back(d->directive(inner, *d));
  }
  return out;
}

Invocation parse(Cursor& c, const Builtin& b) {
  const BlockRef block = take_word_block(c, b, "SUBSTITUTIONS");
  std::vector<Binding> predicted;
  for (auto& d : directives_of(block, c, b)) {
    if (c.validating() && d.predicted.empty()) throw Uncertain{};  // known only when it runs
    for (auto& p : d.predicted) predicted.push_back(std::move(p));
  }
  Invocation i = [block, &b](Context& ctx, Cursor& rest) {
    std::vector<Binding> all;
    for (const auto& d : directives_of(block, rest, b))
      for (auto& bd : d.make(ctx)) {
        for (const auto& seen : all)
          if (seen.key == bd.key) ctx.fail(exit_code::usage, "the key " + bd.key + " is substituted twice");
        all.push_back(std::move(bd));
      }
    return substitute_now(ctx, rest, std::move(all));
  };
  i.binds = Substitution{std::move(predicted)};
  return i;
}

}  // namespace multisubstitute_parts

extern const Builtin multisubstitute_builtin{
    .name = "multisubstitute",
    .summary = "perform several substitutions in parallel",
    .operands = "{ directives... } prog...",
    .facts = execline_needs_program,
    .parse = multisubstitute_parts::parse,
};

}  // namespace chainscript
