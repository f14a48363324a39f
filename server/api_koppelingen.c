/*
 * api_koppelingen.c - a koppeling links one vraaggezin with one supporting
 * gezin and walks the phases of fasen.c.
 *
 *   GET   /api/v1/koppelingen                      list (filters fase, gezin, coordinator)
 *   POST  /api/v1/koppelingen                      propose -> 201, phase voorstel
 *   GET   /api/v1/koppelingen/{id}                 the koppeling with history, agreements, evaluations
 *   PATCH /api/v1/koppelingen/{id}                 If-Match; coordinator, contactNaAfloop
 *   POST  /api/v1/koppelingen/{id}/faseovergangen  {"naar","datum","toelichting","reden","contractGetekendOp"}
 *   POST  /api/v1/koppelingen/{id}/afspraken       a new version of the agreements
 *   POST  /api/v1/koppelingen/{id}/verloop         how it is going (soepel / hick-ups / stagnatie)
 *   POST  /api/v1/koppelingen/{id}/verlengingen    {"totOp","reden"}: a later maximum end, when the
 *                                                  programme's course allows it; re-plans
 *
 * Linking rules (checked in one write transaction): both gezinnen visible
 * and in the same werkgebied; the supporter's role allowed by the
 * programme, beschikbaar, with capacity left and a valid VOG for every
 * adult (estafettegezinnen exempt when the programme says so); the pair
 * never stopped before. Entering kennismaking starts the koppeling (the
 * vraaggezin becomes gekoppeld, the supporter too once its capacity is
 * used); afronding and gestopt end it and give both their status back.
 * Every change plans the evaluations again (koppelingen.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auth.h"
#include "datum.h"
#include "db.h"
#include "fasen.h"
#include "gezinnen.h"
#include "http.h"
#include "json_spec.h"
#include "koppelingen.h"
#include "matchdata.h"
#include "scope.h"
#include "server.h"
#include "steun.h"
#include "toestemmingen.h"
#include "util.h"

/* Answers 400 or 422 naming one field. */
static void field_problem(struct kp_request *req, enum kp_problem kind, const char *pointer, const char *reason)
{
	json_t *p = kp_problem_json(kind, kind == KP_P_UNPROCESSABLE ? reason : "Controleer de gemarkeerde velden.");
	kp_problem_add_invalid_param(p, pointer, reason);
	kp_reply_problem_json(req, p);
}

void kp_reply_koppeling(struct kp_request *req, struct kp_conn *w, int64_t id, unsigned status)
{
	char t[16];
	kp_today(t);
	int64_t versie = 0;
	json_t *k = kp_koppeling_json(w, id, t, NULL, &versie);
	if (!kp_req_commit(req, w, k))
		return;
	if (status == 201) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/koppelingen/%lld", (long long)id);
		kp_reply_header(req, MHD_HTTP_HEADER_LOCATION, loc);
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, status, k);
}

/* Rolls back and answers 503. */
static void db_fail(struct kp_request *req, struct kp_conn *w)
{
	kp_db_write_rollback(kp_req_server(req)->db, w);
	kp_reply_db_error(req);
}

/* --- proposing --------------------------------------------------------------- */

static const struct kp_field koppeling_spec[] = {
	{ .name = "vraaggezin", .type = KP_F_INTEGER, .required = true, .min = 1, .max = INT64_MAX },
	{ .name = "steungezin", .type = KP_F_INTEGER, .min = 1, .max = INT64_MAX }, /* or steungezinnen */
	{ .name = "programma", .type = KP_F_INTEGER, .required = true, .min = 1, .max = INT64_MAX },
	{ .name = "coordinator", .type = KP_F_INTEGER, .nullable = true, .min = 1, .max = INT64_MAX },
	{ .name = "datum", .type = KP_F_STRING, .check = kp_check_past_date },
};

struct gezin_row {
	bool found;
	int64_t werkgebied;
	char rol[32], status[32];
	json_t *profiel;
};

/* Loads gezin id into *g when it exists and p may see it (g->found); false on a database error. */
static bool load_gezin(struct kp_conn *w, const struct kp_principal *p, int64_t id, struct gezin_row *g)
{
	memset(g, 0, sizeof *g);
	sqlite3_stmt *st = kp_scope_stmt(w, "SELECT g.werkgebied_id, g.rol, g.status, g.profiel FROM gezinnen g "
					 "WHERE g.id = ?1 AND " KP_SQL_GEZIN_ZICHTBAAR("g"), p);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		g->found = true;
		g->werkgebied = sqlite3_column_int64(st, 0);
		snprintf(g->rol, sizeof g->rol, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(g->status, sizeof g->status, "%s", (const char *)sqlite3_column_text(st, 2));
		g->profiel = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
	}
	sqlite3_reset(st);
	return true;
}

/*
 * Proposes a koppeling on the writer w under every linking rule (see the
 * top of this file). On success returns true with *out_id set and w still
 * open; otherwise w is rolled back, the request answered, and false
 * returned. Also used when a match round's proposal is accepted.
 */
