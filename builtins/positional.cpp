// elgetpositionals, shift, dollarat, elgetopt, runblock: the positional
// parameters that execlineb's default mode puts in the environment (#, 0, 1...).
#include "builtin.hpp"
#include "interp/interpreter.hpp"

namespace chainscript {

namespace {

// n from #, and the values of 0..n; fails (100) when they are not all there.
// missing: the exit code when # is not set (elgetpositionals 111, the others 100, as execline).
std::vector<std::string> positionals(Context& ctx, int missing = exit_code::usage) {
  const std::string* sharp = ctx.env.get("#");
  if (!sharp) ctx.fail(missing, "no # in the environment");
  if (sharp->empty() || sharp->size() > 9 || sharp->find_first_not_of("0123456789") != std::string::npos)
    ctx.fail(exit_code::usage, "no valid # in the environment");
  const unsigned long n = std::stoul(*sharp);
  std::vector<std::string> v;
  for (unsigned long i = 0; i <= n; ++i) {
    const std::string* p = ctx.env.get(std::to_string(i));
    if (!p) ctx.fail(exit_code::usage, "positional parameter " + std::to_string(i) + " is not set");
    v.push_back(*p);
  }
  return v;
}

// The arguments that make up `blocks` execline-encoded blocks from the start of args.
size_t block_span(const std::vector<std::string>& args, size_t from, unsigned long blocks, Context& ctx) {
  size_t i = from;
  for (unsigned long b = 0; b < blocks; ++b) {  // a block: the words up to an empty one
    while (i < args.size() && !args[i].empty()) ++i;
    if (i >= args.size()) ctx.fail(exit_code::usage, "the positional parameters hold too few blocks");
    ++i;
  }
  return i - from;
}

// emptyenv -P's pop, shared with runblock: # 0 1... unset, their :1 level back.
void pop_positionals(Context& ctx) {
  std::vector<std::string> bases;
  for (const auto& [k, v] : ctx.env.vars()) {
    const std::string base = k.substr(0, k.find(':'));
    if ((base == "#" || (!base.empty() && base.find_first_not_of("0123456789") == std::string::npos)) &&
        std::find(bases.begin(), bases.end(), base) == bases.end())
      bases.push_back(base);
  }
  for (const auto& base : bases) {
    ctx.unsetenv(base);
    for (unsigned d = 1;; ++d) {
      const std::string* deeper = ctx.env.get(base + ":" + std::to_string(d));
      if (!deeper) break;
      ctx.setenv(d == 1 ? base : base + ":" + std::to_string(d - 1), *deeper);
      ctx.unsetenv(base + ":" + std::to_string(d));
    }
  }
}

}  // namespace

std::vector<Binding> elgetpositionals_bindings(Context& ctx, unsigned long sharp) {
  const auto v = positionals(ctx, exit_code::system_call);
  const size_t n = v.size() - 1;
  std::vector<Binding> out{{"#", {std::to_string(n)}}};
  for (size_t i = 0; i <= std::max<size_t>(n, sharp); ++i) out.push_back({std::to_string(i), {i <= n ? v[i] : ""}});
  out.push_back({"@", std::vector<std::string>(v.begin() + 1, v.end())});
  return out;
}

Action parse_elgetpositionals(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'P', "", true}};
  unsigned long sharp = 0;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) sharp = parse_number({o.value, o.at}, b, "sharp");
  return [=](Context& ctx, Cursor& rest) -> Flow {
    rest.substitute({elgetpositionals_bindings(ctx, sharp)});
    return {};
  };
}

Action parse_shift(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'n', "", true}, {'b', "", true}};
  unsigned long argn = 0, blockn = 0;
  bool any = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    any = true;
    (o.key == 'n' ? argn : blockn) = parse_number({o.value, o.at}, b, o.key == 'n' ? "argn" : "blockn");
  }
  if (!any) argn = 1;
  return [=](Context& ctx, Cursor&) -> Flow {
    auto v = positionals(ctx);
    const std::vector<std::string> args(v.begin() + 1, v.end());
    size_t m = std::min<size_t>(argn, args.size());
    m += block_span(args, m, blockn, ctx);
    const size_t n = args.size();
    for (size_t i = 1; i + m <= n; ++i) ctx.setenv(std::to_string(i), args[i + m - 1]);
    for (size_t i = n - m + 1; i <= n; ++i) ctx.unsetenv(std::to_string(i));
    ctx.setenv("#", std::to_string(n - m));
    return {};
  };
}

