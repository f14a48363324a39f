/*
 * client.c - see client.h. Blocking sockets with a receive timeout; the
 * response is split at the first CRLFCRLF; a chunked body (streamed
 * exports) is decoded in place. With KOPPEL_RESPONSE_LOG set to a
 * directory, every response is also appended there as one JSON line (see
 * log_response) for tests/e2e/openapi-responses.mjs.
 */
#include "client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int dechunk(struct http_response *r);
static void log_response(const char *raw, size_t len, const struct http_response *r);

int http_raw(uint16_t port, const char *raw, size_t len, struct http_response *out)
{
	return http_raw_timeout(port, raw, len, 60, out); /* generous: a loaded machine, a sanitizer build */
}

int http_raw_timeout(uint16_t port, const char *raw, size_t len, int seconds, struct http_response *out)
{
	memset(out, 0, sizeof *out);
	out->status = -1;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct timeval tv = { .tv_sec = seconds };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	size_t sent = 0;
	while (sent < len) {
		ssize_t k = send(fd, raw + sent, len - sent, MSG_NOSIGNAL);
		if (k <= 0)
			break; /* the server may answer and close early (413): still read */
		sent += (size_t)k;
	}
	size_t cap = 4096, got = 0;
	char *buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -1;
	}
	for (;;) {
		if (got == cap) {
			cap *= 2;
			char *grown = realloc(buf, cap + 1);
			if (!grown)
				break;
			buf = grown;
		}
		ssize_t k = recv(fd, buf + got, cap - got, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	buf[got] = '\0';
	char *sep = strstr(buf, "\r\n\r\n");
	if (!sep || sscanf(buf, "HTTP/1.%*d %d", &out->status) != 1) {
		free(buf);
		out->status = -1;
		return -1;
	}
	size_t head_len = (size_t)(sep - buf) + 2;
	out->head = malloc(head_len + 1);
	out->body_len = got - head_len - 2;
	out->body = malloc(out->body_len + 1);
	if (!out->head || !out->body) {
		free(buf);
		http_response_free(out);
		return -1;
	}
	memcpy(out->head, buf, head_len);
	out->head[head_len] = '\0';
	memcpy(out->body, sep + 4, out->body_len);
	out->body[out->body_len] = '\0';
	free(buf);
	char te[32];
	out->chunked = http_header(out, "Transfer-Encoding", te, sizeof te) && strcasecmp(te, "chunked") == 0;
	out->complete = out->chunked ? dechunk(out) : 1;
	log_response(raw, len, out);
	return 0;
}

/* Headers the response validator checks, lower-case as it looks them up. */
static const char *const logged_headers[] = {
	"content-type", "location", "allow", "www-authenticate", "access-control-allow-origin", "etag",
	"retry-after", "api-version",
};

/*
 * When KOPPEL_RESPONSE_LOG names a directory, appends one JSON line for the
 * response r to the request raw/len to http-PID.jsonl in it:
 * {"source", "method", "path", "status", "headers", "body"} where body is
 * the (first) response's body text when it is valid UTF-8 (as JSON strings
 * must be), else null. Requests whose first line is not "METHOD TARGET HTTP/..." (the
 * hostile input some tests send on purpose) are not logged. Failures to log
 * are silent: logging must never change a test's outcome, and the
 * validator reports a suite that logged nothing.
 */
static void log_response(const char *raw, size_t len, const struct http_response *r)
{
	const char *dir = getenv("KOPPEL_RESPONSE_LOG");
	if (!dir || !*dir || r->status < 0)
		return;
	const char *line_end = memchr(raw, '\r', len);
	const char *sp1 = memchr(raw, ' ', len);
	if (!line_end || !sp1 || sp1 > line_end)
		return;
	const char *sp2 = memchr(sp1 + 1, ' ', (size_t)(line_end - sp1 - 1));
	if (!sp2 || (size_t)(line_end - sp2) < 6 || memcmp(sp2 + 1, "HTTP/", 5) != 0)
		return;
	json_t *headers = json_object();
	json_t *line = json_pack("{s:s, s:s%, s:s%, s:i, s:o}", "source", "http", "method", raw, (size_t)(sp1 - raw),
				 "path", sp1 + 1, (size_t)(sp2 - sp1 - 1), "status", r->status, "headers", headers);
	if (!line)
		return; /* not UTF-8: nothing the validator could match */
	for (size_t i = 0; i < sizeof logged_headers / sizeof logged_headers[0]; i++) {
		char value[1024];
		if (http_header(r, logged_headers[i], value, sizeof value))
			json_object_set_new(headers, logged_headers[i], json_string(value));
	}
	/* A test may pipeline requests: the first response ends at its Content-Length. */
	size_t body_len = r->body_len;
	char clen[32];
	if (!r->chunked && http_header(r, "Content-Length", clen, sizeof clen)) {
		char *end;
		unsigned long long n = strtoull(clen, &end, 10);
		if (end != clen && *end == '\0' && n < body_len)
			body_len = (size_t)n;
	}
	json_t *body = json_stringn(r->body, body_len);
	json_object_set_new(line, "body", body ? body : json_null());
	char *text = json_dumps(line, JSON_COMPACT);
	json_decref(line);
	if (!text)
		return;
	char file[4096];
	int n = snprintf(file, sizeof file, "%s/http-%ld.jsonl", dir, (long)getpid());
	if (n > 0 && (size_t)n < sizeof file) {
		int fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (fd >= 0) {
			size_t tlen = strlen(text);
			text[tlen] = '\n'; /* replaces the NUL: one write, one whole line */
			ssize_t written = write(fd, text, tlen + 1);
			(void)written; /* see above: logging never fails a test */
			close(fd);
		}
	}
	free(text);
}

/*
 * Decodes a chunked body in place (chunk extensions and trailers ignored).
 * Returns 1 when the last (empty) chunk arrived, 0 when the body was cut off.
 */
static int dechunk(struct http_response *r)
{
	const char *in = r->body, *end = r->body + r->body_len;
	size_t out = 0;
	while (in < end) {
		char *after;
		unsigned long n = strtoul(in, &after, 16);
		const char *crlf = strstr(after, "\r\n");
		if (after == in || !crlf || crlf >= end)
			break;
		in = crlf + 2;
		if (n == 0) {
			r->body_len = out;
			r->body[out] = '\0';
			return 1;
		}
		if (n > (size_t)(end - in))
			n = (size_t)(end - in);
		memmove(r->body + out, in, n);
		out += n;
		in += n;
		if (end - in >= 2 && in[0] == '\r' && in[1] == '\n')
			in += 2;
	}
	r->body_len = out;
	r->body[out] = '\0';
	return 0;
}

int http_do(uint16_t port, const char *method, const char *path, const char *extra_headers, const char *body,
	    struct http_response *out)
{
	size_t blen = body ? strlen(body) : 0;
	size_t cap = strlen(method) + strlen(path) + (extra_headers ? strlen(extra_headers) : 0) + blen + 256;
	char *req = malloc(cap);
	if (!req)
		return -1;
	int n = snprintf(req, cap, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s", method, path,
			 extra_headers ? extra_headers : "");
	if (body)
		n += snprintf(req + n, cap - (size_t)n, "Content-Length: %zu\r\n", blen);
	n += snprintf(req + n, cap - (size_t)n, "\r\n");
	if (body) {
		memcpy(req + n, body, blen);
		n += (int)blen;
	}
	int rc = http_raw(port, req, (size_t)n, out);
	free(req);
	return rc;
}

const char *http_header(const struct http_response *r, const char *name, char *buf, size_t buflen)
{
	if (!r->head)
		return NULL;
	size_t nlen = strlen(name);
	const char *line = strstr(r->head, "\r\n");
	while (line && line[2]) {
		line += 2;
		if (strncasecmp(line, name, nlen) == 0 && line[nlen] == ':') {
			const char *v = line + nlen + 1;
			while (*v == ' ')
				v++;
			size_t vlen = strcspn(v, "\r");
			if (vlen >= buflen)
				vlen = buflen - 1;
			memcpy(buf, v, vlen);
			buf[vlen] = '\0';
			return buf;
		}
		line = strstr(line, "\r\n");
	}
	return NULL;
}

void http_response_free(struct http_response *r)
{
	free(r->head);
	free(r->body);
	r->head = r->body = NULL;
}