bool kp_koppeling_propose(struct kp_request *req, struct kp_conn *w, int64_t vid, int64_t sid, int64_t pid,
			  const json_t *kinderen, const char *datum, const json_t *coord, int64_t *out_id)
{
	struct kp_server *srv = kp_req_server(req);
	const struct kp_principal *p = kp_req_principal(req);
	char t[16];
	kp_today(t);
	struct kp_date now;
	kp_date_parse(t, &now);
	size_t i;
	json_t *kid;
	struct gezin_row v, s;
	if (!load_gezin(w, p, vid, &v) || !load_gezin(w, p, sid, &s)) {
		json_decref(v.profiel);
		db_fail(req, w);
		return false;
	}
	const char *why = NULL, *ptr = NULL;
	enum kp_problem kind = KP_P_UNPROCESSABLE;
	struct kp_programma_ritme r;
	struct kp_regels regels;
	struct kp_regels_uitkomst u; /* the programme's hard rules (regels.c); why may point into it */
	int prc = kp_programma_load(w, pid, &r, &regels);
	if (prc == SQLITE_OK && v.found && kp_programma_aangeboden(w, pid, v.werkgebied) != 1)
		prc = SQLITE_NOTFOUND; /* archived, or not offered in the vraaggezin's werkgebied: as unknown */
	if (!v.found) {
		kind = KP_P_INVALID_INPUT, ptr = "/vraaggezin", why = "Dit gezin bestaat niet.";
	} else if (!s.found) {
		kind = KP_P_INVALID_INPUT, ptr = "/steungezin", why = "Dit gezin bestaat niet.";
	} else if (prc != SQLITE_OK) {
		kind = KP_P_INVALID_INPUT, ptr = "/programma", why = "Dit programma bestaat niet.";
	} else if (strcmp(v.rol, "vraaggezin") != 0) {
		ptr = "/vraaggezin", why = "Dit gezin is geen vraaggezin.";
	} else if (strcmp(v.status, "afgerond") == 0 || strcmp(v.status, "gestopt") == 0) {
		ptr = "/vraaggezin", why = "Dit vraaggezin is afgerond of gestopt.";
	} else if (strcmp(s.rol, "vraaggezin") == 0) {
		ptr = "/steungezin", why = "Dit gezin biedt geen steun.";
	} else if (v.werkgebied != s.werkgebied) {
		ptr = "/steungezin", why = "De gezinnen horen bij verschillende werkgebieden.";
	} else {
		/* role, availability, VOG (by age, the programme's validity and exemption) and distance: one rule */
		struct kp_regels_leden leden;
		struct kp_regels_steun f = { .rol = -1, .beschikbaar = strcmp(s.status, "beschikbaar") == 0, .vrij = -1 };
		for (size_t k = 0; k < kp_rollen.n; k++)
			if (strcmp(kp_rollen.terms[k].code, s.rol) == 0)
				f.rol = (int)k;
		sqlite3_stmt *st = kp_conn_stmt(w, "SELECT a.lat, a.lon, b.lat, b.lon FROM gezinnen a, gezinnen b "
						   "WHERE a.id = ?1 AND b.id = ?2 AND a.lat IS NOT NULL AND b.lat IS NOT NULL");
		if (!st || kp_regels_load_leden(w, sid, &leden) != SQLITE_OK) {
			json_decref(v.profiel);
			json_decref(s.profiel);
			db_fail(req, w);
			return false;
		}
		sqlite3_bind_int64(st, 1, vid);
		sqlite3_bind_int64(st, 2, sid);
		if (sqlite3_step(st) == SQLITE_ROW) {
			f.afstand_bekend = true;
			f.afstand_km = kp_match_km(sqlite3_column_double(st, 0), sqlite3_column_double(st, 1),
						   sqlite3_column_double(st, 2), sqlite3_column_double(st, 3));
		}
		sqlite3_reset(st);
		f.leden = leden.lid;
		f.n_leden = leden.n;
		kp_regels_check(&regels, &f, now, &u);
		if (u.gebroken & KP_REGEL_ROL)
			ptr = "/programma", why = u.reden[0];
		else if (u.gebroken)
			ptr = "/steungezin", why = kp_regels_reden(&u);
	}
	if (!why && json_is_integer(coord)) {
		int ok = kp_coordinator_allowed(w, json_integer_value(coord), v.werkgebied);
		if (ok < 0) {
			json_decref(v.profiel);
			json_decref(s.profiel);
			db_fail(req, w);
			return false;
		}
		if (!ok)
			ptr = "/coordinator", why = KP_COORDINATOR_NIET_TOEGESTAAN;
	}
	int64_t capaciteit = json_integer_value(json_object_get(json_object_get(s.profiel, "aanbod"), "capaciteit"));
	json_decref(v.profiel);
	json_decref(s.profiel);
	if (why) {
		kp_db_write_rollback(srv->db, w);
		field_problem(req, kind, ptr, why);
		return false;
	}
	/* capacity and a pair that stopped before: conflicts with the current state */
	int64_t active = 0;
	if (kp_gezin_active_koppelingen(w, sid, &active) != SQLITE_OK) {
		db_fail(req, w);
		return false;
	}
	if (active >= (capaciteit > 0 ? capaciteit : 1)) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_CONFLICT, "Dit gezin heeft geen ruimte meer voor nog een koppeling.");
		return false;
	}
	/* a candidate the family did not choose did not stop with this supporter */
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT count(*) FROM koppelingen WHERE vraaggezin_id = ?1 AND steungezin_id = ?2 "
					   "AND fase = 'gestopt' AND coalesce(stop_reden, '') != '" KP_STOPREDEN_NIET_GEKOZEN "'");
	if (!st) {
		db_fail(req, w);
		return false;
	}
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_int64(st, 2, sid);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_fail(req, w);
		return false;
	}
	if (sqlite3_column_int64(st, 0) > 0) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_CONFLICT, "Deze gezinnen hadden al een koppeling die gestopt is; stel ze niet opnieuw voor.");
		return false;
	}
	sqlite3_reset(st);
	char now_s[32];
	kp_format_time(kp_now(), now_s);
	st = kp_conn_stmt(w, "INSERT INTO koppelingen(vraaggezin_id, steungezin_id, programma_id, werkgebied_id, coordinator_id, "
			     "fase, voorgesteld_op, aangemaakt_op, gewijzigd_op) VALUES (?1, ?2, ?3, ?4, ?5, 'voorstel', ?6, ?7, ?7)");
	if (!st) {
		db_fail(req, w);
		return false;
	}
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_int64(st, 2, sid);
	sqlite3_bind_int64(st, 3, pid);
	sqlite3_bind_int64(st, 4, v.werkgebied);
	if (json_is_integer(coord))
		sqlite3_bind_int64(st, 5, json_integer_value(coord));
	else if (p->rol == KP_ROLE_COORDINATOR)
		sqlite3_bind_int64(st, 5, p->gebruiker_id);
	sqlite3_bind_text(st, 6, datum ? datum : t, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, now_s, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(req, w);
		return false;
	}
	int64_t id = sqlite3_last_insert_rowid(kp_conn_handle(w));
	json_array_foreach(kinderen, i, kid)
	{
		st = kp_conn_stmt(w, "INSERT INTO koppeling_kinderen(koppeling_id, lid_id) SELECT ?1, id FROM leden "
				     "WHERE id = ?2 AND gezin_id = ?3 AND soort = 'kind' ON CONFLICT DO NOTHING");
		if (!st) {
			db_fail(req, w);
			return false;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, json_integer_value(kid));
		sqlite3_bind_int64(st, 3, vid);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_fail(req, w);
			return false;
		}
		if (sqlite3_changes(kp_conn_handle(w)) == 0) {
			kp_db_write_rollback(srv->db, w);
			field_problem(req, KP_P_INVALID_INPUT, "/kinderen", "Geen kind van dit vraaggezin.");
			return false;
		}
	}
	st = kp_conn_stmt(w, "INSERT INTO faseovergangen(koppeling_id, van, naar, datum, gebruiker_id, gebruikersnaam, tijd) "
			     "VALUES (?1, NULL, 'voorstel', ?2, ?3, ?4, ?5)");
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, datum ? datum : t, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, p->gebruiker_id);
		sqlite3_bind_text(st, 4, p->gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now_s, -1, SQLITE_TRANSIENT);
	}
	char details[96];
	snprintf(details, sizeof details, "{\"vraaggezin\":%lld,\"steungezin\":%lld}", (long long)vid, (long long)sid);
	if (!st || sqlite3_step(st) != SQLITE_DONE || kp_req_audit(req, w, "aanmaken", "koppeling", id, details) != SQLITE_OK) {
		db_fail(req, w);
		return false;
	}
	*out_id = id;
	return true;
}

