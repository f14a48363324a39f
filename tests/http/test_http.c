/*
 * test_http.c - in-process HTTP tests: each test starts a real koppel server
 * (the same koppel_core the binary runs) on 127.0.0.1 port 0 with a fresh
 * database and the real web/ directory, and talks to it over a socket.
 *
 * Every error status Koppel answers with is checked for status line,
 * Content-Type application/problem+json, the API-Version header and the
 * problem body (type, title, status, detail). Routes under /api/v1/_test
 * exist only in this program; they reach the error kinds that no production
 * route produces yet and exercise handler mistakes (no answer, a leaked
 * transaction) that the HTTP layer must contain.
 */
#include <check.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "client.h"
#include "db.h"
#include "http.h"
#include "problem.h"
#include "routes.h"
#include "server.h"
#include "harness.h"
#include "testutil.h"

#ifndef KOPPEL_SOURCE_DIR
#error "KOPPEL_SOURCE_DIR must be defined by the build"
#endif

#define MAX_BODY 4096
#define srv hs
#define dbpath hs_db

/* --- routes that exist only in this test ----------------------------------- */

static void test_echo(struct kp_request *req)
{
	kp_reply_json(req, 200, json_incref(kp_req_body(req)));
}

static void test_problem(struct kp_request *req)
{
	int kind = atoi(kp_req_param(req, "kind"));
	if (kind < 0 || kind >= KP_P_COUNT) {
		kp_reply_problem(req, KP_P_NOT_FOUND, "Onbekende soort.");
		return;
	}
	if (kind == KP_P_TOO_MANY_REQUESTS)
		kp_reply_header(req, "Retry-After", "30");
	kp_reply_problem(req, (enum kp_problem)kind, "Testmelding %d.", kind);
}

static void test_param(struct kp_request *req)
{
	kp_reply_json(req, 200, json_pack("{s:s, s:s}", "id", kp_req_param(req, "id"), "sub", kp_req_param(req, "sub")));
}

static void test_noreply(struct kp_request *req)
{
	(void)req;
}

static void test_leak(struct kp_request *req)
{
	struct kp_conn *c = kp_db_read_begin(kp_req_server(req)->db);
	(void)c; /* deliberately never released */
	kp_reply_json(req, 200, json_object());
}

static void test_slow(struct kp_request *req)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	kp_reply_json(req, 200, json_pack("{s:b}", "klaar", 1));
}

/* Answers the query parameters a and b as the handler sees them. */
static void test_query(struct kp_request *req)
{
	kp_reply_json(req, 200, json_pack("{s:s?, s:s?}", "a", kp_req_query(req, "a"), "b", kp_req_query(req, "b")));
}

static const struct kp_route test_routes[] = {
	{ .method = KP_GET, .path = "/api/v1/_test/query", .handler = test_query, .public = true },
	{ .method = KP_POST, .path = "/api/v1/_test/echo", .handler = test_echo, .public = true },
	{ .method = KP_PUT, .path = "/api/v1/_test/echo", .handler = test_echo, .public = true },
	{ .method = KP_GET, .path = "/api/v1/_test/problem/{kind}", .handler = test_problem, .public = true },
	{ .method = KP_GET, .path = "/api/v1/_test/param/{id}/sub/{sub}", .handler = test_param, .public = true },
	{ .method = KP_GET, .path = "/api/v1/_test/noreply", .handler = test_noreply, .public = true },
	{ .method = KP_GET, .path = "/api/v1/_test/leak", .handler = test_leak, .public = true },
	{ .method = KP_GET, .path = "/api/v1/_test/slow", .handler = test_slow, .public = true },
};
#define N_TEST_ROUTES (sizeof test_routes / sizeof test_routes[0])

/* --- fixture -------------------------------------------------------------- */

static void setup(void)
{
	harness_start(test_routes, N_TEST_ROUTES);
}

static void teardown(void)
{
	harness_stop();
}

/* --- assertions ----------------------------------------------------------- */

/* Asserts the headers every answer carries. */
static void assert_common(const struct http_response *r)
{
	char buf[512];
	ck_assert_str_eq(http_header(r, "API-Version", buf, sizeof buf) ? buf : "(none)", KOPPEL_VERSION);
	ck_assert_str_eq(http_header(r, "X-Content-Type-Options", buf, sizeof buf) ? buf : "(none)", "nosniff");
	ck_assert_ptr_nonnull(http_header(r, "Content-Security-Policy", buf, sizeof buf));
	ck_assert_ptr_nonnull(strstr(buf, "frame-ancestors 'none'"));
	ck_assert_ptr_nonnull(http_header(r, "Referrer-Policy", buf, sizeof buf));
}

