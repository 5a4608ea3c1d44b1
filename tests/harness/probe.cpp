#include "probe.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "harness.hpp"

namespace harness {

std::set<int> Probe::fd_numbers() const {
  std::set<int> s;
  for (const auto& [fd, info] : fds) s.insert(fd);
  return s;
}

std::vector<Probe> parse_probes(const std::string& text) {
  std::vector<Probe> out;
  bool past_fds = true;  // the current report has listed its fds (or there is none)
  for (const auto& line : lines(text)) {
    const auto sp = line.find(' ');
    const std::string tag = line.substr(0, sp);
    const std::string rest = sp == std::string::npos ? "" : line.substr(sp + 1);
    if ((tag == "fd" || tag == "argc") && past_fds) {
      out.emplace_back();
      past_fds = tag == "argc";
    } else if (tag == "argc") {
      past_fds = true;
    }
    if (out.empty()) {
      ADD_FAILURE() << "probe report does not start with its fds: " << line;
      return out;
    }
    Probe& p = out.back();
    if (tag == "fd") {
      std::istringstream is(rest);
      int fd = -1;
      std::string state, kind;
      is >> fd >> state >> kind;
      std::string target;
      std::getline(is >> std::ws, target);
      p.fds[fd] = FdInfo{state == "cloexec", kind, target};
    } else if (tag == "argc") {
    } else if (tag == "argv") {
      const auto sp2 = rest.find(' ');
      p.argv.push_back(sp2 == std::string::npos ? "" : rest.substr(sp2 + 1));
    } else if (tag == "env") {
      const auto eq = rest.find('=');
      p.named[rest.substr(0, eq)] = rest.substr(eq + 1);
    } else if (tag == "unset") {
      p.named[rest] = std::nullopt;
    } else if (tag == "environ") {
      const auto eq = rest.find('=');
      p.environ[rest.substr(0, eq)] = eq == std::string::npos ? "" : rest.substr(eq + 1);
    } else if (tag == "sigblk") {
      p.sigblk = rest;
    } else if (tag == "sigign") {
      p.sigign = rest;
    } else if (tag == "cwd") {
      p.cwd = rest;
    } else if (tag == "umask") {
      p.umask = rest;
    } else {
      ADD_FAILURE() << "not a probe report line: " << line;
    }
  }
  return out;
}

Probe parse_probe(const std::string& text) {
  auto all = parse_probes(text);
  if (all.size() != 1) {
    ADD_FAILURE() << "expected one probe report, got " << all.size() << " in:\n" << text;
    return {};
  }
  return all.front();
}

}  // namespace harness
