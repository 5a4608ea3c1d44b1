// Host and service names (issue 11): chainscript never lets glibc load an NSS
// module, so a name that only a module would answer is asked of getent(1),
// and only the sources glibc has built in (files, dns) are asked in-process.
// In a mount namespace with the test's own nsswitch.conf, hosts and services,
// the listener must bind what glibc's getaddrinfo (python3, same namespace)
// gives, and a client must connect to it: once with built-in sources only,
// once behind a source glibc would have to load (getent's path).
#include "harness/harness.hpp"

using namespace harness;

namespace {

constexpr const char* kHosts = "127.0.0.1 localhost\n127.0.0.1 chainscript-test-host\n";
constexpr const char* kServices = "chainscript-test 18477/tcp\nchainscript-test 18478/udp\n";

class NameLookup : public ChainscriptTest {
 public:
  void SetUp() override {
    REQUIRE_ROOT("bind-mounts its own /etc/nsswitch.conf, /etc/hosts and /etc/services in a mount namespace");
    if (find_program("unshare").empty() || find_program("python3").empty()) GTEST_SKIP() << "no unshare or python3";
    if (find_program("ip").empty()) GTEST_SKIP() << "no ip(8) (iproute2) to bring the namespace's loopback up";
    if (run(command({find_program("unshare"), "-m", "-n", "true"})).status() != 0)
      GTEST_SKIP() << "unshare -m -n fails here";
  }

  // sh -c BODY with the test's files over /etc's, in mount and network
  // namespaces of its own (its fixed port is its own too). $CS is chainscript.
  Result with_files(const std::string& nsswitch, const std::string& body) {
    const std::string n = dir.write("nsswitch.conf", nsswitch), h = dir.write("hosts", kHosts),
                      s = dir.write("services", kServices);
    Launch l = command({find_program("unshare"), "-m", "-n", "/bin/sh", "-c",
                        "ip link set lo up && mount --bind " + n + " /etc/nsswitch.conf && mount --bind " + h +
                            " /etc/hosts && mount --bind " + s + " /etc/services && " + body});
    l.set_env["CS"] = bin;
    l.cwd = dir.path();
    return run(l);
  }
};

// glibc's address for the names, then chainscript's listener at fd 3: its
// address, and a client's connection accepted on it.
const std::string kBody =
    "python3 -c 'import socket; a=socket.getaddrinfo(\"chainscript-test-host\", \"chainscript-test\", "
    "type=socket.SOCK_STREAM); print(\"%s:%d\" % a[0][4][:2])' && "
    "$CS -c 'tcp-socket-listen chainscript-test-host chainscript-test "
    "python3 -c \"import socket; s=socket.socket(fileno=3); a=s.getsockname(); print(\\\"%s:%d\\\" % a[:2]); "
    "c=socket.create_connection(a); p, _=s.accept(); c.sendall(b\\\"x\\\"); print(p.recv(1).decode())\"'";

TEST_F(NameLookup, BuiltInSourcesAnswerInProcess) {
  const Result r = with_files("hosts: files dns\nservices: files\n", kBody);
  ASSERT_EQ(r.status(), 0) << r;
  const auto l = lines(r.out);
  ASSERT_EQ(l.size(), 3u) << r;
  EXPECT_EQ(l[0], "127.0.0.1:18477");
  EXPECT_EQ(l[1], l[0]);
  EXPECT_EQ(l[2], "x");
}

TEST_F(NameLookup, ASourceGlibcWouldLoadIsAskedOfGetent) {
  // "nosuchmodule" would be a shared library for glibc to load (it is not
  // there: glibc goes on to the files); chainscript hands the names to getent.
  if (find_program("strace").empty()) GTEST_SKIP() << "no strace";
  const Result r = with_files("hosts: nosuchmodule files\nservices: nosuchmodule files\n",
                              "strace -f -qq -e trace=execve -o trace.out " + kBody.substr(kBody.find("$CS")) +
                                  " && grep -c getent trace.out");
  ASSERT_EQ(r.status(), 0) << r;
  const auto l = lines(r.out);
  ASSERT_EQ(l.size(), 3u) << r;
  EXPECT_EQ(l[0], "127.0.0.1:18477");
  EXPECT_EQ(l[1], "x");
  EXPECT_EQ(l[2], "2") << "one getent for the host, one for the service";
}

TEST_F(NameLookup, AnUnknownHostThroughGetentFailsTheStepWithNothingOpened) {
  const Result r = with_files("hosts: nosuchmodule files\nservices: files\n",
                              "$CS -c 'tcp-socket-listen no-such-host.invalid 80 echo started'");
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("tcp-socket-listen: unable to resolve no-such-host.invalid 80"), std::string::npos) << r;
}

}  // namespace
