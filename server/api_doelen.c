/*
 * api_doelen.c - targets (doelen) per year, gemeente, programme and unit,
 * set by the beheerder and shown in the reports against what was realised.
 *
 *   GET    /api/v1/doelen[?jaar=&gemeente=]  the doelen the caller may see
 *   POST   /api/v1/doelen         a new doel -> 201 + Location (beheerder)
 *   GET    /api/v1/doelen/{id}    one, with ETag
 *   PATCH  /api/v1/doelen/{id}    If-Match; any member (beheerder)
 *   DELETE /api/v1/doelen/{id}    If-Match -> 204 (beheerder)
 *
 * A doel: {jaar, gemeente, programma (id, or null: all programmes), eenheid
 * ("gezinnen" | "koppelingen"), minimum, maximum (null: none)}. "Leiden
 * 20-24 gezinnen" is minimum 20, maximum 24. Its gemeente must be listed by
 * some werkgebied (stored in that spelling), its programme must exist; one
 * doel per year, gemeente, programme and unit (409).
 *
 * Visibility, in the statement: the beheerder sees every doel; anyone else
 * only the doelen of gemeenten that one of their werkgebieden lists. A doel
 * the caller may not see is answered like one that does not exist.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "gemeenten.h"
#include "http.h"
#include "scope.h"
#include "server.h"
#include "util.h"

static const char *const eenheden[] = { "gezinnen", "koppelingen", NULL };

/* One spec for POST (whole) and PATCH (partial). */
static const struct kp_field doel_spec[] = {
	{ .name = "jaar", .type = KP_F_INTEGER, .required = true, .min = 2000, .max = 2100 },
	{ .name = "gemeente", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = KP_GEMEENTE_MAX },
	{ .name = "programma", .type = KP_F_INTEGER, .nullable = true, .min = 1, .max = INT32_MAX },
	{ .name = "eenheid", .type = KP_F_STRING, .required = true, .one_of = eenheden },
	{ .name = "minimum", .type = KP_F_INTEGER, .required = true, .min = 0, .max = 1000000 },
	{ .name = "maximum", .type = KP_F_INTEGER, .nullable = true, .min = 0, .max = 1000000 },
};
#define N_SPEC (sizeof doel_spec / sizeof doel_spec[0])

/* True when doel row d is visible to the caller (scope.h parameters). */
#define DOEL_ZICHTBAAR                                                                                          \
	"(:kp_alles = 1 OR EXISTS (SELECT 1 FROM werkgebied_gemeenten zl WHERE zl.gemeente = d.gemeente COLLATE " \
	"NOCASE AND zl.werkgebied_id IN " KP_SQL_SCOPE_WG "))"

#define COLUMNS                                                                                                 \
	"SELECT d.id, d.jaar, d.gemeente, d.programma_id, p.naam, d.eenheid, d.minimum, d.maximum, d.versie, "   \
	"d.aangemaakt_op, d.gewijzigd_op FROM doelen d LEFT JOIN programmas p ON p.id = d.programma_id "

/* The API view of the row under st (COLUMNS). */
static json_t *row_json(sqlite3_stmt *st)
{
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:s, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0), "jaar",
			      (json_int_t)sqlite3_column_int64(st, 1), "gemeente", (const char *)sqlite3_column_text(st, 2),
			      "eenheid", (const char *)sqlite3_column_text(st, 5), "minimum",
			      (json_int_t)sqlite3_column_int64(st, 6), "versie", (json_int_t)sqlite3_column_int64(st, 8),
			      "aangemaaktOp", (const char *)sqlite3_column_text(st, 9), "gewijzigdOp",
			      (const char *)sqlite3_column_text(st, 10));
	if (!j)
		return NULL;
	json_object_set_new(j, "programma",
			    sqlite3_column_type(st, 3) == SQLITE_NULL
				    ? json_null()
				    : json_pack("{s:I, s:s?}", "id", (json_int_t)sqlite3_column_int64(st, 3), "naam",
						(const char *)sqlite3_column_text(st, 4)));
	json_object_set_new(j, "maximum",
			    sqlite3_column_type(st, 7) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, 7)));
	return j;
}

