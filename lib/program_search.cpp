#include "program_search.hpp"

#include <cerrno>

#include "lists.hpp"

namespace chainscript {

int search_program(const std::string& file, std::string_view path,
                   const std::function<int(const std::string&)>& try_one) {
  if (file.find('/') != std::string::npos) return try_one(file);
  int err = ENOENT;
  for (const auto dir : split_list(path, ':')) {
    const int e = try_one((dir.empty() ? std::string(".") : std::string(dir)) + "/" + file);
    if (e == 0) return 0;
    if (e == EACCES)
      err = EACCES;
    else if (e != ENOENT && e != ENOTDIR && e != ESTALE && e != ELOOP && e != ENAMETOOLONG && err != EACCES)
      return e;
  }
  return err;
}

std::string_view path_of(const std::vector<std::string>& envp) {
  for (const auto& e : envp)
    if (e.starts_with("PATH=")) return std::string_view(e).substr(5);
  return "/bin:/usr/bin";
}

}  // namespace chainscript
