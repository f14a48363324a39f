/*
 * http.c - libmicrohttpd glue: one struct kp_request per request, from the
 * first call of the access handler to MHD's "completed" notification.
 *
 * Order of checks for an API request, each answered before the body is read
 * where possible:
 *   route by path (404) -> method (405 + Allow) -> credentials (401) ->
 *   role (403) -> CSRF token for session requests that change state (403)
 *   -> Accept: a media type the route can answer with (406; what a route
 *   answers with is read from the embedded OpenAPI document)
 *   -> for POST/PUT/PATCH the media type (415) and the declared
 *   Content-Length (413) -> accumulate the
 *   body up to max_body_bytes (413 for chunked bodies that grow past it) ->
 *   parse JSON with duplicate keys rejected (400, naming line and column) ->
 *   the handler.
 * Before any of that, the URL: libmicrohttpd is told not to decode it
 * (unescape_none), and we decode the path and every query parameter
 * ourselves, strictly: a malformed escape, a NUL or other control character,
 * ill-formed UTF-8, or an encoded '/' in the path answers 400 naming the
 * parameter, so what a handler sees is exactly what the client sent.
 * Non-API paths are the web app: GET/HEAD of a preloaded file, index.html for
 * anything else (client-side routes), 405 for other methods.
 *
 * After each handler we check that it released every database connection;
 * a leak is a bug (assert in debug builds), and in release builds the
 * transaction is rolled back, counted and logged so the server keeps going.
 */
#include "http.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "auditq.h"
#include "db.h"
#include "embedded.h"
#include "json_spec.h"
#include "server.h"
#include "util.h"
#include "slowpool.h"
#include "static_files.h"

#define MAX_REPLY_HEADERS 8
/* Reads waiting for their audit entry; each is a suspended connection, so
 * the connection limit bounds it first. */
#define AUDIT_QUEUE_MAX 4096

#define CSP_APP                                                                                              \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " \
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
#define CSP_API "default-src 'none'; frame-ancestors 'none'"
/* The challenge of every 401: API tokens are bearer tokens (a session cookie needs none). */
#define KP_WWW_AUTHENTICATE "Bearer realm=\"koppel\""

struct reply_header {
	char *name;
	char *value;
};

/* One decoded query parameter; value NULL for "?name" without '='. */
struct query_arg {
	char *key;
	char *value;
};

/* A streamed body (kp_reply_stream), owned by the request until MHD takes it. */
struct stream {
	kp_stream_fill_fn fill;
	void *ctx;
	void (*free_ctx)(void *ctx);
};

#define STREAM_BLOCK_BYTES (64 * 1024)

struct kp_request {
	struct kp_server *srv;
	struct MHD_Connection *conn;
	const char *method_name;
	char *url; /* path without query, percent-decoded by us (owned) */
	struct query_arg *query; /* the query parameters, decoded (owned) */
	size_t n_query, query_cap;
	enum kp_method method;
	struct kp_route_match match;
	const char *log_route; /* route template or a fixed label: never the URL */
	struct timespec start;

	/* set on the first call, acted on when the request is complete */
	bool is_api;
	bool has_body; /* Content-Length > 0 or chunked */
	bool checks_deferred; /* admit() runs with the handler (run_admitted) */
	struct kp_principal principal;
	char client[64];

	/* work on the slow pool (kp_req_offload) */
	kp_offload_fn offload_work;
	kp_offload_fn offload_finish;
	void *offload_ctx;
	void (*offload_free)(void *ctx);
	bool offloaded;          /* submitted; connection suspended */
	atomic_bool offload_done; /* set by the pool thread before it resumes */

	/* the audit entry of a read (kp_req_audit_read), committed before the answer goes */
	bool audit_read;            /* asked for */
	bool audit_waiting;         /* submitted; connection suspended */
	atomic_bool audit_finished; /* set by the audit thread before it resumes */
	bool audit_committed;
	const char *audit_actie, *audit_soort;
	int64_t audit_object_id;
	char *audit_details;

	/* body accumulation */
	bool wants_body;
	bool body_too_large;
	char *body;
	size_t body_len, body_cap;
	json_t *json;

	/* the answer */
	bool replied;  /* a kp_reply_* was called */
	bool queued;   /* handed to MHD */
	unsigned status;
	const char *content_type;
	char *owned_body; /* malloc'ed, handed to MHD */
	const void *static_body;
	size_t body_out_len;
	struct MHD_Response *shared; /* preloaded static file response */
	struct stream *stream;       /* kp_reply_stream, until queued */
	bool app;                    /* web app response: app CSP */
	struct reply_header headers[MAX_REPLY_HEADERS];
	unsigned n_headers;
};

/* --- handler API ------------------------------------------------------------ */

struct kp_server *kp_req_server(struct kp_request *req)
{
	return req->srv;
}

const char *kp_req_param(const struct kp_request *req, const char *name)
{
	return kp_route_param(&req->match, name);
}

const char *kp_req_query(struct kp_request *req, const char *name)
{
	for (size_t i = 0; i < req->n_query; i++)
		if (strcmp(req->query[i].key, name) == 0)
			return req->query[i].value;
	return NULL;
}