/*
 * Reads the supporters of a proposal from body into ids: "steungezin" (one)
 * or "steungezinnen" (2 or 3 distinct candidates the vraaggezin chooses
 * between). Returns how many, or 0 after answering 400 naming the field.
 */
static size_t proposal_supporters(struct kp_request *req, const json_t *body, int64_t ids[3])
{
	const json_t *one = json_object_get(body, "steungezin"), *more = json_object_get(body, "steungezinnen");
	if (one && !more) {
		ids[0] = json_integer_value(one);
		return 1;
	}
	bool ok = !one && json_is_array(more) && json_array_size(more) >= 2 && json_array_size(more) <= 3;
	size_t i, n = 0;
	json_t *x;
	json_array_foreach(more, i, x)
	{
		ok = ok && json_is_integer(x) && json_integer_value(x) > 0;
		for (size_t j = 0; ok && j < n; j++)
			ok = ids[j] != json_integer_value(x);
		if (ok && n < 3)
			ids[n++] = json_integer_value(x);
	}
	if (ok)
		return n;
	field_problem(req, KP_P_INVALID_INPUT, one || !more ? "/steungezin" : "/steungezinnen",
		      one && more ? "Geef één steunbiedend gezin of een keuze uit twee of drie, niet allebei."
		      : !more	  ? "Kies een steunbiedend gezin."
				  : "Geef twee of drie verschillende steunbiedende gezinnen om uit te kiezen.");
	return 0;
}

/* How many candidates programme pid offers at once (1 for an unknown one: the proposal names that). */
static int programme_kandidaten(struct kp_conn *w, int64_t pid)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT kandidaten FROM programmas WHERE id = ?1");
	int n = 1;
	if (st) {
		sqlite3_bind_int64(st, 1, pid);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_reset(st);
	}
	return n;
}

void api_koppelingen_post(struct kp_request *req)
{
	json_t *body = kp_req_body(req);
	/* kinderen are member ids and steungezinnen a choice: validated here rather than by the spec */
	json_t *kinderen = json_object_get(body, "kinderen");
	json_t *rest = json_deep_copy(body);
	json_object_del(rest, "kinderen");
	json_object_del(rest, "steungezinnen");
	json_t *problem = kp_json_validate(rest, koppeling_spec, sizeof koppeling_spec / sizeof koppeling_spec[0], false);
	json_decref(rest);
	size_t i;
	json_t *kid;
	if (!problem && kinderen) {
		bool ok = json_is_array(kinderen) && json_array_size(kinderen) <= 20;
		json_array_foreach(kinderen, i, kid) ok = ok && json_is_integer(kid) && json_integer_value(kid) > 0;
		if (!ok) {
			field_problem(req, KP_P_INVALID_INPUT, "/kinderen", "Geef de nummers van kinderen van het vraaggezin.");
			return;
		}
	}
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	int64_t steun[3];
	size_t n = proposal_supporters(req, body, steun);
	if (!n)
		return;
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	int64_t pid = json_integer_value(json_object_get(body, "programma"));
	if (n > 1 && (int)n > programme_kandidaten(w, pid)) {
		kp_db_write_rollback(kp_req_server(req)->db, w);
		field_problem(req, KP_P_UNPROCESSABLE, "/steungezinnen",
			      "Dit programma biedt het vraaggezin geen keuze uit zoveel gezinnen.");
		return;
	}
	/* one voorstel: every candidate under the same linking rules, in one transaction */
	int64_t ids[3] = { 0 };
	for (size_t c = 0; c < n; c++)
		if (!kp_koppeling_propose(req, w, json_integer_value(json_object_get(body, "vraaggezin")), steun[c], pid, kinderen,
					  json_string_value(json_object_get(body, "datum")), json_object_get(body, "coordinator"),
					  &ids[c]))
			return;
	if (n > 1) {
		sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE koppelingen SET keuze_id = ?1 WHERE id IN (?1, ?2, ?3)");
		if (st) {
			sqlite3_bind_int64(st, 1, ids[0]);
			sqlite3_bind_int64(st, 2, ids[1]);
			sqlite3_bind_int64(st, 3, n > 2 ? ids[2] : ids[1]);
		}
		if (!st || sqlite3_step(st) != SQLITE_DONE) {
			db_fail(req, w);
			return;
		}
	}
	kp_reply_koppeling(req, w, ids[0], 201);
}

