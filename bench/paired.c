/* Paired timing of whole commands: each round runs every command once, in
   an order shuffled afresh each round, so that the drift of a shared
   machine falls on all of them alike; the ratio of two commands is then
   taken round by round and its median quoted.

   usage: paired [-r RUNS] [-w WARMUP] [-j FILE.json] [-b BLOCKS -d FILE...]
                 NAME=COMMAND...
   COMMAND is split at blanks (no quoting). The first NAME is the numerator
   of every ratio. Each command's stdout and stderr go to /dev/null; a
   command that exits other than 0 stops the benchmark.

   -b and -d: the rounds in BLOCKS blocks; before each, every FILE (the
   commands' executables and libraries) leaves the page cache
   (POSIX_FADV_DONTNEED: clean pages no process maps), to be read back by
   the block's first runs, which are not counted. Where a file's pages sit
   in memory moves its start by several percent: the same binary measured
   4% slower after an hour in the cache than read afresh, and 2% apart
   between two fresh reads. Each block is a new draw for every command. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

struct command {
  const char* name;
  char* text;
  char** argv;
  double *wall, *cpu, *rss; /* per round: microseconds, microseconds, KiB */
};

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int by_value(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static double median(const double* v, int n) {
  double* s = malloc(sizeof *s * (size_t)n);
  memcpy(s, v, sizeof *s * (size_t)n);
  qsort(s, (size_t)n, sizeof *s, by_value);
  const double m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  free(s);
  return m;
}

static double minimum(const double* v, int n) {
  double m = v[0];
  for (int i = 1; i < n; ++i)
    if (v[i] < m) m = v[i];
  return m;
}

/* Drops FILE's clean, unmapped pages from the page cache. */
static void drop_cached(const char* file) {
  const int fd = open(file, O_RDONLY | O_CLOEXEC);
  const int e = fd < 0 ? errno : posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED); /* (returns the error) */
  if (e != 0) {
    fprintf(stderr, "paired: unable to drop %s from the page cache: %s\n", file, strerror(e));
    exit(111);
  }
  close(fd);
}

static char** split(char* text) {
  size_t n = 0, cap = 8;
  char** argv = malloc(sizeof *argv * cap);
  for (char* w = strtok(text, " \t"); w; w = strtok(NULL, " \t")) {
    if (n + 2 > cap) argv = realloc(argv, sizeof *argv * (cap *= 2));
    argv[n++] = w;
  }
  argv[n] = NULL;
  return argv;
}

/* One run: wall time, CPU time and peak RSS of the whole exec chain. */
static void run(struct command* c, int round) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_t pid;
  const double start = now_us();
  int e = posix_spawnp(&pid, c->argv[0], &fa, NULL, c->argv, environ);
  if (e) {
    fprintf(stderr, "paired: %s: unable to start %s: %s\n", c->name, c->argv[0], strerror(e));
    exit(111);
  }
  int status;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0)
    if (errno != EINTR) {
      perror("paired: wait4");
      exit(111);
    }
  const double end = now_us();
  posix_spawn_file_actions_destroy(&fa);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "paired: %s failed (status 0x%x): %s\n", c->name, status, c->text);
    exit(1);
  }
  if (round < 0) return;
  c->wall[round] = end - start;
  c->cpu[round] = ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec * 1e6 + ru.ru_stime.tv_usec;
  c->rss[round] = (double)ru.ru_maxrss;
}

