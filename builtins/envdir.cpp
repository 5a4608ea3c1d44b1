// envdir / s6-envdir [ -I | -i ] [ -n ] [ -f ] [ -L ] [ -c nullis ] dir prog...:
// one variable per file in dir. An empty file unsets the variable; otherwise
// the value is the first line, trailing blanks removed (-f: the whole file,
// its last newline removed; -n: nothing removed), NULs turned into newlines
// (-c: into nullis). In the nosh dialect, nosh's envdir [ -i ] [ -f ] [ -c ]:
// lines kept as they are, -i a missing dir sets nothing, -c (--chomp) trims
// each line.
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "builtins/builtin.hpp"
#include "lib/unique_fd.hpp"

namespace chainscript {

namespace envdir_parts {

constexpr std::string_view aliases[] = {"s6-envdir"};

// s6-envdir's options, and nosh's where its envdir differs (-i, -c).
constexpr unsigned s6_style = in_chainscript | in_execline;
constexpr OptionSpec options[] = {
    {'I', "ignore-nodir", "", "a missing dir sets nothing", 1, s6_style},
    {'i', "", "", "a missing dir is an error (the default)", 1, s6_style},
    {'i', "ignore-nodir", "", "nosh dialect: a missing dir sets nothing", 0, in_nosh},
    {'n', "", "", "keep trailing blanks and the final newline", 0, s6_style},
    {'f', "full", "", "the whole file, not its first line"},
    {'L', "", "", "follow symbolic links (as ever)", 0, s6_style},
    {'c', "", "nullis", "NUL bytes become nullis, not newlines", 0, s6_style},
    {'c', "chomp", "", "nosh dialect: trim blanks at both ends of each line", 0, in_nosh},
    {'\x01', "chomp", "", "with --nosh-tools, nosh's -c (what --port writes for it)", 0, in_chainscript},
};

bool blank(char c) { return std::isspace(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80; }

// nosh's envdir reads a value a byte at a time: a NUL is a newline; without
// full it ends at the first newline; with chomp the blanks that start it or
// follow a newline are dropped, and at each newline the value so far loses
// its trailing blanks (newlines made of NULs, and earlier newlines, too).
std::string nosh_value(std::string_view text, bool full, bool chomp) {
  std::string v;
  bool at_line_start = chomp;
  for (char c : text) {
    if (c == '\n') {
      if (chomp)
        while (!v.empty() && blank(v.back())) v.pop_back();
      if (!full) break;
      at_line_start = chomp;
    } else {
      if (c == '\0') c = '\n';
      if (at_line_start && blank(c)) continue;
      at_line_start = false;
    }
    v += c;
  }
  return v;
}

Invocation parse(Cursor& c, const Builtin& b) {
  bool loose = false, keep_blanks = false, full = false, chomp = false;
  char nullis = '\n';
  const bool nosh_letters = c.rules().nosh();  // -i and -c are nosh's
  for (const auto& o : parse_options(c, b)) {
    if (o.key == 'I') loose = true;
    if (o.key == 'i') loose = nosh_letters;
    if (o.key == 'n') keep_blanks = true;
    if (o.key == 'f') full = true;
    if ((o.key == 'c' && nosh_letters) || o.key == '\x01') chomp = true;
    if (o.key == 'c' && !nosh_letters) nullis = o.value.empty() ? '\0' : o.value[0];
  }
  const std::string dir = take_arg(c, b, "DIR").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    const auto names = ctx.system->list_directory(dir);
    if (!names) {
      // s6-envdir -I passes over a missing dir; nosh's -i, any it cannot open.
      if (loose && (errno == ENOENT || errno == ENOTDIR || ctx.rules->nosh_tools())) return {};
      ctx.fail_errno(exit_code::system_call, "unable to open directory " + dir);
    }
    const bool nosh = ctx.rules->nosh_tools();
    for (const auto& name : *names) {
      if (name[0] == '.' || name.find('=') != std::string::npos) continue;
      const std::string path = dir + "/" + name;
      struct stat st {};
      if (ctx.system->stat(path, &st) == 0 && !S_ISREG(st.st_mode)) continue;  // files only
      UniqueFd fd(*ctx.system, ctx.system->open(path, O_RDONLY, 0));
      if (!fd.valid()) ctx.fail_errno(exit_code::system_call, "unable to open " + path);
      auto text = ctx.system->read_all(fd.get());
      if (!text) ctx.fail_errno(exit_code::system_call, "unable to read " + path);
      if (text->empty()) {
        ctx.unsetenv(name);
        continue;
      }
      std::string v;
      if (nosh) {
        v = nosh_value(*text, full, chomp);
      } else {
        v = full ? *text : text->substr(0, text->find('\n'));
        if (full && !keep_blanks && !v.empty() && v.back() == '\n') v.pop_back();  // -f: the last newline only
        if (!full && !keep_blanks)
          while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
        std::replace(v.begin(), v.end(), '\0', nullis);
      }
      ctx.setenv(name, v);
    }
    return {};
  };
}

}  // namespace envdir_parts

extern const Builtin envdir_builtin{
    .name = "envdir",
    .aliases = envdir_parts::aliases,
    .summary = "set variables from the files of a directory",
    .style = OptionStyle::gnu,
    .options = envdir_parts::options,
    .operands = "dir prog...",
    .facts = needs_program,
    .parse = envdir_parts::parse,
};

}  // namespace chainscript
