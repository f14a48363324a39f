/*
 * harness.h - a real koppel server for the in-process HTTP tests: started
 * on 127.0.0.1 port 0 with a fresh database in a temporary directory and
 * the real web/ directory, plus helpers to create users and log in.
 * Used from check fixtures (one server per test, in the forked child).
 */
#ifndef KOPPEL_TEST_HARNESS_H
#define KOPPEL_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "client.h"
#include "routes.h"
#include "server.h"

/* The server and its files, valid between harness_start and harness_stop. */
extern struct kp_server hs;
extern char *hs_dir;
extern char *hs_db;

/* Starts the server with kp_routes plus `extra` (may be NULL); max_body small for tests. */
void harness_start(const struct kp_route *extra, size_t n_extra);
void harness_stop(void);

/* The password every harness user has. */
#define HS_PASSWORD "correct-horse-battery-9"

/*
 * Computes the argon2id hash of HS_PASSWORD once (call it from an
 * unchecked fixture, before the tests fork, to pay the cost once).
 */
void harness_prepare_hash(void);

/*
 * Adds werkgebied code (name = code) directly in the database, every programme offered in it and the
 * gemeenten Amsterdam, Purmerend and Kampen listed; returns its id.
 */
int64_t harness_werkgebied(const char *code);
/* Adds a user with HS_PASSWORD directly in the database; codes is comma-separated or NULL. */
int64_t harness_user(const char *name, const char *rol, const char *codes, int actief);

/* A logged-in client: the session cookie and CSRF token. */
struct hs_session {
	char cookie[160]; /* "koppel_sessie=..." */
	char csrf[80];
};

/* Logs in; returns the HTTP status (201 on success, session filled). */
int harness_login(const char *name, const char *password, struct hs_session *s);

/*
 * Sends a request as session s (may be NULL: anonymous) with a JSON body
 * (may be NULL); adds the CSRF header when with_csrf. extra_headers may be
 * NULL. Returns the parsed JSON body (new reference) or NULL; *out holds
 * the response (free with http_response_free).
 */
json_t *harness_call(const struct hs_session *s, const char *method, const char *path, const char *body,
		     int with_csrf, const char *extra_headers, struct http_response *out);

/*
 * Reads resource path as s (GET) and writes "If-Match: <its ETag>\r\n" into
 * buf, the header a client that just loaded the page sends with its change.
 * Returns buf ("" when the GET gave no ETag).
 */
const char *harness_if_match(const struct hs_session *s, const char *path, char *buf, size_t len);

/*
 * The same for the koppeling that path (".../koppelingen/<id>/...") is
 * under; buf is "" when path names no koppeling.
 */
const char *harness_koppeling_if_match(const struct hs_session *s, const char *path, char *buf, size_t len);

/* Runs SQL on the test database from another connection (as an operator or attacker would). */
void harness_sql(const char *text);
/* The first column of the first row of a query on the test database. */
int64_t harness_sql_int(const char *text);

/* Asserts a problem+json answer with this status and the common headers. */
json_t *harness_assert_problem(const struct http_response *r, int status);

#endif
