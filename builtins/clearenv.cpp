// clearenv [ --keep-path ] [ --keep-user ] [ --keep-shell ] [ --keep-term ]
// [ --keep-locale ] prog... (nosh): empties the environment but for the kept
// families of variables.
#include <span>

#include "builtins/builtin.hpp"

namespace chainscript {

namespace clearenv_parts {

constexpr OptionSpec options[] = {
    {'p', "keep-path", "", "keep PATH and LD_LIBRARY_PATH"},
    {'h', "keep-user", "", "keep HOME, USER and LOGNAME"},
    {'s', "keep-shell", "", "keep SHELL"},
    {'t', "keep-term", "", "keep TERM, COLORTERM, XTERM_VERSION, VTE_VERSION and TTY"},
    {'l', "keep-locale", "", "keep LANG and the C library's LC_ variables"},
};

// The families, as nosh's manual lists them.
constexpr std::string_view path[] = {"PATH", "LD_LIBRARY_PATH"};
constexpr std::string_view user[] = {"HOME", "USER", "LOGNAME"};
constexpr std::string_view shell[] = {"SHELL"};
constexpr std::string_view term[] = {"TERM", "COLORTERM", "XTERM_VERSION", "VTE_VERSION", "TTY"};
constexpr std::string_view locale[] = {"LANG",        "LC_ALL",      "LC_COLLATE", "LC_CTYPE",
                                       "LC_MESSAGES", "LC_MONETARY", "LC_NUMERIC", "LC_TIME"};

std::span<const std::string_view> family(char key) {
  switch (key) {
    case 'p': return path;
    case 'h': return user;
    case 's': return shell;
    case 't': return term;
    default: return locale;
  }
}

Invocation parse(Cursor& c, const Builtin& b) {
  std::vector<std::string_view> keep;
  for (const auto& o : parse_options(c, b))
    for (auto name : family(o.key)) keep.push_back(name);
  return [=](Context& ctx, Cursor&) -> Flow {
    std::vector<std::pair<std::string, std::string>> kept;
    for (auto name : keep)
      if (const auto v = ctx.env.get(std::string(name))) kept.emplace_back(name, *v);
    ctx.clearenv();
    for (const auto& [name, value] : kept) ctx.setenv(name, value);
    return {};
  };
}

}  // namespace clearenv_parts

extern const Builtin clearenv_builtin{
    .name = "clearenv",
    .summary = "empty the environment",
    .style = OptionStyle::gnu,
    .options = clearenv_parts::options,
    .operands = "prog...",
    .facts = needs_program,
    .parse = clearenv_parts::parse,
};

}  // namespace chainscript
