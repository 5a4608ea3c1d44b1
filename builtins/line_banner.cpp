// line-banner text prog... (nosh): writes text and a newline to stdout, and
// goes on.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace line_banner_parts {

Invocation parse(Cursor& c, const Builtin& b) {
  const std::string text = take_arg(c, b, "TEXT").text;
  return [text](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->write_all(1, text + "\n") < 0) ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
    return {};
  };
}

}  // namespace line_banner_parts

extern const Builtin line_banner_builtin{
    .name = "line-banner",
    .summary = "write a line to stdout",
    .operands = "text prog...",
    .parse = line_banner_parts::parse,
};

}  // namespace chainscript
