// How dry-run and trace show an effect: a line of text, or one JSON object.
#include <nlohmann/json.hpp>

#include "quoting.hpp"
#include "system.hpp"

namespace chainscript {

namespace {

// C-style quoting when a word would not read back as itself.
std::string quoted(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t\n\"'\\{}$#;") == std::string::npos) {
    bool printable = true;
    for (unsigned char c : s) printable = printable && c >= 0x20 && c != 0x7f;
    if (printable) return s;
  }
  return native_double_quoted(s, true);
}

}  // namespace

std::string render_effect(const Location& at, std::string_view builtin, const Effect& e, ReportFormat format,
                          unsigned depth) {
  if (format == ReportFormat::json) {
    nlohmann::ordered_json j;
    j["file"] = at.file ? *at.file : "";
    j["line"] = at.line;
    j["column"] = at.column;
    j["builtin"] = builtin;
    j["op"] = e.op;
    nlohmann::ordered_json args = nlohmann::ordered_json::object();
    for (const auto& [k, v] : e.args) args[k] = v;
    j["args"] = args;
    if (!e.argv.empty()) j["argv"] = e.argv;
    if (!e.result.empty()) j["result"] = e.result;
    j["depth"] = depth;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string s(2 * depth, ' ');
  if (at.file) s += to_string(at) + ": ";
  s += std::string(builtin) + ": " + e.op;
  for (const auto& [k, v] : e.args) s += " " + k + "=" + quoted(v);
  for (const auto& a : e.argv) s += " " + quoted(a);
  if (!e.result.empty()) s += " -> " + e.result;
  return s;
}

}  // namespace chainscript
