/* socket_peer: the final program of the chains under test. It runs the
 * instructions on its argv in order, prints what it sees on stdout (one
 * flushed line per fact) and serves at most one connection or datagram per
 * instruction, every wait bounded by a timeout. The test is the client.
 *
 *   touch PATH               create PATH (proves the program ran)
 *   print-pid                "pid N"
 *   print-env VAR...         "env VAR=VALUE" or "env VAR unset"
 *   print-fds                "fd N cloexec=C nonblock=B [socket family=F type=T listening=L addr=A]"
 *   print-sockname FD        "sockname FD ADDR"
 *   sockopt FD NAME...       "sockopt FD NAME=VALUE" (VALUE "error:..." when getsockopt fails)
 *   accept-echo FD           accept one connection, read up to '\n' (or one
 *                            message), answer "echo:" + what was read, close
 *   recv-echo FD             receive one datagram, answer "echo:" + it to the sender
 *   netlink-wait FD          read netlink messages until an RTM_NEWLINK for an
 *                            interface that is up: "netlink RTM_NEWLINK ifname=lo up"
 *   print-environ            "environ NAME=VALUE" for each variable, in environ's order
 *   print-signals            "signals blocked=HEX ignored=HEX umask=OOO" (SigBlk and
 *                            SigIgn of /proc/self/status, and the umask)
 *   try-setuid0              "setuid0 failed" or "setuid0 succeeded"
 *   print-ids                "ids uid=U gid=G"
 *   wait-line                read stdin up to '\n' or its end: "got LINE" (or
 *                            "got EOF"); a connection's child waits so for its client
 *
 * Exit status 0 when every instruction succeeded, 1 otherwise (the reason on
 * stderr), 2 for a bad instruction.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define TIMEOUT_MS 10000

static int failed = 0;

static void fail(const char *what) {
  fprintf(stderr, "socket_peer: %s: %s\n", what, strerror(errno));
  failed = 1;
}

static int to_fd(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < 0 || v > 65535) {
    fprintf(stderr, "socket_peer: bad fd %s\n", s);
    exit(2);
  }
  return (int)v;
}

static void describe(const struct sockaddr *sa, socklen_t len, char *out, size_t size) {
  char buf[INET6_ADDRSTRLEN] = "";
  switch (sa->sa_family) {
    case AF_INET: {
      const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
      inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
      snprintf(out, size, "%s:%u", buf, ntohs(in->sin_port));
      return;
    }
    case AF_INET6: {
      const struct sockaddr_in6 *in = (const struct sockaddr_in6 *)sa;
      inet_ntop(AF_INET6, &in->sin6_addr, buf, sizeof buf);
      snprintf(out, size, "[%s]:%u", buf, ntohs(in->sin6_port));
      return;
    }
    case AF_UNIX: {
      const struct sockaddr_un *un = (const struct sockaddr_un *)sa;
      size_t n = len > offsetof(struct sockaddr_un, sun_path) ? len - offsetof(struct sockaddr_un, sun_path) : 0;
      if (n == 0) {
        snprintf(out, size, "(unnamed)");
        return;
      }
      snprintf(out, size, "%.*s", (int)strnlen(un->sun_path, n), un->sun_path);
      return;
    }
    case AF_NETLINK: {
      const struct sockaddr_nl *nl = (const struct sockaddr_nl *)sa;
      snprintf(out, size, "netlink-groups=0x%x", nl->nl_groups);
      return;
    }
    default:
      snprintf(out, size, "family-%d", sa->sa_family);
  }
}

static const char *family_name(int f) {
  switch (f) {
    case AF_INET: return "inet";
    case AF_INET6: return "inet6";
    case AF_UNIX: return "unix";
    case AF_NETLINK: return "netlink";
    default: return "other";
  }
}

static const char *type_name(int t) {
  switch (t) {
    case SOCK_STREAM: return "stream";
    case SOCK_DGRAM: return "dgram";
    case SOCK_SEQPACKET: return "seqpacket";
    case SOCK_RAW: return "raw";
    default: return "other";
  }
}

static int getint(int fd, int level, int name, int *v) {
  socklen_t l = sizeof *v;
  *v = 0;
  return getsockopt(fd, level, name, v, &l);
}

static void print_fds(void) {
  for (int fd = 0; fd < 1024; ++fd) {
    const int fdfl = fcntl(fd, F_GETFD);
    if (fdfl < 0) continue;
    const int fl = fcntl(fd, F_GETFL);
    printf("fd %d cloexec=%d nonblock=%d", fd, (fdfl & FD_CLOEXEC) ? 1 : 0, (fl & O_NONBLOCK) ? 1 : 0);
    int domain, type, acc;
    if (getint(fd, SOL_SOCKET, SO_DOMAIN, &domain) == 0 && getint(fd, SOL_SOCKET, SO_TYPE, &type) == 0) {
      getint(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc);
      struct sockaddr_storage ss;
      socklen_t len = sizeof ss;
      char addr[256] = "?";
      memset(&ss, 0, sizeof ss);
      if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) describe((struct sockaddr *)&ss, len, addr, sizeof addr);
      printf(" socket family=%s type=%s listening=%d addr=%s", family_name(domain), type_name(type), acc, addr);
    }
    printf("\n");
  }
}

static void print_sockname(int fd) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  char addr[256];
  memset(&ss, 0, sizeof ss);
  if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0) {
    fail("getsockname");
    return;
  }
  describe((struct sockaddr *)&ss, len, addr, sizeof addr);
  printf("sockname %d %s\n", fd, addr);
}

struct opt {
  const char *name;
  int level, opt;
  int kind; /* 0 int, 1 string, 2 netlink membership bitmap, 3 a listener's backlog (TCP_INFO) */
};

