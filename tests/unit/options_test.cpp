// The one option parser (parse_options), through real builtins' option
// tables, on cursors over parsed scripts: execline's and s6's clustered
// letters, nosh's GNU-style long and short options, where options end, usage
// errors, options that exist in some dialects only, placeholders; and the
// synopsis and option spellings made from the tables.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "builtins/builtin.hpp"
#include "grammar/dialects.hpp"
#include "interp/cursor.hpp"
#include "interp/failure.hpp"

namespace chainscript {
namespace {

// A script's words under a dialect's rules, with a cursor over them.
struct Script {
  ast::Script script;
  Rules rules;
  Cursor cursor;
  Script(std::string_view text, Dialect d, Cursor::Mode mode = Cursor::Mode::run, SubstitutionList s = {})
      : script(parse_script(text, "file", d)), rules{.dialect = d}, cursor(script.body, std::move(s), rules, mode) {}
};

const Builtin& builtin(std::string_view name) {
  const Builtin* b = find_builtin(name);
  if (!b) throw std::runtime_error("no builtin " + std::string(name));
  return *b;
}

using Opts = std::vector<std::pair<char, std::string>>;  // key, value

// The options read from the start of text for builtin `name`.
Opts options(const std::string& name, std::string_view text, Dialect d) {
  Script s(text, d);
  Opts out;
  for (const auto& o : parse_options(s.cursor, builtin(name))) out.emplace_back(o.key, o.value);
  return out;
}

// What is left for the builtin's operands after its options.
std::vector<std::string> left_after(const std::string& name, std::string_view text, Dialect d) {
  Script s(text, d);
  parse_options(s.cursor, builtin(name));
  return s.cursor.rest_argv();
}

// The usage error parse_options raises, "CODE file:L:C BUILTIN: message",
// without the "; usage: SYNOPSIS" every usage error ends with.
std::string failure(const std::string& name, std::string_view text, Dialect d) {
  Script s(text, d);
  try {
    parse_options(s.cursor, builtin(name));
  } catch (const Failure& f) {
    std::string message = f.what();
    const std::string usage = "; usage: " + synopsis(builtin(name));
    if (message.ends_with(usage)) message.resize(message.size() - usage.size());
    else message += " (no usage line)";
    return std::to_string(f.code) + " " + to_string(f.at) + " " + f.builtin + ": " + message;
  }
  return "no failure";
}

// A variable whose value validation knows only as one word.
SubstitutionList known_when_run(std::string key) {
  return SubstitutionList().with(Substitution{{Binding{std::move(key), {}, Binding::Unknown::one}}});
}

using Texts = std::vector<std::string>;
constexpr auto kExecline = Dialect::execline;
constexpr auto kChainscript = Dialect::chainscript;
constexpr auto kNosh = Dialect::nosh;

// ---- clusters (execline, s6) ------------------------------------------------------

TEST(Options, ClusterOfFlags) {
  EXPECT_EQ(options("redirfd", "-nw 1 f", kExecline), (Opts{{'n', ""}, {'w', ""}}));
  EXPECT_EQ(options("s6-ipcserver-socketbinder", "-dmB p", kExecline), (Opts{{'d', ""}, {'m', ""}, {'B', ""}}));
}

TEST(Options, FlagsInSeparateWords) {
  EXPECT_EQ(options("redirfd", "-n -b -w 1 f", kExecline), (Opts{{'n', ""}, {'b', ""}, {'w', ""}}));
}

TEST(Options, ClusterValueAttached) {
  EXPECT_EQ(options("s6-ipcserver-socketbinder", "-a0660 -b0 p", kExecline), (Opts{{'a', "0660"}, {'b', "0"}}));
}

TEST(Options, ClusterValueInTheNextWord) {
  EXPECT_EQ(options("s6-ipcserver-socketbinder", "-a 0660 -b 0 p", kExecline), (Opts{{'a', "0660"}, {'b', "0"}}));
  EXPECT_EQ(left_after("s6-ipcserver-socketbinder", "-a 0660 -b 0 p prog", kExecline), (Texts{"p", "prog"}));
}

TEST(Options, ValueLetterMidClusterTakesTheRestOfTheWord) {
  // -Bb0: B, then b takes "0"; -sdab: s, then d takes "ab" (a and b are no options here).
  EXPECT_EQ(options("s6-ipcserver-socketbinder", "-Bb0m p", kExecline), (Opts{{'B', ""}, {'b', "0m"}}));
  EXPECT_EQ(options("define", "-sdab A v", kExecline), (Opts{{'s', ""}, {'d', "ab"}}));
}

TEST(Options, ValueLetterEndingAClusterTakesTheNextWord) {
  EXPECT_EQ(options("define", "-Cd :, A v", kExecline), (Opts{{'C', ""}, {'d', ":,"}}));
  EXPECT_EQ(left_after("define", "-Cd :, A v", kExecline), (Texts{"A", "v"}));
}

TEST(Options, ValueInTheNextWordMayStartWithADash) {
  EXPECT_EQ(options("define", "-d -x A v", kExecline), (Opts{{'d', "-x"}}));
  EXPECT_EQ(options("define", "-d -- A v", kExecline), (Opts{{'d', "--"}}));
  EXPECT_EQ(left_after("define", "-d -- A v", kExecline), (Texts{"A", "v"}));
}

TEST(Options, ValueMayBeEmpty) {
  EXPECT_EQ(options("define", "-d \"\" A v", kExecline), (Opts{{'d', ""}}));
  EXPECT_EQ(left_after("define", "-d \"\" A v", kExecline), (Texts{"A", "v"}));
}

TEST(Options, RepeatedOptionIsReportedEachTime) {
  EXPECT_EQ(options("redirfd", "-w -r -w 1 f", kExecline), (Opts{{'w', ""}, {'r', ""}, {'w', ""}}));
}

TEST(Options, OptionListKeepsOrderAndValuesPastItsInlineRoom) {
  // Two are kept inline, then all move to a vector: values long enough to
  // live on the heap must move with them.
  OptionList l;
  const std::vector<std::string> values{"a value longer than a short string's room", "", "x", std::string(100, 'y')};
  for (size_t i = 0; i < values.size(); ++i) {
    l.push_back(Option{static_cast<char>('a' + i), values[i], {}});
    ASSERT_EQ(l.size(), i + 1);
    for (size_t j = 0; j <= i; ++j) {
      EXPECT_EQ(l[j].key, 'a' + static_cast<int>(j));
      EXPECT_EQ(l[j].value, values[j]);
    }
  }
  const std::span<const Option> all = l;
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all.back().value, values[3]);
  size_t n = 0;
  for (const auto& o : l) EXPECT_EQ(o.value, values[n++]);
  EXPECT_EQ(n, 4u);
}

TEST(Options, OptionLocationIsItsWord) {
  Script s("-s\n  -d :\n  A v", kExecline);
  const auto got = parse_options(s.cursor, builtin("define"));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(to_string(got[0].at), "file:1:1");
  EXPECT_EQ(to_string(got[1].at), "file:2:3");
  EXPECT_TRUE(got[1].known);
  EXPECT_EQ(got[1].word().text, ":");
  EXPECT_EQ(to_string(got[1].word().at), "file:2:3");
}

// ---- gnu (nosh) ------------------------------------------------------------------

TEST(Options, GnuLongOptionWithEquals) {
  EXPECT_EQ(options("tcp-socket-listen", "--backlog=5 h s", kChainscript), (Opts{{'b', "5"}}));
}

TEST(Options, GnuLongOptionWithEqualsKeepsTheRestWhole) {
  EXPECT_EQ(options("tcp-socket-listen", "--backlog= --name=a=b h s", kChainscript),
            (Opts{{'b', ""}, {'\x1f', "a=b"}}));
}

TEST(Options, NoshHasNoLongOptionWithEquals) {
  // nosh's popt reads the whole word as the option's name.
  EXPECT_EQ(failure("tcp-socket-listen", "--backlog=5 h s", kNosh),
            "100 file:1:1 tcp-socket-listen: unknown option --backlog=5");
  EXPECT_EQ(failure("foreground", "--separator=+ a + b", kNosh), "100 file:1:1 foreground: unknown option --separator=+");
}

TEST(Options, GnuLongOptionValueInTheNextWord) {
  EXPECT_EQ(options("tcp-socket-listen", "--backlog 5 h s", kNosh), (Opts{{'b', "5"}}));
  EXPECT_EQ(left_after("tcp-socket-listen", "--backlog 5 h s", kNosh), (Texts{"h", "s"}));
}

TEST(Options, GnuShortOptionValueAttached) {
  EXPECT_EQ(options("tcp-socket-listen", "-b5 h s", kNosh), (Opts{{'b', "5"}}));
}

TEST(Options, GnuShortOptionValueInTheNextWord) {
  EXPECT_EQ(options("tcp-socket-listen", "-b 5 h s", kNosh), (Opts{{'b', "5"}}));
  EXPECT_EQ(left_after("tcp-socket-listen", "-b 5 h s", kNosh), (Texts{"h", "s"}));
}

TEST(Options, GnuLongFlags) {
  EXPECT_EQ(options("tcp-socket-listen", "--no-delay --keepalive --backlog 2 h s", kNosh),
            (Opts{{'\x0e', ""}, {'\x0d', ""}, {'b', "2"}}));
}

TEST(Options, GnuLongFlagRefusesAValue) {
  EXPECT_EQ(failure("tcp-socket-listen", "--keepalive\n --no-delay=x h s", kChainscript),
            "100 file:2:2 tcp-socket-listen: option --no-delay takes no value");
  EXPECT_EQ(failure("tcp-socket-listen", "--keepalive= h s", kChainscript),
            "100 file:1:1 tcp-socket-listen: option --keepalive takes no value");
}

TEST(Options, GnuLongAndShortNamesAreTheSameOption) {
  EXPECT_EQ(options("fdmove", "-c 1 2", kNosh), (Opts{{'c', ""}}));
  EXPECT_EQ(options("fdmove", "--copy 1 2", kNosh), (Opts{{'c', ""}}));
}

TEST(Options, GnuShortFlagsCluster) {
  EXPECT_EQ(options("envdir", "-nfc0 d", kChainscript), (Opts{{'n', ""}, {'f', ""}, {'c', "0"}}));
  // nosh's envdir: -c is --chomp, a flag.
  EXPECT_EQ(options("envdir", "-ifc d", kNosh), (Opts{{'i', ""}, {'f', ""}, {'c', ""}}));
}

TEST(Options, GnuLongOnlyOptionHasNoLetter) {
  EXPECT_EQ(options("tcp-socket-listen", "--keepalive --backlog 2 h s", kNosh), (Opts{{'\x0d', ""}, {'b', "2"}}));
  EXPECT_EQ(failure("tcp-socket-listen", "-\x0e h s", kNosh), "100 file:1:1 tcp-socket-listen: unknown option -\x0e");
}

TEST(Options, GnuUnknownLongOption) {
  EXPECT_EQ(failure("envdir", "-f --nope d", kNosh), "100 file:1:4 envdir: unknown option --nope");
  EXPECT_EQ(failure("envdir", "--nope=1 d", kChainscript), "100 file:1:1 envdir: unknown option --nope");
}

TEST(Options, LongOptionsAreNotReadInClustersStyle) {
  // redirfd's style is clusters: "--w" is the letters -, w.
  EXPECT_EQ(failure("redirfd", "--w 1 f", kExecline), "100 file:1:1 redirfd: unknown option --");
}

// ---- where options end -----------------------------------------------------------

TEST(Options, DoubleDashEndsOptionsAndIsConsumed) {
  EXPECT_EQ(options("redirfd", "-w -- -r 1", kExecline), (Opts{{'w', ""}}));
  EXPECT_EQ(left_after("redirfd", "-w -- -r 1", kExecline), (Texts{"-r", "1"}));
  EXPECT_EQ(left_after("fdmove", "-- -c 1", kNosh), (Texts{"-c", "1"}));
  EXPECT_EQ(left_after("fdmove", "-- -- 1", kNosh), (Texts{"--", "1"}));
}

TEST(Options, FirstNonOptionWordEndsOptionsAndIsNotConsumed) {
  EXPECT_EQ(options("redirfd", "-w 1 -r f", kExecline), (Opts{{'w', ""}}));
  EXPECT_EQ(left_after("redirfd", "-w 1 -r f", kExecline), (Texts{"1", "-r", "f"}));
  EXPECT_EQ(left_after("tcp-socket-listen", "--keepalive h --backlog=1", kNosh), (Texts{"h", "--backlog=1"}));
}

TEST(Options, LoneDashIsNotAnOption) {
  EXPECT_EQ(options("redirfd", "-r - x", kExecline), (Opts{{'r', ""}}));
  EXPECT_EQ(left_after("redirfd", "-r - x", kExecline), (Texts{"-", "x"}));
  // nosh's popt passes over a lone "-" among the options (nosh 1.40: case
  // lone-dash-before-operands); after the first operand it is an operand.
  EXPECT_EQ(left_after("fdmove", "- 1", kNosh), (Texts{"1"}));
  EXPECT_EQ(left_after("fdmove", "-c - 1 -", kNosh), (Texts{"1", "-"}));
}

TEST(Options, EmptyWordIsNotAnOption) {
  EXPECT_EQ(left_after("redirfd", "\"\" -w", kExecline), (Texts{"", "-w"}));
}

TEST(Options, BlockEndsOptions) {
  Script s("-w { -r } x", kChainscript);
  EXPECT_EQ(parse_options(s.cursor, builtin("redirfd")).size(), 1u);
  EXPECT_TRUE(s.cursor.next_is_block());
}

TEST(Options, NoWordsNoOptions) {
  Script s("", kExecline);
  EXPECT_TRUE(parse_options(s.cursor, builtin("redirfd")).empty());
  EXPECT_TRUE(s.cursor.at_end());
}

// ---- usage errors ----------------------------------------------------------------

TEST(Options, UnknownLetterIsAUsageErrorAtItsWord) {
  EXPECT_EQ(failure("redirfd", "-w\n  -nq 1 f", kExecline), "100 file:2:3 redirfd: unknown option -q");
}

TEST(Options, UsageErrorEndsWithTheSynopsis) {
  Script s("-wq 1 f", kExecline);
  try {
    parse_options(s.cursor, builtin("redirfd"));
    FAIL() << "no failure";
  } catch (const Failure& f) {
    EXPECT_EQ(f.code, exit_code::usage);
    EXPECT_EQ(f.builtin, "redirfd");
    EXPECT_EQ(std::string(f.what()),
              "unknown option -q; usage: redirfd [ -r | -w | -u | -a | -c | -x ] [ -n ] [ -b ] fd file prog...");
  }
}

TEST(Options, MissingValueIsAUsageErrorAtTheOption) {
  EXPECT_EQ(failure("define", "-s\n -d", kExecline), "100 file:2:2 define: option -d needs a value");
  EXPECT_EQ(failure("tcp-socket-listen", "--backlog", kNosh),
            "100 file:1:1 tcp-socket-listen: option --backlog needs a value");
  EXPECT_EQ(failure("tcp-socket-listen", "--keepalive -b", kNosh),
            "100 file:1:13 tcp-socket-listen: option -b needs a value");
}

TEST(Options, BlockIsNoValue) {
  EXPECT_EQ(failure("define", "-d { x }", kChainscript), "100 file:1:1 define: option -d needs a value");
}

// ---- dialects ----------------------------------------------------------------------

TEST(Options, OptionOfSomeDialectsOnly) {
  // redirfd -c (append, never create) is chainscript's and nosh's, not execline's.
  EXPECT_EQ(options("redirfd", "-c 1 f", kChainscript), (Opts{{'c', ""}}));
  EXPECT_EQ(options("redirfd", "-c 1 f", kNosh), (Opts{{'c', ""}}));
  EXPECT_EQ(failure("redirfd", "-c 1 f", kExecline), "100 file:1:1 redirfd: unknown option -c");
}

TEST(Options, LongOptionOfSomeDialectsOnly) {
  EXPECT_EQ(options("foreground", "--separator=+ a + b", kChainscript), (Opts{{'S', "+"}}));
  EXPECT_EQ(options("foreground", "--separator + a + b", kChainscript), (Opts{{'S', "+"}}));
  EXPECT_EQ(left_after("foreground", "--separator + a + b", kChainscript), (Texts{"a", "+", "b"}));
}

TEST(Options, BuiltinWithNoOptionInTheDialectTakesDashWordsAsOperands) {
  // execline's foreground has no option: --separator and -x are its operands.
  EXPECT_EQ(options("foreground", "--separator=+ a", kExecline), Opts{});
  EXPECT_EQ(left_after("foreground", "--separator=+ a", kExecline), (Texts{"--separator=+", "a"}));
  EXPECT_EQ(left_after("foreground", "-x -- a", kExecline), (Texts{"-x", "--", "a"}));
}

TEST(Options, BuiltinWithNoOptionsAtAllTakesDashWordsAsOperands) {
  ASSERT_TRUE(builtin("true").options.empty());
  EXPECT_EQ(left_after("true", "-x --y -- z", kChainscript), (Texts{"-x", "--y", "--", "z"}));
}

// ---- placeholders --------------------------------------------------------------------

TEST(Options, PlaceholderAtAnOptionPositionIsUncertainWhenValidating) {
  Script s("-w $A 1 f", kExecline, Cursor::Mode::validate, known_when_run("A"));
  EXPECT_THROW(parse_options(s.cursor, builtin("redirfd")), Uncertain);
  // A word only partly known is as uncertain, even one that starts with "-".
  Script attached("-b$A p", kExecline, Cursor::Mode::validate, known_when_run("A"));
  EXPECT_THROW(parse_options(attached.cursor, builtin("s6-ipcserver-socketbinder")), Uncertain);
}

TEST(Options, PlaceholderAtAnOptionPositionEndsTheOptionsInPort) {
  Script s("-w $A 1 f", kExecline, Cursor::Mode::port);
  const auto got = parse_options(s.cursor, builtin("redirfd"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].key, 'w');
  const Word* next = s.cursor.peek();
  ASSERT_NE(next, nullptr);
  EXPECT_FALSE(next->known);
  EXPECT_EQ(next->text, "$A");
}

TEST(Options, KnownWordsParseAsUsualWhenValidating) {
  Script s("-nw 1 $A", kExecline, Cursor::Mode::validate, known_when_run("A"));
  const auto got = parse_options(s.cursor, builtin("redirfd"));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].key, 'w');
  EXPECT_EQ(s.cursor.take_word().text, "1");
  EXPECT_FALSE(s.cursor.take_word().known);
}

