// What the substituting builtins share (define, importas, multidefine,
// elglob, elgetpositionals, backtick, withstdinas, getpid, getcwd, and
// multisubstitute, which runs several as one): the value options of
// execline's el_transform, the substitution key, and making the substitution
// happen (shown as a step of its own in plans and traces).
#pragma once
#include <optional>

#include "builtins/builtin.hpp"

namespace chainscript {

// -s -C -c -N -n -d delim; false when o is none of them.
bool transform_option(const Option& o, Transform& t);

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

// An invocation that substitutes what its directive makes.
Invocation substituting(Directive d);

}  // namespace chainscript
