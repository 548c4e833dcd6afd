/*
 * Chorus benchmark client for Corosync's libcpg (written for the Chorus bench profile).
 *
 * usage: chorus_cpgbench SECONDS SIZE...          throughput, one window per SIZE
 *        chorus_cpgbench -l COUNT WARMUP [SIZE]   idle round-trip latency (SIZE defaults to 64)
 *        chorus_cpgbench -i                       commands on stdin, one per line (what CpgThroughputBench uses):
 *                                                   T SIZE SECONDS | L COUNT WARMUP SIZE | Q
 *                                                 READY is printed after the join and after every command.
 * Joins group "chorus_bench".
 * Throughput: multicasts SIZE-byte messages (CPG_TYPE_AGREED) back to back for SECONDS, retrying CS_ERR_TRY_AGAIN,
 * and counts the deliveries, inside that window, of its own messages of that window (the first 8 bytes of every
 * message carry a window tag). Prints
 *   RESULT size=S delivered=N seconds=T sent=M tryagain=R cpu_us=U
 * (U: this process's user+system CPU time over the window, getrusage), then waits until every message of the window
 * has come back (at most 15 s), so that the next window starts on an idle ring.
 * Latency: WARMUP + COUNT times, multicasts one message and waits until it is delivered back; prints
 *   LATENCY p50_us=.. p99_us=.. n=COUNT
 * over the last COUNT round trips (nearest-rank percentiles).
 */
#include <corosync/cpg.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define WINDOW_BIT 0x8000000000000000ULL

static unsigned int my_nodeid;
static uint32_t my_pid;
static int joined;
static cpg_handle_t handle;
static int cpg_fd;
static struct cpg_name group;