/*
 * Doel id as principal p sees it (NULL: everything); *versie set when not
 * NULL. NULL when there is none, p may not see it, or on an error.
 */
static json_t *doel_json(struct kp_conn *c, const struct kp_principal *p, int64_t id, int64_t *versie)
{
	sqlite3_stmt *st = kp_scope_stmt(c, COLUMNS "WHERE d.id = :id AND " DOEL_ZICHTBAAR, p);
	if (!st || sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"), id) != SQLITE_OK)
		return NULL;
	json_t *j = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (versie)
			*versie = sqlite3_column_int64(st, 8);
		j = row_json(st);
	}
	sqlite3_reset(st);
	return j;
}

/* Adds a 400 problem naming name to *p (created on first use). */
static void bad(json_t **p, const char *name, const char *reason)
{
	if (!*p)
		*p = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
	kp_problem_add_invalid_param(*p, name, reason);
}

void api_doelen_list(struct kp_request *req)
{
	const char *jaar_s = kp_req_query(req, "jaar"), *gemeente = kp_req_query(req, "gemeente");
	json_t *problem = NULL;
	long long jaar = 0;
	if (jaar_s) {
		char *end = NULL;
		jaar = strtoll(jaar_s, &end, 10);
		if (!*jaar_s || *end || jaar < 2000 || jaar > 2100)
			bad(&problem, "jaar", "Geef een jaar van 2000 tot en met 2100.");
	}
	if (gemeente && (!*gemeente || kp_utf8_length(gemeente) > KP_GEMEENTE_MAX))
		bad(&problem, "gemeente", "Geef de naam van een gemeente.");
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	sqlite3_stmt *st = kp_scope_stmt(c,
					 COLUMNS "WHERE " DOEL_ZICHTBAAR " AND (:jaar IS NULL OR d.jaar = :jaar) "
						 "AND (:gemeente IS NULL OR d.gemeente = :gemeente COLLATE NOCASE) "
						 "ORDER BY d.jaar DESC, d.gemeente COLLATE NOCASE, p.naam IS NOT NULL, p.naam, d.eenheid",
					 kp_req_principal(req));
	int rc = st ? SQLITE_OK : SQLITE_ERROR;
	if (rc == SQLITE_OK && jaar_s)
		rc = sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":jaar"), jaar);
	if (rc == SQLITE_OK && gemeente)
		rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":gemeente"), gemeente, -1, SQLITE_TRANSIENT);
	json_t *arr = rc == SQLITE_OK ? json_array() : NULL;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, row_json(st));
	if (st)
		sqlite3_reset(st);
	kp_db_read_end(kp_req_server(req)->db, c);
	if (!arr || rc != SQLITE_DONE) {
		json_decref(arr);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "doelen", arr));
}

void api_doelen_get(struct kp_request *req)
{
	int64_t id, versie = 0;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	json_t *j = doel_json(c, kp_req_principal(req), id, &versie);
	kp_db_read_end(kp_req_server(req)->db, c);
	if (!j) {
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit doel bestaat niet.");
		return;
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, 200, j);
}

/*
 * Checks the whole doel doc (the body of a POST, or the current doel with
 * a PATCH merged in) on the writer w and puts the gemeente in its listed
 * spelling. Returns 0, the status (400 maximum below minimum, 422 unknown
 * gemeente or programme) with *problem set, or 503.
 */
