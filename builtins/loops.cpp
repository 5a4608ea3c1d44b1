#include "builtins/loops.hpp"

#include <sys/wait.h>

#include <algorithm>

#include "interp/interpreter.hpp"
#include "lib/lists.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

std::vector<int> exit_codes(const Option& o, const Builtin& b) {
  if (!o.known) return {0};
  std::vector<int> out;
  for (const auto e : split_list(o.value, ','))
    if (const auto code = decimal_number(e, 255)) out.push_back(static_cast<int>(*code));
  if (out.empty()) usage_error(o.at, b, "exit codes must be numbers up to 255, not \"" + o.value + "\"");
  return out;
}

bool listed(const std::vector<int>& codes, int code) { return std::find(codes.begin(), codes.end(), code) != codes.end(); }

bool loop_option(const Option& o, LoopOptions& l, const Builtin& b) {
  switch (o.key) {
    case 'E': l.autoimport = true; return true;
    case 'e': l.autoimport = false; return true;
    case 'p': l.parallel = true; return true;
    case 'o': l.ok = exit_codes(o, b), l.brk.reset(); return true;
    case 'x': l.brk = exit_codes(o, b), l.ok.reset(); return true;
  }
  return false;
}

std::optional<int> Loop::run(const std::string& value) {
  ++runs;
  Cursor body = rest_;  // each instance runs the same rest
  const auto instance = [&](Context& child) {
    if (l_.autoimport) {  // execline's importas -ui: substituted, and gone from the environment
      if (child.env.get(var_)) child.unsetenv(var_);
      body.substitute({{{var_, {value}}}});
    } else
      child.setenv(var_, value);
    return run_chain(body, child);
  };
  pid_t pid;
  if (skip_unstartable) {
    const Spawned sp = spawn_program(ctx_, instance);
    if (sp.exec_errno) return std::nullopt;
    pid = sp.pid;
  } else {
    pid = spawn_or_fail(ctx_, instance);
  }
  if (l_.parallel) {
    running_.push_back(pid);
    return std::nullopt;
  }
  const int st = wait_for(pid, ctx_);
  if (breaks(st)) return reported_status(st);
  return std::nullopt;
}

int Loop::finish() {
  bool any_broke = false;
  for (pid_t pid : running_) any_broke |= breaks(wait_for(pid, ctx_));
  return any_broke ? 1 : 0;
}

bool Loop::breaks(int st) const {
  const int code = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
  if (l_.ok) return !listed(*l_.ok, code);
  if (l_.brk) return listed(*l_.brk, code);
  return false;
}

bool split_option(const Option& o, SplitOptions& s) {
  switch (o.key) {
    case 'N': s.chomp = false; return true;
    case 'n': s.chomp = true; return true;
    case 'C': s.crunch = true; return true;
    case 'c': s.crunch = false; return true;
    case '0': s.delims = std::string(1, '\0'), s.netstrings = false; return true;
    case 'd': s.netstrings = o.value.empty(), s.delims = o.value; return true;
  }
  return false;
}

std::optional<std::vector<std::string>> split_values(const std::string& text, const SplitOptions& s) {
  if (s.netstrings) {
    Transform t;
    t.split = true;
    t.delimiters = "";
    return transform(text, t);
  }
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (s.delims.find(text[i]) == std::string::npos) continue;
    std::string v = text.substr(start, i - start + (s.chomp ? 0 : 1));
    start = i + 1;
    if (s.crunch && (s.chomp ? v.empty() : v.size() == 1)) continue;
    out.push_back(std::move(v));
  }
  // An unterminated last value is dropped when chomping, and with -C too.
  if (start < text.size() && !s.chomp && !s.crunch) out.push_back(text.substr(start));
  return out;
}

}  // namespace chainscript
