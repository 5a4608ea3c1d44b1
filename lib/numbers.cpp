#include "numbers.hpp"

#include <cstdlib>
#include <string>

namespace chainscript {

namespace {

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

std::optional<Number> in_base(std::string_view text, unsigned base, Number max) {
  if (text.empty()) return std::nullopt;
  Number v = 0;
  for (char c : text) {
    const int d = digit_value(c);
    if (d >= static_cast<int>(base)) return std::nullopt;
    if (v > (max - static_cast<Number>(d)) / base) return std::nullopt;  // v * base + d > max
    v = v * base + static_cast<Number>(d);
  }
  return v;
}

}  // namespace

bool all_decimal_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

std::optional<Number> decimal_number(std::string_view text, Number max) { return in_base(text, 10, max); }
std::optional<Number> octal_number(std::string_view text, Number max) { return in_base(text, 8, max); }
std::optional<Number> hexadecimal_number(std::string_view text, Number max) { return in_base(text, 16, max); }

std::optional<Number> c_number(std::string_view text, Number max) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) return in_base(text.substr(2), 16, max);
  if (text.size() > 1 && text[0] == '0') return in_base(text.substr(1), 8, max);
  return in_base(text, 10, max);
}

namespace {

template <typename T, T (*Read)(const char*, char**, int)>
std::optional<T> whole_word(std::string_view text) {
  const std::string s(text);  // NUL-terminated; a NUL inside ends the read early: not all of it
  char* end = nullptr;
  const T v = Read(s.c_str(), &end, 0);
  if (end == s.c_str() || end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<unsigned long> c_library_unsigned(std::string_view text) {
  return whole_word<unsigned long, std::strtoul>(text);
}

std::optional<long> c_library_signed(std::string_view text) { return whole_word<long, std::strtol>(text); }

}  // namespace chainscript
