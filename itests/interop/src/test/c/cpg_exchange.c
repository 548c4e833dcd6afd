/*
 * A libcpg client driven line by line over stdin, for Chorus's mixed-ring CPG test (CpgInteropIT).
 *
 * usage: cpg_exchange GROUP
 * Prints (one line each, stdout flushed after every line):
 *   READY nodeid=N pid=P                         after cpg_initialize + cpg_local_get
 *   JOINED / LEFT / SENT n / MEMBERS n/p,...     acknowledgements of the commands below
 *   CONFCHG members=n/p,... left=n/p:REASON,... joined=n/p:REASON,...
 *   DELIVER nodeid pid seq text                  seq counts this client's deliveries from 1
 *   ERROR what rc                                a call failed (other than TRY_AGAIN, which is retried)
 *   EXIT                                         the cpg connection was lost (dispatch failed) or quit
 * Commands on stdin:
 *   join | leave | members | send TEXT | reconnect | quit
 *   sendn N PREFIX [WINDOW]   sends "PREFIX-1" .. "PREFIX-N", with at most WINDOW (default unlimited) of its own
 *                             messages sent but not yet delivered back
 * reconnect is cpg_finalize + cpg_initialize (READY again): corosync 3.1.7 keeps a handle that left a group in its
 * "leave started" state, so cpg_join on it answers CS_ERR_EXIST; a new handle can join again.
 * Numbers are unsigned decimal; REASON is JOIN, LEAVE, NODEDOWN, NODEUP, PROCDOWN or UNDEFINED.
 */
#include <corosync/cpg.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cpg_handle_t handle;
static int cpg_fd = -1;
static struct cpg_name group;
static unsigned long long delivered;
static unsigned int my_nodeid;
static unsigned long long own_delivered;

static const char *reason_name(uint32_t r)
{
	switch (r) {
	case CPG_REASON_JOIN: return "JOIN";
	case CPG_REASON_LEAVE: return "LEAVE";
	case CPG_REASON_NODEDOWN: return "NODEDOWN";
	case CPG_REASON_NODEUP: return "NODEUP";
	case CPG_REASON_PROCDOWN: return "PROCDOWN";
	default: return "UNDEFINED";
	}
}

static void print_list(const char *label, const struct cpg_address *a, size_t n, int with_reason)
{
	size_t i;
	printf(" %s=", label);
	for (i = 0; i < n; i++) {
		printf("%s%u/%u", i ? "," : "", a[i].nodeid, a[i].pid);
		if (with_reason)
			printf(":%s", reason_name(a[i].reason));
	}
}

static void on_deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t nodeid, uint32_t pid, void *msg, size_t len)
{
	(void)h; (void)g;
	delivered++;
	if (nodeid == my_nodeid && pid == (uint32_t)getpid())
		own_delivered++;
	printf("DELIVER %u %u %llu %.*s\n", nodeid, pid, delivered, (int)len, (const char *)msg);
	fflush(stdout);
}

static void on_confchg(cpg_handle_t h, const struct cpg_name *g,
		       const struct cpg_address *members, size_t n_members,
		       const struct cpg_address *left, size_t n_left,
		       const struct cpg_address *join, size_t n_join)
{
	(void)h; (void)g;
	printf("CONFCHG");
	print_list("members", members, n_members, 0);
	print_list("left", left, n_left, 1);
	print_list("joined", join, n_join, 1);
	printf("\n");
	fflush(stdout);
}

/* printf one whole line and flush it */
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

/* Runs pending callbacks; returns 0 when the connection is gone. */
static int pump(void)
{
	cs_error_t rc = cpg_dispatch(handle, CS_DISPATCH_ALL);
	if (rc != CS_OK && rc != CS_ERR_TRY_AGAIN) {
		say("ERROR %s %d\n", "cpg_dispatch", rc);
		return 0;
	}
	return 1;
}

/* Calls f until it stops saying TRY_AGAIN, dispatching in between (up to ~30 s). */
#define RETRY(call, rcvar) do { \
	int tries_ = 0; \
	while (((rcvar) = (call)) == CS_ERR_TRY_AGAIN && tries_++ < 30000) { \
		if (!pump()) break; \
		usleep(1000); \
	} \
} while (0)

static int send_text(const char *text)
{
	struct iovec iov = { .iov_base = (void *)text, .iov_len = strlen(text) };
	cs_error_t rc;
	RETRY(cpg_mcast_joined(handle, CPG_TYPE_AGREED, &iov, 1), rc);
	if (rc != CS_OK) {
		say("ERROR %s %d\n", "cpg_mcast_joined", rc);
		return 0;
	}
	return 1;
}