const char *kp_req_header(struct kp_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

json_t *kp_req_body(struct kp_request *req)
{
	return req->json;
}

const struct kp_principal *kp_req_principal(const struct kp_request *req)
{
	return &req->principal;
}

static void note_client(struct kp_request *req);

const char *kp_req_client(struct kp_request *req)
{
	if (!req->client[0])
		note_client(req); /* on first use: most requests never need it */
	return req->client;
}

struct kp_actor kp_req_actor(struct kp_request *req)
{
	return (struct kp_actor){ .gebruiker_id = req->principal.gebruiker_id,
				  .gebruikersnaam = req->principal.gebruikersnaam,
				  .client = kp_req_client(req),
				  .principal = &req->principal };
}

bool kp_req_secure(struct kp_request *req)
{
	if (req->srv->cfg.tls_cert[0])
		return true;
	const char *proto = kp_req_header(req, "X-Forwarded-Proto");
	return proto && strcasecmp(proto, "https") == 0;
}

void kp_req_offload(struct kp_request *req, kp_offload_fn work, kp_offload_fn finish, void *ctx,
		    void (*free_ctx)(void *ctx))
{
	assert(!req->offload_work && !req->replied);
	req->offload_work = work;
	req->offload_finish = finish;
	req->offload_ctx = ctx;
	req->offload_free = free_ctx;
}

bool kp_req_id(struct kp_request *req, const char *name, int64_t *id)
{
	if (kp_parse_id(kp_req_param(req, name), id))
		return true;
	kp_reply_problem(req, KP_P_NOT_FOUND, "Niet gevonden.");
	return false;
}

/*
 * Parses one entity-tag at *s (after optional white space): a strong tag of
 * ours ("\"7\"") sets *versie and returns 1; any other well-formed tag (weak,
 * or not a version of ours) returns 0, which can never match; malformed text
 * returns -1. *s is left after the tag.
 */
static int parse_entity_tag(const char **s, int64_t *versie)
{
	const char *p = *s;
	bool weak = false;
	if (p[0] == 'W' && p[1] == '/') {
		weak = true;
		p += 2;
	}
	if (*p != '"')
		return -1;
	const char *end = strchr(p + 1, '"');
	if (!end)
		return -1;
	*s = end + 1;
	char digits[24];
	size_t n = (size_t)(end - (p + 1));
	if (weak || n == 0 || n >= sizeof digits)
		return 0;
	memcpy(digits, p + 1, n);
	digits[n] = '\0';
	return kp_parse_id(digits, versie) ? 1 : 0;
}

bool kp_req_if_match(struct kp_request *req, struct kp_if_match *m)
{
	memset(m, 0, sizeof *m);
	const char *im = kp_req_header(req, MHD_HTTP_HEADER_IF_MATCH);
	if (!im) {
		kp_reply_problem(req, KP_P_PRECONDITION_REQUIRED,
				 "Stuur de versie mee die je hebt gelezen (If-Match met de ETag), zodat je geen "
				 "wijziging van een ander overschrijft.");
		return false;
	}
	const char *s = im;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '*') {
		s++;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0') {
			m->any = true;
			return true;
		}
		goto malformed;
	}
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (*s == '\0')
			break;
		int64_t v;
		int r = parse_entity_tag(&s, &v);
		if (r < 0)
			goto malformed;
		if (r == 1 && m->n < KP_IF_MATCH_MAX)
			m->versies[m->n++] = v;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != ',' && *s != '\0')
			goto malformed;
	}
	/* Only tags that can never match (weak ones, foreign ones): the precondition fails. */
	if (m->n > 0)
		return true;
malformed:
	kp_reply_problem(req, KP_P_PRECONDITION_FAILED, "Deze versie is niet (meer) de actuele. Laad opnieuw.");
	return false;
}

void kp_reply_etag(struct kp_request *req, int64_t versie)
{
	char etag[32];
	snprintf(etag, sizeof etag, "\"%lld\"", (long long)versie);
	kp_reply_header(req, MHD_HTTP_HEADER_ETAG, etag);
}

bool kp_req_commit(struct kp_request *req, struct kp_conn *w, json_t *body)
{
	if (!body)
		kp_db_write_rollback(req->srv->db, w);
	else if (kp_db_write_commit(req->srv->db, w) == SQLITE_OK)
		return true;
	json_decref(body);
	kp_reply_db_error(req);
	return false;
}

int kp_req_audit(struct kp_request *req, struct kp_conn *w, const char *actie, const char *object_soort,
		 int64_t object_id, const char *details)
{
	char id[24];
	if (object_id)
		snprintf(id, sizeof id, "%lld", (long long)object_id);
	struct kp_audit_entry e = {
		.gebruiker_id = req->principal.gebruiker_id,
		.gebruikersnaam = req->principal.gebruiker_id ? req->principal.gebruikersnaam : NULL,
		.actie = actie,
		.object_soort = object_soort,
		.object_id = object_id ? id : NULL,
		.client = kp_req_client(req),
		.details = details,
	};
	return kp_audit_append(w, &e);
}

void kp_req_audit_read(struct kp_request *req, const char *actie, const char *object_soort, int64_t object_id,
		       const char *details)
{
	free(req->audit_details);
	req->audit_details = NULL;
	if (details && !(req->audit_details = strdup(details))) {
		req->replied = false;
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
		return;
	}
	req->audit_read = true;
	req->audit_actie = actie;
	req->audit_soort = object_soort;
	req->audit_object_id = object_id;
}

void kp_reply_db_error(struct kp_request *req)
{
	kp_log_error(&req->srv->log, "%s %s: database error", req->method_name, req->log_route);
	kp_reply_problem(req, KP_P_UNAVAILABLE, "De database is nu niet bereikbaar. Probeer het zo opnieuw.");
}

struct kp_conn *kp_req_write_begin(struct kp_request *req)
{
	struct kp_conn *w = kp_db_write_begin(req->srv->db);
	if (!w)
		kp_reply_db_error(req);
	return w;
}

struct kp_conn *kp_req_write_body(struct kp_request *req, const struct kp_field *spec, size_t n, bool partial,
				  json_t **body)
{
	*body = kp_req_body(req);
	json_t *problem = kp_json_validate(*body, spec, n, partial);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return NULL;
	}
	return kp_req_write_begin(req);
}

struct kp_conn *kp_req_read_begin(struct kp_request *req)
{
	struct kp_conn *c = kp_db_read_begin(req->srv->db);
	if (!c)
		kp_reply_db_error(req);
	return c;
}

/* The client address of the request into req->client (auth.c: the peer, or X-Forwarded-For from a trusted proxy). */
static void note_client(struct kp_request *req)
{
	kp_auth_client_address(&req->srv->cfg, req->conn, req->client, sizeof req->client);
}

/* MHD's content reader for a streamed body. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct stream *s = cls;
	return s->fill(s->ctx, buf, max);
}

/* Frees a streamed body: MHD's free callback, or ours when it was never queued. */
static void stream_free(void *cls)
{
	struct stream *s = cls;
	if (s->free_ctx)
		s->free_ctx(s->ctx);
	free(s);
}

/* Forgets an earlier answer (a handler that answers twice keeps the last). */
static void reply_reset(struct kp_request *req)
{
	assert(!req->replied && "a handler answered twice");
	free(req->owned_body);
	req->owned_body = NULL;
	req->static_body = NULL;
	req->body_out_len = 0;
	req->shared = NULL;
	if (req->stream) {
		stream_free(req->stream);
		req->stream = NULL;
	}
}

void kp_reply_json(struct kp_request *req, unsigned status, json_t *body)
{
	reply_reset(req);
	req->replied = true;
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (!text) {
		req->replied = false;
		kp_reply_problem(req, KP_P_INTERNAL, "Het antwoord kon niet worden opgebouwd.");
		return;
	}
	req->status = status;
	req->content_type = "application/json";
	req->owned_body = text;
	req->body_out_len = strlen(text);
}

