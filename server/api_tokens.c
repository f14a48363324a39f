/*
 * api_tokens.c - API tokens, each carrying (part of) the rights of the
 * user who made it, and the beheerder's view of everyone's tokens.
 *
 *   POST   /api/v1/api-tokens        {"naam","soort"?} -> 201 {"id","naam","soort","token","prefix","aangemaaktOp"}
 *                                    (the token is shown this once; only its hash is kept)
 *   GET    /api/v1/api-tokens        the user's own tokens, without the secret
 *   GET    /api/v1/api-tokens/{id}   one of them (the Location of the POST), without the secret
 *   DELETE /api/v1/api-tokens/{id}   revoke one of the user's own tokens -> 204
 *   GET    /api/v1/gebruikers/{id}/api-tokens         (beheerder) that user's tokens
 *   DELETE /api/v1/gebruikers/{id}/api-tokens/{tid}   (beheerder) revoke one of them -> 204
 *
 * soort "api" (the default) is a token for scripts, sent as a Bearer
 * header; soort "agenda" is a calendar subscription that reads only the
 * owner's agenda.ics and may travel in its URL (auth.h). Tokens are
 * revoked, never deleted, so the list shows what existed and when it
 * ended; the database revokes them all when the owner's role, password or
 * active flag changes (schema/0008-tokens.sql).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "json_spec.h"
#include "problem.h"
#include "server.h"
#include "util.h"

#define PREFIX_CHARS 8 /* "kp_" and five characters: enough to tell tokens apart */

static const char *const soorten[] = { "api", "agenda", NULL };

static const struct kp_field token_spec[] = {
	{ .name = "naam", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 100 },
	{ .name = "soort", .type = KP_F_STRING, .one_of = soorten },
};
#define N_TOKEN_SPEC (sizeof token_spec / sizeof token_spec[0])

void api_tokens_post(struct kp_request *req)
{
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, token_spec, N_TOKEN_SPEC, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	const struct kp_principal *p = kp_req_principal(req);
	const char *soort_s = json_object_get(body, "soort") ? json_string_value(json_object_get(body, "soort")) : "api";
	enum kp_token_soort soort = kp_token_soort_parse(soort_s);
	if (soort == KP_TOKEN_AGENDA && !(p->rol & (KP_ROLE_BEHEERDER | KP_ROLE_COORDINATOR))) {
		json_t *pj = kp_problem_json(KP_P_UNPROCESSABLE, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(pj, "/soort", "Alleen een coördinator of beheerder heeft een agenda.");
		kp_reply_problem_json(req, pj);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	char token[KP_SECRET_MAX], prefix[PREFIX_CHARS + 1], now[32];
	if (kp_random_token(KP_TOKEN_PREFIX, 32, token, sizeof token) != 0) {
		kp_reply_problem(req, KP_P_INTERNAL, "Er kon geen token worden gemaakt.");
		return;
	}
	memcpy(prefix, token, PREFIX_CHARS);
	prefix[PREFIX_CHARS] = '\0';
	unsigned char hash[32];
	kp_auth_token_hash(token, hash);
	kp_format_time(kp_now(), now);
	const char *naam = json_string_value(json_object_get(body, "naam"));

	struct kp_conn *w = kp_db_write_begin(srv->db);
	if (!w) {
		sodium_memzero(token, sizeof token);
		kp_reply_db_error(req);
		return;
	}
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO api_tokens(gebruiker_id, naam, prefix, token_hash, aangemaakt_op, soort) "
					   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	int64_t id = 0;
	int rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, p->gebruiker_id);
		sqlite3_bind_text(st, 2, naam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, prefix, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 4, hash, sizeof hash, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, kp_token_soort_name(soort), -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_DONE) {
			id = sqlite3_last_insert_rowid(kp_conn_handle(w));
			rc = kp_req_audit(req, w, "aanmaken", "api-token", id,
					  soort == KP_TOKEN_AGENDA ? "{\"soort\":\"agenda\"}" : "{\"soort\":\"api\"}");
		}
	}
	if (rc != SQLITE_OK || kp_db_write_commit(srv->db, w) != SQLITE_OK) {
		if (rc != SQLITE_OK)
			kp_db_write_rollback(srv->db, w);
		sodium_memzero(token, sizeof token);
		kp_reply_db_error(req);
		return;
	}
	char loc[64];
	snprintf(loc, sizeof loc, "/api/v1/api-tokens/%lld", (long long)id);
	kp_reply_header(req, MHD_HTTP_HEADER_LOCATION, loc);
	kp_reply_json(req, 201,
		      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "naam", naam, "soort",
				kp_token_soort_name(soort), "token", token, "prefix", prefix, "aangemaaktOp", now));
	sodium_memzero(token, sizeof token);
}

/* The columns token_row reads, in its order. */
#define TOKEN_COLUMNS "id, naam, prefix, aangemaakt_op, laatst_gebruikt_op, ingetrokken_op, soort"

