/*
 * api_programmas.c - the programmes an organisation works by.
 *
 *   GET   /api/v1/programmas        all programmes (every role)
 *   GET   /api/v1/programmas/{id}   one, with ETag
 *   PATCH /api/v1/programmas/{id}   If-Match; the rhythm and rules (beheerder)
 *
 * Three are seeded (schema/0004): Buurtgezinnen, GezinsBuddy, Estafette.
 * "gewichten" are the matching weights per criterion (matching.h; the
 * documented defaults where a programme sets none) and
 * "wachttijdPrioriteit" the bonus a year of waiting gives in match rounds.
 * A change applies to evaluations planned from then on; existing
 * koppelingen keep what was planned until their next phase change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db.h"
#include "http.h"
#include "json_spec.h"
#include "matching.h"
#include "server.h"
#include "steun.h"
#include "util.h"

static const char *const aanbod_rollen[] = { "steungezin", "steunmaatje", "buddy", "estafettegezin", NULL };

#define W(n) { .name = n, .type = KP_F_INTEGER, .min = 0, .max = 100 }
static const struct kp_field gewichten_spec[] = {
	W("afstand"), W("steunvormen"), W("dagdelen"), W("frequentie"), W("leeftijd"),
	W("taal"),    W("wensen"),	W("ervaring"), W("interesses"), W("steunstijl"),
};
#undef W

static const struct kp_field programma_spec[] = {
	{ .name = "gewichten", .type = KP_F_OBJECT, .fields = gewichten_spec, .n_fields = KP_CRIT_COUNT },
	{ .name = "wachttijdPrioriteit", .type = KP_F_INTEGER, .min = 0, .max = 100 },
	{ .name = "naam", .type = KP_F_STRING, .min_len = 1, .max_len = 100 },
	{ .name = "rollen", .type = KP_F_STRING_ARRAY, .max_items = 4, .one_of = aanbod_rollen },
	{ .name = "bedenktijdDagen", .type = KP_F_INTEGER, .min = 0, .max = 60 },
	{ .name = "proefMaanden", .type = KP_F_INTEGER, .min = 0, .max = 12 },
	{ .name = "proefWeken", .type = KP_F_INTEGER, .min = 0, .max = 52 },
	{ .name = "evaluatieMaanden", .type = KP_F_INTEGER, .min = 0, .max = 24 },
	{ .name = "voortgangsgesprekken", .type = KP_F_BOOLEAN },
	{ .name = "maxMaanden", .type = KP_F_INTEGER, .min = 1, .max = 120 },
	{ .name = "vogGeldigheidMaanden", .type = KP_F_INTEGER, .min = 1, .max = 120 },
	{ .name = "estafetteVogVrijgesteld", .type = KP_F_BOOLEAN },
	{ .name = "verlengingToegestaan", .type = KP_F_BOOLEAN },
};

static const char columns[] = "SELECT id, naam, rollen, bedenktijd_dagen, proef_maanden, proef_weken, evaluatie_maanden, "
			      "voortgangsgesprekken, max_maanden, vog_geldigheid_maanden, estafette_vog_vrijgesteld, "
			      "verlenging_toegestaan, versie, gewichten, wachttijd_prioriteit FROM programmas ";

/* The weights in force: the programme's own over the documented defaults. */
static json_t *gewichten_json(sqlite3_stmt *st)
{
	struct kp_match_regels r;
	kp_match_default_regels(&r, strstr((const char *)sqlite3_column_text(st, 2), "estafettegezin") != NULL);
	json_t *own = sqlite3_column_type(st, 13) == SQLITE_NULL ? NULL : json_loads((const char *)sqlite3_column_text(st, 13), 0, NULL);
	json_t *o = json_object();
	for (int k = 0; k < KP_CRIT_COUNT; k++) {
		json_t *x = json_object_get(own, kp_match_crit_naam((enum kp_crit)k));
		json_object_set_new(o, kp_match_crit_naam((enum kp_crit)k), json_is_integer(x) ? json_incref(x) : json_integer(r.gewicht[k]));
	}
	json_decref(own);
	return o;
}