/* Asserts r is a problem+json answer with this status; returns the parsed body. */
static json_t *assert_problem(const struct http_response *r, int status)
{
	char buf[256];
	ck_assert_int_eq(r->status, status);
	assert_common(r);
	ck_assert_str_eq(http_header(r, "Content-Type", buf, sizeof buf) ? buf : "(none)", "application/problem+json");
	json_error_t e;
	json_t *j = json_loads(r->body, 0, &e);
	if (!j)
		ck_abort_msg("problem body is not JSON: %s (%s)", e.text, r->body);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "status")), status);
	ck_assert(json_is_string(json_object_get(j, "title")));
	ck_assert(json_string_length(json_object_get(j, "detail")) > 0);
	const char *type = json_string_value(json_object_get(j, "type"));
	ck_assert_ptr_nonnull(type);
	ck_assert(strncmp(type, KP_PROBLEM_TYPE_PREFIX, strlen(KP_PROBLEM_TYPE_PREFIX)) == 0);
	return j;
}

static json_t *assert_json(const struct http_response *r, int status)
{
	char buf[256];
	ck_assert_int_eq(r->status, status);
	assert_common(r);
	ck_assert_str_eq(http_header(r, "Content-Type", buf, sizeof buf) ? buf : "(none)", "application/json");
	json_t *j = json_loads(r->body, 0, NULL);
	ck_assert_ptr_nonnull(j);
	return j;
}

static const char JSON_CT[] = "Content-Type: application/json\r\n";

/* --- health --------------------------------------------------------------- */

START_TEST(health_ok)
{
	struct http_response r;
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/health", NULL, NULL, &r), 0);
	json_t *j = assert_json(&r, 200);
	char buf[64];
	ck_assert_str_eq(http_header(&r, "Cache-Control", buf, sizeof buf), "no-store");
	ck_assert_str_eq(json_string_value(json_object_get(j, "status")), "ok");
	ck_assert_str_eq(json_string_value(json_object_get(j, "version")), KOPPEL_VERSION);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "schemaVersion")), kp_db_schema_latest());
	json_decref(j);
	http_response_free(&r);
}
END_TEST

START_TEST(health_head)
{
	struct http_response get, head;
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/health", NULL, NULL, &get), 0);
	ck_assert_int_eq(http_do(srv.port, "HEAD", "/api/v1/health", NULL, NULL, &head), 0);
	ck_assert_int_eq(head.status, 200);
	assert_common(&head);
	ck_assert_uint_eq(head.body_len, 0);
	char a[32], b[32];
	ck_assert_str_eq(http_header(&head, "Content-Length", a, sizeof a), http_header(&get, "Content-Length", b, sizeof b));
	http_response_free(&get);
	http_response_free(&head);
}
END_TEST

START_TEST(health_503_when_schema_changed_underneath)
{
	/* another process (say, a newer koppel) changes the schema version */
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(dbpath, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "PRAGMA user_version=999", NULL, NULL, NULL), SQLITE_OK);
	struct http_response r;
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/health", NULL, NULL, &r), 0);
	json_t *j = assert_problem(&r, 503);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "detail")), "999"));
	json_decref(j);
	http_response_free(&r);

	char restore[64];
	snprintf(restore, sizeof restore, "PRAGMA user_version=%d", kp_db_schema_latest());
	ck_assert_int_eq(sqlite3_exec(h, restore, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/health", NULL, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	http_response_free(&r);
}
END_TEST

START_TEST(connections_are_kept_alive)
{
	/* two requests on one connection: the first answer must not close it */
	const char raw[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
			   "GET /api/v1/bestaat-niet HTTP/1.1\r\nHost: x\r\n\r\n"
			   "GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	struct http_response r;
	ck_assert_int_eq(http_raw(srv.port, raw, sizeof raw - 1, &r), 0);
	ck_assert_int_eq(r.status, 200);
	char buf[64];
	ck_assert_msg(http_header(&r, "Connection", buf, sizeof buf) == NULL, "first answer says Connection: %s", buf);
	/* the rest of the stream holds the 404 and the page */
	const char *second = strstr(r.body, "HTTP/1.1 404 ");
	ck_assert_ptr_nonnull(second);
	ck_assert_ptr_nonnull(strstr(second, "HTTP/1.1 200 "));
	ck_assert_ptr_nonnull(strstr(second, "<html lang=\"nl\""));
	http_response_free(&r);
}
END_TEST

/* --- routing errors ---------------------------------------------------------- */

START_TEST(unknown_api_path_404)
{
	const char *paths[] = { "/api/v1/bestaat-niet", "/api/v1/health/", "/api/v2/health", "/api", "/api/",
				"/api/v1/_test/param/1/sub" };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct http_response r;
		ck_assert_int_eq(http_do(srv.port, "GET", paths[i], NULL, NULL, &r), 0);
		json_decref(assert_problem(&r, 404));
		http_response_free(&r);
	}
}
END_TEST

START_TEST(wrong_method_405_with_allow)
{
	struct http_response r;
	char buf[64];
	ck_assert_int_eq(http_do(srv.port, "DELETE", "/api/v1/health", NULL, NULL, &r), 0);
	json_decref(assert_problem(&r, 405));
	ck_assert_str_eq(http_header(&r, "Allow", buf, sizeof buf), "GET, HEAD");
	http_response_free(&r);

	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/_test/echo", NULL, NULL, &r), 0);
	json_decref(assert_problem(&r, 405));
	ck_assert_str_eq(http_header(&r, "Allow", buf, sizeof buf), "POST, PUT");
	http_response_free(&r);

	/* the web app only knows GET and HEAD */
	ck_assert_int_eq(http_do(srv.port, "POST", "/", JSON_CT, "{}", &r), 0);
	json_decref(assert_problem(&r, 405));
	ck_assert_str_eq(http_header(&r, "Allow", buf, sizeof buf), "GET, HEAD");
	http_response_free(&r);

	ck_assert_int_eq(http_do(srv.port, "BREW", "/api/v1/health", NULL, NULL, &r), 0);
	json_decref(assert_problem(&r, 405));
	http_response_free(&r);
}
END_TEST

START_TEST(route_parameters)
{
	struct http_response r;
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/_test/param/42/sub/abc", NULL, NULL, &r), 0);
	json_t *j = assert_json(&r, 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "id")), "42");
	ck_assert_str_eq(json_string_value(json_object_get(j, "sub")), "abc");
	json_decref(j);
	http_response_free(&r);

	/* an absurdly long placeholder value never matches */
	char path[512] = "/api/v1/_test/param/";
	memset(path + strlen(path), '9', 300);
	strcat(path, "/sub/x");
	ck_assert_int_eq(http_do(srv.port, "GET", path, NULL, NULL, &r), 0);
	json_decref(assert_problem(&r, 404));
	http_response_free(&r);
}
END_TEST

