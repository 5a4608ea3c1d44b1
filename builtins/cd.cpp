// cd dir prog... (nosh: chdir; execline-cd): changes the working directory.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace cd_parts {

constexpr std::string_view aliases[] = {"chdir", "execline-cd"};

Invocation parse(Cursor& c, const Builtin& b) {
  const std::string dir = take_arg(c, b, "DIRECTORY").text;
  return [dir](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->chdir(dir) < 0) ctx.fail_errno(exit_code::system_call, "unable to chdir to " + dir);
    return {};
  };
}

}  // namespace cd_parts

extern const Builtin cd_builtin{
    .name = "cd",
    .aliases = cd_parts::aliases,
    .summary = "change the working directory",
    .operands = "dir prog...",
    .facts = needs_program | execline_needs_program,
    .parse = cd_parts::parse,
};

}  // namespace chainscript
