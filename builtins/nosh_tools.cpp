// nosh's small chain-loading tools that run files use: chroot, appendpath,
// prependpath, printenv, pause, line-banner, local-reaper.
#include <signal.h>
#include <unistd.h>

#include "builtin.hpp"

namespace chainscript {

Action parse_chroot(Cursor& c, const Builtin& b) {
  const std::string dir = take_arg(c, b, "DIR").text;
  return [dir](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->chroot(dir) < 0) ctx.fail_errno(exit_code::system_call, "unable to chroot to " + dir);
    if (ctx.system->chdir("/") < 0) ctx.fail_errno(exit_code::system_call, "unable to chdir to / in " + dir);
    return {};
  };
}

namespace {

Action path_edit(Cursor& c, const Builtin& b, bool append) {
  const std::string var = take_arg(c, b, "VARIABLE").text;
  const std::string dir = take_arg(c, b, "DIRECTORY").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    const std::string* old = ctx.env.get(var);
    if (!old || old->empty()) ctx.setenv(var, dir);
    else ctx.setenv(var, append ? *old + ":" + dir : dir + ":" + *old);
    return {};
  };
}

}  // namespace

Action parse_appendpath(Cursor& c, const Builtin& b) { return path_edit(c, b, true); }
Action parse_prependpath(Cursor& c, const Builtin& b) { return path_edit(c, b, false); }

// printenv [--print0] [--full] [ VARIABLE... ]: prints the environment the
// chain carries (NAME=value lines, or the named variables' values; --full adds
// their names; unknown names are skipped), then ends the chain, as nosh's.
Action parse_printenv(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'0', "print0", false, false}, {'f', "full", false, false}};
  bool print0 = false, full = false;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::gnu)) {
    print0 |= o.key == '0';
    full |= o.key == 'f';
  }
  std::vector<std::string> names;
  while (c.peek()) names.push_back(c.take_word().text);
  return [=](Context& ctx, Cursor&) -> Flow {
    const char end = print0 ? '\0' : '\n';
    std::string out;
    if (names.empty()) {
      for (const auto& [k, v] : ctx.env.vars()) out += k + "=" + v + end;
    } else {
      for (const auto& n : names)
        if (const auto* v = ctx.env.get(n)) out += (full ? n + "=" : std::string()) + *v + end;
    }
    if (ctx.system->write_all(1, out) < 0) ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
    return 0;
  };
}

// pause: waits for a signal that ends the process.
Action parse_pause(Cursor&, const Builtin&) {
  return [](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->simulated()) return 0;
    for (;;) ::pause();
  };
}

// line-banner TEXT: writes TEXT and a newline to stdout, and goes on.
Action parse_line_banner(Cursor& c, const Builtin& b) {
  const std::string text = take_arg(c, b, "TEXT").text;
  return [text](Context& ctx, Cursor&) -> Flow {
    if (ctx.system->write_all(1, text + "\n") < 0) ctx.fail_errno(exit_code::system_call, "unable to write to stdout");
    return {};
  };
}

// local-reaper [ true | false ]: nosh makes the process a subreaper; a run file's
// chain execs its daemon at once, so there is nothing to reap here: accepted,
// noted in the plan.
Action parse_local_reaper(Cursor& c, const Builtin&) {
  if (const Word* w = c.peek(); w && (w->text == "true" || w->text == "false" || w->text == "on" || w->text == "off"))
    c.take_word();
  return [](Context& ctx, Cursor&) -> Flow {
    ctx.system->report({"note", {{"ignored", "local-reaper: nothing to reap in one process"}}, {}, {}});
    return {};
  };
}

}  // namespace chainscript
