/*
 * harness.c - see harness.h.
 */
#include "harness.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "password.h"
#include "testutil.h"

struct kp_server hs;
char *hs_dir;
char *hs_db;
static struct kp_route *routes;
static char password_hash[KP_PASSWORD_HASH_MAX];

void harness_prepare_hash(void)
{
	if (!password_hash[0] && sodium_init() >= 0)
		ck_assert_int_eq(kp_password_hash(HS_PASSWORD, password_hash), 0);
}

void harness_start(const struct kp_route *extra, size_t n_extra)
{
	hs_dir = tu_tempdir();
	ck_assert_ptr_nonnull(hs_dir);
	hs_db = tu_path(hs_dir, "koppel.db");
	struct kp_config cfg;
	kp_config_defaults(&cfg);
	char err[512];
	ck_assert_int_eq(kp_config_set(&cfg, "listen", "127.0.0.1:0", err, sizeof err), 0);
	ck_assert_int_eq(kp_config_set(&cfg, "database", hs_db, err, sizeof err), 0);
	ck_assert_int_eq(kp_config_set(&cfg, "web_dir", KOPPEL_SOURCE_DIR "/web", err, sizeof err), 0);
	ck_assert_int_eq(kp_config_set(&cfg, "max_body_bytes", "4096", err, sizeof err), 0);
	ck_assert_int_eq(kp_config_set(&cfg, "connection_memory_limit", "16K", err, sizeof err), 0);
	ck_assert_int_eq(kp_config_set(&cfg, "log_level", getenv("KOPPEL_TEST_LOG") ? "debug" : "error", err, sizeof err), 0);
	memset(&hs, 0, sizeof hs);
	hs.log.fd = 2;
	if (kp_server_open(&hs, &cfg, err, sizeof err) != 0)
		ck_abort_msg("kp_server_open: %s", err);
	routes = calloc(kp_routes_count + n_extra + 1, sizeof *routes);
	ck_assert_ptr_nonnull(routes);
	memcpy(routes, kp_routes, kp_routes_count * sizeof *routes);
	if (n_extra)
		memcpy(routes + kp_routes_count, extra, n_extra * sizeof *routes);
	if (kp_server_start(&hs, routes, kp_routes_count + n_extra, err, sizeof err) != 0)
		ck_abort_msg("kp_server_start: %s", err);
	ck_assert_uint_ne(hs.port, 0);
}

void harness_stop(void)
{
	kp_server_stop(&hs);
	kp_server_close(&hs);
	free(routes);
	tu_rmtree(hs_dir);
	free(hs_db);
	free(hs_dir);
}

/* Runs SQL on the test database from outside the server (another connection). */
static int64_t exec_sql(const char *sql, const char *a, const char *b, const char *c, int64_t n)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(hs_db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		ck_abort_msg("sql: %s", sqlite3_errmsg(h));
	sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, c, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, n);
	int rc = sqlite3_step(st);
	ck_assert_msg(rc == SQLITE_DONE || rc == SQLITE_ROW, "sql: %s", sqlite3_errmsg(h));
	sqlite3_finalize(st);
	int64_t id = sqlite3_last_insert_rowid(h);
	sqlite3_close(h);
	return id;
}

int64_t harness_werkgebied(const char *code)
{
	int64_t id = exec_sql("INSERT INTO werkgebieden(code, naam, aangemaakt_op, gewijzigd_op) "
			      "VALUES (?1, ?1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
			      code, NULL, NULL, 0);
	/* like a werkgebied that existed before schema 0009: every programme is offered in it */
	exec_sql("INSERT INTO werkgebied_programmas(werkgebied_id, programma_id) "
		 "SELECT w.id, p.id FROM werkgebieden w, programmas p WHERE w.code = ?1",
		 code, NULL, NULL, 0);
	/* the gemeenten the tests' families live in (schema 0019: a family's gemeente is one of its werkgebied's) */
	exec_sql("INSERT INTO werkgebied_gemeenten(werkgebied_id, gemeente) SELECT w.id, g.column1 FROM werkgebieden w, "
		 "(VALUES ('Amsterdam'), ('Purmerend'), ('Kampen')) g WHERE w.code = ?1",
		 code, NULL, NULL, 0);
	return id;
}

