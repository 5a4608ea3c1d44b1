// posix-umask [ -S ] [ mask ] [ prog... ]: an octal mask, or a symbolic one
// such as u=rwx,g=rx,o= (which says what to allow, as umask(1) does). With
// no mask it prints the mask (-S: symbolically) and exits 0.
#include <cstdio>
#include <optional>

#include "builtins/builtin.hpp"
#include "lib/lists.hpp"

namespace chainscript {

namespace posix_umask_parts {

constexpr OptionSpec options[] = {
    {'S', "", "", "print the mask symbolically"},
};

// POSIX's symbolic mode, applied to what is allowed (the mask's complement):
// clauses [ugoa]* then actions, each an operator (= + -) and either
// permissions [rwxXst]* or one class to copy (u, g, o); clauses are
// separated by commas; a clause may be empty or have no action ("u", ",,"):
// it changes nothing. One reading is execlineb 2.9.3's, not POSIX's, and
// kept in the execline dialect only: "=" with no permissions changes nothing
// when classes are named ("g=" keeps g; "=" alone clears all). nullopt: not
// a mode.
std::optional<mode_t> apply_symbolic(std::string_view spec, mode_t allowed, bool execline) {
  size_t i = 0;
  const auto at = [&](std::string_view set) { return i < spec.size() && set.find(spec[i]) != std::string_view::npos; };
  while (i < spec.size()) {
    mode_t who = 0;
    bool named = false;
    for (; at("ugoa"); ++i) {
      named = true;
      who |= spec[i] == 'u' ? 0700 : spec[i] == 'g' ? 070 : spec[i] == 'o' ? 07 : 0777;
    }
    if (!named) who = 0777;
    while (at("=+-")) {
      const char op = spec[i++];
      mode_t perm = 0;
      bool any = false;
      if (at("ugo")) {  // a copy of one class's allowed bits, to every class
        const int shift = spec[i] == 'u' ? 6 : spec[i] == 'g' ? 3 : 0;
        const mode_t bits = (allowed >> shift) & 7;
        perm = bits << 6 | bits << 3 | bits;
        any = true;
        ++i;
      } else {
        for (; at("rwxXst"); ++i, any = true)
          perm |= spec[i] == 'r' ? 0444 : spec[i] == 'w' ? 0222 : (spec[i] == 'x' || spec[i] == 'X') ? 0111 : 0;
      }
      perm &= who;
      if (op == '+') allowed |= perm;
      if (op == '-') allowed &= ~perm;
      if (op == '=' && (any || !named || !execline)) allowed = (allowed & ~who) | perm;
    }
    if (i < spec.size() && spec[i++] != ',') return std::nullopt;
  }
  return allowed & 0777;
}

// execline's posix-umask fails with 1 on a mask it cannot read.
constexpr int bad_mode = 1;

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
  if (w.known && !w.text.empty() && w.text.find_first_not_of("01234567") == std::string::npos) {
    mode_t mask = 0;
    for (char ch : w.text) mask = ((mask << 3) | static_cast<mode_t>(ch - '0')) & 07777;  // as execline: only the low bits count
    return [mask](Context& ctx, Cursor&) -> Flow {
      ctx.system->umask(mask & 0777);
      return {};
    };
  }
  if (w.known && !apply_symbolic(w.text, 0, false))
    throw Failure(bad_mode, w.at, std::string(b.name), "invalid mode string \"" + w.text + "\"");
  const std::string spec = w.text;
  return [spec](Context& ctx, Cursor&) -> Flow {
    if (spec.empty()) return {};  // no mask: nothing changes (execline)
    const auto allowed = apply_symbolic(spec, ~ctx.system->current_umask() & 0777, ctx.rules->execline());
    if (!allowed) ctx.fail(bad_mode, "invalid mode string \"" + spec + "\"");
    ctx.system->umask(~*allowed & 0777);
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
