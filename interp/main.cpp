// chainscript's command line: read the script, parse it all, validate it all,
// then run the chain (or print the plan, or trace it).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>

#include "builtins/builtin.hpp"
#include "grammar/dialects.hpp"
#include "grammar/syntax_error.hpp"
#include "interpreter.hpp"
#include "port.hpp"
#include "real_system.hpp"

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
    "      --port          print the script in the native dialect (from execline or nosh)\n"
    "      --push-positionals  execlineb's default mode: $# $0 $1... in the environment\n"
    "      --format=F      text (default) or json, for -n and -x\n"
    "      --dialect=D     chainscript (default), execline or nosh\n"
    "  -c SCRIPT           run SCRIPT instead of a file\n"
    "      --list-builtins name and synopsis of every builtin, one a line\n"
    "      --help [NAME]   this text, or the usage of builtin NAME\n"
    "      --version       the version\n"
    "Exit codes: 100 usage or syntax error, 111 system call failed,\n"
    "126 program not executable, 127 program not found.\n";

struct Options {
  bool dry_run = false, trace = false, step = false, check = false, port = false;
  std::optional<ast::Positional> positional;  // execlineb's -p -P -S -s
  unsigned nmin = 0;
  int strict = -1;  // -q 0, -w 1, -W 2
  ReportFormat format = ReportFormat::text;
  std::optional<ast::Dialect> dialect;
  std::optional<std::string> inline_script;
  std::string file;
  std::vector<std::string> args;
};

[[noreturn]] void die_usage(const std::string& message) {
  std::cerr << "chainscript: " << message << "\n" << usage_text;
  std::exit(exit_code::usage);
}

void print_builtin_help(const Builtin& b) {
  std::cout << "usage: " << b.synopsis << "\n" << b.summary << "\n";
  if (!b.aliases.empty()) {
    std::cout << "aliases:";
    for (auto a : b.aliases) std::cout << " " << a;
    std::cout << "\n";
  }
}

// Options end at the file name (or -c's script); a first word with blanks in it
// is what a #! line passes as one word: it is split.
Options parse_command_line(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  // execlineb takes the word whole ("-S 1" is an error); a word with a long
  // option in it (a ported script's "-W --push-positionals") is split.
  if (!words.empty() && words[0].starts_with("-") && words[0].find_first_of(" \t") != std::string::npos &&
      (words[0].find(" --") != std::string::npos || words[0].starts_with("--"))) {
    std::vector<std::string> split;
    size_t p = 0;
    const std::string first = words[0];
    while ((p = first.find_first_not_of(" \t", p)) != std::string::npos) {
      const auto e = first.find_first_of(" \t", p);
      split.push_back(first.substr(p, e == std::string::npos ? e : e - p));
      p = e;
    }
    words.erase(words.begin());
    words.insert(words.begin(), split.begin(), split.end());
  }
  Options o;
  size_t i = 0;
  const auto value_of = [&](const std::string& w, const std::string& name) -> std::string {
    if (w.size() > name.size() && w[name.size()] == '=') return w.substr(name.size() + 1);
    if (i + 1 >= words.size()) die_usage(name + " needs a value");
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
      else if (name == "--port") o.port = true;
      else if (name == "--push-positionals") o.positional = ast::Positional::push;
      else if (name == "--format") {
        const auto f = value_of(w, name);
        if (f != "text" && f != "json") die_usage("unknown format " + f);
        o.format = f == "json" ? ReportFormat::json : ReportFormat::text;
      } else if (name == "--dialect") {
        const auto d = value_of(w, name);
        o.dialect = dialect_by_name(d);
        if (!o.dialect) die_usage("unknown dialect " + d + " (chainscript, execline, nosh)");
      } else if (name == "--version") {
        std::cout << "chainscript " << CHAINSCRIPT_VERSION << "\n";
        std::exit(0);
      } else if (name == "--list-builtins") {
        for (const auto& b : builtins()) std::cout << b.name << "\t" << b.synopsis << "\n";
        std::exit(0);
      } else if (name == "--list-names") {  // every name and alias: what install links
        for (const auto& b : builtins()) {
          std::cout << b.name << "\n";
          for (auto a : b.aliases) std::cout << a << "\n";
        }
        std::exit(0);
      } else if (name == "--help") {
        if (i + 1 < words.size()) {
          const Builtin* b = find_builtin(words[i + 1]);
          if (!b) die_usage("no builtin named " + words[i + 1]);
          print_builtin_help(*b);
        } else {
          std::cout << usage_text;
        }
        std::exit(0);
      } else {
        die_usage("unknown option " + w);
      }
      continue;
    }
    for (size_t k = 1; k < w.size(); ++k) {
      switch (w[k]) {
        case 'n': o.dry_run = true; break;
        case 'x': o.trace = true; break;
        case 'c':
          if (k + 1 < w.size()) o.inline_script = w.substr(k + 1);
          else if (i + 1 < words.size()) o.inline_script = words[++i];
          else die_usage("-c needs a script");
          k = w.size();
          break;
        // execlineb's flags, as a #! line passes them (-P, -S0, -WS2, ...)
        case 'P': o.positional = ast::Positional::none; break;
        case 'p': o.positional = ast::Positional::no_push; break;
        case 'q': o.strict = 0; break;
        case 'w': o.strict = 1; break;
        case 'W': o.strict = 2; break;
        case 'e': break;  // execlineb's -e: accepted, nothing to do in-process
        case 'S':
        case 's': {
          o.positional = w[k] == 'S' ? ast::Positional::substitute
                                     : ast::Positional::substitute_shift;
          std::string n = w.substr(k + 1);
          if (n.empty() && i + 1 < words.size()) n = words[++i];
          if (n.empty() || n.size() > 6 || n.find_first_not_of("0123456789") != std::string::npos)
            die_usage(std::string("-") + w[k] + " needs a number");
          o.nmin = static_cast<unsigned>(std::stoul(n));
          k = w.size();
          break;
        }
        default: die_usage(std::string("unknown option -") + w[k]);
      }
    }
    if (o.inline_script) {
      ++i;
      break;
    }
  }
  if (!o.inline_script) {
    if (i >= words.size()) die_usage("no script given");
    o.file = words[i++];
  }
  o.args.assign(words.begin() + static_cast<std::ptrdiff_t>(i), words.end());
  return o;
}