/*
 * After koppeling id (the family's choice) entered kennismaking: the other
 * candidates of its voorstel that are still proposals end as gestopt with
 * reason niet-gekozen, dated datum, each with its history row, a new
 * version and an audit entry. SQLITE_OK or an error.
 */
static int close_other_candidates(struct kp_request *req, struct kp_conn *w, int64_t id, const char *datum)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT o.id FROM koppelingen k JOIN koppelingen o ON o.keuze_id = k.keuze_id "
					   "AND o.id != k.id WHERE k.id = ?1 AND o.fase = 'voorstel'");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int64_t others[3];
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 3)
		others[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return SQLITE_ERROR;
	const struct kp_principal *p = kp_req_principal(req);
	char now[32];
	kp_format_time(kp_now(), now);
	for (size_t i = 0; i < n; i++) {
		/* in the programme's own words: "Het startgezin koos een ander gezin." */
		st = kp_conn_stmt(w, "UPDATE koppelingen SET fase = 'gestopt', stop_reden = 'niet-gekozen', "
				     "stop_toelichting = 'Het ' || (SELECT p.woord_vraag FROM programmas p WHERE p.id = programma_id) "
				     "|| ' koos een ander gezin.', versie = versie + 1, gewijzigd_op = ?2 "
				     "WHERE id = ?1 AND fase = 'voorstel'");
		if (!st)
			return SQLITE_ERROR;
		sqlite3_bind_int64(st, 1, others[i]);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			return SQLITE_ERROR;
		st = kp_conn_stmt(w, "INSERT INTO faseovergangen(koppeling_id, van, naar, datum, reden, toelichting, gebruiker_id, "
				     "gebruikersnaam, tijd) SELECT ?1, 'voorstel', 'gestopt', ?2, 'niet-gekozen', stop_toelichting, "
				     "?3, ?4, ?5 FROM koppelingen WHERE id = ?1");
		if (!st)
			return SQLITE_ERROR;
		sqlite3_bind_int64(st, 1, others[i]);
		sqlite3_bind_text(st, 2, datum, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, p->gebruiker_id);
		sqlite3_bind_text(st, 4, p->gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
		char details[64];
		snprintf(details, sizeof details, "{\"gekozen\":%lld}", (long long)id);
		if (sqlite3_step(st) != SQLITE_DONE ||
		    kp_req_audit(req, w, "niet-gekozen", "koppeling", others[i], details) != SQLITE_OK)
			return SQLITE_ERROR;
	}
	return SQLITE_OK;
}

/* --- reading --------------------------------------------------------------------- */

/*
 * Checks on c that koppeling id exists and is visible to the requester (both
 * its gezinnen, scope.h, in the same statement), setting *fase and *versie
 * when given. Returns true, or false after answering (404 or 503); c stays
 * the caller's.
 */
static bool koppeling_visible(struct kp_request *req, struct kp_conn *c, int64_t id, enum kp_fase *fase,
			      int64_t *versie)
{
	sqlite3_stmt *st = kp_scope_stmt(c, "SELECT k.fase, k.versie FROM koppelingen k WHERE k.id = ?1 AND "
					 KP_SQL_KOPPELING_ZICHTBAAR("k"), kp_req_principal(req));
	if (st)
		sqlite3_bind_int64(st, 1, id);
	int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
	if (rc == SQLITE_ROW && fase)
		kp_fase_parse((const char *)sqlite3_column_text(st, 0), fase);
	if (rc == SQLITE_ROW && versie)
		*versie = sqlite3_column_int64(st, 1);
	if (st)
		sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return true;
	if (rc == SQLITE_DONE)
		kp_reply_problem(req, KP_P_NOT_FOUND, "Deze koppeling bestaat niet.");
	else
		kp_reply_db_error(req);
	return false;
}

/*
 * Takes the writer for koppeling id if it is visible and its current version
 * matches the request's If-Match im (with *fase set when given). Returns it,
 * or NULL after answering (404, 412 or 503).
 */
static struct kp_conn *write_koppeling(struct kp_request *req, int64_t id, const struct kp_if_match *im,
				       enum kp_fase *fase)
{
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return NULL;
	int64_t versie = 0;
	if (!koppeling_visible(req, w, id, fase, &versie)) {
		kp_db_write_rollback(kp_req_server(req)->db, w);
		return NULL;
	}
	if (!kp_if_match_ok(im, versie)) {
		kp_db_write_rollback(kp_req_server(req)->db, w);
		kp_reply_problem(req, KP_P_PRECONDITION_FAILED,
				 "Iemand anders heeft deze koppeling intussen gewijzigd. Laad opnieuw.");
		return NULL;
	}
	return w;
}

int kp_koppeling_touch(struct kp_conn *w, int64_t id)
{
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE koppelingen SET versie = versie + 1, gewijzigd_op = ?2 WHERE id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	return sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(kp_conn_handle(w)) == 1 ? SQLITE_OK : SQLITE_ERROR;
}

void api_koppelingen_get(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	if (!koppeling_visible(req, c, id, NULL, NULL)) {
		kp_db_read_end(srv->db, c);
		return;
	}
	char t[16];
	kp_today(t);
	int64_t versie = 0;
	json_t *k = kp_koppeling_json(c, id, t, NULL, &versie);
	kp_db_read_end(srv->db, c);
	if (!k) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, 200, k);
	/* reading a koppeling shows both families: recorded before the answer goes */
	kp_req_audit_read(req, "lezen", "koppeling", id, NULL);
}

