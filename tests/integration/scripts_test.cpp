// Every example run file in scripts/ is run and its output checked. A new
// example needs a checker here: Examples.AllHaveACheckedRun fails until then.
// Its plan (chainscript -n) is recorded too, in tests/integration/plans/:
// Examples.DryRunMatchesItsRecordedPlan fails until it is (see there for
// RECORD_PLANS=1).
//
// The examples that need a path or a lifetime read it from the environment,
// with a default for a run by hand; the tests always give their own:
//   CONTROL_SOCKET  the path of the example's Unix socket (default: a fixed
//                   name under /tmp); the tests put it in their temp dir
//   SERVE_SECONDS   how long a server serves when nothing stops it (default
//                   2); the tests give it time, and stop it themselves
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <gmock/gmock.h>
#include <regex>
#include <set>

#include "harness/harness.hpp"
#include "harness/sockets.hpp"

namespace fs = std::filesystem;
using namespace harness;

namespace it {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string example(const std::string& name) { return (fs::path(scripts_dir) / name).string(); }
const fs::path source_dir = fs::path(scripts_dir).parent_path();
const fs::path plans_dir = source_dir / "tests" / "integration" / "plans";
const fs::path fixtures_dir = source_dir / "tests" / "integration" / "fixtures";
const std::string sd_names_dir = fs::path(sd_names).parent_path().string();

// An example run as chainscript FLAGS... FILE, with the variables examples
// read (CONTROL_SOCKET, SERVE_SECONDS) only as given in env.
Launch example_run(const std::string& name, std::map<std::string, std::string> env = {},
                   const std::vector<std::string>& flags = {}) {
  Launch l;
  l.args = flags;
  l.args.push_back(example(name));
  l.unset_env = {"CONTROL_SOCKET", "SERVE_SECONDS"};
  l.set_env = std::move(env);
  return l;
}

// PATH with sd_names's directory first (sd-listen-fds.run execs sd_names).
std::string path_with_sd_names() {
  const char* path = std::getenv("PATH");
  return sd_names_dir + ":" + (path ? path : "/usr/bin:/bin");
}

struct Account {
  uid_t uid;
  gid_t gid;
};
std::optional<Account> nobody() {
  const passwd* pw = ::getpwnam("nobody");
  if (!pw) return std::nullopt;
  return Account{pw->pw_uid, pw->pw_gid};
}

// ---- clients ------------------------------------------------------------------

// A client's socket, closed on destruction.
struct Client {
  int fd;
  explicit Client(int f) : fd(f) {}
  ~Client() { close(); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// A TCP connection to 127.0.0.1:port from the loopback address src: a server
// on 127.0.0.1 sees 127.0.0.2, 127.0.0.3... as other clients. -1 on failure.
int connect_from(const std::string& src, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const timeval tv{kIoTimeoutMs / 1000, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  ::inet_pton(AF_INET, src.c_str(), &a.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool readable_within(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, ms) == 1;
}

// One line of what fd reads (to '\n', the end, or the socket's timeout).
std::string read_line(int fd) {
  std::string got;
  char c;
  while (::recv(fd, &c, 1, 0) == 1) {
    got += c;
    if (c == '\n') break;
  }
  return got;
}

// Sends msg on a connection that stays open, returns the line it gets back.
std::string say(int fd, const std::string& msg) {
  if (fd < 0) return "not connected";
  if (::send(fd, msg.data(), msg.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(msg.size())) return "send failed";
  return read_line(fd);
}

// The port a TCP listener of a chainscript -x run got ("bound
// 127.0.0.1:PORT"), once it listens there; or -1.
int traced_port(Proc& p) {
  const auto port = p.wait_for(Proc::err, R"(tcp-socket-listen: bind [^\n]* -> bound 127\.0\.0\.1:(\d+)\n)");
  if (!port || !p.wait_for(Proc::err, R"(tcp-socket-listen: listen fd=\d+ backlog=\d+\n)")) return -1;
  return std::stoi(*port);
}

// Nothing listens at 127.0.0.1:port any more.
void expect_refused(int port) {
  const int fd = connect_inet(AF_INET, "127.0.0.1", port);
  EXPECT_LT(fd, 0) << "127.0.0.1:" << port << " still accepts connections";
  if (fd >= 0) ::close(fd);
}

// A server example run by hand (SERVE_SECONDS=1, as the plan and port tests
// run every example): it stops itself, and exits 0.
Result run_until_it_stops_itself(const std::string& name, std::map<std::string, std::string> env = {}) {
  env["SERVE_SECONDS"] = "1";
  Launch l = example_run(name, env);
  l.timeout = std::chrono::seconds(30);
  const Result r = run(l);
  EXPECT_TRUE(r.exited && r.code == 0) << name << " run by hand: " << r;
  EXPECT_GE(r.elapsed, std::chrono::milliseconds(900)) << name << " stopped before its time";
  return r;
}

// ---- the examples -----------------------------------------------------------------

void check_conditional_start() {
  const std::string file = example("conditional-start.run");
  const Result r = chainscript({file});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.err, IsEmpty());
  if (::access("/etc/hostname", R_OK) == 0)
    EXPECT_EQ(r.out, "starting with /etc/hostname on stdin\n" + read_file("/etc/hostname"));
  else
    EXPECT_EQ(r.out, "no /etc/hostname: not starting\n");
}

void check_hello_service() {
  const std::string file = example("hello-service.run");
  Launch run;
  run.args = {file};
  run.set_env = {{"EXTRA", "dropped by clearenv"}};
  const long before = static_cast<long>(std::time(nullptr));
  const Result r = harness::run(run);
  const long after = static_cast<long>(std::time(nullptr));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.err, IsEmpty()) << "fdmove -c 2 1 sends stderr to stdout";
  std::smatch m;
  const std::regex expected("hello: starting at ([0-9]+)\nhello: running as pid ([0-9]+) in /, umask 0022\n");
  ASSERT_TRUE(std::regex_match(r.out, m, expected)) << r.out;
  const long started = std::stol(m[1]);
  EXPECT_GE(started, before);
  EXPECT_LE(started, after);
  // The service (sh) is chainscript itself, exec'd: the pid the test started.
  EXPECT_EQ(std::stoi(m[2]), r.pid);
}

void check_positional() {
  const std::string file = example("positional.run");
  Result r = chainscript({file, "a b", "c"});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_EQ(r.out, "[" + file + "]\n[a b]\n[--verbose]\n[--foreground]\n[a b]\n[c]\n");
  // No argument: "if { test $# -ge 1 }" stops the chain with test's status.
  r = chainscript({file});
  EXPECT_TRUE(r.exited && r.code == 1) << r;
  EXPECT_THAT(r.out, IsEmpty());
}

// Run as a supervisor runs a run file: in the service's directory, here a
// fresh one, where the examples that make a socket by a relative path make it.
Result run_in(const TempDir& service_dir, const std::string& file) {
  Launch l = command({bin, file});
  l.cwd = service_dir.path();
  return run(l);
}

// Two listeners handed over with systemd's protocol, then sh as the daemon.
void check_socket_activated() {
  const TempDir service_dir;
  const Result r = run_in(service_dir, example("socket-activated.run"));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.err, IsEmpty()) << "fdmove -c 2 1 sends stderr to stdout";
  std::smatch m;
  const std::regex expected(
      "daemon pid ([0-9]+): LISTEN_PID=([0-9]+) LISTEN_FDS=2 LISTEN_FDNAMES=http:control\n"
      "fd/3 -> socket:\\[[0-9]+\\]\n"
      "fd/4 -> socket:\\[[0-9]+\\]\n");
  ASSERT_TRUE(std::regex_match(r.out, m, expected)) << r.out;
  EXPECT_EQ(m[1], m[2]) << "LISTEN_PID must be the daemon's pid";
  EXPECT_EQ(std::stoi(m[1]), r.pid) << "the daemon is the process the test started (exec, no fork)";
  EXPECT_THAT(dir_entries(service_dir.path()), IsEmpty()) << "the daemon removes the control socket";
}

// nosh run files, unchanged: the daemon sees its socket on fd 3 and LISTEN_FDS.
void check_nosh_example(const std::string& name, const std::string& expected, const TempDir& service_dir = TempDir()) {
  const Result r = run_in(service_dir, example(name));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_EQ(r.out, expected);
}
void check_nosh_tcp_service() {
  check_nosh_example("nosh-tcp-service.run", "echo: LISTEN_FDS=1\nfd 3 is a socket\n");
}
void check_nosh_netlink_monitor() {
  check_nosh_example("nosh-netlink-monitor.run", "links: LISTEN_FDS=1\nfd 3 is a socket\n");
}
void check_nosh_local_socket() {
  const TempDir service_dir;
  check_nosh_example("nosh-local-socket.run", "srw------- socket\ncontrol: LISTEN_FDS=1\n", service_dir);
  EXPECT_THAT(dir_entries(service_dir.path()), IsEmpty()) << "the example removes its socket";
}

// Three listeners (TCP, Unix, netlink) handed over by name, then setuidgid:
// the daemon runs as nobody, is the process started (LISTEN_PID), has the
// three sockets, and can remove the socket file made for it.
void check_web_service() {
  if (!is_root()) GTEST_SKIP() << "needs root: the example drops privileges with setuidgid (its plan is checked as any user)";
  const auto who = nobody();
  if (!who) GTEST_SKIP() << "no user nobody";
  TempDir dir;
  // As /tmp: nobody may remove what it owns there, and only that.
  ASSERT_EQ(::chmod(dir.path().c_str(), 01777), 0);
  const std::string control = dir / "control.sock";
  const Result r = run(example_run("web-service.run", {{"CONTROL_SOCKET", control}}));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.err, IsEmpty()) << "fdmove -c 2 1 sends stderr to stdout";
  std::smatch m;
  const std::regex expected(
      "pid ([0-9]+): LISTEN_PID=([0-9]+) LISTEN_FDS=3 LISTEN_FDNAMES=http:control:links\n"
      "uid ([0-9]+) gid ([0-9]+) groups ([0-9 ]+)\n"
      "fd 3 is a socket\nfd 4 is a socket\nfd 5 is a socket\n");
  ASSERT_TRUE(std::regex_match(r.out, m, expected)) << r.out;
  EXPECT_EQ(m[1], m[2]) << "LISTEN_PID must be the daemon's pid";
  EXPECT_EQ(std::stoi(m[1]), r.pid) << "the daemon is the process the test started";
  EXPECT_EQ(m[3], std::to_string(who->uid)) << "setuidgid nobody: the daemon is not root";
  EXPECT_EQ(m[4], std::to_string(who->gid));
  EXPECT_EQ(m[5], std::to_string(who->gid)) << "nobody's group only, root's supplementary groups dropped";
  EXPECT_FALSE(exists(control)) << "the daemon, as nobody, removes the socket file it owns (--user nobody)";
}

// An accepting server, each connection served by its own sh, which answers
// with the client's address; SIGTERM stops it with 0.
void check_inetd_style() {
  Proc server(example_run("inetd-style.run", {{"SERVE_SECONDS", "60"}}, {"-x"}));
  const int port = traced_port(server);
  ASSERT_GT(port, 0) << server.finish();
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(talk(connect_inet(AF_INET, "127.0.0.1", port)), "hello 127.0.0.1\n") << "client " << i;
  // Three at once, from three addresses: each its own process, its own TCPREMOTEIP.
  std::vector<int> at_once;
  for (int i = 2; i <= 4; ++i) at_once.push_back(connect_from("127.0.0." + std::to_string(i), port));
  for (int i = 2; i <= 4; ++i)
    EXPECT_EQ(talk(at_once[i - 2]), "hello 127.0.0." + std::to_string(i) + "\n");
  ASSERT_EQ(::kill(server.pid(), SIGTERM), 0);
  const Result& r = server.finish();
  EXPECT_TRUE(r.exited && r.code == 0) << "stopped by SIGTERM: " << r;
  EXPECT_THAT(r.err, HasSubstr("tcp-socket-accept: signal fd=4 -> SIGTERM\n")) << r;
  EXPECT_THAT(r.out, IsEmpty()) << "what the children write goes to their connection";
  expect_refused(port);
  // Run by hand, it stops itself.
  run_until_it_stops_itself("inetd-style.run");
}

// The echo service with its limits, and the control endpoint: "status",
// anything else, then "stop", which stops both servers.
void check_super_server() {
  TempDir dir;
  const std::string control = dir / "control.sock";
  Proc server(example_run("super-server.run", {{"CONTROL_SOCKET", control}, {"SERVE_SECONDS", "60"}}, {"-x"}));
  const int port = traced_port(server);
  ASSERT_GT(port, 0) << server.finish();
  ASSERT_TRUE(server.wait_for(Proc::err, R"(local-stream-socket-listen: listen fd=3 [^\n]*\n)")) << server.finish();
  const auto st = lstat_of(control);
  EXPECT_TRUE(st.ok && S_ISSOCK(st.mode) && (st.mode & 07777) == 0600) << std::oct << st.mode;
  const std::string pid = std::to_string(server.pid());
  EXPECT_EQ(exchange(connect_unix(control, SOCK_STREAM), "status\n"), "up: pid " + pid + "\n");
  EXPECT_EQ(exchange(connect_unix(control, SOCK_STREAM), "reload\n"), "unknown command: reload\n");

  // At most 2 connections from one address...
  Client a(connect_from("127.0.0.1", port)), b(connect_from("127.0.0.1", port));
  EXPECT_EQ(say(a.fd, "a\n"), "a\n");
  EXPECT_EQ(say(b.fd, "b\n"), "b\n");
  EXPECT_EQ(talk(connect_from("127.0.0.1", port), "c\n"), "") << "a third from 127.0.0.1 is closed at once";
  // ...and 3 at once in all: a fourth waits in the backlog until one ends.
  Client d(connect_from("127.0.0.2", port));
  EXPECT_EQ(say(d.fd, "d\n"), "d\n");
  Client e(connect_from("127.0.0.3", port));
  ASSERT_GE(e.fd, 0);
  ASSERT_EQ(::send(e.fd, "e\n", 2, MSG_NOSIGNAL), 2);
  EXPECT_FALSE(readable_within(e.fd, 500)) << "a fourth connection was served at once";
  a.close();
  EXPECT_EQ(read_line(e.fd), "e\n") << "the fourth is served once one has ended";
  b.close();
  d.close();
  e.close();

  EXPECT_EQ(exchange(connect_unix(control, SOCK_STREAM), "stop\n"), "stopping\n");
  const Result& r = server.finish();
  EXPECT_TRUE(r.exited && r.code == 0) << "stopped through its control socket: " << r;
  EXPECT_FALSE(exists(control)) << "the socket file is removed";
  expect_refused(port);
  // Run by hand, it stops itself, and removes its socket too.
  const std::string again = dir / "again.sock";
  run_until_it_stops_itself("super-server.run", {{"CONTROL_SOCKET", again}});
  EXPECT_FALSE(exists(again)) << "the socket file is removed";
}

// The execline original's port: its s6 tools, and a socket on fd 0.
void check_s6_style_ported() {
  const auto who = nobody();
  if (!who) GTEST_SKIP() << "no user nobody";
  TempDir dir;
  const std::string socket = dir / "s6.sock";
  const Result r = run(example_run("s6-style-ported.run", {{"CONTROL_SOCKET", socket}}));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_EQ(r.out, "it's listening: " + socket + " on fd 0, to serve as " + std::to_string(who->uid) + ":" +
                       std::to_string(who->gid) + "\nfd 0 is a socket\n");
  EXPECT_FALSE(exists(socket)) << "the example removes its socket";
}

// libsystemd's view of the fds: both, by name, the Unix one found by its path.
void check_sd_listen_fds() {
  TempDir dir;
  const std::string control = dir / "control.sock";
  const Launch l = example_run("sd-listen-fds.run", {{"CONTROL_SOCKET", control}, {"PATH", path_with_sd_names()}});
  const std::string expected = "count 2\n"
                               "fd 3 name=http socket=1 listening=1 type=stream\n"
                               "fd 4 name=control socket=1 listening=1 type=stream\n"
                               "path " + control + " fd=4\n";
  Result r = run(l);
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_EQ(r.out, expected);
  const auto st = lstat_of(control);
  EXPECT_TRUE(st.ok && S_ISSOCK(st.mode) && (st.mode & 07777) == 0600) << "left in place, mode 0600";
  // The next start replaces the stale socket.
  r = run(l);
  ASSERT_TRUE(r.exited && r.code == 0) << "started again: " << r;
  EXPECT_EQ(r.out, expected);
}

// A real datagram to the port the program says it listens on.
void check_udp_syslog() {
  Proc p(example_run("udp-syslog.run", {{"SERVE_SECONDS", "30"}}));
  const auto port = p.wait_for(Proc::out, R"(^listening on 127\.0\.0\.1:(\d+)\n)");
  ASSERT_TRUE(port) << p.finish();
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  Client client(fd);
  sockaddr_in me{};
  me.sin_family = AF_INET;
  ::inet_pton(AF_INET, "127.0.0.1", &me.sin_addr);
  socklen_t len = sizeof me;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&me), sizeof me), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&me), &len), 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(std::stoi(*port)));
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  // <30>: facility 3 (daemon), severity 6 (info)
  const std::string msg = "<30>ntpd[42]: clock synchronized\n";
  ASSERT_EQ(::sendto(fd, msg.data(), msg.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to),
            static_cast<ssize_t>(msg.size()));
  const Result& r = p.finish();
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.err, IsEmpty()) << "fdmove -c 2 1 sends stderr to stdout";
  EXPECT_EQ(r.out, "listening on 127.0.0.1:" + *port + "\n127.0.0.1:" + std::to_string(ntohs(me.sin_port)) +
                       " daemon.info: ntpd[42]: clock synchronized\n");
  // Run by hand, with no message: it gives up after its time.
  Launch alone = example_run("udp-syslog.run", {{"SERVE_SECONDS", "0.2"}});
  alone.timeout = std::chrono::seconds(30);
  const Result none = run(alone);
  EXPECT_TRUE(none.exited && none.code == 1) << none;
  EXPECT_THAT(none.out, HasSubstr("\nno message in 0.2 seconds\n"));
}

