// What the three dialects' PEGTL grammars share: the parse state, the actions
// for comments and word ends, and the driver that turns parse errors into
// SyntaxErrors. Each grammar keeps only its own rules and piece actions.
#pragma once
#include <tao/pegtl.hpp>

#include "script_builder.hpp"

namespace chainscript::grammar {

struct State {
  ScriptBuilder& out;
  tao::pegtl::position quote_open{0, 1, 1, ""};
};

struct comment_action {
  template <typename In>
  static void apply(const In& in, State& s) {
    const auto p = in.position();
    auto text = in.string_view();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    s.out.comment(static_cast<unsigned>(p.line), static_cast<unsigned>(p.column), text);
  }
};

template <bool BareBracesAreBlocks>
struct word_action {
  template <typename In>
  static void apply(const In& in, State& s) {
    const auto p = in.position();
    s.out.end_word(static_cast<unsigned>(p.line), static_cast<unsigned>(p.column), BareBracesAreBlocks);
  }
};

// A closing quote that never comes: reported where the quote opened.
template <typename Close, bool Double>
struct unterminated : tao::pegtl::normal<Close> {
  template <typename In>
  [[noreturn]] static void raise(const In&, State& s) {
    throw tao::pegtl::parse_error(Double ? "unterminated double-quoted string" : "unterminated single-quoted string",
                                  s.quote_open);
  }
};

template <typename Script, template <typename> class Action, template <typename> class Control>
std::vector<ast::Node> parse_with(std::string_view text, const std::string* file,
                                  std::vector<ast::Comment>* comments) {
  namespace pegtl = tao::pegtl;
  ScriptBuilder out(file);
  State state{out};
  pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf_crlf> in(text.data(), text.size(), *file);
  try {
    pegtl::parse<Script, Action, Control>(in, state);
  } catch (const pegtl::parse_error& e) {
    const auto& p = e.positions().front();
    out.error(static_cast<unsigned>(p.line), static_cast<unsigned>(p.column), std::string(e.message()));
  }
  if (comments) *comments = out.take_comments();
  return out.finish();
}

}  // namespace chainscript::grammar
