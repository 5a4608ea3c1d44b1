// The accepting builtins (issue 10): tcp-socket-accept,
// local-stream-socket-accept, local-seqpacket-socket-accept, s6-tcpserverd
// and s6-ipcserverd behind real listeners, served to real clients over TCP
// (IPv4, IPv6) and Unix sockets. Each connection's child is socket_peer,
// whose stdout is the connection: the client reads what the child saw.
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <thread>

#include "harness/harness.hpp"
#include "harness/sockets.hpp"

using namespace harness;

namespace {

// A port nobody listens on now (the kernel's choice for port 0).
int free_port(int family = AF_INET) {
  const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_storage ss{};
  socklen_t len;
  if (family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&ss);
    in->sin_family = AF_INET;
    in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof *in;
  } else {
    auto* in = reinterpret_cast<sockaddr_in6*>(&ss);
    in->sin6_family = AF_INET6;
    in->sin6_addr = in6addr_loopback;
    len = sizeof *in;
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) < 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) < 0)
    throw std::runtime_error("free_port");
  ::close(fd);
  return ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                                 : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
}

// Whether fd has something to read (or its end) within ms.
bool readable_within(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, ms) == 1;
}

// The readiness pipe: the server writes a line on fd 5 once accepting.
struct Readiness {
  int r = -1, w = -1;
  Readiness() {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) < 0) throw std::runtime_error("pipe");
    r = p[0];
    w = p[1];
  }
  ~Readiness() {
    ::close(r);
    if (w >= 0) ::close(w);
  }
  // After the server started: its line, "" at end of file or timeout.
  std::string wait() {
    ::close(w);
    w = -1;
    std::string got;
    char c;
    while (readable_within(r, kIoTimeoutMs) && ::read(r, &c, 1) == 1) {
      got += c;
      if (c == '\n') break;
    }
    return got;
  }
};

// A server started with fd 5 its readiness pipe, ready when this returns.
struct Server {
  Readiness ready;
  std::unique_ptr<Proc> proc;
  explicit Server(const std::string& script, std::map<std::string, std::string> env = {},
                  const std::vector<std::string>& flags = {}) {
    Launch l = cs(script, flags);
    l.fds[5] = ready.w;
    l.set_env = std::move(env);
    proc = std::make_unique<Proc>(l);
    line = ready.wait();
  }
  std::string line;  // what the readiness fd got
  pid_t pid() const { return proc->pid(); }
};

const std::string ready5 = " --notification-fd 5 ";

// The children of pid that are zombies, and the fds pid has open.
std::vector<pid_t> zombie_children(pid_t parent) {
  std::vector<pid_t> out;
  DIR* d = ::opendir("/proc");
  while (const dirent* e = d ? ::readdir(d) : nullptr) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    std::ifstream f(std::string("/proc/") + e->d_name + "/stat");
    std::string stat((std::istreambuf_iterator<char>(f)), {});
    const auto close_paren = stat.rfind(')');
    if (close_paren == std::string::npos) continue;
    std::istringstream rest(stat.substr(close_paren + 2));
    char state;
    long ppid;
    rest >> state >> ppid;
    if (ppid == parent && state == 'Z') out.push_back(std::stoi(e->d_name));
  }
  if (d) ::closedir(d);
  return out;
}
size_t open_fds(pid_t pid) { return dir_entries("/proc/" + std::to_string(pid) + "/fd").size(); }
// utime + stime of pid, in clock ticks.
long cpu_ticks(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(f)), {});
  std::istringstream rest(stat.substr(stat.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return utime + stime;
}

std::string local_port_of(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  return std::to_string(ntohs(ss.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                                                      : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port));
}

}  // namespace

// ---- tcp-socket-accept -------------------------------------------------------------

