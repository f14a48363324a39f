/*
 * api_gezinnen.c - the families on both sides of a koppeling.
 *
 *   GET   /api/v1/keuzelijsten                 every fixed vocabulary, with Dutch names
 *   GET   /api/v1/steunvormen                  the forms of support
 *   GET   /api/v1/gezinnen                     list: filters, search, pages
 *   POST  /api/v1/gezinnen                     register -> 201
 *   GET   /api/v1/gezinnen/{id}                one gezin, with ETag (the read is audited)
 *   PATCH /api/v1/gezinnen/{id}                If-Match; merged, then checked whole
 *   GET   /api/v1/gezinnen/{id}/logboek        entries, newest first
 *   POST  /api/v1/gezinnen/{id}/logboek        add an entry (never edited afterwards)
 *   POST  /api/v1/gezinnen/{id}/toestemmingen  add a consent
 *   PATCH /api/v1/gezinnen/{id}/toestemmingen/{tid}  withdraw a consent
 *   POST  /api/v1/gezinnen/{id}/rollen         If-Match; add a role (a vraaggezin that also supports)
 *   PATCH /api/v1/gezinnen/{id}/rollen/{rid}   If-Match; a role's status, or its end (tot)
 *
 * Beheerders see every gezin; a coordinator only those of their own
 * werkgebieden: any other id answers 404, exactly like an id that does not
 * exist, so nothing reveals that it does. The rules live in gezinnen.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auth.h"
#include "datum.h"
#include "db.h"
#include "formele_hulp.h"
#include "gezinnen.h"
#include "http.h"
#include "json_spec.h"
#include "scope.h"
#include "server.h"
#include "steun.h"
#include "toestemmingen.h"
#include "util.h"

void api_keuzelijsten_get(struct kp_request *req)
{
	kp_reply_header(req, "Cache-Control", "private, max-age=300");
	kp_reply_json(req, 200, kp_keuzelijsten_json());
}

void api_steunvormen_get(struct kp_request *req)
{
	kp_reply_header(req, "Cache-Control", "private, max-age=300");
	kp_reply_json(req, 200, json_pack("{s:o}", "steunvormen", kp_vocab_json(&kp_steunvormen)));
}

/* Answers a write result of kp_gezin_write: the gezin read back (committing), or the problem. */
static void finish_write(struct kp_request *req, struct kp_conn *w, int status, int64_t id, json_t *problem,
			 unsigned ok_status)
{
	struct kp_server *srv = kp_req_server(req);
	if (status != 0) {
		kp_db_write_rollback(srv->db, w);
		if (problem)
			kp_reply_problem_json(req, problem);
		else
			kp_reply_db_error(req);
		return;
	}
	char t[16];
	kp_today(t);
	int64_t versie = 0;
	json_t *g = kp_gezin_json(w, id, t, &versie, NULL);
	if (!kp_req_commit(req, w, g))
		return;
	if (ok_status == 201) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/gezinnen/%lld", (long long)id);
		kp_reply_header(req, MHD_HTTP_HEADER_LOCATION, loc);
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, ok_status, g);
}

/*
 * Creates (id 0, im NULL) or changes gezin id under If-Match im from the request
 * body, validated as a whole document or as a merge patch, and answers
 * with the gezin as written (ok_status) or the problem.
 */
