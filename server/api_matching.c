/*
 * api_matching.c - suggestions for one vraaggezin, manual exclusions, and
 * match rounds over a whole waiting list. Koppel proposes and explains;
 * the coordinator decides: nothing here links two gezinnen by itself.
 *
 *   GET    /api/v1/gezinnen/{id}/suggesties?programma=&aantal=&uitgeslotenTonen=
 *   GET    /api/v1/gezinnen/{id}/uitsluitingen
 *   POST   /api/v1/gezinnen/{id}/uitsluitingen            {"steungezin","reden"}
 *   DELETE /api/v1/gezinnen/{id}/uitsluitingen/{uid}
 *   POST   /api/v1/matchrondes                              {"werkgebied","programma"}
 *   GET    /api/v1/matchrondes                              the rounds of one's werkgebieden, newest first
 *   GET    /api/v1/matchrondes/{id}
 *   POST   /api/v1/matchrondes/{id}/voorstellen/{vid}/besluit  {"besluit":"accepteren"|"afwijzen"}
 *
 * The scoring is matching.c; the data comes from matchdata.c. Accepting a
 * proposal creates a koppeling in voorstel through the same rules as
 * POST /koppelingen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "json_spec.h"
#include "matchdata.h"
#include "matching.h"
#include "regels.h"
#include "scope.h"
#include "server.h"
#include "util.h"

#define SUGGESTIES_DEFAULT 10
#define SUGGESTIES_MAX 50
#define RONDE_MAX 2000 /* families on either side of one round */

/* Reads the visible vraaggezin id and programme rules; answers and returns false on failure. */
static bool load_context(struct kp_request *req, struct kp_conn *c, int64_t id, int64_t programma,
			 struct kp_match_vraag *v, int64_t *wg, struct kp_match_regels *r, struct kp_regels *hard)
{
	char t[16], status[16];
	kp_today(t);
	int64_t wacht;
	/* visibility first, in its own scoped statement on the same snapshot */
	int seen = kp_scope_gezin_zichtbaar(c, kp_req_principal(req), id);
	int rc = seen == 1 ? kp_match_load_vraag(c, id, t, v, wg, &wacht, status) : seen == 0 ? SQLITE_DONE : SQLITE_ERROR;
	if (rc == SQLITE_DONE) {
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit vraaggezin bestaat niet.");
		return false;
	}
	if (rc != SQLITE_OK) {
		kp_reply_db_error(req);
		return false;
	}
	if (programma) {
		rc = kp_match_load_regels(c, programma, r, hard, NULL);
		if (rc == SQLITE_DONE) {
			json_t *p = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
			kp_problem_add_invalid_param(p, "programma", "Dit programma bestaat niet.");
			kp_reply_problem_json(req, p);
			return false;
		}
		if (rc != SQLITE_OK) {
			kp_reply_db_error(req);
			return false;
		}
	} else {
		kp_match_default_regels(r, false);
		kp_regels_standaard(hard);
	}
	return true;
}

/* The explanation of one candidate: criteria with sentences, risks. */
static json_t *candidate_json(const struct kp_match_vraag *v, const struct kp_match_steun *s, const struct kp_match_meta *m,
			      const struct kp_match_uitkomst *u, const struct kp_match_regels *r)
{
	json_t *criteria = json_array(), *risicos = json_array();
	char zin[300];
	for (int k = 0; k < KP_CRIT_COUNT; k++) {
		kp_match_zin((enum kp_crit)k, v, s, u, zin, sizeof zin);
		json_array_append_new(criteria, json_pack("{s:s, s:f, s:i, s:s}", "criterium", kp_match_crit_naam((enum kp_crit)k),
							   "score", (double)u->deel[k], "gewicht", r->gewicht[k], "zin", zin));
	}
	for (unsigned b = 1; b < (1u << KP_RISICO_COUNT); b <<= 1)
		if (u->risico & b)
			json_array_append_new(risicos, json_string(kp_match_risico_zin(b)));
	json_t *o = json_pack("{s:{s:I, s:s, s:s, s:s}, s:i, s:o, s:o}", "gezin", "id", (json_int_t)m->id, "naam", m->naam, "rol",
			      m->rol, "plaats", m->plaats, "score", u->score, "criteria", criteria, "risicos", risicos);
	json_object_set_new(o, "afstandKm", u->afstand_km < 0 ? json_null() : json_real((double)(int)(u->afstand_km * 10 + 0.5) / 10.0));
	return o;
}

