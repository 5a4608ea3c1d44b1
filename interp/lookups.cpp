#include "lookups.hpp"

#include <net/if.h>
#include <netdb.h>

#include <cstring>

#include "interp/context.hpp"
#include "lib/files_database.hpp"
#include "lib/getent.hpp"
#include "lib/lists.hpp"

namespace chainscript {

namespace fdb = files_database;

namespace {

// getent's entry for ARGS: its output when found, nullopt when not; a getent
// that cannot run, or fails otherwise, fails ctx's step (111).
std::optional<std::string> ask_getent(std::initializer_list<std::string_view> args, const std::string& what,
                                      const Context& ctx) {
  getent::Answer a = getent::query(args);
  if (a.status == 0) return std::move(a.output);
  if (a.status == 2) return std::nullopt;
  if (a.status < 0) ctx.fail_errno(exit_code::system_call, "unable to look up " + what + ": " + getent::kPath);
  ctx.fail(exit_code::system_call,
           "unable to look up " + what + ": " + getent::kPath + " exited " + std::to_string(a.status));
}

// DATABASE's entry for NAME as getent prints it (one line in the file's
// format), read by the file's own parser; none when getent knows no such
// entry.
template <class Entry>
std::optional<Entry> getent_entry(const char* database, const std::string& name, const std::string& what,
                                  std::optional<Entry> (*parse)(std::string_view), const Context& ctx) {
  const auto text = ask_getent({database, name}, what, ctx);
  if (!text) return std::nullopt;
  auto entry = parse(std::string_view(*text).substr(0, text->find('\n')));
  if (!entry)
    ctx.fail(exit_code::system_call, "unable to look up " + what + ": getent printed no " + database + " line");
  // getent reads a number as an id; getpwnam(3) and getgrnam(3) look up names only.
  if (entry->name != name) return std::nullopt;
  return entry;
}

// Whether getaddrinfo reads TEXT as a host address without asking NSS.
bool numeric_host(const std::string& text) {
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST;
  addrinfo* found = nullptr;
  if (getaddrinfo(text.c_str(), nullptr, &hints, &found) != 0) return false;
  freeaddrinfo(found);
  return true;
}

bool digits_only(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

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
    } else if (const auto pw = getent_entry("passwd", name, "user " + name, fdb::parse_passwd_line, ctx)) {
      entry = UserEntry{pw->name, pw->uid, pw->gid, pw->home};
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
    } else if (const auto gr = getent_entry("group", name, "group " + name, fdb::parse_group_line, ctx)) {
      gid = gr->gid;
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

const std::vector<gid_t>& Lookups::groups_of(const UserEntry& user, gid_t first, const Context& ctx) {
  const std::string key = user.name + ':' + std::to_string(first);
  auto it = groups_of_.find(key);
  if (it != groups_of_.end()) return it->second;
  std::vector<gid_t> g{first};
  if (const auto all = only_file_groups()) {
    // getgrouplist's answer from the files: first, then each other group
    // that lists the user, in file order.
    for (const auto& e : *all)
      if (e.gid != first)
        for (const auto& m : e.members)
          if (m == user.name) {
            g.push_back(e.gid);
            break;
          }
  } else {
    // getent initgroups is getgrouplist(3) without a first group: first goes
    // first, as getgrouplist puts it, and is not repeated.
    const std::string what = "the groups of user " + user.name;
    const auto line = ask_getent({"initgroups", user.name}, what, ctx);
    const auto listed = line ? getent::initgroups_ids(*line) : std::optional<std::vector<gid_t>>(std::vector<gid_t>{});
    if (!listed) ctx.fail(exit_code::system_call, "unable to look up " + what + ": getent printed no initgroups line");
    for (const gid_t id : *listed)
      if (id != first) g.push_back(id);
  }
  return groups_of_.emplace(key, std::move(g)).first->second;
}

const std::vector<gid_t>& Lookups::groups_listing(const std::string& user, const Context& ctx) {
  auto it = groups_listing_.find(user);
  if (it != groups_listing_.end()) return it->second;
  auto all = only_file_groups();
  if (!all) {
    // Every group of every source, as getgrent(3) enumerates them.
    const std::string what = "the groups listing user " + user;
    all = fdb::all_groups(ask_getent({"group"}, what, ctx).value_or(""));
    if (!all) ctx.fail(exit_code::system_call, "unable to look up " + what + ": getent printed a bad group line");
  }
  std::vector<gid_t> out;
  for (const auto& e : *all)
    for (const auto& m : e.members)
      if (m == user) out.push_back(e.gid);
  return groups_listing_.emplace(user, std::move(out)).first->second;
}

const Address& Lookups::address(const std::string& host, const std::string& service, int socktype, int flags,
                                const Context& ctx) {
  const std::string key = host + '\n' + service + '\n' + std::to_string(socktype) + '\n' + std::to_string(flags);
  auto it = addresses_.find(key);
  if (it != addresses_.end()) return it->second;
  // A name that only an NSS module knows is made numeric by getent first;
  // getaddrinfo then applies the flags to the address and the port.
  std::string h = host, s = service;
  const auto unresolved = [&](const std::string& what) -> const Address& {
    ctx.fail(exit_code::system_call, "unable to resolve " + host + " " + service + ": " + what);
  };
  if (!h.empty() && !(flags & AI_NUMERICHOST) && !getent::built_in_only(sources("hosts")) && !numeric_host(h)) {
    const auto found = ask_getent({"ahosts", h}, "host " + h, ctx);
    const char* type = socktype == SOCK_DGRAM ? "DGRAM" : socktype == SOCK_RAW ? "RAW" : "STREAM";
    const auto address = found ? getent::first_address(*found, type) : std::nullopt;
    if (!address) return unresolved(gai_strerror(EAI_NONAME));
    h = *address;
  }
  // An empty service is port 0 to getaddrinfo.
  if (!(flags & AI_NUMERICSERV) && !s.empty() && !digits_only(s) && !getent::built_in_only(sources("services"))) {
    const std::string entry = s + (socktype == SOCK_DGRAM ? "/udp" : "/tcp");
    const auto found = ask_getent({"services", entry}, "service " + entry, ctx);
    const auto port = found ? getent::service_port(*found) : std::nullopt;
    if (!port) return unresolved(gai_strerror(EAI_SERVICE));
    s = std::to_string(*port);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = socktype;
  hints.ai_flags = flags;
  addrinfo* found = nullptr;
  // An empty host is every address; nosh's tools hand it to getaddrinfo, which knows no such name.
  const bool any = h.empty() && !ctx.rules->nosh_tools();
  if (const int e = getaddrinfo(any ? nullptr : h.c_str(), s.c_str(), &hints, &found)) return unresolved(gai_strerror(e));
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
