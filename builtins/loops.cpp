// forx, forbacktickx, forstdin, loopwhilex: the rest of the chain run as a
// child, once per value (or while it succeeds). The chain ends with the loop.
#include <sys/wait.h>

#include <stdexcept>

#include "builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace {

struct LoopOptions {
  bool autoimport = false, parallel = false;
  std::optional<std::vector<int>> ok, brk;  // -o okcodes, -x breakcodes
};

// A comma-separated list of exit codes. As execline, an element that is not
// a number is skipped; a list with no number at all is a usage error.
std::vector<int> codes(const Option& o, const Builtin& b) {
  std::vector<int> out;
  size_t p = 0;
  for (;;) {
    const auto comma = o.value.find(',', p);
    const std::string e = o.value.substr(p, comma == std::string::npos ? std::string::npos : comma - p);
    if (!e.empty() && e.size() <= 3 && e.find_first_not_of("0123456789") == std::string::npos && std::stoi(e) <= 255)
      out.push_back(std::stoi(e));
    if (comma == std::string::npos) break;
    p = comma + 1;
  }
  if (out.empty()) usage_error(o.at, b, "exit codes must be numbers up to 255, not \"" + o.value + "\"");
  return out;
}

bool loop_option(const Option& o, LoopOptions& l, const Builtin& b) {
  switch (o.key) {
    case 'E': l.autoimport = true; return true;
    case 'e': l.autoimport = false; return true;
    case 'p': l.parallel = true; return true;
    case 'o': l.ok = codes(o, b), l.brk.reset(); return true;
    case 'x': l.brk = codes(o, b), l.ok.reset(); return true;
  }
  return false;
}

bool listed(const std::vector<int>& v, int code) { return std::find(v.begin(), v.end(), code) != v.end(); }

// Runs the rest of the chain once per value, as values come.
class Loop {
 public:
  Loop(Context& ctx, Cursor& rest, std::string var, const LoopOptions& l)
      : ctx_(ctx), rest_(rest), var_(std::move(var)), l_(l) {}

  // forbacktickx's instances are forstdin's children in execline, one step
  // removed: one that cannot start is skipped, not the loop's failure.
  bool skip_unstartable = false;
  unsigned runs = 0;

  // Runs one instance (waits for it unless -p); a value when the loop breaks.
  std::optional<int> run(const std::string& value) {
    ++runs;
    Cursor body = rest_;  // each instance runs the same rest
    const auto instance = [&](Context& child) {
      if (l_.autoimport)
        body.substitute({{{var_, {value}}}});
      else
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

  // Waits for the parallel instances; the loop's exit status.
  int finish() {
    bool any_broke = false;
    for (pid_t pid : running_) any_broke |= breaks(wait_for(pid, ctx_));
    return any_broke ? 1 : 0;
  }

 private:
  Context& ctx_;
  Cursor& rest_;
  std::string var_;
  const LoopOptions& l_;
  std::vector<pid_t> running_;

  bool breaks(int st) const {
    const int code = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
    if (l_.ok) return !listed(*l_.ok, code);
    if (l_.brk) return listed(*l_.brk, code);
    return false;
  }
};

int run_loop(Context& ctx, Cursor& rest, const std::string& var, const std::vector<std::string>& values,
             const LoopOptions& l) {
  Loop loop(ctx, rest, var, l);
  for (const auto& v : values)
    if (auto code = loop.run(v)) return *code;
  return loop.finish();
}

// Splits captured output the forstdin way: each delimiter ends a value.
std::vector<std::string> split_lines(const std::string& text, const std::string& delims, bool chomp, bool crunch,
                                     bool netstrings) {
  if (netstrings) {
    Transform t;
    t.split = true;
    t.delimiters = "";
    try {
      return transform(text, t);
    } catch (const std::invalid_argument& e) {
      throw Failure(exit_code::system_call, {}, "", std::string(e.what()) + " on input");  // execline: 111
    }
  }
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (delims.find(text[i]) == std::string::npos) continue;
    std::string v = text.substr(start, i - start + (chomp ? 0 : 1));
    start = i + 1;
    if (crunch && (chomp ? v.empty() : v.size() == 1)) continue;
    out.push_back(std::move(v));
  }
  // An unterminated last value is dropped when chomping, and with -C too.
  if (start < text.size() && !chomp && !crunch) out.push_back(text.substr(start));
  return out;
}

struct SplitOptions {
  bool chomp = true, crunch = false, netstrings = false;
  std::string delims;
};

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

constexpr OptionSpec stream_specs[] = {{'E', ""}, {'e', ""}, {'p', ""}, {'o', "", true}, {'x', "", true}, {'N', ""},
                                       {'n', ""}, {'C', ""}, {'c', ""}, {'0', ""}, {'d', "", true}};

}  // namespace

