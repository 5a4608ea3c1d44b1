// What a builtin is: its name and aliases, a summary, a declarative table of
// its options, its operands, the facts the interpreter needs about it, and a
// parse function that reads its options, arguments and blocks from the cursor
// and returns the invocation. Parsing is pure, so the validator calls it on
// the whole script before anything runs; only the invocation's run touches
// the System. The synopsis and --help are made from the table.
//
// Each builtin is one file, named as the builtin, defining
//   extern const Builtin NAME_builtin
// (NAME with '_' for '-'); the registry is the list of those, generated.
#pragma once
#include <algorithm>
#include <array>
#include <concepts>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "interp/context.hpp"
#include "interp/cursor.hpp"
#include "lib/inline_vector.hpp"

namespace chainscript {

// nullopt: go on with the rest of the chain; a value: the chain ends, with that status.
using Flow = std::optional<int>;
using Action = std::function<Flow(Context&, Cursor& rest)>;

// Validation parses every builtin of a script and runs none: while one of
// these lives, the actions that parse functions return are not kept (each
// was a heap allocation holding copies of its words, freed unused: a tenth
// of checking a script). chainscript runs one thread.
class ActionsUnused {
 public:
  ActionsUnused() : was_(active_) { active_ = true; }
  ~ActionsUnused() { active_ = was_; }
  ActionsUnused(const ActionsUnused&) = delete;
  static bool now() { return active_; }

 private:
  static inline bool active_ = false;
  bool was_;
};

struct Invocation {
  Action run;
  // Look-ups named by literal words (users, hosts, interfaces...), made before
  // the script's first effect when the invocation is in the main chain.
  std::function<void(Context&)> resolve;
  // What it substitutes into the rest, as far as validation can know it.
  std::optional<Substitution> binds;

  Invocation() = default;
  template <typename F>
    requires std::invocable<F&, Context&, Cursor&>
  Invocation(F f) {
    if (!ActionsUnused::now()) run = std::move(f);
  }
};

// A directive of multisubstitute (define, importas...): its bindings when it
// runs, and what validation can know of them.
struct Directive {
  std::function<std::vector<Binding>(Context&)> make;
  std::vector<Binding> predicted;

  Directive() = default;
  template <typename F>
    requires std::invocable<F&, Context&>
  Directive(F f, std::vector<Binding> predicted) : predicted(std::move(predicted)) {
    if (!ActionsUnused::now()) make = std::move(f);
  }
  // One binding, moved in (a braced list would copy it).
  template <typename F>
    requires std::invocable<F&, Context&>
  Directive(F f, Binding one) {
    predicted.reserve(1);
    predicted.push_back(std::move(one));
    if (!ActionsUnused::now()) make = std::move(f);
  }
};

enum class OptionStyle {
  clusters,  // execline and s6: -c, -a 0660, -b0, -nt
  gnu,       // nosh: --backlog 5, --backlog=5, -b 5, -b5
};

// The dialects an option exists in.
enum DialectSet : unsigned { in_chainscript = 1, in_execline = 2, in_nosh = 4, in_all = 7 };

// A string kept in the table that holds it, not pointed to. A table of
// pointers is relocated, so written, at every start of a PIE: the option
// tables were 6 of the 16 pages chainscript wrote before its first step.
// Made only from literals, at compile time; too long a one does not compile.
template <size_t N>
struct InlineString {
  char text[N] = {};
  unsigned char length = 0;

  constexpr InlineString() = default;
  consteval InlineString(const char* s) {
    while (s[length] != '\0') {
      if (length + 1u >= N) throw "longer than the room an OptionSpec has for it";
      text[length] = s[length];
      ++length;
    }
  }
  constexpr std::string_view view() const { return {text, length}; }
  constexpr operator std::string_view() const { return view(); }
  constexpr bool empty() const { return length == 0; }
  constexpr size_t size() const { return length; }
  friend constexpr bool operator==(const InlineString& a, std::string_view b) { return a.view() == b; }
};

struct OptionSpec {
  // What parse_options reports, and the short option when it is a letter or a
  // digit; below ' ' it is only an id (a long-only option).
  char key;
  InlineString<24> name;   // the long option ("copy" for --copy), "" if none
  InlineString<16> value;  // the name of its value ("backlog"), "" for a flag
  InlineString<96> help;   // one line, for --help and the man page
  // Options of the same nonzero group exclude each other: [ -r | -w ].
  unsigned group = 0;
  unsigned dialects = in_all;
  bool repeats = false;  // may be given again, adding to the last