void api_suggesties_get(struct kp_request *req)
{
	int64_t id, programma = 0, aantal = SUGGESTIES_DEFAULT;
	if (!kp_req_id(req, "id", &id))
		return;
	const char *ps = kp_req_query(req, "programma"), *as = kp_req_query(req, "aantal"), *us = kp_req_query(req, "uitgeslotenTonen");
	json_t *problem = NULL;
	if ((ps && !kp_parse_id(ps, &programma)) || (as && (!kp_parse_id(as, &aantal) || aantal > SUGGESTIES_MAX)) ||
	    (us && strcmp(us, "true") != 0 && strcmp(us, "false") != 0)) {
		problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
		kp_problem_add_invalid_param(problem, ps && !programma ? "programma" : (as && !us) ? "aantal" : us ? "uitgeslotenTonen" : "aantal",
					     "Ongeldige waarde.");
		kp_reply_problem_json(req, problem);
		return;
	}
	bool toon = us && strcmp(us, "true") == 0;
	struct kp_server *srv = kp_req_server(req);
	/* one snapshot on a reader; the read is audited before the answer goes */
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	struct kp_match_vraag v;
	struct kp_match_regels r;
	int64_t wg;
	struct kp_regels hard;
	if (!load_context(req, c, id, programma, &v, &wg, &r, &hard)) {
		kp_db_read_end(srv->db, c);
		return;
	}
	char t[16];
	kp_today(t);
	struct kp_match_set set;
	int rc = kp_match_load_steun(c, wg, id, t, &hard, false, &set);
	kp_db_read_end(srv->db, c);
	if (rc != SQLITE_OK) {
		kp_reply_db_error(req);
		return;
	}
	struct kp_match_uitkomst *u = malloc((set.n ? set.n : 1) * sizeof *u);
	uint32_t *order = malloc((set.n ? set.n : 1) * sizeof *order);
	json_t *kandidaten = json_array(), *uitgesloten = json_array();
	if (u && order) {
		size_t k = kp_match_rank(&v, set.steun, set.n, &r, u, order);
		for (size_t i = 0; i < k && i < (size_t)aantal; i++)
			json_array_append_new(kandidaten, candidate_json(&v, &set.steun[order[i]], &set.meta[order[i]], &u[order[i]], &r));
		for (size_t i = 0; toon && i < set.n; i++) {
			if (!u[i].uitgesloten)
				continue;
			json_t *redenen = json_array();
			for (unsigned b = 1; b < (1u << KP_HARD_COUNT); b <<= 1)
				if (u[i].uitgesloten & b)
					json_array_append_new(redenen, json_string(kp_match_hard_zin(b)));
			json_array_append_new(uitgesloten, json_pack("{s:{s:I, s:s, s:s}, s:o}", "gezin", "id", (json_int_t)set.meta[i].id,
								     "naam", set.meta[i].naam, "rol", set.meta[i].rol, "redenen", redenen));
		}
	}
	bool ok = u && order;
	free(u);
	free(order);
	kp_match_set_free(&set);
	if (!ok) {
		json_decref(kandidaten);
		json_decref(uitgesloten);
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
		return;
	}
	json_t *out = json_pack("{s:I, s:o}", "vraaggezin", (json_int_t)id, "kandidaten", kandidaten);
	json_object_set_new(out, "programma", programma ? json_integer(programma) : json_null());
	if (toon)
		json_object_set_new(out, "uitgesloten", uitgesloten);
	else
		json_decref(uitgesloten);
	kp_reply_json(req, 200, out);
	kp_req_audit_read(req, "lezen", "suggesties", id, NULL);
}

/* --- exclusions ----------------------------------------------------------------- */

static const struct kp_field uitsluiting_spec[] = {
	{ .name = "steungezin", .type = KP_F_INTEGER, .required = true, .min = 1, .max = INT64_MAX },
	{ .name = "reden", .type = KP_F_STRING, .required = true, .multiline = true, .min_len = 1, .max_len = 500 },
};

/* Checks that gezin id is visible on the writer; answers 404 and returns false otherwise. */
static bool visible_gezin(struct kp_request *req, struct kp_conn *w, int64_t id, int64_t *wg)
{
	sqlite3_stmt *st = kp_scope_stmt(w, "SELECT g.werkgebied_id FROM gezinnen g WHERE g.id = ?1 AND "
					 KP_SQL_GEZIN_ZICHTBAAR("g"), kp_req_principal(req));
	if (st)
		sqlite3_bind_int64(st, 1, id);
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		*wg = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return true;
	}
	if (st)
		sqlite3_reset(st);
	kp_reply_problem(req, KP_P_NOT_FOUND, "Dit gezin bestaat niet.");
	return false;
}

