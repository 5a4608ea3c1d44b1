// What the integration tests' probe program (tests/integration/probe.c)
// reports about itself: its fds, argv, named variables, whole environment,
// signal mask and ignored signals, working directory and umask.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace harness {

struct FdInfo {
  bool cloexec = false;
  std::string kind;    // socket, pipe, file, chr, dir, ...
  std::string target;  // readlink of /proc/self/fd/N
};

struct Probe {
  std::map<int, FdInfo> fds;
  std::vector<std::string> argv;
  std::map<std::string, std::optional<std::string>> named;  // env of the argv words
  std::map<std::string, std::string> environ;
  std::string sigblk, sigign, cwd, umask;
  std::set<int> fd_numbers() const;
};

// Parses a probe report; fails the test (ADD_FAILURE) on a line it does not know.
Probe parse_probe(const std::string& text);
// The probe reports in text: one or more (a foreground child's, then the final one's).
std::vector<Probe> parse_probes(const std::string& text);

}  // namespace harness