int main(int argc, char** argv) {
  int runs = 300, warmup = 30, blocks = 1, ndrop = 0, opt;
  const char* json = NULL;
  const char** drop = calloc((size_t)argc, sizeof *drop);
  while ((opt = getopt(argc, argv, "r:w:j:b:d:")) != -1) switch (opt) {
      case 'r': runs = atoi(optarg); break;
      case 'w': warmup = atoi(optarg); break;
      case 'j': json = optarg; break;
      case 'b': blocks = atoi(optarg); break;
      case 'd': drop[ndrop++] = optarg; break;
      default: return 100;
    }
  const int n = argc - optind;
  if (n < 1 || runs < 1 || blocks < 1 || blocks > runs) {
    fprintf(stderr, "usage: paired [-r RUNS] [-w WARMUP] [-j FILE] [-b BLOCKS -d FILE...] NAME=COMMAND...\n");
    return 100;
  }
  struct command* cs = calloc((size_t)n, sizeof *cs);
  for (int i = 0; i < n; ++i) {
    char* eq = strchr(argv[optind + i], '=');
    if (!eq) {
      fprintf(stderr, "paired: not NAME=COMMAND: %s\n", argv[optind + i]);
      return 100;
    }
    *eq = 0;
    cs[i].name = argv[optind + i];
    cs[i].text = strdup(eq + 1);
    cs[i].argv = split(eq + 1);
    cs[i].wall = calloc((size_t)runs, sizeof(double));
    cs[i].cpu = calloc((size_t)runs, sizeof(double));
    cs[i].rss = calloc((size_t)runs, sizeof(double));
  }
  for (int r = 0; r < warmup; ++r)
    for (int i = 0; i < n; ++i) run(&cs[i], -1);
  int block = 0;
  /* A new order each round (Fisher-Yates, a fixed seed: runs repeat). Rotating
     the order kept every command's neighbours: the one listed after the
     heaviest always ran right after it, in caches that one had just filled,
     and two copies of one binary differed by 4%. */
  int* order = malloc(sizeof *order * (size_t)n);
  for (int i = 0; i < n; ++i) order[i] = i;
  unsigned long long seed = 0x9e3779b97f4a7c15ull;
  for (int r = 0; r < runs; ++r) {
    if (ndrop > 0 && r * blocks / runs == block) { /* a block begins: files read afresh */
      for (int d = 0; d < ndrop; ++d) drop_cached(drop[d]);
      for (int w = 0; w < 3; ++w)
        for (int i = 0; i < n; ++i) run(&cs[i], -1);
      ++block;
    }
    for (int i = n - 1; i > 0; --i) {
      seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17; /* xorshift64 */
      const int j = (int)(seed % (unsigned long long)(i + 1));
      const int t = order[i];
      order[i] = order[j], order[j] = t;
    }
    for (int k = 0; k < n; ++k) run(&cs[order[k]], r);
  }

  printf("%-28s %12s %10s %12s %10s\n", "command", "median (us)", "min (us)", "cpu med (us)", "RSS (KiB)");
  for (int i = 0; i < n; ++i)
    printf("%-28s %12.0f %10.0f %12.0f %10.0f\n", cs[i].name, median(cs[i].wall, runs), minimum(cs[i].wall, runs),
           median(cs[i].cpu, runs), median(cs[i].rss, runs));
  double* q = malloc(sizeof *q * (size_t)runs);
  double* qc = malloc(sizeof *qc * (size_t)runs);
  double* ratio = calloc((size_t)n, sizeof *ratio);
  double* ratio_cpu = calloc((size_t)n, sizeof *ratio_cpu);
  if (ndrop > 0)
    printf("\nmedian of the per-round ratios (%d rounds, in %d blocks, %d files read afresh before each):\n", runs,
           blocks, ndrop);
  else
    printf("\nmedian of the per-round ratios (%d rounds):\n", runs);
  for (int i = 1; i < n; ++i) {
    for (int r = 0; r < runs; ++r) {
      q[r] = cs[0].wall[r] / cs[i].wall[r];
      qc[r] = cs[i].cpu[r] > 0 ? cs[0].cpu[r] / cs[i].cpu[r] : 0;
    }
    ratio[i] = median(q, runs);
    ratio_cpu[i] = median(qc, runs);
    printf("  %s / %-28s %6.3f  (cpu %.3f)\n", cs[0].name, cs[i].name, ratio[i], ratio_cpu[i]);
  }
  if (json) {
    FILE* f = fopen(json, "w");
    if (!f) {
      perror(json);
      return 111;
    }
    fprintf(f, "{\n  \"runs\": %d,\n  \"warmup\": %d,\n  \"blocks\": %d,\n  \"files_read_afresh\": %d,\n  \"commands\": [\n",
            runs, warmup, ndrop > 0 ? blocks : 1, ndrop);
    for (int i = 0; i < n; ++i)
      fprintf(f,
              "    {\"name\": \"%s\", \"command\": \"%s\", \"median_us\": %.1f, \"min_us\": %.1f, "
              "\"cpu_median_us\": %.1f, \"maxrss_kib\": %.0f}%s\n",
              cs[i].name, cs[i].text, median(cs[i].wall, runs), minimum(cs[i].wall, runs), median(cs[i].cpu, runs),
              median(cs[i].rss, runs), i + 1 < n ? "," : "");
    fprintf(f, "  ],\n  \"ratios\": [\n");
    for (int i = 1; i < n; ++i)
      fprintf(f, "    {\"numerator\": \"%s\", \"denominator\": \"%s\", \"median_wall\": %.4f, \"median_cpu\": %.4f}%s\n",
              cs[0].name, cs[i].name, ratio[i], ratio_cpu[i], i + 1 < n ? "," : "");
    fprintf(f, "  ]\n}\n");
    fclose(f);
  }
  return 0;
}