/* --- request bodies ----------------------------------------------------------- */

START_TEST(json_body_echoed)
{
	struct http_response r;
	const char *body = "{\"naam\":\"Gezin de Vries\",\"kinderen\":[\"Sem\",\"Noor\"],\"ü\":\"ë\"}";
	ck_assert_int_eq(http_do(srv.port, "POST", "/api/v1/_test/echo", JSON_CT, body, &r), 0);
	json_t *j = assert_json(&r, 200);
	json_t *want = json_loads(body, 0, NULL);
	ck_assert(json_equal(j, want));
	json_decref(want);
	json_decref(j);
	http_response_free(&r);

	ck_assert_int_eq(http_do(srv.port, "PUT", "/api/v1/_test/echo",
				 "Content-Type: application/json; charset=UTF-8\r\n", "{\"a\":1}", &r), 0);
	json_decref(assert_json(&r, 200));
	http_response_free(&r);
}
END_TEST

START_TEST(wrong_media_type_415)
{
	const char *types[] = { "Content-Type: text/plain\r\n", "", "Content-Type: application/jsonx\r\n",
				"Content-Type: application/json; charset=latin1\r\n",
				"Content-Type: application/x-www-form-urlencoded\r\n" };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		struct http_response r;
		ck_assert_int_eq(http_do(srv.port, "POST", "/api/v1/_test/echo", types[i], "{\"a\":1}", &r), 0);
		json_decref(assert_problem(&r, 415));
		http_response_free(&r);
	}
}
END_TEST

START_TEST(too_large_by_content_length_413)
{
	/* headers only: the answer must come before the body is sent */
	const char raw[] = "POST /api/v1/_test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
			   "Content-Length: 104857600\r\nConnection: close\r\n\r\n";
	struct http_response r;
	ck_assert_int_eq(http_raw(srv.port, raw, sizeof raw - 1, &r), 0);
	json_decref(assert_problem(&r, 413));
	http_response_free(&r);
}
END_TEST