TEST(TcpSocketAccept, ServesConcurrentClientsEachWithItsOwnVariables) {
  const int port = free_port();
  Server s("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept" + ready5 + SP +
               " print-env PROTO TCPLOCALIP TCPLOCALPORT TCPREMOTEIP TCPREMOTEPORT TCPLOCALHOST TCPLOCALINFO"
               " TCPREMOTEHOST TCPREMOTEINFO TCPCONNNUM LISTEN_FDS print-fds wait-line",
           {{"TCPREMOTEHOST", "stale"}, {"TCPREMOTEINFO", "stale"}});
  ASSERT_EQ(s.line, "\n");
  // Five at once: each child waits for its client's line, so all five are open together.
  std::vector<int> clients;
  for (int i = 0; i < 5; ++i) clients.push_back(connect_inet(AF_INET, "127.0.0.1", port));
  for (int i = 4; i >= 0; --i) {
    ASSERT_GE(clients[i], 0);
    const std::string client_port = local_port_of(clients[i]);
    const std::string out = talk(clients[i], "client " + std::to_string(i) + "\n");
    EXPECT_EQ(env_of(out, "PROTO"), "TCP") << out;
    EXPECT_EQ(env_of(out, "TCPLOCALIP"), "127.0.0.1") << out;
    EXPECT_EQ(env_of(out, "TCPLOCALPORT"), std::to_string(port)) << out;
    EXPECT_EQ(env_of(out, "TCPREMOTEIP"), "127.0.0.1") << out;
    EXPECT_EQ(env_of(out, "TCPREMOTEPORT"), client_port) << out;
    for (const char* unset : {"TCPLOCALHOST", "TCPLOCALINFO", "TCPREMOTEHOST", "TCPREMOTEINFO", "TCPCONNNUM", "LISTEN_FDS"})
      EXPECT_TRUE(has_line(out, std::string("env ") + unset + " unset")) << unset << "\n" << out;
    // The connection on 0 and 1; neither the listening socket nor the server's signalfd.
    EXPECT_TRUE(fd_line(out, 0) && fd_line(out, 0)->find("socket family=inet type=stream listening=0") != std::string::npos) << out;
    EXPECT_TRUE(fd_line(out, 1)) << out;
    EXPECT_FALSE(fd_line(out, 3)) << out;
    EXPECT_FALSE(fd_line(out, 4)) << out;
    EXPECT_TRUE(has_line(out, "got client " + std::to_string(i))) << out;
  }
}

TEST(TcpSocketAccept, LocalnameAndSocketOptionsOnEachConnection) {
  const int port = free_port();
  Server s("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept --localname www.example " +
           "--no-delay --keepalives" + ready5 + SP + " print-env TCPLOCALHOST sockopt 0 TCP_NODELAY SO_KEEPALIVE");
  const std::string out = talk(connect_inet(AF_INET, "127.0.0.1", port));
  EXPECT_EQ(env_of(out, "TCPLOCALHOST"), "www.example") << out;
  EXPECT_EQ(sockopt(out, 0, "TCP_NODELAY"), "1") << out;
  EXPECT_EQ(sockopt(out, 0, "SO_KEEPALIVE"), "1") << out;
}

// nosh's as inet_ntop(3) writes them, s6's in hexadecimal groups only; s6's
// local address is the listening socket's.
TEST(AcceptAddresses, Ipv6AndIpv4MappedPeersAsEachToolWritesThem) {
  const auto seen = [](const std::string& accept, int family, const std::string& host) {
    const int port = free_port(AF_INET6);
    Server s("tcp-socket-listen --combine4and6 :: " + std::to_string(port) + " " + accept + ready5 + SP +
             " print-env TCPREMOTEIP TCPLOCALIP");
    const std::string out = talk(connect_inet(family, host, port));
    return env_of(out, "TCPREMOTEIP").value_or("?") + " " + env_of(out, "TCPLOCALIP").value_or("?");
  };
  EXPECT_EQ(seen("tcp-socket-accept", AF_INET6, "::1"), "::1 ::1");
  EXPECT_EQ(seen("tcp-socket-accept", AF_INET, "127.0.0.1"), "::ffff:127.0.0.1 ::ffff:127.0.0.1");
  EXPECT_EQ(seen("fdmove 0 3 s6-tcpserverd", AF_INET6, "::1"), "::1 ::");
  EXPECT_EQ(seen("fdmove 0 3 s6-tcpserverd", AF_INET, "127.0.0.1"), "::ffff:7f00:1 ::");
}

