#include "builtins/resource_limits.hpp"

namespace chainscript {

namespace {

constexpr Resource resources[] = {
    {'a', RLIMIT_AS, "RLIMIT_AS"},       {'c', RLIMIT_CORE, "RLIMIT_CORE"},       {'d', RLIMIT_DATA, "RLIMIT_DATA"},
    {'f', RLIMIT_FSIZE, "RLIMIT_FSIZE"}, {'l', RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK"}, {'o', RLIMIT_NOFILE, "RLIMIT_NOFILE"},
    {'p', RLIMIT_NPROC, "RLIMIT_NPROC"}, {'r', RLIMIT_RSS, "RLIMIT_RSS"},         {'s', RLIMIT_STACK, "RLIMIT_STACK"},
    {'t', RLIMIT_CPU, "RLIMIT_CPU"},
    // nosh's ulimit only (no softlimit letter):
    {'\0', RLIMIT_NICE, "RLIMIT_NICE"},     {'\0', RLIMIT_SIGPENDING, "RLIMIT_SIGPENDING"},
    {'\0', RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE"}, {'\0', RLIMIT_LOCKS, "RLIMIT_LOCKS"},
};

}  // namespace

const Resource* resource_by_letter(char c) {
  for (const auto& r : resources)
    if (c && r.letter == c) return &r;
  return nullptr;
}

const Resource* resource_by_id(int id) {
  for (const auto& r : resources)
    if (r.id == id) return &r;
  return nullptr;
}

Limit limit_of(const Option& o, const Resource* r, const Builtin& b) {
  const std::string& v = o.value;
  if (!o.known) return {r, 0};
  if (v == "=" || v == "hard") return {r, std::nullopt};
  if (v == "unlimited" || v == "infinity") return {r, RLIM_INFINITY};
  const auto digits = v.find_first_not_of("0123456789");
  const std::string suffix = digits == std::string::npos ? "" : v.substr(digits);
  static constexpr std::pair<std::string_view, unsigned long long> units[] = {
      {"", 1},            {"k", 1000ULL},     {"M", 1000000ULL},  {"G", 1000000000ULL}, {"T", 1000000000000ULL},
      {"Ki", 1ULL << 10}, {"Mi", 1ULL << 20}, {"Gi", 1ULL << 30}, {"Ti", 1ULL << 40}};
  for (const auto& [name, factor] : units)
    if (suffix == name && digits != 0)
      return {r, static_cast<rlim_t>(parse_number({v.substr(0, digits), o.at}, b, "a limit", ~0ULL / factor) * factor)};
  usage_error(o.at, b, "a limit is a number (with k M G T or Ki Mi Gi Ti), =, hard or unlimited, not \"" + v + "\"");
}

std::vector<Limit> letter_limits(std::span<const Option> options, const Builtin& b) {
  std::vector<Limit> out;
  for (const auto& o : options) {
    if (o.key == 'm') {
      for (char k : {'d', 's', 'l', 'a'}) {
        out.push_back(limit_of(o, resource_by_letter(k), b));
        out.back().of_all_memory = true;
      }
      continue;
    }
    out.push_back(limit_of(o, resource_by_letter(o.key), b));
  }
  return out;
}

Flow apply_limits(Context& ctx, const std::vector<Limit>& limits, bool soft, bool hard) {
  for (const auto& l : limits) {
    rlimit cur{};
    if (ctx.system->getrlimit(l.resource->id, &cur) < 0)
      ctx.fail_errno(exit_code::system_call, std::string("unable to read ") + l.resource->name);
    const rlim_t v = l.value.value_or(cur.rlim_max);
    rlimit next = cur;
    if (hard) next.rlim_max = v;
    // A soft limit above the hard one is lowered to it (daemontools, s6);
    // nosh's tools do so only for -m's four and otherwise fail.
    const bool lower = !ctx.rules->nosh_tools() || l.of_all_memory;
    if (soft) next.rlim_cur = (lower && !hard && v > cur.rlim_max && cur.rlim_max != RLIM_INFINITY) ? cur.rlim_max : v;
    // A hard limit set below the soft one takes the soft one down with it.
    if (hard && next.rlim_cur > next.rlim_max && next.rlim_max != RLIM_INFINITY) next.rlim_cur = next.rlim_max;
    if (ctx.system->setrlimit(l.resource->id, next, l.resource->name) < 0)
      ctx.fail_errno(exit_code::system_call, std::string("unable to set ") + l.resource->name);
  }
  return {};
}

}  // namespace chainscript