void kp_reply_static(struct kp_request *req, unsigned status, const char *content_type, const void *body, size_t len)
{
	reply_reset(req);
	req->replied = true;
	req->status = status;
	req->content_type = content_type;
	req->static_body = body;
	req->body_out_len = len;
}

void kp_reply_copy(struct kp_request *req, unsigned status, const char *content_type, const void *body, size_t len)
{
	reply_reset(req);
	char *copy = malloc(len ? len : 1);
	if (!copy) {
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
		return;
	}
	memcpy(copy, body, len);
	req->replied = true;
	req->status = status;
	req->content_type = content_type;
	req->owned_body = copy;
	req->body_out_len = len;
}

void kp_reply_stream(struct kp_request *req, unsigned status, const char *content_type, kp_stream_fill_fn fill,
		     void *ctx, void (*free_ctx)(void *ctx))
{
	reply_reset(req);
	struct stream *s = malloc(sizeof *s);
	if (!s) {
		if (free_ctx)
			free_ctx(ctx);
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
		return;
	}
	*s = (struct stream){ .fill = fill, .ctx = ctx, .free_ctx = free_ctx };
	req->replied = true;
	req->status = status;
	req->content_type = content_type;
	req->stream = s;
}

/* Whether the answer in req already carries header name. */
static bool reply_has_header(const struct kp_request *req, const char *name)
{
	for (unsigned i = 0; i < req->n_headers; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return true;
	return false;
}

void kp_reply_problem_json(struct kp_request *req, json_t *problem)
{
	reply_reset(req);
	req->replied = true;
	json_t *st = json_object_get(problem, "status");
	char *text = problem ? json_dumps(problem, JSON_COMPACT) : NULL;
	req->status = json_is_integer(st) ? (unsigned)json_integer_value(st) : 500;
	json_decref(problem);
	/* RFC 9110 11.6.1: every 401 names a scheme, a failed login too. Out of
	 * header slots the 401 still goes out, without the challenge. */
	if (req->status == 401 && !reply_has_header(req, MHD_HTTP_HEADER_WWW_AUTHENTICATE))
		(void)kp_reply_header(req, MHD_HTTP_HEADER_WWW_AUTHENTICATE, KP_WWW_AUTHENTICATE);
	if (!text) {
		/* out of memory: a fixed answer that needs no allocation */
		static const char oom[] = "{\"type\":\"" KP_PROBLEM_TYPE_PREFIX "interne-fout\",\"title\":\"Interne "
					  "fout\",\"status\":500,\"detail\":\"Onvoldoende geheugen.\"}";
		req->status = 500;
		req->static_body = oom;
		req->body_out_len = sizeof oom - 1;
	} else {
		req->owned_body = text;
		req->body_out_len = strlen(text);
	}
	req->content_type = "application/problem+json";
}

void kp_reply_problem(struct kp_request *req, enum kp_problem p, const char *fmt, ...)
{
	char detail[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	kp_utf8_cut(detail); /* a long detail may be cut inside a character */
	kp_reply_problem_json(req, kp_problem_json(p, detail));
}

int kp_reply_header(struct kp_request *req, const char *name, const char *value)
{
	if (req->n_headers == MAX_REPLY_HEADERS)
		return -1;
	struct reply_header *h = &req->headers[req->n_headers];
	h->name = strdup(name);
	h->value = strdup(value);
	if (!h->name || !h->value) {
		free(h->name);
		free(h->value);
		return -1;
	}
	req->n_headers++;
	return 0;
}

/* --- responses ------------------------------------------------------------- */

int kp_http_add_common_headers(struct MHD_Response *r, bool app)
{
	if (MHD_add_response_header(r, "API-Version", KOPPEL_VERSION) != MHD_YES ||
	    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") != MHD_YES ||
	    MHD_add_response_header(r, "Referrer-Policy", "no-referrer") != MHD_YES ||
	    MHD_add_response_header(r, "X-Frame-Options", "DENY") != MHD_YES ||
	    MHD_add_response_header(r, "Content-Security-Policy", app ? CSP_APP : CSP_API) != MHD_YES)
		return -1;
	return 0;
}

/* Hands the answer in req to MHD. */
static enum MHD_Result queue_reply(struct kp_request *req)
{
	assert(req->replied && !req->queued);
	req->queued = true;
	struct MHD_Response *r;
	bool shared = req->shared != NULL;
	if (shared) {
		r = req->shared;
	} else if (req->stream) {
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK_BYTES, stream_read, req->stream,
						      stream_free);
		if (r)
			req->stream = NULL; /* MHD frees it now */
	} else if (req->owned_body) {
		r = MHD_create_response_from_buffer(req->body_out_len, req->owned_body, MHD_RESPMEM_MUST_FREE);
		if (r)
			req->owned_body = NULL; /* MHD frees it now */
	} else {
		r = MHD_create_response_from_buffer(req->body_out_len, (void *)(uintptr_t)req->static_body,
						    MHD_RESPMEM_PERSISTENT);
	}
	if (!r)
		return MHD_NO;
	if (!shared) {
		bool ok = kp_http_add_common_headers(r, req->app) == 0;
		if (ok && req->content_type)
			ok = MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, req->content_type) == MHD_YES;
		bool has_cache_control = false;
		for (unsigned i = 0; ok && i < req->n_headers; i++) {
			ok = MHD_add_response_header(r, req->headers[i].name, req->headers[i].value) == MHD_YES;
			has_cache_control |= strcasecmp(req->headers[i].name, "Cache-Control") == 0;
		}
		if (ok && !has_cache_control && !req->app)
			ok = MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") == MHD_YES;
		if (ok && atomic_load(&req->srv->stopping))
			ok = MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close") == MHD_YES;
		if (!ok) {
			MHD_destroy_response(r);
			return MHD_NO;
		}
	}
	enum MHD_Result rc = MHD_queue_response(req->conn, req->status, r);
	if (!shared)
		MHD_destroy_response(r);
	return rc;
}

/* Answers with problem p right away (used before a handler runs). */
static enum MHD_Result reply_problem_now(struct kp_request *req, enum kp_problem p, const char *detail)
{
	kp_reply_problem(req, p, "%s", detail);
	return queue_reply(req);
}

/* --- request stages ---------------------------------------------------------- */

static void offload_work(void *arg)
{
	struct kp_request *req = arg;
	req->offload_work(req, req->offload_ctx);
}