START_TEST(too_large_chunked_413)
{
	/* no Content-Length: the body grows past the cap while being read */
	size_t chunks = 8, chunk = 1024;
	size_t cap = 512 + chunks * (chunk + 16);
	char *raw = malloc(cap);
	ck_assert_ptr_nonnull(raw);
	int n = snprintf(raw, cap,
			 "POST /api/v1/_test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
			 "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
	for (size_t i = 0; i < chunks; i++) {
		n += snprintf(raw + n, cap - (size_t)n, "%zx\r\n", chunk);
		memset(raw + n, i == 0 ? '[' : ' ', chunk);
		n += (int)chunk;
		n += snprintf(raw + n, cap - (size_t)n, "\r\n");
	}
	n += snprintf(raw + n, cap - (size_t)n, "0\r\n\r\n");
	struct http_response r;
	ck_assert_int_eq(http_raw(srv.port, raw, (size_t)n, &r), 0);
	json_decref(assert_problem(&r, 413));
	http_response_free(&r);
	free(raw);

	/* and the server is fine afterwards */
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/health", NULL, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	http_response_free(&r);
}
END_TEST

START_TEST(body_at_the_limit_accepted)
{
	/* exactly MAX_BODY bytes of valid JSON */
	char *body = malloc(MAX_BODY + 1);
	ck_assert_ptr_nonnull(body);
	memset(body, ' ', MAX_BODY);
	memcpy(body, "{\"a\":\"", 6);
	memset(body + 6, 'x', MAX_BODY - 8);
	memcpy(body + MAX_BODY - 2, "\"}", 2);
	body[MAX_BODY] = '\0';
	struct http_response r;
	ck_assert_int_eq(http_do(srv.port, "POST", "/api/v1/_test/echo", JSON_CT, body, &r), 0);
	json_decref(assert_json(&r, 200));
	http_response_free(&r);
	body[MAX_BODY - 1] = ' ';
	free(body);
}
END_TEST

START_TEST(malformed_json_400_names_line_and_column)
{
	struct http_response r;
	ck_assert_int_eq(http_do(srv.port, "POST", "/api/v1/_test/echo", JSON_CT, "{\n  \"a\": 1,\n  \"b\": }", &r), 0);
	json_t *j = assert_problem(&r, 400);
	const char *detail = json_string_value(json_object_get(j, "detail"));
	ck_assert_msg(strstr(detail, "regel 3") && strstr(detail, "kolom"), "detail: %s", detail);
	json_decref(j);
	http_response_free(&r);
}
END_TEST

START_TEST(bad_bodies_400)
{
	const char *bodies[] = {
		"{\"a\":1,\"a\":2}", /* duplicate key */
		"[1,2,3]",           /* not an object */
		"\"tekst\"",         /* not an object */
		"{\"a\":1} extra",   /* trailing garbage */
		"{\"a\":\"\xff\xfe\"}", /* invalid UTF-8 */
		"{\"a\":\"x\\u0000y\"}", /* NUL inside a string */
		"",                  /* empty */
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		struct http_response r;
		ck_assert_int_eq(http_do(srv.port, "POST", "/api/v1/_test/echo", JSON_CT, bodies[i], &r), 0);
		json_t *j = assert_problem(&r, 400);
		ck_assert_str_eq(json_string_value(json_object_get(j, "type")), KP_PROBLEM_TYPE_PREFIX "ongeldige-json");
		json_decref(j);
		http_response_free(&r);
	}
}
END_TEST

/* jansson quotes the bytes near the error: an invalid escape before a
 * two-byte character puts half of it into the error text. */
START_TEST(invalid_escape_before_multibyte_400_not_500)
{
	static const char *const bodies[] = {
		"{\"a\\\xc3\xa9\"}",          /* {"a\é"} */
		"{\"a\\\xe2\x82\xac\":1}",     /* {"a\€":1} */
		"{\"\xf0\x9f\x98\x80\\\xf0\x9f\x98\x80\"}", /* emoji, backslash, emoji */
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		struct http_response r;
		ck_assert_int_eq(http_do(srv.port, "POST", "/api/v1/_test/echo", JSON_CT, bodies[i], &r), 0);
		json_t *j = assert_problem(&r, 400);
		ck_assert_str_eq(json_string_value(json_object_get(j, "type")), KP_PROBLEM_TYPE_PREFIX "ongeldige-json");
		const char *detail = json_string_value(json_object_get(j, "detail"));
		ck_assert_msg(strstr(detail, "regel 1") && strstr(detail, "kolom"), "detail: %s", detail);
		json_decref(j);
		http_response_free(&r);
	}
}
END_TEST

/* --- the URL: path and query decoded strictly ------------------------------------------ */

/* GETs path; asserts a 400 problem naming the parameter `name`. */
static void assert_url_refused(const char *path, const char *name)
{
	struct http_response r;
	ck_assert_int_eq(http_do(srv.port, "GET", path, NULL, NULL, &r), 0);
	ck_assert_msg(r.status == 400, "%s -> %d %s", path, r.status, r.body);
	json_t *j = assert_problem(&r, 400);
	json_t *p = json_array_get(json_object_get(j, "invalidParams"), 0);
	ck_assert_msg(p != NULL, "%s: no invalidParams in %s", path, r.body);
	ck_assert_str_eq(json_string_value(json_object_get(p, "name")), name);
	json_decref(j);
	http_response_free(&r);
}

START_TEST(query_decoded_strictly)
{
	/* what is well-formed arrives decoded: UTF-8, '+' as space, an encoded '/' */
	struct http_response r;
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/_test/query?a=%C3%A9+x%2Fy&%62=2", NULL, NULL, &r), 0);
	json_t *j = assert_json(&r, 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "a")), "\xc3\xa9 x/y");
	ck_assert_str_eq(json_string_value(json_object_get(j, "b")), "2");
	json_decref(j);
	http_response_free(&r);

	assert_url_refused("/api/v1/_test/query?a=%ff", "a");           /* not UTF-8 */
	assert_url_refused("/api/v1/_test/query?a=%c3", "a");           /* a character cut short */
	assert_url_refused("/api/v1/_test/query?a=%c0%af", "a");        /* overlong '/' */
	assert_url_refused("/api/v1/_test/query?b=1&a=x%00y", "a");     /* NUL */
	assert_url_refused("/api/v1/_test/query?a=x%0ay", "a");         /* line feed */
	assert_url_refused("/api/v1/_test/query?a=%zz", "a");           /* broken escape */
	assert_url_refused("/api/v1/_test/query?a=%4", "a");            /* escape cut short */
	assert_url_refused("/api/v1/_test/query?a%00b=1", "(naam)");    /* in the name */
	/* the reproduction: a real route, before anything else is looked at */
	assert_url_refused("/api/v1/overzichten/kwartaal?gemeente=%ff&jaar=2026&kwartaal=1", "gemeente");

	/* raw bytes that are not UTF-8, not encoded at all */
	static const char raw[] = "GET /api/v1/_test/query?a=\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	ck_assert_int_eq(http_raw(srv.port, raw, sizeof raw - 1, &r), 0);
	ck_assert_int_eq(r.status, 400);
	http_response_free(&r);
}
END_TEST