static json_t *row_json(sqlite3_stmt *st)
{
	json_t *row = json_pack("{s:I, s:s, s:o, s:i, s:i, s:i, s:i, s:b, s:i, s:i, s:b, s:b}", "id",
			 (json_int_t)sqlite3_column_int64(st, 0), "naam", (const char *)sqlite3_column_text(st, 1), "rollen",
			 json_loads((const char *)sqlite3_column_text(st, 2), 0, NULL), "bedenktijdDagen",
			 sqlite3_column_int(st, 3), "proefMaanden", sqlite3_column_int(st, 4), "proefWeken",
			 sqlite3_column_int(st, 5), "evaluatieMaanden", sqlite3_column_int(st, 6), "voortgangsgesprekken",
			 sqlite3_column_int(st, 7), "maxMaanden", sqlite3_column_int(st, 8), "vogGeldigheidMaanden",
			 sqlite3_column_int(st, 9), "estafetteVogVrijgesteld", sqlite3_column_int(st, 10),
			 "verlengingToegestaan", sqlite3_column_int(st, 11));
	json_object_set_new(row, "gewichten", gewichten_json(st));
	json_object_set_new(row, "wachttijdPrioriteit", json_integer(sqlite3_column_int(st, 14)));
	return row;
}

/* One programme's view; *versie set. NULL when there is none. */
static json_t *programma_json(struct kp_conn *c, int64_t id, int64_t *versie)
{
	char sql[sizeof columns + 24];
	snprintf(sql, sizeof sql, "%sWHERE id = ?1", columns);
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return NULL;
	*versie = sqlite3_column_int64(st, 12);
	return row_json(st);
}

void api_programmas_list(struct kp_request *req)
{
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	char sql[sizeof columns + 24];
	snprintf(sql, sizeof sql, "%sORDER BY naam", columns);
	sqlite3_stmt *st = c ? kp_conn_stmt(c, sql) : NULL;
	json_t *arr = st ? json_array() : NULL;
	while (arr && sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(arr, row_json(st));
	if (c)
		kp_db_read_end(srv->db, c);
	if (!arr) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "programmas", arr));
}

void api_programmas_get(struct kp_request *req)
{
	int64_t id, versie = 0;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	json_t *j = c ? programma_json(c, id, &versie) : NULL;
	if (c)
		kp_db_read_end(srv->db, c);
	if (!j) {
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit programma bestaat niet.");
		return;
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, 200, j);
}

