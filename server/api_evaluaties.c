/*
 * api_evaluaties.c - evaluation moments of koppelingen.
 *
 *   POST  /api/v1/koppelingen/{id}/evaluaties        plan one more (any kind, e.g. a kennismakingsgesprek)
 *   PATCH /api/v1/koppelingen/{id}/evaluaties/{eid}  move it {"geplandOp","reden"}, log it as held
 *                                                    {"gehoudenOp","deelnemers",...}, or cancel it
 *                                                    {"vervallen": true, "reden"} (kept, never planned again)
 *   GET   /api/v1/evaluaties                         across the caseload: status gepland | te-laat |
 *                                                    gehouden, period, coordinator
 *
 * Koppel plans most evaluations itself (koppelingen.c); a person can move
 * one only with a reason and never delete one. A held evaluation is final.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "json_spec.h"
#include "koppelingen.h"
#include "scope.h"
#include "server.h"
#include "util.h"

static const char *const soorten[] = { "kennismakingsgesprek", "evaluatie-proefperiode", "tussentijdse-evaluatie",
				       "voortgangsgesprek", "afsluitend-gesprek", NULL };

/*
 * Takes the writer and returns it when koppeling id is visible (scope.h, in
 * the statement), evaluation eid (if not 0) belongs to it and the
 * koppeling's version matches the If-Match im; otherwise answers 404, 412
 * (or 503) and returns NULL. The out-parameters that are not NULL receive
 * whether the evaluation was held, has lapsed, and whether the koppeling has
 * ended (afronding or gestopt).
 */
static struct kp_conn *write_evaluatie(struct kp_request *req, int64_t id, int64_t eid, const struct kp_if_match *im,
				       bool *held, bool *vervallen, bool *beeindigd)
{
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return NULL;
	sqlite3_stmt *st = kp_scope_stmt(w, "SELECT k.versie, e.gehouden_op IS NOT NULL, coalesce(e.vervallen, 0), e.id, k.fase "
					 "FROM koppelingen k LEFT JOIN evaluaties e ON e.koppeling_id = k.id AND e.id = ?2 "
					 "WHERE k.id = ?1 AND " KP_SQL_KOPPELING_ZICHTBAAR("k"), kp_req_principal(req));
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, eid);
	}
	int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
	if (rc == SQLITE_ROW && (eid == 0 || sqlite3_column_type(st, 3) != SQLITE_NULL) &&
	    !kp_if_match_ok(im, sqlite3_column_int64(st, 0))) {
		sqlite3_reset(st);
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_PRECONDITION_FAILED,
				 "Iemand anders heeft deze koppeling intussen gewijzigd. Laad opnieuw.");
		return NULL;
	}
	if (rc == SQLITE_ROW && (eid == 0 || sqlite3_column_type(st, 3) != SQLITE_NULL)) {
		if (held)
			*held = sqlite3_column_int(st, 1) != 0;
		if (vervallen)
			*vervallen = sqlite3_column_int(st, 2) != 0;
		if (beeindigd) {
			enum kp_fase f;
			*beeindigd = kp_fase_parse((const char *)sqlite3_column_text(st, 4), &f) && kp_fase_final(f);
		}
		sqlite3_reset(st);
		return w;
	}
	if (st)
		sqlite3_reset(st);
	kp_db_write_rollback(srv->db, w);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		kp_reply_problem(req, KP_P_NOT_FOUND, eid ? "Deze evaluatie bestaat niet." : "Deze koppeling bestaat niet.");
	else
		kp_reply_db_error(req);
	return NULL;
}

static const struct kp_field plan_spec[] = {
	{ .name = "soort", .type = KP_F_STRING, .required = true, .one_of = soorten },
	{ .name = "geplandOp", .type = KP_F_STRING, .required = true, .check = kp_check_date },
};