TEST(Options, PlaceholderAsAValueIsNotKnown) {
  Script s("-d $A -s A v", kExecline, Cursor::Mode::validate, known_when_run("A"));
  const auto got = parse_options(s.cursor, builtin("define"));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].key, 'd');
  EXPECT_FALSE(got[0].known);
  EXPECT_EQ(got[0].value, "${A}");
  EXPECT_FALSE(got[0].word().known);
  EXPECT_EQ(got[1].key, 's');
  EXPECT_TRUE(got[1].known);
}

TEST(Options, PlaceholderAsALongOptionValueIsNotKnown) {
  // (In the nosh dialect nothing is substituted: tcp-socket-listen's GNU
  // options are read the same way in every dialect.)
  Script s("--backlog $N h s", kChainscript, Cursor::Mode::validate, known_when_run("N"));
  const auto got = parse_options(s.cursor, builtin("tcp-socket-listen"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].key, 'b');
  EXPECT_FALSE(got[0].known);
}

TEST(Options, PlaceholderAsAValueInPortIsTheWordAsWritten) {
  Script s("-a $P -b 0 p", kExecline, Cursor::Mode::port);
  const auto got = parse_options(s.cursor, builtin("s6-ipcserver-socketbinder"));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].key, 'a');
  EXPECT_FALSE(got[0].known);
  EXPECT_EQ(got[0].value, "$P");
  EXPECT_EQ(got[1].key, 'b');
  EXPECT_TRUE(got[1].known);
  EXPECT_EQ(got[1].value, "0");
}

