// cd / chdir DIR and umask MASK: the working directory and the file mode mask.
#include "builtin.hpp"

namespace chainscript {

Action parse_cd(Cursor& c, const Builtin& b) {
  const std::string dir = take_arg(c, b, "DIRECTORY").text;
  return [dir](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->chdir(dir) < 0) ctx.fail_errno(exit_code::system_call, "unable to chdir to " + dir);
    return {};
  };
}

Action parse_umask(Cursor& c, const Builtin& b) {
  const mode_t mask = parse_octal(take_arg(c, b, "MASK"), b, "MASK", 0777);
  return [mask](Context& ctx, Cursor&) -> Flow {
    ctx.system->umask(mask);
    return {};
  };
}

}  // namespace chainscript