static const struct opt opts[] = {
    {"SO_REUSEADDR", SOL_SOCKET, SO_REUSEADDR, 0},
    {"SO_REUSEPORT", SOL_SOCKET, SO_REUSEPORT, 0},
    {"SO_RCVBUF", SOL_SOCKET, SO_RCVBUF, 0},
    {"SO_SNDBUF", SOL_SOCKET, SO_SNDBUF, 0},
    {"SO_KEEPALIVE", SOL_SOCKET, SO_KEEPALIVE, 0},
    {"SO_MARK", SOL_SOCKET, SO_MARK, 0},
    {"SO_BROADCAST", SOL_SOCKET, SO_BROADCAST, 0},
    {"SO_PASSCRED", SOL_SOCKET, SO_PASSCRED, 0},
    {"SO_PASSSEC", SOL_SOCKET, SO_PASSSEC, 0},
    {"SO_ACCEPTCONN", SOL_SOCKET, SO_ACCEPTCONN, 0},
    {"SO_TYPE", SOL_SOCKET, SO_TYPE, 0},
    {"SO_PROTOCOL", SOL_SOCKET, SO_PROTOCOL, 0},
    {"SO_DOMAIN", SOL_SOCKET, SO_DOMAIN, 0},
    {"SO_BINDTODEVICE", SOL_SOCKET, SO_BINDTODEVICE, 1},
    {"IPV6_V6ONLY", IPPROTO_IPV6, IPV6_V6ONLY, 0},
    {"IP_FREEBIND", IPPROTO_IP, IP_FREEBIND, 0},
    {"IPV6_FREEBIND", IPPROTO_IPV6, IPV6_FREEBIND, 0},
    {"IP_TRANSPARENT", IPPROTO_IP, IP_TRANSPARENT, 0},
    {"IPV6_TRANSPARENT", IPPROTO_IPV6, IPV6_TRANSPARENT, 0},
    {"IP_PKTINFO", IPPROTO_IP, IP_PKTINFO, 0},
    {"IPV6_RECVPKTINFO", IPPROTO_IPV6, IPV6_RECVPKTINFO, 0},
    {"TCP_NODELAY", IPPROTO_TCP, TCP_NODELAY, 0},
    {"TCP_DEFER_ACCEPT", IPPROTO_TCP, TCP_DEFER_ACCEPT, 0},
    {"TCP_FASTOPEN", IPPROTO_TCP, TCP_FASTOPEN, 0},
    {"NETLINK_LIST_MEMBERSHIPS", SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, 2},
    /* For a listening TCP socket the kernel reports sk_max_ack_backlog, the
     * backlog given to listen(), in tcpi_sacked. */
    {"TCP_MAX_BACKLOG", IPPROTO_TCP, TCP_INFO, 3},
};