START_TEST(path_decoded_strictly)
{
	/* well-formed escapes in a segment arrive decoded */
	struct http_response r;
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/_test/param/%C3%A9/sub/a%20b", NULL, NULL, &r), 0);
	json_t *j = assert_json(&r, 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "id")), "\xc3\xa9");
	ck_assert_str_eq(json_string_value(json_object_get(j, "sub")), "a b");
	json_decref(j);
	http_response_free(&r);

	/* %00 used to cut the path short: /gezinnen/1%00/logboek served /gezinnen/1 */
	assert_url_refused("/api/v1/gezinnen/1%00/logboek", "(pad)");
	assert_url_refused("/api/v1/_test/param/1%00/sub/x", "(pad)");
	/* %2F used to be decoded before routing: /gezinnen/1%2flogboek routed as /gezinnen/1/logboek */
	assert_url_refused("/api/v1/gezinnen/1%2flogboek", "(pad)");
	assert_url_refused("/api/v1/_test/param/1%2Fsub%2fx/sub/y", "(pad)");
	assert_url_refused("/api/v1/_test/param/%ff/sub/x", "(pad)");
	assert_url_refused("/api/v1/_test/param/%e2%80/sub/x", "(pad)");
	assert_url_refused("/api/v1/_test/param/%g1/sub/x", "(pad)");
	assert_url_refused("/api/v1/_test/param/1%/sub/x", "(pad)");
	assert_url_refused("/api/v1/_test/param/1%09/sub/x", "(pad)");
	/* also outside the API: never the app for a URL that does not decode */
	assert_url_refused("/gezinnen/1%00", "(pad)");
}
END_TEST

/* A coordinator's session with one werkgebied, for tests through real routes. */
static void login_coordinator(struct hs_session *s)
{
	harness_werkgebied("AMS");
	harness_user("coord", "coordinator", "AMS", 1);
	ck_assert_int_eq(harness_login("coord", HS_PASSWORD, s), 201);
}

/* The invalidParams names of problem j joined with ','. */
static void param_names(json_t *j, char *out, size_t outlen)
{
	out[0] = '\0';
	size_t i, used = 0;
	json_t *e;
	json_array_foreach(json_object_get(j, "invalidParams"), i, e)
	{
		int n = snprintf(out + used, outlen - used, "%s,", json_string_value(json_object_get(e, "name")));
		if (n < 0 || (size_t)n >= outlen - used)
			break;
		used += (size_t)n;
	}
}

