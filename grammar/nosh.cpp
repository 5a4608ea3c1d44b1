// The nosh dialect: nosh's script lexing (no substitution, no blocks: nosh's
// commands end their sub-commands with a ";" or "&" word instead).
//
//   script    <- (blank / line_join / !'#' word / comment)* EOF
//   blank     <- [ \t\r\n\v\f]
//   line_join <- '\' newline                        joins lines, also inside a word
//   comment   <- '#' (!newline .)*                   only where a word would start
//   word      <- piece (&[^ \t\r\n\v\f] piece)*
//   piece     <- bare / dquoted / squoted / escaped
//   dquoted   <- '"' ('\' newline / '\' . / [^"\])* '"'   a backslash makes the next character literal
//   squoted   <- "'" [^']* "'"                        nothing is special
//   escaped   <- '\' .                                the character
//   bare      <- [^ \t\r\n\v\f"'\]+
#include <tao/pegtl.hpp>

#include "dialects.hpp"
#include "pegtl_common.hpp"

namespace chainscript::nosh {
namespace pegtl = tao::pegtl;
using namespace pegtl;

struct blank : one<' ', '\t', '\r', '\n', '\v', '\f'> {};
struct line_join : seq<one<'\\'>, one<'\n'>> {};
struct comment : seq<one<'#'>, until<eolf>> {};

struct dq_open : one<'"'> {};
struct dq_close : one<'"'> {};
struct dq_escaped : seq<one<'\\'>, not_one<'\n'>> {};
struct dq_text : plus<not_one<'"', '\\'>> {};
struct dquoted : if_must<dq_open, star<sor<line_join, dq_escaped, dq_text>>, dq_close> {};
struct sq_open : one<'\''> {};
struct sq_close : one<'\''> {};
struct sq_text : star<not_one<'\''>> {};
struct squoted : if_must<sq_open, sq_text, sq_close> {};
struct escaped : seq<one<'\\'>, any> {};
struct trailing_backslash : seq<one<'\\'>, eof> {};
struct bare : grammar::run_without<' ', '\t', '\r', '\n', '\v', '\f', '"', '\'', '\\'> {};
// bare first: most pieces are; the others start with a character bare refuses.
struct piece : sor<bare, line_join, dquoted, squoted, escaped> {};
// A piece follows only where no blank or the end is: one test, not a failed
// try of every kind of piece, ends each word.
struct word : seq<piece, star<at<not_one<' ', '\t', '\r', '\n', '\v', '\f'>>, piece>> {};
// Tried in the order they come: a word before a comment (where a word would
// start, '#' begins a comment) and before the rarest, a trailing backslash
// (which no piece matches).
struct word_here : seq<not_at<one<'#'>>, word> {};
struct script : seq<star<sor<blank, line_join, word_here, comment, trailing_backslash>>, eof> {};

using grammar::State;

template <typename Rule>
struct action : nothing<Rule> {};
template <>
struct action<bare> {
  template <typename In>
  static void apply(const In& in, State& s) { s.out.add_run(in.string_view(), false); }
};
template <>
struct action<dq_text> : action<bare> {};
template <>
struct action<sq_text> : action<bare> {};
template <>
struct action<escaped> {
  template <typename In>
  static void apply(const In& in, State& s) { s.out.add_char(in.peek_char(1), false); }
};
template <>
struct action<dq_escaped> : action<escaped> {};
template <>
struct action<dq_open> {
  template <typename In>
  static void apply(const In& in, State& s) {
    s.quote_open = grammar::place_of(in);
    s.out.add("", false);
  }
};
template <>
struct action<sq_open> : action<dq_open> {};
template <>
struct action<comment> : grammar::comment_action {};
template <>
struct action<word> : grammar::word_action<false> {};

template <typename Rule>
struct control : normal<Rule> {
  template <typename In, typename... States>
  [[noreturn]] static void raise(const In& in, States&&...) {
    grammar::fail(grammar::place_of(in), "syntax error");
  }
};
template <>
struct control<dq_close> : grammar::unterminated<dq_close, true> {};
template <>
struct control<sq_close> : grammar::unterminated<sq_close, false> {};

void parse(std::string_view text, ast::Script& s) {
  grammar::parse_with<script, action, control>(text, s);
}

}  // namespace chainscript::nosh