static int check_doel(struct kp_conn *w, json_t *doc, json_t **problem)
{
	*problem = NULL;
	const json_t *max = json_object_get(doc, "maximum");
	if (json_is_integer(max) && json_integer_value(max) < json_integer_value(json_object_get(doc, "minimum"))) {
		bad(problem, "/maximum", "Het maximum is kleiner dan het minimum.");
		return 400;
	}
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT gemeente FROM werkgebied_gemeenten WHERE gemeente = trim(?1) COLLATE NOCASE "
					   "ORDER BY werkgebied_id LIMIT 1");
	if (!st || sqlite3_bind_text(st, 1, json_string_value(json_object_get(doc, "gemeente")), -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return 503;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		json_object_set_new(doc, "gemeente", json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return 503;
	if (rc == SQLITE_DONE) {
		*problem = kp_problem_json(KP_P_UNPROCESSABLE, "Een doel geldt voor een gemeente die een werkgebied noemt.");
		kp_problem_add_invalid_param(*problem, "/gemeente", "Geen gemeente van een werkgebied.");
		return 422;
	}
	const json_t *prog = json_object_get(doc, "programma");
	if (json_is_integer(prog)) {
		st = kp_conn_stmt(w, "SELECT 1 FROM programmas WHERE id = ?1");
		if (!st || sqlite3_bind_int64(st, 1, json_integer_value(prog)) != SQLITE_OK)
			return 503;
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE) {
			*problem = kp_problem_json(KP_P_UNPROCESSABLE, "Dit programma bestaat niet.");
			kp_problem_add_invalid_param(*problem, "/programma", "Onbekend programma.");
			return 422;
		}
		if (rc != SQLITE_ROW)
			return 503;
	}
	return 0;
}

/* Binds the doel doc to :jaar, :gemeente, :programma, :eenheid, :minimum, :maximum of st. */
static int bind_doel(sqlite3_stmt *st, const json_t *doc)
{
	int rc = SQLITE_OK;
	for (size_t i = 0; i < N_SPEC && rc == SQLITE_OK; i++) {
		char param[24];
		snprintf(param, sizeof param, ":%s", doel_spec[i].name);
		int at = sqlite3_bind_parameter_index(st, param);
		const json_t *v = json_object_get(doc, doel_spec[i].name);
		if (at == 0)
			continue;
		if (json_is_integer(v))
			rc = sqlite3_bind_int64(st, at, json_integer_value(v));
		else if (json_is_string(v))
			rc = sqlite3_bind_text(st, at, json_string_value(v), -1, SQLITE_TRANSIENT);
		else
			rc = sqlite3_bind_null(st, at);
	}
	return rc;
}

/*
 * Ends a write after the statement's step gave rc: a taken combination
 * answers 409, any other failure 503, after rolling back. True when rc was
 * fine.
 */
static bool step_ok(struct kp_request *req, struct kp_conn *w, int rc)
{
	if (rc == SQLITE_DONE)
		return true;
	kp_db_write_rollback(kp_req_server(req)->db, w);
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT) {
		json_t *p = kp_problem_json(KP_P_CONFLICT, "Er is al een doel voor dit jaar, deze gemeente, dit programma en deze eenheid.");
		kp_problem_add_invalid_param(p, "/eenheid", "Dit doel bestaat al; wijzig dat.");
		kp_reply_problem_json(req, p);
	} else {
		kp_reply_db_error(req);
	}
	return false;
}

/* Audits actie, reads doel id back on the writer, commits and answers with status (201 adds Location). */
static void finish(struct kp_request *req, struct kp_conn *w, int64_t id, const char *actie, unsigned status)
{
	int64_t versie = 0;
	json_t *j = kp_req_audit(req, w, actie, "doel", id, NULL) == SQLITE_OK ? doel_json(w, NULL, id, &versie) : NULL;
	if (!kp_req_commit(req, w, j))
		return;
	if (status == 201) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/doelen/%lld", (long long)id);
		kp_reply_header(req, MHD_HTTP_HEADER_LOCATION, loc);
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, status, j);
}

void api_doelen_post(struct kp_request *req)
{
	json_t *body;
	struct kp_conn *w = kp_req_write_body(req, doel_spec, N_SPEC, false, &body);
	if (!w)
		return;
	json_t *doc = json_deep_copy(body), *problem = NULL;
	int status = doc ? check_doel(w, doc, &problem) : 503;
	if (status != 0) {
		json_decref(doc);
		kp_db_write_rollback(kp_req_server(req)->db, w);
		if (problem)
			kp_reply_problem_json(req, problem);
		else
			kp_reply_db_error(req);
		return;
	}
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO doelen(jaar, gemeente, programma_id, eenheid, minimum, maximum, "
					   "aangemaakt_op, gewijzigd_op) VALUES (:jaar, :gemeente, :programma, :eenheid, :minimum, "
					   ":maximum, :nu, :nu)");
	int rc = st ? bind_doel(st, doc) : SQLITE_ERROR;
	json_decref(doc);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":nu"), now, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && st)
		rc = sqlite3_extended_errcode(kp_conn_handle(w));
	if (st)
		sqlite3_reset(st);
	if (!step_ok(req, w, rc))
		return;
	finish(req, w, sqlite3_last_insert_rowid(kp_conn_handle(w)), "aanmaken", 201);
}

