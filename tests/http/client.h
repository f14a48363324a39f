/*
 * client.h - a deliberately small HTTP/1.1 client for the in-process tests.
 *
 * It writes raw bytes to 127.0.0.1:port and reads the answer until the
 * server closes the connection (requests carry "Connection: close"), so
 * tests can send exactly the malformed or hostile input they mean to.
 */
#ifndef KOPPEL_TEST_CLIENT_H
#define KOPPEL_TEST_CLIENT_H

#include <stddef.h>
#include <stdint.h>

struct http_response {
	int status;       /* -1 when no response could be read */
	char *head;       /* status line and headers, NUL-terminated */
	char *body;       /* NUL-terminated for convenience; a chunked body decoded */
	size_t body_len;
	int chunked;      /* the body came with Transfer-Encoding: chunked */
	int complete;     /* 0 when a chunked body was cut off before its last chunk */
};

/* Sends len raw bytes, reads the whole response. Returns 0 or -1. */
int http_raw(uint16_t port, const char *raw, size_t len, struct http_response *out);
/* The same with a receive timeout of seconds (for input the server may just wait on). */
int http_raw_timeout(uint16_t port, const char *raw, size_t len, int seconds, struct http_response *out);

/*
 * Sends METHOD path with optional extra header lines ("Name: value\r\n"...)
 * and optional body (Content-Length added when body != NULL).
 */
int http_do(uint16_t port, const char *method, const char *path, const char *extra_headers, const char *body,
	    struct http_response *out);

/* Value of header name (case-insensitive) copied into buf, or NULL. */
const char *http_header(const struct http_response *r, const char *name, char *buf, size_t buflen);

void http_response_free(struct http_response *r);

#endif
