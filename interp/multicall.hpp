// Multi-call: invoked under a builtin's name (a link in
// libexec/chainscript/bin), chainscript runs that builtin with the rest of
// argv as the chain, blocks encoded the execline way, as execline's own
// tools take them.
#pragma once

namespace chainscript {

struct Builtin;

int run_as_builtin(const Builtin& b, int argc, char** argv);

}  // namespace chainscript
