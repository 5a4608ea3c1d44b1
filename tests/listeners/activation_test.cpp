// The activation protocol every listener shares (issue 3): fds 3+n, LISTEN_FDS,
// LISTEN_PID, LISTEN_FDNAMES, as a libsystemd daemon and a real activator see them.
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "harness/harness.hpp"
#include "harness/sockets.hpp"

using namespace harness;

// ---- the final program inherits every kind, each one works ------------------------

TEST(Activation, EveryKindOfSocketInAChainServesItsClient) {
  TempDir d;
  const std::string stream = d / "stream.sock", seq = d / "seq.sock", dgram = d / "dgram.sock";
  const std::string sys = " --systemd-compatibility ";
  Proc p(cs("tcp-listen" + sys + "127.0.0.1 0 "            // 3
            "tcp-listen" + sys + "::1 0 "                  // 4
            "local-stream-listen" + sys + q(stream) +      // 5
            " local-seqpacket-listen" + sys + q(seq) +     // 6
            " udp-listen" + sys + "127.0.0.1 0 "           // 7
            "local-datagram-listen" + sys + q(dgram) +     // 8
            " " + SP +
            " print-env LISTEN_FDS LISTEN_PID LISTEN_FDNAMES print-fds print-sockname 3 print-sockname 4 print-sockname 7"
            " accept-echo 3 accept-echo 4 accept-echo 5 accept-echo 6 recv-echo 7 recv-echo 8"));
  const auto tcp4 = p.wait_for(Proc::out, R"(sockname 3 127\.0\.0\.1:(\d+))");
  const auto tcp6 = p.wait_for(Proc::out, R"(sockname 4 \[::1\]:(\d+))");
  const auto udp = p.wait_for(Proc::out, R"(sockname 7 127\.0\.0\.1:(\d+))");
  ASSERT_TRUE(tcp4 && tcp6 && udp) << p.finish();
  EXPECT_EQ(exchange(connect_inet(AF_INET, "127.0.0.1", std::stoi(*tcp4)), "tcp4\n"), "echo:tcp4\n");
  EXPECT_EQ(exchange(connect_inet(AF_INET6, "::1", std::stoi(*tcp6)), "tcp6\n"), "echo:tcp6\n");
  EXPECT_EQ(exchange(connect_unix(stream, SOCK_STREAM), "stream\n"), "echo:stream\n");
  EXPECT_EQ(exchange(connect_unix(seq, SOCK_SEQPACKET), "seqpacket"), "echo:seqpacket");
  EXPECT_EQ(udp_exchange(AF_INET, "127.0.0.1", std::stoi(*udp), "udp"), "echo:udp");
  EXPECT_EQ(unix_dgram_exchange(dgram, d / "client.sock", "dgram"), "echo:dgram");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(env_of(r.out, "LISTEN_FDS"), "6") << r;
  EXPECT_EQ(env_of(r.out, "LISTEN_PID"), std::to_string(p.pid())) << r;
  EXPECT_TRUE(has_line(r.out, "env LISTEN_FDNAMES unset")) << "nothing was named\n" << r;
  const std::vector<std::string> expected = {
      "fd 3 cloexec=0 nonblock=0 socket family=inet type=stream listening=1 addr=127.0.0.1:" + *tcp4,
      "fd 4 cloexec=0 nonblock=0 socket family=inet6 type=stream listening=1 addr=[::1]:" + *tcp6,
      // (the addresses of Unix sockets have a test of their own: LocalSocketListen.SocketReportsItsOwnPath)
      "fd 5 cloexec=0 nonblock=0 socket family=unix type=stream listening=1",
      "fd 6 cloexec=0 nonblock=0 socket family=unix type=seqpacket listening=1",
      "fd 7 cloexec=0 nonblock=0 socket family=inet type=dgram listening=0 addr=127.0.0.1:" + *udp,
      "fd 8 cloexec=0 nonblock=0 socket family=unix type=dgram listening=0",
  };
  for (int fd = 3; fd <= 8; ++fd)
    EXPECT_EQ(fd == 5 || fd == 6 || fd == 8 ? without_addr(fd_line(r.out, fd)) : fd_line(r.out, fd), expected[fd - 3])
        << r;
  EXPECT_FALSE(fd_line(r.out, 9)) << r;
}

// ---- what libsystemd sees -----------------------------------------------------------

