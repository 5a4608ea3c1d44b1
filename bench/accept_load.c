/* accept_load: a load generator for super-servers whose service writes a short
 * reply and closes the connection.
 *
 *   accept_load [-c concurrency] [-n total] [-d seconds] [-w warmup]
 *               (-t host:port | -u /path/to/socket)
 *
 * Keeps `concurrency` connections in flight. Each one: non-blocking connect,
 * read until EOF (the bytes are counted and thrown away), close. Its latency
 * is the time from the connect to the EOF (CLOCK_MONOTONIC, microseconds);
 * when a Unix connect finds the backlog full (EAGAIN) it is retried after a
 * short sleep and the latency still runs from the first attempt, since that
 * is what a client waits. The first `warmup` connections are not measured.
 * Stops after `total` connections have been started, or, with -d, when no
 * new connection may start after `seconds` (in-flight ones are finished).
 *
 * Prints one line of JSON:
 *   {"connections":N,"seconds":S,"per_second":R,"p50_us":..,"p99_us":..,
 *    "max_us":..,"errors":E,"bytes":B,"retries":T}
 * connections: measured connections that ended in EOF after >= 1 byte;
 * errors: measured ones that failed (refused, reset, EOF before any byte,
 *   or not over after 10 s);
 * retries: connects retried after EAGAIN/EADDRNOTAVAIL (all, warm-up too);
 * seconds: from the start of the first measured connection to the end of
 * the last one. When there were errors, one line per kind of error goes to
 * stderr. Exit status 0 if there was at least one connection and no
 * error, 1 otherwise (so `accept_load -n 1` is a readiness probe), 2 on
 * usage errors.
 *
 * Build: cc -O2 -o accept_load accept_load.c   (Linux: uses epoll)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { IDLE, IN_FLIGHT, WAITING };

/* A connection must finish within this long, so that a server that accepts
 * and then hangs makes errors instead of hanging the benchmark. */
static const int64_t conn_timeout_us = 10 * 1000000;  /* said "10 s" below */
/* How long to wait before retrying a connect that found the backlog full. */
static const int64_t retry_delay_us = 1000;

struct slot {
	int state;
	int fd;
	uint64_t index;   /* order of start; < warmup means not measured */
	int64_t t_start;  /* first connect attempt */
	int64_t t_retry;  /* WAITING: when to try again */
	uint64_t bytes;
};

static struct sockaddr_storage addr;
static socklen_t addr_len;
static int epfd;

static uint64_t total = 1000, warmup = 0, started = 0;
static int total_given = 0;
static double duration = 0;
static int64_t deadline = 0;  /* 0: none yet */
static int64_t t_begin = -1, t_end = 0;

static uint32_t *lat;  /* latencies of measured successful connections */
static size_t nlat, caplat;
static uint64_t errors, bytes, retries;
/* What the errors were, for a line on stderr: counts by errno (ENODATA
 * stands for "EOF before any byte", ETIMEDOUT for our own timeout). */
static struct { int err; uint64_t n; } kinds[16];

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void usage(void)
{
	fprintf(stderr, "usage: accept_load [-c concurrency] [-n total_connections] "
	                "[-d seconds] [-w warmup_connections] "
	                "(-t host:port | -u /path/to/socket)\n");
	exit(2);
}

static uint64_t number(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-')
		usage();
	return v;
}

static void set_tcp(char *spec)
{
	/* The port follows the last colon, so "[::1]:80" and "::1:80" work too. */
	char *colon = strrchr(spec, ':');
	if (!colon)
		usage();
	*colon = 0;
	char *host = spec;
	size_t hl = strlen(host);
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = 0;
		host++;
	}
	struct addrinfo hints = {0}, *res;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	int r = getaddrinfo(host, colon + 1, &hints, &res);
	if (r) {
		fprintf(stderr, "accept_load: %s:%s: %s\n", host, colon + 1, gai_strerror(r));
		exit(2);
	}
	memcpy(&addr, res->ai_addr, res->ai_addrlen);
	addr_len = res->ai_addrlen;
	freeaddrinfo(res);
}

