// envdir / s6-envdir [ -I | -i ] [ -n ] [ -f ] [ -L ] [ -c nullis ] dir prog...:
// one variable per file in dir. An empty file unsets the variable; otherwise
// the value is the first line, trailing blanks removed (-f: the whole file,
// its last newline removed; -n: nothing removed), NULs turned into newlines
// (-c: into nullis).
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>

#include "builtin.hpp"

namespace chainscript {

namespace {

std::string trimmed(std::string_view line) {
  const auto b = line.find_first_not_of(" \t\r\v\f");
  if (b == std::string_view::npos) return {};
  const auto e = line.find_last_not_of(" \t\r\v\f");
  return std::string(line.substr(b, e - b + 1));
}

}  // namespace

Action parse_envdir(Cursor& c, const Builtin& b) {
  static constexpr OptionSpec specs[] = {{'I', "ignore-nodir"}, {'i', ""}, {'n', ""}, {'f', "full"},
                                         {'L', ""}, {'c', "", true}, {'C', "chomp", false, false}};
  bool loose = false, keep_blanks = false, full = false, chomp = false;
  char nullis = '\n';
  for (const auto& o : parse_options(c, b, specs, OptionStyle::gnu)) {
    if (o.key == 'I') loose = true;
    if (o.key == 'i') loose = false;
    if (o.key == 'n') keep_blanks = true;
    if (o.key == 'f') full = true;
    if (o.key == 'c') nullis = o.value.empty() ? '\0' : o.value[0];
    if (o.key == 'C') chomp = true;
  }
  const std::string dir = take_arg(c, b, "DIR").text;
  return [=](Context& ctx, Cursor&) -> Flow {
    DIR* d = ::opendir(dir.c_str());  // a read-only listing, done for real in dry-run too
    if (!d) {
      if (loose && (errno == ENOENT || errno == ENOTDIR)) return {};
      ctx.fail_errno(exit_code::system_call, "unable to open directory " + dir);
    }
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') names.emplace_back(e->d_name);
    ::closedir(d);
    std::sort(names.begin(), names.end());
    // nosh's envdir keeps a line as it is (--chomp trims each line); the
    // daemontools and s6 one drops trailing blanks (-n keeps them).
    const bool nosh = ctx.dialect == ast::Dialect::nosh;
    for (const auto& name : names) {
      if (name.find('=') != std::string::npos) continue;
      struct stat st {};
      if (::stat((dir + "/" + name).c_str(), &st) == 0 && !S_ISREG(st.st_mode)) continue;  // files only
      const int fd = ctx.system->open(dir + "/" + name, O_RDONLY, 0);
      if (fd < 0) ctx.fail_errno(exit_code::system_call, "unable to open " + dir + "/" + name);
      auto text = ctx.system->read_all(fd);
      if (!text) ctx.fail_errno(exit_code::system_call, "unable to read " + dir + "/" + name);
      if (text->empty()) {
        ctx.unsetenv(name);
        continue;
      }
      std::string v = full ? *text : text->substr(0, text->find('\n'));
      if (nosh) {
        if (chomp) {
          std::string joined;
          size_t p = 0;
          for (;;) {
            const auto nl = v.find('\n', p);
            joined += trimmed(std::string_view(v).substr(p, nl == std::string::npos ? std::string::npos : nl - p));
            if (nl == std::string::npos) break;
            joined += '\n';
            p = nl + 1;
          }
          v = std::move(joined);
        }
      } else {
        if (full && !keep_blanks && !v.empty() && v.back() == '\n') v.pop_back();  // -f: the last newline only
        if (!full && !keep_blanks)
          while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
      }
      std::replace(v.begin(), v.end(), '\0', nullis);
      ctx.setenv(name, v);
    }
    return {};
  };
}

}  // namespace chainscript
