// Temporary directories, files, text, root.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "harness.hpp"

namespace harness {

bool is_root() { return ::geteuid() == 0; }

std::string find_program(const std::string& name) {
  std::vector<std::string> dirs;
  if (const char* path = std::getenv("PATH")) {
    std::stringstream in(path);
    for (std::string d; std::getline(in, d, ':');)
      if (!d.empty() && d[0] == '/') dirs.push_back(d);  // absolute only: the chain must not depend on the cwd
  }
  for (const char* d : {"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"})
    dirs.emplace_back(d);
  for (const auto& d : dirs) {
    const std::string p = d + "/" + name;
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0) return p;
  }
  return {};
}

// ---- text -----------------------------------------------------------------------

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    out.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

bool has_line(const std::string& text, const std::string& line) {
  const auto ls = lines(text);
  return std::find(ls.begin(), ls.end(), line) != ls.end();
}

std::optional<std::string> after(const std::string& text, const std::string& prefix) {
  for (const auto& l : lines(text))
    if (l.rfind(prefix, 0) == 0) return l.substr(prefix.size());
  return std::nullopt;
}

std::string q(const std::string& word) {
  if (word.find('\'') != std::string::npos) throw std::invalid_argument("q: no single quote allowed: " + word);
  return "'" + word + "'";
}

std::string joined(const std::vector<gid_t>& ids) {
  std::string s;
  for (gid_t g : ids) {
    if (!s.empty()) s += ',';
    s += std::to_string(g);
  }
  return s;
}

// ---- files ----------------------------------------------------------------------

TempDir::TempDir() {
  char tmpl[] = "/tmp/chainscript-test.XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content, mode_t mode) const {
  const std::filesystem::path p = std::filesystem::path(path_) / name;
  std::filesystem::create_directories(p.parent_path());
  {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f << content;
    if (!f) throw std::runtime_error("cannot write " + p.string());
  }
  if (::chmod(p.c_str(), mode) != 0) throw std::runtime_error("cannot chmod " + p.string());
  return p.string();
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

long read_long(const std::string& path) {
  std::ifstream in(path);
  long v = -1;
  in >> v;
  return in ? v : -1;
}

stat_result lstat_of(const std::string& path) {
  struct stat st {};
  stat_result r;
  if (::lstat(path.c_str(), &st) != 0) return r;
  r.ok = true;
  r.mode = st.st_mode;
  r.uid = st.st_uid;
  r.gid = st.st_gid;
  r.ino = st.st_ino;
  return r;
}

std::vector<std::string> dir_entries(const std::string& dir) {
  std::vector<std::string> v;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d))
      if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) v.emplace_back(e->d_name);
    ::closedir(d);
  }
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace harness
