// chainscript: read the script, settle its rules, parse it all, validate it
// all and make its look-ups, then run the chain (or print the plan, or trace
// it). Nothing is done before every check has passed.
#include <fcntl.h>
#include <unistd.h>


#include "builtins/builtin.hpp"
#include "grammar/dialects.hpp"
#include "grammar/syntax_error.hpp"
#include "interp/command_line.hpp"
#include "interp/interpreter.hpp"
#include "interp/lookups.hpp"
#include "interp/multicall.hpp"
#include "interp/port.hpp"
#include "interp/script_arguments.hpp"
#include "interp/step_prompt.hpp"
#include "interp/syntax_json.hpp"
#include "interp/validator.hpp"
#include "lib/messages.hpp"

namespace chainscript {
namespace {

std::string read_script(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    print_failure(Failure(exit_code::system_call, {}, "", with_errno("unable to open " + path, errno)));
    std::exit(exit_code::system_call);
  }
  std::string text;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) text.append(buf, static_cast<size_t>(n));
  const int e = errno;
  ::close(fd);
  if (n < 0) {
    print_failure(Failure(exit_code::system_call, {}, "", with_errno("unable to read " + path, e)));
    std::exit(exit_code::system_call);
  }
  return text;
}

int run(int argc, char** argv) {
  if (argc > 0) {
    std::string_view self = argv[0];
    self = self.substr(self.rfind('/') + 1);
    if (self != "chainscript")
      if (const Builtin* b = find_builtin(self)) return run_as_builtin(*b, argc, argv);
  }
  Options o = parse_command_line(argc, argv);
  const std::string text = o.inline_script ? *o.inline_script : read_script(o.file);
  const std::string name = o.inline_script ? "-c" : o.file;
  const Rules rules = settle_rules(o, text, name);

  // --parse and --check report as JSON on stdout for editors and linters.
  const bool json_report = o.format == ReportFormat::json && (o.parse || o.check);
  ast::Script script;
  try {
    script = parse_script(text, name, rules.dialect);
  } catch (const SyntaxErrors& e) {
    std::vector<Failure> failures;
    for (const auto& err : e.errors) failures.emplace_back(exit_code::usage, err.at, "", "syntax error: " + err.message);
    if (json_report) write_all(1, errors_json(name, rules, failures));
    else
      for (const auto& f : failures) print_failure_with_source(f, text);
    // Ported, a script that does not parse is one that runs nothing and exits 100.
    if (o.port) write_all(1, "#!/usr/bin/chainscript -P\n# ported from " + name + ", which does not parse\nexit 100\n");
    return exit_status(Failure(exit_code::usage, {}, "", "syntax error"), rules);
  }
  if (o.parse) {
    write_all(1, o.format == ReportFormat::json ? syntax_tree_json(script) : syntax_tree_text(script));
    return 0;
  }
  if (o.port) {
    std::vector<PortWarning> warnings;
    write_all(1, port_script(script, rules, shebang_flags(text).word, warnings));
    for (const auto& w : warnings) write_all(2, format_warning(w.at, "", w.message) + "\n");
    return 0;
  }

  Env env = Env::from_process();
  if (rules.strict == 0) env.unset("EXECLINE_STRICT");
  if (rules.strict > 0) env.set("EXECLINE_STRICT", std::to_string(rules.strict));
  if ((rules.positional == Positional::substitute || rules.positional == Positional::substitute_shift) &&
      o.args.size() < rules.nmin) {
    const std::string msg = "too few arguments: expecting at least " + std::to_string(rules.nmin) + " but got " +
                            std::to_string(o.args.size());
    if (rules.strict == 2) {
      write_all(2, "chainscript: " + name + ": " + msg + "\n");
      return exit_code::usage;
    }
    if (rules.strict != 0) write_all(2, "chainscript: warning: " + msg + "\n");
  }
  // $0: the script, or with -c the invocation name, as execlineb sets it.
  const std::string dollar0 = o.inline_script ? std::string(argc > 0 ? argv[0] : "chainscript") : o.file;
  const SubstitutionList arguments = script_arguments(rules, dollar0, o.args, env);

  // execline reports a usage error when the command runs (a bad command inside
  // a foreground block fails the child only): the execline dialect keeps that,
  // except under --check and -n, which refuse a bad script before anything.
  Validation checked;
  if (!rules.execline() || o.check || o.dry_run) checked = validate(script.body, rules, arguments);
  if (script.too_deep_to_run)
    checked.errors.emplace_back(exit_code::usage, *script.too_deep_to_run, "",
                                "blocks nested deeper than " + std::to_string(max_run_depth) +
                                    " cannot run (each level is a process waiting for the next)");
  if (json_report) write_all(1, errors_json(name, rules, checked.errors));
  else
    for (const auto& f : checked.errors) print_failure_with_source(f, text);
  // The first error's status: what the run would have exited with there
  // (100 for usage; a few are execline's 111 or 1).
  if (!checked.errors.empty()) return exit_status(checked.errors.front(), rules);
  if (o.check) return 0;

  std::unique_ptr<System> system = o.dry_run ? make_dry_system(o.format, 1)
                                   : o.trace ? make_trace_system(o.format, 2)
                                             : make_real_system();
  Lookups lookups;
  Context ctx;
  ctx.system = system.get();
  ctx.rules = &rules;
  ctx.lookups = &lookups;
  ctx.env = std::move(env);
  if (o.step) ctx.step = step_prompt(text);
  Cursor cursor(script.body, arguments, rules);
  int code;
  try {
    code = run_guarded(
        ctx,
        [&](Context& c) {
          // The names the main chain looks up, before its first effect
          // (execline scripts keep execline's order: each when its command runs).
          if (!rules.execline())
            for (const auto& look_up : checked.lookups) look_up(c);
          return run_chain(cursor, c);
        },
        print_failure);
  } catch (const PlanEnded&) {
    code = 0;
  }
  std::fflush(nullptr);
  return code;
}

}  // namespace
}  // namespace chainscript

int main(int argc, char** argv) { return chainscript::run(argc, argv); }
