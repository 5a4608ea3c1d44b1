#include "getent.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "lib/lists.hpp"
#include "lib/numbers.hpp"

extern char** environ;

namespace chainscript::getent {

Answer query(std::initializer_list<std::string_view> args) {
  std::vector<std::string> strings{"getent"};
  for (const auto a : args) strings.emplace_back(a);
  std::vector<char*> argv;
  for (auto& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return {};
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  pid_t pid = -1;
  const int e = ::posix_spawn(&pid, kPath, &actions, nullptr, argv.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  Answer a;
  if (e != 0) {
    ::close(out[0]);
    errno = e;
    return a;
  }
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n > 0) a.output.append(buffer, static_cast<size_t>(n));
    else if (n == 0 || errno != EINTR) break;
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return a;
  if (WIFEXITED(status)) a.status = WEXITSTATUS(status);
  else errno = EINTR;  // killed: no answer
  return a;
}

bool built_in_only(const std::vector<std::string>& sources) {
  for (const auto& s : sources)
    if (s.front() != '[' && s != "files" && s != "dns") return false;
  return true;
}

std::optional<std::vector<gid_t>> initgroups_ids(std::string_view output) {
  const auto w = split_blanks(output.substr(0, output.find('\n')));
  if (w.empty()) return std::nullopt;
  std::vector<gid_t> ids;
  for (size_t i = 1; i < w.size(); ++i) {
    const auto n = decimal_number(w[i], 0xfffffffe);
    if (!n) return std::nullopt;
    ids.push_back(static_cast<gid_t>(*n));
  }
  return ids;
}

std::optional<unsigned> service_port(std::string_view output) {
  const auto w = split_blanks(output.substr(0, output.find('\n')));
  if (w.size() < 2) return std::nullopt;
  const auto n = decimal_number(w[1].substr(0, w[1].find('/')), 65535);
  return n ? std::optional<unsigned>(static_cast<unsigned>(*n)) : std::nullopt;
}

std::optional<std::string> first_address(std::string_view output, std::string_view type) {
  for (const std::string_view line : Fields(output, '\n')) {
    const auto w = split_blanks(line);
    if (w.size() >= 2 && w[1] == type) return std::string(w[0]);
  }
  return std::nullopt;
}

}  // namespace chainscript::getent
