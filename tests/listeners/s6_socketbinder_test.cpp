// s6-ipcserver-socketbinder (seed 002, issue 3): a Unix socket on fd 0.
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "harness/harness.hpp"
#include "harness/sockets.hpp"

using namespace harness;

TEST(S6IpcserverSocketbinder, DefaultsStreamNonblockingListeningOnFd0Mode0777) {
  TempDir d;
  const std::string path = d / "s6.sock";
  Proc p(cs("s6-ipcserver-socketbinder " + q(path) + " " + SP + " print-fds sockopt 0 SO_REUSEADDR accept-echo 0",
            {"-x"}));
  ASSERT_TRUE(reported_fd(p, 0)) << p.finish();
  EXPECT_EQ(exchange(connect_unix(path, SOCK_STREAM), "s6\n"), "echo:s6\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(without_addr(fd_line(r.out, 0)), "fd 0 cloexec=0 nonblock=1 socket family=unix type=stream listening=1") << r;
  EXPECT_FALSE(fd_line(r.out, 3)) << "nothing at fd 3\n" << r;
  EXPECT_EQ(sockopt(r.out, 0, "SO_REUSEADDR"), "1") << r;
  EXPECT_NE(r.err.find("backlog=" + std::to_string(SOMAXCONN)), std::string::npos) << "default backlog\n" << r;
  const stat_result st = lstat_of(path);
  EXPECT_TRUE(S_ISSOCK(st.mode));
  EXPECT_EQ(st.mode & 07777, 0777u);
}

TEST(S6IpcserverSocketbinder, SocketReportsItsOwnPath) {
  TempDir d;
  const std::string path = d / "s6.sock";
  const Result r = run(cs("s6-ipcserver-socketbinder " + q(path) + " " + SP + " print-sockname 0"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(r.out, "sockname 0 " + path + "\n") << r;
}

TEST(S6IpcserverSocketbinder, BlockingPermsBacklogAndNoReuse) {
  TempDir d;
  const std::string path = d / "s6.sock";
  Proc p(cs("s6-ipcserver-socketbinder -D -B -b 7 -a 0700 " + q(path) + " " + SP +
                " print-fds sockopt 0 SO_REUSEADDR accept-echo 0",
            {"-x"}));
  ASSERT_TRUE(reported_fd(p, 0)) << p.finish();
  EXPECT_EQ(exchange(connect_unix(path, SOCK_STREAM), "b\n"), "echo:b\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(without_addr(fd_line(r.out, 0)), "fd 0 cloexec=0 nonblock=0 socket family=unix type=stream listening=1") << r;
  EXPECT_EQ(sockopt(r.out, 0, "SO_REUSEADDR"), "0") << r;
  EXPECT_NE(r.err.find("backlog=7"), std::string::npos) << r;
  EXPECT_EQ(lstat_of(path).mode & 07777, 0700u);
}

TEST(S6IpcserverSocketbinder, BacklogZeroCreatesWithoutListening) {
  TempDir d;
  const std::string path = d / "s6.sock";
  const Result r = run(cs("s6-ipcserver-socketbinder -b0 " + q(path) + " " + SP + " print-fds", {"-x"}));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(without_addr(fd_line(r.out, 0)), "fd 0 cloexec=0 nonblock=1 socket family=unix type=stream listening=0") << r;
  EXPECT_EQ(r.err.find(": listen "), std::string::npos) << r;
  EXPECT_TRUE(S_ISSOCK(lstat_of(path).mode));
}

TEST(S6IpcserverSocketbinder, DatagramExchangesADatagram) {
  TempDir d;
  const std::string path = d / "s6d.sock";
  Proc p(cs("s6-ipcserver-socketbinder -m -b0 " + q(path) + " " + SP + " print-fds recv-echo 0"));
  ASSERT_TRUE(reported_fd(p, 0)) << p.finish();
  EXPECT_EQ(unix_dgram_exchange(path, d / "client.sock", "d6"), "echo:d6");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(without_addr(fd_line(r.out, 0)), "fd 0 cloexec=0 nonblock=1 socket family=unix type=dgram listening=0") << r;
}

TEST(S6IpcserverSocketbinder, DeletesWhateverFileIsAtPath) {
  TempDir d;
  const std::string file = d / "was-a-file";
  d.write("was-a-file", "old");
  const std::string live = d / "was-live";
  UnixServer server(live, SOCK_STREAM);
  for (const std::string& path : {file, live}) {
    const Result r = run(cs("s6-ipcserver-socketbinder " + q(path) + " " + SP + " print-fds"));
    EXPECT_EQ(r.status(), 0) << r;
    EXPECT_TRUE(S_ISSOCK(lstat_of(path).mode)) << path;
    EXPECT_EQ(without_addr(fd_line(r.out, 0)), "fd 0 cloexec=0 nonblock=1 socket family=unix type=stream listening=1")
        << r;
  }
  EXPECT_EQ(dir_entries(d.path()), (std::vector<std::string>{"was-a-file", "was-live"}));
}

TEST(S6IpcserverSocketbinder, DirectoryAtPathFailsAndIsLeftAlone) {
  TempDir d;
  const std::string path = d / "dir";
  ASSERT_EQ(::mkdir(path.c_str(), 0755), 0);
  const Result r = run(cs("s6-ipcserver-socketbinder " + q(path) + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("s6-ipcserver-socketbinder"), std::string::npos) << r;
  EXPECT_NE(r.err.find(path), std::string::npos) << r;
  EXPECT_TRUE(S_ISDIR(lstat_of(path).mode));
  EXPECT_FALSE(exists(d / "ran"));
  EXPECT_EQ(dir_entries(d.path()), std::vector<std::string>{"dir"});
}

TEST(S6IpcserverSocketbinder, MissingParentFailsNamingIt) {
  TempDir d;
  const Result r = run(cs("s6-ipcserver-socketbinder " + q(d / "none/s.sock") + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("s6-ipcserver-socketbinder"), std::string::npos) << r;
  EXPECT_NE(r.err.find(d / "none"), std::string::npos) << r;
  EXPECT_TRUE(dir_entries(d.path()).empty());
}

TEST(S6IpcserverSocketbinder, DatagramThatMustListenFails) {
  // -m without -b0: listen() is not supported on a datagram socket.
  TempDir d;
  const std::string path = d / "dg.sock";
  const Result r = run(cs("s6-ipcserver-socketbinder -m " + q(path) + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("s6-ipcserver-socketbinder"), std::string::npos) << r;
  EXPECT_NE(r.err.find(path), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran"));
}

TEST(S6IpcserverSocketbinder, UsageErrors) {
  TempDir d;
  for (const std::string bad : {"s6-ipcserver-socketbinder -a 0999", "s6-ipcserver-socketbinder -a 01777",
                                "s6-ipcserver-socketbinder -b x", "s6-ipcserver-socketbinder -q",
                                "s6-ipcserver-socketbinder --backlog 3"}) {
    const Result r = run(cs(bad + " " + q(d / "s.sock") + " " + SP + " touch " + q(d / "ran")));
    EXPECT_EQ(r.status(), 100) << bad << "\n" << r;
    EXPECT_NE(r.err.find("s6-ipcserver-socketbinder"), std::string::npos) << bad << "\n" << r;
  }
  EXPECT_TRUE(dir_entries(d.path()).empty());
}
