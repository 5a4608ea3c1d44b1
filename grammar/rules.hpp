// The rules a script runs under, settled once from the command line and the
// script's #! line before anything is parsed, then handed, read-only, to the
// parser, the cursor, the validator and every builtin.
#pragma once

namespace chainscript {

enum class Dialect { chainscript, execline, nosh };

// execlineb's positional-parameter modes: the default (push into the
// environment), -p (no push), -P (none), -S n (substitute), -s n (substitute, shift).
enum class Positional { push, no_push, none, substitute, substitute_shift };

struct Rules {
  Dialect dialect = Dialect::chainscript;
  // EXECLINE_STRICT as the script starts (-q 0, -w 1, -W 2); -1 when unset.
  int strict = -1;
  Positional positional = Positional::substitute;
  unsigned nmin = 0;  // -S n / -s n
  // --failures-exit-1: chainscript's own failures exit 1, as nosh's tools do
  // (always so in the nosh dialect; a script ported from nosh says it).
  bool failures_exit_1 = false;
  // --nosh-tools: the builtins behave as nosh's tools where those differ at
  // run time (a failed write ignored, no ? or !, ...) and in how they read
  // their options' values (numbers as strtol reads them, no --name=value),
  // in any dialect's syntax (always so in the nosh dialect; a script ported
  // from nosh says it).
  bool nosh_tool_semantics = false;

  bool execline() const { return dialect == Dialect::execline; }
  // nosh's syntax and option reading.
  bool nosh() const { return dialect == Dialect::nosh; }
  // nosh's tools' behaviour when they run.
  bool nosh_tools() const { return nosh() || nosh_tool_semantics; }
};

}  // namespace chainscript
