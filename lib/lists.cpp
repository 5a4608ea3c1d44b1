#include "lists.hpp"

namespace chainscript {

std::vector<std::string_view> split_list(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  for (const std::string_view field : Fields(text, separator)) out.push_back(field);
  return out;
}

std::vector<std::string_view> split_blanks(std::string_view text) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto start = text.find_first_not_of(" \t");
    if (start == std::string_view::npos) return out;
    text.remove_prefix(start);
    const auto end = text.find_first_of(" \t");
    out.push_back(text.substr(0, end));
    if (end == std::string_view::npos) return out;
    text.remove_prefix(end);
  }
}

}  // namespace chainscript
