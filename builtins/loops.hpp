// What forx, forbacktickx, forstdin and loopwhilex share: the rest of the
// chain run as a child once per value, exit-code lists, and splitting
// captured text into values.
#pragma once
#include <optional>

#include "builtins/builtin.hpp"

namespace chainscript {

struct LoopOptions {
  bool autoimport = false, parallel = false;   // -E, -p
  std::optional<std::vector<int>> ok, brk;     // -o okcodes, -x breakcodes
};
// -E -e -p -o -x; false when o is none of them.
bool loop_option(const Option& o, LoopOptions& l, const Builtin& b);
// A comma list of exit codes. As execline, an element that is not a number
// is skipped; a list with no number at all is a usage error.
std::vector<int> exit_codes(const Option& o, const Builtin& b);
bool listed(const std::vector<int>& codes, int code);

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
  std::optional<int> run(const std::string& value);
  // Waits for the parallel instances; the loop's exit status.
  int finish();

 private:
  Context& ctx_;
  Cursor& rest_;
  std::string var_;
  const LoopOptions& l_;
  std::vector<pid_t> running_;
  bool breaks(int wstatus) const;
};

// forbacktickx's and forstdin's options: the loop's and the split's.
inline constexpr OptionSpec stream_loop_options[] = {
    {'E', "", "", "substitute variable instead of setting it", 1},
    {'e', "", "", "set variable in the environment (the default)", 1},
    {'p', "", "", "run the instances in parallel", 2},
    {'o', "", "okcodes", "stop when an instance exits with a code not in this comma list", 2},
    {'x', "", "breakcodes", "stop when an instance exits with a code in this comma list", 2},
    {'N', "", "", "keep the delimiter at the end of each value", 3},
    {'n', "", "", "drop the delimiter (the default)", 3},
    {'C', "", "", "crunch: skip empty values", 4},
    {'c', "", "", "do not crunch (the default)", 4},
    {'0', "", "", "values end with a NUL byte", 5},
    {'d', "", "delim", "values end with any of delim (default: newline); \"\" reads netstrings", 5},
};

// How forstdin and forbacktickx split their input into values.
struct SplitOptions {
  bool chomp = true, crunch = false, netstrings = false;
  std::string delims = "\n";
};
// -N -n -C -c -0 -d; false when o is none of them.
bool split_option(const Option& o, SplitOptions& s);
// Each delimiter ends a value; nullopt for a bad netstring list.
std::optional<std::vector<std::string>> split_values(const std::string& text, const SplitOptions& s);

}  // namespace chainscript