static uint64_t window_tag;              /* tag of the current throughput window (WINDOW_BIT | n) */
static unsigned long long window_delivered;
static uint64_t last_seq = UINT64_MAX;   /* the last latency probe that came back */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static unsigned long long cpu_us(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (unsigned long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000ULL
	       + (unsigned long long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

static void on_deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t nodeid, uint32_t pid, void *msg, size_t len)
{
	uint64_t tag;
	(void)h; (void)g;
	if (nodeid != my_nodeid || pid != my_pid || len < sizeof(tag))
		return;
	memcpy(&tag, msg, sizeof(tag));
	if (tag & WINDOW_BIT) {
		if (tag == window_tag)
			window_delivered++;
	} else {
		last_seq = tag;
	}
}

static void on_confchg(cpg_handle_t h, const struct cpg_name *g,
		       const struct cpg_address *members, size_t n_members,
		       const struct cpg_address *left, size_t n_left,
		       const struct cpg_address *join, size_t n_join)
{
	size_t i;
	(void)h; (void)g; (void)members; (void)n_members; (void)left; (void)n_left;
	for (i = 0; i < n_join; i++)
		if (join[i].nodeid == my_nodeid && join[i].pid == my_pid)
			joined = 1;
}

/* Dispatch what is pending; when nothing is, wait up to wait_ms for the fd. */
static cs_error_t pump(int wait_ms)
{
	struct pollfd p = { .fd = cpg_fd, .events = POLLIN };
	if (wait_ms > 0 && poll(&p, 1, wait_ms) <= 0)
		return CS_OK;
	return cpg_dispatch(handle, CS_DISPATCH_ALL);
}

static int check(cs_error_t rc)
{
	if (rc != CS_OK && rc != CS_ERR_TRY_AGAIN) {
		fprintf(stderr, "cpg error %d\n", rc);
		printf("ERROR cpg error %d\n", rc);
		fflush(stdout);
		return -1;
	}
	return 0;
}

static int join_group(void)
{
	cpg_callbacks_t cb = { .cpg_deliver_fn = on_deliver, .cpg_confchg_fn = on_confchg };
	cs_error_t rc;
	int tries;

	my_pid = (uint32_t)getpid();
	for (tries = 0; (rc = cpg_initialize(&handle, &cb)) == CS_ERR_TRY_AGAIN && tries < 500; tries++)
		usleep(10000);
	if (rc != CS_OK) {
		fprintf(stderr, "cpg_initialize: %d\n", rc);
		return -1;
	}
	if ((rc = cpg_local_get(handle, &my_nodeid)) != CS_OK || (rc = cpg_fd_get(handle, &cpg_fd)) != CS_OK) {
		fprintf(stderr, "cpg_local_get/fd_get: %d\n", rc);
		return -1;
	}
	strcpy(group.value, "chorus_bench");
	group.length = strlen(group.value);
	for (tries = 0; (rc = cpg_join(handle, &group)) == CS_ERR_TRY_AGAIN && tries < 500; tries++)
		usleep(10000);
	if (rc != CS_OK) {
		fprintf(stderr, "cpg_join: %d\n", rc);
		return -1;
	}
	for (tries = 0; !joined && tries < 1000; tries++)
		pump(10);
	if (!joined) {
		fprintf(stderr, "no confchg for our own join\n");
		return -1;
	}
	return 0;
}

static int throughput(size_t size, double seconds)
{
	static uint64_t windows;
	size_t len = size < sizeof(uint64_t) ? sizeof(uint64_t) : size;
	char *buf = calloc(1, len);
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	unsigned long long sent = 0, retries = 0, delivered, cpu0, cpu1;
	double start, end, t, drain;
	cs_error_t rc;

	window_tag = WINDOW_BIT | ++windows;
	memcpy(buf, &window_tag, sizeof(window_tag));
	window_delivered = 0;
	cpu0 = cpu_us();
	start = now();
	end = start + seconds;
	while (now() < end) {
		rc = cpg_mcast_joined(handle, CPG_TYPE_AGREED, &iov, 1);
		if (rc == CS_OK) {
			sent++;
			rc = pump(0);
		} else if (rc == CS_ERR_TRY_AGAIN) {
			retries++;
			rc = pump(1);
		}
		if (check(rc)) {
			free(buf);
			return -1;
		}
	}
	t = now() - start;
	delivered = window_delivered;
	cpu1 = cpu_us();
	printf("RESULT size=%zu delivered=%llu seconds=%.6f sent=%llu tryagain=%llu cpu_us=%llu\n", size, delivered, t,
	       sent, retries, cpu1 - cpu0);
	fflush(stdout);
	drain = now();
	while (window_delivered < sent && now() < drain + 15)
		if (check(pump(10))) {
			free(buf);
			return -1;
		}
	printf("DRAINED delivered=%llu of %llu in %.0f ms\n", window_delivered, sent, (now() - drain) * 1e3);
	fflush(stdout);
	free(buf);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* nearest-rank percentile of sorted values */
static uint64_t rank(const uint64_t *v, int n, int p)
{
	int i = (int)ceil(p / 100.0 * n) - 1;
	if (i < 0)
		i = 0;
	if (i >= n)
		i = n - 1;
	return v[i];
}

static int latency(int count, int warmup, size_t size)
{
	size_t len = size < sizeof(uint64_t) ? sizeof(uint64_t) : size;
	char *buf = calloc(1, len);
	uint64_t *rtt = calloc((size_t)count, sizeof(uint64_t));
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	uint64_t seq, t0, t1;
	cs_error_t rc;
	int i, result = -1;

	for (i = 0; i < warmup + count; i++) {
		seq = (uint64_t)i;
		memcpy(buf, &seq, sizeof(seq));
		t0 = now_ns();
		while ((rc = cpg_mcast_joined(handle, CPG_TYPE_AGREED, &iov, 1)) == CS_ERR_TRY_AGAIN)
			if (check(pump(1)))
				goto out;
		if (check(rc))
			goto out;
		while (last_seq != seq) {
			if (now_ns() - t0 > 5000000000ULL) {
				printf("ERROR probe %d not delivered back within 5 s\n", i);
				fflush(stdout);
				goto out;
			}
			if (check(pump(100)))
				goto out;
		}
		t1 = now_ns();
		if (i >= warmup)
			rtt[i - warmup] = t1 - t0;
	}
	qsort(rtt, (size_t)count, sizeof(uint64_t), cmp_u64);
	printf("LATENCY p50_us=%.1f p99_us=%.1f n=%d\n", rank(rtt, count, 50) / 1e3, rank(rtt, count, 99) / 1e3, count);
	fflush(stdout);
	result = 0;
out:
	free(rtt);
	free(buf);
	return result;
}

static int interactive(void)
{
	char line[256];
	unsigned long size;
	double seconds;
	int count, warmup;

	printf("READY\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		if (sscanf(line, "T %lu %lf", &size, &seconds) == 2) {
			if (throughput(size, seconds))
				return 1;
		} else if (sscanf(line, "L %d %d %lu", &count, &warmup, &size) == 3 && count > 0 && warmup >= 0) {
			if (latency(count, warmup, size))
				return 1;
		} else if (line[0] == 'Q') {
			return 0;
		} else if (line[0] != '\n') {
			printf("ERROR unknown command %s", line);
		}
		printf("READY\n");
		fflush(stdout);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2 || (strcmp(argv[1], "-l") == 0 && argc < 4) || (strcmp(argv[1], "-i") != 0
	    && strcmp(argv[1], "-l") != 0 && argc < 3)) {
		fprintf(stderr, "usage: %s SECONDS SIZE... | -l COUNT WARMUP [SIZE] | -i\n", argv[0]);
		return 2;
	}
	if (join_group())
		return 1;
	if (strcmp(argv[1], "-i") == 0) {
		rc = interactive();
	} else if (strcmp(argv[1], "-l") == 0) {
		int count = atoi(argv[2]);
		rc = count <= 0 || latency(count, atoi(argv[3]), argc > 4 ? (size_t)atol(argv[4]) : 64) ? 1 : 0;
	} else {
		for (i = 2; i < argc && rc == 0; i++)
			rc = throughput((size_t)atol(argv[i]), atof(argv[1])) ? 1 : 0;
	}
	cpg_leave(handle, &group);
	cpg_finalize(handle);
	return rc;
}
