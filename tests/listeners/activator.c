/* activator: a minimal socket activator, as systemd or a super-server would
 * be. It opens a listening Unix stream socket at PATH, puts it at fd 3 (not
 * close-on-exec), sets the activation environment and execs PROG, keeping its
 * pid, so that LISTEN_PID names the process that runs PROG.
 *
 *   activator PATH [--pid self|N|STRING] [--fds N|STRING] [--names STRING] -- PROG ARGS...
 *
 * --pid self (the default) sets LISTEN_PID to the activator's own pid, any
 * other value is set as given; --fds (default 1) and --names likewise.
 * Exit 111 when the socket cannot be made, 127 when PROG cannot be executed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int die(const char *what, int code) {
  fprintf(stderr, "activator: %s: %s\n", what, strerror(errno));
  return code;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: activator PATH [--pid P] [--fds N] [--names S] -- PROG...\n");
    return 100;
  }
  const char *path = argv[1];
  const char *pid = "self", *fds = "1", *names = NULL;
  int i = 2;
  for (; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
    if (i + 1 >= argc) return 100;
    if (!strcmp(argv[i], "--pid")) pid = argv[i + 1];
    else if (!strcmp(argv[i], "--fds")) fds = argv[i + 1];
    else if (!strcmp(argv[i], "--names")) names = argv[i + 1];
    else return 100;
  }
  if (i + 1 >= argc) return 100;
  char **prog = argv + i + 1;

  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  if (strlen(path) >= sizeof a.sun_path) return 100;
  strcpy(a.sun_path, path);
  unlink(path);
  const int s = socket(AF_UNIX, SOCK_STREAM, 0);
  if (s < 0) return die("socket", 111);
  if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) return die("bind", 111);
  if (listen(s, 5) < 0) return die("listen", 111);
  if (s != 3) {
    if (dup2(s, 3) < 0) return die("dup2", 111);
    close(s);
  }
  if (fcntl(3, F_SETFD, 0) < 0) return die("fcntl", 111);

  char buf[32];
  if (!strcmp(pid, "self")) {
    snprintf(buf, sizeof buf, "%ld", (long)getpid());
    pid = buf;
  }
  setenv("LISTEN_PID", pid, 1);
  setenv("LISTEN_FDS", fds, 1);
  if (names) setenv("LISTEN_FDNAMES", names, 1);
  else unsetenv("LISTEN_FDNAMES");
  execv(prog[0], prog);
  return die(prog[0], 127);
}
