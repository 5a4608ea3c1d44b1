// setsid / s6-setsid [ -s | -b | -f | -g ] [ -i | -I | -q ] prog...: starts
// a new session (-s), or a new process group in the background (-b) or in
// the foreground of the terminal (-f, -g). A failure is fatal with -i,
// warned of with -I (the default), ignored with -q.
#include <cerrno>

#include "builtins/builtin.hpp"

namespace chainscript {

namespace setsid_parts {

constexpr std::string_view aliases[] = {"s6-setsid"};

constexpr OptionSpec options[] = {
    {'s', "", "", "a new session (the default)", 1},
    {'b', "", "", "a new process group, in the background", 1},
    {'f', "", "", "a new process group, given the terminal", 1},
    {'g', "", "", "the same as -f", 1},
    {'i', "", "", "failing is an error (111)", 2},
    {'I', "", "", "failing is a warning (the default)", 2},
    {'q', "", "", "failing is ignored", 2},
};

Invocation parse(Cursor& c, const Builtin& b) {
  // nosh's setsid fails on a failure; s6-setsid's default is a warning.
  char mode = 's', on_failure = c.rules().nosh() ? 'i' : 'I';
  for (const auto& o : parse_options(c, b)) {
    if (std::string_view("sbfg").find(o.key) != std::string_view::npos) mode = o.key;
    else on_failure = o.key;
  }
  return [=](Context& ctx, Cursor&) -> Flow {
    auto* sys = ctx.system;
    const bool ok = mode == 's' ? sys->setsid() >= 0 : sys->setpgid(0, 0) >= 0;
    if (ok && (mode == 'f' || mode == 'g')) sys->take_terminal(0);
    if (ok) return {};
    const std::string what = mode == 's' ? "unable to create a session" : "unable to create a process group";
    if (on_failure == 'i') ctx.fail_errno(exit_code::system_call, what);
    if (on_failure == 'I') ctx.warn(with_errno(what, errno));
    return {};
  };
}

}  // namespace setsid_parts

extern const Builtin setsid_builtin{
    .name = "setsid",
    .aliases = setsid_parts::aliases,
    .summary = "start a new session, or a new process group",
    .options = setsid_parts::options,
    .operands = "prog...",
    .facts = needs_program,
    .parse = setsid_parts::parse,
};

}  // namespace chainscript
