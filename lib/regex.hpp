// POSIX regular expressions (glibc's regcomp), compiled in bounded memory.
// glibc copies a repeated sub-expression once per repetition ("x+" becomes
// "xx*", "x{3}" three copies), so stacked or nested repetitions such as
// "(.*+++...)" or "(a{1000}){1000}" grow exponentially until memory runs
// out; they are refused before regcomp sees them.
#pragma once
#include <regex.h>

#include <optional>
#include <string>
#include <string_view>

namespace chainscript {

// The most nodes a pattern may expand to, as estimated below.
constexpr double max_regex_nodes = 100000;

class Regex {
 public:
  // Compiled, or the reason it cannot be (regerror's words, or its size).
  static Regex compile(const std::string& pattern, int cflags);
  Regex(Regex&& other) noexcept;
  Regex& operator=(Regex&&) = delete;
  ~Regex();

  const std::optional<std::string>& error() const { return error_; }
  const regex_t& compiled() const { return re_; }

 private:
  Regex() = default;
  regex_t re_{};
  bool compiled_ = false;
  std::optional<std::string> error_;
};

// How many nodes glibc's tree for the pattern will have, roughly: each atom
// one, a repetition multiplying its atom (a group: all of it) by its count;
// stacked_repetitions when two repetition operators stand side by side
// ("(.*++)": POSIX leaves it undefined, and glibc's regcomp takes minutes
// over six of them).
inline constexpr double stacked_repetitions = -1;
// nested_too_deep when repetitions nest deeper than max_regex_nesting
// ("((((a*)+)+)+)+"...): glibc's time grows about fivefold per level.
inline constexpr int max_regex_nesting = 4;
inline constexpr double nested_too_deep = -2;
double regex_expanded_size(std::string_view pattern, bool extended);

}  // namespace chainscript