static void print_sockopt(int fd, const char *name) {
  for (size_t i = 0; i < sizeof opts / sizeof opts[0]; ++i) {
    if (strcmp(opts[i].name, name) != 0) continue;
    if (opts[i].kind == 1) {
      char dev[IFNAMSIZ + 1] = "";
      socklen_t l = IFNAMSIZ;
      if (getsockopt(fd, opts[i].level, opts[i].opt, dev, &l) < 0)
        printf("sockopt %d %s=error:%s\n", fd, name, strerror(errno));
      else
        printf("sockopt %d %s=%.*s\n", fd, name, (int)strnlen(dev, l), dev);
    } else if (opts[i].kind == 2) {
      unsigned int words[8];
      socklen_t l = sizeof words;
      memset(words, 0, sizeof words);
      if (getsockopt(fd, opts[i].level, opts[i].opt, words, &l) < 0)
        printf("sockopt %d %s=error:%s\n", fd, name, strerror(errno));
      else
        printf("sockopt %d %s=0x%x\n", fd, name, words[0]);
    } else if (opts[i].kind == 3) {
      struct tcp_info ti;
      socklen_t l = sizeof ti;
      memset(&ti, 0, sizeof ti);
      if (getsockopt(fd, opts[i].level, opts[i].opt, &ti, &l) < 0)
        printf("sockopt %d %s=error:%s\n", fd, name, strerror(errno));
      else
        printf("sockopt %d %s=%u\n", fd, name, ti.tcpi_sacked);
    } else {
      int v;
      if (getint(fd, opts[i].level, opts[i].opt, &v) < 0)
        printf("sockopt %d %s=error:%s\n", fd, name, strerror(errno));
      else
        printf("sockopt %d %s=%d\n", fd, name, v);
    }
    return;
  }
  fprintf(stderr, "socket_peer: unknown socket option %s\n", name);
  exit(2);
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is readable, at most until deadline. */
static int wait_readable(int fd, long long deadline) {
  for (;;) {
    long long left = deadline - now_ms();
    if (left <= 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, (int)left);
    if (r > 0) return 0;
    if (r < 0 && errno != EINTR) return -1;
  }
}

static void accept_echo(int fd) {
  const long long deadline = now_ms() + TIMEOUT_MS;
  if (wait_readable(fd, deadline) < 0) {
    fail("accept-echo: no connection");
    return;
  }
  int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
  if (c < 0) {
    fail("accept-echo: accept");
    return;
  }
  /* The accepted socket may inherit nothing, but make it blocking anyway. */
  fcntl(c, F_SETFL, fcntl(c, F_GETFL) & ~O_NONBLOCK);
  char buf[4096];
  size_t got = 0;
  strcpy(buf, "echo:");
  got = 5;
  for (;;) {
    if (wait_readable(c, deadline) < 0) {
      fail("accept-echo: no data");
      close(c);
      return;
    }
    ssize_t n = recv(c, buf + got, sizeof buf - got - 1, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      fail("accept-echo: recv");
      close(c);
      return;
    }
    got += (size_t)n;
    /* One recv is one message on a seqpacket socket; a stream ends its line with '\n'. */
    int type = 0;
    getint(c, SOL_SOCKET, SO_TYPE, &type);
    if (n == 0 || type == SOCK_SEQPACKET || memchr(buf + 5, '\n', got - 5) || got >= sizeof buf - 1) break;
  }
  if (send(c, buf, got, MSG_NOSIGNAL) < 0) fail("accept-echo: send");
  printf("served %d\n", fd);
  close(c);
}

static void recv_echo(int fd) {
  const long long deadline = now_ms() + TIMEOUT_MS;
  if (wait_readable(fd, deadline) < 0) {
    fail("recv-echo: no datagram");
    return;
  }
  char buf[4096];
  strcpy(buf, "echo:");
  struct sockaddr_storage from;
  socklen_t fromlen = sizeof from;
  memset(&from, 0, sizeof from);
  ssize_t n = recvfrom(fd, buf + 5, sizeof buf - 6, MSG_DONTWAIT, (struct sockaddr *)&from, &fromlen);
  if (n < 0) {
    fail("recv-echo: recvfrom");
    return;
  }
  if (sendto(fd, buf, (size_t)n + 5, MSG_NOSIGNAL, (struct sockaddr *)&from, fromlen) < 0) fail("recv-echo: sendto");
  printf("served %d\n", fd);
}

static void netlink_wait(int fd) {
  const long long deadline = now_ms() + TIMEOUT_MS;
  char buf[65536];
  for (;;) {
    if (wait_readable(fd, deadline) < 0) {
      fail("netlink-wait: no RTM_NEWLINK for an interface that is up");
      return;
    }
    ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      fail("netlink-wait: recv");
      return;
    }
    for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type != RTM_NEWLINK) {
        printf("netlink type=%u\n", h->nlmsg_type);
        continue;
      }
      struct ifinfomsg *ifi = NLMSG_DATA(h);
      const char *name = "?";
      int len = (int)IFLA_PAYLOAD(h);
      for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len))
        if (a->rta_type == IFLA_IFNAME) name = RTA_DATA(a);
      const int up = (ifi->ifi_flags & IFF_UP) != 0;
      printf("netlink RTM_NEWLINK ifname=%s %s\n", name, up ? "up" : "down");
      if (up) return;
    }
  }
}

