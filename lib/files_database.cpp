#include "files_database.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "lib/lists.hpp"
#include "lib/numbers.hpp"

namespace chainscript::files_database {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A line that is a comment or blank: nss_files passes over it.
bool ignored(std::string_view line) {
  const std::string_view t = trim(line);
  return t.empty() || t.front() == '#';
}

// A uid or gid: decimal digits only, below (id_t)-1 (which means "none").
std::optional<unsigned> id_number(std::string_view s) {
  const auto n = decimal_number(s, 0xfffffffe);
  return n ? std::optional<unsigned>(static_cast<unsigned>(*n)) : std::nullopt;
}

std::string_view name_field(std::string_view line) { return line.substr(0, line.find(':')); }

}  // namespace

std::optional<std::vector<std::string>> sources(std::string_view text, std::string_view database) {
  for (std::string_view line : Fields(text, '\n')) {
    line = line.substr(0, line.find('#'));
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || trim(line.substr(0, colon)) != database) continue;
    std::vector<std::string> words;
    std::string_view rest = line.substr(colon + 1);
    while (!(rest = trim(rest)).empty()) {
      // An action list may hold blanks: "[ NOTFOUND = return ]" is one word.
      const size_t end = rest.front() == '[' ? rest.find(']') : rest.find_first_of(" \t");
      const size_t n = end == std::string_view::npos ? rest.size() : (rest.front() == '[' ? end + 1 : end);
      words.emplace_back(rest.substr(0, n));
      rest.remove_prefix(n);
    }
    return words;
  }
  return std::nullopt;
}

bool files_answer_first(const std::vector<std::string>& s) {
  return !s.empty() && s[0] == "files" && (s.size() == 1 || s[1].front() != '[');
}

bool files_only(const std::vector<std::string>& s) { return s.size() == 1 && s[0] == "files"; }

std::optional<Passwd> parse_passwd_line(std::string_view line) {
  const auto f = split_list(line, ':');
  if (f.size() != 7 || f[0].empty()) return std::nullopt;
  const auto uid = id_number(f[2]), gid = id_number(f[3]);
  if (!uid || !gid) return std::nullopt;
  return Passwd{std::string(f[0]), *uid, *gid, std::string(f[5])};
}

std::optional<Group> parse_group_line(std::string_view line) {
  const auto f = split_list(line, ':');
  if (f.size() != 4 || f[0].empty()) return std::nullopt;
  const auto gid = id_number(f[2]);
  if (!gid) return std::nullopt;
  Group g{std::string(f[0]), *gid, {}};
  for (const std::string_view m : split_list(f[3], ','))
    if (!m.empty()) g.members.emplace_back(m);
  return g;
}

namespace {

template <class Entry, class Parse>
Scan find(std::string_view text, std::string_view name, Entry& out, Parse parse) {
  if (name.empty() || name.find_first_of(":\n") != std::string_view::npos) return Scan::unsure;
  for (const std::string_view line : Fields(text, '\n')) {
    if (ignored(line) || name_field(line) != name) continue;
    auto e = parse(line);
    if (!e) return Scan::unsure;
    out = std::move(*e);
    return Scan::found;
  }
  return Scan::absent;
}

}  // namespace

Scan find_passwd(std::string_view text, std::string_view name, Passwd& out) {
  return find(text, name, out, parse_passwd_line);
}

Scan find_group(std::string_view text, std::string_view name, Group& out) {
  return find(text, name, out, parse_group_line);
}

std::optional<std::vector<Group>> all_groups(std::string_view text) {
  std::vector<Group> out;
  for (const std::string_view line : Fields(text, '\n')) {
    if (ignored(line)) continue;
    auto g = parse_group_line(line);
    if (!g) return std::nullopt;
    out.push_back(std::move(*g));
  }
  return out;
}

std::optional<std::string> read_small_file(const char* path) {
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> text(std::in_place);
  char buf[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) text.reset();
    if (n <= 0) break;
    text->append(buf, static_cast<size_t>(n));
    // These are regular files: a read shorter than asked was the last (one
    // system call fewer than reading until 0).
    if (static_cast<size_t>(n) < sizeof buf) break;
  }
  ::close(fd);
  return text;
}

}  // namespace chainscript::files_database
