// netlink-datagram-socket-listen (seed 000, issue 3). The event test runs in a
// network namespace of its own, so the link it brings up is nobody else's.
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "harness/harness.hpp"
#include "harness/sockets.hpp"

using namespace harness;

namespace {


// unshare and ip, or a reason to skip (root is asked for first, by REQUIRE_ROOT).
struct Netns {
  std::string unshare = find_program("unshare");
  std::string ip = find_program("ip");
  std::string why_not() const {
    if (unshare.empty()) return "no unshare(1)";
    if (ip.empty()) return "no ip(8)";
    const Result r = run(command({unshare, "--net", "true"}));
    if (r.status() != 0) return "unshare --net does not work here: " + r.err;
    return {};
  }
};

}  // namespace

TEST(NetlinkSocketListen, ReceivesRtmNewlinkWhenLoopbackComesUpInItsNamespace) {
  REQUIRE_ROOT("a network namespace of the test's own (unshare --net)");
  const Netns ns;
  if (const auto why = ns.why_not(); !why.empty()) GTEST_SKIP() << why;
  // The socket is opened first; then, in the same namespace, the link goes up;
  // then the final program reads what the kernel sent to the group.
  const Result r = run(command({ns.unshare, "--net", bin, "-c",
                                "netlink-listen --systemd-compatibility route link foreground { " + q(ns.ip) +
                                    " link set lo up } " + SP + " print-fds print-env LISTEN_FDS netlink-wait 3"}));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_TRUE(has_line(r.out, "netlink RTM_NEWLINK ifname=lo up")) << r;
  EXPECT_EQ(fd_line(r.out, 3), "fd 3 cloexec=0 nonblock=0 socket family=netlink type=dgram listening=0 addr=netlink-groups=0x1")
      << r;
  EXPECT_EQ(env_of(r.out, "LISTEN_FDS"), "1") << r;
}

TEST(NetlinkSocketListen, GroupOptionJoinsByNumber) {
  REQUIRE_ROOT("a network namespace of the test's own (unshare --net)");
  const Netns ns;
  if (const auto why = ns.why_not(); !why.empty()) GTEST_SKIP() << why;
  // GROUP 0 binds to no group; --group 1 (RTNLGRP_LINK) joins it afterwards.
  const Result r = run(command({ns.unshare, "--net", bin, "-c",
                                "netlink-listen --group " + std::to_string(RTNLGRP_LINK) + " route 0 foreground { " +
                                    q(ns.ip) + " link set lo up } " + SP +
                                    " sockopt 3 NETLINK_LIST_MEMBERSHIPS print-sockname 3 netlink-wait 3"}));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "NETLINK_LIST_MEMBERSHIPS"), "0x1") << r;
  EXPECT_TRUE(has_line(r.out, "netlink RTM_NEWLINK ifname=lo up")) << r;
}

TEST(NetlinkSocketListen, FamilyByNumberAndGroupNames) {
  const Result r = run(cs("netlink-datagram-socket-listen 0 link,ipv4-ifaddr,ipv6-route " + SP +
                          " sockopt 3 SO_PROTOCOL SO_TYPE SO_DOMAIN print-sockname 3"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_PROTOCOL"), std::to_string(NETLINK_ROUTE)) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_TYPE"), std::to_string(SOCK_DGRAM)) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_DOMAIN"), std::to_string(AF_NETLINK)) << r;
  char groups[16];
  std::snprintf(groups, sizeof groups, "0x%x", RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_ROUTE);
  EXPECT_TRUE(has_line(r.out, std::string("sockname 3 netlink-groups=") + groups)) << r;
}

TEST(NetlinkSocketListen, FamiliesByName) {
  for (const auto& [name, protocol] : std::vector<std::pair<std::string, int>>{
           {"route", NETLINK_ROUTE}, {"sock-diag", NETLINK_SOCK_DIAG}, {"generic", NETLINK_GENERIC},
           {"kobject-uevent", NETLINK_KOBJECT_UEVENT}}) {
    const Result r = run(cs("netlink-listen " + name + " 0 " + SP + " sockopt 3 SO_PROTOCOL"));
    ASSERT_EQ(r.status(), 0) << name << "\n" << r;
    EXPECT_EQ(sockopt(r.out, 3, "SO_PROTOCOL"), std::to_string(protocol)) << name << "\n" << r;
  }
}

