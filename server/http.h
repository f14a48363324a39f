/*
 * http.h - what a request handler sees of HTTP, and the daemon glue.
 *
 * A handler gets a struct kp_request: its route parameters, query string,
 * headers and (for POST/PUT/PATCH) the parsed JSON body, already checked for
 * size, media type and syntax. It answers by calling exactly one kp_reply_*
 * function; http.c then adds the common headers (API-Version, security
 * headers, Cache-Control), queues the response and logs one line per
 * request: method, route template, status and duration, never the URL's
 * values or the body.
 */
#ifndef KOPPEL_HTTP_H
#define KOPPEL_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>
#include <microhttpd.h>

#include "problem.h"
#include "routes.h"

struct kp_server;

/* --- for handlers ---------------------------------------------------------- */

struct kp_server *kp_req_server(struct kp_request *req);
/* A {placeholder} of the route template, or NULL. */
const char *kp_req_param(const struct kp_request *req, const char *name);
/* A decoded query parameter, or NULL. */
const char *kp_req_query(struct kp_request *req, const char *name);
/* A request header (case-insensitive name), or NULL. */
const char *kp_req_header(struct kp_request *req, const char *name);
/* The request body, a JSON object (borrowed), or NULL for body-less methods. */
json_t *kp_req_body(struct kp_request *req);

/* Answers with body serialised as JSON; takes the reference to body. */
void kp_reply_json(struct kp_request *req, unsigned status, json_t *body);
/*
 * Answers with bytes that outlive the request (static data: not copied).
 */
void kp_reply_static(struct kp_request *req, unsigned status, const char *content_type, const void *body,
		     size_t len);
/* Answers with problem p and a Dutch detail (printf-style). */
void kp_reply_problem(struct kp_request *req, enum kp_problem p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Answers with a problem built by kp_problem_json (takes the reference). */
void kp_reply_problem_json(struct kp_request *req, json_t *problem);
/* Adds a response header (copied). Returns 0, or -1 when too many. */
int kp_reply_header(struct kp_request *req, const char *name, const char *value);

/* --- for the server ---------------------------------------------------------- */

/*
 * Adds the headers every response carries (API-Version, nosniff,
 * Referrer-Policy, frame protection, Content-Security-Policy: the strict one
 * for the web app when app is true, "default-src 'none'" otherwise).
 */
int kp_http_add_common_headers(struct MHD_Response *r, bool app);

/* Starts the daemon on srv->cfg's address; sets srv->port. */
int kp_http_start(struct kp_server *srv, char *err, size_t errlen);
/* Stops accepting, waits up to shutdown_grace for in-flight requests, stops. */
void kp_http_stop(struct kp_server *srv);

#endif