int64_t harness_user(const char *name, const char *rol, const char *codes, int actief)
{
	harness_prepare_hash();
	int64_t id = exec_sql("INSERT INTO gebruikers(gebruikersnaam, naam, rol, wachtwoord_hash, actief, aangemaakt_op, "
			      "gewijzigd_op) VALUES (?1, ?1, ?2, ?3, ?4, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
			      name, rol, password_hash, actief);
	if (codes) {
		char buf[256];
		snprintf(buf, sizeof buf, "%s", codes);
		for (char *save = NULL, *c = strtok_r(buf, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
			char idtext[24];
			snprintf(idtext, sizeof idtext, "%lld", (long long)id);
			exec_sql("INSERT INTO gebruiker_werkgebieden(gebruiker_id, werkgebied_id) "
				 "SELECT CAST(?1 AS INTEGER), id FROM werkgebieden WHERE code = ?2",
				 idtext, c, NULL, 0);
		}
	}
	return id;
}

int harness_login(const char *name, const char *password, struct hs_session *s)
{
	json_t *body = json_pack("{s:s, s:s}", "gebruikersnaam", name, "wachtwoord", password);
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	struct http_response r;
	json_t *j = harness_call(NULL, "POST", "/api/v1/sessies", text, 0, NULL, &r);
	free(text);
	int status = r.status;
	if (status == 201) {
		char setcookie[256];
		ck_assert_ptr_nonnull(http_header(&r, "Set-Cookie", setcookie, sizeof setcookie));
		snprintf(s->cookie, sizeof s->cookie, "%.*s", (int)strcspn(setcookie, ";"), setcookie);
		snprintf(s->csrf, sizeof s->csrf, "%s", json_string_value(json_object_get(j, "csrfToken")));
	}
	json_decref(j);
	http_response_free(&r);
	return status;
}

json_t *harness_call(const struct hs_session *s, const char *method, const char *path, const char *body,
		     int with_csrf, const char *extra_headers, struct http_response *out)
{
	char headers[1024];
	int n = snprintf(headers, sizeof headers, "%s%s", body ? "Content-Type: application/json\r\n" : "",
			 extra_headers ? extra_headers : "");
	if (s && s->cookie[0])
		n += snprintf(headers + n, sizeof headers - (size_t)n, "Cookie: %s\r\n", s->cookie);
	if (s && with_csrf)
		n += snprintf(headers + n, sizeof headers - (size_t)n, "X-CSRF-Token: %s\r\n", s->csrf);
	ck_assert_int_eq(http_do(hs.port, method, path, headers, body, out), 0);
	return out->body_len ? json_loads(out->body, 0, NULL) : NULL;
}

json_t *harness_assert_problem(const struct http_response *r, int status)
{
	char buf[256];
	ck_assert_msg(r->status == status, "status %d, expected %d: %s", r->status, status, r->body);
	ck_assert_str_eq(http_header(r, "API-Version", buf, sizeof buf) ? buf : "(none)", KOPPEL_VERSION);
	ck_assert_str_eq(http_header(r, "Content-Type", buf, sizeof buf) ? buf : "(none)", "application/problem+json");
	json_t *j = json_loads(r->body, 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "status")), status);
	ck_assert(json_string_length(json_object_get(j, "detail")) > 0);
	return j;
}

void harness_sql(const char *text)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(hs_db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	char *err = NULL;
	if (sqlite3_exec(h, text, NULL, NULL, &err) != SQLITE_OK)
		ck_abort_msg("%s: %s", text, err);
	sqlite3_close(h);
}

int64_t harness_sql_int(const char *text)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(hs_db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(h, text, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

const char *harness_if_match(const struct hs_session *s, const char *path, char *buf, size_t len)
{
	struct http_response r;
	json_decref(harness_call(s, "GET", path, NULL, 0, NULL, &r));
	char etag[64];
	buf[0] = '\0';
	if (http_header(&r, "ETag", etag, sizeof etag))
		snprintf(buf, len, "If-Match: %s\r\n", etag);
	http_response_free(&r);
	return buf;
}

const char *harness_koppeling_if_match(const struct hs_session *s, const char *path, char *buf, size_t len)
{
	const char *k = strstr(path, "/koppelingen/");
	buf[0] = '\0';
	if (!k)
		return buf;
	long long id = strtoll(k + strlen("/koppelingen/"), NULL, 10);
	if (id <= 0)
		return buf;
	char get[64];
	snprintf(get, sizeof get, "/api/v1/koppelingen/%lld", id);
	return harness_if_match(s, get, buf, len);
}