TEST(Activation, SdListenFdsWithNamesSeesNamedAndUnnamedListeners) {
  TempDir d;
  const std::string chain = "tcp-listen --systemd-compatibility --name web 127.0.0.1 0 "
                            "local-stream-listen --systemd-compatibility " + q(d / "a.sock") +
                            " udp-listen --systemd-compatibility --name dns 127.0.0.1 0 "
                            "local-seqpacket-listen --systemd-compatibility " + q(d / "b.sock") + " ";
  const Result r = run(cs(chain + SD));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(r.out,
            "count 4\n"
            "fd 3 name=web socket=1 listening=1 type=stream\n"
            "fd 4 name=unknown socket=1 listening=1 type=stream\n"
            "fd 5 name=dns socket=1 listening=0 type=dgram\n"
            "fd 6 name=unknown socket=1 listening=1 type=seqpacket\n")
      << r;
  const Result env = run(cs(chain + SP + " print-env LISTEN_FDS LISTEN_FDNAMES"));
  ASSERT_EQ(env.status(), 0) << env;
  EXPECT_EQ(env_of(env.out, "LISTEN_FDS"), "4") << env;
  EXPECT_EQ(env_of(env.out, "LISTEN_FDNAMES"), "web:unknown:dns:unknown") << env;
}

TEST(Activation, NamesStartWhenTheFirstNameComes) {
  TempDir d;
  const Result r = run(cs("tcp-listen --systemd-compatibility 127.0.0.1 0 "
                          "local-stream-listen --systemd-compatibility " + q(d / "a.sock") +
                          " netlink-listen --systemd-compatibility --name events route link " + SD));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(r.out,
            "count 3\n"
            "fd 3 name=unknown socket=1 listening=1 type=stream\n"
            "fd 4 name=unknown socket=1 listening=1 type=stream\n"
            "fd 5 name=events socket=1 listening=0 type=dgram\n")
      << r;
}

TEST(Activation, SdListenFdsWithoutAnyNames) {
  TempDir d;
  const std::string chain = "udp-listen --systemd-compatibility 127.0.0.1 0 "
                            "local-seqpacket-listen --systemd-compatibility " + q(d / "a.sock") + " ";
  const Result r = run(cs(chain + SD));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(r.out,
            "count 2\n"
            "fd 3 name=unknown socket=1 listening=0 type=dgram\n"
            "fd 4 name=unknown socket=1 listening=1 type=seqpacket\n")
      << r;
  const Result env = run(cs(chain + SP + " print-env LISTEN_FDS LISTEN_FDNAMES"));
  EXPECT_TRUE(has_line(env.out, "env LISTEN_FDNAMES unset")) << env;
}

TEST(Activation, WithoutSystemdCompatibilityNothingIsAnnounced) {
  const Result r = run(cs("tcp-listen 127.0.0.1 0 " + SD));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(r.out, "count 0\n") << r;
}

// ---- a real activator before chainscript ----------------------------------------------