static void offload_done(void *arg)
{
	struct kp_request *req = arg;
	atomic_store(&req->offload_done, true);
	MHD_resume_connection(req->conn); /* MHD calls on_access again */
}

static void audit_read_done(void *arg, bool committed)
{
	struct kp_request *req = arg;
	req->audit_committed = committed;
	atomic_store(&req->audit_finished, true);
	MHD_resume_connection(req->conn); /* MHD calls on_access again */
}

/* Replaces an answer whose read could not be audited by a 503. */
static void reply_unaudited(struct kp_request *req)
{
	req->replied = false;
	for (unsigned i = 0; i < req->n_headers; i++) {
		free(req->headers[i].name);
		free(req->headers[i].value);
	}
	req->n_headers = 0;
	kp_reply_header(req, "Retry-After", "2");
	kp_reply_problem(req, KP_P_UNAVAILABLE, "De database is nu niet bereikbaar. Probeer het zo opnieuw.");
}

/*
 * Holds a 2xx answer of an audited read until its entry is committed.
 * Returns true when the connection is suspended and the answer waits.
 */
static bool hold_for_audit(struct kp_request *req)
{
	if (!req->audit_read || !req->replied || req->status >= 300)
		return false;
	req->audit_read = false;
	char id[24];
	if (req->audit_object_id)
		snprintf(id, sizeof id, "%lld", (long long)req->audit_object_id);
	struct kp_audit_entry e = {
		.gebruiker_id = req->principal.gebruiker_id,
		.gebruikersnaam = req->principal.gebruiker_id ? req->principal.gebruikersnaam : NULL,
		.actie = req->audit_actie,
		.object_soort = req->audit_soort,
		.object_id = req->audit_object_id ? id : NULL,
		.client = kp_req_client(req),
		.details = req->audit_details,
	};
	req->audit_waiting = true;
	MHD_suspend_connection(req->conn);
	if (kp_auditq_submit(req->srv->auditq, &e, audit_read_done, req) == 0)
		return true;
	req->audit_waiting = false;
	MHD_resume_connection(req->conn);
	kp_log_warn(&req->srv->log, "%s %s: the audit queue is full", req->method_name, req->log_route);
	reply_unaudited(req);
	return false;
}

/* After a handler (or an offload's finish): check for leaks, answer. */
static enum MHD_Result after_handler(struct kp_request *req)
{
	struct kp_server *srv = req->srv;
	if (!kp_db_thread_clean(srv->db)) {
		atomic_fetch_add(&srv->handler_leaks, 1);
		kp_log_error(&srv->log, "handler for %s %s left a database transaction open; rolled back",
			     req->method_name, req->log_route);
		assert(!"handler left a database transaction open");
	}
	if (req->offload_work && !req->offloaded && !req->replied) {
		MHD_suspend_connection(req->conn);
		if (kp_slowpool_submit(srv->slow, offload_work, offload_done, req) == 0) {
			req->offloaded = true;
			return MHD_YES;
		}
		MHD_resume_connection(req->conn);
		kp_reply_header(req, "Retry-After", "2");
		kp_reply_problem(req, KP_P_UNAVAILABLE, "Het is nu te druk met inloggen. Probeer het zo opnieuw.");
		return MHD_YES; /* queued on the call that follows the resume */
	}
	if (hold_for_audit(req))
		return MHD_YES; /* answered on the call that follows the resume */
	if (!req->replied) {
		kp_log_error(&srv->log, "handler for %s %s gave no answer", req->method_name, req->log_route);
		kp_reply_problem(req, KP_P_INTERNAL, "Er ging iets mis bij het verwerken van dit verzoek.");
	}
	if (req->status >= 500)
		kp_log_warn(&srv->log, "%s %s answered %u", req->method_name, req->log_route, req->status);
	return queue_reply(req);
}

/* Runs the route's handler and queues its answer (or its offloaded work). */
static enum MHD_Result run_handler(struct kp_request *req)
{
	req->match.route->handler(req);
	return after_handler(req);
}

/* True for application/json or application/merge-patch+json, charset utf-8 if given. */
static bool is_json_media_type(const char *ct)
{
	if (!ct)
		return false;
	size_t n = strcspn(ct, ";");
	while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	bool json = (n == 16 && strncasecmp(ct, "application/json", 16) == 0) ||
		    (n == 28 && strncasecmp(ct, "application/merge-patch+json", 28) == 0);
	if (!json)
		return false;
	const char *params = ct + strcspn(ct, ";");
	while (*params == ';') {
		params++;
		while (*params == ' ' || *params == '\t')
			params++;
		size_t plen = strcspn(params, ";");
		if (strncasecmp(params, "charset=", 8) == 0) {
			const char *v = params + 8;
			size_t vlen = plen - 8;
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			if (!((vlen == 5 && strncasecmp(v, "utf-8", 5) == 0) || (vlen == 4 && strncasecmp(v, "utf8", 4) == 0)))
				return false;
		}
		params += plen;
	}
	return true;
}

/* --- Accept (406) -------------------------------------------------------------- */

/* "METHOD /template" -> array of the media types of its 2xx answers, from the embedded document. */
static json_t *produces_index;
static pthread_once_t produces_once = PTHREAD_ONCE_INIT;

/*
 * Writes "METHOD /path" with every {placeholder} shortened to {} into out
 * (placeholder names may differ between the route table and the document).
 * Returns false when it does not fit.
 */
static bool produces_key(const char *method, const char *path, char *out, size_t outlen)
{
	int n = snprintf(out, outlen, "%s ", method);
	if (n < 0 || (size_t)n >= outlen)
		return false;
	size_t o = (size_t)n;
	for (const char *c = path; *c; c++) {
		if (o + 2 >= outlen)
			return false;
		out[o++] = *c;
		if (*c == '{') {
			const char *close = strchr(c, '}');
			if (!close)
				return false;
			c = close - 1; /* the loop copies the '}' next */
		}
	}
	out[o] = '\0';
	return true;
}

/* Resolves a local reference ("#/components/responses/X") in doc; o itself when it is none. */
static json_t *openapi_deref(json_t *doc, json_t *o)
{
	const char *ref = json_string_value(json_object_get(o, "$ref"));
	if (!ref || strncmp(ref, "#/components/responses/", 23) != 0)
		return o;
	return json_object_get(json_object_get(json_object_get(doc, "components"), "responses"), ref + 23);
}

/*
 * Builds produces_index once from kp_openapi_json. When the document cannot
 * be read, the index stays NULL and no request is refused for its Accept.
 */