static void set_unix(const char *path)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)&addr;
	if (strlen(path) >= sizeof sun->sun_path) {
		fprintf(stderr, "accept_load: socket path too long: %s\n", path);
		exit(2);
	}
	sun->sun_family = AF_UNIX;
	strcpy(sun->sun_path, path);
	addr_len = sizeof *sun;
}

static int measured(const struct slot *s) { return s->index >= warmup; }

/* The connection in `s` is over, successfully if err is 0, else with errno
 * err: record it and free the slot. */
static void finish(struct slot *s, int err)
{
	int64_t t = now_us();
	if (s->fd >= 0)
		close(s->fd);  /* also takes it out of the epoll set */
	s->fd = -1;
	s->state = IDLE;
	if (!measured(s))
		return;
	if (t > t_end)
		t_end = t;
	if (err) {
		errors++;
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			if (kinds[k].n == 0 || kinds[k].err == err) {
				kinds[k].err = err;
				kinds[k].n++;
				break;
			}
		}
		return;
	}
	if (nlat == caplat) {
		caplat = caplat ? caplat * 2 : 4096;
		lat = realloc(lat, caplat * sizeof *lat);
		if (!lat) {
			perror("accept_load: realloc");
			exit(111);
		}
	}
	int64_t d = t - s->t_start;
	lat[nlat++] = d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
	bytes += s->bytes;
}

static void try_connect(struct slot *s)
{
	s->fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		/* Out of descriptors (or similar): a transient failure, try later. */
		retries++;
		s->state = WAITING;
		s->t_retry = now_us() + retry_delay_us;
		return;
	}
	if (connect(s->fd, (struct sockaddr *)&addr, addr_len) == 0 || errno == EINPROGRESS) {
		/* Only EPOLLIN: a refused or reset TCP connect is reported as EPOLLERR
		 * anyway, and read() then returns the error. */
		struct epoll_event ev = {.events = EPOLLIN, .data.ptr = s};
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, s->fd, &ev) < 0) {
			perror("accept_load: epoll_ctl");
			exit(111);
		}
		s->state = IN_FLIGHT;
		return;
	}
	if (errno == EAGAIN || errno == EADDRNOTAVAIL || errno == EINTR) {
		/* Unix backlog full, or no ephemeral port free: not the server
		 * refusing, so wait a little and try again. */
		close(s->fd);
		s->fd = -1;
		retries++;
		s->state = WAITING;
		s->t_retry = now_us() + retry_delay_us;
		return;
	}
	finish(s, errno);  /* ECONNREFUSED, ENOENT... */
}

static void start(struct slot *s, int64_t t)
{
	s->index = started++;
	s->t_start = t;
	s->bytes = 0;
	if (measured(s) && t_begin < 0) {
		t_begin = t;
		if (duration > 0)
			deadline = t + (int64_t)(duration * 1e6);
	}
	try_connect(s);
}

static void on_readable(struct slot *s)
{
	char buf[4096];
	for (;;) {
		ssize_t r = read(s->fd, buf, sizeof buf);
		if (r > 0) {
			s->bytes += (uint64_t)r;
		} else if (r == 0) {
			finish(s, s->bytes > 0 ? 0 : ENODATA);
			return;
		} else if (errno == EINTR) {
			continue;
		} else if (errno == EAGAIN) {
			return;
		} else {
			finish(s, errno);  /* ECONNREFUSED, ECONNRESET... */
			return;
		}
	}
}

