/*
 * Chorus benchmark client for Corosync's libcpg (written for the Chorus bench profile).
 *
 * usage: chorus_cpgbench SECONDS SIZE...
 * Joins group "chorus_bench", then for each SIZE multicasts SIZE-byte messages (CPG_TYPE_AGREED) back to back for
 * SECONDS, retrying CS_ERR_TRY_AGAIN, and counts the deliveries of its own messages inside that window. Prints one
 * line per size:  RESULT size=S delivered=N seconds=T
 * and drains what is still in flight for 0.5 s before the next size.
 */
#include <corosync/cpg.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static unsigned int my_nodeid;
static uint32_t my_pid;
static int joined;
static unsigned long long delivered;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t nodeid, uint32_t pid, void *msg, size_t len)
{
	(void)h; (void)g; (void)msg; (void)len;
	if (nodeid == my_nodeid && pid == my_pid)
		delivered++;
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
static cs_error_t pump(cpg_handle_t h, int fd, int wait_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	if (wait_ms > 0 && poll(&p, 1, wait_ms) <= 0)
		return CS_OK;
	return cpg_dispatch(h, CS_DISPATCH_ALL);
}

int main(int argc, char **argv)
{
	cpg_callbacks_t cb = { .cpg_deliver_fn = on_deliver, .cpg_confchg_fn = on_confchg };
	struct cpg_name group;
	cpg_handle_t h;
	cs_error_t rc;
	int fd, i, tries;
	double seconds;
	char *buf;

	if (argc < 3) {
		fprintf(stderr, "usage: %s SECONDS SIZE...\n", argv[0]);
		return 2;
	}
	seconds = atof(argv[1]);
	my_pid = (uint32_t)getpid();
	for (tries = 0; (rc = cpg_initialize(&h, &cb)) == CS_ERR_TRY_AGAIN && tries < 500; tries++)
		usleep(10000);
	if (rc != CS_OK) {
		fprintf(stderr, "cpg_initialize: %d\n", rc);
		return 1;
	}
	if ((rc = cpg_local_get(h, &my_nodeid)) != CS_OK || (rc = cpg_fd_get(h, &fd)) != CS_OK) {
		fprintf(stderr, "cpg_local_get/fd_get: %d\n", rc);
		return 1;
	}
	strcpy(group.value, "chorus_bench");
	group.length = strlen(group.value);
	for (tries = 0; (rc = cpg_join(h, &group)) == CS_ERR_TRY_AGAIN && tries < 500; tries++)
		usleep(10000);
	if (rc != CS_OK) {
		fprintf(stderr, "cpg_join: %d\n", rc);
		return 1;
	}
	for (tries = 0; !joined && tries < 1000; tries++)
		pump(h, fd, 10);
	if (!joined) {
		fprintf(stderr, "no confchg for our own join\n");
		return 1;
	}
	for (i = 2; i < argc; i++) {
		size_t size = (size_t)atol(argv[i]);
		struct iovec iov;
		double start, end, t;
		unsigned long long sent = 0, retries = 0;

		buf = calloc(1, size);
		iov.iov_base = buf;
		iov.iov_len = size;
		delivered = 0;
		start = now();
		end = start + seconds;
		while ((t = now()) < end) {
			rc = cpg_mcast_joined(h, CPG_TYPE_AGREED, &iov, 1);
			if (rc == CS_OK) {
				sent++;
				rc = pump(h, fd, 0);
			} else if (rc == CS_ERR_TRY_AGAIN) {
				retries++;
				rc = pump(h, fd, 1);
			}
			if (rc != CS_OK && rc != CS_ERR_TRY_AGAIN) {
				fprintf(stderr, "cpg error %d\n", rc);
				return 1;
			}
		}
		t = now() - start;
		printf("RESULT size=%zu delivered=%llu seconds=%.6f sent=%llu tryagain=%llu\n", size, delivered, t, sent, retries);
		fflush(stdout);
		end = now() + 0.5;
		while (now() < end)
			pump(h, fd, 10);
		free(buf);
	}
	cpg_leave(h, &group);
	cpg_finalize(h);
	return 0;
}