std::string read_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::cerr << "chainscript: " << with_errno("unable to open " + path, errno) << "\n";
    std::exit(exit_code::system_call);
  }
  std::string text;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  ::close(fd);
  if (n < 0) {
    std::cerr << "chainscript: " << with_errno("unable to read " + path, errno) << "\n";
    std::exit(exit_code::system_call);
  }
  return text;
}

std::string source_line(std::string_view text, unsigned line) {
  size_t start = 0;
  for (unsigned l = 1; l < line && start != std::string_view::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos || start > text.size()) return {};
  const auto end = text.find('\n', start);
  return std::string(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
}

// What a #! line passes after the interpreter: one word, blanks trimmed.
std::string shebang_flags(std::string_view text) {
  if (!text.starts_with("#!")) return {};
  const std::string first = source_line(text, 1);
  const auto interp_end = first.find_first_of(" \t", first.find_first_not_of(" \t", 2));
  if (interp_end == std::string::npos) return {};
  const auto b = first.find_first_not_of(" \t\r", interp_end);
  const auto e = first.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : first.substr(b, e - b + 1);
}

// The message, then the source line and a caret under the column.
void print_with_source(const std::string& message, std::string_view text, const Location& at) {
  std::string out = message + "\n";
  const std::string line = source_line(text, at.line);
  if (!line.empty() || at.column == 1) {
    std::string caret;
    for (unsigned c = 1; c < at.column && c - 1 < line.size(); ++c) caret += line[c - 1] == '\t' ? '\t' : ' ';
    out += "  " + line + "\n  " + caret + "^\n";
  }
  std::cerr << out;
}

// execlineb -S nmin / -s nmin: $0 the script, $1... the arguments (empty up to
// nmin), $# their count, $@ all of them (-s: those after the first nmin).
Substitution positional(const std::string& name, const std::vector<std::string>& args, unsigned nmin, bool shift) {
  Substitution s;
  s.bindings.push_back({"0", {name}});
  const size_t n = std::max<size_t>(args.size(), nmin);
  for (size_t i = 0; i < n; ++i) s.bindings.push_back({std::to_string(i + 1), {i < args.size() ? args[i] : ""}});
  s.bindings.push_back({"#", {std::to_string(args.size())}});
  std::vector<std::string> rest = args;
  if (shift) rest.erase(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(nmin, rest.size())));
  s.bindings.push_back({"@", rest});
  return s;
}

