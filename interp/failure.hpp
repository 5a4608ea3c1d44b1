// Errors as execline reports them: an exit code and a message that names the
// script location and the builtin. Failures are the one way a step fails;
// rendering them is failure.cpp's.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

#include "grammar/rules.hpp"
#include "lib/location.hpp"

namespace chainscript {

namespace exit_code {
inline constexpr int usage = 100;        // wrong usage or syntax
inline constexpr int system_call = 111;  // a system call failed
inline constexpr int cannot_exec = 126;  // the program could not be executed
inline constexpr int not_found = 127;    // the program was not found
}  // namespace exit_code

struct Failure : std::runtime_error {
  int code;
  Location at;
  std::string builtin;
  // 111 in the nosh dialect too: nosh's account tools (setuidgid, envuidgid,
  // setuidgid-fromenv) keep daemontools' temporary-failure status where its
  // other tools say 1.
  bool daemontools_111 = false;
  Failure(int code, Location at, std::string builtin, const std::string& message)
      : std::runtime_error(message), code(code), at(std::move(at)), builtin(std::move(builtin)) {}
  // "chainscript: FILE:LINE:COL: BUILTIN: message"
  std::string render() const;
};

// Validation only: the rest of this chain depends on values known when it
// runs (a word that substitution may split, a value where an option may be).
struct Uncertain {};

// --port: an execline construct the native dialect cannot say (a block read
// as the words of a flat argv); the port warns and leaves it as written.
struct NoNativeEquivalent {
  Location at;
  std::string what;
};

// The status a failure ends the process with: its code, but in the nosh
// dialect 1 for all of execline's 100, 111, 126 and 127, as nosh's tools
// report every fatal error (bar daemontools_111).
int exit_status(const Failure& f, const Rules& rules);

// message + ": " + strerror(err)
std::string with_errno(std::string_view message, int err);

// On stderr, as every part of chainscript's own voice writes it.
void print_failure(const Failure& f);

// At most this many errors are listed; each shows its source line cut to
// excerpt_width characters around the column.
inline constexpr size_t max_listed_errors = 50;
void print_failure_with_source(const Failure& f, std::string_view script_text);

}  // namespace chainscript