/* The exclusions of vraaggezin id whose steungezin p may see (a supporter that moved away is not named). */
static json_t *uitsluitingen_json(struct kp_conn *c, const struct kp_principal *p, int64_t id)
{
	sqlite3_stmt *st = kp_scope_stmt(c, "SELECT u.id, u.steungezin_id, g.naam, u.reden, u.gebruikersnaam, u.aangemaakt_op, "
					 "(SELECT naam FROM gebruikers WHERE gebruikersnaam = u.gebruikersnaam) "
					 "FROM uitsluitingen u JOIN gezinnen g ON g.id = u.steungezin_id "
					 "WHERE u.vraaggezin_id = ?1 AND " KP_SQL_GEZIN_ZICHTBAAR("g") " ORDER BY u.id", p);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *arr = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(arr, json_pack("{s:I, s:{s:I, s:s}, s:s, s:s?, s:s?, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0),
						     "steungezin", "id", (json_int_t)sqlite3_column_int64(st, 1), "naam",
						     (const char *)sqlite3_column_text(st, 2), "reden",
						     (const char *)sqlite3_column_text(st, 3), "door",
						     (const char *)sqlite3_column_text(st, 4), "doorNaam",
						     (const char *)sqlite3_column_text(st, 6), "aangemaaktOp",
						     (const char *)sqlite3_column_text(st, 5)));
	return arr;
}

/* Commits and answers {"uitsluitingen": [...]}. */
static void reply_uitsluitingen(struct kp_request *req, struct kp_conn *w, int64_t id, unsigned status)
{
	json_t *arr = uitsluitingen_json(w, kp_req_principal(req), id);
	if (!kp_req_commit(req, w, arr))
		return;
	kp_reply_json(req, status, json_pack("{s:o}", "uitsluitingen", arr));
}

void api_uitsluitingen_list(struct kp_request *req)
{
	int64_t id, wg;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	if (!visible_gezin(req, c, id, &wg)) {
		kp_db_read_end(srv->db, c);
		return;
	}
	json_t *arr = uitsluitingen_json(c, kp_req_principal(req), id);
	kp_db_read_end(srv->db, c);
	if (!arr) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "uitsluitingen", arr));
	/* the reasons are written about families: a read of that family's data */
	kp_req_audit_read(req, "lezen", "uitsluiting", id, NULL);
}

