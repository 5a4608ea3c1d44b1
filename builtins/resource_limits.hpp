// What softlimit, hardlimit and ulimit share: the resources by letter, limit
#pragma once
// values as nosh and daemontools write them, and setting them.
#include <sys/resource.h>

#include <optional>

#include "builtins/builtin.hpp"

namespace chainscript {

struct Resource {
  char letter;  // softlimit's option
  int id;
  const char* name;
};
const Resource* resource_by_letter(char c);
const Resource* resource_by_id(int id);  // RLIMIT_...

struct Limit {
  const Resource* resource;
  std::optional<rlim_t> value;  // nullopt: "=" (the hard limit)
  bool of_all_memory = false;   // one of softlimit -m's (ulimit -a's) four
};

// A number with an optional SI (k M G T: powers of 1000) or IEC (Ki Mi Gi
// Ti: powers of 1024) suffix; "=" or "hard": the hard limit; "unlimited" or
// "infinity": none.
Limit limit_of(const Option& o, const Resource* r, const Builtin& b);

// softlimit's and hardlimit's options: daemontools' letters.
inline constexpr OptionSpec letter_limit_options[] = {
    {'a', "", "allmem", "address space (RLIMIT_AS), bytes"},
    {'c', "", "core", "core file size, bytes"},
    {'d', "", "data", "data segment, bytes"},
    {'f', "", "fsize", "file size, bytes"},
    {'l', "", "lock", "locked memory, bytes"},
    {'m', "", "mem", "data, stack, locked memory and address space, bytes"},
    {'o', "", "ofiles", "open files"},
    {'p', "", "proc", "processes"},
    {'r', "", "res", "resident set, bytes"},
    {'s', "", "stack", "stack, bytes"},
    {'t', "", "cpusecs", "CPU time, seconds"},
};

// softlimit's and hardlimit's letters (-m: data, stack, locked memory and
// address space together).
std::vector<Limit> letter_limits(std::span<const Option> options, const Builtin& b);

// Sets the soft and/or hard limits; a soft limit alone is kept under the hard one.
Flow apply_limits(Context& ctx, const std::vector<Limit>& limits, bool soft, bool hard);

}  // namespace chainscript
