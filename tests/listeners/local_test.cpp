// local-stream/datagram/seqpacket-socket-listen (issue 3): Unix sockets at a
// path, their mode and owner, and every way the path can be in the way.
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>

#include "harness/harness.hpp"
#include "harness/sockets.hpp"

using namespace harness;

namespace {


std::string nobody_group() {
  const passwd* pw = getpwnam("nobody");
  if (!pw) return {};
  const group* gr = getgrgid(pw->pw_gid);
  return gr ? gr->gr_name : std::string();
}

// Watches a directory and, the instant NAME appears there (created or moved
// in), records its mode and owner, to catch a socket that exists before its
// mode and owner are right.
class FirstSight {
 public:
  FirstSight(const std::string& dir, const std::string& name) : dir_(dir), name_(name) {
    fd_ = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (fd_ < 0 || inotify_add_watch(fd_, dir.c_str(), IN_CREATE | IN_MOVED_TO) < 0)
      throw std::runtime_error("inotify");
    thread_ = std::thread([this] { loop(); });
  }
  ~FirstSight() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  // Waits (bounded) for the sighting.
  std::optional<stat_result> seen(int timeout_ms = kIoTimeoutMs) {
    for (int waited = 0; waited < timeout_ms && !done_; waited += 5) ::usleep(5000);
    std::lock_guard<std::mutex> l(m_);
    return first_;
  }
  std::vector<std::string> events() {
    std::lock_guard<std::mutex> l(m_);
    return events_;
  }

 private:
  void loop() {
    alignas(inotify_event) char buf[8192];
    const auto start = std::chrono::steady_clock::now();
    while (!stop_ && !done_ && std::chrono::steady_clock::now() - start < std::chrono::seconds(30)) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      for (ssize_t i = 0; i < n;) {
        const auto* e = reinterpret_cast<const inotify_event*>(buf + i);
        const std::string name = e->len ? e->name : "";
        if (name == name_) {
          const stat_result st = lstat_of(dir_ + "/" + name_);  // at once
          std::lock_guard<std::mutex> l(m_);
          if (!first_) first_ = st;
          done_ = true;
        }
        {
          std::lock_guard<std::mutex> l(m_);
          events_.push_back(std::string(e->mask & IN_CREATE ? "create " : "moved-to ") + name);
        }
        i += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      }
    }
  }
  std::string dir_, name_;
  int fd_ = -1;
  std::thread thread_;
  std::atomic<bool> stop_{false}, done_{false};
  std::mutex m_;
  std::optional<stat_result> first_;
  std::vector<std::string> events_;
};

}  // namespace

// ---- each kind serves a client ----------------------------------------------------