TEST(TcpSocketAccept, AcceptsOnEveryListenerListenFdsNamesAndKeepsThemFromTheChild) {
  const int p1 = free_port(), p2 = free_port();
  Server s("tcp-socket-listen --systemd-compatibility 127.0.0.1 " + std::to_string(p1) +
           " tcp-socket-listen --systemd-compatibility 127.0.0.1 " + std::to_string(p2) + " tcp-socket-accept" + ready5 +
           SP + " print-env TCPLOCALPORT LISTEN_FDS LISTEN_PID print-fds");
  for (int port : {p1, p2}) {
    const std::string out = talk(connect_inet(AF_INET, "127.0.0.1", port));
    EXPECT_EQ(env_of(out, "TCPLOCALPORT"), std::to_string(port)) << out;
    EXPECT_TRUE(has_line(out, "env LISTEN_FDS unset")) << out;
    EXPECT_TRUE(has_line(out, "env LISTEN_PID unset")) << out;
    EXPECT_FALSE(fd_line(out, 3)) << out;
    EXPECT_FALSE(fd_line(out, 4)) << out;
  }
}

TEST(TcpSocketAccept, TheFortyFirstClientWaitsThenIsServed) {
  const int port = free_port();
  Server s("tcp-socket-listen --backlog 64 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept --verbose" + ready5 +
           SP + " wait-line");
  std::vector<int> clients;
  for (int i = 0; i < 41; ++i) clients.push_back(connect_inet(AF_INET, "127.0.0.1", port));
  ASSERT_TRUE(s.proc->wait_for(Proc::err, R"(start pid \d+ [^\n]* (40/40)\n)")) << "forty served at once";
  // The 41st is connected (the kernel's backlog) but nobody serves it: its
  // line gets no answer while forty are open.
  ::send(clients[40], "last\n", 5, MSG_NOSIGNAL);
  EXPECT_FALSE(readable_within(clients[40], 500)) << "the 41st was served beyond the limit";
  EXPECT_EQ(talk(clients[0], "first\n"), "got first\n");
  EXPECT_EQ(talk(clients[40]), "got last\n");
  for (int i = 1; i < 40; ++i) EXPECT_EQ(talk(clients[i], "x\n"), "got x\n");
}

TEST(TcpSocketAccept, MaxPerClientClosesTheOneBeyondAtOnceAndSaysSo) {
  const int port = free_port();
  Server s("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept --verbose --max-per-client 2" + ready5 +
           SP + " wait-line");
  const int a = connect_inet(AF_INET, "127.0.0.1", port), b = connect_inet(AF_INET, "127.0.0.1", port);
  ASSERT_TRUE(s.proc->wait_for(Proc::err, R"(start pid [^\n]* 2/40\n)")) << s.proc->finish();
  const int c = connect_inet(AF_INET, "127.0.0.1", port);
  EXPECT_EQ(talk(c, "third\n"), "") << "closed unserved";
  EXPECT_TRUE(s.proc->wait_for(Proc::err, R"(deny 127\.0\.0\.1 \d+: 2 connections already)")) << s.proc->finish();
  EXPECT_EQ(talk(a, "a\n"), "got a\n");
  ASSERT_TRUE(s.proc->wait_for(Proc::err, "end pid")) << s.proc->finish();
  EXPECT_EQ(talk(connect_inet(AF_INET, "127.0.0.1", port), "again\n"), "got again\n") << "one ended: room again";
  EXPECT_EQ(talk(b, "b\n"), "got b\n");
}

