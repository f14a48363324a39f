/*
 * koppel-bench-http-baseline: the reference server for bench/http/run.sh.
 *
 * This is NOT part of koppel. It is the smallest possible libmicrohttpd
 * program that answers every GET with a fixed response: the body is read
 * from a file and the extra header lines from another file, both captured
 * by run.sh from koppel's own `GET /api/v1/health`. It uses the same daemon
 * flags and options as koppel (internal polling thread pool, epoll, ITC,
 * connection limit, timeout and memory limit) and builds a fresh response
 * per request with MHD_RESPMEM_MUST_COPY, just as koppel does for dynamic
 * JSON. Comparing koppel's throughput against this program therefore
 * measures what koppel's own request handling (routing, JSON encoding,
 * logging, ...) costs on top of libmicrohttpd.
 *
 * Usage:
 *   koppel-bench-http-baseline --body FILE [--headers FILE]
 *                              [--port PORT] [--threads N]
 *
 *   --body FILE     response body, sent byte for byte (required)
 *   --headers FILE  one "Name: value" line per response header (optional;
 *                   blank lines are ignored, CR before LF is stripped)
 *   --port PORT     TCP port on 127.0.0.1; 0 (default) picks a free port
 *   --threads N     MHD_OPTION_THREAD_POOL_SIZE, default 2
 *
 * Once listening it prints "listening on http://127.0.0.1:PORT" on stderr.
 * SIGINT or SIGTERM stops the daemon and the program exits 0.
 */

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

enum {
	MAX_HEADERS = 64,
	MAX_BODY_BYTES = 1024 * 1024,
	MAX_HEADER_LINE = 4096,
};

/* Daemon settings mirrored from koppel's server. */
enum {
	CONNECTION_LIMIT = 1024,
	CONNECTION_TIMEOUT_SECONDS = 30,
	CONNECTION_MEMORY_LIMIT = 32 * 1024,
	DEFAULT_THREADS = 2,
};

struct header {
	char *name;
	char *value;
};

struct fixed_reply {
	char *body;
	size_t body_len;
	struct header headers[MAX_HEADERS];
	size_t header_count;
};

static void usage(FILE *out, const char *prog)
{
	fprintf(out, "usage: %s --body FILE [--headers FILE] [--port PORT] [--threads N]\n", prog);
}

static int parse_long(const char *text, long min, long max, long *out)
{
	char *end = NULL;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
		return -1;
	}
	*out = value;
	return 0;
}

static int read_body(const char *path, struct fixed_reply *reply)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t len;

	if (f == NULL) {
		fprintf(stderr, "baseline: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* One extra byte so that an oversized file is detected. */
	buf = malloc((size_t)MAX_BODY_BYTES + 1);
	if (buf == NULL) {
		fclose(f);
		fprintf(stderr, "baseline: out of memory\n");
		return -1;
	}
	len = fread(buf, 1, (size_t)MAX_BODY_BYTES + 1, f);
	if (ferror(f)) {
		fprintf(stderr, "baseline: cannot read %s\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (len > (size_t)MAX_BODY_BYTES) {
		fprintf(stderr, "baseline: %s is larger than %d bytes\n", path, MAX_BODY_BYTES);
		free(buf);
		return -1;
	}
	reply->body = buf;
	reply->body_len = len;
	return 0;
}

static char *dup_range(const char *start, size_t len)
{
	char *copy = malloc(len + 1);

	if (copy != NULL) {
		memcpy(copy, start, len);
		copy[len] = '\0';
	}
	return copy;
}

static int add_header_line(struct fixed_reply *reply, char *line, const char *path, unsigned lineno)
{
	size_t len = strlen(line);
	char *colon;
	const char *value;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
		line[--len] = '\0';
	}
	if (len == 0) {
		return 0;
	}
	colon = strchr(line, ':');
	if (colon == NULL || colon == line) {
		fprintf(stderr, "baseline: %s:%u: expected \"Name: value\"\n", path, lineno);
		return -1;
	}
	if (reply->header_count >= MAX_HEADERS) {
		fprintf(stderr, "baseline: %s: more than %d headers\n", path, MAX_HEADERS);
		return -1;
	}
	value = colon + 1;
	while (*value == ' ' || *value == '\t') {
		value++;
	}
	reply->headers[reply->header_count].name = dup_range(line, (size_t)(colon - line));
	reply->headers[reply->header_count].value = dup_range(value, strlen(value));
	if (reply->headers[reply->header_count].name == NULL ||
		reply->headers[reply->header_count].value == NULL) {
		free(reply->headers[reply->header_count].name);
		free(reply->headers[reply->header_count].value);
		fprintf(stderr, "baseline: out of memory\n");
		return -1;
	}
	reply->header_count++;
	return 0;
}

static int read_headers(const char *path, struct fixed_reply *reply)
{
	FILE *f = fopen(path, "r");
	char line[MAX_HEADER_LINE];
	unsigned lineno = 0;
	int rc = 0;

	if (f == NULL) {
		fprintf(stderr, "baseline: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			fprintf(stderr, "baseline: %s:%u: line too long\n", path, lineno);
			rc = -1;
			break;
		}
		rc = add_header_line(reply, line, path, lineno);
	}
	if (rc == 0 && ferror(f)) {
		fprintf(stderr, "baseline: cannot read %s\n", path);
		rc = -1;
	}
	fclose(f);
	return rc;
}

static void free_reply(struct fixed_reply *reply)
{
	size_t i;

	for (i = 0; i < reply->header_count; i++) {
		free(reply->headers[i].name);
		free(reply->headers[i].value);
	}
	reply->header_count = 0;
	free(reply->body);
	reply->body = NULL;
	reply->body_len = 0;
}

/* Address used as a non-NULL per-request marker. */
static char request_seen;

static enum MHD_Result send_empty(struct MHD_Connection *connection, unsigned int status)
{
	struct MHD_Response *response =
		MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (response == NULL) {
		return MHD_NO;
	}
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED &&
		MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, "GET") != MHD_YES) {
		MHD_destroy_response(response);
		return MHD_NO;
	}
	ret = MHD_queue_response(connection, status, response);
	MHD_destroy_response(response);
	return ret;
}

