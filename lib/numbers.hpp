// Numbers read from words, checked: each reader takes the whole text or
// nothing (no sign, no blanks, no overflow), so no builtin counts digits itself.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace chainscript {

using Number = unsigned long long;

// Only decimal digits, at least one (of whatever size).
bool all_decimal_digits(std::string_view text);

// Decimal digits only, at most max.
std::optional<Number> decimal_number(std::string_view text, Number max);
// Octal digits only, at most max.
std::optional<Number> octal_number(std::string_view text, Number max);
// Hexadecimal digits only (no 0x), at most max.
std::optional<Number> hexadecimal_number(std::string_view text, Number max);
// As C writes a number (strtoul's base 0): 0x hexadecimal, 0 octal, else
// decimal; nosh reads its numbers so.
std::optional<Number> c_number(std::string_view text, Number max);
// As C's strtoul and strtol read a whole word, base 0 (leading blanks, a
// sign, 0x or 0, saturating on overflow; strtoul negates a "-"): how nosh's
// option parser and its listeners read numbers. nullopt when nothing, or not
// all of the word, is read.
std::optional<unsigned long> c_library_unsigned(std::string_view text);
std::optional<long> c_library_signed(std::string_view text);

}  // namespace chainscript