TEST(TcpSocketAccept, AccessRulesFirstMatchWinsAndAnAllowListRefusesTheRest) {
  const auto served = [](const std::string& rules, int family, const std::string& host) {
    const int port = free_port(family);
    Server s("tcp-socket-listen " + host + " " + std::to_string(port) + " tcp-socket-accept " + rules + ready5 + SP +
             " print-pid");
    const std::string out = talk(connect_inet(family, host, port));
    const bool denied = s.proc->wait_for(Proc::err, R"(deny )", out.empty() ? kIoTimeoutMs : 200).has_value();
    EXPECT_EQ(out.empty(), denied) << rules << ": a refused client is logged, a served one is not";
    return !out.empty();
  };
  EXPECT_TRUE(served("", AF_INET, "127.0.0.1"));
  EXPECT_FALSE(served("--deny 127.0.0.1", AF_INET, "127.0.0.1"));
  EXPECT_FALSE(served("--deny 127.0.0.0/8 --allow 127.0.0.1", AF_INET, "127.0.0.1"));
  EXPECT_TRUE(served("--allow 127.0.0.1 --deny 127.0.0.0/8", AF_INET, "127.0.0.1"));
  EXPECT_FALSE(served("--allow 10.0.0.0/8", AF_INET, "127.0.0.1"));
  EXPECT_TRUE(served("--allow 10.0.0.0/8 --allow 127.0.0.0/24", AF_INET, "127.0.0.1"));
  EXPECT_FALSE(served("--deny ::1", AF_INET6, "::1"));
  EXPECT_TRUE(served("--deny 127.0.0.0/8", AF_INET6, "::1"));
  EXPECT_TRUE(served("--allow ::/0", AF_INET6, "::1"));
}

TEST(TcpSocketAccept, TermEndsItAsNoshsDoesAndStopTimeoutLetsConnectionsFinish) {
  {  // nosh's: TERM's default action
    const int port = free_port();
    Server s("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept" + ready5 + SP + " wait-line");
    ::kill(s.pid(), SIGTERM);
    EXPECT_EQ(s.proc->finish().signal, SIGTERM) << s.proc->finish();
  }
  const int port = free_port();
  Server s("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept -v --stop-timeout 10000" + ready5 +
           SP + " wait-line");
  const int open = connect_inet(AF_INET, "127.0.0.1", port);
  ASSERT_TRUE(s.proc->wait_for(Proc::err, "start pid")) << s.proc->finish();
  ::kill(s.pid(), SIGTERM);
  // No more connections once it has taken TERM...
  bool refused = false;
  for (int i = 0; i < 100 && !refused; ++i) {
    const int fd = connect_inet(AF_INET, "127.0.0.1", port);
    refused = fd < 0;
    if (fd >= 0) ::close(fd), ::usleep(20000);
  }
  EXPECT_TRUE(refused) << "still listening after TERM";
  // ...but the open one is served to its end, then the server exits 0.
  EXPECT_EQ(talk(open, "last words\n"), "got last words\n");
  const Result r = s.proc->finish();
  EXPECT_EQ(r.status(), 0) << r;
  EXPECT_LT(r.elapsed.count(), 9000) << r;
}

TEST(TcpSocketAccept, StopTimeoutEndsTheConnectionsLeftWithTerm) {
  const int port = free_port();
  Server s("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept -v --stop-timeout 300" + ready5 +
           SP + " wait-line");
  const int open = connect_inet(AF_INET, "127.0.0.1", port);
  ASSERT_TRUE(s.proc->wait_for(Proc::err, "start pid")) << s.proc->finish();
  ::kill(s.pid(), SIGTERM);
  EXPECT_EQ(s.proc->finish().status(), 0) << s.proc->finish();
  EXPECT_EQ(talk(open), "") << "the child was sent TERM: it died without answering";
}

TEST(TcpSocketAccept, NotifiesSystemdOnceAcceptingAndKeepsNotifySocketFromTheChild) {
  TempDir dir;
  const std::string path = dir / "notify";
  UnixServer notify(path, SOCK_DGRAM, false);
  const int port = free_port();
  Server s("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept --notify-systemd" + ready5 + SP +
               " print-env NOTIFY_SOCKET",
           {{"NOTIFY_SOCKET", path}});
  ASSERT_TRUE(readable_within(notify.fd(), kIoTimeoutMs));
  char buf[256] = "";
  const ssize_t n = ::recv(notify.fd(), buf, sizeof buf - 1, 0);
  EXPECT_EQ(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0), "READY=1\n");
  EXPECT_TRUE(has_line(talk(connect_inet(AF_INET, "127.0.0.1", port)), "env NOTIFY_SOCKET unset"));
}

