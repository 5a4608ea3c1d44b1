#include "failure.hpp"

#include <unistd.h>

#include <cstring>

#include "lib/messages.hpp"

namespace chainscript {

int exit_status(const Failure& f, const Rules& rules) {
  if (f.daemontools_111) return f.code;
  const bool execline_code = f.code == exit_code::usage || f.code == exit_code::system_call ||
                             f.code == exit_code::cannot_exec || f.code == exit_code::not_found;
  return (rules.nosh() || rules.failures_exit_1) && execline_code ? 1 : f.code;
}

std::string Failure::render() const { return format_message(at, builtin, what()); }

std::string with_errno(std::string_view message, int err) {
  return std::string(message) + ": " + std::strerror(err);
}

void print_failure(const Failure& f) { write_all(2, f.render() + "\n"); }

void print_failure_with_source(const Failure& f, std::string_view script_text) {
  write_all(2, f.render() + "\n" + (f.at.file ? source_excerpt(script_text, f.at) : std::string()));
}

}  // namespace chainscript