Action parse_forx(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'E', ""}, {'e', ""}, {'p', ""}, {'o', "", true}, {'x', "", true}};
  LoopOptions l;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) loop_option(o, l, b);
  const std::string var = take_variable_name(c, b);
  BlockRef args = take_word_block(c, b, "ARGS");
  return [=](Context& ctx, Cursor& rest) -> Flow { return run_loop(ctx, rest, var, args.words(), l); };
}

Action parse_forbacktickx(Cursor& c, const Builtin& b) {
  LoopOptions l;
  SplitOptions s;
  s.delims = "\n";
  for (const auto& o : parse_options(c, b, stream_specs, OptionStyle::clusters))
    if (!loop_option(o, l, b)) split_option(o, s);
  const std::string var = take_variable_name(c, b);
  BlockRef gen = take_chain_block(c, b, "GEN");
  return [=](Context& ctx, Cursor& rest) -> Flow {
    // As execline's (a pipeline into forstdin): the generator's status does
    // not matter; no value at all is exit 1.
    const auto out = capture_output(gen, ctx).first;
    Loop loop(ctx, rest, var, l);
    loop.skip_unstartable = true;
    for (const auto& v : split_lines(out, s.delims, s.chomp, s.crunch, s.netstrings))
      if (auto code = loop.run(v)) return *code;
    if (loop.runs == 0) return 1;
    return loop.finish();
  };
}

// forstdin reads as input comes and runs an instance as soon as a value is
// complete, so `tail -f log | forstdin ...` works.
Action parse_forstdin(Cursor& c, const Builtin& b) {
  LoopOptions l;
  SplitOptions s;
  s.delims = "\n";
  for (const auto& o : parse_options(c, b, stream_specs, OptionStyle::clusters))
    if (!loop_option(o, l, b)) split_option(o, s);
  const std::string var = take_variable_name(c, b);
  return [=](Context& ctx, Cursor& rest) -> Flow {
    Loop loop(ctx, rest, var, l);
    std::string pending;
    bool read_anything = false;
    for (;;) {
      const auto chunk = ctx.system->read_some(0);
      if (!chunk) ctx.fail_errno(exit_code::system_call, "unable to read stdin");
      if (chunk->empty()) break;
      read_anything = true;
      pending += *chunk;
      if (s.netstrings) continue;  // a netstring list is split whole, at the end
      const auto last = pending.find_last_of(s.delims);
      if (last == std::string::npos) continue;
      for (const auto& v : split_lines(pending.substr(0, last + 1), s.delims, s.chomp, s.crunch, false))
        if (auto code = loop.run(v)) return *code;
      pending.erase(0, last + 1);
    }
    if (!read_anything) return 1;
    for (const auto& v : split_lines(pending, s.delims, s.chomp, s.crunch, s.netstrings))
      if (auto code = loop.run(v)) return *code;
    if (loop.runs == 0) return 1;  // nothing but an unterminated line
    return loop.finish();
  };
}

Action parse_loopwhilex(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'n', ""}, {'o', "", true}, {'x', "", true}};
  bool negate = false;
  std::optional<std::vector<int>> ok, brk;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'n') negate = true;
    if (o.key == 'o') ok = codes(o, b), brk.reset();
    if (o.key == 'x') brk = codes(o, b), ok.reset();
  }
  if (!ok && !brk) ok = std::vector<int>{0};
  return [=](Context& ctx, Cursor& rest) -> Flow {
    for (;;) {
      Cursor body = rest;
      const pid_t pid = spawn_or_fail(ctx, [&](Context& child) { return run_chain(body, child); });
      const int st = wait_for(pid, ctx);
      const int code = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
      bool again = ok ? listed(*ok, code) : !listed(*brk, code);
      if (negate) again = !again;  // -n: the test reversed
      if (!again || ctx.system->simulated()) return reported_status(st);
    }
  };
}

}  // namespace chainscript
