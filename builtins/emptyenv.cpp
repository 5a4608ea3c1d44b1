// emptyenv [ -p | -c | -o | -P ] prog...: empties the environment (-p keeps
// PATH), or cleans it of execline's own variables (-c), or pops elgetopt's
// (-o) or the positional parameters' frame (-P).
#include <functional>

#include "builtins/positional_parameters.hpp"
#include "lib/names.hpp"

namespace chainscript {

namespace emptyenv_parts {

constexpr OptionSpec options[] = {
    {'p', "", "", "keep PATH"},
    {'c', "", "", "only remove execline's own variables (positionals, ELGETOPT_*, EXECLINE_*, FD*, !, ?...)"},
    {'o', "", "", "only remove the ELGETOPT_ variables"},
    {'P', "", "", "only pop the positional parameters' frame"},
};

void unset_where(Context& ctx, const std::function<bool(const std::string&)>& pred) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : ctx.env.vars())
    if (std::string key(k); pred(key)) keys.push_back(std::move(key));
  for (const auto& k : keys) ctx.unsetenv(k);
}

Invocation parse(Cursor& c, const Builtin& b) {
  bool keep_path = false, clean = false, pop_getopt = false, pop_positional = false;
  for (const auto& o : parse_options(c, b)) {
    keep_path |= o.key == 'p';
    clean |= o.key == 'c';
    pop_getopt |= o.key == 'o';
    pop_positional |= o.key == 'P';
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    if (clean) {
      unset_where(ctx, [](const std::string& k) {
        return is_positional_name(k) || k.starts_with("ELGETOPT_") || k.starts_with("EXECLINE_") || k.starts_with("FD") ||
               k == "!" || k == "?" || k == "@";
      });
    } else if (pop_getopt || pop_positional) {
      if (pop_positional) pop_positionals(ctx);
      // execlineb 2.9.3 keeps EXECLINE_* here, though its manual says -P pops them.
      if (pop_getopt) unset_where(ctx, [](const std::string& k) { return k.starts_with("ELGETOPT_"); });
    } else {
      unset_where(ctx, [&](const std::string& k) { return !(keep_path && k == "PATH"); });
    }
    return {};
  };
}

}  // namespace emptyenv_parts

extern const Builtin emptyenv_builtin{
    .name = "emptyenv",
    .summary = "empty or clean up the environment",
    .options = emptyenv_parts::options,
    .operands = "prog...",
    .facts = needs_program | execline_needs_program,
    .parse = emptyenv_parts::parse,
};

}  // namespace chainscript