void api_evaluaties_post(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, plan_spec, 2, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	bool beeindigd = false;
	struct kp_conn *w = write_evaluatie(req, id, 0, &im, NULL, NULL, &beeindigd);
	if (!w)
		return;
	/* After the end only the closing conversation can still be planned. */
	if (beeindigd && strcmp(json_string_value(json_object_get(body, "soort")), "afsluitend-gesprek") != 0) {
		kp_db_write_rollback(kp_req_server(req)->db, w);
		kp_reply_problem(req, KP_P_CONFLICT, "Deze koppeling is beëindigd; plan alleen nog een afsluitend gesprek.");
		return;
	}
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO evaluaties(koppeling_id, soort, gepland_op, gebruikersnaam) "
					   "VALUES (?1, ?2, ?3, ?4)");
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, json_string_value(json_object_get(body, "soort")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, json_string_value(json_object_get(body, "geplandOp")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, kp_req_principal(req)->gebruikersnaam, -1, SQLITE_TRANSIENT);
	}
	int64_t eid = st && sqlite3_step(st) == SQLITE_DONE ? sqlite3_last_insert_rowid(kp_conn_handle(w)) : 0;
	if (!eid || kp_koppeling_touch(w, id) != SQLITE_OK ||
	    kp_req_audit(req, w, "plannen", "evaluatie", eid, NULL) != SQLITE_OK) {
		kp_db_write_rollback(kp_req_server(req)->db, w);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_koppeling(req, w, id, 201);
}

static const char *const deelnemers[] = { "vraaggezin", "steungezin", "coordinator", NULL };
static const char *const doorgaan[] = { "doorgaan", "aanpassen", "stoppen", NULL };
static const char *const verloop_waarden[] = { "soepel", "hick-ups", "stagnatie", NULL };
static const struct kp_field doel_spec[] = {
	{ .name = "doel", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 300 },
	{ .name = "scoreStart", .type = KP_F_INTEGER, .required = true, .min = 1, .max = 10 },
	{ .name = "scoreNu", .type = KP_F_INTEGER, .required = true, .min = 1, .max = 10 },
};
static const struct kp_field evaluatie_spec[] = {
	{ .name = "geplandOp", .type = KP_F_STRING, .check = kp_check_date },
	{ .name = "vervallen", .type = KP_F_BOOLEAN },
	{ .name = "reden", .type = KP_F_STRING, .min_len = 1, .max_len = 500 },
	{ .name = "gehoudenOp", .type = KP_F_STRING, .check = kp_check_past_date },
	{ .name = "deelnemers", .type = KP_F_STRING_ARRAY, .max_items = 3, .one_of = deelnemers },
	{ .name = "tevredenheidVraaggezin", .type = KP_F_INTEGER, .nullable = true, .min = 1, .max = 10 },
	{ .name = "tevredenheidSteungezin", .type = KP_F_INTEGER, .nullable = true, .min = 1, .max = 10 },
	{ .name = "doorgaan", .type = KP_F_STRING, .nullable = true, .one_of = doorgaan },
	{ .name = "verloop", .type = KP_F_STRING, .nullable = true, .one_of = verloop_waarden },
	{ .name = "doelen", .type = KP_F_OBJECT_ARRAY, .max_items = 10, .fields = doel_spec, .n_fields = 3 },
	{ .name = "gewijzigdeAfspraken", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 2000 },
	{ .name = "notities", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 4000 },
};

