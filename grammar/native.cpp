// The native chainscript dialect, as PEGTL rules; actions are kept below.
//
//   script    <- (separator / !'#' word / comment)* EOF
//   separator <- [ \t\r\n\v\f] / '\' newline        (backslash-newline joins lines)
//   comment   <- '#' (!newline .)*                  (only where a word would start)
//   word      <- piece (&[^ \t\r\n\v\f] piece)*     a bare "{" or "}" word opens or closes a block
//   piece     <- bare / '\' newline / dquoted / squoted / escaped
//   dquoted   <- '"' (escape / [^"\])* '"'           escapes: \a \b \t \n \v \f \r \e
//                                                    \\ \" \$ \xHH \0NNN, \ newline
//                                                    (none may make a NUL byte)
//   squoted   <- "'" [^']* "'"                       literal, never substituted
//   escaped   <- '\' .                               the character, literal
//   bare      <- [^ \t\r\n\v\f"'\]+                  substitutable text
#include <tao/pegtl.hpp>

#include "dialects.hpp"
#include "lib/numbers.hpp"
#include "pegtl_common.hpp"

namespace chainscript::native {
namespace pegtl = tao::pegtl;
using namespace pegtl;

struct blank : one<' ', '\t', '\r', '\n', '\v', '\f'> {};
struct line_join : seq<one<'\\'>, eol> {};
struct separator : sor<blank, line_join> {};
struct comment : seq<one<'#'>, until<eolf>> {};

struct dq_open : one<'"'> {};
struct dq_close : one<'"'> {};
struct dq_text : plus<not_one<'"', '\\'>> {};
struct dq_simple : one<'a', 'b', 't', 'n', 'v', 'f', 'r', 'e', '\\', '"'> {};
struct dq_dollar : one<'$'> {};
struct dq_hex : seq<one<'x'>, xdigit, xdigit> {};
struct dq_octal : seq<one<'0'>, rep_opt<3, range<'0', '7'>>> {};
struct dq_escape_body : sor<eol, dq_simple, dq_dollar, dq_hex, dq_octal> {};
struct dq_escape : if_must<one<'\\'>, dq_escape_body> {};
struct dquoted : if_must<dq_open, star<sor<dq_escape, dq_text>>, dq_close> {};

struct sq_open : one<'\''> {};
struct sq_close : one<'\''> {};
struct sq_text : star<not_one<'\''>> {};
struct squoted : if_must<sq_open, sq_text, sq_close> {};

struct escaped : seq<one<'\\'>, any> {};
struct trailing_backslash : seq<one<'\\'>, eof> {};  // ignored, as execlineb does
struct bare : grammar::run_without<' ', '\t', '\r', '\n', '\v', '\f', '"', '\'', '\\'> {};
// bare first: most pieces are; the others start with a character bare refuses.
struct piece : sor<bare, line_join, dquoted, squoted, escaped> {};
// A piece follows only where no blank or the end is: one test, not a failed
// try of every kind of piece, ends each word.
struct word : seq<piece, star<at<not_one<' ', '\t', '\r', '\n', '\v', '\f'>>, piece>> {};
// Tried in the order they come: a word is tried before a comment (where
// a word would start, '#' begins a comment, so a word must not) and before
// the rarest, a trailing backslash (which no piece matches).
struct word_here : seq<not_at<one<'#'>>, word> {};
struct script : seq<star<sor<separator, word_here, comment, trailing_backslash>>, eof> {};

// ---- actions: how matched text becomes pieces --------------------------------

using grammar::State;

template <typename Rule>
struct action : nothing<Rule> {};

template <>
struct action<bare> {
  template <typename In>
  static void apply(const In& in, State& s) { s.out.add_run(in.string_view(), true); }
};
template <>
struct action<escaped> {
  template <typename In>
  static void apply(const In& in, State& s) { s.out.add_char(in.peek_char(1), false); }
};
template <>
struct action<sq_open> {
  template <typename In>
  static void apply(const In& in, State& s) { s.quote_open = grammar::place_of(in); }
};
template <>
struct action<dq_open> : action<sq_open> {};
template <>
struct action<squoted> {  // a quoted "{" is a plain word
  template <typename In>
  static void apply(const In&, State& s) { s.out.mark_quoted(); }
};
template <>
struct action<sq_text> {
  template <typename In>
  static void apply(const In& in, State& s) { s.out.add_run(in.string_view(), false); }
};
template <>
struct action<dquoted> {  // "" is an empty word: make sure it has a piece; "{" is a plain word
  template <typename In>
  static void apply(const In&, State& s) {
    s.out.add("", true);
    s.out.mark_quoted();
  }
};
template <>
struct action<dq_text> : action<bare> {};
template <>
struct action<dq_simple> {
  template <typename In>
  static void apply(const In& in, State& s) {
    static constexpr std::string_view from = "abtnvfre\\\"", to = "\a\b\t\n\v\f\r\x1b\\\"";
    s.out.add_char(to[from.find(in.peek_char())], true);
  }
};
template <>
struct action<dq_dollar> {
  template <typename In>
  static void apply(const In&, State& s) { s.out.add_char('$', false); }
};
// \xHH and \0NNN: a byte, neither NUL (words are C strings when they run)
// nor over 0377.
template <Number (*Read)(std::string_view)>
struct byte_escape {
  template <typename In>
  static void apply(const In& in, State& s) {
    const auto digits = in.string_view().substr(1);
    const Number v = Read(digits);
    const auto p = grammar::at_backslash(grammar::place_of(in));
    if (v == 0) grammar::fail(p, "escape sequence for a NUL byte");
    if (v > 255) grammar::fail(p, "octal escape \\0" + std::string(digits) + " is over 0377");
    s.out.add_char(static_cast<char>(v), true);
  }
};
inline Number hex_byte(std::string_view d) { return hexadecimal_number(d, 0xff).value_or(0); }
inline Number octal_byte(std::string_view d) { return d.empty() ? 0 : octal_number(d, 0777).value_or(0); }
template <>
struct action<dq_hex> : byte_escape<hex_byte> {};
template <>
struct action<dq_octal> : byte_escape<octal_byte> {};
template <>
struct action<comment> : grammar::comment_action {};
template <>
struct action<word> : grammar::word_action<true> {};

// ---- error messages ----------------------------------------------------------

template <typename Rule>
struct control : normal<Rule> {
  static constexpr const char* message = "syntax error";
  template <typename In, typename... States>
  [[noreturn]] static void raise(const In& in, States&&...) {
    grammar::fail(grammar::place_of(in), message);
  }
};
template <>
struct control<dq_escape_body> : normal<dq_escape_body> {
  template <typename In, typename... States>
  [[noreturn]] static void raise(const In& in, States&&...) {
    const auto p = grammar::at_backslash(grammar::place_of(in));
    grammar::fail(p, "unknown escape sequence in double quotes (use \\\\ for a backslash)");
  }
};
template <>
struct control<dq_close> : grammar::unterminated<dq_close, true> {};
template <>
struct control<sq_close> : grammar::unterminated<sq_close, false> {};

void parse(std::string_view text, ast::Script& s) {
  grammar::parse_with<script, action, control>(text, s);
}

}  // namespace chainscript::native
