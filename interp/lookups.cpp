#include "lookups.hpp"

#include <grp.h>
#include <net/if.h>
#include <netdb.h>
#include <pwd.h>

#include <cerrno>
#include <cstring>

#include "interp/context.hpp"
#include "lib/files_database.hpp"

namespace chainscript {

namespace fdb = files_database;

const std::optional<std::string>& Lookups::file(std::optional<std::optional<std::string>>& slot, const char* path) {
  if (!slot) slot = fdb::read_small_file(path);
  return *slot;
}

// The sources nsswitch.conf lists for database; empty when NSS decides alone.
std::vector<std::string> Lookups::sources(const char* database) {
  const auto& text = file(nsswitch_, "/etc/nsswitch.conf");
  if (!text) return {};
  return fdb::sources(*text, database).value_or(std::vector<std::string>{});
}

// NAME looked up in DATABASE's file when nsswitch.conf lets the files answer:
// the entry, or none when the files are the only source and lack it; nullopt
// when NSS must be asked (lib/files_database.hpp says why).
template <class Entry, class Find>
std::optional<std::optional<Entry>> Lookups::from_files(const char* database,
                                                        std::optional<std::optional<std::string>>& slot,
                                                        const char* path, const std::string& name, Find find) {
  const auto s = sources(database);
  if (!fdb::files_answer_first(s)) return std::nullopt;
  const auto& text = file(slot, path);
  if (!text) return std::nullopt;
  Entry e;
  switch (find(*text, name, e)) {
    case fdb::Scan::found: return std::optional<Entry>(std::move(e));
    case fdb::Scan::absent:
      if (fdb::files_only(s)) return std::optional<Entry>();
      return std::nullopt;
    case fdb::Scan::unsure: return std::nullopt;
  }
  return std::nullopt;
}

const UserEntry* Lookups::user(const std::string& name, const Context& ctx) {
  auto it = users_.find(name);
  if (it == users_.end()) {
    std::optional<UserEntry> entry;
    if (const auto files = from_files<fdb::Passwd>("passwd", passwd_, "/etc/passwd", name, fdb::find_passwd)) {
      if (*files) entry = UserEntry{(*files)->name, (*files)->uid, (*files)->gid, (*files)->home};
    } else {
      errno = 0;
      const passwd* pw = getpwnam(name.c_str());
      if (!pw && errno != 0 && errno != ENOENT && errno != ESRCH)
        ctx.fail_errno(exit_code::system_call, "unable to look up user " + name);
      if (pw) entry = UserEntry{pw->pw_name, pw->pw_uid, pw->pw_gid, pw->pw_dir};
    }
    it = users_.emplace(name, std::move(entry)).first;
  }
  return it->second ? &*it->second : nullptr;
}

std::optional<gid_t> Lookups::group(const std::string& name, const Context& ctx) {
  auto it = groups_.find(name);
  if (it == groups_.end()) {
    std::optional<gid_t> gid;
    if (const auto files = from_files<fdb::Group>("group", group_, "/etc/group", name, fdb::find_group)) {
      if (*files) gid = (*files)->gid;
    } else {
      errno = 0;
      const struct group* gr = getgrnam(name.c_str());
      if (!gr && errno != 0 && errno != ENOENT && errno != ESRCH)
        ctx.fail_errno(exit_code::system_call, "unable to look up group " + name);
      if (gr) gid = gr->gr_gid;
    }
    it = groups_.emplace(name, gid).first;
  }
  return it->second;
}

// Every group of /etc/group when the files are the group database's only
// source (membership is gathered from every source, so no shortcut otherwise).
std::optional<std::vector<fdb::Group>> Lookups::only_file_groups() {
  if (!fdb::files_only(sources("group"))) return std::nullopt;
  const auto& text = file(group_, "/etc/group");
  if (!text) return std::nullopt;
  return fdb::all_groups(*text);
}

const std::vector<gid_t>& Lookups::groups_of(const UserEntry& user) {
  auto it = groups_of_.find(user.name);
  if (it != groups_of_.end()) return it->second;
  std::vector<gid_t> g;
  if (const auto all = only_file_groups()) {
    // getgrouplist's answer from the files: the user's group, then each other
    // group that lists the user, in file order.
    g.push_back(user.gid);
    for (const auto& e : *all)
      if (e.gid != user.gid)
        for (const auto& m : e.members)
          if (m == user.name) {
            g.push_back(e.gid);
            break;
          }
  } else {
    int n = 64;
    g.resize(static_cast<size_t>(n));
    while (getgrouplist(user.name.c_str(), user.gid, g.data(), &n) < 0) g.resize(static_cast<size_t>(n));
    g.resize(static_cast<size_t>(n));
  }
  return groups_of_.emplace(user.name, std::move(g)).first->second;
}

const std::vector<gid_t>& Lookups::groups_listing(const std::string& user) {
  auto it = groups_listing_.find(user);
  if (it != groups_listing_.end()) return it->second;
  std::vector<gid_t> out;
  if (const auto all = only_file_groups()) {
    for (const auto& e : *all)
      for (const auto& m : e.members)
        if (m == user) out.push_back(e.gid);
  } else {
    setgrent();
    while (const struct group* g = getgrent())
      for (char** m = g->gr_mem; m && *m; ++m)
        if (user == *m) out.push_back(g->gr_gid);
    endgrent();
  }
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
