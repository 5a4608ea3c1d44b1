// prependpath variable directory prog... (nosh): puts directory in front of
// a colon-separated variable.
#include "builtins/path_variable.hpp"

namespace chainscript {

namespace prependpath_parts {
Invocation parse(Cursor& c, const Builtin& b) { return parse_path_edit(c, b, false); }
}  // namespace prependpath_parts

extern const Builtin prependpath_builtin{
    .name = "prependpath",
    .summary = "prepend a directory to a PATH-like variable",
    .operands = "variable directory prog...",
    .facts = needs_program,
    .parse = prependpath_parts::parse,
};

}  // namespace chainscript
