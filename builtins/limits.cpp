// softlimit (s6-softlimit), hardlimit, ulimit: resource limits. A value of
// "=" (softlimit) takes the hard limit; "unlimited" means no limit.
#include <sys/resource.h>

#include "builtin.hpp"

namespace chainscript {

namespace {

struct Resource {
  char letter;  // softlimit's option
  int id;
  const char* name;
};
constexpr Resource resources[] = {
    {'a', RLIMIT_AS, "RLIMIT_AS"},       {'c', RLIMIT_CORE, "RLIMIT_CORE"},   {'d', RLIMIT_DATA, "RLIMIT_DATA"},
    {'f', RLIMIT_FSIZE, "RLIMIT_FSIZE"}, {'l', RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK"}, {'o', RLIMIT_NOFILE, "RLIMIT_NOFILE"},
    {'p', RLIMIT_NPROC, "RLIMIT_NPROC"}, {'r', RLIMIT_RSS, "RLIMIT_RSS"},     {'s', RLIMIT_STACK, "RLIMIT_STACK"},
    {'t', RLIMIT_CPU, "RLIMIT_CPU"},
};
const Resource* by_letter(char c) {
  for (const auto& r : resources)
    if (r.letter == c) return &r;
  return nullptr;
}

struct Limit {
  const Resource* r;
  std::optional<rlim_t> value;  // nullopt: "=" (the hard limit)
};

// A number with an optional SI (k M G T: powers of 1000) or IEC (Ki Mi Gi Ti:
// powers of 1024) suffix, as nosh takes them; "=" or "hard": the hard limit;
// "unlimited" or "infinity": none.
Limit limit_of(const Option& o, const Resource* r, const Builtin& b) {
  const std::string& v = o.value;
  if (v == "=" || v == "hard") return {r, std::nullopt};
  if (v == "unlimited" || v == "infinity") return {r, RLIM_INFINITY};
  const auto digits = v.find_first_not_of("0123456789");
  const std::string suffix = digits == std::string::npos ? "" : v.substr(digits);
  static const std::pair<std::string_view, unsigned long long> units[] = {
      {"", 1},          {"k", 1000ULL},   {"M", 1000000ULL}, {"G", 1000000000ULL}, {"T", 1000000000000ULL},
      {"Ki", 1ULL << 10}, {"Mi", 1ULL << 20}, {"Gi", 1ULL << 30}, {"Ti", 1ULL << 40}};
  for (const auto& [name, factor] : units)
    if (suffix == name && digits != 0)
      return {r, static_cast<rlim_t>(parse_number({v.substr(0, digits), o.at}, b, "a limit", ~0UL / factor) * factor)};
  usage_error(o.at, b, "a limit is a number (with k M G T or Ki Mi Gi Ti), =, hard or unlimited, not \"" + v + "\"");
}

Flow apply(Context& ctx, const std::vector<Limit>& limits, bool soft, bool hard) {
  for (const auto& l : limits) {
    rlimit cur{};
    getrlimit(static_cast<__rlimit_resource>(l.r->id), &cur);  // read-only
    rlim_t v = l.value.value_or(cur.rlim_max);
    rlim_t new_soft = cur.rlim_cur, new_hard = cur.rlim_max;
    if (hard) new_hard = v;
    if (soft) new_soft = (!hard && v > cur.rlim_max && cur.rlim_max != RLIM_INFINITY) ? cur.rlim_max : v;
    if (new_soft > new_hard && new_hard != RLIM_INFINITY) new_soft = new_hard;
    if (ctx.system->setrlimit(l.r->id, new_soft, new_hard, l.r->name) < 0)
      ctx.fail_errno(exit_code::system_call, std::string("unable to set ") + l.r->name);
  }
  return {};
}

std::vector<Limit> letter_limits(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'a', "", true}, {'c', "", true}, {'d', "", true}, {'f', "", true},
                                         {'l', "", true}, {'m', "", true}, {'o', "", true}, {'p', "", true},
                                         {'r', "", true}, {'s', "", true}, {'t', "", true}};
  std::vector<Limit> out;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'm') {  // -m: data, stack, locked memory and address space together
      for (char k : {'d', 's', 'l', 'a'}) out.push_back(limit_of(o, by_letter(k), b));
      continue;
    }
    out.push_back(limit_of(o, by_letter(o.key), b));
  }
  return out;
}

}  // namespace

Action parse_softlimit(Cursor& c, const Builtin& b) {
  auto limits = letter_limits(c, b);
  return [limits](Context& ctx, Cursor&) { return apply(ctx, limits, true, false); };
}

Action parse_hardlimit(Cursor& c, const Builtin& b) {
  auto limits = letter_limits(c, b);
  return [limits](Context& ctx, Cursor&) { return apply(ctx, limits, false, true); };
}

// ulimit [ -H | -S ] -RESOURCE limit: the shell's letters and units (-n open
// files, -c core and -f file size in 512-byte blocks, -d data, -l locked memory,
// -m resident set, -s stack and -v address space in KiB, -t cpu seconds, -u processes).
Action parse_ulimit(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'H', ""}, {'S', ""}, {'n', "", true}, {'c', "", true}, {'d', "", true},
                                         {'f', "", true}, {'l', "", true}, {'s', "", true}, {'t', "", true},
                                         {'u', "", true}, {'v', "", true}, {'m', "", true}};
  bool soft = false, hard = false;
  std::vector<Limit> limits;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'H') hard = true;
    else if (o.key == 'S') soft = true;
    else {
      const char letter = o.key == 'n' ? 'o' : o.key == 'u' ? 'p' : o.key == 'v' ? 'a' : o.key == 'm' ? 'r' : o.key;
      Limit l = limit_of(o, by_letter(letter), b);
      // The shell's units: -c and -f in 512-byte blocks (POSIX), memory in KiB.
      const rlim_t unit = (o.key == 'c' || o.key == 'f') ? 512 : std::string_view("dlmsv").find(o.key) != std::string_view::npos ? 1024 : 1;
      if (l.value && *l.value != RLIM_INFINITY) {
        if (*l.value > (RLIM_INFINITY - 1) / unit) usage_error(o.at, b, "limit too large: " + o.value);
        *l.value *= unit;
      }
      limits.push_back(l);
    }
  }
  if (!soft && !hard) soft = hard = true;
  if (limits.empty()) usage_error(c.where(), b, "no resource given");
  return [=](Context& ctx, Cursor&) { return apply(ctx, limits, soft, hard); };
}

}  // namespace chainscript