START_TEST(bidi_and_invisible_characters_refused)
{
	struct hs_session s;
	login_coordinator(&s);
	static const char fmt[] = "{\"naam\":\"%s\",\"rol\":\"steungezin\",\"werkgebied\":\"AMS\",\"aanbod\":{},"
				  "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"%s\"}],"
				  "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-05\","
				  "\"gegevenDoor\":\"Piet\"}]}";
	/* right-to-left override, pop, zero-width space, left-to-right isolate, BOM, a tab, a line separator */
	static const char *const bad[] = { "Jansen\xe2\x80\xae" "fdp.exe", "Jan\xe2\x80\xac", "Jan\xe2\x80\x8bsen",
					   "\xe2\x81\xa6Jan",		"\xef\xbb\xbfJan",	"Jan\\tsen",
					   "Jan\xe2\x80\xa8sen" };
	char body[512], names[256];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(body, sizeof body, fmt, bad[i], bad[i]);
		struct http_response r;
		json_t *j = harness_call(&s, "POST", "/api/v1/gezinnen", body, 1, NULL, &r);
		ck_assert_msg(r.status == 400, "%zu: %d %s", i, r.status, r.body);
		param_names(j, names, sizeof names);
		ck_assert_str_eq(names, "/naam,/leden/0/voornaam,");
		json_decref(j);
		http_response_free(&r);
	}
	/* the same body with plain names is accepted */
	snprintf(body, sizeof body, fmt, "Familie J\xc3\xa4nsen", "Pi\xc3\xabt");
	struct http_response r;
	json_t *j = harness_call(&s, "POST", "/api/v1/gezinnen", body, 1, NULL, &r);
	ck_assert_msg(r.status == 201, "%d %s", r.status, r.body);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_response_free(&r);

	/* free text (the logboek) refuses bidi controls too, keeps line breaks and emoji joiners */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)id);
	j = harness_call(&s, "POST", path, "{\"soort\":\"notitie\",\"tekst\":\"Gesprek\\nmet \xe2\x80\xaeJan\"}", 1,
			 NULL, &r);
	ck_assert_msg(r.status == 400, "%d %s", r.status, r.body);
	param_names(j, names, sizeof names);
	ck_assert_str_eq(names, "/tekst,");
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&s, "POST", path,
			 "{\"soort\":\"notitie\",\"tekst\":\"Gesprek\\nmet Jan \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa7\"}",
			 1, NULL, &r);
	ck_assert_msg(r.status == 201, "%d %s", r.status, r.body);
	json_decref(j);
	http_response_free(&r);
}
END_TEST

/* --- the problem registry -------------------------------------------------------- */

START_TEST(every_problem_kind_answers_correctly)
{
	int seen_status[600] = { 0 };
	for (int kind = 0; kind < KP_P_COUNT; kind++) {
		const struct kp_problem_info *info = kp_problem_info((enum kp_problem)kind);
		char path[64];
		snprintf(path, sizeof path, "/api/v1/_test/problem/%d", kind);
		struct http_response r;
		ck_assert_int_eq(http_do(srv.port, "GET", path, NULL, NULL, &r), 0);
		json_t *j = assert_problem(&r, (int)info->status);
		ck_assert_str_eq(json_string_value(json_object_get(j, "title")), info->title);
		char want_type[128], detail[64], buf[32];
		snprintf(want_type, sizeof want_type, "%s%s", KP_PROBLEM_TYPE_PREFIX, info->slug);
		ck_assert_str_eq(json_string_value(json_object_get(j, "type")), want_type);
		snprintf(detail, sizeof detail, "Testmelding %d.", kind);
		ck_assert_str_eq(json_string_value(json_object_get(j, "detail")), detail);
		if (kind == KP_P_TOO_MANY_REQUESTS)
			ck_assert_str_eq(http_header(&r, "Retry-After", buf, sizeof buf), "30");
		seen_status[info->status] = 1;
		json_decref(j);
		http_response_free(&r);
	}
	const int required[] = { 400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429, 500, 503 };
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		ck_assert_msg(seen_status[required[i]], "no problem kind for status %d", required[i]);
}
END_TEST

START_TEST(handler_without_answer_500)
{
	struct http_response r;
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/_test/noreply", NULL, NULL, &r), 0);
	json_decref(assert_problem(&r, 500));
	http_response_free(&r);
}
END_TEST

START_TEST(leaked_transaction_is_contained)
{
	/* Release builds: rolled back, counted, server keeps serving.
	 * Debug builds: the assertion stops the process (see the test case). */
	struct http_response r;
	http_do(srv.port, "GET", "/api/v1/_test/leak", NULL, NULL, &r);
	http_response_free(&r);
	ck_assert_uint_eq(atomic_load(&srv.handler_leaks), 1);
	for (int i = 0; i < 10; i++) {
		ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/health", NULL, NULL, &r), 0);
		ck_assert_int_eq(r.status, 200);
		http_response_free(&r);
	}
}
END_TEST

/* --- the web app -------------------------------------------------------------- */

