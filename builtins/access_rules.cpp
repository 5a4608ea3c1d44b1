#include "builtins/access_rules.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "lib/numbers.hpp"

namespace chainscript {

namespace {

bool parse_address(const std::string& text, in6_addr& out, unsigned& bits) {
  in_addr v4{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    out = {};
    out.s6_addr[10] = out.s6_addr[11] = 0xff;
    std::memcpy(&out.s6_addr[12], &v4, 4);
    bits = 32;
    return true;
  }
  bits = 128;
  return ::inet_pton(AF_INET6, text.c_str(), &out) == 1;
}

bool in_network(const in6_addr& a, const in6_addr& net, unsigned prefix) {
  for (unsigned i = 0; i < 16 && prefix > 0; ++i, prefix = prefix > 8 ? prefix - 8 : 0) {
    const unsigned mask = prefix >= 8 ? 0xff : (0xff00u >> prefix) & 0xff;
    if ((a.s6_addr[i] & mask) != (net.s6_addr[i] & mask)) return false;
  }
  return true;
}

}  // namespace

AccessRule parse_access_rule(const Option& o, bool allow, bool local, const Builtin& b) {
  AccessRule r;
  r.allow = allow;
  r.text = o.value;
  const std::string option = allow ? "--allow" : "--deny";
  if (!o.known) return r;
  if (local) {
    const bool uid = o.value.starts_with("uid:"), gid = o.value.starts_with("gid:");
    const auto n = (uid || gid) ? decimal_number(o.value.substr(4), 0xfffffffeULL) : std::nullopt;
    if (!n) usage_error(o.at, b, option + " takes uid:N or gid:N, not \"" + o.value + "\"");
    r.kind = uid ? AccessRule::Kind::uid : AccessRule::Kind::gid;
    r.id = static_cast<unsigned>(*n);
    return r;
  }
  const auto slash = o.value.find('/');
  unsigned family_bits = 0;
  if (!parse_address(o.value.substr(0, slash), r.network, family_bits))
    usage_error(o.at, b, option + " takes an address or address/prefix, not \"" + o.value + "\"");
  unsigned prefix = family_bits;
  if (slash != std::string::npos) {
    const auto n = decimal_number(o.value.substr(slash + 1), family_bits);
    if (!n) usage_error(o.at, b, option + ": the prefix of \"" + o.value + "\" is not 0 to " + std::to_string(family_bits));
    prefix = static_cast<unsigned>(*n);
  }
  r.prefix = prefix + (128 - family_bits);  // an IPv4 prefix counts the mapped part too
  return r;
}

const AccessRule* deciding_rule(const std::vector<AccessRule>& rules, const Client& client) {
  for (const auto& r : rules) {
    switch (r.kind) {
      case AccessRule::Kind::address:
        if (client.has_address && in_network(client.address, r.network, r.prefix)) return &r;
        break;
      case AccessRule::Kind::uid:
        if (client.has_ids && client.uid == r.id) return &r;
        break;
      case AccessRule::Kind::gid:
        if (client.has_ids && client.gid == r.id) return &r;
        break;
    }
  }
  return nullptr;
}

bool admitted(const std::vector<AccessRule>& rules, const Client& client) {
  if (const AccessRule* r = deciding_rule(rules, client)) return r->allow;
  return std::none_of(rules.begin(), rules.end(), [](const AccessRule& r) { return r.allow; });
}

}  // namespace chainscript