/* A token as the API shows it, from a row of TOKEN_COLUMNS; never the secret. NULL when out of memory. */
static json_t *token_row(sqlite3_stmt *st)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s?}", "id", (json_int_t)sqlite3_column_int64(st, 0), "naam",
			 (const char *)sqlite3_column_text(st, 1), "soort", (const char *)sqlite3_column_text(st, 6),
			 "prefix", (const char *)sqlite3_column_text(st, 2), "aangemaaktOp",
			 (const char *)sqlite3_column_text(st, 3), "laatstGebruiktOp",
			 (const char *)sqlite3_column_text(st, 4), "ingetrokkenOp",
			 (const char *)sqlite3_column_text(st, 5));
}

/*
 * Answers 200 {"apiTokens":[...]} with the tokens of gebruiker_id, newest
 * first, never the secret. With check_user, a user that does not exist is
 * a 404.
 */
static void reply_token_list(struct kp_request *req, int64_t gebruiker_id, bool check_user)
{
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	sqlite3_stmt *st = NULL;
	if (check_user) {
		st = kp_conn_stmt(c, "SELECT 1 FROM gebruikers WHERE id = ?1");
		int rc = SQLITE_ERROR;
		if (st) {
			sqlite3_bind_int64(st, 1, gebruiker_id);
			rc = sqlite3_step(st);
			sqlite3_reset(st);
		}
		if (rc != SQLITE_ROW) {
			kp_db_read_end(srv->db, c);
			if (rc == SQLITE_DONE)
				kp_reply_problem(req, KP_P_NOT_FOUND, "Deze gebruiker bestaat niet.");
			else
				kp_reply_db_error(req);
			return;
		}
	}
	st = kp_conn_stmt(c, "SELECT " TOKEN_COLUMNS " FROM api_tokens WHERE gebruiker_id = ?1 ORDER BY id DESC");
	json_t *arr = st ? json_array() : NULL;
	if (st)
		sqlite3_bind_int64(st, 1, gebruiker_id);
	int rc = SQLITE_ROW;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = token_row(st);
		if (!row || json_array_append_new(arr, row) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	kp_db_read_end(srv->db, c);
	if (!arr || rc != SQLITE_DONE) {
		json_decref(arr);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "apiTokens", arr));
}

/*
 * Revokes token id of gebruiker_id (already revoked: stays as it was) and
 * audits it, naming the owner when that is not the caller; 204, or 404
 * when the user has no such token.
 */
static void revoke_token(struct kp_request *req, int64_t gebruiker_id, int64_t id)
{
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE api_tokens SET ingetrokken_op = coalesce(ingetrokken_op, ?3) "
					   "WHERE id = ?1 AND gebruiker_id = ?2");
	if (!st) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, gebruiker_id);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	if (sqlite3_changes(kp_conn_handle(w)) == 0) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit token bestaat niet.");
		return;
	}
	char details[48];
	snprintf(details, sizeof details, "{\"gebruiker\":%lld}", (long long)gebruiker_id);
	bool own = gebruiker_id == kp_req_principal(req)->gebruiker_id;
	if (kp_req_audit(req, w, "intrekken", "api-token", id, own ? NULL : details) != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	if (kp_db_write_commit(srv->db, w) != SQLITE_OK) { /* rolled back and released by commit */
		kp_reply_db_error(req);
		return;
	}
	kp_reply_static(req, 204, NULL, "", 0);
}

void api_tokens_list(struct kp_request *req)
{
	reply_token_list(req, kp_req_principal(req)->gebruiker_id, false);
}

/*
 * GET /api-tokens/{id}: one of the caller's own tokens, without the secret;
 * 404 for another user's token, so ids of others tell nothing.
 */
void api_tokens_get(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT " TOKEN_COLUMNS " FROM api_tokens WHERE id = ?1 AND gebruiker_id = ?2");
	int rc = SQLITE_ERROR;
	json_t *row = NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, kp_req_principal(req)->gebruiker_id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			row = token_row(st);
		sqlite3_reset(st);
	}
	kp_db_read_end(srv->db, c);
	if (rc == SQLITE_DONE) {
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit token bestaat niet.");
		return;
	}
	if (rc != SQLITE_ROW || !row) {
		json_decref(row);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, row);
}

void api_tokens_delete(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	revoke_token(req, kp_req_principal(req)->gebruiker_id, id);
}

void api_gebruiker_tokens_list(struct kp_request *req)
{
	int64_t gebruiker_id;
	if (!kp_req_id(req, "id", &gebruiker_id))
		return;
	reply_token_list(req, gebruiker_id, true);
}

void api_gebruiker_tokens_delete(struct kp_request *req)
{
	int64_t gebruiker_id, id;
	if (!kp_req_id(req, "id", &gebruiker_id) || !kp_req_id(req, "tid", &id))
		return;
	revoke_token(req, gebruiker_id, id);
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_tokens[] = {
	KP_SPEC(token_spec),
	{ NULL, NULL, 0 },
};
