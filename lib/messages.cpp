#include "messages.hpp"

#include <unistd.h>

#include <cerrno>
#include <deque>

namespace chainscript {

const std::string* file_name(std::string name) {
  static std::deque<std::string> names;  // a deque never moves what it holds
  for (const auto& n : names)
    if (n == name) return &n;
  return &names.emplace_back(std::move(name));
}

void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text.remove_prefix(static_cast<size_t>(n));
  }
}

std::string to_string(const Location& at) {
  return (at.file ? *at.file : std::string("-")) + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

std::string format_message(const Location& at, std::string_view builtin, std::string_view message) {
  std::string s = "chainscript: ";
  if (at.file) s += to_string(at) + ": ";
  if (!builtin.empty()) s.append(builtin).append(": ");
  return s.append(message);
}

std::string format_warning(const Location& at, std::string_view builtin, std::string_view message) {
  return format_message(at, builtin, std::string("warning: ").append(message));
}

std::string_view source_line(std::string_view text, unsigned line) {
  size_t start = 0;
  for (unsigned l = 1; l < line; ++l) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  if (start > text.size()) return {};
  const auto end = text.find('\n', start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::string source_excerpt(std::string_view text, const Location& at) {
  std::string_view line = source_line(text, at.line);
  if (line.empty() && at.column != 1) return {};
  size_t column = at.column > 0 ? at.column - 1 : 0;
  if (column > line.size()) column = line.size();
  // A window of excerpt_width characters with the column in it.
  size_t from = column > excerpt_width / 2 ? column - excerpt_width / 2 : 0;
  if (line.size() > excerpt_width && from + excerpt_width > line.size()) from = line.size() - excerpt_width;
  if (line.size() <= excerpt_width) from = 0;
  const std::string_view shown = line.substr(from, excerpt_width);
  std::string caret;
  for (size_t c = from; c < column; ++c) caret += line[c] == '\t' ? '\t' : ' ';
  std::string out = "  ";
  if (from > 0) out += "...";
  out.append(shown);
  if (from + shown.size() < line.size()) out += "...";
  out += "\n  ";
  if (from > 0) out += "   ";
  return out + caret + "^\n";
}

}  // namespace chainscript