void api_koppelingen_list(struct kp_request *req)
{
	const char *fase = kp_req_query(req, "fase"), *gezin_s = kp_req_query(req, "gezin"),
		   *coord_s = kp_req_query(req, "coordinator");
	enum kp_fase f;
	int64_t gezin = 0, coord = 0;
	json_t *problem = NULL;
	if (fase && !kp_fase_parse(fase, &f)) {
		problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
		kp_problem_add_invalid_param(problem, "fase", "Onbekende fase.");
	}
	if ((gezin_s && !kp_parse_id(gezin_s, &gezin)) || (coord_s && !kp_parse_id(coord_s, &coord))) {
		if (!problem)
			problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
		kp_problem_add_invalid_param(problem, gezin_s && !gezin ? "gezin" : "coordinator", "Geef een nummer.");
	}
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	const struct kp_principal *p = kp_req_principal(req);
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	sqlite3_stmt *st = c ? kp_scope_stmt(c, "SELECT k.id, k.fase, v.id, v.naam, s.id, s.naam, s.rol, p.naam, "
					       "k.koppeling_datum, k.voorgesteld_op, k.coordinator_id "
					       "FROM koppelingen k JOIN gezinnen v ON v.id = k.vraaggezin_id "
					       "JOIN gezinnen s ON s.id = k.steungezin_id JOIN programmas p ON p.id = k.programma_id "
					       "WHERE (?1 IS NULL OR k.fase = ?1) AND (?2 IS NULL OR ?2 IN (k.vraaggezin_id, k.steungezin_id)) "
					       "AND (?3 IS NULL OR k.coordinator_id = ?3) "
					       "AND " KP_SQL_GEZIN_ZICHTBAAR("v") " AND " KP_SQL_GEZIN_ZICHTBAAR("s") " "
					       "ORDER BY k.id DESC LIMIT 500", p)
				    : NULL;
	json_t *list = st ? json_array() : NULL;
	json_t *gezinnen = json_array(), *koppelingen = json_array();
	if (st) {
		sqlite3_bind_text(st, 1, fase, -1, SQLITE_TRANSIENT);
		if (gezin_s)
			sqlite3_bind_int64(st, 2, gezin);
		if (coord_s)
			sqlite3_bind_int64(st, 3, coord);
		while (sqlite3_step(st) == SQLITE_ROW) {
			json_array_append_new(koppelingen, json_integer(sqlite3_column_int64(st, 0)));
			json_array_append_new(gezinnen, json_integer(sqlite3_column_int64(st, 2)));
			json_array_append_new(gezinnen, json_integer(sqlite3_column_int64(st, 4)));
			json_array_append_new(
				list, json_pack("{s:I, s:s, s:{s:I, s:s}, s:{s:I, s:s, s:s}, s:s, s:s?, s:s}", "id",
						(json_int_t)sqlite3_column_int64(st, 0), "fase", (const char *)sqlite3_column_text(st, 1),
						"vraaggezin", "id", (json_int_t)sqlite3_column_int64(st, 2), "naam",
						(const char *)sqlite3_column_text(st, 3), "steungezin", "id",
						(json_int_t)sqlite3_column_int64(st, 4), "naam", (const char *)sqlite3_column_text(st, 5),
						"rol", (const char *)sqlite3_column_text(st, 6), "programma",
						(const char *)sqlite3_column_text(st, 7), "koppelingDatum",
						(const char *)sqlite3_column_text(st, 8), "voorgesteldOp",
						(const char *)sqlite3_column_text(st, 9)));
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
	kp_reply_json(req, 200, json_pack("{s:o}", "koppelingen", list));
	kp_req_audit_list(req, "koppelingen", gezinnen, koppelingen, false);
	json_decref(gezinnen);
	json_decref(koppelingen);
}

static const char *const contact_waarden[] = { "ja", "nee", "onbekend", NULL };
static const struct kp_field wijziging_spec[] = {
	{ .name = "coordinator", .type = KP_F_INTEGER, .nullable = true, .min = 1, .max = INT64_MAX },
	{ .name = "contactNaAfloop", .type = KP_F_STRING, .one_of = contact_waarden },
};

void api_koppelingen_patch(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, wijziging_spec, 2, true);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_conn *w = write_koppeling(req, id, &im, NULL);
	if (!w)
		return;
	json_t *coord = json_object_get(body, "coordinator");
	const char *contact = json_string_value(json_object_get(body, "contactNaAfloop"));
	if (json_is_integer(coord)) {
		/* the koppeling's werkgebied is its vraaggezin's current one */
		sqlite3_stmt *q = kp_conn_stmt(w, "SELECT g.werkgebied_id FROM koppelingen k JOIN gezinnen g "
						  "ON g.id = k.vraaggezin_id WHERE k.id = ?1");
		int ok = -1;
		if (q) {
			sqlite3_bind_int64(q, 1, id);
			if (sqlite3_step(q) == SQLITE_ROW)
				ok = kp_coordinator_allowed(w, json_integer_value(coord), sqlite3_column_int64(q, 0));
			sqlite3_reset(q);
		}
		if (ok < 0) {
			db_fail(req, w);
			return;
		}
		if (!ok) {
			kp_db_write_rollback(kp_req_server(req)->db, w);
			field_problem(req, KP_P_UNPROCESSABLE, "/coordinator", KP_COORDINATOR_NIET_TOEGESTAAN);
			return;
		}
	}
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE koppelingen SET coordinator_id = CASE WHEN ?3 THEN ?4 ELSE coordinator_id END, "
					   "contact_na_afloop = coalesce(?5, contact_na_afloop), versie = versie + 1, "
					   "gewijzigd_op = ?6 WHERE id = ?1");
	if (!st) {
		db_fail(req, w);
		return;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 3, coord != NULL);
	if (json_is_integer(coord))
		sqlite3_bind_int64(st, 4, json_integer_value(coord));
	sqlite3_bind_text(st, 5, contact, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(req, w);
		return;
	}
	if (kp_req_audit(req, w, "wijzigen", "koppeling", id, NULL) != SQLITE_OK) {
		db_fail(req, w);
		return;
	}
	kp_reply_koppeling(req, w, id, 200);
}