// The README's tour: the service is handed the socket, by name, and is in /
// with the umask set; it removes the socket.
void check_tour() {
  TempDir dir;
  const std::string socket = dir / "tour.sock";
  const Result r = run(example_run("tour.run", {{"CONTROL_SOCKET", socket}}));
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_EQ(r.out, "tour: LISTEN_FDS=1 LISTEN_FDNAMES=control in /\n");
  EXPECT_FALSE(exists(socket)) << "the example removes its socket";
}

const std::map<std::string, std::function<void()>>& checkers() {
  static const std::map<std::string, std::function<void()>> m = {
      {"conditional-start.run", check_conditional_start},
      {"hello-service.run", check_hello_service},
      {"positional.run", check_positional},
      {"socket-activated.run", check_socket_activated},
      {"nosh-tcp-service.run", check_nosh_tcp_service},
      {"nosh-netlink-monitor.run", check_nosh_netlink_monitor},
      {"nosh-local-socket.run", check_nosh_local_socket},
      {"web-service.run", check_web_service},
      {"inetd-style.run", check_inetd_style},
      {"super-server.run", check_super_server},
      {"s6-style-ported.run", check_s6_style_ported},
      {"sd-listen-fds.run", check_sd_listen_fds},
      {"udp-syslog.run", check_udp_syslog},
      {"tour.run", check_tour},
  };
  return m;
}