void api_doelen_patch(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body;
	struct kp_conn *w = kp_req_write_body(req, doel_spec, N_SPEC, true, &body);
	if (!w)
		return;
	struct kp_server *srv = kp_req_server(req);
	int64_t versie = 0;
	json_t *cur = doel_json(w, NULL, id, &versie);
	if (!cur) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit doel bestaat niet.");
		return;
	}
	if (!kp_if_match_ok(&im, versie)) {
		json_decref(cur);
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_PRECONDITION_FAILED, "Iemand anders heeft dit doel intussen gewijzigd. Laad opnieuw.");
		return;
	}
	/* the current doel in request form, the patch over it, checked whole */
	json_t *prog = json_object_get(cur, "programma");
	json_t *doc = json_pack("{s:O, s:O, s:o, s:O, s:O, s:O}", "jaar", json_object_get(cur, "jaar"), "gemeente",
				json_object_get(cur, "gemeente"), "programma",
				json_is_object(prog) ? json_incref(json_object_get(prog, "id")) : json_null(), "eenheid",
				json_object_get(cur, "eenheid"), "minimum", json_object_get(cur, "minimum"), "maximum",
				json_object_get(cur, "maximum"));
	json_decref(cur);
	json_t *problem = NULL;
	int status = doc && json_object_update(doc, body) == 0 ? check_doel(w, doc, &problem) : 503;
	if (status != 0) {
		json_decref(doc);
		kp_db_write_rollback(srv->db, w);
		if (problem)
			kp_reply_problem_json(req, problem);
		else
			kp_reply_db_error(req);
		return;
	}
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE doelen SET jaar = :jaar, gemeente = :gemeente, programma_id = :programma, "
					   "eenheid = :eenheid, minimum = :minimum, maximum = :maximum, versie = versie + 1, "
					   "gewijzigd_op = :nu WHERE id = :id AND versie = :versie");
	int rc = st ? bind_doel(st, doc) : SQLITE_ERROR;
	json_decref(doc);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":nu"), now, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"), id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":versie"), versie);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && st)
		rc = sqlite3_extended_errcode(kp_conn_handle(w));
	if (st)
		sqlite3_reset(st);
	if (!step_ok(req, w, rc))
		return;
	finish(req, w, id, "wijzigen", 200);
}

void api_doelen_delete(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	int64_t versie = 0;
	json_t *cur = doel_json(w, NULL, id, &versie);
	if (!cur || !kp_if_match_ok(&im, versie)) {
		kp_db_write_rollback(srv->db, w);
		if (cur)
			kp_reply_problem(req, KP_P_PRECONDITION_FAILED, "Iemand anders heeft dit doel intussen gewijzigd. Laad opnieuw.");
		else
			kp_reply_problem(req, KP_P_NOT_FOUND, "Dit doel bestaat niet.");
		json_decref(cur);
		return;
	}
	json_decref(cur);
	sqlite3_stmt *st = kp_conn_stmt(w, "DELETE FROM doelen WHERE id = ?1");
	int rc = st ? sqlite3_bind_int64(st, 1, id) : SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (st)
		sqlite3_reset(st);
	if (rc != SQLITE_DONE || kp_req_audit(req, w, "verwijderen", "doel", id, NULL) != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	if (kp_db_write_commit(srv->db, w) != SQLITE_OK) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_static(req, 204, NULL, "", 0);
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_doelen[] = {
	KP_SPEC(doel_spec),
	{ NULL, NULL, 0 },
};
