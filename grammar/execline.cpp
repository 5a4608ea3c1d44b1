// The execline dialect: execlineb's lexing exactly (its manual, execlineb.html).
//
//   script    <- (blank / continuation / !'#' word / comment)* EOF
//   blank     <- [\x01-\x20]                         every control byte but NUL, and space
//   continuation <- '\' newline                      at the start of a word: nothing
//   comment   <- '#' (!newline .)*                    only where a word would start
//   word      <- piece (&[^\x01-\x20] piece)*      a bare "{" or "}" word opens or closes a block
//   piece     <- bare / dquoted / escaped
//   escaped   <- '\' .                                the character (a newline too)
//   dquoted   <- '"' (escape / [^"\])* '"'
//   escape    <- '\' ( newline                        removed
//                    / [abtnvfr]                      control characters
//                    / '0x' hex hex?                  hexadecimal, not 0
//                    / '0' oct oct? oct?              octal, not 0, at most 0377
//                    / [1-9] digit? digit?            decimal, at most 255
//                    / . )                            the character itself
//   bare      <- [^\x01-\x20"\]+
// Every piece is substitutable: execline substitutes on the argv text.
#include <tao/pegtl.hpp>

#include "dialects.hpp"
#include "lib/numbers.hpp"
#include "pegtl_common.hpp"

namespace chainscript::execline {
namespace pegtl = tao::pegtl;
using namespace pegtl;

struct blank : range<'\x01', '\x20'> {};
struct continuation : seq<one<'\\'>, one<'\n'>> {};
struct comment : seq<one<'#'>, until<eolf>> {};

struct dq_open : one<'"'> {};
struct dq_close : one<'"'> {};
struct dq_text : plus<not_one<'"', '\\'>> {};
struct dq_newline : one<'\n'> {};
struct dq_control : one<'a', 'b', 't', 'n', 'v', 'f', 'r'> {};
struct dq_hex : seq<one<'0'>, one<'x'>, must<xdigit>, opt<xdigit>> {};
struct dq_octal : seq<one<'0'>, rep_opt<3, range<'0', '7'>>> {};
struct dq_decimal : seq<range<'1', '9'>, rep_opt<2, digit>> {};
struct dq_other : any {};
struct dq_escape : if_must<one<'\\'>, sor<dq_newline, dq_control, dq_hex, dq_octal, dq_decimal, dq_other>> {};
struct dquoted : if_must<dq_open, star<sor<dq_escape, dq_text>>, dq_close> {};

struct escaped : seq<one<'\\'>, any> {};
struct dangling_backslash : seq<one<'\\'>, eof> {};
struct trailing_backslash : seq<one<'\\'>, eof> {};
struct bare_run : grammar::run_without<'\x01', '\x02', '\x03', '\x04', '\x05', '\x06', '\x07', '\x08', '\x09', '\x0a', '\x0b',
                               '\x0c', '\x0d', '\x0e', '\x0f', '\x10', '\x11', '\x12', '\x13', '\x14', '\x15', '\x16',
                               '\x17', '\x18', '\x19', '\x1a', '\x1b', '\x1c', '\x1d', '\x1e', '\x1f', ' ', '"', '\\'> {};
// bare_run first: most pieces are; the others start with a character it refuses.
struct piece : sor<bare_run, dquoted, escaped, seq<dangling_backslash, raise<dangling_backslash>>> {};
// A piece follows only where no blank or the end is: one test, not a failed
// try of every kind of piece, ends each word.
struct word : seq<piece, star<at<not_range<'\x01', '\x20'>>, piece>> {};
// A backslash ending the input is ignored where a word would start, and an
// error inside a word (as execlineb has it). Tried in the order they come:
// a word before a comment (where a word would start, '#' begins a comment)
// and before the rarest, that trailing backslash.
struct word_here : seq<not_at<one<'#'>>, not_at<trailing_backslash>, word> {};
struct script : seq<star<sor<blank, continuation, word_here, comment, trailing_backslash>>, eof> {};

using grammar::State;

template <typename Rule>
struct action : nothing<Rule> {};

template <>
struct action<bare_run> {
  template <typename In>
  static void apply(const In& in, State& s) { s.out.add_run(in.string_view(), true); }
};
template <>
struct action<dq_text> : action<bare_run> {};
template <>
struct action<escaped> {
  template <typename In>
  static void apply(const In& in, State& s) {
    s.out.add_char(in.peek_char(1), true);
    s.out.mark_quoted();
  }
};
template <>
struct action<dq_open> {
  template <typename In>
  static void apply(const In& in, State& s) {
    s.quote_open = grammar::place_of(in);
    s.out.add("", true);
    s.out.mark_quoted();
  }
};
template <>
struct action<dq_control> {
  template <typename In>
  static void apply(const In& in, State& s) {
    static constexpr std::string_view from = "abtnvfr", to = "\a\b\t\n\v\f\r";
    s.out.add_char(to[from.find(in.peek_char())], true);
  }
};
template <>
struct action<dq_other> {
  template <typename In>
  static void apply(const In& in, State& s) { s.out.add_char(in.peek_char(), true); }
};

template <std::optional<Number> (*Read)(std::string_view, Number), size_t Skip>
struct numeric {
  template <typename In>
  static void apply(const In& in, State& s) {
    const auto digits = in.string_view().substr(Skip);
    const Number v = digits.empty() ? 0 : Read(digits, 0xffff).value_or(0);
    const auto p = grammar::at_backslash(grammar::place_of(in));
    if (v == 0) grammar::fail(p, "escape sequence for a null character");
    if (v > 255) grammar::fail(p, "escape sequence over 255");
    s.out.add_char(static_cast<char>(v), true);
  }
};
template <>
struct action<dq_hex> : numeric<hexadecimal_number, 2> {};
template <>
struct action<dq_octal> : numeric<octal_number, 1> {};
template <>
struct action<dq_decimal> : numeric<decimal_number, 0> {};

template <>
struct action<comment> : grammar::comment_action {};
template <>
struct action<word> : grammar::word_action<true> {};

template <typename Rule>
struct control : normal<Rule> {
  template <typename In, typename... States>
  [[noreturn]] static void raise(const In& in, States&&...) {
    grammar::fail(grammar::place_of(in), "bad escape sequence");
  }
};
template <>
struct control<dq_close> : grammar::unterminated<dq_close, true> {};
template <>
struct control<dangling_backslash> : normal<dangling_backslash> {
  template <typename In, typename... States>
  [[noreturn]] static void raise(const In& in, States&&...) {
    grammar::fail(grammar::place_of(in), "backslash at the end of the input, inside a word");
  }
};

void parse(std::string_view text, ast::Script& s) {
  grammar::parse_with<script, action, control>(text, s);
}

}  // namespace chainscript::execline