static void write_gezin(struct kp_request *req, int64_t id, const struct kp_if_match *im, bool patch,
			unsigned ok_status)
{
	json_t *body = kp_req_body(req);
	/* a merge patch is checked after merging, as the whole document (kp_gezin_write) */
	json_t *problem = patch ? NULL : kp_json_validate(body, kp_gezin_spec, kp_gezin_spec_count, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	struct kp_actor actor = kp_req_actor(req);
	char t[16];
	kp_today(t);
	int64_t out = 0;
	int status = kp_gezin_write(w, &actor, id, im, body, t, &out, &problem);
	finish_write(req, w, status, out, problem, ok_status);
}

void api_gezinnen_post(struct kp_request *req)
{
	write_gezin(req, 0, NULL, false, 201);
}

void api_gezinnen_patch(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	write_gezin(req, id, &im, true, 200);
}

/* --- roles as periods (gezinnen.h) ------------------------------------------------ */

void api_gezin_rollen_post(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body;
	struct kp_conn *w = kp_req_write_body(req, kp_gezin_rol_spec, KP_GEZIN_ROL_VELDEN, false, &body);
	if (!w)
		return;
	struct kp_actor actor = kp_req_actor(req);
	char t[16];
	kp_today(t);
	json_t *problem = NULL;
	int64_t rol_id = 0;
	int status = kp_gezin_rol_add(w, &actor, id, &im, body, t, &rol_id, &problem);
	finish_write(req, w, status, id, problem, 201);
}

void api_gezin_rollen_patch(struct kp_request *req)
{
	int64_t id, rid;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_id(req, "rid", &rid) || !kp_req_if_match(req, &im))
		return;
	json_t *body;
	struct kp_conn *w = kp_req_write_body(req, kp_gezin_rol_wijziging_spec, KP_GEZIN_ROL_WIJZIGING_VELDEN, true, &body);
	if (!w)
		return;
	struct kp_actor actor = kp_req_actor(req);
	char t[16];
	kp_today(t);
	json_t *problem = NULL;
	int status = kp_gezin_rol_patch(w, &actor, id, rid, &im, body, t, &problem);
	finish_write(req, w, status, id, problem, 200);
}

/*
 * Checks on c that gezin id exists and is visible to the requester. Returns
 * true, or false after answering (404 or 503); c stays the caller's.
 */
static bool visible(struct kp_request *req, struct kp_conn *c, int64_t id)
{
	int seen = kp_scope_gezin_zichtbaar(c, kp_req_principal(req), id);
	if (seen == 1)
		return true;
	if (seen == 0)
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit gezin bestaat niet.");
	else
		kp_reply_db_error(req);
	return false;
}

/* Takes the writer for gezin id if visible. Returns it, or NULL after answering. */
static struct kp_conn *write_visible(struct kp_request *req, int64_t id)
{
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return NULL;
	if (visible(req, w, id)) {
		int anon = kp_gezin_geanonimiseerd(w, id); /* an anonymised gezin takes no new entries */
		if (anon == 0)
			return w;
		if (anon > 0)
			kp_reply_problem(req, KP_P_CONFLICT, KP_GEANONIMISEERD);
		else
			kp_reply_db_error(req);
	}
	kp_db_write_rollback(srv->db, w);
	return NULL;
}

/* Takes a read snapshot for gezin id if visible. Returns it, or NULL after answering. */
static struct kp_conn *read_visible(struct kp_request *req, int64_t id)
{
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return NULL;
	if (visible(req, c, id))
		return c;
	kp_db_read_end(srv->db, c);
	return NULL;
}

void api_gezinnen_get(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_conn *c = read_visible(req, id);
	if (!c)
		return;
	struct kp_server *srv = kp_req_server(req);
	char t[16];
	kp_today(t);
	int64_t versie = 0;
	json_t *g = kp_gezin_json(c, id, t, &versie, NULL);
	kp_db_read_end(srv->db, c);
	if (!g) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, 200, g);
	/* reading a family's data is itself recorded before the answer goes */
	kp_req_audit_read(req, "lezen", "gezin", id, NULL);
}

/* --- logboek ---------------------------------------------------------------- */

static const struct kp_field logboek_spec[] = {
	{ .name = "soort", .type = KP_F_STRING, .required = true, .one_of = kp_logboek_soorten_codes },
	{ .name = "tekst", .type = KP_F_STRING, .required = true, .multiline = true, .min_len = 1, .max_len = 4000 },
	{ .name = "datum", .type = KP_F_STRING, .check = kp_check_past_date },
};

