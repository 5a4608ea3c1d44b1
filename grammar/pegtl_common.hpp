// What the three dialects' PEGTL grammars share: the parse state, the actions
// for comments and word ends, and the driver that turns parse errors into
// SyntaxErrors. Each grammar keeps only its own rules and piece actions.
#pragma once
#include <array>
#include <tao/pegtl.hpp>

#include "script_builder.hpp"

namespace chainscript::grammar {

// Where a grammar stops, as line and column only: PEGTL's position carries a
// copy of the file name, and its parse_error formats through an ostringstream,
// which would link libstdc++'s locales into a binary that starts per service.
struct Place {
  std::size_t line = 1, column = 1;
};
template <typename In>
Place place_of(const In& in) {
  return {in.iterator().line, in.iterator().column};
}
inline Place at_backslash(Place p) {  // an escape's error points at its backslash
  --p.column;
  return p;
}
struct Failure {
  Place at;
  std::string message;
};
[[noreturn]] inline void fail(Place at, std::string message) { throw Failure{at, std::move(message)}; }

struct State {
  ScriptBuilder& out;
  Place quote_open;
};

struct comment_action {
  template <typename In>
  static void apply(const In& in, State& s) {
    const auto p = place_of(in);
    auto text = in.string_view();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    s.out.comment(static_cast<unsigned>(p.line), static_cast<unsigned>(p.column), text);
  }
};

template <bool BareBracesAreBlocks>
struct word_action {
  template <typename In>
  static void apply(const In& in, State& s) {
    const auto p = place_of(in);
    s.out.end_word(static_cast<unsigned>(p.line), static_cast<unsigned>(p.column), BareBracesAreBlocks);
  }
};

// plus<not_one<Stops...>> for a set that holds the newline, matched through
// a table with one column update for the whole run: most bytes of a script
// are in bare words, where PEGTL's not_one would track lines byte by byte.
template <char... Stops>
struct run_without {
  static_assert(((Stops == '\n') || ...), "a run within a line must stop at a newline");
  using rule_t = run_without;
  using subs_t = tao::pegtl::empty_list;
  static constexpr std::array<bool, 256> stop = [] {
    std::array<bool, 256> t{};
    ((t[static_cast<unsigned char>(Stops)] = true), ...);
    return t;
  }();
  template <typename In>
  [[nodiscard]] static bool match(In& in) noexcept {
    const char* const begin = in.current();
    const char* p = begin;
    while (p != in.end() && !stop[static_cast<unsigned char>(*p)]) ++p;
    if (p == begin) return false;
    in.bump_in_this_line(static_cast<std::size_t>(p - begin));
    return true;
  }
};

// A closing quote that never comes: reported where the quote opened.
template <typename Close, bool Double>
struct unterminated : tao::pegtl::normal<Close> {
  template <typename In>
  [[noreturn]] static void raise(const In&, State& s) {
    fail(s.quote_open, Double ? "unterminated double-quoted string" : "unterminated single-quoted string");
  }
};

template <typename Script, template <typename> class Action, template <typename> class Control>
void parse_with(std::string_view text, ast::Script& s) {
  namespace pegtl = tao::pegtl;
  ScriptBuilder out(s.file, s.arena, text.size());
  State state{out, {}};
  pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf_crlf> in(text.data(), text.size(), *s.file);
  try {
    pegtl::parse<Script, Action, Control>(in, state);
  } catch (Failure& e) {
    out.error(static_cast<unsigned>(e.at.line), static_cast<unsigned>(e.at.column), std::move(e.message));
  }
  s.body = out.finish();
  s.comments = out.take_comments();
  s.too_deep_to_run = out.too_deep_to_run();
}

}  // namespace chainscript::grammar