START_TEST(web_index_and_assets)
{
	struct http_response r;
	char buf[512], etag[64];
	ck_assert_int_eq(http_do(srv.port, "GET", "/", NULL, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	assert_common(&r);
	ck_assert_str_eq(http_header(&r, "Content-Type", buf, sizeof buf), "text/html; charset=utf-8");
	ck_assert_ptr_nonnull(http_header(&r, "Content-Security-Policy", buf, sizeof buf));
	ck_assert_ptr_nonnull(strstr(buf, "script-src 'self'"));
	ck_assert_ptr_null(strstr(buf, "unsafe-inline"));
	ck_assert_ptr_nonnull(http_header(&r, "ETag", etag, sizeof etag));
	ck_assert_ptr_nonnull(http_header(&r, "Cache-Control", buf, sizeof buf));
	ck_assert_ptr_nonnull(strstr(r.body, "<html lang=\"nl\""));
	char *index_body = strdup(r.body);
	http_response_free(&r);

	/* revalidation */
	char hdr[128];
	snprintf(hdr, sizeof hdr, "If-None-Match: %s\r\n", etag);
	ck_assert_int_eq(http_do(srv.port, "GET", "/index.html", hdr, NULL, &r), 0);
	ck_assert_int_eq(r.status, 304);
	assert_common(&r);
	ck_assert_uint_eq(r.body_len, 0);
	http_response_free(&r);

	ck_assert_int_eq(http_do(srv.port, "GET", "/app.js", NULL, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(http_header(&r, "Content-Type", buf, sizeof buf), "text/javascript; charset=utf-8");
	http_response_free(&r);

	ck_assert_int_eq(http_do(srv.port, "GET", "/app.css", NULL, NULL, &r), 0);
	ck_assert_str_eq(http_header(&r, "Content-Type", buf, sizeof buf), "text/css; charset=utf-8");
	http_response_free(&r);

	/* client-side routes and anything unknown get the app shell */
	const char *spa[] = { "/gezinnen/12", "/koppelingen", "/niet/bestaand.js" };
	for (size_t i = 0; i < sizeof spa / sizeof spa[0]; i++) {
		ck_assert_int_eq(http_do(srv.port, "GET", spa[i], NULL, NULL, &r), 0);
		ck_assert_int_eq(r.status, 200);
		ck_assert_str_eq(r.body, index_body);
		http_response_free(&r);
	}
	free(index_body);
}
END_TEST

START_TEST(web_path_traversal_impossible)
{
	const char *paths[] = { "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
				"//etc/passwd", "/web/../CMakeLists.txt", "/.git/config", "/./index.html/.." };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		char raw[256];
		int n = snprintf(raw, sizeof raw, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", paths[i]);
		struct http_response r;
		ck_assert_int_eq(http_raw(srv.port, raw, (size_t)n, &r), 0);
		ck_assert_msg(r.status == 200 || r.status == 400 || r.status == 404, "%s -> %d", paths[i], r.status);
		ck_assert_msg(!strstr(r.body, "root:") && !strstr(r.body, "cmake_minimum_required") &&
				      !strstr(r.body, "[core]"),
			      "%s leaked a file", paths[i]);
		http_response_free(&r);
	}
}
END_TEST

/* --- API description -------------------------------------------------------------- */

START_TEST(openapi_describes_every_route)
{
	struct http_response r;
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/openapi.json", NULL, NULL, &r), 0);
	json_t *doc = assert_json(&r, 200);
	char etag[64];
	ck_assert_ptr_nonnull(http_header(&r, "ETag", etag, sizeof etag));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(doc, "info"), "version")), KOPPEL_VERSION);
	json_t *paths = json_object_get(doc, "paths");
	for (size_t i = 0; i < kp_routes_count; i++) {
		const char *p = kp_routes[i].path;
		ck_assert(strncmp(p, "/api/v1", 7) == 0);
		json_t *item = json_object_get(paths, p + 7);
		ck_assert_msg(item != NULL, "route %s is not in openapi.json", p);
		char method[8];
		kp_allow_header(kp_routes[i].method, method, sizeof method);
		for (char *c = method; *c; c++)
			*c = (char)(*c - 'A' + 'a');
		ck_assert_msg(json_object_get(item, method) != NULL, "%s %s is not in openapi.json", method, p);
	}
	json_decref(doc);
	http_response_free(&r);

	char hdr[128];
	snprintf(hdr, sizeof hdr, "If-None-Match: %s\r\n", etag);
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/openapi.json", hdr, NULL, &r), 0);
	ck_assert_int_eq(r.status, 304);
	assert_common(&r);
	http_response_free(&r);
}
END_TEST

/* --- hostile input ---------------------------------------------------------------- */

START_TEST(hostile_requests_do_not_hurt)
{
	static const char *const raws[] = {
		"GARBAGE\r\n\r\n",
		"GET\r\n\r\n",
		"GET /api/v1/health HTTP/9.9\r\n\r\n",
		"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
		"POST /api/v1/_test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n"
		"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"POST /api/v1/_test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
		"Transfer-Encoding: chunked\r\n\r\nzz\r\n",
		"\x00\x01\x02\x03\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof raws / sizeof raws[0]; i++) {
		struct http_response r;
		size_t len = i == 6 ? 8 : strlen(raws[i]);
		http_raw_timeout(srv.port, raws[i], len, 1, &r);
		if (r.status >= 0)
			ck_assert_msg(r.status >= 400, "hostile request %zu answered %d", i, r.status);
		http_response_free(&r);
	}
	/* headers far beyond the per-connection memory limit */
	size_t big = 64 * 1024;
	char *raw = malloc(big + 128);
	ck_assert_ptr_nonnull(raw);
	int n = snprintf(raw, 128, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Lang: ");
	memset(raw + n, 'a', big);
	memcpy(raw + n + big, "\r\n\r\n", 4);
	struct http_response r;
	http_raw_timeout(srv.port, raw, (size_t)n + big + 4, 1, &r);
	if (r.status >= 0)
		ck_assert_int_ge(r.status, 400);
	http_response_free(&r);
	free(raw);

	/* still healthy */
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/health", NULL, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	http_response_free(&r);
}
END_TEST

/* --- concurrency and shutdown ------------------------------------------------------- */

static atomic_int ok_count;

static void *hammer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 50; i++) {
		struct http_response r;
		if (http_do(srv.port, "GET", "/api/v1/health", NULL, NULL, &r) == 0 && r.status == 200)
			atomic_fetch_add(&ok_count, 1);
		http_response_free(&r);
	}
	return NULL;
}

