// How a word is written in the native dialect: shared by the plan and trace
// (so what they show can be pasted back) and by --port.
#pragma once
#include <string>
#include <string_view>

namespace chainscript {

// "..." with C escapes; with literal_dollar, $ is written \$ (never substituted).
std::string native_double_quoted(std::string_view s, bool literal_dollar);

}  // namespace chainscript
