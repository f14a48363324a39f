/*
 * api_zorgsignalen.c - a zorgsignaal reaches someone who follows it up.
 *
 *   GET  /api/v1/zorgsignalen                     the open zorgsignalen (logboek
 *                                                 entries of soort zorgsignaal without
 *                                                 a follow-up) of the caller's
 *                                                 werkgebieden; ?alle=ja also those
 *                                                 followed up, with the follow-up
 *   POST /api/v1/zorgsignalen/{id}/opvolging      {"tekst"}: records who followed up
 *                                                 logboek entry id, when and how -> 201
 *
 * Who: the leidinggevende (gebruikers.leidinggevende, set by the beheerder)
 * of a werkgebied follows up the zorgsignalen of the gezinnen currently in
 * it; a beheerder may do so everywhere. Any other coordinator may list the
 * zorgsignalen of their werkgebieden (magOpvolgen false) but gets 403 when
 * following one up.
 * Visibility is part of every statement (scope.h); the logboek entry itself
 * is never edited (its follow-up is a row of zorgsignaal_opvolgingen).
 * Lists are audited with the gezinnen they name; a follow-up is audited as
 * "opvolgen".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "json_spec.h"
#include "scope.h"
#include "server.h"
#include "util.h"

/* At most this many rows in one list (oldest first, so nothing waits unseen behind newer ones). */
#define ZORGSIGNALEN_MAX 500

#define NIET_LEIDINGGEVENDE "Alleen een leidinggevende of beheerder volgt zorgsignalen op."

/*
 * 1 when the caller may follow up zorgsignalen (a beheerder, or an active
 * user flagged leidinggevende), 0 when not, -1 on a database error.
 */
static int leidinggevende(struct kp_conn *c, const struct kp_principal *p)
{
	if (p->rol == KP_ROLE_BEHEERDER)
		return 1;
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT leidinggevende FROM gebruikers WHERE id = ?1 AND actief = 1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, p->gebruiker_id);
	int rc = sqlite3_step(st);
	int ok = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) == 1 : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ok : -1;
}

/*
 * The columns of one zorgsignaal; row alias lb (logboek), g (gezin), w
 * (werkgebied), o (follow-up). The scope's parameters come first in the
 * text, so the statements below name their own (:id, :alle, :max).
 */
#define ZS_SELECT                                                                                            \
	"SELECT lb.id, lb.datum, lb.tekst, lb.gebruikersnaam, lb.aangemaakt_op, g.id, g.naam, w.code, "     \
	"o.tekst, o.gebruikersnaam, o.opgevolgd_op, "                                                       \
	"(SELECT naam FROM gebruikers u WHERE u.gebruikersnaam = lb.gebruikersnaam), "                      \
	"(SELECT naam FROM gebruikers u WHERE u.gebruikersnaam = o.gebruikersnaam) "                        \
	"FROM logboek lb JOIN gezinnen g ON g.id = lb.gezin_id "                                            \
	"JOIN werkgebieden w ON w.id = g.werkgebied_id "                                                    \
	"LEFT JOIN zorgsignaal_opvolgingen o ON o.logboek_id = lb.id WHERE lb.soort = 'zorgsignaal' AND "   \
	KP_SQL_GEZIN_ZICHTBAAR("g") " "

/* One row of ZS_SELECT as the API gives it. */
static json_t *zs_json(sqlite3_stmt *st)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s, s:{s:I, s:s, s:s}}", "id",
			      (json_int_t)sqlite3_column_int64(st, 0), "datum", (const char *)sqlite3_column_text(st, 1),
			      "tekst", (const char *)sqlite3_column_text(st, 2), "door",
			      (const char *)sqlite3_column_text(st, 3), "doorNaam", (const char *)sqlite3_column_text(st, 11),
			      "aangemaaktOp", (const char *)sqlite3_column_text(st, 4), "gezin", "id",
			      (json_int_t)sqlite3_column_int64(st, 5), "naam", (const char *)sqlite3_column_text(st, 6),
			      "werkgebied", (const char *)sqlite3_column_text(st, 7));
	if (o)
		json_object_set_new(o, "opvolging",
				    sqlite3_column_type(st, 10) == SQLITE_NULL
					    ? json_null()
					    : json_pack("{s:s, s:s?, s:s?, s:s}", "tekst", (const char *)sqlite3_column_text(st, 8),
							"door", (const char *)sqlite3_column_text(st, 9), "doorNaam",
							(const char *)sqlite3_column_text(st, 12), "op",
							(const char *)sqlite3_column_text(st, 10)));
	return o;
}

