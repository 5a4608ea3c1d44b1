// ulimit [ -H | -S ] -resource limit prog...: sets a resource limit with
// the shell's letters and units (-n open files, -c core and -f file size in
// 512-byte blocks, -d data, -l locked memory, -m resident set, -s stack and
// -v address space in KiB, -t cpu seconds, -u processes, -e the nice
// ceiling, -i pending signals, -q message queue bytes, -x file locks; -a
// address space, data, locked memory and stack at once, in KiB). As nosh's
// ulimit (its manual): the soft limit only; -H the hard one; -H -S both;
// only -a's soft limits are quietly kept under the hard ones. (nosh's -p,
// RLIMIT_PIPE, exists on no Linux.)
#include "builtins/resource_limits.hpp"

namespace chainscript {

namespace ulimit_parts {

constexpr OptionSpec options[] = {
    {'H', "", "", "the hard limit (with -S, both)"},
    {'S', "", "", "the soft limit (the default)"},
    {'n', "", "limit", "open files"},
    {'c', "", "limit", "core file size, 512-byte blocks"},
    {'d', "", "limit", "data segment, KiB"},
    {'f', "", "limit", "file size, 512-byte blocks"},
    {'l', "", "limit", "locked memory, KiB"},
    {'s', "", "limit", "stack, KiB"},
    {'t', "", "limit", "CPU time, seconds"},
    {'u', "", "limit", "processes"},
    {'v', "", "limit", "address space, KiB"},
    {'m', "", "limit", "resident set, KiB"},
    {'e', "", "limit", "nice priority ceiling (RLIMIT_NICE)"},
    {'i', "", "limit", "pending signals"},
    {'q', "", "limit", "POSIX message queues, bytes"},
    {'x', "", "limit", "file locks"},
    {'a', "", "limit", "address space, data, locked memory and stack, KiB"},
};

// The resources an option sets (-a: four).
std::vector<const Resource*> resources_of(char key) {
  switch (key) {
    case 'a': return {resource_by_id(RLIMIT_AS), resource_by_id(RLIMIT_DATA), resource_by_id(RLIMIT_MEMLOCK),
                      resource_by_id(RLIMIT_STACK)};
    case 'e': return {resource_by_id(RLIMIT_NICE)};
    case 'i': return {resource_by_id(RLIMIT_SIGPENDING)};
    case 'q': return {resource_by_id(RLIMIT_MSGQUEUE)};
    case 'x': return {resource_by_id(RLIMIT_LOCKS)};
    case 'n': return {resource_by_id(RLIMIT_NOFILE)};
    case 'u': return {resource_by_id(RLIMIT_NPROC)};
    case 'v': return {resource_by_id(RLIMIT_AS)};
    case 'm': return {resource_by_id(RLIMIT_RSS)};
    default: return {resource_by_letter(key)};
  }
}

Invocation parse(Cursor& c, const Builtin& b) {
  bool soft = false, hard = false;
  std::vector<Limit> limits;
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'H') {
      hard = true;
    } else if (o.key == 'S') {
      soft = true;
    } else {
      // The shell's units: -c and -f in 512-byte blocks (POSIX), memory in KiB.
      const rlim_t unit = (o.key == 'c' || o.key == 'f') ? 512
                          : std::string_view("adlmsv").find(o.key) != std::string_view::npos ? 1024
                                                                                                : 1;
      for (const Resource* r : resources_of(o.key)) {
        Limit l = limit_of(o, r, b);
        if (l.value && *l.value != RLIM_INFINITY) {
          if (*l.value > (RLIM_INFINITY - 1) / unit) usage_error(o.at, b, "limit too large: " + o.value);
          *l.value *= unit;
        }
        l.of_all_memory = o.key == 'a';
        limits.push_back(l);
      }
    }
  }
  if (!hard) soft = true;
  if (limits.empty()) usage_error(c.where(), b, "no resource given");
  return [=](Context& ctx, Cursor&) { return apply_limits(ctx, limits, soft, hard); };
}

}  // namespace ulimit_parts

extern const Builtin ulimit_builtin{
    .name = "ulimit",
    .summary = "set a resource limit, shell letters",
    .options = ulimit_parts::options,
    .operands = "prog...",
    .facts = needs_program,
    .parse = ulimit_parts::parse,
};

}  // namespace chainscript