TEST(TcpSocketAccept, TenThousandConnectionsLeaveNoZombieAndNoFd) {
  const int connections = sanitized ? 1000 : 10000;
  const int port = free_port();
  Server s("tcp-socket-listen --backlog 128 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept -c 100" + ready5 +
           "/bin/echo ok");
  ASSERT_EQ(talk(connect_inet(AF_INET, "127.0.0.1", port)), "ok\n");
  const size_t fds_before = open_fds(s.pid());
  std::atomic<int> served{0}, next{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t)
    clients.emplace_back([&] {
      while (next++ < connections)
        if (talk(connect_inet(AF_INET, "127.0.0.1", port)) == "ok\n") ++served;
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(served, connections);
  // Every child has ended (each client read to the end); the server reaps on SIGCHLD.
  std::vector<pid_t> zombies;
  for (int i = 0; i < 100 && !(zombies = zombie_children(s.pid())).empty(); ++i) ::usleep(20000);
  EXPECT_TRUE(zombies.empty()) << zombies.size() << " unreaped children";
  EXPECT_EQ(open_fds(s.pid()), fds_before);
}

TEST(TcpSocketAccept, AFullFdTableDoesNotSpin) {
  SKIP_UNDER_SANITIZERS("the sanitizer's runtime opens fds of its own");
  const int port = free_port();
  // fds 0-2, the listener on 3, the signalfd on 4: with at most 5, accept fails (EMFILE).
  Proc p(cs("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " softlimit -o 5 tcp-socket-accept /bin/echo ok"));
  int client = -1;
  for (int i = 0; i < 200 && client < 0; ++i)
    if ((client = connect_inet(AF_INET, "127.0.0.1", port)) < 0) ::usleep(10000);
  ASSERT_GE(client, 0);
  ASSERT_TRUE(p.wait_for(Proc::err, "unable to accept: Too many open files")) << p.finish();
  const long before = cpu_ticks(p.pid());
  ::usleep(2000000);
  const long used = cpu_ticks(p.pid()) - before;
  EXPECT_LE(used, 20) << "ticks of CPU in 2 s with a client it cannot accept";  // 0.2 s of 2
  ::close(client);
}

TEST(TcpSocketAccept, BadRulesAndLimitsAreUsageErrorsBeforeAnythingRuns) {
  TempDir dir;
  for (const std::string options :
       {"--allow 300.1.2.3", "--deny 10.0.0.0/33", "--allow uid:0", "--max-per-client 0", "--connection-limit x",
        "--stop-timeout soon", "--notification-fd -1"}) {
    const int port = free_port();
    const Result r = run(cs("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept " + options + " " +
                            SP + " touch " + q(dir / "served")));
    EXPECT_EQ(r.status(), 100) << options << "\n" << r;
    EXPECT_NE(r.err.find("-c:1:"), std::string::npos) << r;
    EXPECT_NE(r.err.find("tcp-socket-accept: "), std::string::npos) << r;
    EXPECT_FALSE(exists(dir / "served"));
  }
}

TEST(TcpSocketAccept, TraceMarksEachConnectionsStepsWithItsPid) {
  const int port = free_port();
  Server s("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept" + ready5 + "fdmove -c 2 1 " + SP +
               " print-pid",
           {}, {"-x"});
  const std::string out = talk(connect_inet(AF_INET, "127.0.0.1", port));
  const auto pid = after(out, "pid ");
  ASSERT_TRUE(pid) << out;
  EXPECT_TRUE(s.proc->wait_for(Proc::err, R"(\[pid )" + *pid + R"(\] -c:1:\d+: fdmove: copy from=1 to=2)"))
      << s.proc->finish();
}

TEST(TcpSocketAccept, DryRunPlansOneConnection) {
  const int port = free_port();
  const Result r = chainscript({"-n", "-c", "tcp-socket-listen 127.0.0.1 " + std::to_string(port) +
                                                " tcp-socket-accept fdmove -c 2 1 /bin/echo ok"});
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_NE(r.out.find("tcp-socket-accept: accept fd=3 -> fd 5 peer 127.0.0.1:50000 (assumed)"), std::string::npos) << r;
  EXPECT_NE(r.out.find("setenv TCPREMOTEIP=127.0.0.1"), std::string::npos) << r;
  EXPECT_NE(r.out.find("fdmove: copy from=1 to=2"), std::string::npos) << r;
  EXPECT_NE(r.out.find("exec program=/bin/echo"), std::string::npos) << r;
  // Nothing was bound: the port is free for a real listener.
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), -1);
  ::close(fd);
}

// A chain that is only a program is started without a copy of the server
// (posix_spawn); with a builtin before it, a forked child takes the steps.
// `cd .` changes nothing: the child the program sees must be the same.
TEST(AcceptedChild, TheSameWhetherTheProgramIsLaunchedOrAForkedChildExecsIt) {
  const std::string probe = SP + " print-environ print-fds print-signals";
  const auto seen = [&](const std::string& listen, const std::function<int()>& client) {
    std::vector<std::string> out;
    for (const std::string before : {"", "cd . "}) {
      Server s(listen + ready5 + before + probe);
      std::string got = talk(client());
      // The client's port is new at each connection.
      got = std::regex_replace(got, std::regex(R"((TCPREMOTEPORT=|peer=[^ ]*:)\d+)"), "$1PORT");
      out.push_back(got);
    }
    EXPECT_NE(out[0].find("environ PROTO="), std::string::npos) << out[0];
    EXPECT_EQ(out[0], out[1]) << listen;
  };
  const int port = free_port();
  seen("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept",
       [&] { return connect_inet(AF_INET, "127.0.0.1", port); });
  TempDir dir;
  seen("local-stream-socket-listen " + q(dir / "s") + " local-stream-socket-accept",
       [&] { return connect_unix(dir / "s", SOCK_STREAM); });
  seen("local-seqpacket-socket-listen " + q(dir / "q") + " local-seqpacket-socket-accept",
       [&] { return connect_unix(dir / "q", SOCK_SEQPACKET); });
  const int port6 = free_port();
  seen("s6-tcpserver-socketbinder 127.0.0.1 " + std::to_string(port6) + " s6-tcpserverd",
       [&] { return connect_inet(AF_INET, "127.0.0.1", port6); });
  seen("s6-ipcserver-socketbinder " + q(dir / "i") + " s6-ipcserverd",
       [&] { return connect_unix(dir / "i", SOCK_STREAM); });
}

// The program looked up in PATH as execvp does (a directory without it
// skipped, a file without #! run by /bin/sh), and one that cannot be
// executed reported by the server, which goes on, in the same words both ways.
TEST(AcceptedChild, ProgramsAreLookedUpAndTheirFailuresReportedAsByExec) {
  TempDir dir;
  dir.write("bin/greet", "echo greeting from sh\n", 0755);
  for (const std::string before : {"", "cd . "}) {
    const int port = free_port();
    Server s("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept" + ready5 + before + "greet",
             {{"PATH", "/nonexistent:" + dir / "bin"}});
    EXPECT_EQ(talk(connect_inet(AF_INET, "127.0.0.1", port)), "greeting from sh\n") << before;
    const int port2 = free_port();
    Server f("tcp-socket-listen 127.0.0.1 " + std::to_string(port2) + " tcp-socket-accept" + ready5 + before +
             "/nonexistent/program");
    for (int i = 0; i < 2; ++i) EXPECT_EQ(talk(connect_inet(AF_INET, "127.0.0.1", port2)), "") << before;
    EXPECT_TRUE(f.proc->wait_for(Proc::err, R"(-c:1:\d+: unable to exec /nonexistent/program: No such file or directory(.|\n)*)"
                                            R"(unable to exec /nonexistent/program: No such file or directory)"))
        << before << f.proc->finish();
    EXPECT_EQ(::kill(f.pid(), 0), 0) << "the server went on";
  }
}

TEST(TcpSocketAccept, EachConnectionDropsPrivilegesWithoutAnExec) {
  REQUIRE_ROOT("setuidgid to nobody in each connection's child");
  const int port = free_port();
  Server s("tcp-socket-listen 127.0.0.1 " + std::to_string(port) + " tcp-socket-accept" + ready5 + "setuidgid nobody " + SP +
           " print-ids try-setuid0");
  for (int i = 0; i < 2; ++i) {
    const std::string out = talk(connect_inet(AF_INET, "127.0.0.1", port));
    EXPECT_TRUE(has_line(out, "ids uid=65534 gid=65534")) << out;
    EXPECT_TRUE(has_line(out, "setuid0 failed")) << out;
  }
}

// ---- local-stream-socket-accept, local-seqpacket-socket-accept ------------------

TEST(LocalSocketAccept, StreamAndSeqpacketChildrenSeeTheClientsCredentials) {
  for (const std::string kind : {"stream", "seqpacket"}) {
    TempDir dir;
    const std::string path = dir / "sock";
    Server s("local-" + kind + "-socket-listen " + q(path) + " local-" + kind + "-socket-accept" + ready5 + SP +
             " print-env PROTO UNIXLOCALPATH UNIXREMOTEPATH UNIXREMOTEPID UNIXREMOTEEUID UNIXREMOTEEGID print-fds");
    const std::string out = talk(connect_unix(path, kind == "stream" ? SOCK_STREAM : SOCK_SEQPACKET));
    EXPECT_EQ(env_of(out, "PROTO"), "UNIX") << out;
    EXPECT_EQ(env_of(out, "UNIXLOCALPATH"), path) << out;
    EXPECT_TRUE(has_line(out, "env UNIXREMOTEPATH unset")) << out;
    EXPECT_EQ(env_of(out, "UNIXREMOTEPID"), std::to_string(::getpid())) << out;
    EXPECT_EQ(env_of(out, "UNIXREMOTEEUID"), std::to_string(::geteuid())) << out;
    EXPECT_EQ(env_of(out, "UNIXREMOTEEGID"), std::to_string(::getegid())) << out;
    EXPECT_FALSE(fd_line(out, 3)) << out;
  }
}

TEST(LocalSocketAccept, UidRulesDecide) {
  for (const std::string& rules : {"--deny uid:" + std::to_string(::geteuid()), "--allow uid:" + std::to_string(::geteuid() + 1),
                                   "--allow gid:" + std::to_string(::getegid())}) {
    TempDir dir;
    Server s("local-stream-socket-listen " + q(dir / "s") + " local-stream-socket-accept " + rules + ready5 + SP +
             " print-pid");
    const std::string out = talk(connect_unix(dir / "s", SOCK_STREAM));
    EXPECT_EQ(out.empty(), rules.starts_with("--deny") || rules.find("uid:") != std::string::npos) << rules << "\n" << out;
  }
}

// ---- s6-tcpserverd, s6-ipcserverd ---------------------------------------------------

TEST(S6Tcpserverd, WritesItsPortWhenReadyAndCountsEachClientsConnections) {
  const int port = free_port();
  Launch l = cs("s6-tcpserver-socketbinder 127.0.0.1 " + std::to_string(port) + " s6-tcpserverd -1 -v2 -C 2 " + SP +
                " print-env PROTO TCPLOCALIP TCPLOCALPORT TCPREMOTEIP TCPREMOTEPORT TCPCONNNUM wait-line");
  Proc p(l);
  ASSERT_TRUE(p.wait_for(Proc::out, "^" + std::to_string(port) + "\n")) << p.finish();
  const int a = connect_inet(AF_INET, "127.0.0.1", port);
  ASSERT_TRUE(p.wait_for(Proc::err, R"(start pid [^\n]* 1/40\n)")) << p.finish();
  const int b = connect_inet(AF_INET, "127.0.0.1", port);
  ASSERT_TRUE(p.wait_for(Proc::err, R"(start pid [^\n]* 2/40\n)")) << p.finish();
  EXPECT_EQ(talk(connect_inet(AF_INET, "127.0.0.1", port)), "") << "a third from the same address: closed";
  EXPECT_TRUE(p.wait_for(Proc::err, R"(deny 127\.0\.0\.1_\d+: 2 connections already)"));
  const std::string out_b = talk(b, "b\n"), out_a = talk(a, "a\n");
  EXPECT_EQ(env_of(out_a, "TCPCONNNUM"), "0") << out_a;
  EXPECT_EQ(env_of(out_b, "TCPCONNNUM"), "1") << out_b;
  EXPECT_EQ(env_of(out_a, "PROTO"), "TCP") << out_a;
  EXPECT_EQ(env_of(out_a, "TCPLOCALIP"), "127.0.0.1") << out_a;
  EXPECT_EQ(env_of(out_a, "TCPLOCALPORT"), std::to_string(port)) << out_a;
  EXPECT_EQ(env_of(out_a, "TCPREMOTEIP"), "127.0.0.1") << out_a;
}

TEST(S6Tcpserverd, StdinNotASocketIsAUsageError) {
  const Result r = chainscript({"-c", "s6-tcpserverd /bin/true"});
  EXPECT_EQ(r.status(), 100) << r;
  EXPECT_NE(r.err.find("s6-tcpserverd: stdin is not a socket"), std::string::npos) << r;
}

TEST(S6Tcpserverd, SignalsAsS6TakesThem) {
  const auto start = [](int port) {
    return std::make_unique<Server>("s6-tcpserver-socketbinder 127.0.0.1 " + std::to_string(port) + " s6-tcpserverd -v 2" +
                                    ready5 + SP + " wait-line");
  };
  {  // TERM: the server exits 0, the connection's child goes on
    const int port = free_port();
    auto s = start(port);
    const int open = connect_inet(AF_INET, "127.0.0.1", port);
    ASSERT_TRUE(s->proc->wait_for(Proc::err, "start pid")) << s->proc->finish();
    ::kill(s->pid(), SIGTERM);
    EXPECT_EQ(s->proc->finish().status(), 0) << s->proc->finish();
    EXPECT_EQ(talk(open, "still\n"), "got still\n");
  }
  {  // HUP: the connections end (TERM), the server goes on
    const int port = free_port();
    auto s = start(port);
    const int open = connect_inet(AF_INET, "127.0.0.1", port);
    ASSERT_TRUE(s->proc->wait_for(Proc::err, "start pid")) << s->proc->finish();
    ::kill(s->pid(), SIGHUP);
    EXPECT_EQ(talk(open), "");
    EXPECT_EQ(talk(connect_inet(AF_INET, "127.0.0.1", port), "next\n"), "got next\n");
  }
  for (int sig : {SIGQUIT, SIGABRT}) {  // both: the connections end, then the server, 0
    const int port = free_port();
    auto s = start(port);
    const int open = connect_inet(AF_INET, "127.0.0.1", port);
    ASSERT_TRUE(s->proc->wait_for(Proc::err, "start pid")) << s->proc->finish();
    ::kill(s->pid(), sig);
    EXPECT_EQ(s->proc->finish().status(), 0) << s->proc->finish();
    EXPECT_EQ(talk(open), "") << sig;
  }
}

TEST(S6Ipcserverd, ChildrenSeeIpcVariablesAndMinusPLeavesCredentialsOut) {
  for (const std::string flags : {"", "-P"}) {
    TempDir dir;
    const std::string path = dir / "s";
    Proc p(cs("s6-ipcserver-socketbinder " + q(path) + " s6-ipcserverd -1 " + flags + " " + SP +
              " print-env PROTO IPCREMOTEEUID IPCREMOTEEGID IPCREMOTEPATH IPCCONNNUM UNIXREMOTEEUID"));
    ASSERT_TRUE(p.wait_for(Proc::out, "^\n")) << p.finish();
    const std::string out = talk(connect_unix(path, SOCK_STREAM));
    EXPECT_EQ(env_of(out, "PROTO"), "IPC") << out;
    EXPECT_EQ(env_of(out, "IPCREMOTEPATH"), "") << out;
    EXPECT_TRUE(has_line(out, "env UNIXREMOTEEUID unset")) << out;
    if (flags.empty()) {
      EXPECT_EQ(env_of(out, "IPCREMOTEEUID"), std::to_string(::geteuid())) << out;
      EXPECT_EQ(env_of(out, "IPCREMOTEEGID"), std::to_string(::getegid())) << out;
      EXPECT_EQ(env_of(out, "IPCCONNNUM"), "0") << out;
    } else {
      EXPECT_TRUE(has_line(out, "env IPCREMOTEEUID unset")) << out;
      EXPECT_TRUE(has_line(out, "env IPCREMOTEEGID unset")) << out;
      EXPECT_EQ(env_of(out, "IPCCONNNUM"), "") << out;
    }
  }
}
