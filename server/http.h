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
#include <sys/types.h>

#include <jansson.h>
#include <microhttpd.h>

#include "auth.h"
#include "problem.h"
#include "routes.h"
#include "versie.h"

struct kp_field;

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
/* Who is asking (routes that are not public only; the HTTP layer checked the role). */
const struct kp_principal *kp_req_principal(const struct kp_request *req);
/* The client's address as text ("127.0.0.1", "::1"), for the audit log. */
const char *kp_req_client(struct kp_request *req);
/* The requester as an actor for writes and audit entries. */
struct kp_actor kp_req_actor(struct kp_request *req);
/* True when the request came over HTTPS (served by koppel or a proxy saying so). */
bool kp_req_secure(struct kp_request *req);

typedef void (*kp_offload_fn)(struct kp_request *req, void *ctx);
/*
 * From a handler, instead of answering: run work(req, ctx) on the slow
 * pool (password hashing; it must not use the database or answer), then
 * finish(req, ctx) on an HTTP thread, which must answer. The connection is
 * suspended meanwhile. When the pool is full the request gets 503 and
 * finish is not called. free_ctx(ctx) is called when the request is done,
 * whatever happened.
 */
void kp_req_offload(struct kp_request *req, kp_offload_fn work, kp_offload_fn finish, void *ctx,
		    void (*free_ctx)(void *ctx));

/* Answers with body serialised as JSON; takes the reference to body. */
void kp_reply_json(struct kp_request *req, unsigned status, json_t *body);
/*
 * Answers with bytes that outlive the request (static data: not copied).
 */
void kp_reply_static(struct kp_request *req, unsigned status, const char *content_type, const void *body,
		     size_t len);
/* Answers with a copy of len bytes of body. */
void kp_reply_copy(struct kp_request *req, unsigned status, const char *content_type, const void *body, size_t len);
/*
 * Produces the next bytes of a streamed answer into buf (room for max > 0
 * bytes). Returns how many it wrote (> 0), KP_STREAM_END when the body is
 * complete, or KP_STREAM_ERROR to cut the body off: the status line has been
 * sent, so the client only sees an incomplete body (log why). Called on an
 * HTTP thread, one call at a time but not always on the same thread, with
 * other connections served in between: it must not hold a pooled database
 * connection (kp_db_read_*, kp_db_write_*) from one call to the next.
 */
typedef ssize_t (*kp_stream_fill_fn)(void *ctx, char *buf, size_t max);
#define KP_STREAM_END MHD_CONTENT_READER_END_OF_STREAM
#define KP_STREAM_ERROR MHD_CONTENT_READER_END_WITH_ERROR
/*
 * Answers with a body produced piece by piece by fill (chunked transfer
 * encoding), with the common headers and those of kp_reply_header.
 * free_ctx(ctx) (may be NULL) is called exactly once: when the body is
 * done, the client went away, the daemon stops, or the answer is never sent.
 */
void kp_reply_stream(struct kp_request *req, unsigned status, const char *content_type, kp_stream_fill_fn fill,
		     void *ctx, void (*free_ctx)(void *ctx));
/* Answers with problem p and a Dutch detail (printf-style). */
void kp_reply_problem(struct kp_request *req, enum kp_problem p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Answers with a problem built by kp_problem_json (takes the reference). */
void kp_reply_problem_json(struct kp_request *req, json_t *problem);
/* Adds a response header (copied). Returns 0, or -1 when too many. */
int kp_reply_header(struct kp_request *req, const char *name, const char *value);

/* --- helpers shared by handlers --------------------------------------------- */

/*
 * Parses the {name} placeholder as a positive id. On failure answers 404
 * (what does not parse cannot exist) and returns false.
 */
bool kp_req_id(struct kp_request *req, const char *name, int64_t *id);

/*
 * Reads If-Match into *m. Returns true when it may match; otherwise answers
 * 428 (missing) or 412 (malformed, or only tags that can never match) and
 * returns false.
 */
bool kp_req_if_match(struct kp_request *req, struct kp_if_match *m);

/* Adds ETag "\"<versie>\"" to the answer. */
void kp_reply_etag(struct kp_request *req, int64_t versie);

/*
 * Appends an audit entry for this request (its user and client) on the
 * writer w, inside the caller's transaction. Returns SQLITE_OK or an error.
 */
int kp_req_audit(struct kp_request *req, struct kp_conn *w, const char *actie, const char *object_soort,
		 int64_t object_id, const char *details);

/*
 * For a handler that has answered with a family's data read outside a write
 * transaction: the answer is held (the connection suspended, the HTTP thread
 * free) until an audit entry for this read, with this request's user and
 * client, is committed by the batched audit writer (auditq.h); then it is
 * sent. If the entry cannot be committed, or too many wait, the client gets
 * 503 instead and never the data. Only a 2xx answer is held; call it after
 * the kp_reply_* call. details may be NULL and is copied.
 */
void kp_req_audit_read(struct kp_request *req, const char *actie, const char *object_soort, int64_t object_id,
		       const char *details);

/* Takes the writer (BEGIN IMMEDIATE), or answers 503 and returns NULL. */
struct kp_conn *kp_req_write_begin(struct kp_request *req);
/*
 * The start of a write with a JSON body: validates the request body against
 * spec (n fields; partial for a PATCH, see kp_json_validate) and then takes
 * the writer. Returns the connection with *body borrowed from the request,
 * or NULL once it has answered: the problem naming every invalid field, or
 * 503.
 */
struct kp_conn *kp_req_write_body(struct kp_request *req, const struct kp_field *spec, size_t n, bool partial,
				  json_t **body);
/* Takes a read snapshot, or answers 503 and returns NULL. */
struct kp_conn *kp_req_read_begin(struct kp_request *req);

/* Answers 503 for a database that could not be read or written. */
void kp_reply_db_error(struct kp_request *req);

/*
 * Ends the write transaction on w whose reply body is `body`: NULL means
 * building the body failed, so the transaction is rolled back; otherwise it
 * is committed. Returns true when committed (body still the caller's);
 * false when not, after answering 503 and freeing body.
 */
bool kp_req_commit(struct kp_request *req, struct kp_conn *w, json_t *body);

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
