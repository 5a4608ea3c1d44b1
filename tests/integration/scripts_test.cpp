// Every example run file in scripts/ is run and its output checked. A new
// example needs a checker here: ExamplesAllHaveACheckedRun fails until then.
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <functional>
#include <gmock/gmock.h>
#include <regex>

#include "harness/harness.hpp"

namespace fs = std::filesystem;
using namespace harness;

namespace it {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string example(const std::string& name) { return (fs::path(scripts_dir) / name).string(); }

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

// Two listeners handed over with systemd's protocol, then sh as the daemon.
void check_socket_activated() {
  const std::string file = example("socket-activated.run");
  const Result r = chainscript({file});
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
}

// nosh run files, unchanged: the daemon sees its socket on fd 3 and LISTEN_FDS.
void check_nosh_example(const std::string& name, const std::string& expected) {
  const Result r = chainscript({example(name)});
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
  check_nosh_example("nosh-local-socket.run", "srw------- socket\ncontrol: LISTEN_FDS=1\n");
  EXPECT_FALSE(fs::exists("/tmp/chainscript-nosh-example.sock")) << "the example removes its socket";
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

// Their plans too: -n exits 0 and ends with the program the script execs.
TEST(Examples, DryRunOfEveryExample) {
  for (const auto& entry : fs::directory_iterator(scripts_dir)) {
    if (!entry.is_regular_file()) continue;
    const Result r = chainscript({"-n", entry.path().string(), "arg"});
    EXPECT_TRUE(r.exited && r.code == 0) << entry.path() << ": " << r;
    const auto ls = lines(r.out);
    ASSERT_FALSE(ls.empty()) << entry.path();
    EXPECT_THAT(ls.back(), HasSubstr(": exec: exec program=")) << entry.path();
  }
}

}  // namespace
}  // namespace it