static void produces_build(void)
{
	json_t *doc = json_loadb((const char *)kp_openapi_json, kp_openapi_json_len, 0, NULL);
	json_t *index = json_object();
	const char *path;
	json_t *item;
	if (!doc || !index)
		goto fail;
	json_object_foreach(json_object_get(doc, "paths"), path, item) {
		const char *method;
		json_t *op;
		json_object_foreach(item, method, op) {
			json_t *types = json_array();
			char key[256];
			char upper[8] = { 0 };
			for (size_t i = 0; i < sizeof upper - 1 && method[i]; i++)
				upper[i] = (char)(method[i] >= 'a' && method[i] <= 'z' ? method[i] - 32 : method[i]);
			if (!types || !produces_key(upper, path, key, sizeof key) ||
			    json_object_set_new(index, key, types) != 0) {
				json_decref(types);
				continue;
			}
			const char *status;
			json_t *resp;
			json_object_foreach(json_object_get(op, "responses"), status, resp) {
				if (status[0] != '2')
					continue;
				const char *type;
				json_t *media;
				json_object_foreach(json_object_get(openapi_deref(doc, resp), "content"), type, media) {
					(void)media;
					json_array_append_new(types, json_string(type));
				}
			}
		}
	}
	json_decref(doc);
	produces_index = index; /* kept for the life of the process */
	return;
fail:
	json_decref(doc);
	json_decref(index);
}

/* Whether the media range [range, range+len) ("*" "/" "*", "text/" "*", "text/csv") covers type. */
static bool media_range_covers(const char *range, size_t len, const char *type)
{
	if (len == 3 && memcmp(range, "*/*", 3) == 0)
		return true;
	if (len >= 2 && range[len - 2] == '/' && range[len - 1] == '*')
		return strncasecmp(range, type, len - 1) == 0;
	return strlen(type) == len && strncasecmp(range, type, len) == 0;
}

/*
 * Whether the Accept header value allows one of types (RFC 9110 12.5.1):
 * a media range with q > 0 that covers one of them. Parameters other than
 * q are ignored; an absent or empty header accepts anything.
 */
static bool accept_allows(const char *accept, json_t *types)
{
	const char *p = accept;
	bool any_range = false;
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *range = p, *end = p + len;
		p = *end ? end + 1 : end;
		while (range < end && (*range == ' ' || *range == '\t'))
			range++;
		const char *param = range + strcspn(range, ";,"); /* ';' of the first parameter, or end */
		if (param > end)
			param = end;
		size_t rlen = (size_t)(param - range);
		while (rlen > 0 && (range[rlen - 1] == ' ' || range[rlen - 1] == '\t'))
			rlen--;
		if (rlen == 0)
			continue;
		any_range = true;
		double q = 1.0;
		while (param < end && *param == ';') {
			param++;
			while (param < end && (*param == ' ' || *param == '\t'))
				param++;
			size_t plen = strcspn(param, ";,");
			if (param + plen > end)
				plen = (size_t)(end - param);
			if (plen >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=')
				q = strtod(param + 2, NULL);
			param += plen;
		}
		if (q <= 0)
			continue;
		size_t i;
		json_t *t;
		json_array_foreach(types, i, t) {
			if (media_range_covers(range, rlen, json_string_value(t)))
				return true;
		}
	}
	return !any_range;
}

/*
 * Checks the request's Accept against what its route answers with (the 2xx
 * media types the document declares for it). Returns NULL when acceptable
 * (also for routes the document does not describe, and answers without a
 * body), else the list of what the route can answer with, in buf.
 */
static const char *accept_refused(struct kp_request *req, const struct kp_route *route, char *buf, size_t buflen)
{
	const char *accept = kp_req_header(req, MHD_HTTP_HEADER_ACCEPT);
	if (!accept)
		return NULL;
	pthread_once(&produces_once, produces_build);
	if (!produces_index)
		return NULL;
	const char *prefix = "/api/v1";
	const char *path = strncmp(route->path, prefix, strlen(prefix)) == 0 ? route->path + strlen(prefix) : route->path;
	char key[256];
	const char *method = route->method == KP_GET ? "GET"
			     : route->method == KP_POST ? "POST"
			     : route->method == KP_PUT ? "PUT"
			     : route->method == KP_PATCH ? "PATCH"
			     : "DELETE";
	if (!produces_key(method, path, key, sizeof key))
		return NULL;
	json_t *types = json_object_get(produces_index, key);
	if (json_array_size(types) == 0 || accept_allows(accept, types))
		return NULL;
	size_t o = 0, i;
	json_t *t;
	buf[0] = '\0';
	json_array_foreach(types, i, t) {
		int n = snprintf(buf + o, buflen - o, "%s%s", i ? ", " : "", json_string_value(t));
		if (n < 0 || (size_t)n >= buflen - o)
			break;
		o += (size_t)n;
	}
	return buf;
}

/* Answers an API path that matched no route: 404, or 405 with Allow. */
static enum MHD_Result reply_no_route(struct kp_request *req)
{
	if (req->match.allowed == 0) {
		req->log_route = "[onbekend]";
		return reply_problem_now(req, KP_P_NOT_FOUND, "Deze API-route bestaat niet.");
	}
	req->log_route = "[methode]";
	char allow[64];
	kp_allow_header(req->match.allowed, allow, sizeof allow);
	kp_reply_header(req, MHD_HTTP_HEADER_ALLOW, allow);
	char detail[128];
	snprintf(detail, sizeof detail, "Op deze route zijn alleen toegestaan: %s.", allow);
	return reply_problem_now(req, KP_P_METHOD_NOT_ALLOWED, detail);
}

/*
 * The checks of a matched API route before its handler: credentials, role,
 * CSRF token (state-changing requests in a session) and the Accept header.
 * Returns true when the handler may run; otherwise the refusal is the
 * request's answer (not yet queued) and false is returned.
 */