void api_evaluaties_patch(struct kp_request *req)
{
	int64_t id, eid;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_id(req, "eid", &eid) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, evaluatie_spec, sizeof evaluatie_spec / sizeof evaluatie_spec[0], true);
	bool move = json_object_get(body, "geplandOp") != NULL, log = json_object_get(body, "gehoudenOp") != NULL;
	bool cancel = json_is_true(json_object_get(body, "vervallen"));
	if (!problem && (int)move + (int)log + (int)cancel != 1) {
		problem = kp_problem_json(KP_P_INVALID_INPUT,
					  "Verzet de evaluatie (geplandOp en reden), leg hem vast (gehoudenOp) of laat hem vervallen "
					  "(vervallen en reden).");
		kp_problem_add_invalid_param(problem, move ? "/gehoudenOp" : "/geplandOp",
					     "Kies verzetten, vastleggen of laten vervallen.");
	}
	if (!problem && (move || cancel) && !json_object_get(body, "reden")) {
		problem = kp_problem_json(KP_P_INVALID_INPUT, move ? "Geef een reden om te verzetten." : "Geef een reden om te laten vervallen.");
		kp_problem_add_invalid_param(problem, "/reden", move ? "Verplicht bij verzetten." : "Verplicht bij laten vervallen.");
	}
	if (!problem && log && json_array_size(json_object_get(body, "deelnemers")) == 0) {
		problem = kp_problem_json(KP_P_INVALID_INPUT, "Wie waren erbij?");
		kp_problem_add_invalid_param(problem, "/deelnemers", "Kies minstens één deelnemer.");
	}
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	bool held = false, vervallen = false;
	struct kp_conn *w = write_evaluatie(req, id, eid, &im, &held, &vervallen, NULL);
	if (!w)
		return;
	struct kp_server *srv = kp_req_server(req);
	if (held || ((move || cancel) && vervallen)) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_CONFLICT, held ? "Deze evaluatie is al gehouden en vastgelegd."
							  : "Deze evaluatie is al vervallen.");
		return;
	}
	sqlite3_stmt *st;
	if (cancel) {
		/* not needed after all: kept, with its reason, and never planned again */
		st = kp_conn_stmt(w, "UPDATE evaluaties SET vervallen = 1, verzet_reden = ?2 WHERE id = ?1");
		if (st) {
			sqlite3_bind_int64(st, 1, eid);
			sqlite3_bind_text(st, 2, json_string_value(json_object_get(body, "reden")), -1, SQLITE_TRANSIENT);
		}
	} else if (move) {
		st = kp_conn_stmt(w, "UPDATE evaluaties SET gepland_op = ?2, verzet_reden = ?3 WHERE id = ?1");
		if (st) {
			sqlite3_bind_int64(st, 1, eid);
			sqlite3_bind_text(st, 2, json_string_value(json_object_get(body, "geplandOp")), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, json_string_value(json_object_get(body, "reden")), -1, SQLITE_TRANSIENT);
		}
	} else {
		json_t *verslag = json_deep_copy(body);
		json_object_del(verslag, "gehoudenOp");
		char *text = verslag ? json_dumps(verslag, JSON_COMPACT) : NULL;
		json_decref(verslag);
		st = text ? kp_conn_stmt(w, "UPDATE evaluaties SET gehouden_op = ?2, verslag = ?3, gebruikersnaam = ?4, "
					    "vervallen = 0 WHERE id = ?1")
			  : NULL;
		if (st) {
			sqlite3_bind_int64(st, 1, eid);
			sqlite3_bind_text(st, 2, json_string_value(json_object_get(body, "gehoudenOp")), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, kp_req_principal(req)->gebruikersnaam, -1, SQLITE_TRANSIENT);
		}
		free(text);
	}
	int rc = st && sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	if (rc == SQLITE_OK && log && json_is_string(json_object_get(body, "verloop"))) {
		st = kp_conn_stmt(w, "INSERT INTO verloop(koppeling_id, datum, verloop, toelichting, gebruikersnaam) "
				     "VALUES (?1, ?2, ?3, 'Bij de evaluatie', ?4)");
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, json_string_value(json_object_get(body, "gehoudenOp")), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, json_string_value(json_object_get(body, "verloop")), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, kp_req_principal(req)->gebruikersnaam, -1, SQLITE_TRANSIENT);
		}
		rc = st && sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	if (rc == SQLITE_OK)
		rc = kp_koppeling_touch(w, id);
	if (rc == SQLITE_OK)
		rc = kp_req_audit(req, w, cancel ? "laten-vervallen" : move ? "verzetten" : "vastleggen", "evaluatie", eid, NULL);
	if (rc != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_koppeling(req, w, id, 200);
}

