// read-conf [ --oknofile ] file prog... (nosh): reads NAME=value assignments
// (shell-like quoting, as nosh's manual gives it) into the environment.
#include <algorithm>
#include <cctype>

#include "builtins/environment_file.hpp"
#include "lib/names.hpp"

namespace chainscript {

namespace read_conf_parts {

constexpr OptionSpec options[] = {
    {'\x01', "oknofile", "", "a missing file sets nothing"},
};

// read-conf's format (nosh's manual): NAME=value words lexed as nosh lexes a
// script: '...' literal; in "..." and unquoted, a backslash makes the next
// character literal and a backslash-newline disappears; whitespace between
// words; # at the start of a word comments to the end of the line. Each word,
// once read, is split at its first '=' into a name and a value.
std::optional<Assignments> parse_assignments(const std::string& t, std::string& why) {
  Assignments out;
  size_t i = 0;
  unsigned line = 1;
  const auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (i < t.size()) {
    if (blank(t[i])) {
      line += t[i++] == '\n';
      continue;
    }
    if (t[i] == '#') {
      while (i < t.size() && t[i] != '\n') ++i;
      continue;
    }
    const unsigned start_line = line;
    std::string word;
    while (i < t.size() && !blank(t[i])) {
      const char c = t[i];
      if (c == '\'') {
        const auto close = t.find('\'', i + 1);
        if (close == std::string::npos) {
          why = "line " + std::to_string(start_line) + ": unterminated quoted value";
          return std::nullopt;
        }
        line += static_cast<unsigned>(std::count(t.begin() + static_cast<long>(i), t.begin() + static_cast<long>(close), '\n'));
        word += t.substr(i + 1, close - i - 1);
        i = close + 1;
      } else if (c == '"') {
        ++i;
        for (;; ++i) {
          if (i >= t.size()) {
            why = "line " + std::to_string(start_line) + ": unterminated quoted value";
            return std::nullopt;
          }
          if (t[i] == '"') break;
          if (t[i] == '\\' && i + 1 < t.size()) {  // nosh: a backslash makes any next character literal
            if (t[++i] == '\n') {
              ++line;
              continue;
            }
          }
          line += t[i] == '\n';
          word += t[i];
        }
        ++i;
      } else if (c == '\\') {
        if (i + 1 < t.size() && t[i + 1] != '\n') word += t[i + 1];
        line += i + 1 < t.size() && t[i + 1] == '\n';
        i += 2;
      } else {
        word += c;
        ++i;
      }
    }
    // Split at the first '=', wherever it came from; a word without one sets
    // its name to the empty value. Names are not checked: nosh sets "a-b" or
    // "" (from "=v") as it reads them.
    const auto equals = word.find('=');
    out.emplace_back(word.substr(0, equals), equals == std::string::npos ? "" : word.substr(equals + 1));
  }
  return out;
}

Invocation parse(Cursor& c, const Builtin& b) {
  const bool loose = !parse_options(c, b).empty();
  const std::string file = take_arg(c, b, "FILE").text;
  return [=](Context& ctx, Cursor&) { return set_from_file(ctx, file, loose, parse_assignments); };
}

}  // namespace read_conf_parts

extern const Builtin read_conf_builtin{
    .name = "read-conf",
    .summary = "set variables from VAR=value lines",
    .style = OptionStyle::gnu,
    .options = read_conf_parts::options,
    .operands = "file prog...",
    .facts = needs_program,
    .parse = read_conf_parts::parse,
};

}  // namespace chainscript