TEST(Examples, ConditionalStart) { check_conditional_start(); }
TEST(Examples, HelloService) { check_hello_service(); }
TEST(Examples, Positional) { check_positional(); }
TEST(Examples, SocketActivated) { check_socket_activated(); }
TEST(Examples, NoshTcpService) { check_nosh_tcp_service(); }
TEST(Examples, NoshNetlinkMonitor) { check_nosh_netlink_monitor(); }
TEST(Examples, NoshLocalSocket) { check_nosh_local_socket(); }
TEST(Examples, WebService) { check_web_service(); }
TEST(Examples, InetdStyle) { check_inetd_style(); }
TEST(Examples, SuperServer) { check_super_server(); }
TEST(Examples, S6StylePorted) { check_s6_style_ported(); }
TEST(Examples, SdListenFds) { check_sd_listen_fds(); }
TEST(Examples, UdpSyslog) { check_udp_syslog(); }
TEST(Examples, Tour) { check_tour(); }

// Each example is run by its own test above; this one fails when an example
// has no checker (or a checked one is gone).
TEST(Examples, AllHaveACheckedRun) {
  std::set<std::string> found;
  for (const auto& entry : fs::directory_iterator(scripts_dir))
    if (entry.is_regular_file()) found.insert(entry.path().filename().string());
  for (const auto& name : found)
    EXPECT_TRUE(checkers().count(name)) << "scripts/" << name << " has no checker in tests/integration/scripts_test.cpp";
  for (const auto& [name, check] : checkers())
    EXPECT_TRUE(found.count(name)) << "scripts/" << name << " is checked but gone";
}