/* cpg_initialize (retrying TRY_AGAIN), cpg_local_get, cpg_fd_get; prints READY. Returns 0 on failure. */
static int connect_cpg(void)
{
	static cpg_callbacks_t cb = { .cpg_deliver_fn = on_deliver, .cpg_confchg_fn = on_confchg };
	cs_error_t rc;
	int tries;

	for (tries = 0; (rc = cpg_initialize(&handle, &cb)) == CS_ERR_TRY_AGAIN && tries < 3000; tries++)
		usleep(10000);
	if (rc != CS_OK) {
		say("ERROR %s %d\n", "cpg_initialize", rc);
		return 0;
	}
	if ((rc = cpg_local_get(handle, &my_nodeid)) != CS_OK || (rc = cpg_fd_get(handle, &cpg_fd)) != CS_OK) {
		say("ERROR %s %d\n", "cpg_local_get/fd_get", rc);
		return 0;
	}
	say("READY nodeid=%u pid=%u\n", my_nodeid, (unsigned)getpid());
	return 1;
}

/* One stdin command; returns 0 on quit. */
static int command(char *line)
{
	cs_error_t rc;
	if (strcmp(line, "join") == 0) {
		RETRY(cpg_join(handle, &group), rc);
		if (rc == CS_OK)
			say("JOINED\n");
		else
			say("ERROR %s %d\n", "cpg_join", rc);
	} else if (strcmp(line, "leave") == 0) {
		RETRY(cpg_leave(handle, &group), rc);
		if (rc == CS_OK)
			say("LEFT\n");
		else
			say("ERROR %s %d\n", "cpg_leave", rc);
	} else if (strcmp(line, "members") == 0) {
		struct cpg_address m[CPG_MEMBERS_MAX];
		int n = CPG_MEMBERS_MAX;
		RETRY(cpg_membership_get(handle, &group, m, &n), rc);
		if (rc != CS_OK) {
			say("ERROR %s %d\n", "cpg_membership_get", rc);
		} else {
			printf("MEMBERS");
			print_list("members", m, (size_t)n, 0);
			printf("\n");
			fflush(stdout);
		}
	} else if (strncmp(line, "send ", 5) == 0) {
		if (send_text(line + 5))
			say("SENT 1\n");
	} else if (strncmp(line, "sendn ", 6) == 0) {
		char prefix[200], text[256];
		unsigned long long base = own_delivered;
		int n, i, window = 0, idle = 0;
		if (sscanf(line + 6, "%d %199s %d", &n, prefix, &window) < 2 || n < 0 || window < 0) {
			say("ERROR usage 0\n");
			return 1;
		}
		for (i = 1; i <= n; i++) {
			/* the window: dispatch until few enough of our own messages are in flight (30 s without any) */
			for (idle = 0; window > 0 && (long long)(i - 1) - (long long)(own_delivered - base) >= window
			     && idle < 30; ) {
				struct pollfd p = { .fd = cpg_fd, .events = POLLIN };
				int r = poll(&p, 1, 1000);
				if (r == 0)
					idle++;
				else if (r > 0 && !pump())
					idle = 30;
			}
			if (idle == 30) {
				say("ERROR window-stalled %d\n", i);
				break;
			}
			snprintf(text, sizeof text, "%s-%d", prefix, i);
			if (!send_text(text))
				break;
			pump();
		}
		say("SENT %d\n", i - 1);
	} else if (strcmp(line, "reconnect") == 0) {
		cpg_finalize(handle);
		return connect_cpg();
	} else if (strcmp(line, "quit") == 0) {
		return 0;
	} else if (line[0]) {
		say("ERROR unknown-command:%s 0\n", line);
	}
	return 1;
}

int main(int argc, char **argv)
{
	char in[4096];
	size_t have = 0;
	int running = 1;

	if (argc != 2 || strlen(argv[1]) >= CPG_MAX_NAME_LENGTH) {
		fprintf(stderr, "usage: %s GROUP\n", argv[0]);
		return 2;
	}
	group.length = strlen(argv[1]);
	memcpy(group.value, argv[1], group.length);
	if (!connect_cpg())
		return 1;

	for (;;) {
		struct pollfd p[2] = { { .fd = 0, .events = POLLIN }, { .fd = cpg_fd, .events = POLLIN } };
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents) {
			if (!pump())
				break;
		}
		if (p[0].revents) {
			char *nl;
			ssize_t r = read(0, in + have, sizeof in - 1 - have);
			if (r <= 0)
				break;
			have += (size_t)r;
			in[have] = 0;
			while (running && (nl = strchr(in, '\n')) != NULL) {
				*nl = 0;
				if (nl > in && nl[-1] == '\r')
					nl[-1] = 0;
				running = command(in);
				have -= (size_t)(nl + 1 - in);
				memmove(in, nl + 1, have + 1);
			}
			if (!running)
				break;
			if (have == sizeof in - 1)
				have = 0; /* an over-long line: dropped */
		}
	}
	printf("EXIT\n");
	fflush(stdout);
	cpg_finalize(handle);
	return 0;
}