/* --- phase transitions ---------------------------------------------------------- */

static const char *const fase_codes[] = { "voorstel", "kennismaking", "proefperiode", "contract", "lopend",
					  "afronding", "gestopt", NULL };
static const struct kp_field overgang_spec[] = {
	{ .name = "naar", .type = KP_F_STRING, .required = true, .one_of = fase_codes },
	{ .name = "datum", .type = KP_F_STRING, .check = kp_check_past_date },
	{ .name = "toelichting", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 2000 },
	{ .name = "reden", .type = KP_F_STRING, .nullable = true, .one_of = kp_stopredenen },
	{ .name = "contractGetekendOp", .type = KP_F_STRING, .check = kp_check_past_date },
	KP_TOESTEMMING_OVERRIDE_VELD,
};

/*
 * The statuses both gezinnen get when a koppeling starts (entering
 * kennismaking) or ends. After a stop for the supporter's overload or
 * illness (kp_stopreden_steun_pauze, read from the koppeling's stop_reden,
 * which the caller set first) the supporter goes to pauze instead of
 * beschikbaar, also when another koppeling of theirs still runs.
 */
static int apply_status_effects(struct kp_conn *w, int64_t id, enum kp_fase naar, const char *datum,
				const struct kp_actor *actor)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT k.vraaggezin_id, k.steungezin_id, s.status, "
					   "coalesce(json_extract(s.profiel, '$.aanbod.capaciteit'), 1), k.stop_reden "
					   "FROM koppelingen k JOIN gezinnen s ON s.id = k.steungezin_id WHERE k.id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return SQLITE_ERROR;
	int64_t vid = sqlite3_column_int64(st, 0), sid = sqlite3_column_int64(st, 1), cap = sqlite3_column_int64(st, 3);
	char sstatus[32];
	snprintf(sstatus, sizeof sstatus, "%s", (const char *)sqlite3_column_text(st, 2));
	bool pauze = naar == KP_FASE_GESTOPT && kp_stopreden_steun_pauze((const char *)sqlite3_column_text(st, 4));
	sqlite3_reset(st);
	int64_t v_active = 0, s_active = 0;
	if (kp_gezin_active_koppelingen(w, vid, &v_active) != SQLITE_OK ||
	    kp_gezin_active_koppelingen(w, sid, &s_active) != SQLITE_OK)
		return SQLITE_ERROR;
	int rc = SQLITE_OK;
	if (naar == KP_FASE_KENNISMAKING) {
		rc = kp_gezin_set_status(w, vid, "gekoppeld", datum, actor);
		if (rc == SQLITE_OK && s_active >= cap && strcmp(sstatus, "beschikbaar") == 0)
			rc = kp_gezin_set_status(w, sid, "gekoppeld", datum, actor);
	} else if (naar == KP_FASE_AFRONDING || naar == KP_FASE_GESTOPT) {
		/* counted after the change: this koppeling is no longer active */
		if (v_active == 0)
			rc = kp_gezin_set_status(w, vid, naar == KP_FASE_AFRONDING ? "afgerond" : "wachtend", datum, actor);
		if (rc == SQLITE_OK && pauze && (strcmp(sstatus, "gekoppeld") == 0 || strcmp(sstatus, "beschikbaar") == 0))
			rc = kp_gezin_set_status(w, sid, "pauze", datum, actor);
		else if (rc == SQLITE_OK && s_active < cap && strcmp(sstatus, "gekoppeld") == 0)
			rc = kp_gezin_set_status(w, sid, "beschikbaar", datum, actor);
	}
	return rc;
}