// scripts/s6-style-ported.run is what chainscript --port makes of its
// execline original (tests/integration/fixtures/s6-style.execline): its #!
// line and, after its comment block, its body; and the comment quotes that
// original, line for line.
TEST(Examples, S6StylePortedIsThePortOfItsOriginal) {
  const std::string original = (fixtures_dir / "s6-style.execline").string();
  const Result r = chainscript({"--port", original});
  ASSERT_TRUE(r.exited && r.code == 0) << r;
  EXPECT_THAT(r.err, IsEmpty()) << "the port has no warning";
  const auto run_file = lines(read_file(example("s6-style-ported.run")));
  ASSERT_GT(run_file.size(), 2u);
  size_t body = 1;
  while (body < run_file.size() && run_file[body].rfind('#', 0) == 0) ++body;
  std::vector<std::string> script{run_file[0]};
  script.insert(script.end(), run_file.begin() + static_cast<long>(body), run_file.end());
  EXPECT_EQ(script, lines(r.out)) << "scripts/s6-style-ported.run is not chainscript --port " << original
                                  << " (its comment block aside):\n" << r.out;
  std::string comment, quoted;
  for (size_t i = 1; i < body; ++i) comment += run_file[i] + "\n";
  for (const auto& l : lines(read_file(original))) quoted += "#   " + l + "\n";
  EXPECT_THAT(comment, HasSubstr(quoted)) << "the comment does not quote " << original;
}

