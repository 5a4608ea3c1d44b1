// appendpath and prependpath: a directory added at one end of a
// colon-separated variable (PATH, MANPATH...), or the variable set to it
// when it is unset or empty.
#pragma once
#include "builtins/builtin.hpp"

namespace chainscript {

Invocation parse_path_edit(Cursor& c, const Builtin& b, bool append);

}  // namespace chainscript
