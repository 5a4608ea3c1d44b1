// posix-umask [ -S ] [ mask ] [ prog... ]: an octal mask, or a symbolic one
// such as u=rwx,g=rx,o= (which says what to allow, as umask(1) does). With
// no mask it prints the mask (-S: symbolically) and exits 0.
#include <cstdio>

#include "builtins/builtin.hpp"
#include "lib/lists.hpp"

namespace chainscript {

namespace posix_umask_parts {

constexpr OptionSpec options[] = {
    {'S', "", "", "print the mask symbolically"},
};

// [ugoa]*[=+-][rwx]*, comma-separated, applied to what is allowed.
mode_t apply_symbolic(const std::string& spec, mode_t allowed) {
  for (const auto clause : split_list(spec, ',')) {
    const auto op = clause.find_first_of("=+-");
    if (op == std::string_view::npos) continue;
    std::string_view who = clause.substr(0, op);
    if (who.empty() || who.find('a') != std::string_view::npos) who = "ugo";
    mode_t who_bits = 0, perm = 0;
    for (char ch : who) who_bits |= ch == 'u' ? 0700 : ch == 'g' ? 070 : 07;
    for (char ch : clause.substr(op + 1)) perm |= ch == 'r' ? 0444 : ch == 'w' ? 0222 : 0111;
    perm &= who_bits;
    if (clause[op] == '=') allowed = (allowed & ~who_bits) | perm;
    if (clause[op] == '+') allowed |= perm;
    if (clause[op] == '-') allowed &= ~perm;
  }
  return allowed;
}

Invocation parse(Cursor& c, const Builtin& b) {
  const bool symbolic = !parse_options(c, b).empty();
  if (!c.peek()) {
    return [symbolic](Context& ctx, Cursor&) -> Flow {
      const mode_t mask = ctx.system->current_umask();
      std::string out;
      if (symbolic) {
        const mode_t allowed = ~mask & 0777;
        const char* who[] = {"u", "g", "o"};
        for (int i = 0; i < 3; ++i) {
          const unsigned bits = (allowed >> (6 - 3 * i)) & 7;
          out += std::string(i ? "," : "") + who[i] + "=" + (bits & 4 ? "r" : "") + (bits & 2 ? "w" : "") + (bits & 1 ? "x" : "");
        }
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mask));
        out = buf;
      }
      if (ctx.system->write_all(1, out + "\n") < 0) ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
      return 0;
    };
  }
  const Word w = take_arg(c, b, "MASK");
  if (!c.rules().execline() && c.at_end()) usage_error(w.at, b, "no program to execute after it");
  if (!w.known || w.text.find_first_not_of("01234567") == std::string::npos) {
    const mode_t mask = parse_octal(w, b, "MASK", 0777);
    return [mask](Context& ctx, Cursor&) -> Flow {
      ctx.system->umask(mask);
      return {};
    };
  }
  const std::string spec = w.text;
  if (spec.find_first_not_of("ugoa=+-rwx,") != std::string::npos) usage_error(w.at, b, "bad symbolic mask \"" + spec + "\"");
  return [spec](Context& ctx, Cursor&) -> Flow {
    ctx.system->umask(~apply_symbolic(spec, ~ctx.system->current_umask() & 0777) & 0777);
    return {};
  };
}

}  // namespace posix_umask_parts

extern const Builtin posix_umask_builtin{
    .name = "posix-umask",
    .summary = "set the umask, octal or symbolic (no mask: print it)",
    .options = posix_umask_parts::options,
    .operands = "[ mask ] [ prog... ]",
    .parse = posix_umask_parts::parse,
};

}  // namespace chainscript
