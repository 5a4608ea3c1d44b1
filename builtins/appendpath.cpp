// appendpath variable directory prog... (nosh): appends directory to a
// colon-separated variable.
#include "builtins/path_variable.hpp"

namespace chainscript {

namespace appendpath_parts {
Invocation parse(Cursor& c, const Builtin& b) { return parse_path_edit(c, b, true); }
}  // namespace appendpath_parts

extern const Builtin appendpath_builtin{
    .name = "appendpath",
    .summary = "append a directory to a PATH-like variable",
    .operands = "variable directory prog...",
    .facts = needs_program,
    .parse = appendpath_parts::parse,
};

}  // namespace chainscript
