// forx, forbacktickx, forstdin, loopwhilex: the rest of the chain run as a
// child, once per value (or while it succeeds). The chain ends with the loop.
#include <sys/wait.h>

#include "builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace {

struct LoopOptions {
  bool autoimport = false, parallel = false;
  std::optional<std::vector<int>> ok, brk;  // -o okcodes, -x breakcodes
};

std::vector<int> codes(const Option& o, const Builtin& b) {
  std::vector<int> out;
  size_t p = 0;
  for (;;) {
    const auto comma = o.value.find(',', p);
    out.push_back(static_cast<int>(
        parse_number({o.value.substr(p, comma == std::string::npos ? std::string::npos : comma - p), o.at}, b,
                     "exit code", 255)));
    if (comma == std::string::npos) break;
    p = comma + 1;
  }
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

// Runs the rest of the chain once per value; returns the loop's exit status.
int run_loop(Context& ctx, Cursor& rest, const std::string& var, const std::vector<std::string>& values,
             const LoopOptions& l) {
  std::vector<pid_t> running;
  const auto spawn_one = [&](const std::string& value) {
    Cursor body = rest;  // each instance runs the same rest
    const pid_t pid = ctx.system->spawn(ctx, [&](Context& child) {
      if (l.autoimport)
        body.substitute({{{var, {value}}}});
      else
        child.setenv(var, value);
      return run_chain(body, child);
    });
    if (pid < 0) ctx.fail_errno(exit_code::system_call, "unable to fork");
    return pid;
  };
  const auto breaks = [&](int code) {
    if (l.ok) return !listed(*l.ok, code);
    if (l.brk) return listed(*l.brk, code);
    return false;
  };
  bool any_broke = false;
  for (const auto& v : values) {
    const pid_t pid = spawn_one(v);
    if (l.parallel) {
      running.push_back(pid);
      continue;
    }
    const int st = wait_for(pid, ctx);
    const int code = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
    if (breaks(code)) return reported_status(st);
  }
  for (pid_t pid : running) {
    const int st = wait_for(pid, ctx);
    any_broke |= breaks(WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st));
  }
  return any_broke ? 1 : 0;
}

// Splits captured output the forstdin way: each delimiter ends a value.
std::vector<std::string> split_lines(const std::string& text, const std::string& delims, bool chomp, bool crunch,
                                     bool netstrings) {
  if (netstrings) {
    Transform t;
    t.split = true;
    t.delimiters = "";
    return transform(text, t);
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
  if (start < text.size() && !chomp) out.push_back(text.substr(start));
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
    const auto [out, st] = capture_output(gen, ctx);
    if (!succeeded_status(st)) return reported_status(st);
    return run_loop(ctx, rest, var, split_lines(out, s.delims, s.chomp, s.crunch, s.netstrings), l);
  };
}

Action parse_forstdin(Cursor& c, const Builtin& b) {
  LoopOptions l;
  SplitOptions s;
  s.delims = "\n";
  for (const auto& o : parse_options(c, b, stream_specs, OptionStyle::clusters))
    if (!loop_option(o, l, b)) split_option(o, s);
  const std::string var = take_variable_name(c, b);
  return [=](Context& ctx, Cursor& rest) -> Flow {
    const std::string text = read_stdin(ctx);
    if (text.empty()) return 1;
    return run_loop(ctx, rest, var, split_lines(text, s.delims, s.chomp, s.crunch, s.netstrings), l);
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
      const pid_t pid = ctx.system->spawn(ctx, [&](Context& child) { return run_chain(body, child); });
      if (pid < 0) ctx.fail_errno(exit_code::system_call, "unable to fork");
      const int st = wait_for(pid, ctx);
      const int code = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
      bool again = ok ? listed(*ok, code) : !listed(*brk, code);
      if (negate && !ok) again = !listed(*brk, code);
      if (!again || ctx.system->simulated()) return reported_status(st);
    }
  };
}

}  // namespace chainscript
