// getpid, getcwd, homeof: facts about the process, into the environment (or,
// with -E, substituted into the rest).
#include <pwd.h>
#include <unistd.h>

#include "builtin.hpp"

namespace chainscript {

namespace {

Flow store(Context& ctx, Cursor& rest, bool autoimport, const std::string& var, const std::string& value) {
  if (autoimport) {
    ctx.system->report({"substitute", {{var, value}}, {}, {}});
    rest.substitute({{{var, {value}}}});
  } else {
    ctx.setenv(var, value);
  }
  return {};
}

}  // namespace

Action parse_getpid(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'E', ""}, {'e', ""}, {'P', ""}, {'p', ""}};
  bool autoimport = false, parent = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) {
    if (o.key == 'E' || o.key == 'e') autoimport = o.key == 'E';
    if (o.key == 'P' || o.key == 'p') parent = o.key == 'P';
  }
  const std::string var = take_variable_name(c, b);
  return [=](Context& ctx, Cursor& rest) -> Flow {
    return store(ctx, rest, autoimport, var, std::to_string(parent ? ::getppid() : ctx.system->getpid()));
  };
}

Action parse_getcwd(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'E', ""}, {'e', ""}};
  bool autoimport = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::clusters)) autoimport = o.key == 'E';
  const std::string var = take_variable_name(c, b);
  return [=](Context& ctx, Cursor& rest) -> Flow {
    char buf[4096];
    if (!::getcwd(buf, sizeof buf)) ctx.fail_errno(exit_code::system_call, "unable to get the working directory");
    return store(ctx, rest, autoimport, var, buf);
  };
}

Action parse_homeof(Cursor& c, const Builtin& b) {
  const std::string user = take_arg(c, b, "USER").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    const passwd* pw = getpwnam(user.c_str());
    if (!pw) ctx.fail(exit_code::system_call, "unknown user " + user);
    if (ctx.system->write_all(1, std::string(pw->pw_dir) + "\n") < 0)
      ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
    return 0;
  };
}

}  // namespace chainscript
