// Who an accepting builtin serves (issue 10): rules given in the script,
// --allow and --deny, each a CIDR block for TCP (10.0.0.0/8, ::1, ::/0) or a
// uid or gid for local sockets (uid:1000, gid:100). The first rule that
// matches decides; a client no rule matches is served, unless there is an
// --allow rule: then only what is allowed is served, as an allow list reads.
#pragma once
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "builtins/builtin.hpp"

namespace chainscript {

struct AccessRule {
  bool allow = true;
  enum class Kind { address, uid, gid } kind = Kind::address;
  in6_addr network{};   // addresses: IPv4 as IPv4-mapped IPv6
  unsigned prefix = 0;  // significant bits of network (of the 128)
  unsigned id = 0;      // uid or gid
  std::string text;     // as written, for the log
};

// Who is at the other end, as the rules see it.
struct Client {
  bool has_address = false;
  in6_addr address{};  // IPv4 as IPv4-mapped
  bool has_ids = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

// "10.0.0.0/8", "::1", "2001:db8::/32" (addresses) or "uid:N", "gid:N"
// (local); a usage error (100) at o naming what is wrong otherwise.
AccessRule parse_access_rule(const Option& o, bool allow, bool local, const Builtin& b);

// The rule that decides for the client, or nullptr when none matches.
const AccessRule* deciding_rule(const std::vector<AccessRule>& rules, const Client& client);
bool admitted(const std::vector<AccessRule>& rules, const Client& client);

}  // namespace chainscript
