#include "command_line.hpp"

#include <cstdlib>

#include "builtins/builtin.hpp"
#include "grammar/dialects.hpp"
#include "lib/lists.hpp"
#include "lib/messages.hpp"
#include "lib/numbers.hpp"

#ifndef CHAINSCRIPT_VERSION
#define CHAINSCRIPT_VERSION "0.1.0"
#endif

namespace chainscript {

namespace {

constexpr const char* usage_text =
    "usage: chainscript [OPTIONS] FILE [ARGS...]\n"
    "       chainscript [OPTIONS] -c SCRIPT [ARGS...]\n"
    "Runs a chain-loading script: builtins run in this process, the first word that\n"
    "is not a builtin is executed with the rest of the script as its arguments.\n"
    "\n"
    "  -n, --dry-run       print the plan, every step with FILE:LINE:COL, do nothing\n"
    "  -x, --trace         run, and report every step on stderr as it happens\n"
    "      --step          ask on /dev/tty before each step: run, skip, continue, quit\n"
    "      --check         parse and validate the whole script, run nothing\n"
    "      --parse         print the syntax tree (words, pieces, blocks), run nothing\n"
    "      --port          print the script in the native dialect (from execline or nosh)\n"
    "      --push-positionals  execlineb's default mode: $# $0 $1... in the environment\n"
    "      --failures-exit-1   exit 1 where chainscript fails (100, 111, 126, 127), as nosh\n"
    "      --nosh-tools        builtins behave as nosh's tools where those differ when run\n"
    "      --format=F      text (default) or json, for -n, -x, --parse and --check\n"
    "      --dialect=D     chainscript (default), execline or nosh\n"
    "  -c SCRIPT           run SCRIPT instead of a file\n"
    "  -P -p -S n -s n -q -w -W   execlineb's positional and strictness flags\n"
    "      --list-builtins name and synopsis of every builtin, one a line\n"
    "      --help [NAME]   this text, or the usage of builtin NAME\n"
    "      --version       the version\n"
    "Exit codes: 100 usage or syntax error, 111 system call failed,\n"
    "126 program not executable, 127 program not found.\n";

// A usage error of the command line, or of a #! line at `at`.
struct BadFlag {
  std::string message;
};

[[noreturn]] void die_usage(const std::string& message) {
  write_all(2, "chainscript: " + message + "\n" + usage_text);
  std::exit(100);
}

// Parses words; throws BadFlag. Stops at the script's file (or -c's script).
Options parse_words(std::vector<std::string> words, bool from_shebang) {
  // execlineb takes a #! word whole ("-S 1" is an error); a word with a long
  // option in it (a ported script's "-W --push-positionals") is split.
  if (!words.empty() && words[0].starts_with("-") && words[0].find_first_of(" \t") != std::string::npos &&
      (words[0].find(" --") != std::string::npos || words[0].starts_with("--"))) {
    const std::string first = words[0];
    std::vector<std::string> split;
    for (const auto w : split_blanks(first)) split.emplace_back(w);
    words.erase(words.begin());
    words.insert(words.begin(), split.begin(), split.end());
  }
  Options o;
  size_t i = 0;
  const auto value_of = [&](const std::string& w, const std::string& name) -> std::string {
    if (w.size() > name.size() && w[name.size()] == '=') return w.substr(name.size() + 1);
    if (i + 1 >= words.size()) throw BadFlag{name + " needs a value"};
    return words[++i];
  };
  for (; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "--") {
      ++i;
      break;
    }
    if (w.size() < 2 || w[0] != '-') break;
    if (w.starts_with("--")) {
      const std::string name = w.substr(0, w.find('='));
      if (name == "--dry-run") o.dry_run = true;
      else if (name == "--trace") o.trace = true;
      else if (name == "--step") o.step = o.trace = true;
      else if (name == "--check") o.check = true;
      else if (name == "--parse") o.parse = true;
      else if (name == "--port") o.port = true;
      else if (name == "--push-positionals") o.positional = Positional::push;
      else if (name == "--failures-exit-1") o.failures_exit_1 = true;
      else if (name == "--nosh-tools") o.nosh_tools = true;
      else if (name == "--format") {
        const auto f = value_of(w, name);
        if (f != "text" && f != "json") throw BadFlag{"unknown format " + f};
        o.format = f == "json" ? ReportFormat::json : ReportFormat::text;
      } else if (name == "--dialect") {
        const auto d = value_of(w, name);
        o.dialect = dialect_by_name(d);
        if (!o.dialect) throw BadFlag{"unknown dialect " + d + " (chainscript, execline, nosh)"};
      } else if (from_shebang) {
        throw BadFlag{"unknown option " + w};
      } else if (name == "--version") {
        write_all(1, "chainscript " CHAINSCRIPT_VERSION "\n");
        std::exit(0);
      } else if (name == "--list-builtins") {
        for (const Builtin* b : builtins()) write_all(1, std::string(b->name) + "\t" + synopsis(*b) + "\n");
        std::exit(0);
      } else if (name == "--list-options") {  // every builtin's options: what the man page check reads
        for (const Builtin* b : builtins())
          for (const auto& spec : b->options) write_all(1, std::string(b->name) + "\t" + option_spelling(spec) + "\n");
        std::exit(0);
      } else if (name == "--list-names") {  // every name and alias: what install links
        for (const Builtin* b : builtins()) {
          write_all(1, std::string(b->name) + "\n");
          for (auto a : b->aliases) write_all(1, std::string(a) + "\n");
        }
        std::exit(0);
      } else if (name == "--help") {
        if (i + 1 < words.size()) {
          const Builtin* b = find_builtin(words[i + 1]);
          if (!b) throw BadFlag{"no builtin named " + words[i + 1]};
          write_all(1, help_text(*b));
        } else {
          write_all(1, usage_text);
        }
        std::exit(0);
      } else {
        throw BadFlag{"unknown option " + w};
      }
      continue;
    }
    for (size_t k = 1; k < w.size(); ++k) {
      switch (w[k]) {
        case 'n': o.dry_run = true; break;
        case 'x': o.trace = true; break;
        case 'c':
          if (from_shebang) throw BadFlag{"-c has no place on a #! line"};
          if (k + 1 < w.size()) o.inline_script = w.substr(k + 1);
          else if (i + 1 < words.size()) o.inline_script = words[++i];
          else throw BadFlag{"-c needs a script"};
          k = w.size();
          break;
        // execlineb's flags, as a #! line passes them (-P, -S0, -WS2, ...)
        case 'P': o.positional = Positional::none; break;
        case 'p': o.positional = Positional::no_push; break;
        case 'q': o.strict = 0; break;
        case 'w': o.strict = 1; break;
        case 'W': o.strict = 2; break;
        case 'e': break;  // execlineb's -e: accepted, nothing to do in-process
        case 'S':
        case 's': {
          o.positional = w[k] == 'S' ? Positional::substitute : Positional::substitute_shift;
          std::string n = w.substr(k + 1);
          if (n.empty() && i + 1 < words.size()) n = words[++i];
          const auto v = decimal_number(n, 999999);
          if (!v) throw BadFlag{std::string("-") + w[k] + " needs a number"};
          o.nmin = static_cast<unsigned>(*v);
          k = w.size();
          break;
        }
        default: throw BadFlag{std::string("unknown option -") + w[k]};
      }
    }
    if (o.inline_script) {
      ++i;
      break;
    }
  }
  if (!from_shebang) {
    if (!o.inline_script) {
      if (i >= words.size()) throw BadFlag{"no script given"};
      o.file = words[i++];
    }
    o.args.assign(words.begin() + static_cast<std::ptrdiff_t>(i), words.end());
  }
  return o;
}

}  // namespace

