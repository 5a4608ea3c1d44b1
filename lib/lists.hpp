// Separated lists (comma lists of groups, of exit codes, of names; colon
// lists of names and paths), split and joined in one place.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace chainscript {

// The fields between separators: "a,,b" is {"a", "", "b"}, "" is {""}.
std::vector<std::string_view> split_list(std::string_view text, char separator);
// The words between runs of blanks (spaces and tabs): "  a\tb " is {"a", "b"}.
std::vector<std::string_view> split_blanks(std::string_view text);

template <typename Range, typename Show>
std::string join_list(const Range& items, char separator, Show show) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += separator;
    out += show(item);
    first = false;
  }
  return out;
}

inline std::string join_list(const std::vector<std::string>& items, char separator) {
  return join_list(items, separator, [](const std::string& s) -> const std::string& { return s; });
}

}  // namespace chainscript
