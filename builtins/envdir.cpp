// envdir / s6-envdir [ -I | -i ] [ -n ] [ -f ] [ -L ] [ -c nullis ] dir prog...:
// one variable per file in dir. An empty file unsets the variable; otherwise
// the value is the first line, trailing blanks removed (-f: the whole file,
// its last newline removed; -n: nothing removed), NULs turned into newlines
// (-c: into nullis).
#include <dirent.h>
#include <fcntl.h>

#include <algorithm>

#include "builtin.hpp"

namespace chainscript {

Action parse_envdir(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'I', "ignore-nodir"}, {'i', ""}, {'n', ""}, {'f', "full"},
                                         {'L', ""}, {'c', "", true}, {'C', "chomp", false, false}};
  bool loose = false, keep_blanks = false, full = false;
  char nullis = '\n';
  for (const auto& o : parse_options(c, b, specs, OptionStyle::gnu)) {
    if (o.key == 'I') loose = true;
    if (o.key == 'i') loose = false;
    if (o.key == 'n') keep_blanks = true;
    if (o.key == 'f') full = true;
    if (o.key == 'c') nullis = o.value.empty() ? '\0' : o.value[0];
    if (o.key == 'C') keep_blanks = false;
  }
  const std::string dir = take_arg(c, b, "DIR").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    DIR* d = ::opendir(dir.c_str());  // a read-only listing, done for real in dry-run too
    if (!d) {
      if (loose && errno == ENOENT) return {};
      ctx.fail_errno(exit_code::system_call, "unable to open directory " + dir);
    }
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') names.emplace_back(e->d_name);
    ::closedir(d);
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
      if (name.find('=') != std::string::npos) continue;
      const int fd = ctx.system->open(dir + "/" + name, O_RDONLY, 0);
      if (fd < 0) ctx.fail_errno(exit_code::system_call, "unable to open " + dir + "/" + name);
      auto text = ctx.system->read_all(fd);
      if (!text) ctx.fail_errno(exit_code::system_call, "unable to read " + dir + "/" + name);
      if (text->empty()) {
        ctx.unsetenv(name);
        continue;
      }
      std::string v = full ? *text : text->substr(0, text->find('\n'));
      if (full && !keep_blanks && !v.empty() && v.back() == '\n') v.pop_back();  // -f: the last newline only
      if (!full && !keep_blanks)
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
      std::replace(v.begin(), v.end(), '\0', nullis);
      ctx.setenv(name, v);
    }
    return {};
  };
}

}  // namespace chainscript