bool is_positional_name(const std::string& k) {
  return k == "#" || (!k.empty() && k.find_first_not_of("0123456789") == std::string::npos);
}

// execlineb's default mode: positional parameters go into the environment, the
// caller's pushed down a level (# -> #:1 -> #:2 ...) unless -p.
void set_positional_environment(Env& env, const std::string& name, const std::vector<std::string>& args, bool push) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : env.vars())
    if (is_positional_name(k)) keys.push_back(k);
  if (push) {
    for (const auto& k : keys) {
      unsigned depth = 1;
      while (env.get(k + ":" + std::to_string(depth))) ++depth;
      for (unsigned d = depth; d > 1; --d) env.set(k + ":" + std::to_string(d), *env.get(k + ":" + std::to_string(d - 1)));
      env.set(k + ":1", *env.get(k));
    }
  }
  for (const auto& k : keys) env.unset(k);
  env.set("#", std::to_string(args.size()));
  env.set("0", name);
  for (size_t i = 0; i < args.size(); ++i) env.set(std::to_string(i + 1), args[i]);
}

// Multi-call: invoked as a builtin's name, argv is the chain (blocks encoded
// the execline way, as execline's own tools take them).
int run_as_builtin(const Builtin& b, int argc, char** argv) {
  std::vector<std::string> words(argv, argv + argc);
  words[0] = std::string(b.name);
  if (argc == 2 && words[1] == "--help") {
    print_builtin_help(b);
    return 0;
  }
  const Location at{std::make_shared<const std::string>(words[0]), 1, 1};
  const auto body = decode_argv(words, at);
  for (const auto& f : validate(body)) {
    print_failure(f);
    return f.code;
  }
  auto system = make_real_system();
  Context ctx;
  ctx.system = system.get();
  ctx.env = Env::from_process();
  Cursor cursor(body, {});
  try {
    return run_chain(cursor, ctx);
  } catch (const Failure& f) {
    print_failure(f);
    return f.code;
  }
}