void api_faseovergangen_post(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, overgang_spec, sizeof overgang_spec / sizeof overgang_spec[0], false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	enum kp_fase van = KP_FASE_VOORSTEL, naar;
	kp_fase_parse(json_string_value(json_object_get(body, "naar")), &naar);
	struct kp_conn *w = write_koppeling(req, id, &im, &van);
	if (!w)
		return;
	struct kp_server *srv = kp_req_server(req);
	char t[16];
	kp_today(t);
	const char *datum = json_string_value(json_object_get(body, "datum"));
	if (!datum)
		datum = t;
	const char *getekend = json_string_value(json_object_get(body, "contractGetekendOp"));
	/* the facts the move depends on */
	struct kp_fase_feiten f = { .reden = json_string_value(json_object_get(body, "reden")),
				    .toelichting = json_string_value(json_object_get(body, "toelichting")) };
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT contract_getekend_op IS NOT NULL, "
					   "(SELECT count(*) FROM afspraken WHERE koppeling_id = ?1), "
					   "(SELECT count(*) FROM evaluaties WHERE koppeling_id = ?1 AND soort = 'evaluatie-proefperiode' "
					   " AND gehouden_op IS NOT NULL), "
					   "(SELECT max(datum) FROM faseovergangen WHERE koppeling_id = ?1) "
					   "FROM koppelingen WHERE id = ?1");
	if (!st) {
		db_fail(req, w);
		return;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_fail(req, w);
		return;
	}
	f.contract_getekend = sqlite3_column_int(st, 0) || getekend;
	f.afspraken = (size_t)sqlite3_column_int64(st, 1);
	f.proefevaluatie_gehouden = sqlite3_column_int64(st, 2) > 0;
	char last[16] = "";
	if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		snprintf(last, sizeof last, "%s", (const char *)sqlite3_column_text(st, 3));
	sqlite3_reset(st);
	const char *why, *veld;
	/* the programme's own course says which moves there are and what they need */
	struct kp_koers koers;
	if (kp_koppeling_koers(w, id, &koers, NULL) != SQLITE_OK) {
		db_fail(req, w);
		return;
	}
	enum kp_fase_uitkomst u = kp_koers_check(&koers, van, naar, &f, &why, &veld);
	if (u == KP_FASE_NIET_TOEGESTAAN) {
		kp_db_write_rollback(srv->db, w);
		enum kp_fase next[KP_FASE_COUNT];
		size_t n = kp_koers_volgende(&koers, van, next);
		char allowed[160] = "";
		size_t used = 0;
		for (size_t i = 0; i < n && used < sizeof allowed; i++)
			used += (size_t)snprintf(allowed + used, sizeof allowed - used, "%s%s", i ? ", " : "", kp_fase_name(next[i]));
		json_t *p = kp_problem_json(KP_P_CONFLICT, n ? why : "Deze koppeling is al beëindigd.");
		char detail[320];
		snprintf(detail, sizeof detail, "Van %s kan alleen naar: %s.", kp_fase_name(van), n ? allowed : "geen fase meer");
		json_object_set_new(p, "detail", json_string(detail));
		kp_reply_problem_json(req, p);
		return;
	}
	if (u == KP_FASE_VOORWAARDE) {
		kp_db_write_rollback(srv->db, w);
		field_problem(req, KP_P_UNPROCESSABLE, veld ? veld : "/naar", why);
		return;
	}
	if (last[0] && strcmp(datum, last) < 0) {
		kp_db_write_rollback(srv->db, w);
		field_problem(req, KP_P_INVALID_INPUT, "/datum", "Ligt voor de vorige faseovergang.");
		return;
	}
	/* contact details are shared from kennismaking on: both families' consent, or an audited override */
	if (naar == KP_FASE_KENNISMAKING && !kp_toestemming_kennismaking(req, w, id, json_object_get(body, "toestemmingOverride")))
		return;
	char now[32];
	kp_format_time(kp_now(), now);
	st = kp_conn_stmt(w, "UPDATE koppelingen SET fase = ?2, versie = versie + 1, gewijzigd_op = ?3, "
			     "koppeling_datum = CASE WHEN ?2 = 'kennismaking' THEN ?4 ELSE koppeling_datum END, "
			     "contract_getekend_op = coalesce(?5, contract_getekend_op), "
			     "stop_reden = CASE WHEN ?2 = 'gestopt' THEN ?6 ELSE stop_reden END, "
			     "stop_toelichting = CASE WHEN ?2 = 'gestopt' THEN ?7 ELSE stop_toelichting END "
			     "WHERE id = ?1 AND fase = ?8");
	if (!st) {
		db_fail(req, w);
		return;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, kp_fase_name(naar), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, datum, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, getekend, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, f.reden, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, f.toelichting, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, kp_fase_name(van), -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE || sqlite3_changes(kp_conn_handle(w)) != 1) {
		db_fail(req, w);
		return;
	}
	const struct kp_principal *p = kp_req_principal(req);
	st = kp_conn_stmt(w, "INSERT INTO faseovergangen(koppeling_id, van, naar, datum, reden, toelichting, gebruiker_id, "
			     "gebruikersnaam, tijd) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, kp_fase_name(van), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, kp_fase_name(naar), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, datum, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, f.reden, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, f.toelichting, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 7, p->gebruiker_id);
		sqlite3_bind_text(st, 8, p->gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 9, now, -1, SQLITE_TRANSIENT);
	}
	struct kp_actor actor = kp_req_actor(req);
	char details[96];
	snprintf(details, sizeof details, "{\"van\":\"%s\",\"naar\":\"%s\"}", kp_fase_name(van), kp_fase_name(naar));
	if (!st || sqlite3_step(st) != SQLITE_DONE || apply_status_effects(w, id, naar, datum, &actor) != SQLITE_OK ||
	    (naar == KP_FASE_KENNISMAKING && close_other_candidates(req, w, id, datum) != SQLITE_OK) ||
	    kp_koppeling_plan(w, id) != SQLITE_OK || kp_req_audit(req, w, "faseovergang", "koppeling", id, details) != SQLITE_OK) {
		db_fail(req, w);
		return;
	}
	kp_reply_koppeling(req, w, id, 201);
}

/* --- agreements and verloop ------------------------------------------------------- */

static const struct kp_field afspraken_spec[] = {
	{ .name = "frequentie", .type = KP_F_STRING, .nullable = true, .max_len = 200 },
	{ .name = "dagEnTijd", .type = KP_F_STRING, .nullable = true, .max_len = 200 },
	{ .name = "halenBrengen", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 1000 },
	{ .name = "huisregels", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 2000 },
	{ .name = "doelen", .type = KP_F_STRING_ARRAY, .max_items = 10, .min_len = 1, .max_len = 300 },
};