TEST(LocalSocketListen, StreamServesAClientOnFd3) {
  TempDir d;
  const std::string path = d / "stream.sock";
  Proc p(cs("local-stream-socket-listen --systemd-compatibility " + q(path) + " " + SP +
            " print-fds print-env LISTEN_FDS LISTEN_PID accept-echo 3"));
  ASSERT_TRUE(reported_fd(p, 3)) << p.finish();
  EXPECT_EQ(exchange(connect_unix(path, SOCK_STREAM), "local\n"), "echo:local\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(without_addr(fd_line(r.out, 3)), "fd 3 cloexec=0 nonblock=0 socket family=unix type=stream listening=1") << r;
  EXPECT_EQ(env_of(r.out, "LISTEN_FDS"), "1") << r;
  EXPECT_EQ(env_of(r.out, "LISTEN_PID"), std::to_string(p.pid())) << r;
  const stat_result st = lstat_of(path);
  EXPECT_TRUE(st.ok && S_ISSOCK(st.mode));
  EXPECT_EQ(dir_entries(d.path()), std::vector<std::string>{"stream.sock"}) << "a temporary name was left behind";
}

// "@name" is Linux's abstract namespace: a client connects by the name (its
// exact length, as systemd and socat bind it), and nothing is made in the
// filesystem. (The temporary directory's path makes
// the name unique; the directory stays empty.)
TEST(LocalSocketListen, AbstractNameServesAClientAndMakesNoFile) {
  TempDir d;
  const std::string name = "@" + (d / "abstract");
  Proc p(cs("local-stream-socket-listen --systemd-compatibility " + q(name) + " " + SP +
            " print-fds print-env LISTEN_FDS accept-echo 3"));
  ASSERT_TRUE(reported_fd(p, 3)) << p.finish();
  EXPECT_EQ(exchange(connect_unix(name, SOCK_STREAM), "abstract\n"), "echo:abstract\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(without_addr(fd_line(r.out, 3)), "fd 3 cloexec=0 nonblock=0 socket family=unix type=stream listening=1") << r;
  EXPECT_EQ(env_of(r.out, "LISTEN_FDS"), "1") << r;
  EXPECT_EQ(dir_entries(d.path()), std::vector<std::string>{}) << "an abstract socket made a file";
}

TEST(LocalSocketListen, SeqpacketServesAClientKeepingMessageBoundaries) {
  TempDir d;
  const std::string path = d / "seq.sock";
  Proc p(cs("local-seqpacket-socket-listen " + q(path) + " " + SP + " print-fds accept-echo 3"));
  ASSERT_TRUE(reported_fd(p, 3)) << p.finish();
  // One message without a newline: the server's single recv gets exactly it.
  EXPECT_EQ(exchange(connect_unix(path, SOCK_SEQPACKET), "one message"), "echo:one message");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(without_addr(fd_line(r.out, 3)), "fd 3 cloexec=0 nonblock=0 socket family=unix type=seqpacket listening=1")
      << r;
}

TEST(LocalSocketListen, DatagramExchangesADatagram) {
  TempDir d;
  const std::string path = d / "dgram.sock";
  Proc p(cs("local-datagram-socket-listen " + q(path) + " " + SP + " print-fds recv-echo 3"));
  ASSERT_TRUE(reported_fd(p, 3)) << p.finish();
  EXPECT_EQ(unix_dgram_exchange(path, d / "client.sock", "datagram"), "echo:datagram");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(without_addr(fd_line(r.out, 3)), "fd 3 cloexec=0 nonblock=0 socket family=unix type=dgram listening=0") << r;
}

TEST(LocalSocketListen, DatagramHasNoBacklogOption) {
  TempDir d;
  const Result r = run(cs("local-datagram-listen --backlog 3 " + q(d / "s") + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 100) << r;
  EXPECT_NE(r.err.find("local-datagram-socket-listen"), std::string::npos) << r;
  EXPECT_TRUE(dir_entries(d.path()).empty());
}

TEST(LocalSocketListen, BacklogReachesListen) {
  TempDir d;
  for (const std::string b : {"local-stream-listen", "local-seqpacket-listen"}) {
    const Result r = run(cs(b + " --backlog 9 " + q(d / (b + ".sock")) + " " + SP + " print-fds", {"-x"}));
    ASSERT_EQ(r.status(), 0) << r;
    EXPECT_NE(r.err.find("listen fd=3 backlog=9"), std::string::npos) << r;
  }
}

TEST(LocalSocketListen, SocketReportsItsOwnPath) {
  // A daemon finds its socket among LISTEN_FDS by path (sd_is_socket_unix()
  // compares the socket's own address), and a client sees the path as its
  // peer: the address of the socket is PATH, not some other name.
  TempDir d;
  const std::string stream = d / "s.sock", seq = d / "q.sock", dgram = d / "d.sock";
  const std::string chain = "local-stream-listen --systemd-compatibility " + q(stream) +
                            " local-seqpacket-listen --systemd-compatibility " + q(seq) +
                            " local-datagram-listen --systemd-compatibility " + q(dgram) + " ";
  const Result sd = run(cs(chain + SD + " " + q(stream) + " " + q(seq) + " " + q(dgram)));
  ASSERT_EQ(sd.status(), 0) << sd;
  EXPECT_TRUE(has_line(sd.out, "path " + stream + " fd=3")) << sd;
  EXPECT_TRUE(has_line(sd.out, "path " + seq + " fd=4")) << sd;
  EXPECT_TRUE(has_line(sd.out, "path " + dgram + " fd=5")) << sd;
  const Result names = run(cs(chain + SP + " print-sockname 3 print-sockname 4 print-sockname 5"));
  ASSERT_EQ(names.status(), 0) << names;
  EXPECT_TRUE(has_line(names.out, "sockname 3 " + stream)) << names;
  EXPECT_TRUE(has_line(names.out, "sockname 4 " + seq)) << names;
  EXPECT_TRUE(has_line(names.out, "sockname 5 " + dgram)) << names;

  const std::string served = d / "peer.sock";
  Proc p(cs("local-stream-listen " + q(served) + " " + SP + " print-fds accept-echo 3"));
  ASSERT_TRUE(reported_fd(p, 3)) << p.finish();
  const int c = connect_unix(served, SOCK_STREAM);
  ASSERT_GE(c, 0) << std::strerror(errno);
  sockaddr_un peer{};
  socklen_t len = sizeof peer;
  ASSERT_EQ(::getpeername(c, reinterpret_cast<sockaddr*>(&peer), &len), 0);
  EXPECT_EQ(std::string(peer.sun_path), served) << "the client's peer address";
  EXPECT_EQ(exchange(c, "peer\n"), "echo:peer\n");
  EXPECT_EQ(p.finish().status(), 0);
}

// ---- mode and owner ---------------------------------------------------------------

TEST(LocalSocketListen, ModeIsRightFromTheMomentTheNameExists) {
  TempDir d;
  const std::string path = d / "mode.sock";
  FirstSight watch(d.path(), "mode.sock");
  const Result r = run(cs("local-stream-listen --mode 0640 " + q(path) + " " + SP + " print-fds"));
  ASSERT_EQ(r.status(), 0) << r;
  const auto first = watch.seen();
  ASSERT_TRUE(first) << "the socket never appeared";
  ASSERT_TRUE(first->ok);
  EXPECT_TRUE(S_ISSOCK(first->mode));
  EXPECT_EQ(first->mode & 07777, 0640u) << "mode when the name appeared";
  EXPECT_EQ(lstat_of(path).mode & 07777, 0640u);
  EXPECT_EQ(dir_entries(d.path()), std::vector<std::string>{"mode.sock"});
}

TEST(LocalSocketListen, OwnerAndModeAreRightFromTheMomentTheNameExists) {
  REQUIRE_ROOT("giving a socket to another owner");
  TempDir d;
  const std::string path = d / "owned.sock";
  FirstSight watch(d.path(), "owned.sock");
  const Result r = run(cs("local-stream-listen --mode 0660 --uid 65534 --gid 65534 " + q(path) + " " + SP + " print-fds"));
  ASSERT_EQ(r.status(), 0) << r;
  const auto first = watch.seen();
  ASSERT_TRUE(first && first->ok) << "the socket never appeared";
  EXPECT_EQ(first->mode & 07777, 0660u);
  EXPECT_EQ(first->uid, 65534u);
  EXPECT_EQ(first->gid, 65534u);
  const stat_result now = lstat_of(path);
  EXPECT_EQ(now.uid, 65534u);
  EXPECT_EQ(now.gid, 65534u);
}

TEST(LocalSocketListen, UserAndGroupNames) {
  REQUIRE_ROOT("giving a socket to another owner");
  const passwd* pw = getpwnam("nobody");
  const std::string group = nobody_group();
  if (!pw || group.empty()) GTEST_SKIP() << "no user nobody with a named group";
  const uid_t uid = pw->pw_uid;
  const gid_t gid = pw->pw_gid;
  TempDir d;
  const std::string path = d / "named.sock";
  Proc p(cs("local-seqpacket-listen --user nobody --group " + q(group) + " --mode 0600 " + q(path) + " " + SP +
            " print-fds accept-echo 3"));
  ASSERT_TRUE(reported_fd(p, 3)) << p.finish();
  EXPECT_EQ(exchange(connect_unix(path, SOCK_SEQPACKET), "owned"), "echo:owned");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  const stat_result st = lstat_of(path);
  EXPECT_EQ(st.uid, uid);
  EXPECT_EQ(st.gid, gid);
  EXPECT_EQ(st.mode & 07777, 0600u);
}

TEST(LocalSocketListen, UnknownUserFailsAndCreatesNothing) {
  TempDir d;
  const Result r =
      run(cs("local-stream-listen --user no-such-user-lst " + q(d / "s.sock") + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("local-stream-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find("no-such-user-lst"), std::string::npos) << r;
  EXPECT_TRUE(dir_entries(d.path()).empty()) << "something was created";
}

TEST(LocalSocketListen, BadModeIsAUsageError) {
  TempDir d;
  const Result r = run(cs("local-stream-listen --mode 0999 " + q(d / "s.sock") + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 100) << r;
  EXPECT_NE(r.err.find("local-stream-socket-listen"), std::string::npos) << r;
  EXPECT_TRUE(dir_entries(d.path()).empty());
}

TEST(LocalSocketListen, PassCredentialsAndSecurity) {
  TempDir d;
  const Result r = run(cs("local-datagram-listen --pass-credentials --pass-security " + q(d / "s.sock") + " " + SP +
                          " sockopt 3 SO_PASSCRED SO_PASSSEC"));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_PASSCRED"), "1") << r;
  EXPECT_EQ(sockopt(r.out, 3, "SO_PASSSEC"), "1") << r;
}

// ---- what may already be at PATH ---------------------------------------------------

TEST(LocalSocketListen, StaleSocketIsReplaced) {
  TempDir d;
  const std::string path = d / "stale.sock";
  make_stale_socket(path);
  Proc p(cs("local-stream-listen " + q(path) + " " + SP + " print-fds accept-echo 3"));
  ASSERT_TRUE(reported_fd(p, 3)) << p.finish();
  // Nobody listened on the stale socket: an answer proves the new one took its place.
  EXPECT_EQ(exchange(connect_unix(path, SOCK_STREAM), "fresh\n"), "echo:fresh\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(dir_entries(d.path()), std::vector<std::string>{"stale.sock"});
}

TEST(LocalSocketListen, LiveStreamSocketIsRefusedAndLeftWorking) {
  TempDir d;
  const std::string path = d / "live.sock";
  UnixServer live(path, SOCK_STREAM);
  const ino_t ino = lstat_of(path).ino;
  const Result r = run(cs("local-stream-listen " + q(path) + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("local-stream-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find(path), std::string::npos) << r;
  EXPECT_FALSE(exists(d / "ran")) << "the final program ran";
  EXPECT_EQ(lstat_of(path).ino, ino) << "the live socket was replaced";
  EXPECT_EQ(dir_entries(d.path()), std::vector<std::string>{"live.sock"}) << "a temporary name was left behind";
  // Still the test's: a client connects and the test accepts it.
  const int c = connect_unix(path, SOCK_STREAM);
  ASSERT_GE(c, 0) << std::strerror(errno);
  pollfd pf{live.fd(), POLLIN, 0};
  EXPECT_EQ(::poll(&pf, 1, kIoTimeoutMs), 1);
  const int a = ::accept4(live.fd(), nullptr, nullptr, SOCK_CLOEXEC);
  EXPECT_GE(a, 0);
  if (a >= 0) ::close(a);
  ::close(c);
}

TEST(LocalSocketListen, LiveSocketWithAFullBacklogIsRefusedWithoutHanging) {
  // A busy server: its one backlog slot taken by a client it has not accepted.
  TempDir d;
  const std::string path = d / "busy.sock";
  const int server = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
  ASSERT_EQ(::bind(server, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(server, 0), 0);
  std::vector<int> waiting;
  for (int i = 0; i < 4; ++i) {  // fill the queue: further connects would block
    const int c = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (::connect(c, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) {
      ::close(c);
      break;
    }
    waiting.push_back(c);
  }
  ASSERT_FALSE(waiting.empty());
  const ino_t ino = lstat_of(path).ino;
  Launch l = cs("local-stream-listen " + q(path) + " " + SP + " touch " + q(d / "ran"));
  l.timeout = std::chrono::milliseconds(8000);
  const Result r = run(l);
  ASSERT_FALSE(r.timed_out) << "the listener hung probing a busy socket\n" << r;
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find(path), std::string::npos) << r;
  EXPECT_EQ(lstat_of(path).ino, ino);
  EXPECT_FALSE(exists(d / "ran"));
  for (int c : waiting) ::close(c);
  ::close(server);
}

TEST(LocalSocketListen, LiveSocketTheUserMayNotConnectToIsRefused) {
  REQUIRE_ROOT("a live socket of root's that nobody may not connect to");
  TempDir d;
  ASSERT_EQ(::chmod(d.path().c_str(), 0777), 0);  // nobody may rename in the directory
  const std::string path = d / "private.sock";
  UnixServer live(path, SOCK_STREAM);
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  const ino_t ino = lstat_of(path).ino;
  const Result r = run(cs("setuidgid nobody local-stream-listen " + q(path) + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << "permission to connect denied is no sign of a stale socket\n" << r;
  EXPECT_NE(r.err.find(path), std::string::npos) << r;
  EXPECT_EQ(lstat_of(path).ino, ino) << "root's live socket was replaced";
  EXPECT_FALSE(exists(d / "ran"));
}

TEST(LocalSocketListen, RelativePathIsBesideTheWorkingDirectory) {
  TempDir d;
  Proc p(cs("cd " + q(d.path()) + " local-stream-listen rel.sock " + SP + " print-fds accept-echo 3"));
  ASSERT_TRUE(reported_fd(p, 3)) << p.finish();
  EXPECT_EQ(exchange(connect_unix(d / "rel.sock", SOCK_STREAM), "rel\n"), "echo:rel\n");
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_EQ(dir_entries(d.path()), std::vector<std::string>{"rel.sock"});
}

TEST(LocalSocketListen, LiveSocketOfAnotherTypeIsRefused) {
  TempDir d;
  for (const auto& [type, listener] : std::vector<std::pair<int, std::string>>{
           {SOCK_DGRAM, "local-stream-listen"}, {SOCK_SEQPACKET, "local-datagram-listen"},
           {SOCK_STREAM, "local-seqpacket-listen"}, {SOCK_DGRAM, "local-datagram-listen"}}) {
    const std::string path = d / ("live" + std::to_string(type) + listener);
    UnixServer live(path, type);
    const ino_t ino = lstat_of(path).ino;
    const Result r = run(cs(listener + " " + q(path) + " " + SP + " touch " + q(d / "ran")));
    EXPECT_EQ(r.status(), 111) << listener << " over a live socket of type " << type << "\n" << r;
    EXPECT_NE(r.err.find(path), std::string::npos) << r;
    EXPECT_EQ(lstat_of(path).ino, ino) << listener << " replaced a live socket of type " << type;
    ::unlink(path.c_str());
  }
  EXPECT_FALSE(exists(d / "ran"));
}

// A server between its bind() and its listen() refuses stream connections
// as a stale socket would; it is in use all the same, and keeps its name.
TEST(LocalSocketListen, BoundSocketNotYetListeningIsLeftAlone) {
  TempDir d;
  const std::string path = d / "binding.sock";
  UnixServer binding(path, SOCK_STREAM, /*listening=*/false);
  const ino_t ino = lstat_of(path).ino;
  const Result r = run(cs("local-stream-listen " + q(path) + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find(path), std::string::npos) << r;
  EXPECT_EQ(lstat_of(path).ino, ino) << "the bound socket was replaced";
  EXPECT_FALSE(exists(d / "ran"));
  // It still gets its connections once it listens.
  ASSERT_EQ(::listen(binding.fd(), 1), 0);
  const int c = connect_unix(path, SOCK_STREAM);
  EXPECT_GE(c, 0) << std::strerror(errno);
  if (c >= 0) ::close(c);
}

// The directory is looked at only when bind fails: the error still names it.
TEST(LocalSocketListen, MissingOrNonDirectoryParentIsNamed) {
  TempDir d;
  d.write("file", "x\n");
  for (const auto& [dir, why] : {std::pair<std::string, std::string>{d / "missing", "No such file or directory"},
                                 {d / "file", "Not a directory"}}) {
    const Result r = run(cs("local-stream-listen " + q(dir + "/s.sock") + " " + SP + " touch " + q(d / "ran")));
    EXPECT_EQ(r.status(), 111) << r;
    EXPECT_NE(r.err.find("local-stream-socket-listen: directory " + dir + " of " + dir + "/s.sock: " + why),
              std::string::npos)
        << r;
    EXPECT_FALSE(exists(d / "ran"));
  }
}

TEST(LocalSocketListen, RegularFileIsRefusedAndLeftUntouched) {
  TempDir d;
  const std::string path = d / "file";
  d.write("file", "precious content\n");
  ::chmod(path.c_str(), 0604);
  const Result r = run(cs("local-stream-listen " + q(path) + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("local-stream-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find(path), std::string::npos) << r;
  EXPECT_EQ(read_file(path), "precious content\n");
  const stat_result st = lstat_of(path);
  EXPECT_TRUE(S_ISREG(st.mode));
  EXPECT_EQ(st.mode & 07777, 0604u);
  EXPECT_FALSE(exists(d / "ran"));
  EXPECT_EQ(dir_entries(d.path()), std::vector<std::string>{"file"});
}

TEST(LocalSocketListen, DirectoryIsRefusedAndLeftUntouched) {
  TempDir d;
  const std::string path = d / "dir";
  ASSERT_EQ(::mkdir(path.c_str(), 0755), 0);
  d.write("dir/inside", "x");
  const Result r = run(cs("local-seqpacket-listen " + q(path) + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("local-seqpacket-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find(path), std::string::npos) << r;
  EXPECT_TRUE(S_ISDIR(lstat_of(path).mode));
  EXPECT_EQ(read_file(path + "/inside"), "x");
  EXPECT_FALSE(exists(d / "ran"));
  EXPECT_EQ(dir_entries(d.path()), std::vector<std::string>{"dir"});
}

TEST(LocalSocketListen, SymlinkIsRefusedAndLeftUntouched) {
  TempDir d;
  const std::string target = d / "target";
  d.write("target", "target content");
  const std::string link = d / "link";
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  const std::string dangling = d / "dangling";
  ASSERT_EQ(::symlink((d / "nowhere").c_str(), dangling.c_str()), 0);
  for (const std::string& path : {link, dangling}) {
    const Result r = run(cs("local-datagram-listen " + q(path) + " " + SP + " touch " + q(d / "ran")));
    EXPECT_EQ(r.status(), 111) << r;
    EXPECT_NE(r.err.find("local-datagram-socket-listen"), std::string::npos) << r;
    EXPECT_NE(r.err.find(path), std::string::npos) << r;
    EXPECT_TRUE(S_ISLNK(lstat_of(path).mode)) << path;
  }
  char buf[4096];
  const ssize_t n = ::readlink(link.c_str(), buf, sizeof buf);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, static_cast<size_t>(n)), target);
  EXPECT_EQ(read_file(target), "target content");
  EXPECT_FALSE(exists(d / "nowhere"));
  EXPECT_FALSE(exists(d / "ran"));
  EXPECT_EQ(dir_entries(d.path()), (std::vector<std::string>{"dangling", "link", "target"}));
}

TEST(LocalSocketListen, MissingParentDirectoryFailsNamingIt) {
  TempDir d;
  const std::string parent = d / "missing";
  const Result r = run(cs("local-stream-listen " + q(parent + "/s.sock") + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 111) << r;
  EXPECT_NE(r.err.find("local-stream-socket-listen"), std::string::npos) << r;
  EXPECT_NE(r.err.find(parent), std::string::npos) << r;
  EXPECT_NE(r.err.find(std::strerror(ENOENT)), std::string::npos) << r;
  EXPECT_TRUE(dir_entries(d.path()).empty());
}

TEST(LocalSocketListen, ParentReachedThroughASymlinkIsFine) {
  // /var/run -> /run is the usual case: a symlink to a directory is a directory.
  TempDir d;
  ASSERT_EQ(::mkdir((d / "real").c_str(), 0755), 0);
  ASSERT_EQ(::symlink((d / "real").c_str(), (d / "link").c_str()), 0);
  const std::string path = d / "link/s.sock";
  Proc p(cs("local-stream-listen " + q(path) + " " + SP + " print-fds accept-echo 3"));
  if (reported_fd(p, 3)) {
    EXPECT_EQ(exchange(connect_unix(path, SOCK_STREAM), "via\n"), "echo:via\n");
  }
  const Result r = p.finish();
  EXPECT_EQ(r.status(), 0) << r;
  EXPECT_TRUE(S_ISSOCK(lstat_of(d / "real/s.sock").mode));
}

TEST(LocalSocketListen, PathLongerThanSunPathIsAUsageError) {
  TempDir d;
  const size_t max = sizeof(sockaddr_un{}.sun_path) - 1;  // 107 bytes and a NUL
  const std::string base = d.path() + "/";
  const std::string too_long = base + std::string(max + 1 - base.size(), 'x');
  ASSERT_EQ(too_long.size(), max + 1);
  const Result r = run(cs("local-stream-listen " + q(too_long) + " " + SP + " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 100) << r;
  EXPECT_NE(r.err.find("local-stream-socket-listen"), std::string::npos) << r;
  EXPECT_TRUE(dir_entries(d.path()).empty());
  // The longest path that fits works.
  const std::string longest = base + std::string(max - base.size(), 'y');
  const Result ok = run(cs("local-stream-listen " + q(longest) + " " + SP + " print-fds"));
  EXPECT_EQ(ok.status(), 0) << ok;
  EXPECT_TRUE(S_ISSOCK(lstat_of(longest).mode));
  EXPECT_EQ(dir_entries(d.path()), std::vector<std::string>{longest.substr(base.size())});
}

TEST(LocalSocketListen, ALaterMistakeCreatesNothing) {
  TempDir d;
  const Result r = run(cs("local-stream-listen " + q(d / "first.sock") + " tcp-listen --bogus 127.0.0.1 0 " + SP +
                          " touch " + q(d / "ran")));
  EXPECT_EQ(r.status(), 100) << r;
  EXPECT_NE(r.err.find("tcp-socket-listen"), std::string::npos) << r;
  EXPECT_TRUE(dir_entries(d.path()).empty()) << "the first listener ran before the script was validated";
}

TEST(LocalSocketListen, DryRunShowsThePlanAndCreatesNothing) {
  TempDir d;
  const std::string path = d / "planned.sock";
  Proc p(cs("local-stream-listen --systemd-compatibility --name ctl --mode 0600 " + q(path) + " " + SP + " touch " +
                q(d / "ran"),
            {"-n"}));
  const Result r = p.finish();
  ASSERT_EQ(r.status(), 0) << r;
  for (const std::string& step : std::vector<std::string>{
           "local-stream-socket-listen: socket family=unix type=stream protocol=0 -> fd 3", "umask mask=0177",
           "bind fd=3 address=" + path, "listen fd=3 backlog=", "setenv LISTEN_FDNAMES=ctl", "setenv LISTEN_FDS=1",
           "setenv LISTEN_PID=" + std::to_string(p.pid()), "exec program=" + socket_peer})
    EXPECT_NE(r.out.find(step), std::string::npos) << "missing: " << step << "\n" << r;
  EXPECT_TRUE(dir_entries(d.path()).empty()) << "the dry run created something";
}

TEST(LocalSocketListen, TraceShowsTheSocketPutInPlace) {
  TempDir d;
  const std::string path = d / "traced.sock";
  const Result r = run(cs("local-seqpacket-listen --systemd-compatibility " + q(path) + " " + SP + " print-fds", {"-x"}));
  ASSERT_EQ(r.status(), 0) << r;
  EXPECT_NE(r.err.find("socket family=unix type=seqpacket protocol=0 -> fd 3"), std::string::npos) << r;
  EXPECT_NE(r.err.find("bind fd=3 address=" + path + " -> bound " + path), std::string::npos) << r;
  EXPECT_NE(r.err.find("setenv LISTEN_FDS=1"), std::string::npos) << r;
}