void api_uitsluitingen_post(struct kp_request *req)
{
	int64_t id, wg, wg2;
	if (!kp_req_id(req, "id", &id))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, uitsluiting_spec, 2, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	int64_t sid = json_integer_value(json_object_get(body, "steungezin"));
	if (!visible_gezin(req, w, id, &wg)) {
		kp_db_write_rollback(srv->db, w);
		return;
	}
	if (!visible_gezin(req, w, sid, &wg2) || sid == id) {
		kp_db_write_rollback(srv->db, w);
		if (sid == id)
			kp_reply_problem(req, KP_P_INVALID_INPUT, "Een gezin kan zichzelf niet uitsluiten.");
		return;
	}
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO uitsluitingen(vraaggezin_id, steungezin_id, reden, gebruikersnaam, aangemaakt_op) "
					   "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING");
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, sid);
		sqlite3_bind_text(st, 3, json_string_value(json_object_get(body, "reden")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, kp_req_principal(req)->gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	}
	char details[64];
	snprintf(details, sizeof details, "{\"steungezin\":%lld}", (long long)sid);
	if (!st || sqlite3_step(st) != SQLITE_DONE || kp_req_audit(req, w, "uitsluiten", "gezin", id, details) != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	reply_uitsluitingen(req, w, id, 201);
}

void api_uitsluitingen_delete(struct kp_request *req)
{
	int64_t id, uid, wg;
	if (!kp_req_id(req, "id", &id) || !kp_req_id(req, "uid", &uid))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	if (!visible_gezin(req, w, id, &wg)) {
		kp_db_write_rollback(srv->db, w);
		return;
	}
	sqlite3_stmt *st = kp_conn_stmt(w, "DELETE FROM uitsluitingen WHERE id = ?1 AND vraaggezin_id = ?2");
	if (st) {
		sqlite3_bind_int64(st, 1, uid);
		sqlite3_bind_int64(st, 2, id);
	}
	if (!st || sqlite3_step(st) != SQLITE_DONE) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	if (sqlite3_changes(kp_conn_handle(w)) == 0) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_NOT_FOUND, "Deze uitsluiting bestaat niet.");
		return;
	}
	if (kp_req_audit(req, w, "verwijderen", "uitsluiting", uid, NULL) != SQLITE_OK) {
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

/* --- match rounds ---------------------------------------------------------------- */

/*
 * Round id as JSON when pr may see its werkgebied, with the proposals whose
 * two families pr sees; the ids of those families are appended to ids when
 * not NULL. NULL when not visible, not found or on an error.
 */
static json_t *ronde_json(struct kp_conn *c, const struct kp_principal *pr, int64_t id, int64_t *wg, json_t *ids)
{
	sqlite3_stmt *st = kp_scope_stmt(c, "SELECT r.werkgebied_id, w.code, r.programma_id, p.naam, r.wachttijd_prioriteit, "
					 "r.totaal_optimaal, r.totaal_greedy, r.vraaggezinnen, r.steungezinnen, r.gebruikersnaam, "
					 "r.aangemaakt_op, (SELECT naam FROM gebruikers WHERE gebruikersnaam = r.gebruikersnaam) "
					 "FROM matchrondes r JOIN werkgebieden w ON w.id = r.werkgebied_id "
					 "JOIN programmas p ON p.id = r.programma_id WHERE r.id = ?1 "
					 "AND (:kp_alles = 1 OR r.werkgebied_id IN " KP_SQL_SCOPE_WG ")", pr);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return NULL;
	}
	*wg = sqlite3_column_int64(st, 0);
	json_t *r = json_pack("{s:I, s:s, s:{s:I, s:s}, s:i, s:I, s:I, s:I, s:I, s:s?, s:s?, s:s}", "id", (json_int_t)id, "werkgebied",
			      (const char *)sqlite3_column_text(st, 1), "programma", "id", (json_int_t)sqlite3_column_int64(st, 2),
			      "naam", (const char *)sqlite3_column_text(st, 3), "wachttijdPrioriteit", sqlite3_column_int(st, 4),
			      "totaalOptimaal", (json_int_t)sqlite3_column_int64(st, 5), "totaalGreedy",
			      (json_int_t)sqlite3_column_int64(st, 6), "vraaggezinnen", (json_int_t)sqlite3_column_int64(st, 7),
			      "steungezinnen", (json_int_t)sqlite3_column_int64(st, 8), "door",
			      (const char *)sqlite3_column_text(st, 9), "doorNaam", (const char *)sqlite3_column_text(st, 11),
			      "aangemaaktOp", (const char *)sqlite3_column_text(st, 10));
	sqlite3_reset(st);
	/* a proposal is shown only while the caller sees both its families (one may have moved since) */
	st = kp_scope_stmt(c, "SELECT v.id, vg.id, vg.naam, sg.id, sg.naam, sg.rol, v.score, v.status, v.koppeling_id, v.criteria "
			      "FROM matchvoorstellen v JOIN gezinnen vg ON vg.id = v.vraaggezin_id "
			      "JOIN gezinnen sg ON sg.id = v.steungezin_id WHERE v.ronde_id = ?1 AND "
			      KP_SQL_GEZIN_ZICHTBAAR("vg") " AND " KP_SQL_GEZIN_ZICHTBAAR("sg") " ORDER BY v.score DESC, v.id", pr);
	json_t *arr = st ? json_array() : NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (ids) {
				json_array_append_new(ids, json_integer(sqlite3_column_int64(st, 1)));
				json_array_append_new(ids, json_integer(sqlite3_column_int64(st, 3)));
			}
			json_t *v = json_pack("{s:I, s:{s:I, s:s}, s:{s:I, s:s, s:s}, s:i, s:s}", "id",
					      (json_int_t)sqlite3_column_int64(st, 0), "vraaggezin", "id",
					      (json_int_t)sqlite3_column_int64(st, 1), "naam", (const char *)sqlite3_column_text(st, 2),
					      "steungezin", "id", (json_int_t)sqlite3_column_int64(st, 3), "naam",
					      (const char *)sqlite3_column_text(st, 4), "rol", (const char *)sqlite3_column_text(st, 5),
					      "score", sqlite3_column_int(st, 6), "status", (const char *)sqlite3_column_text(st, 7));
			json_object_set_new(v, "koppeling", sqlite3_column_type(st, 8) == SQLITE_NULL
								   ? json_null()
								   : json_integer(sqlite3_column_int64(st, 8)));
			/* the criteria the pair fits on, as the round scored them (none for rounds before 0018) */
			const char *crit = (const char *)sqlite3_column_text(st, 9);
			json_t *criteria = crit ? json_loads(crit, 0, NULL) : NULL;
			json_object_set_new(v, "criteria", json_is_array(criteria) ? criteria : json_array());
			if (criteria && !json_is_array(criteria))
				json_decref(criteria);
			json_array_append_new(arr, v);
		}
		sqlite3_reset(st);
	}
	/* the waiting vraaggezinnen the round gave no proposal, with why, while the caller sees them */
	sqlite3_stmt *z = arr ? kp_scope_stmt(c, "SELECT vg.id, vg.naam, z.reden FROM matchronde_zonder_voorstel z "
					     "JOIN gezinnen vg ON vg.id = z.vraaggezin_id WHERE z.ronde_id = ?1 AND "
					     KP_SQL_GEZIN_ZICHTBAAR("vg") " ORDER BY z.id", pr)
			      : NULL;
	json_t *zonder = z ? json_array() : NULL;
	if (z) {
		sqlite3_bind_int64(z, 1, id);
		while (sqlite3_step(z) == SQLITE_ROW) {
			if (ids)
				json_array_append_new(ids, json_integer(sqlite3_column_int64(z, 0)));
			json_array_append_new(zonder, json_pack("{s:{s:I, s:s}, s:s}", "vraaggezin", "id",
							       (json_int_t)sqlite3_column_int64(z, 0), "naam",
							       (const char *)sqlite3_column_text(z, 1), "reden",
							       (const char *)sqlite3_column_text(z, 2)));
		}
		sqlite3_reset(z);
	}
	if (!arr || !zonder) {
		json_decref(arr);
		json_decref(zonder);
		json_decref(r);
		return NULL;
	}
	json_object_set_new(r, "voorstellen", arr);
	json_object_set_new(r, "zonderVoorstel", zonder);
	return r;
}

