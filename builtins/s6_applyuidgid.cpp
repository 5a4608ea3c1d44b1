// s6-applyuidgid [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] [ -z ] prog...:
// drops privileges to the ids given (-U: those of UID, GID and GIDLIST in the
// environment; a -u, -g or -G after it overrides them), setgroups, setgid,
// setuid in that order; from root, checks that root cannot be regained.
#include "builtins/credentials.hpp"
#include "lib/numbers.hpp"

namespace chainscript {

namespace s6_applyuidgid_parts {

constexpr OptionSpec options[] = {
    {'u', "", "uid", "set the uid"},
    {'g', "", "gid", "set the gid"},
    {'G', "", "gidlist", "set the supplementary groups (a comma list)"},
    {'U', "", "", "take UID, GID and GIDLIST from the environment"},
    {'z', "", "", "then remove UID, GID and GIDLIST from the environment"},
};

Invocation parse(Cursor& c, const Builtin& b) {
  // In order: a -u, -g or -G after -U overrides the environment's value.
  std::vector<Option> steps;
  bool unexport = false;
  for (auto& o : parse_options(c, b)) {
    if (o.key == 'z') {
      unexport = true;
      continue;
    }
    if (o.key == 'u' || o.key == 'g') parse_number(o.word(), b, o.key == 'u' ? "uid" : "gid", 0xfffffffeULL);
    if (o.key == 'G' && o.known && !gid_list(o.value)) usage_error(o.at, b, "gidlist must be a comma list of numbers, not \"" + o.value + "\"");
    steps.push_back(std::move(o));
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    Credentials cr;
    const auto number = [&](const char* name) -> std::optional<unsigned> {
      const auto v = ctx.env.get(name);
      if (!v) return std::nullopt;
      const auto n = decimal_number(*v, 0xfffffffeULL);
      if (!n) ctx.fail(exit_code::usage, std::string(name) + " is not a number: " + std::string(*v));
      return static_cast<unsigned>(*n);
    };
    for (const auto& s : steps) {
      if (s.key == 'u') cr.uid = static_cast<uid_t>(*decimal_number(s.value, 0xfffffffeULL));
      if (s.key == 'g') cr.gid = static_cast<gid_t>(*decimal_number(s.value, 0xfffffffeULL));
      if (s.key == 'G') cr.groups = gid_list(s.value);
      if (s.key != 'U') continue;
      if (auto n = number("UID")) cr.uid = *n;
      if (auto n = number("GID")) cr.gid = *n;
      if (const auto l = ctx.env.get("GIDLIST")) {
        cr.groups = gid_list(*l);
        if (!cr.groups) ctx.fail(exit_code::usage, "GIDLIST is not a comma-separated list of numbers: " + std::string(*l));
      }
    }
    drop_privileges(ctx, cr, cr.uid ? "uid " + std::to_string(*cr.uid) : std::string("the ids given"));
    if (unexport) {
      ctx.unsetenv("UID");
      ctx.unsetenv("GID");
      ctx.unsetenv("GIDLIST");
    }
    return {};
  };
}

}  // namespace s6_applyuidgid_parts

extern const Builtin s6_applyuidgid_builtin{
    .name = "s6-applyuidgid",
    .summary = "drop privileges to given ids (-U: UID, GID, GIDLIST)",
    .options = s6_applyuidgid_parts::options,
    .operands = "prog...",
    .facts = needs_program,
    .parse = s6_applyuidgid_parts::parse,
};

}  // namespace chainscript