void api_evaluaties_list(struct kp_request *req)
{
	const char *status = kp_req_query(req, "status"), *van = kp_req_query(req, "van"), *tot = kp_req_query(req, "tot"),
		   *coord_s = kp_req_query(req, "coordinator");
	json_t *problem = NULL;
	int64_t coord = 0;
	if (status && strcmp(status, "gepland") != 0 && strcmp(status, "te-laat") != 0 && strcmp(status, "gehouden") != 0) {
		problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
		kp_problem_add_invalid_param(problem, "status", "Kies gepland, te-laat of gehouden.");
	}
	const char *bad = van && kp_check_date(van) ? "van" : tot && kp_check_date(tot) ? "tot" : NULL;
	if (!bad && coord_s && !kp_parse_id(coord_s, &coord))
		bad = "coordinator";
	if (bad) {
		if (!problem)
			problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
		kp_problem_add_invalid_param(problem, bad, strcmp(bad, "coordinator") ? "Geef een datum als JJJJ-MM-DD." : "Geef een nummer.");
	}
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	const struct kp_principal *p = kp_req_principal(req);
	char t[16];
	kp_today(t);
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	sqlite3_stmt *st = c ? kp_scope_stmt(c,
		"SELECT e.id, e.soort, e.gepland_op, e.gehouden_op, k.id, v.naam, s.naam, k.fase, k.coordinator_id, v.id, s.id, c.naam "
		"FROM evaluaties e JOIN koppelingen k ON k.id = e.koppeling_id "
		/* a trajectory has a gezinscoach instead of a steungezin (schema 0027) */
		"JOIN gezinnen v ON v.id = k.vraaggezin_id LEFT JOIN gezinnen s ON s.id = k.steungezin_id "
		"LEFT JOIN gebruikers c ON c.id = k.coach_id "
		"WHERE e.vervallen = 0 "
		"AND (?1 IS NULL OR (?1 = 'gehouden' AND e.gehouden_op IS NOT NULL) "
		"     OR (?1 = 'gepland' AND e.gehouden_op IS NULL AND e.gepland_op >= ?2) "
		"     OR (?1 = 'te-laat' AND e.gehouden_op IS NULL AND e.gepland_op < ?2)) "
		"AND (?3 IS NULL OR coalesce(e.gehouden_op, e.gepland_op) >= ?3) "
		"AND (?4 IS NULL OR coalesce(e.gehouden_op, e.gepland_op) <= ?4) "
		"AND (?5 IS NULL OR k.coordinator_id = ?5) "
		"AND " KP_SQL_GEZIN_ZICHTBAAR("v") " AND (k.steungezin_id IS NULL OR " KP_SQL_GEZIN_ZICHTBAAR("s") ") "
		"AND (:kp_coach IS NULL OR k.coach_id = :kp_coach) "
		"ORDER BY e.gepland_op, e.id LIMIT 1000", p) : NULL;
	json_t *list = st ? json_array() : NULL;
	json_t *gezinnen = json_array(), *koppelingen = json_array();
	if (st) {
		sqlite3_bind_text(st, 1, status, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, t, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, van, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, tot, -1, SQLITE_TRANSIENT);
		if (coord_s)
			sqlite3_bind_int64(st, 5, coord);
		while (sqlite3_step(st) == SQLITE_ROW) {
			json_array_append_new(koppelingen, json_integer(sqlite3_column_int64(st, 4)));
			json_array_append_new(gezinnen, json_integer(sqlite3_column_int64(st, 9)));
			if (sqlite3_column_type(st, 10) != SQLITE_NULL)
				json_array_append_new(gezinnen, json_integer(sqlite3_column_int64(st, 10)));
			const char *gepland = (const char *)sqlite3_column_text(st, 2);
			bool held = sqlite3_column_type(st, 3) != SQLITE_NULL;
			json_array_append_new(list,
				json_pack("{s:I, s:s, s:s, s:s?, s:s, s:{s:I, s:s, s:s?, s:s?, s:s}}", "id",
					  (json_int_t)sqlite3_column_int64(st, 0), "soort", (const char *)sqlite3_column_text(st, 1),
					  "geplandOp", gepland, "gehoudenOp", (const char *)sqlite3_column_text(st, 3), "status",
					  held ? "gehouden" : strcmp(gepland, t) < 0 ? "te-laat" : "gepland", "koppeling", "id",
					  (json_int_t)sqlite3_column_int64(st, 4), "vraaggezin", (const char *)sqlite3_column_text(st, 5),
					  "steungezin", (const char *)sqlite3_column_text(st, 6), "coach",
					  (const char *)sqlite3_column_text(st, 11), "fase",
					  (const char *)sqlite3_column_text(st, 7)));
		}
	}
	if (c)
		kp_db_read_end(srv->db, c);
	if (!list || !gezinnen || !koppelingen) {
		json_decref(list);
		json_decref(gezinnen);
		json_decref(koppelingen);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "evaluaties", list));
	kp_req_audit_list(req, "evaluaties", gezinnen, koppelingen, false);
	json_decref(gezinnen);
	json_decref(koppelingen);
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_evaluaties[] = {
	KP_SPEC(plan_spec),
	KP_SPEC(evaluatie_spec),
	{ NULL, NULL, 0 },
};
