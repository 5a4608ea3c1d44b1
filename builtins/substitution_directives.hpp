// What the substituting builtins share (define, importas, multidefine,
// elglob, elgetpositionals, backtick, withstdinas, getpid, getcwd, and
// multisubstitute, which runs several as one): the value options of
// execline's el_transform, the substitution key, and making the substitution
// happen (shown as a step of its own in plans and traces).
#pragma once
#include <optional>

#include "builtins/builtin.hpp"

namespace chainscript {

// el_transform's value options, as define, importas and multidefine take
// them (groups 11 and 12: -C | -c, -N | -n); transform_option reads them.
inline constexpr OptionSpec split_option_spec[] = {
    {'s', "", "", "split the value into words at the delimiters"},
};
inline constexpr OptionSpec transform_options[] = {
    {'C', "", "", "crunch: runs of delimiters count as one", 11},
    {'c', "", "", "do not crunch (the default)", 11},
    {'N', "", "", "keep a final delimiter (the default)", 12},
    {'n', "", "", "chomp: drop a final delimiter", 12},
    {'d', "", "delim", "the delimiters (default: space, tab, newline, CR); \"\" reads netstrings"},
};
// false when o is none of -s -C -c -N -n -d.
bool transform_option(const Option& o, Transform& t);

// backtick's and withstdinas's -N -n -E -e (groups 13 and 14).
inline constexpr OptionSpec captured_value_options[] = {
    {'N', "", "", "keep a final newline", 13},
    {'n', "", "", "chomp one final newline (the default)", 13},
    {'E', "", "", "substitute the value instead of setting a variable", 14},
    {'e', "", "", "set the variable (the default)", 14},
};
struct CapturedValue {
  bool chomp = true, autoimport = false;
};
// false when o is none of -N -n -E -e.
bool captured_value_option(const Option& o, CapturedValue& v);

// A substitution key: execline refuses the empty word (111, as it does).
Word take_key(Cursor& c, const Builtin& b, std::string_view what);

// The values of `value` once transformed; a bad netstring list fails (111, as execline).
std::vector<std::string> transformed(const std::string& value, const Transform& t, const Context& ctx);

// What validation can know of a key's values: exactly them when the value is
// a literal word (a bad netstring list is then a usage error, but in the
// execline dialect, where execline finds it when it runs), else a placeholder.
Binding predicted_binding(const std::string& key, const Word& value, const Transform& t, const Cursor& c,
                          const Builtin& b);
// A key whose value comes at run time: one word, or any number when split.
Binding unknown_binding(const std::string& key, bool split = false);

// Applies the bindings to the rest of the chain now.
Flow substitute_now(Context& ctx, Cursor& rest, std::vector<Binding> bindings);

// backtick, withstdinas, getpid, getcwd: the value into the environment or,
// with -E, substituted; no value unsets the variable, or substitutes no word.
Flow store_value(Context& ctx, Cursor& rest, const std::string& key, std::optional<std::string> value,
                 bool autoimport);
// backtick's and withstdinas's: one final newline chomped, as -N -n say, then stored.
Flow store_captured(Context& ctx, Cursor& rest, const std::string& key, std::optional<std::string> value,
                    const CapturedValue& how);

// An invocation that substitutes what its directive makes.
Invocation substituting(Directive d);

}  // namespace chainscript