void api_afspraken_post(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, afspraken_spec, sizeof afspraken_spec / sizeof afspraken_spec[0], false);
	if (!problem && json_object_size(body) == 0) {
		problem = kp_problem_json(KP_P_INVALID_INPUT, "Leg minstens één afspraak vast.");
		kp_problem_add_invalid_param(problem, "/doelen", "Leg minstens één afspraak vast.");
	}
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	enum kp_fase fase;
	struct kp_conn *w = write_koppeling(req, id, &im, &fase);
	if (!w)
		return;
	if (kp_fase_final(fase)) {
		kp_db_write_rollback(kp_req_server(req)->db, w);
		kp_reply_problem(req, KP_P_CONFLICT, "Deze koppeling is al beëindigd.");
		return;
	}
	char *inhoud = json_dumps(body, JSON_COMPACT);
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = inhoud ? kp_conn_stmt(w, "INSERT INTO afspraken(koppeling_id, versie, inhoud, vastgelegd_op, gebruikersnaam) "
						    "SELECT ?1, coalesce(max(versie), 0) + 1, ?2, ?3, ?4 FROM afspraken WHERE koppeling_id = ?1")
				  : NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, inhoud, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, kp_req_principal(req)->gebruikersnaam, -1, SQLITE_TRANSIENT);
	}
	free(inhoud);
	if (!st || sqlite3_step(st) != SQLITE_DONE || kp_koppeling_touch(w, id) != SQLITE_OK ||
	    kp_req_audit(req, w, "afspraken", "koppeling", id, NULL) != SQLITE_OK) {
		db_fail(req, w);
		return;
	}
	kp_reply_koppeling(req, w, id, 201);
}

static const char *const verloop_waarden[] = { "soepel", "hick-ups", "stagnatie", NULL };
static const struct kp_field verloop_spec[] = {
	{ .name = "verloop", .type = KP_F_STRING, .required = true, .one_of = verloop_waarden },
	{ .name = "datum", .type = KP_F_STRING, .check = kp_check_past_date },
	{ .name = "toelichting", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 2000 },
};

void api_verloop_post(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, verloop_spec, 3, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_conn *w = write_koppeling(req, id, &im, NULL);
	if (!w)
		return;
	char t[16];
	kp_today(t);
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO verloop(koppeling_id, datum, verloop, toelichting, gebruikersnaam) "
					   "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st) {
		const char *datum = json_string_value(json_object_get(body, "datum"));
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, datum ? datum : t, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, json_string_value(json_object_get(body, "verloop")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, json_string_value(json_object_get(body, "toelichting")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, kp_req_principal(req)->gebruikersnaam, -1, SQLITE_TRANSIENT);
	}
	if (!st || sqlite3_step(st) != SQLITE_DONE || kp_koppeling_touch(w, id) != SQLITE_OK ||
	    kp_req_audit(req, w, "verloop", "koppeling", id, NULL) != SQLITE_OK) {
		db_fail(req, w);
		return;
	}
	kp_reply_koppeling(req, w, id, 201);
}

/* --- extension ---------------------------------------------------------------------- */

static const struct kp_field verlenging_spec[] = {
	{ .name = "totOp", .type = KP_F_STRING, .required = true, .check = kp_check_date },
	{ .name = "reden", .type = KP_F_STRING, .required = true, .multiline = true, .min_len = 1, .max_len = 1000 },
};

void api_verlengingen_post(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, verlenging_spec, sizeof verlenging_spec / sizeof verlenging_spec[0], false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	enum kp_fase fase = KP_FASE_VOORSTEL;
	struct kp_conn *w = write_koppeling(req, id, &im, &fase);
	if (!w)
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_koers koers;
	struct kp_koers_data d;
	if (kp_koppeling_koers(w, id, &koers, &d) != SQLITE_OK) {
		db_fail(req, w);
		return;
	}
	if (!koers.verlenging || fase == KP_FASE_VOORSTEL || kp_fase_final(fase)) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_CONFLICT, !koers.verlenging ? "Dit programma kent geen verlenging."
						     : fase == KP_FASE_VOORSTEL ? "Verleng een koppeling pas als ze begonnen is."
										: "Deze koppeling is al beëindigd.");
		return;
	}
	const char *tot = json_string_value(json_object_get(body, "totOp"));
	struct kp_date nieuw, einde;
	kp_date_parse(tot, &nieuw);
	if (kp_koers_einde(&koers, &d, &einde) && kp_date_cmp(nieuw, einde) <= 0) {
		kp_db_write_rollback(srv->db, w);
		char why[120], e[11];
		kp_date_format(einde, e);
		snprintf(why, sizeof why, "Kies een datum na de huidige einddatum (%s).", e);
		field_problem(req, KP_P_UNPROCESSABLE, "/totOp", why);
		return;
	}
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO verlengingen(koppeling_id, tot_op, reden, gebruikersnaam, tijd) "
					   "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, tot, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, json_string_value(json_object_get(body, "reden")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, kp_req_principal(req)->gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	}
	int rc = st && sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	/* the closing conversation moves to the new end, also when someone had moved it by hand */
	if (rc == SQLITE_OK) {
		st = kp_conn_stmt(w, "UPDATE evaluaties SET gepland_op = ?2, verzet_reden = NULL, vervallen = 0 "
				     "WHERE koppeling_id = ?1 AND sleutel = 'afsluitend-gesprek#1' AND gehouden_op IS NULL");
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, tot, -1, SQLITE_TRANSIENT);
		}
		rc = st && sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	char details[64];
	snprintf(details, sizeof details, "{\"totOp\":\"%s\"}", tot);
	if (rc != SQLITE_OK || kp_koppeling_touch(w, id) != SQLITE_OK || kp_koppeling_plan(w, id) != SQLITE_OK ||
	    kp_req_audit(req, w, "verlengen", "koppeling", id, details) != SQLITE_OK) {
		db_fail(req, w);
		return;
	}
	kp_reply_koppeling(req, w, id, 201);
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_koppelingen[] = {
	KP_SPEC(koppeling_spec),
	KP_SPEC(wijziging_spec),
	KP_SPEC(overgang_spec),
	KP_SPEC(afspraken_spec),
	KP_SPEC(verloop_spec),
	KP_SPEC(verlenging_spec),
	{ NULL, NULL, 0 },
};
