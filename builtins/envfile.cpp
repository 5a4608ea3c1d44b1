// envfile [ -i | -I ] file prog...: reads KEY = VALUE lines (file "-":
// stdin) into the environment, as execline reads them. Exit 1 for a syntax
// error in the file.
#include <algorithm>
#include <cctype>

#include "builtins/environment_file.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

namespace envfile_parts {

constexpr OptionSpec options[] = {
    {'i', "", "", "a missing file is an error (the default)", 1},
    {'I', "", "", "a missing file sets nothing", 1},
};

// envfile's format, as execline reads it: KEY = VALUE lines; the key has no
// blanks; the value runs to the end of the line (# included), made of plain
// characters, "..." parts with C escapes, and \\ for a backslash; blanks
// around it are dropped, but those after a backslash-newline are kept.
std::optional<Assignments> parse_assignments(const std::string& text, std::string& why) {
  constexpr char joined = '\x1f';  // where a backslash-newline was
  std::vector<std::string> lines;
  std::string cur;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      const auto first = cur.find_first_not_of(" \t");
      const bool comment = first != std::string::npos && cur[first] == '#';
      size_t slashes = 0;
      while (slashes < cur.size() && cur[cur.size() - 1 - slashes] == '\\') ++slashes;
      if (!comment && slashes % 2 == 1 && i < text.size()) {
        cur.back() = joined;
        continue;
      }
      lines.push_back(cur);
      cur.clear();
      continue;
    }
    cur += text[i];
  }
  Assignments out;
  unsigned n = 0;
  for (const auto& line : lines) {
    ++n;
    const auto fail = [&](const std::string& what) {
      why = "line " + std::to_string(n) + ": " + what;
      return std::nullopt;
    };
    size_t p = line.find_first_not_of(" \t\r");
    if (p == std::string::npos || line[p] == '#') continue;
    const auto eq = line.find('=', p);
    if (eq == std::string::npos) return fail("no =");
    std::string key = line.substr(p, eq - p);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
    if (key.empty() || key.find_first_of(" \t") != std::string::npos || key.find(joined) != std::string::npos)
      return fail("bad key \"" + key + "\"");
    size_t v = eq + 1;
    while (v < line.size() && (line[v] == ' ' || line[v] == '\t')) ++v;
    std::string value;
    size_t keep = 0;  // value's length up to its last quoted or kept character
    for (; v < line.size(); ++v) {
      const char ch = line[v];
      if (ch == joined) {
        keep = value.size();
        continue;
      }
      if (ch == '\\') {
        if (v + 1 < line.size() && line[v + 1] == '\\') {
          value += '\\';
          ++v;
          keep = value.size();
          continue;
        }
        return fail("bad backslash in an unquoted value");
      }
      if (ch != '"') {
        value += ch;
        if (ch != ' ' && ch != '\t' && ch != '\r') keep = value.size();
        continue;
      }
      for (++v;; ++v) {
        if (v >= line.size()) return fail("unterminated quoted value");
        const char q = line[v];
        if (q == '"') break;
        if (q == joined) continue;
        if (q != '\\' || v + 1 >= line.size()) {
          value += q;
          continue;
        }
        const char e = line[++v];
        static constexpr std::string_view from = "abtnvfr\\\"'", to = "\a\b\t\n\v\f\r\\\"'";
        if (from.find(e) != std::string_view::npos) {
          value += to[from.find(e)];
        } else if (e == 'x' && v + 1 < line.size() && std::isxdigit(static_cast<unsigned char>(line[v + 1]))) {
          const size_t len = 1 + (v + 2 < line.size() && std::isxdigit(static_cast<unsigned char>(line[v + 2])));
          value += static_cast<char>(hexadecimal_number(std::string_view(line).substr(v + 1, len), 0xff).value_or(0));
          v += len;
        } else if (e >= '0' && e <= '7') {
          size_t len = 1;
          while (len < 3 && v + len < line.size() && line[v + len] >= '0' && line[v + len] <= '7') ++len;
          value += static_cast<char>(octal_number(std::string_view(line).substr(v, len), 0777).value_or(0));
          v += len - 1;
        } else {
          value += e;
        }
      }
      keep = value.size();
    }
    value.resize(keep);
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

Invocation parse(Cursor& c, const Builtin& b) {
  bool loose = false;
  for (const auto& o : parse_options(c, b)) loose = o.key == 'I';
  const std::string file = take_arg(c, b, "FILE").text;
  return [=](Context& ctx, Cursor&) { return set_from_file(ctx, file, loose, parse_assignments); };
}

}  // namespace envfile_parts

extern const Builtin envfile_builtin{
    .name = "envfile",
    .summary = "read KEY=VALUE lines into the environment",
    .options = envfile_parts::options,
    .operands = "file prog...",
    .facts = needs_program | execline_needs_program,
    .parse = envfile_parts::parse,
};

}  // namespace chainscript
