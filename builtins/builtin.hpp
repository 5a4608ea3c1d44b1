// What a builtin is: a name, aliases, a synopsis, and a parse function that
// reads its options, arguments and blocks from the cursor and returns the
// action to run. Parsing is pure, so the validator can call it on a whole
// script before anything runs; only actions touch the System.
#pragma once
#include <sys/wait.h>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "interp/context.hpp"
#include "interp/cursor.hpp"

namespace chainscript {

// nullopt: go on with the rest of the chain; a value: the chain ends, with that status.
using Flow = std::optional<int>;
using Action = std::function<Flow(Context&, Cursor&)>;

struct Builtin {
  std::string_view name;
  std::vector<std::string_view> aliases;
  std::string_view synopsis;  // the usage line
  std::string_view summary;   // one line: what it does
  Action (*parse)(Cursor&, const Builtin&);
};

// The table, sorted by name; every front end (CLI, --list-builtins, help,
// multi-call, the man page check) reads this.
std::span<const Builtin> builtins();
const Builtin* find_builtin(std::string_view name);

// ---- the shared option parser -------------------------------------------------

enum class OptionStyle {
  clusters,  // execline and s6: -c, -a 0660, -b0, -nt
  gnu,       // nosh: --backlog 5, --backlog=5, -b 5, -b5
};
struct OptionSpec {
  char key;                    // the short name, or a unique id for long-only options
  std::string_view long_name;  // "" if none
  bool takes_value = false;
  bool has_short = true;
};
struct Option {
  char key;
  std::string value;
  Location at;
};
// Reads options up to the first non-option word or "--" (consumed).
std::vector<Option> parse_options(Cursor& c, const Builtin& b, std::span<const OptionSpec> specs,
                                  OptionStyle style);

// ---- argument helpers: each raises a usage error (100) naming what is missing --

[[noreturn]] void usage_error(const Location& at, const Builtin& b, const std::string& message);
Word take_arg(Cursor& c, const Builtin& b, std::string_view what);
// A block that is run as a chain (the validator looks inside it).
BlockRef take_chain_block(Cursor& c, const Builtin& b, std::string_view what);
// A block, or nosh's form: the words up to a `separator` word (";" for
// foreground, "&" for background).
BlockRef take_chain_block_or_until(Cursor& c, const Builtin& b, std::string_view what, std::string_view separator);
// execline's block as argv carries it: words up to an empty word.
BlockRef take_encoded_block(Cursor& c, const Builtin& b, std::string_view what);
// A block that is a list of words.
BlockRef take_word_block(Cursor& c, const Builtin& b, std::string_view what);
// An environment variable's name: not empty, no '='.
std::string take_variable_name(Cursor& c, const Builtin& b);
unsigned long parse_number(const Word& w, const Builtin& b, std::string_view what,
                           unsigned long max = 0xffffffffUL);
int parse_fd(const Word& w, const Builtin& b);
unsigned parse_octal(const Word& w, const Builtin& b, std::string_view what, unsigned max = 07777);

// exit status of a child, execline's way (exitcodes.html): 128+signal when killed,
// 128 for exit codes of 128 and more.
int reported_status(int wstatus);

}  // namespace chainscript

namespace chainscript {
// A child that exited 0 (not killed).
inline bool succeeded_status(int wstatus) { return WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0; }
}  // namespace chainscript
