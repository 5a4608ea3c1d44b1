// tcp-socket-listen and udp-socket-listen (seed 001, issue 3): real sockets on
// loopback, the final program (socket_peer) serving one client each.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cstring>

#include "harness/harness.hpp"
#include "harness/sockets.hpp"

using namespace harness;

namespace {


// As chainscript shows an address: "127.0.0.1:80", "[::1]:53".
std::string shown(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = "";
  if (sa->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    return std::string(buf) + ":" + std::to_string(ntohs(in->sin_port));
  }
  const auto* in = reinterpret_cast<const sockaddr_in6*>(sa);
  inet_ntop(AF_INET6, &in->sin6_addr, buf, sizeof buf);
  return "[" + std::string(buf) + "]:" + std::to_string(ntohs(in->sin6_port));
}

// A TCP socket the test keeps listening on 127.0.0.1 (a port that is taken).
struct TakenPort {
  int fd = -1;
  int port = 0;
  TakenPort() {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 || ::listen(fd, 1) < 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) < 0)
      throw std::runtime_error("TakenPort");
    port = ntohs(a.sin_port);
  }
  ~TakenPort() { ::close(fd); }
};

}  // namespace

// ---- TCP: a client connects to what the final program inherited ----------------

TEST(TcpSocketListen, Ipv4LoopbackServesAClientOnFd3) {
  Proc p(cs("tcp-listen --systemd-compatibility 127.0.0.1 0 " + SP +
            " print-pid print-env LISTEN_FDS LISTEN_PID LISTEN_FDNAMES UPSTART_FDS print-fds"
            " sockopt 3 SO_REUSEADDR SO_REUSEPORT TCP_MAX_BACKLOG print-sockname 3 accept-echo 3"));
  const auto port = p.wait_for(Proc::out, R"(sockname 3 127\.0\.0\.1:(\d+))");
  ASSERT_TRUE(port) << p.finish();
  ASSERT_NE(*port, "0");
  EXPECT_EQ(exchange(connect_inet(AF_INET, "127.0.0.1", std::stoi(*port)), "hello\n"), "echo:hello\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_TRUE(has_line(r.out, "served 3")) << r;
  // fd 3: inherited across exec (so not close-on-exec), a listening TCP socket.
  EXPECT_EQ(fd_line(r.out, 3), "fd 3 cloexec=0 nonblock=0 socket family=inet type=stream listening=1 addr=127.0.0.1:" +
                                   *port)
      << r;
  EXPECT_FALSE(fd_line(r.out, 4)) << r;
  EXPECT_EQ(env_of(r.out, "LISTEN_FDS"), "1") << r;
  // chainscript execs the program: LISTEN_PID is the pid of the process that reads it.
  EXPECT_EQ(env_of(r.out, "LISTEN_PID"), std::to_string(p.pid())) << r;
  EXPECT_EQ(after(r.out, "pid "), std::to_string(p.pid())) << r;
  EXPECT_TRUE(has_line(r.out, "env LISTEN_FDNAMES unset")) << r;
  EXPECT_TRUE(has_line(r.out, "env UPSTART_FDS unset")) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_REUSEADDR"), "1") << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_REUSEPORT"), "0") << r;
  EXPECT_EQ(sockopt(r.out, 3, "TCP_MAX_BACKLOG"), "5") << "default backlog\n" << r;
}

