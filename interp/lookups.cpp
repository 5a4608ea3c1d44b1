#include "lookups.hpp"

#include <grp.h>
#include <net/if.h>
#include <netdb.h>
#include <pwd.h>

#include <cerrno>
#include <cstring>

#include "interp/context.hpp"

namespace chainscript {

const UserEntry* Lookups::user(const std::string& name, const Context& ctx) {
  auto it = users_.find(name);
  if (it == users_.end()) {
    errno = 0;
    const passwd* pw = getpwnam(name.c_str());
    if (!pw && errno != 0 && errno != ENOENT && errno != ESRCH)
      ctx.fail_errno(exit_code::system_call, "unable to look up user " + name);
    std::optional<UserEntry> entry;
    if (pw) entry = UserEntry{pw->pw_name, pw->pw_uid, pw->pw_gid, pw->pw_dir};
    it = users_.emplace(name, std::move(entry)).first;
  }
  return it->second ? &*it->second : nullptr;
}

std::optional<gid_t> Lookups::group(const std::string& name, const Context& ctx) {
  auto it = groups_.find(name);
  if (it == groups_.end()) {
    errno = 0;
    const struct group* gr = getgrnam(name.c_str());
    if (!gr && errno != 0 && errno != ENOENT && errno != ESRCH)
      ctx.fail_errno(exit_code::system_call, "unable to look up group " + name);
    it = groups_.emplace(name, gr ? std::optional<gid_t>(gr->gr_gid) : std::nullopt).first;
  }
  return it->second;
}

const std::vector<gid_t>& Lookups::groups_of(const UserEntry& user) {
  auto it = groups_of_.find(user.name);
  if (it != groups_of_.end()) return it->second;
  int n = 64;
  std::vector<gid_t> g(static_cast<size_t>(n));
  while (getgrouplist(user.name.c_str(), user.gid, g.data(), &n) < 0) g.resize(static_cast<size_t>(n));
  g.resize(static_cast<size_t>(n));
  return groups_of_.emplace(user.name, std::move(g)).first->second;
}

const std::vector<gid_t>& Lookups::groups_listing(const std::string& user) {
  auto it = groups_listing_.find(user);
  if (it != groups_listing_.end()) return it->second;
  std::vector<gid_t> out;
  setgrent();
  while (const struct group* g = getgrent())
    for (char** m = g->gr_mem; m && *m; ++m)
      if (user == *m) out.push_back(g->gr_gid);
  endgrent();
  return groups_listing_.emplace(user, std::move(out)).first->second;
}

const Address& Lookups::address(const std::string& host, const std::string& service, int socktype, int flags,
                                const Context& ctx) {
  const std::string key = host + '\n' + service + '\n' + std::to_string(socktype) + '\n' + std::to_string(flags);
  auto it = addresses_.find(key);
  if (it != addresses_.end()) return it->second;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = socktype;
  hints.ai_flags = flags;
  addrinfo* found = nullptr;
  if (const int e = getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found))
    ctx.fail(exit_code::system_call, "unable to resolve " + host + " " + service + ": " + gai_strerror(e));
  Address a;
  a.length = found->ai_addrlen;
  a.family = found->ai_family;
  std::memcpy(&a.storage, found->ai_addr, found->ai_addrlen);
  freeaddrinfo(found);
  return addresses_.emplace(key, a).first->second;
}

std::optional<unsigned> Lookups::interface(const std::string& name) {
  auto it = interfaces_.find(name);
  if (it == interfaces_.end()) {
    const unsigned index = if_nametoindex(name.c_str());
    it = interfaces_.emplace(name, index ? std::optional<unsigned>(index) : std::nullopt).first;
  }
  return it->second;
}

}  // namespace chainscript