TEST(NetlinkSocketListen, GroupAsANumberIsTheBitmask) {
  const Result r = run(cs("netlink-listen route 17 " + SP + " print-sockname 3"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_TRUE(has_line(r.out, "sockname 3 netlink-groups=0x11")) << r;
}

TEST(NetlinkSocketListen, RawAndPassCredentials) {
  const Result r = run(cs("netlink-listen --raw --pass-credentials route 0 " + SP + " sockopt 3 SO_TYPE SO_PASSCRED"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_TYPE"), std::to_string(SOCK_RAW)) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_PASSCRED"), "1") << r;
}

TEST(NetlinkSocketListen, ReceiveBufferIsForcedPastTheLimit) {
  REQUIRE_ROOT("SO_RCVBUFFORCE needs CAP_NET_ADMIN");
  const long rmem_max = read_long("/proc/sys/net/core/rmem_max");
  ASSERT_GT(rmem_max, 0);
  const long want = rmem_max + 65536;
  const Result r = run(cs("netlink-listen --receive-buffer-size " + std::to_string(want) + " route link " + SP +
                          " sockopt 3 SO_RCVBUF"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_RCVBUF"), std::to_string(2 * want)) << r;
}

TEST(NetlinkSocketListen, ReceiveBufferFallsBackToTheLimitWithoutPrivilege) {
  REQUIRE_ROOT("dropping to nobody first, so that SO_RCVBUFFORCE is refused");
  const long rmem_max = read_long("/proc/sys/net/core/rmem_max");
  ASSERT_GT(rmem_max, 0);
  const long want = rmem_max + 65536;
  const Result r = run(cs("setuidgid nobody netlink-listen --receive-buffer-size " + std::to_string(want) +
                          " route link " + SP + " sockopt 3 SO_RCVBUF"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_RCVBUF"), std::to_string(2 * rmem_max)) << r;
}

TEST(NetlinkSocketListen, UnknownFamilyIsAUsageErrorNamingIt) {
  TempDir d;
  const Result r = run(cs("netlink-listen nosuchfamily 0 " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 100) << r;
  EXPECT_NE(r.err.find("netlink-datagram-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find("nosuchfamily"), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran"));
}

TEST(NetlinkSocketListen, UnknownGroupNameIsAUsageErrorNamingIt) {
  TempDir d;
  const Result r = run(cs("netlink-listen route link,bogusgroup " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 100) << r;
  EXPECT_NE(r.err.find("netlink-datagram-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find("bogusgroup"), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran"));
}

TEST(NetlinkSocketListen, OtherUsageErrors) {
  TempDir d;
  for (const std::string bad : {"netlink-listen generic link", "netlink-listen --group 0 route 0",
                                "netlink-listen --backlog 5 route 0", "netlink-listen route",
                                "netlink-listen 99 0", "netlink-listen route link,"}) {
    const Result r = run(cs(bad + " " + SP + " touch " + q(d / "ran")));
    EXPECT_EQ(r.status(), 100) << bad << "\n" << r;
    EXPECT_NE(r.err.find("netlink-datagram-socket-listen"), std::string::npos) << bad << "\n" << r;
  }
  EXPECT_FALSE(exists(d / "ran"));
}

TEST(NetlinkSocketListen, UnsupportedProtocolFailsNamingIt) {
  TempDir d;
  // Protocol 30 is no netlink family the kernel has.
  const Result r = run(cs("netlink-listen 30 0 " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("netlink-datagram-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find("30"), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran"));
}

TEST(NetlinkSocketListen, DryRunShowsThePlan) {
  Proc p(cs("netlink-listen --systemd-compatibility --pass-credentials route link,neigh " + SP, {"-n"}));
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  char groups[16];
  std::snprintf(groups, sizeof groups, "0x%x", RTMGRP_LINK | RTMGRP_NEIGH);
  for (const std::string& step : std::vector<std::string>{
           "netlink-datagram-socket-listen: socket family=netlink type=dgram protocol=0 -> fd 3",
           "setsockopt fd=3 option=SO_PASSCRED=1", std::string("bind fd=3 address=\"pid=0 groups=") + groups + "\"",
           "place from=3 to=3", "setenv LISTEN_FDS=1", "setenv LISTEN_PID=" + std::to_string(p.pid())})
    EXPECT_NE(r.out.find(step), std::string::npos) << "missing: " << step << "\n" << r;
}