Action parse_dollarat(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'n', ""}, {'0', ""}, {'d', "", true}};
  bool chomp = false, netstrings = false;
  char delim = '\n';
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'n') chomp = true;
    if (o.key == '0') delim = '\0', netstrings = false;
    if (o.key == 'd') {
      netstrings = o.value.empty();
      if (!netstrings) delim = o.value[0];
    }
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    const auto v = positionals(ctx);
    std::string out;
    for (size_t i = 1; i < v.size(); ++i) {
      if (netstrings)
        out += std::to_string(v[i].size()) + ":" + v[i] + ",";
      else
        out += v[i] + delim;
    }
    if (chomp && !netstrings && !out.empty()) out.pop_back();
    if (ctx.system->write_all(1, out) < 0) ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
    return 0;
  };
}

Action parse_elgetopt(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'D', "", true}};
  std::string fallback = "1";
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) fallback = o.value;
  const std::string optstring = take_arg(c, b, "OPTSTRING").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    const auto v = positionals(ctx);
    size_t i = 1;
    for (; i < v.size(); ++i) {
      const std::string& a = v[i];
      if (a == "--") {
        ++i;
        break;
      }
      if (a.size() < 2 || a[0] != '-') break;
      for (size_t k = 1; k < a.size(); ++k) {
        const char letter = a[k];
        const auto pos = optstring.find(letter);
        if (pos == std::string::npos || letter == ':') ctx.fail(1, std::string("unknown option -") + letter);  // as execline
        std::string value = fallback;
        if (pos + 1 < optstring.size() && optstring[pos + 1] == ':') {
          if (k + 1 < a.size()) value = a.substr(k + 1);
          else if (i + 1 < v.size()) value = v[++i];
          else ctx.fail(exit_code::usage, std::string("option -") + letter + " needs an argument");
          k = a.size();
        }
        ctx.setenv(std::string("ELGETOPT_") + letter, value);
      }
    }
    const size_t old_n = v.size() - 1;
    const size_t n = v.size() - i;
    for (size_t k = 1; k <= n; ++k) ctx.setenv(std::to_string(k), v[i + k - 1]);
    for (size_t k = n + 1; k <= old_n; ++k) ctx.unsetenv(std::to_string(k));
    ctx.setenv("#", std::to_string(n));
    return {};
  };
}

Action parse_runblock(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'P', ""}, {'n', "", true}, {'r', ""}};
  bool keep_frame = false, remainder = false;
  unsigned long argshift = 0;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'P') keep_frame = true;
    if (o.key == 'r') remainder = true;
    if (o.key == 'n') argshift = parse_number({o.value, o.at}, b, "argshift");
  }
  const unsigned long n = parse_number(take_arg(c, b, "N"), b, "N");
  if (n == 0 && !remainder) usage_error(c.where(), b, "N must be at least 1");
  return [=](Context& ctx, Cursor& rest) -> Flow {
    const auto v = positionals(ctx);
    const std::vector<std::string> args(v.begin() + 1, v.end());
    const size_t from = std::min<size_t>(argshift, args.size());
    std::vector<std::string> selected;
    if (remainder) {
      const size_t skip = block_span(args, from, n, ctx);
      selected.assign(args.begin() + static_cast<std::ptrdiff_t>(from + skip), args.end());
    } else {
      const size_t skip = block_span(args, from, n - 1, ctx);
      const size_t len = block_span(args, from + skip, 1, ctx);
      for (size_t i = from + skip; i + 1 < from + skip + len; ++i)
        selected.push_back(args[i][0] == ' ' ? args[i].substr(1) : args[i]);
    }
    if (!keep_frame) pop_positionals(ctx);
    std::vector<std::string> argv = rest.rest_argv();
    argv.insert(argv.end(), selected.begin(), selected.end());
    const auto body = decode_argv(argv, ctx.at);
    Cursor program(body, {});
    return run_chain(program, ctx);
  };
}

void pop_positional_frame(Context& ctx) { pop_positionals(ctx); }
std::vector<Binding> elgetpositionals_bindings_of(Context& ctx, unsigned long sharp) {
  return elgetpositionals_bindings(ctx, sharp);
}

}  // namespace chainscript