// ---- synopsis and spelling -----------------------------------------------------------

TEST(Options, SynopsisOfAClustersBuiltin) {
  // Every dialect's options, groups as [ a | b ], then the operands.
  EXPECT_EQ(synopsis(builtin("redirfd")), "redirfd [ -r | -w | -u | -a | -c | -x ] [ -n ] [ -b ] fd file prog...");
  EXPECT_EQ(synopsis(builtin("define")), "define [ -s ] [ -C | -c ] [ -N | -n ] [ -d delim ] variable value prog...");
}

TEST(Options, SynopsisOfAGnuBuiltin) {
  // The long name when there is one, else the letter.
  EXPECT_EQ(synopsis(builtin("envdir")),
            "envdir [ --ignore-nodir | -i ] [ -n ] [ --full ] [ -L ] [ -c nullis ] [ --chomp ] dir prog...");
  EXPECT_EQ(synopsis(builtin("fdmove")), "fdmove [ --copy ] to from prog...");
}

TEST(Options, SynopsisMarksARepeatableOption) {
  EXPECT_EQ(synopsis(builtin("env")), "env [ --ignore-environment ] [ --unset name ]... [ name=value ]... prog...");
}

const OptionSpec& spec(const Builtin& b, char key) {
  for (const auto& s : b.options)
    if (s.key == key) return s;
  throw std::runtime_error("no option");
}

TEST(Options, OptionSpelling) {
  EXPECT_EQ(option_spelling(spec(builtin("redirfd"), 'w')), "-w");
  EXPECT_EQ(option_spelling(spec(builtin("define"), 'd')), "-d delim");
  EXPECT_EQ(option_spelling(spec(builtin("envdir"), 'I')), "-I, --ignore-nodir");
  EXPECT_EQ(option_spelling(spec(builtin("printenv"), '\x02')), "--conf");
  EXPECT_EQ(option_spelling(spec(builtin("tcp-socket-listen"), 'b')), "-b, --backlog number");
  EXPECT_EQ(option_spelling(spec(builtin("tcp-socket-listen"), '\x0f')), "--defer-accept seconds");
}

}  // namespace
}  // namespace chainscript