void api_programmas_patch(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, programma_spec, sizeof programma_spec / sizeof programma_spec[0], true);
	if (!problem && json_object_get(body, "rollen") && json_array_size(json_object_get(body, "rollen")) == 0) {
		problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(problem, "/rollen", "Kies minstens één soort steunbiedend gezin.");
	}
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	char *rollen = json_object_get(body, "rollen") ? json_dumps(json_object_get(body, "rollen"), JSON_COMPACT) : NULL;
	char *gewichten = json_object_get(body, "gewichten") ? json_dumps(json_object_get(body, "gewichten"), JSON_COMPACT) : NULL;
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE programmas SET naam = coalesce(?3, naam), rollen = coalesce(?4, rollen), "
		"bedenktijd_dagen = coalesce(?5, bedenktijd_dagen), proef_maanden = coalesce(?6, proef_maanden), "
		"proef_weken = coalesce(?7, proef_weken), evaluatie_maanden = coalesce(?8, evaluatie_maanden), "
		"voortgangsgesprekken = coalesce(?9, voortgangsgesprekken), max_maanden = coalesce(?10, max_maanden), "
		"vog_geldigheid_maanden = coalesce(?11, vog_geldigheid_maanden), "
		"estafette_vog_vrijgesteld = coalesce(?12, estafette_vog_vrijgesteld), "
		"verlenging_toegestaan = coalesce(?13, verlenging_toegestaan), "
		"gewichten = CASE WHEN ?15 IS NULL THEN gewichten ELSE json_patch(coalesce(gewichten, '{}'), ?15) END, "
		"wachttijd_prioriteit = coalesce(?16, wachttijd_prioriteit), versie = versie + 1, gewijzigd_op = ?14 "
		"WHERE id = ?1 AND (?2 IS NULL OR versie IN (SELECT value FROM json_each(?2)))");
	static const char *const ints[] = { "bedenktijdDagen", "proefMaanden", "proefWeken", "evaluatieMaanden" };
	static const char *const bools[] = { "voortgangsgesprekken" };
	if (st) {
		char versies[KP_IF_MATCH_JSON_LEN];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, kp_if_match_json(&im, versies, sizeof versies), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, json_string_value(json_object_get(body, "naam")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, rollen, -1, SQLITE_TRANSIENT);
		for (int i = 0; i < 4; i++)
			if (json_object_get(body, ints[i]))
				sqlite3_bind_int64(st, 5 + i, json_integer_value(json_object_get(body, ints[i])));
		if (json_object_get(body, bools[0]))
			sqlite3_bind_int(st, 9, json_is_true(json_object_get(body, bools[0])));
		if (json_object_get(body, "maxMaanden"))
			sqlite3_bind_int64(st, 10, json_integer_value(json_object_get(body, "maxMaanden")));
		if (json_object_get(body, "vogGeldigheidMaanden"))
			sqlite3_bind_int64(st, 11, json_integer_value(json_object_get(body, "vogGeldigheidMaanden")));
		if (json_object_get(body, "estafetteVogVrijgesteld"))
			sqlite3_bind_int(st, 12, json_is_true(json_object_get(body, "estafetteVogVrijgesteld")));
		if (json_object_get(body, "verlengingToegestaan"))
			sqlite3_bind_int(st, 13, json_is_true(json_object_get(body, "verlengingToegestaan")));
		sqlite3_bind_text(st, 14, now, -1, SQLITE_TRANSIENT);
		if (gewichten)
			sqlite3_bind_text(st, 15, gewichten, -1, SQLITE_TRANSIENT);
		if (json_object_get(body, "wachttijdPrioriteit"))
			sqlite3_bind_int64(st, 16, json_integer_value(json_object_get(body, "wachttijdPrioriteit")));
	}
	free(rollen);
	free(gewichten);
	int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
	if (rc != SQLITE_DONE) {
		kp_db_write_rollback(srv->db, w);
		if (rc == SQLITE_CONSTRAINT_UNIQUE)
			kp_reply_problem(req, KP_P_CONFLICT, "Er is al een programma met deze naam.");
		else
			kp_reply_db_error(req);
		return;
	}
	if (sqlite3_changes(kp_conn_handle(w)) == 0) {
		int64_t cur;
		json_t *exists = programma_json(w, id, &cur);
		kp_db_write_rollback(srv->db, w);
		if (exists)
			kp_reply_problem(req, KP_P_PRECONDITION_FAILED, "Iemand anders heeft dit programma intussen gewijzigd. Laad opnieuw.");
		else
			kp_reply_problem(req, KP_P_NOT_FOUND, "Dit programma bestaat niet.");
		json_decref(exists);
		return;
	}
	int64_t nieuw = 0;
	json_t *j = kp_req_audit(req, w, "wijzigen", "programma", id, NULL) == SQLITE_OK ? programma_json(w, id, &nieuw) : NULL;
	if (!kp_req_commit(req, w, j))
		return;
	kp_reply_etag(req, nieuw);
	kp_reply_json(req, 200, j);
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_programmas[] = {
	KP_SPEC(programma_spec),
	{ NULL, NULL, 0 },
};
