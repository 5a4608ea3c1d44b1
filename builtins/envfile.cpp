// envfile [ -i | -I ] file prog...: KEY = VALUE lines into the environment
// (systemd's EnvironmentFile format, mostly). Exit 1 for a syntax error in file.
#include <fcntl.h>

#include <algorithm>
#include <cctype>

#include "builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace {

// Each returns nullopt with `why` set on a syntax error.
using Assignments = std::vector<std::pair<std::string, std::string>>;

// envfile's format, as execline reads it: KEY = VALUE lines; the key has no
// blanks; the value runs to the end of the line (# included), made of plain
// characters, "..." parts with C escapes, and \\ for a backslash; blanks
// around it are dropped, but those after a backslash-newline are kept.
std::optional<Assignments> parse_envfile(const std::string& text, std::string& why) {
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
          value += static_cast<char>(std::stoi(line.substr(v + 1, len), nullptr, 16));
          v += len;
        } else if (e >= '0' && e <= '7') {
          size_t len = 1;
          while (len < 3 && v + len < line.size() && line[v + len] >= '0' && line[v + len] <= '7') ++len;
          value += static_cast<char>(std::stoi(line.substr(v, len), nullptr, 8));
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

// read-conf's format (nosh's manual): NAME=value words lexed as nosh lexes a
// script: '...' literal; in "..." and unquoted, a backslash makes the next
// character literal and a backslash-newline disappears; whitespace between
// words; # at the start of a word comments to the end of the line.
std::optional<Assignments> parse_shell_assignments(const std::string& t, std::string& why) {
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
    bool quoted_before_equals = false, has_equals = false;
    size_t equals = 0;
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
        quoted_before_equals |= !has_equals;
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
        quoted_before_equals |= !has_equals;
        ++i;
      } else if (c == '\\') {
        if (i + 1 < t.size() && t[i + 1] != '\n') word += t[i + 1];
        line += i + 1 < t.size() && t[i + 1] == '\n';
        i += 2;
      } else {
        if (c == '=' && !has_equals) has_equals = true, equals = word.size();
        word += c;
        ++i;
      }
    }
    const std::string name = word.substr(0, equals);
    if (!has_equals || quoted_before_equals || name.empty() ||
        name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos ||
        std::isdigit(static_cast<unsigned char>(name[0]))) {
      why = "line " + std::to_string(start_line) + ": not a NAME=value assignment: " + word;
      return std::nullopt;
    }
    out.emplace_back(name, word.substr(equals + 1));
  }
  return out;
}

Action env_from_file(const std::string& file, bool loose, bool shell_quotes) {
  return [=](Context& ctx, Cursor&) -> Flow {
    std::optional<std::string> text;
    if (file == "-") {
      text = read_stdin(ctx);
    } else {
      const int fd = ctx.system->open(file, O_RDONLY, 0);
      if (fd < 0) {
        if (loose && errno == ENOENT) return {};
        ctx.fail_errno(exit_code::system_call, "unable to open " + file);
      }
      text = ctx.system->read_all(fd);
      if (!text) ctx.fail_errno(exit_code::system_call, "unable to read " + file);
    }
    std::string why;
    const auto pairs = shell_quotes ? parse_shell_assignments(*text, why) : parse_envfile(*text, why);
    if (!pairs) ctx.fail(1, "syntax error in " + file + ": " + why);
    for (const auto& [k, v] : *pairs) ctx.setenv(k, v);
    return {};
  };
}

}  // namespace

Action parse_envfile(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'i', ""}, {'I', ""}};
  bool loose = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) loose = o.key == 'I';
  return env_from_file(take_arg(c, b, "FILE").text, loose, false);
}

// nosh's read-conf [--oknofile] file: VAR=value lines, shell quoting.
Action parse_read_conf(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'o', "oknofile", false, false}};
  const bool loose = !parse_options(c, b, specs, OptionStyle::gnu).empty();
  return env_from_file(take_arg(c, b, "FILE").text, loose, true);
}

}  // namespace chainscript
