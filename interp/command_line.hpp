// chainscript's command line, and the flags a script's #! line gives.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "grammar/rules.hpp"
#include "interp/system.hpp"

namespace chainscript {

struct Options {
  bool dry_run = false, trace = false, step = false, check = false, parse = false, port = false, failures_exit_1 = false,
       nosh_tools = false;
  std::optional<Positional> positional;  // execlineb's -p -P -S -s, --push-positionals
  unsigned nmin = 0;
  int strict = -1;  // -q 0, -w 1, -W 2
  ReportFormat format = ReportFormat::text;
  std::optional<Dialect> dialect;
  std::optional<std::string> inline_script;
  std::string file;
  std::vector<std::string> args;
};

// Exits at once for --help, --version, --list-builtins, --list-names, and
// with 100 for a usage error.
Options parse_command_line(int argc, char** argv);

// What a #! line passes after the interpreter: one word, blanks trimmed, and
// the column it starts at.
struct ShebangFlags {
  std::string word;
  unsigned column = 0;
};
ShebangFlags shebang_flags(std::string_view text);

// The rules the script runs under: the dialect from --dialect or the first
// line; execlineb's flags from the command line, else from the #! line of a
// script that names execlineb (as the kernel passes them). A bad flag on the
// #! line fails (100) naming FILE:1:COL.
Rules settle_rules(Options& o, std::string_view text, const std::string& name);

}  // namespace chainscript
