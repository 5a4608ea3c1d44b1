#include "quoting.hpp"

namespace chainscript {

std::string native_double_quoted(std::string_view s, bool literal_dollar) {
  std::string q = "\"";
  for (unsigned char ch : s) {
    switch (ch) {
      case '"': q += "\\\""; break;
      case '\\': q += "\\\\"; break;
      case '\n': q += "\\n"; break;
      case '\t': q += "\\t"; break;
      case '\r': q += "\\r"; break;
      case '$': q += literal_dollar ? "\\$" : "$"; break;
      default:
        if (ch < 0x20 || ch == 0x7f) {
          static const char* hex = "0123456789abcdef";
          q += "\\x";
          q += hex[ch >> 4];
          q += hex[ch & 15];
        } else {
          q += static_cast<char>(ch);
        }
    }
  }
  return q + "\"";
}

}  // namespace chainscript