static int may_start(int64_t t)
{
	if (started >= total)
		return 0;
	return deadline == 0 || t < deadline;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of the sorted latencies. */
static uint32_t percentile(double p)
{
	size_t rank = (size_t)(p / 100.0 * (double)nlat + 0.999999);
	if (rank < 1)
		rank = 1;
	return lat[rank - 1];
}

int main(int argc, char **argv)
{
	unsigned long concurrency = 16;
	int have_target = 0, opt;
	while ((opt = getopt(argc, argv, "c:n:d:w:t:u:")) != -1) {
		switch (opt) {
		case 'c': concurrency = number(optarg); break;
		case 'n': total = number(optarg); total_given = 1; break;
		case 'd': {
			char *end;
			duration = strtod(optarg, &end);
			if (end == optarg || *end || duration <= 0)
				usage();
			break;
		}
		case 'w': warmup = number(optarg); break;
		case 't': set_tcp(optarg); have_target++; break;
		case 'u': set_unix(optarg); have_target++; break;
		default: usage();
		}
	}
	if (have_target != 1 || optind != argc || concurrency < 1 || total < 1)
		usage();
	if (duration > 0 && !total_given)
		total = UINT64_MAX;  /* -d alone: run for the time given */
	else if (warmup >= total)
		usage();
	signal(SIGPIPE, SIG_IGN);

	epfd = epoll_create1(EPOLL_CLOEXEC);
	struct slot *slots = calloc(concurrency, sizeof *slots);
	if (epfd < 0 || !slots) {
		perror("accept_load");
		return 111;
	}
	for (unsigned long i = 0; i < concurrency; i++)
		slots[i].fd = -1;

	for (;;) {
		int64_t t = now_us();
		int busy = 0;
		int64_t wake = t + conn_timeout_us;
		/* One pass over the slots: start new connections, retry the waiting
		 * ones that are due, time out the stuck ones; and find when the next
		 * of these is due. */
		for (unsigned long i = 0; i < concurrency; i++) {
			struct slot *s = &slots[i];
			if (s->state == IDLE && may_start(t))
				start(s, t);
			else if (s->state == WAITING && t >= s->t_retry)
				try_connect(s);
			if (s->state != IDLE && t - s->t_start >= conn_timeout_us)
				finish(s, ETIMEDOUT);
			if (s->state == IDLE)
				continue;
			busy = 1;
			int64_t due = s->state == WAITING ? s->t_retry : s->t_start + conn_timeout_us;
			if (due < wake)
				wake = due;
		}
		if (!busy) {
			/* Every connection of this pass failed at once (say, nothing
			 * listens on the Unix socket): go on starting, or stop. */
			if (may_start(now_us()))
				continue;
			break;
		}

		struct epoll_event evs[64];
		int64_t wait_us = wake - now_us();
		int timeout = wait_us <= 0 ? 0 : (int)((wait_us + 999) / 1000);
		int n = epoll_wait(epfd, evs, 64, timeout);
		if (n < 0 && errno != EINTR) {
			perror("accept_load: epoll_wait");
			return 111;
		}
		for (int i = 0; i < n; i++)
			on_readable(evs[i].data.ptr);
	}

	double seconds = t_begin >= 0 && t_end > t_begin ? (double)(t_end - t_begin) / 1e6 : 0;
	printf("{\"connections\":%zu,\"seconds\":%.3f,", nlat, seconds);
	if (nlat > 0) {
		qsort(lat, nlat, sizeof *lat, cmp_u32);
		printf("\"per_second\":%.1f,\"p50_us\":%u,\"p99_us\":%u,\"max_us\":%u,",
		       seconds > 0 ? (double)nlat / seconds : 0.0, percentile(50), percentile(99),
		       lat[nlat - 1]);
	} else {
		printf("\"per_second\":0,\"p50_us\":null,\"p99_us\":null,\"max_us\":null,");
	}
	printf("\"errors\":%llu,\"bytes\":%llu,\"retries\":%llu}\n", (unsigned long long)errors,
	       (unsigned long long)bytes, (unsigned long long)retries);
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0] && kinds[k].n; k++)
		fprintf(stderr, "accept_load: %llu errors: %s\n", (unsigned long long)kinds[k].n,
		        kinds[k].err == ENODATA     ? "EOF before any byte"
		        : kinds[k].err == ETIMEDOUT ? "not over after 10 s"
		                                    : strerror(kinds[k].err));
	return nlat > 0 && errors == 0 ? 0 : 1;
}
