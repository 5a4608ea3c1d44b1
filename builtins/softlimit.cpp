// softlimit [ -a allmem ] [ -c core ] [ -d data ] [ -f fsize ] [ -l lock ]
// [ -m mem ] [ -o ofiles ] [ -p proc ] [ -r res ] [ -s stack ] [ -t cpusecs ] prog...:
// sets soft resource limits, daemontools' letters.
#include "builtins/resource_limits.hpp"

namespace chainscript {

namespace softlimit_parts {

constexpr std::string_view aliases[] = {"s6-softlimit"};

Invocation parse(Cursor& c, const Builtin& b) {
  auto limits = letter_limits(parse_options(c, b), b);
  return [limits](Context& ctx, Cursor&) { return apply_limits(ctx, limits, true, false); };
}

}  // namespace softlimit_parts

extern const Builtin softlimit_builtin{
    .name = "softlimit",
    .aliases = softlimit_parts::aliases,
    .summary = "set soft resource limits",
    .options = letter_limit_options,
    .operands = "prog...",
    .facts = needs_program,
    .parse = softlimit_parts::parse,
};

}  // namespace chainscript
