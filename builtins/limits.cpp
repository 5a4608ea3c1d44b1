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

Limit limit_of(const Option& o, const Resource* r, const Builtin& b) {
  if (o.value == "=") return {r, std::nullopt};
  if (o.value == "unlimited" || o.value == "infinity") return {r, RLIM_INFINITY};
  return {r, static_cast<rlim_t>(parse_number({o.value, o.at}, b, "a limit", ~0UL - 1))};
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

// ulimit [ -H | -S ] -RESOURCE limit: the shell's letters (-n open files, -c core,
// -d data, -f file size, -l locked memory, -s stack, -t cpu, -u processes, -v address space).
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
      limits.push_back(limit_of(o, by_letter(letter), b));
    }
  }
  if (!soft && !hard) soft = hard = true;
  if (limits.empty()) usage_error(c.where(), b, "no resource given");
  return [=](Context& ctx, Cursor&) { return apply(ctx, limits, soft, hard); };
}

}  // namespace chainscript