// ---- plans ------------------------------------------------------------------------

// The examples that need root: as any other user, their plan is their
// failure (setuidgid), and their recorded plan, root's, is not compared.
bool needs_root(const std::string& name) { return name == "web-service.run"; }

// A plan with what varies from run to run written as a placeholder: the
// temporary directory as $TMPDIR, the pid of chainscript (LISTEN_PID,
// getpid's value and where it is substituted) as $PID, the test's ids where
// a plan assumes a client with them as $EUID and $EGID, and sd_names's
// directory as $SD_NAMES_DIR.
std::string normalised(std::string plan, int pid, const std::string& tmpdir) {
  const auto replace_all = [&plan](const std::string& what, const std::string& with) {
    for (size_t at = 0; (at = plan.find(what, at)) != std::string::npos; at += with.size()) plan.replace(at, what.size(), with);
  };
  replace_all(tmpdir, "$TMPDIR");
  replace_all(sd_names_dir, "$SD_NAMES_DIR");
  plan = std::regex_replace(plan, std::regex("\\b" + std::to_string(pid) + "\\b"), "$$PID");
  const std::string euid = std::to_string(::geteuid()), egid = std::to_string(::getegid());
  plan = std::regex_replace(plan, std::regex(" uid " + euid + " gid " + egid + " \\(assumed\\)"),
                            " uid $$EUID gid $$EGID (assumed)");
  plan = std::regex_replace(plan, std::regex("UNIXREMOTEEUID=" + euid + "\n"), "UNIXREMOTEEUID=$$EUID\n");
  plan = std::regex_replace(plan, std::regex("UNIXREMOTEEGID=" + egid + "\n"), "UNIXREMOTEEGID=$$EGID\n");
  return plan;
}

