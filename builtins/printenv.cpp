// printenv [ --print0 | --envdir | --conf ] [ --full ] [ variable... ]
// (nosh): prints the environment the chain carries (NAME=value lines, or the
// named variables' values; --full adds their names; unset names are
// skipped), then ends the chain: 0, or 1 when a named variable is not set
// (as nosh 1.40's printenv and GNU's do). --envdir swaps LF and NUL (a file
// envdir reads back), --conf quotes as a shell or read-conf reads back.
#include <cctype>

#include "builtins/builtin.hpp"

namespace chainscript {

namespace printenv_parts {

constexpr OptionSpec options[] = {
    {'0', "print0", "", "end each with a NUL byte, not a newline"},
    {'\x01', "envdir", "", "swap LF and NUL in names and values (a file for envdir)"},
    {'\x02', "conf", "", "quote names and values as sh and read-conf read them"},
    {'f', "full", "", "print NAME=value for named variables too"},
};

// Which quotes --conf needs, as nosh 1.40's printenv decides: none for the
// portable filename characters and '/', double quotes for a NUL or for a
// single quote met before any other special character, else single quotes
// (an empty value included).
enum class Quotes { none, single, double_ };
Quotes quotes_for(std::string_view s) {
  if (s.empty()) return Quotes::single;
  Quotes q = Quotes::none;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80 && (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_')) continue;
    if (c == '\0') q = Quotes::double_;
    else if (c == '\'' && q == Quotes::none) q = Quotes::double_;
    else if (q == Quotes::none) q = Quotes::single;
  }
  return q;
}

std::string conf_quoted(std::string_view s) {
  switch (quotes_for(s)) {
    case Quotes::none: return std::string(s);
    case Quotes::single: {
      std::string out = "'";
      for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
      return out + "'";
    }
    case Quotes::double_: {
      std::string out = "\"";
      for (const char c : s) {
        if (c == '"' || c == '\\' || c == '$' || c == '`') out += '\\', out += c;
        else if (c == '\r' || c == '\n') out += "\"'", out += c, out += "'\"";  // outside the double quotes
        else out += c;
      }
      return out + "\"";
    }
  }
  return std::string(s);
}

std::string swapped_lf_and_nul(std::string s) {
  for (char& c : s) c = c == '\n' ? '\0' : c == '\0' ? '\n' : c;
  return s;
}

Invocation parse(Cursor& c, const Builtin& b) {
  bool print0 = false, envdir = false, conf = false, full = false;
  for (const auto& o : parse_options(c, b)) {
    print0 |= o.key == '0';
    envdir |= o.key == '\x01';
    conf |= o.key == '\x02';
    full |= o.key == 'f';
  }
  // --print0 beats --envdir, which beats --conf.
  const auto shown = [=](std::string_view view) {
    const std::string text(view);
    return print0 ? text : envdir ? swapped_lf_and_nul(text) : conf ? conf_quoted(text) : text;
  };
  std::vector<std::string> names;
  while (c.peek()) names.push_back(c.take_word().text);
  return [=](Context& ctx, Cursor&) -> Flow {
    const char end = print0 ? '\0' : '\n';
    std::string out;
    bool all_set = true;
    if (names.empty()) {
      for (const auto& [k, v] : ctx.env.vars()) out += shown(k) + "=" + shown(v) + end;
    } else {
      for (const auto& n : names) {
        const auto v = ctx.env.get(n);
        if (v) out += (full ? shown(n) + "=" : std::string()) + shown(*v) + end;
        all_set &= v.has_value();
      }
    }
    // nosh's printenv does not report a failed write; elsewhere it is 111.
    if (ctx.system->write_all(1, out) < 0 && !ctx.rules->nosh_tools())
      ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
    return all_set ? 0 : 1;
  };
}

}  // namespace printenv_parts

extern const Builtin printenv_builtin{
    .name = "printenv",
    .summary = "print the environment",
    .style = OptionStyle::gnu,
    .options = printenv_parts::options,
    .operands = "[ variable... ]",
    .parse = printenv_parts::parse,
};

}  // namespace chainscript
