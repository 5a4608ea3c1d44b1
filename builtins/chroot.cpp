// chroot dir prog... (nosh): changes the root directory, and the working
// directory to it.
#include "builtins/builtin.hpp"

namespace chainscript {

namespace chroot_parts {

Invocation parse(Cursor& c, const Builtin& b) {
  const std::string dir = take_arg(c, b, "DIR").text;
  return [dir](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->chroot(dir) < 0) ctx.fail_errno(exit_code::system_call, "unable to chroot to " + dir);
    if (ctx.system->chdir("/") < 0) ctx.fail_errno(exit_code::system_call, "unable to chdir to / in " + dir);
    return {};
  };
}

}  // namespace chroot_parts

extern const Builtin chroot_builtin{
    .name = "chroot",
    .summary = "change the root directory (and chdir to it)",
    .operands = "dir prog...",
    .facts = needs_program | changes_root,
    .parse = chroot_parts::parse,
};

}  // namespace chainscript