TEST(TcpSocketListen, Ipv6LoopbackIsV6OnlyAndServesAClient) {
  Proc p(cs("tcp-socket-listen ::1 0 " + SP + " print-fds sockopt 3 IPV6_V6ONLY print-sockname 3 accept-echo 3"));
  const auto port = p.wait_for(Proc::out, R"(sockname 3 \[::1\]:(\d+))");
  ASSERT_TRUE(port) << p.finish();
  EXPECT_EQ(exchange(connect_inet(AF_INET6, "::1", std::stoi(*port)), "six\n"), "echo:six\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "IPV6_V6ONLY"), "1") << r;
  EXPECT_EQ(fd_line(r.out, 3),
            "fd 3 cloexec=0 nonblock=0 socket family=inet6 type=stream listening=1 addr=[::1]:" + *port)
      << r;
}

TEST(TcpSocketListen, AnyIpv6WithoutCombineRefusesIpv4Clients) {
  Proc p(cs("tcp-listen :: 0 " + SP + " sockopt 3 IPV6_V6ONLY print-sockname 3 accept-echo 3"));
  const auto port = p.wait_for(Proc::out, R"(sockname 3 \[::\]:(\d+))");
  ASSERT_TRUE(port) << p.finish();
  const int v4 = connect_inet(AF_INET, "127.0.0.1", std::stoi(*port));
  const int v4_errno = errno;
  if (v4 >= 0) ::close(v4);
  EXPECT_LT(v4, 0) << "an IPv4 client reached a v6-only socket";
  EXPECT_EQ(v4_errno, ECONNREFUSED);
  EXPECT_EQ(exchange(connect_inet(AF_INET6, "::1", std::stoi(*port)), "v6\n"), "echo:v6\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "IPV6_V6ONLY"), "1") << r;
}

TEST(TcpSocketListen, Combine4and6AcceptsIpv4ClientsOnAnIpv6Socket) {
  Proc p(cs("tcp-listen --combine4and6 :: 0 " + SP + " sockopt 3 IPV6_V6ONLY print-sockname 3 accept-echo 3"));
  const auto port = p.wait_for(Proc::out, R"(sockname 3 \[::\]:(\d+))");
  ASSERT_TRUE(port) << p.finish();
  EXPECT_EQ(exchange(connect_inet(AF_INET, "127.0.0.1", std::stoi(*port)), "mapped\n"), "echo:mapped\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "IPV6_V6ONLY"), "0") << r;
}

TEST(TcpSocketListen, AnyIpv4AddressServesLoopbackClients) {
  Proc p(cs("tcp-listen 0.0.0.0 0 " + SP + " print-sockname 3 accept-echo 3"));
  const auto port = p.wait_for(Proc::out, R"(sockname 3 0\.0\.0\.0:(\d+))");
  ASSERT_TRUE(port) << p.finish();
  EXPECT_EQ(exchange(connect_inet(AF_INET, "127.0.0.1", std::stoi(*port)), "any\n"), "echo:any\n");
  const Result r = p.finish();
  EXPECT_EQ(r.status(), 0) << r;
}

TEST(TcpSocketListen, TraceShowsTheRealFdAndThePortTheKernelChose) {
  Proc p(cs("tcp-listen --systemd-compatibility 127.0.0.1 0 " + SP + " print-sockname 3 accept-echo 3", {"-x"}));
  const auto traced = p.wait_for(Proc::err, R"(bound 127\.0\.0\.1:(\d+))");
  ASSERT_TRUE(traced) << p.finish();
  ASSERT_NE(*traced, "0");
  const auto port = p.wait_for(Proc::out, R"(sockname 3 127\.0\.0\.1:(\d+))");
  ASSERT_TRUE(port) << p.finish();
  EXPECT_EQ(*traced, *port) << "the trace shows the port the program got";
  EXPECT_EQ(exchange(connect_inet(AF_INET, "127.0.0.1", std::stoi(*port)), "x\n"), "echo:x\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_NE(r.err.find("tcp-socket-listen: socket family=inet type=stream protocol=0 -> fd 3"), std::string::npos)
      << r;
  EXPECT_NE(r.err.find("bind fd=3 address=127.0.0.1:0 -> bound 127.0.0.1:" + *port), std::string::npos) << r;
  EXPECT_NE(r.err.find("listen fd=3 backlog=5"), std::string::npos) << r;
  EXPECT_NE(r.err.find("setenv LISTEN_FDS=1"), std::string::npos) << r;
  EXPECT_NE(r.err.find("setenv LISTEN_PID=" + std::to_string(p.pid())), std::string::npos) << r;
  EXPECT_NE(r.err.find("exec program=" + socket_peer), std::string::npos) << r;
}

TEST(TcpSocketListen, BacklogOptionReachesListen) {
  const Result r = run(cs("tcp-listen --backlog 17 127.0.0.1 0 " + SP + " sockopt 3 TCP_MAX_BACKLOG", {"-x"}));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "TCP_MAX_BACKLOG"), "17") << r;
  EXPECT_NE(r.err.find("listen fd=3 backlog=17"), std::string::npos) << r;
}

TEST(TcpSocketListen, ReuseOptions) {
  const Result r = run(cs("tcp-listen --no-reuse-address --reuse-port 127.0.0.1 0 " + SP +
                          " sockopt 3 SO_REUSEADDR SO_REUSEPORT"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_REUSEADDR"), "0") << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_REUSEPORT"), "1") << r;
}

TEST(TcpSocketListen, LookupOptionsWithNumericArguments) {
  Proc p(cs("tcp-listen --numeric-host --numeric-service --check-interfaces 127.0.0.1 0 " + SP +
            " print-sockname 3 accept-echo 3"));
  const auto port = p.wait_for(Proc::out, R"(sockname 3 127\.0\.0\.1:(\d+))");
  ASSERT_TRUE(port) << p.finish();
  EXPECT_EQ(exchange(connect_inet(AF_INET, "127.0.0.1", std::stoi(*port)), "n\n"), "echo:n\n");
  EXPECT_EQ(p.finish().status(), 0);
}

TEST(TcpSocketListen, ReusePortLetsTwoListenersShareAPort) {
  Proc first(cs("tcp-listen --reuse-port 127.0.0.1 0 " + SP + " print-sockname 3 accept-echo 3"));
  const auto port = first.wait_for(Proc::out, R"(sockname 3 127\.0\.0\.1:(\d+))");
  ASSERT_TRUE(port) << first.finish();
  const Result second = run(cs("tcp-listen --reuse-port 127.0.0.1 " + *port + " " + SP + " print-sockname 3"));
  EXPECT_EQ(second.status(), 0) << second;
  EXPECT_TRUE(has_line(second.out, "sockname 3 127.0.0.1:" + *port)) << second;
  EXPECT_EQ(exchange(connect_inet(AF_INET, "127.0.0.1", std::stoi(*port)), "1st\n"), "echo:1st\n");
  EXPECT_EQ(first.finish().status(), 0);
}

TEST(TcpSocketListen, BindToAnyBindsAnAddressNoInterfaceHas) {
  // 198.51.100.0/24 and 2001:db8::/32 are documentation ranges, on no interface.
  const Result v4 = run(cs("tcp-listen --bind-to-any 198.51.100.7 0 " + SP + " sockopt 3 IP_FREEBIND print-sockname 3"));
  ASSERT_EQ(v4.status(), 0) << v4;
  EXPECT_EQ(sockopt(v4.out, 3, "IP_FREEBIND"), "1") << v4;
  EXPECT_NE(v4.out.find("sockname 3 198.51.100.7:"), std::string::npos) << v4;
  const Result v6 = run(cs("tcp-listen --bind-to-any 2001:db8::7 0 " + SP + " sockopt 3 IPV6_FREEBIND print-sockname 3"));
  ASSERT_EQ(v6.status(), 0) << v6;
  EXPECT_EQ(sockopt(v6.out, 3, "IPV6_FREEBIND"), "1") << v6;
  EXPECT_NE(v6.out.find("sockname 3 [2001:db8::7]:"), std::string::npos) << v6;
}

TEST(TcpSocketListen, ForeignAddressWithoutBindToAnyFailsAndRunsNothing) {
  TempDir d;
  const Result r = run(cs("tcp-listen 198.51.100.7 0 " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("tcp-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find("198.51.100.7"), std::string::npos) << r;
  EXPECT_NE(r.err.find(std::strerror(EADDRNOTAVAIL)), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran")) << "the final program ran";
}

TEST(TcpSocketListen, PortInUseFailsNamingTheAddressAndRunsNothing) {
  TakenPort taken;
  TempDir d;
  const std::string port = std::to_string(taken.port);
  const Result r = run(cs("tcp-listen 127.0.0.1 " + port + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("tcp-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find("127.0.0.1:" + port), std::string::npos) << r;
  EXPECT_NE(r.err.find(std::strerror(EADDRINUSE)), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran")) << "the final program ran";
}

TEST(TcpSocketListen, NamesAreResolvedToTheFirstAddress) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  ASSERT_EQ(getaddrinfo("localhost", "http", &hints, &found), 0);
  const std::string expected = shown(found->ai_addr);
  const std::string family = found->ai_family == AF_INET ? "inet" : "inet6";
  freeaddrinfo(found);
  const Result r = run(cs("tcp-listen localhost http " + SP, {"-n"}));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_NE(r.out.find("socket family=" + family + " type=stream protocol=0 -> fd 3"), std::string::npos) << r;
  EXPECT_NE(r.out.find("bind fd=3 address=" + expected), std::string::npos) << r;
}

TEST(TcpSocketListen, NumericHostRefusesANameNamingIt) {
  TempDir d;
  const Result r = run(cs("tcp-listen --numeric-host localhost 0 " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("tcp-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find("localhost"), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran"));
}

TEST(TcpSocketListen, UnknownServiceFailsNamingIt) {
  TempDir d;
  const Result r = run(cs("tcp-listen 127.0.0.1 no-such-service-lst " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("tcp-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find("no-such-service-lst"), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran"));
}

TEST(TcpSocketListen, NumericServiceRefusesANameBeforeAnythingRuns) {
  TempDir d;
  // The listener before it must not be created: the script is validated first.
  const Result r = run(cs("local-stream-listen " + q(d / "early.sock") + " tcp-listen --numeric-service 127.0.0.1 http " +
                          SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 100) << r;
  EXPECT_NE(r.err.find("tcp-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find("http"), std::string::npos) << r;
  EXPECT_TRUE(dir_entries(d.path()).empty()) << "something was created";
}

TEST(TcpSocketListen, UsageErrorsExit100) {
  TempDir d;
  for (const std::string bad : {"tcp-listen --backlog many 127.0.0.1 0", "tcp-listen --no-such-option 127.0.0.1 0",
                                "tcp-listen --name a:b 127.0.0.1 0",
                                "tcp-listen --bind-to-device 0123456789abcdefXYZ 127.0.0.1 0"}) {
    const Result r = run(cs(bad + " " + SP + " touch " + q(d / "ran")));
    EXPECT_EQ(r.status(), 100) << bad << "\n" << r;
    EXPECT_NE(r.err.find("tcp-socket-listen"), std::string::npos) << bad << "\n" << r;
  }
  EXPECT_FALSE(exists(d / "ran"));
  const Result missing = run(cs("tcp-listen 127.0.0.1"));
  EXPECT_EQ(missing.status(), 100) << missing;
  EXPECT_NE(missing.err.find("tcp-socket-listen"), std::string::npos) << missing;
  EXPECT_NE(missing.err.find("SERVICE"), std::string::npos) << missing;
}

TEST(TcpSocketListen, ExtraSocketOptions) {
  const Result r = run(cs("tcp-listen --keepalive --no-delay --receive-buffer-size 32768 --send-buffer-size 32768"
                          " --defer-accept 5 --fastopen 16 127.0.0.1 0 " +
                          SP + " sockopt 3 SO_KEEPALIVE TCP_NODELAY SO_RCVBUF SO_SNDBUF TCP_DEFER_ACCEPT TCP_FASTOPEN"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_KEEPALIVE"), "1") << r;
  EXPECT_EQ(sockopt(r.out, 3, "TCP_NODELAY"), "1") << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_RCVBUF"), "65536") << "the kernel doubles what it is given\n" << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_SNDBUF"), "65536") << r;
  const auto defer = sockopt(r.out, 3, "TCP_DEFER_ACCEPT");
  ASSERT_TRUE(defer) << r;
  EXPECT_GE(std::stoi(*defer), 5) << r;  // rounded up to whole retransmissions
  EXPECT_EQ(sockopt(r.out, 3, "TCP_FASTOPEN"), "16") << r;
}

TEST(TcpSocketListen, PrivilegedSocketOptions) {
  REQUIRE_ROOT("SO_MARK, IP_TRANSPARENT and SO_BINDTODEVICE need CAP_NET_ADMIN / CAP_NET_RAW");
  Proc p(cs("tcp-listen --mark 42 --transparent --bind-to-device lo 127.0.0.1 0 " + SP +
            " sockopt 3 SO_MARK IP_TRANSPARENT SO_BINDTODEVICE print-sockname 3 accept-echo 3"));
  const auto port = p.wait_for(Proc::out, R"(sockname 3 127\.0\.0\.1:(\d+))");
  ASSERT_TRUE(port) << p.finish();
  EXPECT_EQ(exchange(connect_inet(AF_INET, "127.0.0.1", std::stoi(*port)), "m\n"), "echo:m\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_MARK"), "42") << r;
  EXPECT_EQ(sockopt(r.out, 3, "IP_TRANSPARENT"), "1") << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_BINDTODEVICE"), "lo") << r;
  const Result v6 = run(cs("tcp-listen --transparent ::1 0 " + SP + " sockopt 3 IPV6_TRANSPARENT"));
  ASSERT_EQ(v6.status(), 0) << v6;
  EXPECT_EQ(sockopt(v6.out, 3, "IPV6_TRANSPARENT"), "1") << v6;
}

TEST(TcpSocketListen, UnknownDeviceFailsNamingItAndRunsNothing) {
  TempDir d;
  const Result r = run(cs("tcp-listen --bind-to-device nosuchdev0 127.0.0.1 0 " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("tcp-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find("nosuchdev0"), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran"));
}

TEST(TcpSocketListen, UpstartCompatibility) {
  const Result r = run(cs("tcp-listen --upstart-compatibility 127.0.0.1 0 " + SP +
                          " print-env UPSTART_FDS UPSTART_EVENTS LISTEN_FDS print-fds"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(env_of(r.out, "UPSTART_FDS"), "3") << r;
  EXPECT_EQ(env_of(r.out, "UPSTART_EVENTS"), "socket") << r;
  EXPECT_TRUE(has_line(r.out, "env LISTEN_FDS unset")) << r;
  ASSERT_TRUE(fd_line(r.out, 3)) << r;
}

TEST(TcpSocketListen, DryRunShowsThePlanAndOpensNothing) {
  TakenPort taken;  // a real bind would fail: the dry run must not try
  TempDir d;
  const std::string port = std::to_string(taken.port);
  Proc p(cs("tcp-listen --systemd-compatibility --name web --backlog 9 --keepalive 127.0.0.1 " + port + " " + SP +
                " touch " + q(d / "ran"),
            {"-n"}));
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  for (const std::string& step : std::vector<std::string>{
           "tcp-socket-listen: socket family=inet type=stream protocol=0 -> fd 3",
           "setsockopt fd=3 option=SO_REUSEADDR=1", "setsockopt fd=3 option=SO_KEEPALIVE=1",
           "bind fd=3 address=127.0.0.1:" + port, "listen fd=3 backlog=9", "place from=3 to=3",
           "setenv LISTEN_FDNAMES=web", "setenv LISTEN_FDS=1", "setenv LISTEN_PID=" + std::to_string(p.pid()),
           "exec program=" + socket_peer})
    EXPECT_NE(r.out.find(step), std::string::npos) << "missing: " << step << "\n" << r;
  EXPECT_FALSE(exists(d / "ran")) << "the dry run executed the program";
  // The port is still only ours: a client reaches the test's socket.
  const int c = connect_inet(AF_INET, "127.0.0.1", taken.port);
  EXPECT_GE(c, 0);
  if (c >= 0) ::close(c);
}

// ---- UDP: a datagram each way ---------------------------------------------------

TEST(UdpSocketListen, Ipv4ExchangesADatagramOnFd3) {
  Proc p(cs("udp-listen --systemd-compatibility 127.0.0.1 0 " + SP +
            " print-env LISTEN_FDS print-fds print-sockname 3 recv-echo 3"));
  const auto port = p.wait_for(Proc::out, R"(sockname 3 127\.0\.0\.1:(\d+))");
  ASSERT_TRUE(port) << p.finish();
  EXPECT_EQ(udp_exchange(AF_INET, "127.0.0.1", std::stoi(*port), "ping"), "echo:ping");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(fd_line(r.out, 3), "fd 3 cloexec=0 nonblock=0 socket family=inet type=dgram listening=0 addr=127.0.0.1:" +
                                   *port)
      << r;
  EXPECT_EQ(env_of(r.out, "LISTEN_FDS"), "1") << r;
}

TEST(UdpSocketListen, Ipv6ExchangesADatagram) {
  Proc p(cs("udp-socket-listen ::1 0 " + SP + " sockopt 3 IPV6_V6ONLY print-sockname 3 recv-echo 3"));
  const auto port = p.wait_for(Proc::out, R"(sockname 3 \[::1\]:(\d+))");
  ASSERT_TRUE(port) << p.finish();
  EXPECT_EQ(udp_exchange(AF_INET6, "::1", std::stoi(*port), "ping6"), "echo:ping6");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "IPV6_V6ONLY"), "1") << r;
}

TEST(UdpSocketListen, TraceShowsNoListen) {
  const Result r = run(cs("udp-listen 127.0.0.1 0 " + SP + " print-sockname 3", {"-x"}));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_NE(r.err.find("socket family=inet type=dgram protocol=0 -> fd 3"), std::string::npos) << r;
  const int port = port_in(r.err);
  EXPECT_GT(port, 0) << r;
  EXPECT_EQ(port_in(r.out), port) << r;
  EXPECT_EQ(r.err.find(": listen "), std::string::npos) << "a datagram socket does not listen\n" << r;
}

TEST(UdpSocketListen, BroadcastAndPacketInfo) {
  const Result v4 = run(cs("udp-listen --broadcast --pass-packet-info 127.0.0.1 0 " + SP +
                           " sockopt 3 SO_BROADCAST IP_PKTINFO SO_TYPE"));
  ASSERT_EQ(v4.status(), 0) << v4;
  EXPECT_EQ(sockopt(v4.out, 3, "SO_BROADCAST"), "1") << v4;
  EXPECT_EQ(sockopt(v4.out, 3, "IP_PKTINFO"), "1") << v4;
  EXPECT_EQ(sockopt(v4.out, 3, "SO_TYPE"), std::to_string(SOCK_DGRAM)) << v4;
  const Result v6 = run(cs("udp-listen --pass-packet-info ::1 0 " + SP + " sockopt 3 IPV6_RECVPKTINFO"));
  ASSERT_EQ(v6.status(), 0) << v6;
  EXPECT_EQ(sockopt(v6.out, 3, "IPV6_RECVPKTINFO"), "1") << v6;
}

TEST(UdpSocketListen, HasNoBacklogOption) {
  TempDir d;
  const Result r = run(cs("udp-listen --backlog 5 127.0.0.1 0 " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 100) << r;
  EXPECT_NE(r.err.find("udp-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find("backlog"), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran"));
}

TEST(UdpSocketListen, PortInUseFailsNamingTheAddress) {
  Proc holder(cs("udp-listen 127.0.0.1 0 " + SP + " print-sockname 3 recv-echo 3"));
  const auto port = holder.wait_for(Proc::out, R"(sockname 3 127\.0\.0\.1:(\d+))");
  ASSERT_TRUE(port) << holder.finish();
  TempDir d;
  // Without SO_REUSEPORT on both, the second bind must fail (SO_REUSEADDR does not share a UDP port in use).
  const Result r = run(cs("udp-listen --no-reuse-address 127.0.0.1 " + *port + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("udp-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find("127.0.0.1:" + *port), std::string::npos) << r;
  EXPECT_NE(r.err.find(std::strerror(EADDRINUSE)), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran"));
  EXPECT_EQ(udp_exchange(AF_INET, "127.0.0.1", std::stoi(*port), "still"), "echo:still");
  EXPECT_EQ(holder.finish().status(), 0);
}

TEST(UdpSocketListen, ReceiveBufferSizeReachesTheSocket) {
  const long rmem_max = read_long("/proc/sys/net/core/rmem_max");
  ASSERT_GT(rmem_max, 0);
  const Result r =
      run(cs("udp-listen --receive-buffer-size " + std::to_string(rmem_max) + " 127.0.0.1 0 " + SP + " sockopt 3 SO_RCVBUF"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_RCVBUF"), std::to_string(2 * rmem_max)) << r;
}