static void wait_line(void) {
  char line[512];
  size_t n = 0;
  struct pollfd p = {0, POLLIN, 0};
  while (n + 1 < sizeof line) {
    if (poll(&p, 1, TIMEOUT_MS) != 1) {
      fail("wait-line: nothing within the timeout");
      return;
    }
    const ssize_t r = read(0, line + n, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0 || line[n] == '\n') break;
    ++n;
  }
  line[n] = '\0';
  if (n == 0) printf("got EOF\n");
  else printf("got %s\n", line);
}

extern char **environ;

static void print_signals(void) {
  char line[256], blocked[64] = "?", ignored[64] = "?";
  FILE *f = fopen("/proc/self/status", "re");
  while (f && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    if (!strncmp(line, "SigBlk:\t", 8)) snprintf(blocked, sizeof blocked, "%s", line + 8);
    if (!strncmp(line, "SigIgn:\t", 8)) snprintf(ignored, sizeof ignored, "%s", line + 8);
  }
  if (f) fclose(f);
  const mode_t mask = umask(022);
  umask(mask);
  printf("signals blocked=%s ignored=%s umask=%03o\n", blocked, ignored, (unsigned)mask);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  for (int i = 1; i < argc; ++i) {
    const char *cmd = argv[i];
    const int more = argc - i - 1;
    if (!strcmp(cmd, "touch") && more >= 1) {
      int fd = open(argv[++i], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0) fail("touch");
      else close(fd);
    } else if (!strcmp(cmd, "print-pid")) {
      printf("pid %ld\n", (long)getpid());
    } else if (!strcmp(cmd, "print-env")) {
      while (i + 1 < argc && strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ_", argv[i + 1][0]) && argv[i + 1][0]) {
        const char *v = getenv(argv[++i]);
        if (v) printf("env %s=%s\n", argv[i], v);
        else printf("env %s unset\n", argv[i]);
      }
    } else if (!strcmp(cmd, "print-fds")) {
      print_fds();
    } else if (!strcmp(cmd, "print-sockname") && more >= 1) {
      print_sockname(to_fd(argv[++i]));
    } else if (!strcmp(cmd, "sockopt") && more >= 2) {
      const int fd = to_fd(argv[++i]);
      while (i + 1 < argc && (!strncmp(argv[i + 1], "SO_", 3) || !strncmp(argv[i + 1], "IP", 2) ||
                              !strncmp(argv[i + 1], "TCP_", 4) || !strncmp(argv[i + 1], "NETLINK_", 8)))
        print_sockopt(fd, argv[++i]);
    } else if (!strcmp(cmd, "accept-echo") && more >= 1) {
      accept_echo(to_fd(argv[++i]));
    } else if (!strcmp(cmd, "recv-echo") && more >= 1) {
      recv_echo(to_fd(argv[++i]));
    } else if (!strcmp(cmd, "netlink-wait") && more >= 1) {
      netlink_wait(to_fd(argv[++i]));
    } else if (!strcmp(cmd, "print-ids")) {
      printf("ids uid=%ld gid=%ld\n", (long)getuid(), (long)getgid());
    } else if (!strcmp(cmd, "wait-line")) {
      wait_line();
    } else if (!strcmp(cmd, "print-environ")) {
      for (char **e = environ; *e; ++e) printf("environ %s\n", *e);
    } else if (!strcmp(cmd, "print-signals")) {
      print_signals();
    } else if (!strcmp(cmd, "try-setuid0")) {
      printf("setuid0 %s\n", setuid(0) == 0 || seteuid(0) == 0 ? "succeeded" : "failed");
    } else {
      fprintf(stderr, "socket_peer: bad instruction %s\n", cmd);
      return 2;
    }
    fflush(stdout);
  }
  return failed;
}