void api_zorgsignalen_list(struct kp_request *req)
{
	const char *alle = kp_req_query(req, "alle");
	if (alle && strcmp(alle, "ja") != 0) {
		json_t *pr = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
		kp_problem_add_invalid_param(pr, "alle", "Gebruik alle=ja, of laat het weg.");
		kp_reply_problem_json(req, pr);
		return;
	}
	const struct kp_principal *p = kp_req_principal(req);
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	if (!c) {
		kp_reply_db_error(req);
		return;
	}
	int mag = leidinggevende(c, p);
	if (mag < 0) {
		kp_db_read_end(srv->db, c);
		kp_reply_db_error(req);
		return;
	}
	sqlite3_stmt *st = kp_scope_stmt(c, ZS_SELECT "AND (:alle IS NOT NULL OR o.id IS NULL) ORDER BY lb.datum, lb.id "
					 "LIMIT :max", p);
	json_t *arr = st ? json_array() : NULL, *ids = json_array();
	int rc = SQLITE_ERROR;
	if (arr && ids) {
		if (alle)
			sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":alle"), 1);
		sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":max"), ZORGSIGNALEN_MAX);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			json_array_append_new(arr, zs_json(st));
			json_array_append_new(ids, json_integer(sqlite3_column_int64(st, 5)));
		}
	}
	kp_db_read_end(srv->db, c);
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		json_decref(ids);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o, s:b}", "zorgsignalen", arr, "magOpvolgen", mag == 1));
	kp_req_audit_list(req, "zorgsignalen", ids, NULL, false);
	json_decref(ids);
}

static const struct kp_field opvolging_spec[] = {
	{ .name = "tekst", .type = KP_F_STRING, .required = true, .multiline = true, .min_len = 1, .max_len = 4000 },
};

void api_zorgsignaal_opvolging_post(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, opvolging_spec, 1, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	const struct kp_principal *p = kp_req_principal(req);
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	/* the entry, only when visible: one answer for "none" and "not yours" */
	sqlite3_stmt *st = kp_scope_stmt(w, ZS_SELECT "AND lb.id = :id", p);
	int rc = st ? (sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"), id), sqlite3_step(st)) : SQLITE_ERROR;
	bool found = rc == SQLITE_ROW, done = found && sqlite3_column_type(st, 10) != SQLITE_NULL;
	int64_t gezin = found ? sqlite3_column_int64(st, 5) : 0;
	if (st)
		sqlite3_reset(st);
	int mag = rc == SQLITE_ROW || rc == SQLITE_DONE ? leidinggevende(w, p) : -1;
	if (mag < 0 || !found || done || mag == 0) {
		kp_db_write_rollback(srv->db, w);
		if (mag < 0)
			kp_reply_db_error(req);
		else if (!found)
			kp_reply_problem(req, KP_P_NOT_FOUND, "Dit zorgsignaal bestaat niet.");
		else if (mag == 0)
			kp_reply_problem(req, KP_P_FORBIDDEN, NIET_LEIDINGGEVENDE);
		else
			kp_reply_problem(req, KP_P_CONFLICT, "Dit zorgsignaal is al opgevolgd.");
		return;
	}
	char now[32];
	kp_format_time(kp_now(), now);
	st = kp_conn_stmt(w, "INSERT INTO zorgsignaal_opvolgingen(logboek_id, tekst, gebruiker_id, gebruikersnaam, opgevolgd_op) "
			     "VALUES (?1, ?2, ?3, ?4, ?5)");
	rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, json_string_value(json_object_get(body, "tekst")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, p->gebruiker_id);
		sqlite3_bind_text(st, 4, p->gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_DONE) {
			char details[48];
			snprintf(details, sizeof details, "{\"gezin\":%lld}", (long long)gezin);
			rc = kp_req_audit(req, w, "opvolgen", "zorgsignaal", id, details);
		}
	}
	json_t *out = NULL;
	if (rc == SQLITE_OK) {
		st = kp_scope_stmt(w, ZS_SELECT "AND lb.id = :id", p);
		if (st) {
			sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"), id);
			if (sqlite3_step(st) == SQLITE_ROW)
				out = zs_json(st);
			sqlite3_reset(st);
		}
	}
	if (!kp_req_commit(req, w, out))
		return;
	kp_reply_json(req, 201, out);
}