// chainscript -n NAME arg, run in scripts/ (every location reads
// NAME:LINE:COL) with umask 022 and nothing in the environment but PATH
// (/usr/bin:/bin, with sd_names's directory first for sd-listen-fds.run) and
// CONTROL_SOCKET, in an empty temporary directory: a plan looks at the files
// for real (a stale socket at a path is removed, and the plan says so).
struct Plan {
  Result r;
  std::string text;  // normalised
};
Plan plan_of(const std::string& name) {
  TempDir dir;
  Launch l;
  l.args = {"-n", name, "arg"};
  l.cwd = scripts_dir;
  l.empty_env = true;
  l.set_env = {{"PATH", name == "sd-listen-fds.run" ? sd_names_dir + ":/usr/bin:/bin" : "/usr/bin:/bin"},
               {"CONTROL_SOCKET", dir / "control.sock"}};
  const mode_t old = ::umask(022);
  Result r = run(l);
  ::umask(old);
  std::string text = normalised(r.out, r.pid, dir.path());
  return {std::move(r), std::move(text)};
}

// The whole numbers in text.
std::set<std::string> numbers_in(const std::string& text) {
  std::set<std::string> out;
  const std::regex number("\\b[0-9]+\\b");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), number); it != std::sregex_iterator(); ++it)
    out.insert(it->str());
  return out;
}