/* The logboek of gezin id, newest first; a zorgsignaal carries its follow-up (api_zorgsignalen.c) or null. */
static json_t *logboek_json(struct kp_conn *c, int64_t id)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT l.id, l.datum, l.soort, l.tekst, l.gebruikersnaam, l.aangemaakt_op, "
					   "o.tekst, o.gebruikersnaam, o.opgevolgd_op, "
					   "(SELECT naam FROM gebruikers WHERE gebruikersnaam = l.gebruikersnaam), "
					   "(SELECT naam FROM gebruikers WHERE gebruikersnaam = o.gebruikersnaam) FROM logboek l "
					   "LEFT JOIN zorgsignaal_opvolgingen o ON o.logboek_id = l.id "
					   "WHERE l.gezin_id = ?1 ORDER BY l.datum DESC, l.id DESC");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *arr = json_array();
	while (arr && sqlite3_step(st) == SQLITE_ROW) {
		json_t *e = json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0),
				      "datum", (const char *)sqlite3_column_text(st, 1), "soort",
				      (const char *)sqlite3_column_text(st, 2), "tekst", (const char *)sqlite3_column_text(st, 3),
				      "door", (const char *)sqlite3_column_text(st, 4), "doorNaam",
				      (const char *)sqlite3_column_text(st, 9), "aangemaaktOp",
				      (const char *)sqlite3_column_text(st, 5));
		if (e && strcmp((const char *)sqlite3_column_text(st, 2), "zorgsignaal") == 0)
			json_object_set_new(e, "opvolging",
					    sqlite3_column_type(st, 8) == SQLITE_NULL
						    ? json_null()
						    : json_pack("{s:s, s:s?, s:s?, s:s}", "tekst", (const char *)sqlite3_column_text(st, 6),
								"door", (const char *)sqlite3_column_text(st, 7), "doorNaam",
								(const char *)sqlite3_column_text(st, 10), "op",
								(const char *)sqlite3_column_text(st, 8)));
		json_array_append_new(arr, e);
	}
	return arr;
}

void api_logboek_list(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_conn *c = read_visible(req, id);
	if (!c)
		return;
	struct kp_server *srv = kp_req_server(req);
	json_t *arr = logboek_json(c, id);
	kp_db_read_end(srv->db, c);
	if (!arr) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "regels", arr));
	kp_req_audit_read(req, "lezen", "logboek", id, NULL);
}

void api_logboek_post(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, logboek_spec, 3, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_conn *w = write_visible(req, id);
	if (!w)
		return;
	struct kp_server *srv = kp_req_server(req);
	const struct kp_principal *p = kp_req_principal(req);
	char t[16], now[32];
	kp_today(t);
	kp_format_time(kp_now(), now);
	const char *datum = json_string_value(json_object_get(body, "datum"));
	const char *soort = json_string_value(json_object_get(body, "soort"));
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO logboek(gezin_id, datum, soort, tekst, gebruiker_id, gebruikersnaam, "
					   "aangemaakt_op) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	int rc = SQLITE_ERROR;
	int64_t entry = 0;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, datum ? datum : t, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, soort, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, json_string_value(json_object_get(body, "tekst")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, p->gebruiker_id);
		sqlite3_bind_text(st, 6, p->gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_DONE) {
			entry = sqlite3_last_insert_rowid(kp_conn_handle(w));
			char details[96];
			snprintf(details, sizeof details, "{\"gezin\":%lld,\"soort\":\"%s\"}", (long long)id, soort);
			rc = kp_req_audit(req, w, "aanmaken", "logboek", entry, details);
		}
	}
	json_t *arr = rc == SQLITE_OK ? logboek_json(w, id) : NULL;
	if (!kp_req_commit(req, w, arr))
		return;
	if (strcmp(soort, "zorgsignaal") == 0)
		kp_log_warn(&srv->log, "zorgsignaal recorded for gezin %lld (logboek entry %lld)", (long long)id,
			    (long long)entry);
	kp_reply_json(req, 201, json_pack("{s:o}", "regels", arr));
}

