#include "builtins/environment_file.hpp"

#include <fcntl.h>

#include <cerrno>

#include "interp/interpreter.hpp"
#include "lib/unique_fd.hpp"

namespace chainscript {

Flow set_from_file(Context& ctx, const std::string& file, bool loose, AssignmentParser parse) {
  std::optional<std::string> text;
  if (file == "-") {
    text = read_stdin(ctx);
  } else {
    UniqueFd fd(*ctx.system, ctx.system->open(file, O_RDONLY, 0));
    if (!fd.valid()) {
      if (loose && errno == ENOENT) return {};
      ctx.fail_errno(exit_code::system_call, "unable to open " + file);
    }
    text = ctx.system->read_all(fd.get());
    if (!text) ctx.fail_errno(exit_code::system_call, "unable to read " + file);
  }
  std::string why;
  const auto pairs = parse(*text, why);
  if (!pairs) ctx.fail(1, "syntax error in " + file + ": " + why);
  for (const auto& [k, v] : *pairs) ctx.setenv(k, v);
  return {};
}

}  // namespace chainscript
