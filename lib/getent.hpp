// What NSS sources other than the files answer, asked of getent(1) in a child.
//
// chainscript never lets glibc load an NSS module (nss-systemd, LDAP, mdns):
// a module is a shared library with its own view of libc, which a statically
// linked chainscript cannot load safely, and loading one costs more than the
// rare answer it gives. getent (libc-bin, on every glibc system) asks the
// same NSS configuration in a process of its own and prints each entry in
// its file's format (a passwd line, a group line), which the files' readers
// then parse. Only the sources glibc has built in (files, dns) are ever
// asked in-process.
#pragma once
#include <sys/types.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainscript::getent {

inline constexpr const char* kPath = "/usr/bin/getent";

struct Answer {
  // getent's exit status: 0 found, 2 not found, anything else a failure;
  // -1 (errno set) when it could not be run, or was killed.
  int status = -1;
  std::string output;
};

// getent ARGS, with stdin on /dev/null, stderr shared, this process's
// environment (the resolver reads its variables).
Answer query(std::initializer_list<std::string_view> args);

// Whether NSS answers DATABASE without loading a module: every source on its
// nsswitch.conf line is one glibc has built in (files, dns), or there is no
// line (glibc's default is built in too). Actions ("[NOTFOUND=return]") are
// not sources.
bool built_in_only(const std::vector<std::string>& sources);

// The gids of `getent initgroups USER`: "USER gid gid ..."; nullopt when the
// line is not that.
std::optional<std::vector<gid_t>> initgroups_ids(std::string_view output);

// The port of `getent services NAME/PROTOCOL`: "name port/protocol aliases".
std::optional<unsigned> service_port(std::string_view output);

// The first address of `getent ahosts...` for a socket type ("STREAM",
// "DGRAM", "RAW"): "ADDRESS TYPE [name]" per line.
std::optional<std::string> first_address(std::string_view output, std::string_view type);

}  // namespace chainscript::getent