static bool admit(struct kp_request *req)
{
	struct kp_server *srv = req->srv;
	const struct kp_route *route = req->match.route;
	if (!route->public) {
		const char *cookie = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, KP_SESSION_COOKIE);
		const char *authz = kp_req_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
		const char *qt = route->query_token && !authz ? kp_req_query(req, "token") : NULL;
		switch (kp_auth_request(srv, route, cookie, authz, qt, &req->principal)) {
		case KP_AUTH_OK:
			break;
		case KP_AUTH_NONE:
		case KP_AUTH_INVALID:
			kp_reply_problem(req, KP_P_UNAUTHORIZED, "%s",
					 cookie || authz || qt ? "Je sessie is verlopen of ongeldig. Log opnieuw in."
							 : "Log in om dit te gebruiken.");
			return false;
		case KP_AUTH_ERROR:
			kp_reply_problem(req, KP_P_UNAVAILABLE, "De database is niet leesbaar.");
			return false;
		}
		if (!(route->roles & req->principal.rol)) {
			kp_reply_problem(req, KP_P_FORBIDDEN, "Je rol geeft geen toegang tot dit onderdeel.");
			return false;
		}
		if (req->principal.via == KP_VIA_SESSION && (req->method & (KP_POST | KP_PUT | KP_PATCH | KP_DELETE))) {
			const char *csrf = kp_req_header(req, KP_CSRF_HEADER);
			size_t n = strlen(req->principal.csrf);
			if (!csrf || strlen(csrf) != n || n == 0 || sodium_memcmp(csrf, req->principal.csrf, n) != 0) {
				kp_reply_problem(req, KP_P_FORBIDDEN,
						 "Het CSRF-token ontbreekt of klopt niet. Laad de pagina opnieuw.");
				return false;
			}
		}
	}
	char produces[128];
	if (accept_refused(req, route, produces, sizeof produces)) {
		kp_reply_problem(req, KP_P_NOT_ACCEPTABLE, "Deze route antwoordt alleen met %s; de kop Accept sluit dat uit.",
				 produces);
		return false;
	}
	return true;
}

/*
 * A request without a body whose checks were deferred (begin_api): runs
 * admit and the handler with one shared read snapshot (kp_db_share_begin),
 * so authentication and the handler's first read cost one transaction and
 * see the same data. Queues the answer or the refusal.
 */
static enum MHD_Result run_admitted(struct kp_request *req)
{
	struct kp_db *db = req->srv->db;
	req->checks_deferred = false;
	kp_db_share_begin(db);
	if (!admit(req)) {
		kp_db_share_end(db);
		return queue_reply(req);
	}
	req->match.route->handler(req);
	kp_db_share_end(db);
	return after_handler(req);
}

/*
 * First call for an /api/ path: routing, media type and size checks.
 * libmicrohttpd closes the connection after a response queued in this first
 * call, so only refusals of a body we will not read are answered here (the
 * client should stop sending); everything else waits for the next call and
 * keeps the connection alive.
 */
static enum MHD_Result begin_api(struct kp_request *req, const char *url)
{
	struct kp_server *srv = req->srv;
	if (kp_route_match(srv->routes, srv->n_routes, req->method, url, &req->match) != 0)
		return req->has_body ? reply_no_route(req) : MHD_YES;
	const struct kp_route *route = req->match.route;
	req->log_route = route->path;
	if (!req->has_body && !(req->method & (KP_POST | KP_PUT | KP_PATCH))) {
		/* nothing to refuse early: checked on the next call, together with
		 * the handler, so that both read from one snapshot */
		req->checks_deferred = true;
		return MHD_YES;
	}
	if (!admit(req))
		return req->has_body ? queue_reply(req) : MHD_YES;
	if (!(req->method & (KP_POST | KP_PUT | KP_PATCH)))
		return req->has_body ? run_handler(req) : MHD_YES;

	if (!is_json_media_type(kp_req_header(req, MHD_HTTP_HEADER_CONTENT_TYPE)))
		return reply_problem_now(req, KP_P_UNSUPPORTED_MEDIA_TYPE,
					 "Stuur de gegevens als JSON (Content-Type: application/json, UTF-8).");
	const char *cl = kp_req_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl) {
		errno = 0;
		char *end;
		unsigned long long n = strtoull(cl, &end, 10);
		if (errno || *end != '\0' || n > srv->cfg.max_body_bytes) {
			char detail[128];
			snprintf(detail, sizeof detail, "De body mag hoogstens %zu bytes zijn.", srv->cfg.max_body_bytes);
			return reply_problem_now(req, KP_P_PAYLOAD_TOO_LARGE, detail);
		}
	}
	req->wants_body = true;
	return MHD_YES;
}

/* Adds one chunk of upload data, or marks the body too large. */
static void accumulate(struct kp_request *req, const char *data, size_t len)
{
	if (req->body_too_large)
		return;
	size_t max = req->srv->cfg.max_body_bytes;
	if (len > max - req->body_len) {
		req->body_too_large = true;
		free(req->body);
		req->body = NULL;
		req->body_len = req->body_cap = 0;
		return;
	}
	if (req->body_len + len > req->body_cap) {
		size_t cap = req->body_cap ? req->body_cap : 1024;
		while (cap < req->body_len + len)
			cap *= 2;
		if (cap > max)
			cap = max;
		char *grown = realloc(req->body, cap);
		if (!grown) {
			req->body_too_large = true; /* cannot hold it: refuse, never truncate */
			return;
		}
		req->body = grown;
		req->body_cap = cap;
	}
	memcpy(req->body + req->body_len, data, len);
	req->body_len += len;
}