START_TEST(concurrent_requests)
{
	pthread_t t[8];
	atomic_store(&ok_count, 0);
	for (int i = 0; i < 8; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, hammer, NULL), 0);
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	ck_assert_int_eq(atomic_load(&ok_count), 400);
}
END_TEST

struct slow_result {
	struct http_response r;
	int rc;
};

static void *slow_request(void *arg)
{
	struct slow_result *res = arg;
	res->rc = http_do(srv.port, "GET", "/api/v1/_test/slow", NULL, NULL, &res->r);
	return NULL;
}

START_TEST(stop_finishes_in_flight_requests)
{
	struct slow_result res;
	pthread_t t;
	ck_assert_int_eq(pthread_create(&t, NULL, slow_request, &res), 0);
	/* wait until the request is being handled */
	for (int i = 0; i < 200 && atomic_load(&srv.in_flight) == 0; i++) {
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	ck_assert_uint_eq(atomic_load(&srv.in_flight), 1);
	kp_server_stop(&srv);
	pthread_join(t, NULL);
	ck_assert_int_eq(res.rc, 0);
	json_t *j = assert_json(&res.r, 200);
	ck_assert(json_is_true(json_object_get(j, "klaar")));
	json_decref(j);
	http_response_free(&res.r);
	/* and nothing listens any more */
	struct http_response r;
	ck_assert_int_eq(http_do(srv.port, "GET", "/api/v1/health", NULL, NULL, &r), -1);
}
END_TEST

static Suite *http_suite(void)
{
	Suite *s = suite_create("http");
	TCase *tc = tcase_create("api");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, health_ok);
	tcase_add_test(tc, health_head);
	tcase_add_test(tc, health_503_when_schema_changed_underneath);
	tcase_add_test(tc, connections_are_kept_alive);
	tcase_add_test(tc, unknown_api_path_404);
	tcase_add_test(tc, wrong_method_405_with_allow);
	tcase_add_test(tc, route_parameters);
	tcase_add_test(tc, json_body_echoed);
	tcase_add_test(tc, wrong_media_type_415);
	tcase_add_test(tc, too_large_by_content_length_413);
	tcase_add_test(tc, too_large_chunked_413);
	tcase_add_test(tc, body_at_the_limit_accepted);
	tcase_add_test(tc, malformed_json_400_names_line_and_column);
	tcase_add_test(tc, bad_bodies_400);
	tcase_add_test(tc, invalid_escape_before_multibyte_400_not_500);
	tcase_add_test(tc, query_decoded_strictly);
	tcase_add_test(tc, path_decoded_strictly);
	tcase_add_test(tc, bidi_and_invisible_characters_refused);
	tcase_add_test(tc, every_problem_kind_answers_correctly);
	tcase_add_test(tc, handler_without_answer_500);
#ifdef NDEBUG
	tcase_add_test(tc, leaked_transaction_is_contained);
#else
	tcase_add_test_raise_signal(tc, leaked_transaction_is_contained, SIGABRT);
#endif
	tcase_add_test(tc, web_index_and_assets);
	tcase_add_test(tc, web_path_traversal_impossible);
	tcase_add_test(tc, openapi_describes_every_route);
	tcase_add_test(tc, hostile_requests_do_not_hurt);
	tcase_add_test(tc, concurrent_requests);
	tcase_add_test(tc, stop_finishes_in_flight_requests);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(http_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