static enum MHD_Result handle_request(void *cls, struct MHD_Connection *connection, const char *url,
	const char *method, const char *version, const char *upload_data, size_t *upload_data_size,
	void **req_cls)
{
	const struct fixed_reply *reply = cls;
	struct MHD_Response *response;
	enum MHD_Result ret;
	size_t i;

	(void)url;
	(void)version;
	(void)upload_data;

	/*
	 * First call for a request: only mark it. libmicrohttpd 0.9.75 closes
	 * the connection after the reply when a response is queued from this
	 * first call, which would defeat keep-alive.
	 */
	if (*req_cls == NULL) {
		*req_cls = &request_seen;
		return MHD_YES;
	}

	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0) {
		/* Swallow any upload, then refuse. Not used by the benchmark. */
		if (*upload_data_size != 0) {
			*upload_data_size = 0;
			return MHD_YES;
		}
		return send_empty(connection, MHD_HTTP_METHOD_NOT_ALLOWED);
	}

	response = MHD_create_response_from_buffer(
		reply->body_len, reply->body, MHD_RESPMEM_MUST_COPY);
	if (response == NULL) {
		return MHD_NO;
	}
	for (i = 0; i < reply->header_count; i++) {
		if (MHD_add_response_header(
			    response, reply->headers[i].name, reply->headers[i].value) != MHD_YES) {
			MHD_destroy_response(response);
			return MHD_NO;
		}
	}
	ret = MHD_queue_response(connection, MHD_HTTP_OK, response);
	MHD_destroy_response(response);
	return ret;
}

int main(int argc, char **argv)
{
	struct fixed_reply reply;
	const char *body_path = NULL;
	const char *headers_path = NULL;
	long port = 0;
	long threads = DEFAULT_THREADS;
	struct sockaddr_in addr;
	struct MHD_Daemon *daemon;
	const union MHD_DaemonInfo *info;
	sigset_t stop_signals;
	struct sigaction ignore;
	int sig = 0;
	int i;

	memset(&reply, 0, sizeof reply);

	for (i = 1; i < argc; i++) {
		const char *opt = argv[i];

		if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
			usage(stdout, argv[0]);
			return 0;
		}
		if (i + 1 >= argc) {
			usage(stderr, argv[0]);
			return 2;
		}
		if (strcmp(opt, "--body") == 0) {
			body_path = argv[++i];
		} else if (strcmp(opt, "--headers") == 0) {
			headers_path = argv[++i];
		} else if (strcmp(opt, "--port") == 0) {
			if (parse_long(argv[++i], 0, 65535, &port) != 0) {
				fprintf(stderr, "baseline: invalid port: %s\n", argv[i]);
				return 2;
			}
		} else if (strcmp(opt, "--threads") == 0) {
			if (parse_long(argv[++i], 1, 256, &threads) != 0) {
				fprintf(stderr, "baseline: invalid thread count: %s\n", argv[i]);
				return 2;
			}
		} else {
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (body_path == NULL) {
		usage(stderr, argv[0]);
		return 2;
	}
	if (read_body(body_path, &reply) != 0 ||
		(headers_path != NULL && read_headers(headers_path, &reply) != 0)) {
		free_reply(&reply);
		return 1;
	}

	/*
	 * Block the stop signals before any daemon thread exists so that every
	 * thread inherits the mask and only sigwait() below receives them.
	 */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	if (pthread_sigmask(SIG_BLOCK, &stop_signals, NULL) != 0) {
		fprintf(stderr, "baseline: cannot block signals\n");
		free_reply(&reply);
		return 1;
	}
	memset(&ignore, 0, sizeof ignore);
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, NULL);

	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME,
		0, NULL, NULL, handle_request, &reply,
		MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONNECTION_LIMIT,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONNECTION_TIMEOUT_SECONDS,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY_LIMIT,
		MHD_OPTION_END);
	if (daemon == NULL) {
		fprintf(stderr, "baseline: cannot start HTTP daemon on 127.0.0.1:%ld\n", port);
		free_reply(&reply);
		return 1;
	}

	info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (info == NULL || info->port == 0) {
		fprintf(stderr, "baseline: cannot determine the bound port\n");
		MHD_stop_daemon(daemon);
		free_reply(&reply);
		return 1;
	}
	fprintf(stderr, "listening on http://127.0.0.1:%u\n", (unsigned int)info->port);
	fflush(stderr);

	if (sigwait(&stop_signals, &sig) != 0) {
		fprintf(stderr, "baseline: sigwait failed\n");
	}

	MHD_stop_daemon(daemon);
	free_reply(&reply);
	return 0;
}