int run(int argc, char** argv) {
  if (argc > 0) {
    std::string_view self = argv[0];
    self = self.substr(self.rfind('/') + 1);
    if (self != "chainscript")
      if (const Builtin* b = find_builtin(self)) return run_as_builtin(*b, argc, argv);
  }
  Options o = parse_command_line(argc, argv);
  const std::string text = o.inline_script ? *o.inline_script : read_file(o.file);
  const std::string name = o.inline_script ? "-c" : o.file;
  // $0: the script, or with -c the invocation name, as execlineb sets it.
  const std::string dollar0 = o.inline_script ? std::string(argc > 0 ? argv[0] : "chainscript") : o.file;
  const ast::Dialect dialect = o.dialect ? *o.dialect : dialect_of_first_line(text).value_or(ast::Dialect::chainscript);
  // A file whose first line names execlineb gives execlineb's flags there,
  // unless the command line gave some (as the kernel does for #! files).
  if (!o.inline_script && dialect_of_first_line(text) == ast::Dialect::execline && !o.positional && o.strict < 0) {
    const std::string flags = shebang_flags(text);
    if (!flags.empty()) {
      std::string self = "chainscript", file = o.file;
      std::string word = flags;
      char* synthetic[] = {self.data(), word.data(), file.data(), nullptr};
      const Options from_line = parse_command_line(3, synthetic);
      o.positional = from_line.positional;
      o.nmin = from_line.nmin;
      o.strict = from_line.strict;
    }
  }

  Cursor::execline_rules = dialect == ast::Dialect::execline;
  Cursor::nosh_rules = dialect == ast::Dialect::nosh;
  ast::Script script;
  try {
    script = parse_script(text, name, dialect);
  } catch (const SyntaxErrors& e) {
    for (const auto& err : e.errors)
      print_with_source("chainscript: " + to_string(err.at) + ": syntax error: " + err.message, text, err.at);
    // Ported, a script that does not parse is one that runs nothing and exits 100.
    if (o.port) std::cout << "#!/usr/bin/chainscript -P\n# ported from " << name << ", which does not parse\nexit 100\n";
    return exit_code::usage;
  }
  if (o.port) {
    // The flags the script's own #! line gives (execlineb -P, -S1...).
    std::vector<PortWarning> warnings;
    std::cout << port_script(script, shebang_flags(text), warnings);
    for (const auto& w : warnings) std::cerr << "chainscript: " << to_string(w.at) << ": warning: " << w.message << "\n";
    return 0;
  }
  // execline reports a usage error when the command runs (a bad command inside a
  // foreground block fails the child only): the execline dialect keeps that,
  // except under --check and -n, which refuse a bad script before anything.
  const auto errors = dialect == ast::Dialect::execline && !o.check && !o.dry_run ? std::vector<Failure>{}
                                                                                 : validate(script.body);
  for (const auto& f : errors) print_with_source(f.render(), text, f.at);
  if (!errors.empty()) return exit_code::usage;
  if (o.check) return 0;

  std::unique_ptr<System> system = o.dry_run ? make_dry_system(o.format)
                                   : o.trace ? make_trace_system(o.format)
                                             : make_real_system();
  Context ctx;
  ctx.system = system.get();
  ctx.env = Env::from_process();
  ctx.dialect = dialect;
  if (o.step) {
    ctx.step = [&text](const Location& at, std::string_view builtin) {
      static bool ask = true;
      if (!ask) return true;
      const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
      if (tty < 0) return true;
      const std::string prompt = to_string(at) + ": " + std::string(builtin) + "\n  " + source_line(text, at.line) +
                                 "\n[r]un, [s]kip, [c]ontinue without asking, [q]uit? ";
      char answer = 'r';
      for (;;) {
        (void)!::write(tty, prompt.data(), prompt.size());
        char buf[64];
        const ssize_t n = ::read(tty, buf, sizeof buf);
        answer = n > 0 ? buf[0] : 'q';
        if (answer == '\n') answer = 'r';
        if (std::strchr("rscq", answer)) break;
      }
      ::close(tty);
      if (answer == 'q') throw Failure(1, at, std::string(builtin), "stopped at the user's request");
      if (answer == 'c') ask = false;
      return answer != 's';
    };
  }
  using ast::Positional;
  const Positional mode = o.positional.value_or(dialect == ast::Dialect::execline ? Positional::push : Positional::substitute);
  if (o.strict == 0) ctx.env.unset("EXECLINE_STRICT");
  if (o.strict > 0) ctx.env.set("EXECLINE_STRICT", std::to_string(o.strict));
  if (const std::string* strict = ctx.env.get("EXECLINE_STRICT"); strict && !strict->empty())
    Cursor::execline_strict = std::atoi(strict->c_str());
  SubstitutionList substitutions;
  if (mode == Positional::substitute || mode == Positional::substitute_shift) {
    if (o.args.size() < o.nmin) {
      const std::string* strict = ctx.env.get("EXECLINE_STRICT");
      const std::string msg = "too few arguments: expecting at least " + std::to_string(o.nmin) + " but got " +
                              std::to_string(o.args.size());
      if (strict && *strict == "2") {
        std::cerr << "chainscript: " << name << ": " << msg << "\n";
        return exit_code::usage;
      }
      if (!strict || *strict != "0") std::cerr << "chainscript: warning: " << msg << "\n";
    }
    substitutions = substitutions.with(positional(dollar0, o.args, o.nmin, mode == Positional::substitute_shift));
  } else if (mode == Positional::push || mode == Positional::no_push) {
    set_positional_environment(ctx.env, dollar0, o.args, mode == Positional::push);
  }
  Cursor cursor(script.body, substitutions);
  try {
    const int code = run_chain(cursor, ctx);
    std::fflush(nullptr);
    return code;
  } catch (const Failure& f) {
    std::fflush(nullptr);
    print_failure(f);
    return f.code;
  } catch (const DryExec&) {
    std::fflush(nullptr);
    return 0;
  }
}

}  // namespace
}  // namespace chainscript

int main(int argc, char** argv) { return chainscript::run(argc, argv); }