/* --- toestemmingen ------------------------------------------------------------ */

static const struct kp_field toestemming_spec[] = {
	{ .name = "doel", .type = KP_F_STRING, .required = true, .one_of = kp_toestemming_doelen_codes },
	{ .name = "gegevenOp", .type = KP_F_STRING, .required = true, .check = kp_check_past_date },
	{ .name = "gegevenDoor", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 200 },
};
static const struct kp_field intrekking_spec[] = {
	{ .name = "ingetrokkenOp", .type = KP_F_STRING, .required = true, .check = kp_check_past_date },
};

/* Commits and answers {"toestemmingen": [...]} for gezin id. */
static void reply_toestemmingen(struct kp_request *req, struct kp_conn *w, int64_t id, unsigned status)
{
	json_t *arr = kp_toestemmingen_json(w, id);
	if (!kp_req_commit(req, w, arr))
		return;
	kp_reply_json(req, status, json_pack("{s:o}", "toestemmingen", arr));
}

void api_toestemmingen_post(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, toestemming_spec, 3, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_conn *w = write_visible(req, id);
	if (!w)
		return;
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO toestemmingen(gezin_id, doel, gegeven_op, gegeven_door) "
					   "VALUES (?1, ?2, ?3, ?4)");
	int rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, json_string_value(json_object_get(body, "doel")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, json_string_value(json_object_get(body, "gegevenOp")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, json_string_value(json_object_get(body, "gegevenDoor")), -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_DONE) {
			char details[96];
			snprintf(details, sizeof details, "{\"gezin\":%lld,\"doel\":\"%s\"}", (long long)id,
				 json_string_value(json_object_get(body, "doel")));
			rc = kp_req_audit(req, w, "aanmaken", "toestemming", sqlite3_last_insert_rowid(kp_conn_handle(w)),
					  details);
		}
	}
	if (rc != SQLITE_OK) {
		kp_db_write_rollback(kp_req_server(req)->db, w);
		kp_reply_db_error(req);
		return;
	}
	reply_toestemmingen(req, w, id, 201);
}

void api_toestemmingen_patch(struct kp_request *req)
{
	int64_t id, tid;
	if (!kp_req_id(req, "id", &id) || !kp_req_id(req, "tid", &tid))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, intrekking_spec, 1, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_conn *w = write_visible(req, id);
	if (!w)
		return;
	struct kp_server *srv = kp_req_server(req);
	const char *op = json_string_value(json_object_get(body, "ingetrokkenOp"));
	sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE toestemmingen SET ingetrokken_op = ?3 WHERE id = ?2 AND gezin_id = ?1 "
					   "AND ingetrokken_op IS NULL AND gegeven_op <= ?3");
	if (!st) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, tid);
	sqlite3_bind_text(st, 3, op, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	if (sqlite3_changes(kp_conn_handle(w)) == 0) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_CONFLICT,
				 "Deze toestemming bestaat niet, is al ingetrokken, of is gegeven na deze datum.");
		return;
	}
	if (kp_req_audit(req, w, "intrekken", "toestemming", tid, NULL) != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	reply_toestemmingen(req, w, id, 200);
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_gezinnen[] = {
	KP_SPEC(logboek_spec),
	KP_SPEC(toestemming_spec),
	KP_SPEC(intrekking_spec),
	{ "kp_formele_hulp_spec", kp_formele_hulp_spec, sizeof kp_formele_hulp_spec / sizeof kp_formele_hulp_spec[0] },
	{ "kp_gezin_rol_spec", kp_gezin_rol_spec, KP_GEZIN_ROL_VELDEN },
	{ "kp_gezin_rol_wijziging_spec", kp_gezin_rol_wijziging_spec, KP_GEZIN_ROL_WIJZIGING_VELDEN },
	{ NULL, NULL, 0 },
};
