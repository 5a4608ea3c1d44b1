// The one shape of every message chainscript writes on stderr:
//   chainscript: FILE:LINE:COL: BUILTIN: message
//   chainscript: FILE:LINE:COL: BUILTIN: warning: message
// (the place and the builtin left out when there is none), and the excerpt
// of the source shown under an error, bounded whatever the line's length.
#pragma once
#include <string>
#include <string_view>

#include "location.hpp"

namespace chainscript {

std::string format_message(const Location& at, std::string_view builtin, std::string_view message);
std::string format_warning(const Location& at, std::string_view builtin, std::string_view message);

// The script's line at.line, cut to at most excerpt_width characters around
// at.column, and a caret under the column: two lines, each indented by two
// blanks and ended by a newline; "" when the line is not in text.
inline constexpr size_t excerpt_width = 200;
std::string source_excerpt(std::string_view text, const Location& at);

// Writes all of text on fd (stdout, stderr), retrying short writes; gives up
// on an error. (Not iostream: its static set-up costs every start.)
void write_all(int fd, std::string_view text);

// The at.line'th line of text, whole ("" past the end).
std::string_view source_line(std::string_view text, unsigned line);

}  // namespace chainscript
