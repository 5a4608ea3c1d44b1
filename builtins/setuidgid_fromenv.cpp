// setuidgid-fromenv prog... (nosh): drops privileges to the UID, GID and
// GIDLIST of the environment (as envuidgid set them).
#include "builtins/credentials.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

namespace setuidgid_fromenv_parts {

Invocation parse(Cursor&, const Builtin&) {
  return [](Context& ctx, Cursor&) -> Flow {
    const auto id = [&](const char* name) {
      const auto v = ctx.env.get(name);
      const auto n = v ? decimal_number(*v, 0xfffffffeULL) : std::nullopt;
      if (!n) ctx.fail(exit_code::usage, std::string(name) + (v ? " is not a number" : " is not set"));
      return static_cast<unsigned>(*n);
    };
    const uid_t uid = id("UID");
    const gid_t gid = id("GID");
    Credentials cr{std::vector<gid_t>{gid}, gid, uid};
    if (const auto list = ctx.env.get("GIDLIST"); list && !list->empty()) {
      cr.groups = gid_list(*list);
      if (!cr.groups) ctx.fail(exit_code::usage, "GIDLIST is not a comma-separated list of numbers");
    }
    drop_privileges(ctx, cr, "uid " + std::to_string(*cr.uid));
    return {};
  };
}

}  // namespace setuidgid_fromenv_parts

extern const Builtin setuidgid_fromenv_builtin{
    .name = "setuidgid-fromenv",
    .summary = "drop privileges to UID, GID and GIDLIST from the environment",
    .operands = "prog...",
    .facts = needs_program,
    .parse = setuidgid_fromenv_parts::parse,
};

}  // namespace chainscript