Options parse_command_line(int argc, char** argv) {
  try {
    return parse_words(std::vector<std::string>(argv + 1, argv + argc), false);
  } catch (const BadFlag& e) {
    die_usage(e.message);
  }
}

ShebangFlags shebang_flags(std::string_view text) {
  if (!text.starts_with("#!")) return {};
  const std::string_view first = source_line(text, 1);
  const auto interp_start = first.find_first_not_of(" \t", 2);
  const auto interp_end = interp_start == std::string_view::npos ? interp_start : first.find_first_of(" \t", interp_start);
  if (interp_end == std::string_view::npos) return {};
  const auto b = first.find_first_not_of(" \t\r", interp_end);
  const auto e = first.find_last_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return {std::string(first.substr(b, e - b + 1)), static_cast<unsigned>(b + 1)};
}

Rules settle_rules(Options& o, std::string_view text, const std::string& name) {
  Rules rules;
  const auto named = dialect_of_first_line(text);
  // A file whose first line names execlineb gives execlineb's flags there,
  // and one whose first line names chainscript (a script --port wrote, say:
  // "#!/usr/bin/chainscript -P --failures-exit-1 --nosh-tools") the flags that
  // say how it runs: as the kernel would pass them, so that `chainscript FILE`
  // runs it as `./FILE` does. What the command line gave wins (the kernel puts
  // the line's flags there: nothing is taken twice).
  const bool names_chainscript = interpreter_of_first_line(text) == "chainscript";
  if (!o.inline_script && (named == Dialect::execline || names_chainscript)) {
    const ShebangFlags flags = shebang_flags(text);
    if (!flags.word.empty()) {
      try {
        const Options from_line = parse_words({flags.word}, true);
        if (!o.positional && o.strict < 0) {
          o.positional = from_line.positional;
          o.nmin = from_line.nmin;
          o.strict = from_line.strict;
        }
        if (names_chainscript) {
          if (!o.dialect) o.dialect = from_line.dialect;
          o.failures_exit_1 = o.failures_exit_1 || from_line.failures_exit_1;
          o.nosh_tools = o.nosh_tools || from_line.nosh_tools;
        }
      } catch (const BadFlag& e) {
        const Location at{file_name(name), 1, flags.column};
        write_all(2, format_message(at, "", "bad flag on the #! line: " + e.message) + "\n" + source_excerpt(text, at));
        std::exit(100);
      }
    }
  }
  rules.dialect = o.dialect ? *o.dialect : named.value_or(Dialect::chainscript);
  rules.positional = o.positional.value_or(rules.execline() ? Positional::push : Positional::substitute);
  rules.nmin = o.nmin;
  rules.strict = o.strict;
  rules.failures_exit_1 = o.failures_exit_1;
  rules.nosh_tool_semantics = o.nosh_tools;
  if (rules.strict < 0)
    if (const char* env = std::getenv("EXECLINE_STRICT"); env && *env)
      rules.strict = static_cast<int>(decimal_number(env, 999999).value_or(0));
  return rules;
}

}  // namespace chainscript
