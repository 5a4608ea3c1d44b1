// netlink-datagram-socket-listen [ options ] protocol multicast-group prog...
// (seed 000 and netlink(7)): a netlink socket bound with nl_pid 0 (the kernel
// assigns it) to the group bitmask, at fd 3+n. protocol is a family's name
// or number; the group a number, 0x-hexadecimal, or for the route family a
// comma list of group names (link,ipv4-ifaddr,...); --group joins more.
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cerrno>
#include <utility>

#include "builtins/socket_activation.hpp"
#include "lib/lists.hpp"
#include "lib/numbers.hpp"

#ifndef NETLINK_SMC
#define NETLINK_SMC 22
#endif

namespace chainscript {

namespace netlink_datagram_socket_listen_parts {

constexpr OptionSpec netlink_options[] = {
    {'\x1a', "raw", "", "a raw socket, not a datagram one"},
    {'\x18', "pass-credentials", "", "SO_PASSCRED"},
    {'\x19', "pass-security", "", "SO_PASSSEC"},
    {'\x08', "receive-buffer-size", "bytes", "SO_RCVBUFFORCE (SO_RCVBUF when not privileged)"},
    {'\x1b', "group", "n", "join multicast group n too (groups past 32)", 0, in_all, true},
};
constexpr std::string_view aliases[] = {"netlink-listen"};
constexpr auto options = option_table(netlink_options, activation_options);

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

int protocol_of(const Word& w, const Builtin& b) {
  if (!w.known) return NETLINK_ROUTE;
  if (const auto n = decimal_number(w.text, 31)) return static_cast<int>(*n);
  for (const auto& [name, id] : families)
    if (name == w.text) return id;
  usage_error(w.at, b, "unknown netlink family \"" + w.text + "\"");
}

unsigned groups_of(const Word& w, int protocol, const Builtin& b) {
  if (!w.known) return 0;
  if (const auto n = decimal_number(w.text, 0xffffffffULL)) return static_cast<unsigned>(*n);
  if (w.text.starts_with("0x"))
    if (const auto n = hexadecimal_number(std::string_view(w.text).substr(2), 0xffffffffULL)) return static_cast<unsigned>(*n);
  if (protocol != NETLINK_ROUTE)
    usage_error(w.at, b, "group names are known for the route family only; give a number, not \"" + w.text + "\"");
  unsigned mask = 0;
  for (const auto name : split_list(w.text, ',')) {
    bool known = false;
    for (const auto& [n, bit] : route_groups)
      if (n == name) mask |= bit, known = true;
    if (!known) usage_error(w.at, b, "unknown route group \"" + std::string(name) + "\"");
  }
  return mask;
}

Invocation parse(Cursor& c, const Builtin& b) {
  Activation activation;
  bool use_raw = false, credentials = false, security = false;
  std::optional<int> rcvbuf;
  std::vector<unsigned> extra_groups;
  for (const auto& o : parse_options(c, b)) {
    if (activation_option(o, activation, b)) continue;
    switch (o.key) {
      case '\x1a': use_raw = true; break;
      case '\x18': credentials = true; break;
      case '\x19': security = true; break;
      case '\x08': rcvbuf = static_cast<int>(parse_number(o.word(), b, "--receive-buffer-size", 0x7fffffff, c)); break;
      case '\x1b':
        extra_groups.push_back(static_cast<unsigned>(parse_number(o.word(), b, "--group", 0xffffffff)));
        if (o.known && extra_groups.back() == 0) usage_error(o.at, b, "--group numbers start at 1");
        break;
    }
  }
  const Word proto_word = take_arg(c, b, "PROTOCOL");
  const int protocol = protocol_of(proto_word, b);
  const unsigned groups = groups_of(take_arg(c, b, "GROUP"), protocol, b);
  const std::string shown = proto_word.text;
  return [=](Context& ctx, Cursor&) -> Flow {
    auto* sys = ctx.system;
    UniqueFd socket(*sys, sys->socket(AF_NETLINK, use_raw ? SOCK_RAW : SOCK_DGRAM, protocol));
    if (!socket.valid()) ctx.fail_errno(exit_code::system_call, "unable to create a netlink " + shown + " socket");
    const int fd = socket.get();
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
    if (sys->bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0)
      ctx.fail_errno(exit_code::system_call, "bind netlink " + shown + " groups " + std::to_string(groups));
    for (unsigned g : extra_groups)
      set_option(ctx, fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, static_cast<int>(g), "NETLINK_ADD_MEMBERSHIP");
    place_listener(ctx, socket, activation);
    return {};
  };
}

}  // namespace netlink_datagram_socket_listen_parts

extern const Builtin netlink_datagram_socket_listen_builtin{
    .name = "netlink-datagram-socket-listen",
    .aliases = netlink_datagram_socket_listen_parts::aliases,
    .summary = "a netlink socket bound to multicast groups on fd 3+n",
    .style = OptionStyle::gnu,
    .options = netlink_datagram_socket_listen_parts::options,
    .operands = "protocol multicast-group prog...",
    .facts = needs_program,
    .parse = netlink_datagram_socket_listen_parts::parse,
};

}  // namespace chainscript