TEST(Activation, InheritedFdIsKeptAndCounted) {
  TempDir d;
  const std::string inherited = d / "inherited.sock";
  Proc p(command({activator, inherited, "--", bin, "-c",
                  "tcp-listen --systemd-compatibility 127.0.0.1 0 " + SP +
                      " print-pid print-env LISTEN_FDS LISTEN_PID LISTEN_FDNAMES print-fds print-sockname 4"
                      " accept-echo 3 accept-echo 4"}));
  const auto port = p.wait_for(Proc::out, R"(sockname 4 127\.0\.0\.1:(\d+))");
  ASSERT_TRUE(port) << p.finish();
  EXPECT_EQ(exchange(connect_unix(inherited, SOCK_STREAM), "inherited\n"), "echo:inherited\n");
  EXPECT_EQ(exchange(connect_inet(AF_INET, "127.0.0.1", std::stoi(*port)), "new\n"), "echo:new\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(fd_line(r.out, 3), "fd 3 cloexec=0 nonblock=0 socket family=unix type=stream listening=1 addr=" + inherited)
      << r;
  EXPECT_EQ(fd_line(r.out, 4), "fd 4 cloexec=0 nonblock=0 socket family=inet type=stream listening=1 addr=127.0.0.1:" +
                                   *port)
      << r;
  EXPECT_EQ(env_of(r.out, "LISTEN_FDS"), "2") << r;
  // activator -> chainscript -> socket_peer: one process, one pid.
  EXPECT_EQ(env_of(r.out, "LISTEN_PID"), std::to_string(p.pid())) << r;
  EXPECT_EQ(after(r.out, "pid "), std::to_string(p.pid())) << r;
  EXPECT_TRUE(has_line(r.out, "env LISTEN_FDNAMES unset")) << r;
}

TEST(Activation, InheritedFdsAreSeenByLibsystemdWithNames) {
  TempDir d;
  const Result named = run(command({activator, d / "inh.sock", "--names", "inherited", "--", bin, "-c",
                                    "tcp-listen --systemd-compatibility --name web 127.0.0.1 0 " + SD}));
  ASSERT_EQ(named.status(), 0) << named;
  EXPECT_EQ(named.out,
            "count 2\n"
            "fd 3 name=inherited socket=1 listening=1 type=stream\n"
            "fd 4 name=web socket=1 listening=1 type=stream\n")
      << named;
  const Result unnamed_new = run(command({activator, d / "inh2.sock", "--names", "inherited", "--", bin, "-c",
                                          "udp-listen --systemd-compatibility 127.0.0.1 0 " + SP +
                                              " print-env LISTEN_FDNAMES"}));
  ASSERT_EQ(unnamed_new.status(), 0) << unnamed_new;
  EXPECT_EQ(env_of(unnamed_new.out, "LISTEN_FDNAMES"), "inherited:unknown") << unnamed_new;
  const Result unnamed_old = run(command({activator, d / "inh3.sock", "--", bin, "-c",
                                          "udp-listen --systemd-compatibility --name dns 127.0.0.1 0 " + SP +
                                              " print-env LISTEN_FDNAMES"}));
  ASSERT_EQ(unnamed_old.status(), 0) << unnamed_old;
  EXPECT_EQ(env_of(unnamed_old.out, "LISTEN_FDNAMES"), "unknown:dns") << unnamed_old;
}

TEST(Activation, NamesAreExactlyListenFdsMany) {
  TempDir d;
  // Fewer inherited names than fds: padded with "unknown"; more: cut to LISTEN_FDS.
  const Result fewer = run(command({activator, d / "a.sock", "--fds", "2", "--names", "first", "--", bin, "-c",
                                    "udp-listen --systemd-compatibility --name web 127.0.0.1 0 " + SP +
                                        " print-env LISTEN_FDS LISTEN_FDNAMES print-fds"}));
  ASSERT_EQ(fewer.status(), 0) << fewer;
  EXPECT_EQ(env_of(fewer.out, "LISTEN_FDS"), "3") << fewer;
  EXPECT_EQ(env_of(fewer.out, "LISTEN_FDNAMES"), "first:unknown:web") << fewer;
  EXPECT_TRUE(fd_line(fewer.out, 5)) << "the new socket is at 3+2\n" << fewer;
  const Result more = run(command({activator, d / "b.sock", "--names", "one:two:three", "--", bin, "-c",
                                   "udp-listen --systemd-compatibility --name web 127.0.0.1 0 " + SP +
                                       " print-env LISTEN_FDS LISTEN_FDNAMES"}));
  ASSERT_EQ(more.status(), 0) << more;
  EXPECT_EQ(env_of(more.out, "LISTEN_FDS"), "2") << more;
  EXPECT_EQ(env_of(more.out, "LISTEN_FDNAMES"), "one:web") << more;
  const Result empty = run(command({activator, d / "c.sock", "--fds", "2", "--names", ":", "--", bin, "-c",
                                    "udp-listen --systemd-compatibility 127.0.0.1 0 " + SP +
                                        " print-env LISTEN_FDNAMES"}));
  ASSERT_EQ(empty.status(), 0) << empty;
  EXPECT_EQ(env_of(empty.out, "LISTEN_FDNAMES"), "unknown:unknown:unknown") << empty;
}

TEST(Activation, DryRunAndTraceUseTheNextFdAfterInheritedOnes) {
  TempDir d;
  for (const std::string flag : {"-n", "-x"}) {
    Proc p(command({activator, d / ("inh" + flag + ".sock"), "--", bin, flag, "-c",
                    "tcp-listen --systemd-compatibility 127.0.0.1 0 " + SP + " print-fds"}));
    const Result r = p.finish();
    ASSERT_EQ(r.status(), 0) << flag << "\n" << r;
    const std::string& plan = flag == "-n" ? r.out : r.err;
    EXPECT_NE(plan.find("socket family=inet type=stream protocol=0 -> fd 4"), std::string::npos) << flag << "\n" << r;
    EXPECT_NE(plan.find("setenv LISTEN_FDS=2"), std::string::npos) << flag << "\n" << r;
    EXPECT_NE(plan.find("setenv LISTEN_PID=" + std::to_string(p.pid())), std::string::npos) << flag << "\n" << r;
  }
}

// ---- LISTEN_PID / LISTEN_FDS that are not ours are not counted ------------------------

TEST(Activation, GarbageListenPidIsIgnored) {
  for (const std::string pid : {"garbage", "", "12x", "-1", "99999999999999999999"}) {
    Launch l =
        cs("tcp-listen --systemd-compatibility 127.0.0.1 0 " + SP + " print-env LISTEN_FDS LISTEN_PID print-fds");
    l.set_env = {{"LISTEN_PID", pid}, {"LISTEN_FDS", "1"}};
    const Result r = run(l);
    ASSERT_EQ(r.status(), 0) << "LISTEN_PID=" << pid << "\n" << r;
    EXPECT_TRUE(fd_line(r.out, 3) && fd_line(r.out, 3)->find("family=inet") != std::string::npos)
        << "LISTEN_PID=" << pid << "\n" << r;
    EXPECT_FALSE(fd_line(r.out, 4)) << "LISTEN_PID=" << pid << "\n" << r;
    EXPECT_EQ(env_of(r.out, "LISTEN_FDS"), "1") << "LISTEN_PID=" << pid << "\n" << r;
  }
}

TEST(Activation, AnotherProcessesListenVariablesAreIgnored) {
  // LISTEN_PID of another process (pid 1): its fds and names are not ours.
  Launch l =
      cs("udp-listen --systemd-compatibility 127.0.0.1 0 " + SP + " print-env LISTEN_FDS LISTEN_FDNAMES print-fds");
  l.set_env = {{"LISTEN_PID", "1"}, {"LISTEN_FDS", "2"}, {"LISTEN_FDNAMES", "a:b"}};
  const Result r = run(l);
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_TRUE(fd_line(r.out, 3)) << r;
  EXPECT_FALSE(fd_line(r.out, 5)) << r;
  EXPECT_EQ(env_of(r.out, "LISTEN_FDS"), "1") << r;
  EXPECT_TRUE(has_line(r.out, "env LISTEN_FDNAMES unset")) << "stale names of another process\n" << r;
}

TEST(Activation, GarbageListenFdsFromTheRightPidIsIgnored) {
  TempDir d;
  for (const std::string fds : {"two", "", "1x", "-1"}) {
    const std::string inherited = d / "inh.sock";
    const Result r = run(command({activator, inherited, "--fds", fds, "--", bin, "-c",
                                  "tcp-listen --systemd-compatibility 127.0.0.1 0 " + SP +
                                      " print-env LISTEN_FDS print-fds"}));
    ASSERT_EQ(r.status(), 0) << "LISTEN_FDS=" << fds << "\n" << r;
    const auto fd3 = fd_line(r.out, 3);
    ASSERT_TRUE(fd3) << r;
    EXPECT_NE(fd3->find("family=inet"), std::string::npos) << "LISTEN_FDS=" << fds << "\n" << r;
    EXPECT_EQ(env_of(r.out, "LISTEN_FDS"), "1") << "LISTEN_FDS=" << fds << "\n" << r;
  }
}

TEST(Activation, ActivatorWithAGarbagePidIsNotCounted) {
  TempDir d;
  const Result r = run(command({activator, d / "inh.sock", "--pid", "not-a-pid", "--", bin, "-c",
                                "tcp-listen --systemd-compatibility 127.0.0.1 0 " + SP +
                                    " print-env LISTEN_FDS print-fds"}));
  ASSERT_EQ(r.status(), 0) << r;
  const auto fd3 = fd_line(r.out, 3);
  ASSERT_TRUE(fd3) << r;
  EXPECT_NE(fd3->find("family=inet"), std::string::npos) << "the new listener goes to fd 3\n" << r;
  EXPECT_FALSE(fd_line(r.out, 4)) << r;
  EXPECT_EQ(env_of(r.out, "LISTEN_FDS"), "1") << r;
}

TEST(Activation, BadNameIsAUsageError) {
  TempDir d;
  for (const std::string name : {"a:b", "", "with space\\x01"}) {
    const Result r = run(cs("tcp-listen --systemd-compatibility --name \"" + name + "\" 127.0.0.1 0 " + SP + " touch " +
                            q(d / "ran")));
    EXPECT_EQ(r.status(), 100) << "--name " << name << "\n" << r;
    EXPECT_NE(r.err.find("tcp-socket-listen"), std::string::npos) << r;
  }
  EXPECT_FALSE(exists(d / "ran"));
}
