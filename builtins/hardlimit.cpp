// hardlimit [ -a allmem ] [ -c core ] [ -d data ] [ -f fsize ] [ -l lock ]
// [ -m mem ] [ -o ofiles ] [ -p proc ] [ -r res ] [ -s stack ] [ -t cpusecs ] prog...:
// sets hard resource limits, daemontools' letters.
#include "builtins/resource_limits.hpp"

namespace chainscript {

namespace hardlimit_parts {

Invocation parse(Cursor& c, const Builtin& b) {
  auto limits = letter_limits(parse_options(c, b), b);
  return [limits](Context& ctx, Cursor&) { return apply_limits(ctx, limits, false, true); };
}

}  // namespace hardlimit_parts

extern const Builtin hardlimit_builtin{
    .name = "hardlimit",
    .summary = "set hard resource limits",
    .options = letter_limit_options,
    .operands = "prog...",
    .facts = needs_program,
    .parse = hardlimit_parts::parse,
};

}  // namespace chainscript
