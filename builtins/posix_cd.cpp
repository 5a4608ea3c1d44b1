// posix-cd [ -L | -P ] dir prog...: cd with POSIX's options; the kernel
// resolves symbolic links either way once chdir has been done.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace posix_cd_parts {

constexpr OptionSpec options[] = {
    {'L', "", "", "POSIX's logical default; here the same as -P", 1},
    {'P', "", "", "physical: symbolic links resolved, as chdir(2) does", 1},
};

Invocation parse(Cursor& c, const Builtin& b) {
  parse_options(c, b);
  const std::string dir = take_arg(c, b, "DIRECTORY").text;
  return [dir](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->chdir(dir) < 0) ctx.fail_errno(exit_code::system_call, "unable to chdir to " + dir);
    return {};
  };
}

}  // namespace posix_cd_parts

extern const Builtin posix_cd_builtin{
    .name = "posix-cd",
    .summary = "change the working directory, POSIX options",
    .options = posix_cd_parts::options,
    .operands = "dir prog...",
    .facts = needs_program,
    .parse = posix_cd_parts::parse,
};

}  // namespace chainscript
