// Names looked up in the system's databases: users, groups, hosts and
// services, network interfaces. Read-only, so made for real in a dry run too;
// each answer is kept, so that the look-ups a script names by literal words
// are made once, before its first effect, and the run uses those answers.
#pragma once
#include <sys/socket.h>
#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chainscript {

struct Context;
namespace files_database {
struct Group;
}

struct UserEntry {
  std::string name;
  uid_t uid;
  gid_t gid;
  std::string home;
};

struct Address {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = 0;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

class Lookups {
 public:
  // nullptr when there is no such user; a database that cannot be read fails
  // ctx's step (111).
  const UserEntry* user(const std::string& name, const Context& ctx);
  std::optional<gid_t> group(const std::string& name, const Context& ctx);
  // getgrouplist(3): first (the user's group, or the one asked for instead),
  // then the groups that list the user.
  const std::vector<gid_t>& groups_of(const UserEntry& user, gid_t first, const Context& ctx);
  // Only the groups that list the user as a member (s6's GIDLIST).
  const std::vector<gid_t>& groups_listing(const std::string& user, const Context& ctx);
  // The first address getaddrinfo(3) gives for a passive socket; fails ctx's
  // step (111) with its message when there is none. A host or service name
  // that a source other than files or dns would answer is first made
  // numeric by getent (ahosts, services).
  const Address& address(const std::string& host, const std::string& service, int socktype, int flags,
                         const Context& ctx);
  // if_nametoindex(3); nullopt when there is no such interface.
  std::optional<unsigned> interface(const std::string& name);

 private:
  // Users and groups come from /etc/passwd and /etc/group directly when
  // nsswitch.conf lets the files answer (lib/files_database.hpp), else from
  // getent (lib/getent.hpp): glibc never loads an NSS module here.
  const std::optional<std::string>& file(std::optional<std::optional<std::string>>& slot, const char* path);
  std::vector<std::string> sources(const char* database);
  template <class Entry, class Find>
  std::optional<std::optional<Entry>> from_files(const char* database, std::optional<std::optional<std::string>>& slot,
                                                 const char* path, const std::string& name, Find find);
  std::optional<std::vector<files_database::Group>> only_file_groups();
  std::optional<std::optional<std::string>> nsswitch_, passwd_, group_;  // read at most once

  std::map<std::string, std::optional<UserEntry>> users_;
  std::map<std::string, std::optional<gid_t>> groups_;
  std::map<std::string, std::vector<gid_t>> groups_of_, groups_listing_;
  std::map<std::string, Address> addresses_;
  std::map<std::string, std::optional<unsigned>> interfaces_;
};

}  // namespace chainscript