  bool has_letter() const { return key > ' '; }
};

// A table made of parts a family shares: option_table(common, own, activation).
template <size_t... N>
constexpr std::array<OptionSpec, (N + ...)> option_table(const OptionSpec (&... parts)[N]) {
  std::array<OptionSpec, (N + ...)> out{};
  size_t i = 0;
  ((std::copy(std::begin(parts), std::end(parts), out.begin() + static_cast<std::ptrdiff_t>(i)), i += N), ...);
  return out;
}

// Facts the interpreter and the validator need about a builtin.
enum Fact : unsigned {
  // Refuses to be the last word (100) in the native and nosh dialects: it
  // changes process state for a program that must follow.
  needs_program = 1,
  // The same in the execline dialect, as execline's own command does.
  execline_needs_program = 2,
  // Changes the root: names after it are looked up when it has run, not before.
  changes_root = 4,
  // Refuses to be the last word in the nosh dialect only, where every tool
  // but a terminal one fails without a program after it ("Missing terminal
  // command", "Missing right-hand side").
  nosh_needs_program = 8,
};

struct Builtin {
  std::string_view name;
  std::span<const std::string_view> aliases = {};
  std::string_view summary = {};  // one line: what it does
  OptionStyle style = OptionStyle::clusters;
  std::span<const OptionSpec> options = {};
  std::string_view operands = {};  // after the options: "to from prog..."
  unsigned facts = 0;
  Invocation (*parse)(Cursor&, const Builtin&) = nullptr;
  // Set when multisubstitute takes it as a directive.
  Directive (*directive)(Cursor&, const Builtin&) = nullptr;

  bool has(Fact f) const { return (facts & f) != 0; }
  bool needs_program_in(const Rules& rules) const {
    if (rules.execline()) return has(execline_needs_program);
    return has(needs_program) || (rules.nosh() && has(nosh_needs_program));
  }
};

// The table, sorted by name; every front end (the interpreter, the CLI,
// --list-builtins, --help, multi-call, the man page check) reads this.
std::span<const Builtin* const> builtins();
const Builtin* find_builtin(std::string_view name);

// The usage line and the --help text, made from the option table, and how
// an option is spelled in --help and in the man page's OPTIONS: "-c, --copy",
// "--backlog number".
std::string synopsis(const Builtin& b);
std::string help_text(const Builtin& b);
std::string option_spelling(const OptionSpec& s);

// ---- the shared option parser -------------------------------------------------

struct Option {
  char key;
  std::string value;
  Location at;
  bool known = true;  // the value is a placeholder (validation)
  Word word() const { return {value, at, known}; }
};
// What parse_options found, in order: most invocations give none or one.
using OptionList = InlineVector<Option, 2>;
// Whether b has any option in this dialect (a tool without one reads no word
// as an option, but in nosh, where popt still passes over "-" and "--").
bool takes_options(const Builtin& b, Dialect d);
// Reads options up to the first non-option word or "--" (consumed).
OptionList parse_options(Cursor& c, const Builtin& b);
// b.parse after the name: what every front end calls (the interpreter, the
// validator, --port), so that what nosh's option parser passes over in a
// tool without options is passed over everywhere.
Invocation parse_invocation(Cursor& c, const Builtin& b);

// ---- argument helpers: each raises a usage error (100) naming what is wrong --

[[noreturn]] void usage_error(const Location& at, const Builtin& b, const std::string& message);
Word take_arg(Cursor& c, const Builtin& b, std::string_view what);
// A block that is run as a chain (the validator looks inside it).
BlockRef take_chain_block(Cursor& c, const Builtin& b, std::string_view what);
// A block, or nosh's form: the words up to a `separator` word (";" for
// foreground, "&" for background, "|" for pipe).
BlockRef take_chain_block_or_until(Cursor& c, const Builtin& b, std::string_view what, std::string_view separator);
// A block that is a list of words (in the execline dialect, also as argv
// carries one: words up to an empty word).
BlockRef take_word_block(Cursor& c, const Builtin& b, std::string_view what);
// execline: a block as argv carries it, its words up to an empty one, each
// with one leading space less (nested blocks keep theirs).
std::vector<std::string> take_encoded_words(Cursor& c, const Builtin& b, std::string_view what);
// An environment variable's name: not empty, no '='.
Word take_variable_name(Cursor& c, const Builtin& b);
// Checked numbers; a placeholder gives 0, unchecked (validation only).
unsigned long long parse_number(const Word& w, const Builtin& b, std::string_view what,
                                unsigned long long max = 0xffffffffULL);
int parse_fd(const Word& w, const Builtin& b);
// The same, as the tools of the rules read it: nosh's as strtoul does (" 3", +3, 0x3, 03).
int parse_fd(const Word& w, const Builtin& b, const Cursor& c);
unsigned parse_octal(const Word& w, const Builtin& b, std::string_view what, unsigned max = 07777);
// The same, as nosh's tools read them (the nosh dialect, --nosh-tools): as
// strtoul/strtol read a number (16, 0x10, 020, +7, -1), unchecked against max
// (the caller narrows it as C does); -1 (nullopt) where an id is read
// (nosh's --uid and --gid: "leave it").
unsigned long long parse_number(const Word& w, const Builtin& b, std::string_view what, unsigned long long max,
                                const Cursor& c);
unsigned parse_octal(const Word& w, const Builtin& b, std::string_view what, unsigned max, const Cursor& c);
std::optional<unsigned> parse_id(const Word& w, const Builtin& b, std::string_view what, const Cursor& c);

// exit status of a child, execline's way (exitcodes.html): 128+signal when killed,
// 128 for exit codes of 128 and more.
int reported_status(int wstatus);
// A child that exited 0 (not killed).
bool succeeded_status(int wstatus);

}  // namespace chainscript