/* Answers a non-API path: the web app. */
static enum MHD_Result reply_app(struct kp_request *req)
{
	const char *url = req->url;
	if (!(req->method & (KP_GET | KP_HEAD))) {
		req->log_route = "[app]";
		kp_reply_header(req, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
		return reply_problem_now(req, KP_P_METHOD_NOT_ALLOWED, "Op deze route zijn alleen toegestaan: GET, HEAD.");
	}
	const struct kp_static_file *f = kp_static_lookup(req->srv->web, url);
	if (f) {
		req->log_route = f->path;
	} else {
		f = kp_static_index(req->srv->web);
		req->log_route = "[app]";
	}
	const char *inm = kp_req_header(req, MHD_HTTP_HEADER_IF_NONE_MATCH);
	bool fresh = inm && strcmp(inm, f->etag) == 0;
	req->replied = true;
	req->status = fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
	req->shared = fresh ? f->not_modified : f->ok;
	return queue_reply(req);
}

/*
 * Last call, the request (and its body, if any) complete: answer it.
 */
static enum MHD_Result complete_request(struct kp_request *req)
{
	if (req->audit_waiting) {
		if (!atomic_load(&req->audit_finished))
			return MHD_YES; /* not ours to answer yet */
		req->audit_waiting = false;
		if (!req->audit_committed)
			reply_unaudited(req);
		if (req->status >= 500)
			kp_log_warn(&req->srv->log, "%s %s answered %u", req->method_name, req->log_route, req->status);
		return queue_reply(req);
	}
	if (req->offloaded) {
		if (!atomic_load(&req->offload_done))
			return MHD_YES; /* not ours to answer yet */
		req->offloaded = false;
		req->offload_finish(req, req->offload_ctx);
		return after_handler(req);
	}
	if (req->replied)
		return queue_reply(req); /* refused earlier, answered now */
	if (!req->is_api)
		return reply_app(req);
	if (!req->match.route)
		return reply_no_route(req);
	if (req->checks_deferred)
		return run_admitted(req);
	if (!req->wants_body)
		return run_handler(req);
	if (req->body_too_large) {
		char detail[128];
		snprintf(detail, sizeof detail, "De body mag hoogstens %zu bytes zijn.", req->srv->cfg.max_body_bytes);
		return reply_problem_now(req, KP_P_PAYLOAD_TOO_LARGE, detail);
	}
	json_t *problem;
	req->json = kp_json_parse_body(req->body, req->body_len, &problem);
	if (!req->json) {
		kp_reply_problem_json(req, problem);
		return queue_reply(req);
	}
	return run_handler(req);
}

/* First call for a non-API path: answered later, unless a body is coming. */
static enum MHD_Result begin_app(struct kp_request *req)
{
	req->app = true;
	return req->has_body ? reply_app(req) : MHD_YES;
}

/* True when the request announces a body (Content-Length > 0 or chunked). */
static bool announces_body(struct kp_request *req)
{
	const char *cl = kp_req_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl && strcmp(cl, "0") != 0)
		return true;
	return kp_req_header(req, MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
}

/* Adds one query parameter to req->query, decoded; answers 400 and returns MHD_NO on bad input. */
static enum MHD_Result note_query_arg(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				      const char *value, size_t value_size)
{
	(void)kind;
	struct kp_request *req = cls;
	if (req->n_query == req->query_cap) {
		size_t cap = req->query_cap ? 2 * req->query_cap : 8;
		struct query_arg *grown = realloc(req->query, cap * sizeof *grown);
		if (!grown) {
			kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
			return MHD_NO;
		}
		req->query = grown;
		req->query_cap = cap;
	}
	struct query_arg *a = &req->query[req->n_query];
	a->key = malloc(key_size + 1);
	a->value = value ? malloc(value_size + 1) : NULL;
	if (!a->key || (value && !a->value)) {
		free(a->key);
		free(a->value);
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
		return MHD_NO;
	}
	req->n_query++; /* owned from here: freed with the request */
	size_t len;
	enum kp_pct bad = kp_percent_decode(key, key_size, a->key, &len, false);
	const char *name = bad == KP_PCT_OK ? a->key : "(naam)";
	if (bad == KP_PCT_OK && value)
		bad = kp_percent_decode(value, value_size, a->value, &len, false);
	if (bad == KP_PCT_OK)
		return MHD_YES;
	json_t *problem = kp_problem_json(KP_P_BAD_REQUEST,
					  "De URL bevat een ongeldige queryparameter: een kapotte %-code, een stuurteken "
					  "(zoals %00) of geen geldige UTF-8.");
	if (problem && kp_problem_add_invalid_param(problem, name, "Ongeldige tekens.") != 0) {
		json_decref(problem);
		problem = NULL;
	}
	kp_reply_problem_json(req, problem);
	return MHD_NO;
}

/*
 * Decodes the path (url, as the client sent it) into req->url and every
 * query parameter into req->query. Returns false after answering 400 (or
 * 500 when out of memory).
 */
static bool decode_url(struct kp_request *req, const char *url)
{
	size_t n = strlen(url), len;
	char *path = malloc(n + 1);
	if (!path) {
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
		return false;
	}
	req->url = path;
	enum kp_pct bad = kp_percent_decode(url, n, path, &len, true);
	if (bad != KP_PCT_OK) {
		path[0] = '\0';
		json_t *problem = kp_problem_json(KP_P_BAD_REQUEST,
						  bad == KP_PCT_SLASH
							  ? "Het pad bevat een gecodeerde / (%2F); die wordt niet gedecodeerd."
							  : "Het pad bevat een kapotte %-code, een stuurteken (zoals %00) of geen "
							    "geldige UTF-8.");
		if (problem && kp_problem_add_invalid_param(problem, "(pad)", "Ongeldige tekens.") != 0) {
			json_decref(problem);
			problem = NULL;
		}
		kp_reply_problem_json(req, problem);
		return false;
	}
	MHD_get_connection_values_n(req->conn, MHD_GET_ARGUMENT_KIND, note_query_arg, req);
	return !req->replied;
}

/*
 * MHD's unescape callback: leaves every escape as it is, so decode_url sees
 * the path and the query exactly as sent (MHD's own decoding turns %00 into
 * an end of string and %2F into a separator before we could look).
 */
static size_t unescape_none(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	return strlen(s);
}

static bool is_api_path(const char *url)
{
	return strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				 const char *version, const char *upload_data, size_t *upload_data_size,
				 void **con_cls)
{
	(void)version;
	struct kp_server *srv = cls;
	struct kp_request *req = *con_cls;
	if (!req) {
		req = calloc(1, sizeof *req);
		if (!req)
			return MHD_NO;
		*con_cls = req;
		atomic_fetch_add(&srv->in_flight, 1);
		clock_gettime(CLOCK_MONOTONIC, &req->start);
		req->srv = srv;
		req->conn = conn;
		req->method_name = method;
		req->method = kp_method_parse(method);
		req->log_route = "-";
		req->has_body = announces_body(req);
		if (!decode_url(req, url)) {
			req->log_route = "[ongeldige-url]";
			req->is_api = true; /* answered as problem+json, never the app */
			return req->has_body ? queue_reply(req) : MHD_YES;
		}
		req->is_api = is_api_path(req->url);
		return req->is_api ? begin_api(req, req->url) : begin_app(req);
	}
	if (*upload_data_size) {
		if (req->wants_body && !req->queued)
			accumulate(req, upload_data, *upload_data_size);
		*upload_data_size = 0; /* consumed (or discarded after an early answer) */
		return MHD_YES;
	}
	if (req->queued)
		return MHD_YES;
	return complete_request(req);
}

/* Seconds between two hand-backs of freed heap memory to the system (trim_heap). */
#define TRIM_EVERY_S 1

/*
 * Hands the freed pages of the heap back to the system, at most once every
 * TRIM_EVERY_S seconds (now: CLOCK_MONOTONIC), on the worker that completes
 * a request first after that. glibc keeps what a large answer (a year
 * report, a caseload, an export) freed in the arena of the thread that
 * built it, and with a dozen threads that adds up to tens of MB resident
 * that no request uses (bench/README.md, bench/mixed). One trim takes well
 * under a millisecond when little was freed.
 */
static void trim_heap(struct kp_server *srv, const struct timespec *now)
{
#ifdef __GLIBC__
	int64_t last = atomic_load(&srv->last_trim_s);
	if ((int64_t)now->tv_sec - last < TRIM_EVERY_S ||
	    !atomic_compare_exchange_strong(&srv->last_trim_s, &last, (int64_t)now->tv_sec))
		return;
	malloc_trim(0);
#else
	(void)srv;
	(void)now;
#endif
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	struct kp_server *srv = cls;
	struct kp_request *req = *con_cls;
	if (!req)
		return;
	*con_cls = NULL;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double ms = (double)(end.tv_sec - req->start.tv_sec) * 1e3 + (double)(end.tv_nsec - req->start.tv_nsec) / 1e6;
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		kp_log_info(&srv->log, "%s %s %u %.2fms", req->method_name, req->log_route, req->status, ms);
	else
		kp_log_info(&srv->log, "%s %s %u %.2fms aborted(%d)", req->method_name, req->log_route, req->status, ms,
			    (int)toe);
	if (req->offload_free)
		req->offload_free(req->offload_ctx);
	json_decref(req->json);
	free(req->url);
	for (size_t i = 0; i < req->n_query; i++) {
		free(req->query[i].key);
		free(req->query[i].value);
	}
	free(req->query);
	free(req->body);
	free(req->owned_body);
	if (req->stream)
		stream_free(req->stream); /* answered but never queued */
	free(req->audit_details);
	for (unsigned i = 0; i < req->n_headers; i++) {
		free(req->headers[i].name);
		free(req->headers[i].value);
	}
	free(req);
	atomic_fetch_sub(&srv->in_flight, 1);
	trim_heap(srv, &end);
}

__attribute__((format(printf, 2, 0))) static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct kp_server *srv = cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	kp_log_debug(&srv->log, "libmicrohttpd: %s", msg);
}