/* Commits and answers with round id. */
static void reply_ronde(struct kp_request *req, struct kp_conn *w, int64_t id, unsigned status)
{
	int64_t wg;
	json_t *r = ronde_json(w, kp_req_principal(req), id, &wg, NULL);
	if (!kp_req_commit(req, w, r))
		return;
	if (status == 201) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/matchrondes/%lld", (long long)id);
		kp_reply_header(req, MHD_HTTP_HEADER_LOCATION, loc);
	}
	kp_reply_json(req, status, r);
}

/* At most this many criteria are kept as the reasons a proposed pair fits. */
#define RONDE_CRITERIA 3
/* A criterion counts as a reason the pair fits from this part score up (0.5 counts neutrally, as on Suggesties). */
#define RONDE_PAST 0.5f

/*
 * The criteria on which vraaggezin vid fits supporter set->steun[j] best,
 * as the round scores them: a JSON array of {"criterium", "score" 0-100}
 * of at most RONDE_CRITERIA criteria that weigh in the programme and score
 * above neutral, best first (by part score times weight). Codes only, no
 * words of the families. *out is malloc'd (free it). SQLITE_OK or an error.
 */
static int pair_criteria(struct kp_conn *w, int64_t vid, const char *today, struct kp_match_set *set, size_t j,
			 const struct kp_match_regels *r, char **out)
{
	struct kp_match_vraag v;
	int64_t vwg, wacht;
	char status[16];
	*out = NULL;
	if (kp_match_load_vraag(w, vid, today, &v, &vwg, &wacht, status) != SQLITE_OK ||
	    kp_match_pair_flags(w, vid, set) != SQLITE_OK)
		return SQLITE_ERROR;
	struct kp_match_uitkomst u;
	kp_match_score(&v, &set->steun[j], r, &u);
	bool gekozen[KP_CRIT_COUNT] = { false };
	json_t *arr = json_array();
	for (size_t n = 0; arr && n < RONDE_CRITERIA; n++) {
		int best = -1;
		float best_w = 0;
		for (int c = 0; c < KP_CRIT_COUNT; c++) {
			float gewogen = u.deel[c] * (float)r->gewicht[c];
			if (!gekozen[c] && r->gewicht[c] > 0 && u.deel[c] > RONDE_PAST && gewogen > best_w) {
				best = c;
				best_w = gewogen;
			}
		}
		if (best < 0)
			break;
		gekozen[best] = true;
		json_array_append_new(arr, json_pack("{s:s, s:i}", "criterium", kp_match_crit_naam((enum kp_crit)best), "score",
						     (int)(u.deel[best] * 100.0f + 0.5f)));
	}
	*out = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	return *out ? SQLITE_OK : SQLITE_NOMEM;
}

/*
 * Records that waiting vraaggezin vid got no proposal in round ronde, with
 * why: no supporter at all (ns 0), every supporter excluded by the same
 * rule (the bits of alle_regels) or by one rule or another (kunnen 0), or
 * the supporters that could went to families that fit better or waited
 * longer. SQLITE_OK or an error.
 */
