// line-banner [ --NVT ] text prog... (nosh): writes text and a newline
// (--NVT: CR LF) to stdout, and goes on.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace line_banner_parts {

constexpr OptionSpec options[] = {
    {'N', "NVT", "", "end the line with CR LF, as the Network Virtual Terminal does"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  const bool nvt = !parse_options(c, b).empty();
  const std::string text = take_arg(c, b, "TEXT").text + (nvt ? "\r\n" : "\n");
  return [text](Context& ctx, Cursor&) -> Flow {
    // nosh's line-banner goes on when stdout cannot be written; elsewhere it is 111.
    if (ctx.system->write_all(1, text) < 0 && !ctx.rules->nosh_tools())
      ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
    return {};
  };
}

}  // namespace line_banner_parts

extern const Builtin line_banner_builtin{
    .name = "line-banner",
    .summary = "write a line to stdout",
    .style = OptionStyle::gnu,
    .options = line_banner_parts::options,
    .operands = "text prog...",
    .parse = line_banner_parts::parse,
};

}  // namespace chainscript