// Its plan, normalised. A pid that is also a number the plan shows for
// another reason (a port, a timeout) would be taken for it: then again, with
// another pid. `recorded`: the plan to compare with, or "" when recording.
Plan normalised_plan_of(const std::string& name, const std::string& recorded) {
  const auto taken = numbers_in(recorded);
  Plan p;
  for (int attempt = 0; attempt < 10; ++attempt) {
    p = plan_of(name);
    if (!recorded.empty()) {
      if (!taken.count(std::to_string(p.r.pid))) return p;
    } else if (p.text == plan_of(name).text) {  // recording: it must not depend on the pid
      return p;
    }
  }
  ADD_FAILURE() << name << ": no run of its plan had a pid distinct from the plan's other numbers";
  return p;
}

// Every example's plan (run as plan_of says, normalised) is the one recorded
// in tests/integration/plans/NAME.plan.
//
// To record them again (a new example, a changed one, a change of the plan's
// format), as root so that web-service.run's is recorded too:
//   RECORD_PLANS=1 ctest --test-dir build -R 'Examples\.DryRunMatchesItsRecordedPlan'
// writes the files instead of comparing (the test then passes); review them
// with git diff before committing. (A plan is the same on every machine but
// for conditional-start.run's, which reads /etc/hostname: it is compared only
// where that file can be read.)
TEST(Examples, DryRunMatchesItsRecordedPlan) {
  const bool recording = std::getenv("RECORD_PLANS") && std::string(std::getenv("RECORD_PLANS")) == "1";
  std::set<std::string> examples;
  for (const auto& entry : fs::directory_iterator(scripts_dir))
    if (entry.is_regular_file()) examples.insert(entry.path().filename().string());
  for (const auto& name : examples) {
    if (needs_root(name) && !is_root()) {
      std::cout << "[ NOTE     ] " << name << ": its recorded plan is root's; not compared\n";
      continue;
    }
    if (name == "conditional-start.run" && ::access("/etc/hostname", R_OK) != 0) {
      std::cout << "[ NOTE     ] " << name << ": no readable /etc/hostname, its plan differs here; not compared\n";
      continue;
    }
    const fs::path file = plans_dir / (name + ".plan");
    if (recording) {
      const Plan p = normalised_plan_of(name, "");
      EXPECT_TRUE(p.r.exited && p.r.code == 0) << name << ": " << p.r;
      fs::create_directories(plans_dir);
      std::ofstream(file, std::ios::binary | std::ios::trunc) << p.text;
      std::cout << "[ RECORDED ] " << file.string() << "\n";
      continue;
    }
    if (!fs::exists(file)) {
      ADD_FAILURE() << name << " has no recorded plan: RECORD_PLANS=1 writes " << file;
      continue;
    }
    const std::string recorded = read_file(file.string());
    const Plan p = normalised_plan_of(name, recorded);
    EXPECT_TRUE(p.r.exited && p.r.code == 0) << name << ": " << p.r;
    EXPECT_THAT(p.r.err, IsEmpty()) << name;
    EXPECT_EQ(p.text, recorded) << "chainscript -n " << name << " arg (in scripts/) is not " << file
                              << " (RECORD_PLANS=1 records it again)";
  }
  if (!recording)
    for (const auto& entry : fs::directory_iterator(plans_dir)) {
      const std::string plan = entry.path().filename().string();
      EXPECT_TRUE(plan.size() > 5 && examples.count(plan.substr(0, plan.size() - 5)))
          << entry.path() << " is the plan of no example in scripts/";
    }
}

// Every plan is complete: -n exits 0, and the program is in it (at the end
// of the chain; for a server, where its connection's child execs it). As any
// user but root, an example that needs root plans its failure.
TEST(Examples, DryRunOfEveryExample) {
  for (const auto& entry : fs::directory_iterator(scripts_dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    const Result r = plan_of(name).r;
    const auto ls = lines(r.out);
    ASSERT_FALSE(ls.empty()) << name << ": " << r;
    if (needs_root(name) && !is_root()) {
      EXPECT_TRUE(r.exited && r.code == 111) << name << ": " << r;
      EXPECT_THAT(r.err, HasSubstr(": setuidgid: unable to set the groups of nobody")) << name;
      continue;
    }
    EXPECT_TRUE(r.exited && r.code == 0) << name << ": " << r;
    if (r.out.find("-socket-accept: fork ") != std::string::npos)
      EXPECT_THAT(r.out, HasSubstr(": exec: exec program=")) << name;
    else
      EXPECT_THAT(ls.back(), HasSubstr(": exec: exec program=")) << name;
  }
}

}  // namespace
}  // namespace it