static int zonder_voorstel(struct kp_conn *w, int64_t ronde, int64_t vid, size_t ns, uint32_t kunnen, uint8_t alle_regels)
{
	char reden[256];
	if (ns == 0) {
		snprintf(reden, sizeof reden, "Er was in dit werkgebied geen beschikbaar gezin voor dit programma.");
	} else if (kunnen > 0) {
		snprintf(reden, sizeof reden, "De gezinnen die passen, zijn in deze ronde voorgesteld aan vraaggezinnen die "
					      "beter bij hen passen of langer wachten.");
	} else if (alle_regels) {
		unsigned bit = alle_regels & -alle_regels; /* the first rule every supporter broke */
		snprintf(reden, sizeof reden, "Geen beschikbaar gezin kon. Bij elk: %s", kp_match_hard_zin(bit));
	} else {
		snprintf(reden, sizeof reden, "Elk beschikbaar gezin valt af door een regel van het programma "
					      "(bijvoorbeeld rol, VOG, afstand of een eerdere koppeling).");
	}
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO matchronde_zonder_voorstel(ronde_id, vraaggezin_id, reden) VALUES (?1, ?2, ?3)");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, ronde);
	sqlite3_bind_int64(st, 2, vid);
	sqlite3_bind_text(st, 3, reden, -1, SQLITE_TRANSIENT);
	return sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

static const struct kp_field ronde_spec[] = {
	{ .name = "werkgebied", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 32 },
	{ .name = "programma", .type = KP_F_INTEGER, .required = true, .min = 1, .max = INT64_MAX },
};

void api_matchrondes_post(struct kp_request *req)
{
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, ronde_spec, 2, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	int64_t programma = json_integer_value(json_object_get(body, "programma")), wg = 0;
	sqlite3_stmt *st = kp_scope_stmt(w, "SELECT w.id FROM werkgebieden w WHERE w.code = ?1 "
					 "AND (:kp_alles = 1 OR w.id IN " KP_SQL_SCOPE_WG ")", kp_req_principal(req));
	if (st) {
		sqlite3_bind_text(st, 1, json_string_value(json_object_get(body, "werkgebied")), -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW)
			wg = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	struct kp_match_regels r;
	struct kp_regels hard;
	int prio;
	int rc = kp_match_load_regels(w, programma, &r, &hard, &prio);
	if (rc == SQLITE_OK && wg && kp_programma_aangeboden(w, programma, wg) != 1)
		rc = SQLITE_DONE; /* archived, or not offered in this werkgebied: as unknown */
	if (!wg || rc == SQLITE_DONE) {
		kp_db_write_rollback(srv->db, w);
		problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(problem, rc == SQLITE_DONE ? "/programma" : "/werkgebied",
					     rc == SQLITE_DONE ? "Dit programma bestaat niet." : "Onbekend werkgebied of niet het jouwe.");
		kp_reply_problem_json(req, problem);
		return;
	}
	char t[16];
	kp_today(t);
	/* waiting vraaggezinnen, longest waiting first */
	struct kp_match_set set;
	if (rc != SQLITE_OK || kp_match_load_steun(w, wg, 0, t, &hard, true, &set) != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	st = kp_conn_stmt(w, "SELECT id FROM gezinnen WHERE werkgebied_id = ?1 AND rol = 'vraaggezin' AND status = 'wachtend' "
			     "ORDER BY aangemeld_op, id LIMIT ?2");
	int64_t *vids = malloc(RONDE_MAX * sizeof *vids);
	size_t nv = 0;
	if (st && vids) {
		sqlite3_bind_int64(st, 1, wg);
		sqlite3_bind_int(st, 2, RONDE_MAX);
		while (sqlite3_step(st) == SQLITE_ROW)
			vids[nv++] = sqlite3_column_int64(st, 0);
	}
	size_t ns = set.n < RONDE_MAX ? set.n : RONDE_MAX;
	size_t cells = nv * ns;
	int16_t *score = malloc((cells > 0 ? cells : 1) * sizeof *score), *bonus = malloc((nv ? nv : 1) * sizeof *bonus);
	uint8_t *cap = malloc(ns ? ns : 1);
	int32_t *assign = malloc((nv ? nv : 1) * sizeof *assign), *greedy = malloc((nv ? nv : 1) * sizeof *greedy);
	/* per vraaggezin, for the families left without a proposal: how many could, and the rules all broke */
	uint32_t *kunnen = calloc(nv ? nv : 1, sizeof *kunnen);
	uint8_t *alle_regels = malloc(nv ? nv : 1);
	bool ok = st && vids && score && bonus && cap && assign && greedy && kunnen && alle_regels;
	for (size_t j = 0; ok && j < ns; j++)
		cap[j] = (uint8_t)(set.steun[j].capaciteit > set.steun[j].actief ? set.steun[j].capaciteit - set.steun[j].actief : 0);
	for (size_t i = 0; ok && i < nv; i++) {
		struct kp_match_vraag v;
		int64_t vwg, wacht;
		char status[16];
		ok = kp_match_load_vraag(w, vids[i], t, &v, &vwg, &wacht, status) == SQLITE_OK &&
		     kp_match_pair_flags(w, vids[i], &set) == SQLITE_OK;
		bonus[i] = (int16_t)(prio * (wacht < 365 ? wacht : 365) / 365);
		alle_regels[i] = 0xFF;
		for (size_t j = 0; ok && j < ns; j++) {
			struct kp_match_uitkomst u;
			kp_match_score(&v, &set.steun[j], &r, &u);
			score[i * ns + j] = u.uitgesloten ? -1 : (int16_t)u.score;
			kunnen[i] += !u.uitgesloten;
			alle_regels[i] &= u.uitgesloten;
		}
	}
	long total = ok ? kp_match_assign(score, nv, ns, cap, bonus, assign) : -1;
	long gtotal = ok ? kp_match_greedy(score, nv, ns, cap, greedy) : -1;
	ok = ok && total >= 0 && gtotal >= 0;
	char now[32];
	kp_format_time(kp_now(), now);
	int64_t ronde = 0;
	if (ok) {
		st = kp_conn_stmt(w, "INSERT INTO matchrondes(werkgebied_id, programma_id, wachttijd_prioriteit, totaal_optimaal, "
				     "totaal_greedy, vraaggezinnen, steungezinnen, gebruikersnaam, aangemaakt_op) "
				     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
		if (st) {
			sqlite3_bind_int64(st, 1, wg);
			sqlite3_bind_int64(st, 2, programma);
			sqlite3_bind_int(st, 3, prio);
			sqlite3_bind_int64(st, 4, total);
			sqlite3_bind_int64(st, 5, gtotal);
			sqlite3_bind_int64(st, 6, (sqlite3_int64)nv);
			sqlite3_bind_int64(st, 7, (sqlite3_int64)ns);
			sqlite3_bind_text(st, 8, kp_req_principal(req)->gebruikersnaam, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 9, now, -1, SQLITE_TRANSIENT);
		}
		ok = st && sqlite3_step(st) == SQLITE_DONE;
		ronde = sqlite3_last_insert_rowid(kp_conn_handle(w));
	}
	for (size_t i = 0; ok && i < nv; i++) {
		if (assign[i] < 0) {
			ok = zonder_voorstel(w, ronde, vids[i], ns, kunnen[i], alle_regels[i]) == SQLITE_OK;
			continue;
		}
		char *criteria = NULL;
		ok = pair_criteria(w, vids[i], t, &set, (size_t)assign[i], &r, &criteria) == SQLITE_OK;
		st = ok ? kp_conn_stmt(w, "INSERT INTO matchvoorstellen(ronde_id, vraaggezin_id, steungezin_id, score, criteria) "
					  "VALUES (?1, ?2, ?3, ?4, ?5)")
			: NULL;
		if (st) {
			sqlite3_bind_int64(st, 1, ronde);
			sqlite3_bind_int64(st, 2, vids[i]);
			sqlite3_bind_int64(st, 3, set.steun[assign[i]].id);
			sqlite3_bind_int(st, 4, score[i * ns + (size_t)assign[i]]);
			sqlite3_bind_text(st, 5, criteria, -1, SQLITE_TRANSIENT);
		}
		free(criteria);
		ok = st && sqlite3_step(st) == SQLITE_DONE;
	}
	free(vids), free(score), free(bonus), free(cap), free(assign), free(greedy), free(kunnen), free(alle_regels);
	kp_match_set_free(&set);
	if (!ok || kp_req_audit(req, w, "aanmaken", "matchronde", ronde, NULL) != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	reply_ronde(req, w, ronde, 201);
}

void api_matchrondes_get(struct kp_request *req)
{
	int64_t id, wg;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	json_t *ids = json_array();
	json_t *r = ids ? ronde_json(c, kp_req_principal(req), id, &wg, ids) : NULL;
	kp_db_read_end(srv->db, c);
	if (!r) {
		json_decref(ids);
		kp_reply_problem(req, KP_P_NOT_FOUND, "Deze matchronde bestaat niet.");
		return;
	}
	kp_reply_json(req, 200, r);
	kp_req_audit_list(req, "matchronde", ids, NULL, false);
	json_decref(ids);
}

/*
 * The earlier rounds in the caller's werkgebieden (all for a beheerder),
 * the newest 100, each with its werkgebied, programme, who started it and
 * when, and how many proposals it made, how many are still open and how
 * many waiting families it left without one. Counts only: no families.
 */
void api_matchrondes_list(struct kp_request *req)
{
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	sqlite3_stmt *st = kp_scope_stmt(c, "SELECT r.id, w.code, p.id, p.naam, r.gebruikersnaam, r.aangemaakt_op, "
					 "(SELECT count(*) FROM matchvoorstellen v WHERE v.ronde_id = r.id), "
					 "(SELECT count(*) FROM matchvoorstellen v WHERE v.ronde_id = r.id AND v.status = 'open'), "
					 "(SELECT count(*) FROM matchronde_zonder_voorstel z WHERE z.ronde_id = r.id), "
					 "(SELECT naam FROM gebruikers WHERE gebruikersnaam = r.gebruikersnaam) "
					 "FROM matchrondes r JOIN werkgebieden w ON w.id = r.werkgebied_id "
					 "JOIN programmas p ON p.id = r.programma_id "
					 "WHERE (:kp_alles = 1 OR r.werkgebied_id IN " KP_SQL_SCOPE_WG ") "
					 "ORDER BY r.id DESC LIMIT 100", kp_req_principal(req));
	json_t *arr = st ? json_array() : NULL;
	int rc = SQLITE_ERROR;
	if (arr) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			json_array_append_new(arr, json_pack("{s:I, s:s, s:{s:I, s:s}, s:s?, s:s?, s:s, s:I, s:I, s:I}", "id",
							     (json_int_t)sqlite3_column_int64(st, 0), "werkgebied",
							     (const char *)sqlite3_column_text(st, 1), "programma", "id",
							     (json_int_t)sqlite3_column_int64(st, 2), "naam",
							     (const char *)sqlite3_column_text(st, 3), "door",
							     (const char *)sqlite3_column_text(st, 4), "doorNaam",
							     (const char *)sqlite3_column_text(st, 9), "aangemaaktOp",
							     (const char *)sqlite3_column_text(st, 5), "voorstellen",
							     (json_int_t)sqlite3_column_int64(st, 6), "open",
							     (json_int_t)sqlite3_column_int64(st, 7), "zonderVoorstel",
							     (json_int_t)sqlite3_column_int64(st, 8)));
		sqlite3_reset(st);
	}
	kp_db_read_end(srv->db, c);
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "matchrondes", arr));
}

static const char *const besluiten[] = { "accepteren", "afwijzen", NULL };
static const struct kp_field besluit_spec[] = {
	{ .name = "besluit", .type = KP_F_STRING, .required = true, .one_of = besluiten },
};

void api_matchvoorstel_besluit(struct kp_request *req)
{
	int64_t id, vid;
	if (!kp_req_id(req, "id", &id) || !kp_req_id(req, "vid", &vid))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, besluit_spec, 1, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	sqlite3_stmt *st = kp_scope_stmt(w, "SELECT r.werkgebied_id, r.programma_id, v.vraaggezin_id, v.steungezin_id, v.status "
					 "FROM matchvoorstellen v JOIN matchrondes r ON r.id = v.ronde_id "
					 "WHERE v.id = ?2 AND v.ronde_id = ?1 AND (:kp_alles = 1 OR r.werkgebied_id IN " KP_SQL_SCOPE_WG ") "
					 "AND " KP_SQL_GEZIN_ID_ZICHTBAAR("v.vraaggezin_id") " AND "
					 KP_SQL_GEZIN_ID_ZICHTBAAR("v.steungezin_id"), kp_req_principal(req));
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, vid);
	}
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		if (st)
			sqlite3_reset(st);
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit voorstel bestaat niet.");
		return;
	}
	int64_t programma = sqlite3_column_int64(st, 1), vg = sqlite3_column_int64(st, 2), sg = sqlite3_column_int64(st, 3);
	bool open = strcmp((const char *)sqlite3_column_text(st, 4), "open") == 0;
	sqlite3_reset(st);
	if (!open) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_CONFLICT, "Over dit voorstel is al besloten.");
		return;
	}
	bool accept = strcmp(json_string_value(json_object_get(body, "besluit")), "accepteren") == 0;
	int64_t koppeling = 0;
	if (accept && !kp_koppeling_propose(req, w, vg, sg, programma, NULL, NULL, NULL, &koppeling))
		return; /* refused (the situation changed since the round): answered, rolled back */
	char now[32];
	kp_format_time(kp_now(), now);
	st = kp_conn_stmt(w, "UPDATE matchvoorstellen SET status = ?2, koppeling_id = nullif(?3, 0), beslist_op = ?4, "
			     "gebruikersnaam = ?5 WHERE id = ?1");
	if (st) {
		sqlite3_bind_int64(st, 1, vid);
		sqlite3_bind_text(st, 2, accept ? "geaccepteerd" : "afgewezen", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, koppeling);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, kp_req_principal(req)->gebruikersnaam, -1, SQLITE_TRANSIENT);
	}
	if (!st || sqlite3_step(st) != SQLITE_DONE ||
	    kp_req_audit(req, w, accept ? "accepteren" : "afwijzen", "matchvoorstel", vid, NULL) != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	reply_ronde(req, w, id, 200);
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_matching[] = {
	KP_SPEC(uitsluiting_spec),
	KP_SPEC(ronde_spec),
	KP_SPEC(besluit_spec),
	{ NULL, NULL, 0 },
};
