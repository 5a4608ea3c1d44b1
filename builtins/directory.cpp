// cd / chdir DIR and umask MASK: the working directory and the file mode mask.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "builtin.hpp"

namespace chainscript {

Action parse_cd(Cursor& c, const Builtin& b) {
  const std::string dir = take_arg(c, b, "DIRECTORY").text;
  return [dir](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->chdir(dir) < 0) ctx.fail_errno(exit_code::system_call, "unable to chdir to " + dir);
    return {};
  };
}

Action parse_umask(Cursor& c, const Builtin& b) {
  const Word w = take_arg(c, b, "MASK");
  mode_t mask;
  if (Cursor::nosh_rules) {  // nosh: a number as C writes it (0 octal, 0x hex, else decimal)
    char* end = nullptr;
    errno = 0;
    const unsigned long v = w.text.empty() ? 0 : std::strtoul(w.text.c_str(), &end, 0);
    if (w.text.empty() || *end || errno || v > 07777 || w.text[0] == '-' || w.text[0] == '+')
      usage_error(w.at, b, "MASK must be a number, not \"" + w.text + "\"");
    mask = static_cast<mode_t>(v) & 0777;
  } else {  // execline takes any octal mode and keeps its permission bits
    mask = parse_octal(w, b, "MASK", 07777) & 0777;
  }
  return [mask](Context& ctx, Cursor&) -> Flow {
    ctx.system->umask(mask);
    return {};
  };
}

}  // namespace chainscript

namespace chainscript {

// posix-cd [ -L | -P ] dir: cd with POSIX's options; the kernel resolves
// symbolic links either way once chdir has been done.
Action parse_posix_cd(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'L', ""}, {'P', ""}};
  parse_options(c, b, specs, OptionStyle::clusters);
  return parse_cd(c, b);
}

// posix-umask [ -S ] [ mask ] [ prog... ]: an octal mask, or a symbolic one
// such as u=rwx,g=rx,o= (which says what to allow, as umask(1) does). With no
// mask it prints the mask (-S: symbolically) and exits 0.
Action parse_posix_umask(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'S', ""}};
  const bool symbolic = !parse_options(c, b, specs, OptionStyle::clusters).empty();
  if (!c.peek()) {
    return [symbolic](Context& ctx, Cursor&) -> Flow {
      const mode_t mask = ::umask(022);  // read it back: umask() is the only way
      ::umask(mask);
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
        std::snprintf(buf, sizeof buf, "%04o", mask);
        out = buf;
      }
      if (ctx.system->write_all(1, out + "\n") < 0) ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
      return 0;
    };
  }
  const Word w = take_arg(c, b, "MASK");
  if (w.text.find_first_not_of("01234567") == std::string::npos) {
    const mode_t mask = parse_octal(w, b, "MASK", 0777);
    return [mask](Context& ctx, Cursor&) -> Flow {
      ctx.system->umask(mask);
      return {};
    };
  }
  // symbolic: [ugoa]*[=+-][rwx]*, comma-separated
  const std::string spec = w.text;
  for (char ch : spec)
    if (std::string_view("ugoa=+-rwx,").find(ch) == std::string_view::npos)
      usage_error(w.at, b, "bad symbolic mask \"" + spec + "\"");
  return [spec](Context& ctx, Cursor&) -> Flow {
    const mode_t current = ctx.system->umask(022);
    mode_t allowed = ~current & 0777;
    size_t p = 0;
    while (p <= spec.size()) {
      const auto comma = spec.find(',', p);
      const std::string clause = spec.substr(p, comma == std::string::npos ? std::string::npos : comma - p);
      const auto op = clause.find_first_of("=+-");
      if (op != std::string::npos) {
        std::string who = clause.substr(0, op);
        if (who.empty() || who.find('a') != std::string::npos) who = "ugo";
        mode_t who_bits = 0, perm = 0;
        for (char ch : who) who_bits |= ch == 'u' ? 0700 : ch == 'g' ? 070 : 07;
        for (char ch : clause.substr(op + 1)) perm |= ch == 'r' ? 0444 : ch == 'w' ? 0222 : 0111;
        perm &= who_bits;
        if (clause[op] == '=') allowed = (allowed & ~who_bits) | perm;
        if (clause[op] == '+') allowed |= perm;
        if (clause[op] == '-') allowed &= ~perm;
      }
      if (comma == std::string::npos) break;
      p = comma + 1;
    }
    ctx.system->umask(~allowed & 0777);
    return {};
  };
}

}  // namespace chainscript
