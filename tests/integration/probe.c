/* probe: the program the integration tests' scripts exec at the end of their
 * chain. It reports what it inherited, one fact a line:
 *
 *   fd N cloexec|inherit KIND TARGET   every open fd but the one reading
 *                                      /proc/self/fd, in order; KIND is
 *                                      socket, pipe, file, chr, dir, blk or
 *                                      other (fstat); TARGET is readlink
 *   argc N
 *   argv I WORD                        every argv word
 *   env NAME=VALUE | unset NAME        for every argv word after argv[0]
 *   environ NAME=VALUE                 the whole environment, in order
 *   sigblk HEX / sigign HEX            SigBlk and SigIgn of /proc/self/status
 *   cwd DIR
 *   umask OOOO
 *
 * The report is built in memory after the fds have been listed, then written
 * to fd 1, or, when PROBE_OUT is set, to that file (created or truncated), so
 * that scripts may close or move fd 1. Exit 0, or 111 if it cannot write.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static char *report;
static size_t report_len, report_cap;

static void say(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *line = NULL;
  const int n = vasprintf(&line, fmt, ap);
  va_end(ap);
  if (n < 0) exit(111);
  if (report_len + (size_t)n + 1 > report_cap) {
    report_cap = (report_len + (size_t)n + 1) * 2;
    report = realloc(report, report_cap);
    if (!report) exit(111);
  }
  memcpy(report + report_len, line, (size_t)n);
  report_len += (size_t)n;
  free(line);
}

static int compare_ints(const void *a, const void *b) {
  const int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static const char *kind_of(int fd) {
  struct stat st;
  if (fstat(fd, &st) < 0) return "unknown";
  if (S_ISSOCK(st.st_mode)) return "socket";
  if (S_ISFIFO(st.st_mode)) return "pipe";
  if (S_ISREG(st.st_mode)) return "file";
  if (S_ISCHR(st.st_mode)) return "chr";
  if (S_ISDIR(st.st_mode)) return "dir";
  if (S_ISBLK(st.st_mode)) return "blk";
  return "other";
}

static void list_fds(void) {
  int fds[4096];
  size_t count = 0;
  DIR *d = opendir("/proc/self/fd");
  if (!d) {
    say("error opendir /proc/self/fd\n");
    return;
  }
  const int own = dirfd(d);
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    const int fd = atoi(e->d_name);
    if (fd == own || count == sizeof fds / sizeof fds[0]) continue;
    fds[count++] = fd;
  }
  /* Everything about the fds is read before closing the directory. */
  qsort(fds, count, sizeof fds[0], compare_ints);
  for (size_t i = 0; i < count; ++i) {
    const int flags = fcntl(fds[i], F_GETFD);
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fds[i]);
    const ssize_t n = readlink(link, target, sizeof target - 1);
    target[n < 0 ? 0 : n] = '\0';
    say("fd %d %s %s %s\n", fds[i], flags >= 0 && (flags & FD_CLOEXEC) ? "cloexec" : "inherit", kind_of(fds[i]),
        target);
  }
  closedir(d);
}

static void signal_masks(void) {
  FILE *f = fopen("/proc/self/status", "re");
  if (!f) return;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    char value[256];
    if (sscanf(line, "SigBlk: %255s", value) == 1) say("sigblk %s\n", value);
    if (sscanf(line, "SigIgn: %255s", value) == 1) say("sigign %s\n", value);
  }
  fclose(f);
}

int main(int argc, char **argv) {
  list_fds();
  say("argc %d\n", argc);
  for (int i = 0; i < argc; ++i) say("argv %d %s\n", i, argv[i]);
  for (int i = 1; i < argc; ++i) {
    const char *v = getenv(argv[i]);
    if (v)
      say("env %s=%s\n", argv[i], v);
    else
      say("unset %s\n", argv[i]);
  }
  for (char **e = environ; e && *e; ++e) say("environ %s\n", *e);
  signal_masks();
  char cwd[4096];
  if (getcwd(cwd, sizeof cwd)) say("cwd %s\n", cwd);
  const mode_t mask = umask(0);
  umask(mask);
  say("umask %04o\n", (unsigned)mask);

  int out = 1;
  const char *path = getenv("PROBE_OUT");
  if (path && *path) {
    out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) return 111;
  }
  size_t done = 0;
  while (done < report_len) {
    const ssize_t n = write(out, report + done, report_len - done);
    if (n <= 0) return 111;
    done += (size_t)n;
  }
  return 0;
}