/* Resolves cfg's host into a socket address. */
static int resolve(const struct kp_config *cfg, struct sockaddr_storage *ss, socklen_t *sslen, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE };
	struct addrinfo *res = NULL;
	char port[8];
	snprintf(port, sizeof port, "%u", (unsigned)cfg->listen_port);
	int rc = getaddrinfo(cfg->listen_host, port, &hints, &res);
	if (rc != 0 || !res) {
		snprintf(err, errlen, "cannot resolve listen address %s: %s", cfg->listen_host, gai_strerror(rc));
		return -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

int kp_http_start(struct kp_server *srv, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	if (resolve(&srv->cfg, &ss, &sslen, err, errlen) != 0)
		return -1;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (srv->cfg.tls_cert[0]) {
		if (!srv->tls_cert_pem || !srv->tls_key_pem) {
			snprintf(err, errlen, "TLS certificate and key are not loaded");
			return -1;
		}
		flags |= MHD_USE_TLS;
	}
	srv->sessions = kp_session_cache_new(); /* NULL: every request looks its session up */
	if (kp_slowpool_start(&srv->slow, srv->cfg.hash_threads, 16 * srv->cfg.hash_threads) != 0) {
		snprintf(err, errlen, "cannot start the password hashing threads");
		kp_session_cache_free(srv->sessions);
		srv->sessions = NULL;
		return -1;
	}
	if (kp_auditq_start(&srv->auditq, srv->db, &srv->log, AUDIT_QUEUE_MAX) != 0) {
		snprintf(err, errlen, "cannot start the audit writer thread");
		kp_slowpool_stop(srv->slow);
		srv->slow = NULL;
		kp_session_cache_free(srv->sessions);
		srv->sessions = NULL;
		return -1;
	}
	struct MHD_OptionItem opts[] = {
		{ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_mhd_log, srv }, /* first, to catch all messages */
		{ MHD_OPTION_SOCK_ADDR, 0, &ss },
		{ MHD_OPTION_THREAD_POOL_SIZE, srv->cfg.threads, NULL },
		{ MHD_OPTION_CONNECTION_LIMIT, srv->cfg.connection_limit, NULL },
		{ MHD_OPTION_CONNECTION_TIMEOUT, srv->cfg.connection_timeout, NULL },
		{ MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)srv->cfg.connection_memory_limit, NULL },
		{ MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, srv },
		{ MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)unescape_none, NULL },
		/* without TLS the list ends here, before the certificate options */
		{ srv->cfg.tls_cert[0] ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, srv->tls_cert_pem },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, srv->tls_key_pem },
		{ MHD_OPTION_END, 0, NULL },
	};
	srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_access, srv, MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (!srv->daemon) {
		snprintf(err, errlen, "cannot listen on %s:%u (address in use or not available%s)", srv->cfg.listen_host,
			 (unsigned)srv->cfg.listen_port, srv->cfg.tls_cert[0] ? ", or the TLS certificate or key is invalid" : "");
		kp_slowpool_stop(srv->slow);
		srv->slow = NULL;
		kp_auditq_stop(srv->auditq);
		srv->auditq = NULL;
		kp_session_cache_free(srv->sessions);
		srv->sessions = NULL;
		return -1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : srv->cfg.listen_port;
	return 0;
}

void kp_http_stop(struct kp_server *srv)
{
	if (!srv->daemon)
		return;
	atomic_store(&srv->stopping, true);
	MHD_socket listen_fd = MHD_quiesce_daemon(srv->daemon);
	/* Let requests already being handled finish; idle keep-alive
	 * connections do not count and are closed by MHD_stop_daemon. */
	struct timespec step = { 0, 20 * 1000 * 1000 };
	for (unsigned waited = 0; atomic_load(&srv->in_flight) > 0 && waited < srv->cfg.shutdown_grace * 50; waited++)
		nanosleep(&step, NULL);
	if (atomic_load(&srv->in_flight) > 0)
		kp_log_warn(&srv->log, "stopping with %u requests still in flight", atomic_load(&srv->in_flight));
	/* finish queued hashing first: its jobs resume connections of this daemon */
	kp_slowpool_stop(srv->slow);
	srv->slow = NULL;
	/* and the audit entries of reads, which resume their connections too */
	kp_auditq_stop(srv->auditq);
	srv->auditq = NULL;
	MHD_stop_daemon(srv->daemon);
	srv->daemon = NULL;
	if (listen_fd != MHD_INVALID_SOCKET)
		close(listen_fd);
	kp_session_cache_free(srv->sessions);
	srv->sessions = NULL;
}
