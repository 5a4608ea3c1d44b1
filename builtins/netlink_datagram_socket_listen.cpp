// netlink-datagram-socket-listen [options] PROTOCOL GROUP prog...: seed 000 and
// netlink(7). A netlink socket bound with nl_pid 0 (the kernel assigns it) to
// the GROUP bitmask, on fd 3+n.
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cerrno>
#include <utility>

#include "socket_activation.hpp"

#ifndef NETLINK_SMC
#define NETLINK_SMC 22
#endif

namespace chainscript {

namespace {

// netlink(7)'s families, by the names nosh and iproute2 users write.
constexpr std::pair<std::string_view, int> families[] = {
    {"route", NETLINK_ROUTE},
    {"unused", NETLINK_UNUSED},
    {"usersock", NETLINK_USERSOCK},
    {"firewall", NETLINK_FIREWALL},
    {"sock-diag", NETLINK_SOCK_DIAG},
    {"inet-diag", NETLINK_INET_DIAG},
    {"nflog", NETLINK_NFLOG},
    {"xfrm", NETLINK_XFRM},
    {"selinux", NETLINK_SELINUX},
    {"iscsi", NETLINK_ISCSI},
    {"audit", NETLINK_AUDIT},
    {"fib-lookup", NETLINK_FIB_LOOKUP},
    {"connector", NETLINK_CONNECTOR},
    {"netfilter", NETLINK_NETFILTER},
    {"ip6-fw", NETLINK_IP6_FW},
    {"dnrtmsg", NETLINK_DNRTMSG},
    {"kobject-uevent", NETLINK_KOBJECT_UEVENT},
    {"generic", NETLINK_GENERIC},
    {"scsitransport", NETLINK_SCSITRANSPORT},
    {"ecryptfs", NETLINK_ECRYPTFS},
    {"rdma", NETLINK_RDMA},
    {"crypto", NETLINK_CRYPTO},
    {"smc", NETLINK_SMC},
};

// NETLINK_ROUTE's multicast groups as `ip monitor` names them (RTMGRP_* bits).
constexpr std::pair<std::string_view, unsigned> route_groups[] = {
    {"link", RTMGRP_LINK},
    {"notify", RTMGRP_NOTIFY},
    {"neigh", RTMGRP_NEIGH},
    {"tc", RTMGRP_TC},
    {"ipv4-ifaddr", RTMGRP_IPV4_IFADDR},
    {"ipv4-mroute", RTMGRP_IPV4_MROUTE},
    {"ipv4-route", RTMGRP_IPV4_ROUTE},
    {"ipv4-rule", RTMGRP_IPV4_RULE},
    {"ipv6-ifaddr", RTMGRP_IPV6_IFADDR},
    {"ipv6-mroute", RTMGRP_IPV6_MROUTE},
    {"ipv6-route", RTMGRP_IPV6_ROUTE},
    {"ipv6-ifinfo", RTMGRP_IPV6_IFINFO},
    {"decnet-ifaddr", RTMGRP_DECnet_IFADDR},
    {"decnet-route", RTMGRP_DECnet_ROUTE},
    {"ipv6-prefix", RTMGRP_IPV6_PREFIX},
};

bool all_digits(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

int protocol_of(const Word& w, const Builtin& b) {
  if (all_digits(w.text)) return static_cast<int>(parse_number(w, b, "PROTOCOL", 31));
  for (const auto& [name, id] : families)
    if (name == w.text) return id;
  usage_error(w.at, b, "unknown netlink family \"" + w.text + "\"");
}

unsigned groups_of(const Word& w, int protocol, const Builtin& b) {
  if (all_digits(w.text)) return static_cast<unsigned>(parse_number(w, b, "GROUP"));
  if (w.text.starts_with("0x") && w.text.size() > 2 && w.text.size() <= 10 &&
      w.text.find_first_not_of("0123456789abcdefABCDEF", 2) == std::string::npos)
    return static_cast<unsigned>(std::stoul(w.text, nullptr, 16));
  if (protocol != NETLINK_ROUTE)
    usage_error(w.at, b, "group names are known for the route family only; give a number, not \"" + w.text + "\"");
  unsigned mask = 0;
  size_t p = 0;
  for (;;) {
    const auto comma = w.text.find(',', p);
    const std::string name = w.text.substr(p, comma == std::string::npos ? std::string::npos : comma - p);
    bool known = false;
    for (const auto& [n, bit] : route_groups)
      if (n == name) mask |= bit, known = true;
    if (!known) usage_error(w.at, b, "unknown route group \"" + name + "\"");
    if (comma == std::string::npos) break;
    p = comma + 1;
  }
  return mask;
}

enum Key : char { raw = 'r', pass_credentials, pass_security, receive_buffer, group };

}  // namespace

Action parse_netlink_datagram_socket_listen(Cursor& c, const Builtin& b) {
  std::vector<OptionSpec> specs = {
      {raw, "raw", false, false},
      {pass_credentials, "pass-credentials", false, false},
      {pass_security, "pass-security", false, false},
      {receive_buffer, "receive-buffer-size", true, false},
      {group, "group", true, false},
  };
  specs.insert(specs.end(), std::begin(activation_specs), std::end(activation_specs));
  Activation activation;
  bool use_raw = false, credentials = false, security = false;
  std::optional<int> rcvbuf;
  std::vector<unsigned> extra_groups;
  for (const auto& o : parse_options(c, b, specs, OptionStyle::gnu)) {
    if (activation_option(o, activation, b)) continue;
    switch (o.key) {
      case raw: use_raw = true; break;
      case pass_credentials: credentials = true; break;
      case pass_security: security = true; break;
      case receive_buffer:
        rcvbuf = static_cast<int>(parse_number({o.value, o.at}, b, "--receive-buffer-size", 0x7fffffff));
        break;
      case group:
        extra_groups.push_back(static_cast<unsigned>(parse_number({o.value, o.at}, b, "--group", 0xffffffff)));
        if (extra_groups.back() == 0) usage_error(o.at, b, "--group numbers start at 1");
        break;
    }
  }
  const Word proto_word = take_arg(c, b, "PROTOCOL");
  const int protocol = protocol_of(proto_word, b);
  const unsigned groups = groups_of(take_arg(c, b, "GROUP"), protocol, b);
  const std::string shown = proto_word.text;
  return [=](Context& ctx, Cursor&) -> Flow {
    auto* sys = ctx.system;
    const int fd = sys->socket(AF_NETLINK, use_raw ? SOCK_RAW : SOCK_DGRAM, protocol);
    if (fd < 0) ctx.fail_errno(exit_code::system_call, "unable to create a netlink " + shown + " socket");
    if (credentials) set_option(ctx, fd, SOL_SOCKET, SO_PASSCRED, 1, "SO_PASSCRED");
    if (security) set_option(ctx, fd, SOL_SOCKET, SO_PASSSEC, 1, "SO_PASSSEC");
    if (rcvbuf) {  // past rmem_max when privileged
      const int v = *rcvbuf;
      if (sys->setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof v, "SO_RCVBUFFORCE=" + std::to_string(v)) < 0)
        set_option(ctx, fd, SOL_SOCKET, SO_RCVBUF, v, "SO_RCVBUF");
    }
    sockaddr_nl addr{};
    addr.nl_family = AF_NETLINK;
    addr.nl_pid = 0;
    addr.nl_groups = groups;
    if (sys->bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr, shown) < 0)
      fail_closing(ctx, fd, "bind netlink " + shown + " groups " + std::to_string(groups));
    for (unsigned g : extra_groups)
      set_option(ctx, fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, static_cast<int>(g), "NETLINK_ADD_MEMBERSHIP");
    place_listener(ctx, fd, activation);
    return {};
  };
}

}  // namespace chainscript
