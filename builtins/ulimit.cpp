// ulimit [ -H | -S ] -resource limit prog...: sets a resource limit with
// the shell's letters and units (-n open files, -c core and -f file size in
// 512-byte blocks, -d data, -l locked memory, -m resident set, -s stack and
// -v address space in KiB, -t cpu seconds, -u processes). As nosh's ulimit
// (its manual): the soft limit only; -H the hard one; -H -S both.
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
};

Invocation parse(Cursor& c, const Builtin& b) {
  bool soft = false, hard = false;
  std::vector<Limit> limits;
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'H') {
      hard = true;
    } else if (o.key == 'S') {
      soft = true;
    } else {
      const char letter = o.key == 'n' ? 'o' : o.key == 'u' ? 'p' : o.key == 'v' ? 'a' : o.key == 'm' ? 'r' : o.key;
      Limit l = limit_of(o, resource_by_letter(letter), b);
      // The shell's units: -c and -f in 512-byte blocks (POSIX), memory in KiB.
      const rlim_t unit = (o.key == 'c' || o.key == 'f') ? 512
                          : std::string_view("dlmsv").find(o.key) != std::string_view::npos ? 1024
                                                                                               : 1;
      if (l.value && *l.value != RLIM_INFINITY) {
        if (*l.value > (RLIM_INFINITY - 1) / unit) usage_error(o.at, b, "limit too large: " + o.value);
        *l.value *= unit;
      }
      limits.push_back(l);
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
