/*
 * koppeling_write.c - see koppeling_write.h. The writes of a koppeling,
 * each in the caller's write transaction, without HTTP: the API handlers
 * (api_koppelingen.c) and match rounds parse the request, call these and
 * turn the outcome into the answer.
 */
#include "koppeling_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h" /* kp_programma_aangeboden, kp_koppeling_touch */
#include "audit.h"
#include "auth.h"
#include "datum.h"
#include "db.h"
#include "gezinnen.h"
#include "koers.h"
#include "koppelingen.h"
#include "matchdata.h"
#include "matching.h"
#include "regels.h"
#include "scope.h"
#include "steun.h"
#include "util.h"

/* Fills *u as a refusal of kind soort (naming veld when not NULL) for reden; returns its status. */
static int weiger(struct kp_koppeling_uitkomst *u, enum kp_problem soort, const char *veld, const char *reden)
{
	u->status = (int)kp_problem_info(soort)->status;
	u->soort = soort;
	u->veld = veld;
	snprintf(u->reden, sizeof u->reden, "%s", reden);
	return u->status;
}

/* Marks *u as a database error; returns 503. */
static int db_fout(struct kp_koppeling_uitkomst *u)
{
	u->status = 503;
	return u->status;
}

/* Starts *u as "done". */
static void begin(struct kp_koppeling_uitkomst *u)
{
	memset(u, 0, sizeof *u);
}

/*
 * Appends an audit entry by actor on w for koppeling id (the way
 * kp_req_audit records a request: no user name without a user).
 * SQLITE_OK or an error.
 */
static int audit(struct kp_conn *w, const struct kp_actor *actor, const char *actie, int64_t id, const char *details)
{
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	struct kp_audit_entry e = {
		.gebruiker_id = actor->gebruiker_id,
		.gebruikersnaam = actor->gebruiker_id ? actor->gebruikersnaam : NULL,
		.actie = actie,
		.object_soort = "koppeling",
		.object_id = id ? oid : NULL,
		.client = actor->client,
		.details = details,
	};
	return kp_audit_append(w, &e);
}

/* --- the koppeling under change ----------------------------------------------------- */

/* What a write reads of the koppeling it changes, in the statement that checks visibility. */
struct huidig {
	enum kp_fase fase;
	int64_t versie;
	int64_t vraaggezin, steungezin;
};

/*
 * Reads koppeling id into *k when the actor sees it (both its gezinnen,
 * scope.h, in the same statement) and im matches its version. Returns 0,
 * or 404, 412 or 503 with *u filled.
 */
static int huidig_laden(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			struct huidig *k, struct kp_koppeling_uitkomst *u)
{
	memset(k, 0, sizeof *k);
	k->fase = KP_FASE_VOORSTEL;
	sqlite3_stmt *st = kp_scope_stmt(w, "SELECT k.fase, k.versie, k.vraaggezin_id, k.steungezin_id FROM koppelingen k "
					 "WHERE k.id = ?1 AND " KP_SQL_KOPPELING_ZICHTBAAR("k"), actor->principal);
	if (!st)
		return db_fout(u);
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		kp_fase_parse((const char *)sqlite3_column_text(st, 0), &k->fase);
		k->versie = sqlite3_column_int64(st, 1);
		k->vraaggezin = sqlite3_column_int64(st, 2);
		k->steungezin = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return weiger(u, KP_P_NOT_FOUND, NULL, "Deze koppeling bestaat niet.");
	if (rc != SQLITE_ROW)
		return db_fout(u);
	if (!kp_if_match_ok(im, k->versie))
		return weiger(u, KP_P_PRECONDITION_FAILED, NULL,
			      "Iemand anders heeft deze koppeling intussen gewijzigd. Laad opnieuw.");
	return 0;
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

/* --- proposing ---------------------------------------------------------------------- */

size_t kp_voorstel_steungezinnen(const json_t *one, const json_t *more, int64_t ids[KP_KANDIDATEN_MAX],
				 struct kp_koppeling_uitkomst *u)
{
	begin(u);
	if (one && !more) {
		ids[0] = json_integer_value(one);
		return 1;
	}
	bool ok = !one && json_is_array(more) && json_array_size(more) >= 2 && json_array_size(more) <= KP_KANDIDATEN_MAX;
	size_t i, n = 0;
	const json_t *x;
	json_array_foreach(more, i, x)
	{
		ok = ok && json_is_integer(x) && json_integer_value(x) > 0;
		for (size_t j = 0; ok && j < n; j++)
			ok = ids[j] != json_integer_value(x);
		if (ok && n < KP_KANDIDATEN_MAX)
			ids[n++] = json_integer_value(x);
	}
	if (ok)
		return n;
	weiger(u, KP_P_INVALID_INPUT, one || !more ? "/steungezin" : "/steungezinnen",
	       one && more ? "Geef één steunbiedend gezin of een keuze uit twee of drie, niet allebei."
	       : !more	   ? "Kies een steunbiedend gezin."
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

struct gezin_row {
	bool found;
	int64_t werkgebied;
	char rol[32], status[32];
	json_t *profiel;
};

/*
 * Loads gezin id into *g when it exists and p may see it (g->found); false
 * on a database error. For the supporting side (steun) rol and status are
 * those of its supporting role (kp_gezin_steunrol): a vraaggezin that also
 * gives support is a supporter by that role and that role's status.
 */
static bool load_gezin(struct kp_conn *w, const struct kp_principal *p, int64_t id, bool steun, struct gezin_row *g)
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
	if (!steun || !g->found)
		return true;
	char rol[32], status[32];
	bool primair;
	int rc = kp_gezin_steunrol(w, id, rol, status, &primair);
	if (rc == SQLITE_OK) {
		snprintf(g->rol, sizeof g->rol, "%s", rol);
		snprintf(g->status, sizeof g->status, "%s", status);
	}
	return rc == SQLITE_OK || rc == SQLITE_NOTFOUND; /* none: the primary role, which check_pair refuses */
}

/*
 * The linking rules for vraaggezin v and supporter s in programme pid on
 * day now that are about the two gezinnen and the programme: known,
 * offered, the roles, the werkgebied, the programme's hard rules, the
 * coordinator. Returns 0 when they hold, else the refusal (*u filled).
 */
static int check_pair(struct kp_conn *w, const struct kp_voorstel *vs, int64_t sid, const struct gezin_row *v,
		      const struct gezin_row *s, struct kp_date now, struct kp_koppeling_uitkomst *u)
{
	int64_t pid = vs->programma;
	struct kp_programma_ritme r;
	struct kp_regels regels;
	struct kp_regels_uitkomst ru; /* the programme's hard rules (regels.c) */
	int prc = kp_programma_load(w, pid, &r, &regels);
	if (prc == SQLITE_OK && v->found && kp_programma_aangeboden(w, pid, v->werkgebied) != 1)
		prc = SQLITE_NOTFOUND; /* archived, or not offered in the vraaggezin's werkgebied: as unknown */
	if (!v->found)
		return weiger(u, KP_P_INVALID_INPUT, "/vraaggezin", "Dit gezin bestaat niet.");
	if (!s->found)
		return weiger(u, KP_P_INVALID_INPUT, "/steungezin", "Dit gezin bestaat niet.");
	/* a family that asks and gives at once supports others, never itself */
	if (sid == vs->vraaggezin)
		return weiger(u, KP_P_UNPROCESSABLE, vs->n_steungezinnen > 1 ? "/steungezinnen" : "/steungezin",
			      "Een gezin kan niet aan zichzelf gekoppeld worden.");
	if (prc != SQLITE_OK)
		return weiger(u, KP_P_INVALID_INPUT, "/programma", "Dit programma bestaat niet.");
	if (strcmp(v->rol, "vraaggezin") != 0)
		return weiger(u, KP_P_UNPROCESSABLE, "/vraaggezin", "Dit gezin is geen vraaggezin.");
	if (strcmp(v->status, "afgerond") == 0 || strcmp(v->status, "gestopt") == 0)
		return weiger(u, KP_P_UNPROCESSABLE, "/vraaggezin", "Dit vraaggezin is afgerond of gestopt.");
	if (strcmp(s->rol, "vraaggezin") == 0)
		return weiger(u, KP_P_UNPROCESSABLE, "/steungezin",
			      "Dit gezin biedt geen steun: geef het eerst een steunbiedende rol (Rollen).");
	if (v->werkgebied != s->werkgebied)
		return weiger(u, KP_P_UNPROCESSABLE, "/steungezin", "De gezinnen horen bij verschillende werkgebieden.");
	/* role, availability, VOG (by age, the programme's validity and exemption) and distance: one rule */
	struct kp_regels_leden leden;
	struct kp_regels_steun f = { .rol = -1, .beschikbaar = strcmp(s->status, "beschikbaar") == 0, .vrij = -1 };
	for (size_t k = 0; k < kp_rollen.n; k++)
		if (strcmp(kp_rollen.terms[k].code, s->rol) == 0)
			f.rol = (int)k;
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT a.lat, a.lon, b.lat, b.lon FROM gezinnen a, gezinnen b "
					   "WHERE a.id = ?1 AND b.id = ?2 AND a.lat IS NOT NULL AND b.lat IS NOT NULL");
	if (!st || kp_regels_load_leden(w, sid, &leden) != SQLITE_OK)
		return db_fout(u);
	sqlite3_bind_int64(st, 1, vs->vraaggezin);
	sqlite3_bind_int64(st, 2, sid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		f.afstand_bekend = true;
		f.afstand_km = kp_match_km(sqlite3_column_double(st, 0), sqlite3_column_double(st, 1),
					   sqlite3_column_double(st, 2), sqlite3_column_double(st, 3));
	}
	sqlite3_reset(st);
	f.leden = leden.lid;
	f.n_leden = leden.n;
	kp_regels_check(&regels, &f, now, &ru);
	if (ru.gebroken & KP_REGEL_ROL)
		return weiger(u, KP_P_UNPROCESSABLE, "/programma", ru.reden[0]);
	if (ru.gebroken)
		return weiger(u, KP_P_UNPROCESSABLE, "/steungezin", kp_regels_reden(&ru));
	if (vs->coordinator_gegeven && vs->coordinator) {
		int ok = kp_coordinator_allowed(w, vs->coordinator, v->werkgebied);
		if (ok < 0)
			return db_fout(u);
		if (!ok)
			return weiger(u, KP_P_UNPROCESSABLE, "/coordinator", KP_COORDINATOR_NIET_TOEGESTAAN);
	}
	return 0;
}

/*
 * Stores a proposal once its checks passed: the koppeling in phase voorstel
 * with its supporter in column `kolom` (steungezin_id, or coach_id for a
 * trajectory; `veld` names it in the audit details), its children, the
 * first phase transition and the audit entry, all on the writer inside the
 * caller's transaction. Returns 0 with *out_id set, or the outcome of
 * db_fout/weiger.
 */
static int insert_voorstel(struct kp_conn *w, const struct kp_actor *actor, const struct kp_voorstel *vs,
			   int64_t werkgebied, const char *kolom, const char *veld, int64_t steun_id, const char *today,
			   int64_t *out_id, struct kp_koppeling_uitkomst *u)
{
	const struct kp_principal *p = actor->principal;
	const int64_t vid = vs->vraaggezin;
	const char *datum = vs->datum ? vs->datum : today;
	char now_s[32];
	kp_format_time(kp_now(), now_s);
	char sql[320];
	snprintf(sql, sizeof sql,
		 "INSERT INTO koppelingen(vraaggezin_id, %s, programma_id, werkgebied_id, coordinator_id, fase, "
		 "voorgesteld_op, aangemaakt_op, gewijzigd_op) VALUES (?1, ?2, ?3, ?4, ?5, 'voorstel', ?6, ?7, ?7)",
		 kolom);
	sqlite3_stmt *st = kp_conn_stmt(w, sql);
	if (!st)
		return db_fout(u);
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_int64(st, 2, steun_id);
	sqlite3_bind_int64(st, 3, vs->programma);
	sqlite3_bind_int64(st, 4, werkgebied);
	if (vs->coordinator_gegeven && vs->coordinator)
		sqlite3_bind_int64(st, 5, vs->coordinator);
	else if (!vs->coordinator_gegeven && p && p->rol == KP_ROLE_COORDINATOR)
		sqlite3_bind_int64(st, 5, p->gebruiker_id);
	sqlite3_bind_text(st, 6, datum, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, now_s, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_fout(u);
	int64_t id = sqlite3_last_insert_rowid(kp_conn_handle(w));
	for (size_t i = 0; i < vs->n_kinderen; i++) {
		st = kp_conn_stmt(w, "INSERT INTO koppeling_kinderen(koppeling_id, lid_id) SELECT ?1, id FROM leden "
				     "WHERE id = ?2 AND gezin_id = ?3 AND soort = 'kind' ON CONFLICT DO NOTHING");
		if (!st)
			return db_fout(u);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, vs->kinderen[i]);
		sqlite3_bind_int64(st, 3, vid);
		if (sqlite3_step(st) != SQLITE_DONE)
			return db_fout(u);
		if (sqlite3_changes(kp_conn_handle(w)) == 0)
			return weiger(u, KP_P_INVALID_INPUT, "/kinderen", "Geen kind van dit vraaggezin.");
	}
	st = kp_conn_stmt(w, "INSERT INTO faseovergangen(koppeling_id, van, naar, datum, gebruiker_id, gebruikersnaam, tijd) "
			     "VALUES (?1, NULL, 'voorstel', ?2, ?3, ?4, ?5)");
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, datum, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, actor->gebruiker_id);
		sqlite3_bind_text(st, 4, actor->gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now_s, -1, SQLITE_TRANSIENT);
	}
	char details[96];
	snprintf(details, sizeof details, "{\"vraaggezin\":%lld,\"%s\":%lld}", (long long)vid, veld,
		 (long long)steun_id);
	if (!st || sqlite3_step(st) != SQLITE_DONE || audit(w, actor, "aanmaken", id, details) != SQLITE_OK)
		return db_fout(u);
	*out_id = id;
	return 0;
}

/*
 * Proposes vraaggezin vs->vraaggezin with supporter sid as one koppeling
 * in phase voorstel under every linking rule. Returns 0 with *out_id set,
 * or the refusal (*u filled).
 */
static int propose_one(struct kp_conn *w, const struct kp_actor *actor, const struct kp_voorstel *vs, int64_t sid,
		       const char *today, int64_t *out_id, struct kp_koppeling_uitkomst *u)
{
	const struct kp_principal *p = actor->principal;
	int64_t vid = vs->vraaggezin;
	struct kp_date now;
	if (!kp_date_parse(today, &now))
		return db_fout(u);
	struct gezin_row v, s;
	memset(&s, 0, sizeof s);
	if (!load_gezin(w, p, vid, false, &v) || !load_gezin(w, p, sid, true, &s)) {
		json_decref(v.profiel);
		json_decref(s.profiel);
		return db_fout(u);
	}
	int rc = check_pair(w, vs, sid, &v, &s, now, u);
	int64_t capaciteit = json_integer_value(json_object_get(json_object_get(s.profiel, "aanbod"), "capaciteit"));
	json_decref(v.profiel);
	json_decref(s.profiel);
	if (rc)
		return rc;
	/* capacity and a pair that stopped before: conflicts with the current state */
	int64_t active = 0;
	if (kp_gezin_active_koppelingen(w, sid, KP_KANT_AANBOD, &active) != SQLITE_OK)
		return db_fout(u);
	if (active >= (capaciteit > 0 ? capaciteit : 1))
		return weiger(u, KP_P_CONFLICT, NULL, "Dit gezin heeft geen ruimte meer voor nog een koppeling.");
	/* a candidate the family did not choose did not stop with this supporter */
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT count(*) FROM koppelingen WHERE vraaggezin_id = ?1 AND steungezin_id = ?2 "
					   "AND fase = 'gestopt' AND coalesce(stop_reden, '') != '" KP_STOPREDEN_NIET_GEKOZEN "'");
	if (!st)
		return db_fout(u);
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_int64(st, 2, sid);
	if (sqlite3_step(st) != SQLITE_ROW)
		return db_fout(u);
	int64_t stopped = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (stopped > 0)
		return weiger(u, KP_P_CONFLICT, NULL, "Deze gezinnen hadden al een koppeling die gestopt is; stel ze niet opnieuw voor.");
	return insert_voorstel(w, actor, vs, v.werkgebied, "steungezin_id", "steungezin", sid, today, out_id, u);
}

/*
 * Who supports in programme pid: 1 when a professional (a gezinscoach,
 * schema 0027), 0 when a gezin or the programme is unknown (the proposal
 * then names that), -1 on a database error.
 */
static int programme_professional(struct kp_conn *w, int64_t pid)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT steun_soort = 'professional' FROM programmas WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, pid);
	int rc = sqlite3_step(st);
	int prof = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? prof : -1;
}

/*
 * 1 when user id is an active gezinscoach of werkgebied wg, 0 when not (an
 * unknown user included), -1 on a database error.
 */
static int coach_allowed(struct kp_conn *w, int64_t id, int64_t wg)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT 1 FROM gebruikers u JOIN gebruiker_werkgebieden gw ON gw.gebruiker_id = u.id "
					   "WHERE u.id = ?1 AND u.rol = 'gezinscoach' AND u.actief = 1 AND gw.werkgebied_id = ?2");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, wg);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Proposes a trajectory of professional programme vs->programma: vraaggezin
 * vs->vraaggezin (visible to the actor, a vraaggezin still asking) with
 * gezinscoach vs->coach, an active gezinscoach of the family's werkgebied.
 * No supporting gezin, so none of the gezin rules (role, VOG, distance,
 * capacity) applies. Phase voorstel, its history row and an audit entry, on
 * w. Returns 0 with *out_id set, or the refusal (*u filled).
 */
static int propose_trajectory(struct kp_conn *w, const struct kp_actor *actor, const struct kp_voorstel *vs,
			      const char *today, int64_t *out_id, struct kp_koppeling_uitkomst *u)
{
	const struct kp_principal *p = actor->principal;
	struct gezin_row v;
	if (!load_gezin(w, p, vs->vraaggezin, false, &v)) {
		json_decref(v.profiel);
		return db_fout(u);
	}
	json_decref(v.profiel);
	if (!v.found)
		return weiger(u, KP_P_INVALID_INPUT, "/vraaggezin", "Dit gezin bestaat niet.");
	int offered = kp_programma_aangeboden(w, vs->programma, v.werkgebied);
	if (offered < 0)
		return db_fout(u);
	if (offered != 1)
		return weiger(u, KP_P_INVALID_INPUT, "/programma", "Dit programma bestaat niet.");
	if (strcmp(v.rol, "vraaggezin") != 0)
		return weiger(u, KP_P_UNPROCESSABLE, "/vraaggezin", "Dit gezin is geen vraaggezin.");
	if (strcmp(v.status, "afgerond") == 0 || strcmp(v.status, "gestopt") == 0)
		return weiger(u, KP_P_UNPROCESSABLE, "/vraaggezin", "Dit vraaggezin is afgerond of gestopt.");
	int ok = coach_allowed(w, vs->coach, v.werkgebied);
	if (ok < 0)
		return db_fout(u);
	if (!ok)
		return weiger(u, KP_P_UNPROCESSABLE, "/coach",
			      "Kies een actieve gezinscoach van het werkgebied van dit gezin.");
	if (vs->coordinator_gegeven && vs->coordinator) {
		ok = kp_coordinator_allowed(w, vs->coordinator, v.werkgebied);
		if (ok < 0)
			return db_fout(u);
		if (!ok)
			return weiger(u, KP_P_UNPROCESSABLE, "/coordinator", KP_COORDINATOR_NIET_TOEGESTAAN);
	}
	/* one family, one plan: at most one open trajectory per vraaggezin */
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT count(*) FROM koppelingen WHERE vraaggezin_id = ?1 AND coach_id IS NOT NULL "
					   "AND fase NOT IN ('afronding', 'gestopt')");
	if (!st)
		return db_fout(u);
	sqlite3_bind_int64(st, 1, vs->vraaggezin);
	if (sqlite3_step(st) != SQLITE_ROW)
		return db_fout(u);
	int64_t open = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (open > 0)
		return weiger(u, KP_P_CONFLICT, NULL, "Dit gezin heeft al een open traject; beëindig dat eerst.");
	return insert_voorstel(w, actor, vs, v.werkgebied, "coach_id", "coach", vs->coach, today, out_id, u);
}

int kp_koppeling_voorstellen(struct kp_conn *w, const struct kp_actor *actor, const struct kp_voorstel *v,
			     const char *today, int64_t *out_id, struct kp_koppeling_uitkomst *u)
{
	begin(u);
	/* who supports: a gezinscoach in a professional programme, a gezin in every other */
	int prof = programme_professional(w, v->programma);
	if (prof < 0)
		return db_fout(u);
	if (prof && v->n_steungezinnen)
		return weiger(u, KP_P_UNPROCESSABLE, v->n_steungezinnen > 1 ? "/steungezinnen" : "/steungezin",
			      "In dit programma begeleidt een gezinscoach het gezin, geen steunbiedend gezin.");
	if (prof && !v->coach)
		return weiger(u, KP_P_INVALID_INPUT, "/coach", "Kies een gezinscoach.");
	if (prof)
		return propose_trajectory(w, actor, v, today, out_id, u);
	if (v->coach)
		return weiger(u, KP_P_UNPROCESSABLE, "/coach",
			      "Dit programma werkt met steunbiedende gezinnen, niet met een gezinscoach.");
	size_t n = v->n_steungezinnen;
	if (n < 1 || n > KP_KANDIDATEN_MAX)
		return weiger(u, KP_P_INVALID_INPUT, "/steungezin", "Kies een steunbiedend gezin.");
	if (n > 1 && (int)n > programme_kandidaten(w, v->programma))
		return weiger(u, KP_P_UNPROCESSABLE, "/steungezinnen",
			      "Dit programma biedt het vraaggezin geen keuze uit zoveel gezinnen.");
	/* one voorstel: every candidate under the same linking rules, in one transaction */
	int64_t ids[KP_KANDIDATEN_MAX] = { 0 };
	for (size_t c = 0; c < n; c++) {
		int rc = propose_one(w, actor, v, v->steungezinnen[c], today, &ids[c], u);
		if (rc)
			return rc;
	}
	if (n > 1) {
		sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE koppelingen SET keuze_id = ?1 WHERE id IN (?1, ?2, ?3)");
		if (st) {
			sqlite3_bind_int64(st, 1, ids[0]);
			sqlite3_bind_int64(st, 2, ids[1]);
			sqlite3_bind_int64(st, 3, n > 2 ? ids[2] : ids[1]);
		}
		if (!st || sqlite3_step(st) != SQLITE_DONE)
			return db_fout(u);
	}
	*out_id = ids[0];
	return 0;
}

/* --- phase moves ---------------------------------------------------------------------- */

/*
 * The statuses both gezinnen get when a koppeling starts (entering
 * kennismaking) or ends. The vraaggezin's is its primary role's status;
 * the supporter's is that of its supporting role (kp_gezin_steunrol), so
 * a vraaggezin that also supports another family keeps its own status
 * while its buddy role becomes gekoppeld and beschikbaar again. Each side
 * counts only its own koppelingen. After a stop for the supporter's
 * overload or illness (kp_stopreden_steun_pauze, read from the
 * koppeling's stop_reden, which the caller set first) the supporter goes
 * to pauze instead of beschikbaar, also when another koppeling of theirs
 * still runs.
 */
static int apply_status_effects(struct kp_conn *w, int64_t id, enum kp_fase naar, const char *datum,
				const struct kp_actor *actor)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT k.vraaggezin_id, k.steungezin_id, "
					   "coalesce(json_extract(s.profiel, '$.aanbod.capaciteit'), 1), k.stop_reden "
					   "FROM koppelingen k LEFT JOIN gezinnen s ON s.id = k.steungezin_id WHERE k.id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return SQLITE_ERROR;
	}
	int64_t vid = sqlite3_column_int64(st, 0), sid = sqlite3_column_int64(st, 1), cap = sqlite3_column_int64(st, 2);
	bool pauze = naar == KP_FASE_GESTOPT && kp_stopreden_steun_pauze((const char *)sqlite3_column_text(st, 3));
	sqlite3_reset(st);
	char srol[32], sstatus[32] = "";
	bool primair;
	/* a trajectory (sid 0) has no supporting gezin whose status could change */
	int rc = sid ? kp_gezin_steunrol(w, sid, srol, sstatus, &primair) : SQLITE_NOTFOUND;
	if (rc == SQLITE_NOTFOUND)
		sstatus[0] = '\0'; /* no running supporting role: no status of that role to change */
	else if (rc != SQLITE_OK)
		return rc;
	rc = SQLITE_OK;
	int64_t v_active = 0, s_active = 0;
	if (kp_gezin_active_koppelingen(w, vid, KP_KANT_VRAAG, &v_active) != SQLITE_OK ||
	    kp_gezin_active_koppelingen(w, sid, KP_KANT_AANBOD, &s_active) != SQLITE_OK)
		return SQLITE_ERROR;
	if (naar == KP_FASE_KENNISMAKING) {
		rc = kp_gezin_set_status(w, vid, "gekoppeld", datum, actor);
		if (rc == SQLITE_OK && s_active >= cap && strcmp(sstatus, "beschikbaar") == 0)
			rc = kp_gezin_steun_set_status(w, sid, "gekoppeld", datum, actor);
	} else if (naar == KP_FASE_AFRONDING || naar == KP_FASE_GESTOPT) {
		/* counted after the change: this koppeling is no longer active */
		if (v_active == 0)
			rc = kp_gezin_set_status(w, vid, naar == KP_FASE_AFRONDING ? "afgerond" : "wachtend", datum, actor);
		if (rc == SQLITE_OK && pauze && (strcmp(sstatus, "gekoppeld") == 0 || strcmp(sstatus, "beschikbaar") == 0))
			rc = kp_gezin_steun_set_status(w, sid, "pauze", datum, actor);
		else if (rc == SQLITE_OK && s_active < cap && strcmp(sstatus, "gekoppeld") == 0)
			rc = kp_gezin_steun_set_status(w, sid, "beschikbaar", datum, actor);
	}
	return rc;
}

/*
 * The family's choice: after koppeling id entered kennismaking, the other
 * candidates of its voorstel that are still proposals end as gestopt with
 * reason niet-gekozen, dated datum, each with its history row, a new
 * version and an audit entry by actor. SQLITE_OK or an error.
 */
static int close_other_candidates(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const char *datum)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT o.id FROM koppelingen k JOIN koppelingen o ON o.keuze_id = k.keuze_id "
					   "AND o.id != k.id WHERE k.id = ?1 AND o.fase = 'voorstel'");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int64_t others[KP_KANDIDATEN_MAX];
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < KP_KANDIDATEN_MAX)
		others[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return SQLITE_ERROR;
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
		sqlite3_bind_int64(st, 3, actor->gebruiker_id);
		sqlite3_bind_text(st, 4, actor->gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
		char details[64];
		snprintf(details, sizeof details, "{\"gekozen\":%lld}", (long long)id);
		if (sqlite3_step(st) != SQLITE_DONE || audit(w, actor, "niet-gekozen", others[i], details) != SQLITE_OK)
			return SQLITE_ERROR;
	}
	return SQLITE_OK;
}

/*
 * The consent gate for the start of koppeling id's kennismaking between
 * its gezinnen k on today, with the override's reason (may be NULL): an
 * override that lets it pass is recorded in the audit log. Returns 0 to go
 * on, or 422 (u->toestemming) or 503.
 */
static int toestemming_poort(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct huidig *k,
			     const char *today, const char *override_reden, struct kp_koppeling_uitkomst *u)
{
	struct kp_date op;
	if (!kp_date_parse(today, &op))
		return db_fout(u);
	int gate = kp_toestemming_kennismaking(w, k->vraaggezin, k->steungezin, op, override_reden, &u->toestemming);
	if (gate < 0)
		return db_fout(u);
	if (gate == 0) {
		u->status = 422;
		u->soort = KP_P_UNPROCESSABLE;
		return u->status;
	}
	if (!u->toestemming.overschreven)
		return 0;
	char *details = kp_toestemming_override_details(&u->toestemming, override_reden);
	int rc = details ? audit(w, actor, "toestemming-overschreven", id, details) : SQLITE_NOMEM;
	free(details);
	return rc == SQLITE_OK ? 0 : db_fout(u);
}

/*
 * The 409 of a move the course of koppeling's programme does not have:
 * "Van <fase> kan alleen naar: <fasen>." (or "geen fase meer"). Returns 409.
 */
static int niet_toegestaan(const struct kp_koers *koers, enum kp_fase van, struct kp_koppeling_uitkomst *u)
{
	enum kp_fase next[KP_FASE_COUNT];
	size_t n = kp_koers_volgende(koers, van, next);
	char allowed[160] = "";
	size_t used = 0;
	for (size_t i = 0; i < n && used < sizeof allowed; i++)
		used += (size_t)snprintf(allowed + used, sizeof allowed - used, "%s%s", i ? ", " : "", kp_fase_name(next[i]));
	char detail[320];
	snprintf(detail, sizeof detail, "Van %s kan alleen naar: %s.", kp_fase_name(van), n ? allowed : "geen fase meer");
	return weiger(u, KP_P_CONFLICT, NULL, detail);
}

int kp_koppeling_overgang(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			  const struct kp_overgang *o, const char *today, struct kp_koppeling_uitkomst *u)
{
	begin(u);
	struct huidig k;
	int rc = huidig_laden(w, actor, id, im, &k, u);
	if (rc)
		return rc;
	enum kp_fase van = k.fase, naar = o->naar;
	const char *datum = o->datum ? o->datum : today;
	/* the facts the move depends on */
	struct kp_fase_feiten f = { .reden = o->reden, .toelichting = o->toelichting };
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT contract_getekend_op IS NOT NULL, "
					   "(SELECT count(*) FROM afspraken WHERE koppeling_id = ?1), "
					   "(SELECT count(*) FROM evaluaties WHERE koppeling_id = ?1 AND soort = 'evaluatie-proefperiode' "
					   " AND gehouden_op IS NOT NULL), "
					   "(SELECT max(datum) FROM faseovergangen WHERE koppeling_id = ?1) "
					   "FROM koppelingen WHERE id = ?1");
	if (!st)
		return db_fout(u);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return db_fout(u);
	f.contract_getekend = sqlite3_column_int(st, 0) || o->contract_getekend_op;
	f.afspraken = (size_t)sqlite3_column_int64(st, 1);
	f.proefevaluatie_gehouden = sqlite3_column_int64(st, 2) > 0;
	char last[16] = "";
	if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		snprintf(last, sizeof last, "%s", (const char *)sqlite3_column_text(st, 3));
	sqlite3_reset(st);
	/* the programme's own course says which moves there are and what they need */
	const char *why, *veld;
	struct kp_koers koers;
	if (kp_koppeling_koers(w, id, &koers, NULL) != SQLITE_OK)
		return db_fout(u);
	enum kp_fase_uitkomst fu = kp_koers_check(&koers, van, naar, &f, &why, &veld);
	if (fu == KP_FASE_NIET_TOEGESTAAN)
		return niet_toegestaan(&koers, van, u);
	if (fu == KP_FASE_VOORWAARDE)
		return weiger(u, KP_P_UNPROCESSABLE, veld ? veld : "/naar", why);
	if (last[0] && strcmp(datum, last) < 0)
		return weiger(u, KP_P_INVALID_INPUT, "/datum", "Ligt voor de vorige faseovergang.");
	/* contact details are shared from kennismaking on: both families' consent, or an audited override */
	if (naar == KP_FASE_KENNISMAKING && (rc = toestemming_poort(w, actor, id, &k, today, o->override_reden, u)) != 0)
		return rc;
	char now[32];
	kp_format_time(kp_now(), now);
	st = kp_conn_stmt(w, "UPDATE koppelingen SET fase = ?2, versie = versie + 1, gewijzigd_op = ?3, "
			     "koppeling_datum = CASE WHEN ?2 = 'kennismaking' THEN ?4 ELSE koppeling_datum END, "
			     "contract_getekend_op = coalesce(?5, contract_getekend_op), "
			     "stop_reden = CASE WHEN ?2 = 'gestopt' THEN ?6 ELSE stop_reden END, "
			     "stop_toelichting = CASE WHEN ?2 = 'gestopt' THEN ?7 ELSE stop_toelichting END "
			     "WHERE id = ?1 AND fase = ?8");
	if (!st)
		return db_fout(u);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, kp_fase_name(naar), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, datum, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, o->contract_getekend_op, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, f.reden, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, f.toelichting, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, kp_fase_name(van), -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE || sqlite3_changes(kp_conn_handle(w)) != 1)
		return db_fout(u);
	st = kp_conn_stmt(w, "INSERT INTO faseovergangen(koppeling_id, van, naar, datum, reden, toelichting, gebruiker_id, "
			     "gebruikersnaam, tijd) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, kp_fase_name(van), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, kp_fase_name(naar), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, datum, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, f.reden, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, f.toelichting, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 7, actor->gebruiker_id);
		sqlite3_bind_text(st, 8, actor->gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 9, now, -1, SQLITE_TRANSIENT);
	}
	char details[96];
	snprintf(details, sizeof details, "{\"van\":\"%s\",\"naar\":\"%s\"}", kp_fase_name(van), kp_fase_name(naar));
	if (!st || sqlite3_step(st) != SQLITE_DONE || apply_status_effects(w, id, naar, datum, actor) != SQLITE_OK ||
	    (naar == KP_FASE_KENNISMAKING && close_other_candidates(w, actor, id, datum) != SQLITE_OK) ||
	    kp_koppeling_plan(w, id) != SQLITE_OK || audit(w, actor, "faseovergang", id, details) != SQLITE_OK)
		return db_fout(u);
	return 0;
}

/* --- agreements, verloop, extension, coordinator ------------------------------------------ */

int kp_koppeling_afspraken(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			   const json_t *afspraken, struct kp_koppeling_uitkomst *u)
{
	begin(u);
	struct huidig k;
	int rc = huidig_laden(w, actor, id, im, &k, u);
	if (rc)
		return rc;
	if (kp_fase_final(k.fase))
		return weiger(u, KP_P_CONFLICT, NULL, "Deze koppeling is al beëindigd.");
	char *inhoud = json_dumps(afspraken, JSON_COMPACT);
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = inhoud ? kp_conn_stmt(w, "INSERT INTO afspraken(koppeling_id, versie, inhoud, vastgelegd_op, gebruikersnaam) "
						    "SELECT ?1, coalesce(max(versie), 0) + 1, ?2, ?3, ?4 FROM afspraken WHERE koppeling_id = ?1")
				  : NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, inhoud, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, actor->gebruikersnaam, -1, SQLITE_TRANSIENT);
	}
	free(inhoud);
	if (!st || sqlite3_step(st) != SQLITE_DONE || kp_koppeling_touch(w, id) != SQLITE_OK ||
	    audit(w, actor, "afspraken", id, NULL) != SQLITE_OK)
		return db_fout(u);
	return 0;
}

int kp_koppeling_verloop(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			 const char *verloop, const char *datum, const char *toelichting, const char *today,
			 struct kp_koppeling_uitkomst *u)
{
	begin(u);
	struct huidig k;
	int rc = huidig_laden(w, actor, id, im, &k, u);
	if (rc)
		return rc;
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO verloop(koppeling_id, datum, verloop, toelichting, gebruikersnaam) "
					   "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, datum ? datum : today, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, verloop, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, toelichting, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, actor->gebruikersnaam, -1, SQLITE_TRANSIENT);
	}
	if (!st || sqlite3_step(st) != SQLITE_DONE || kp_koppeling_touch(w, id) != SQLITE_OK ||
	    audit(w, actor, "verloop", id, NULL) != SQLITE_OK)
		return db_fout(u);
	return 0;
}

int kp_koppeling_verlengen(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			   const char *tot, const char *reden, struct kp_koppeling_uitkomst *u)
{
	begin(u);
	struct huidig k;
	int rc = huidig_laden(w, actor, id, im, &k, u);
	if (rc)
		return rc;
	enum kp_fase fase = k.fase;
	struct kp_koers koers;
	struct kp_koers_data d;
	if (kp_koppeling_koers(w, id, &koers, &d) != SQLITE_OK)
		return db_fout(u);
	if (!koers.verlenging)
		return weiger(u, KP_P_CONFLICT, NULL, "Dit programma kent geen verlenging.");
	if (fase == KP_FASE_VOORSTEL)
		return weiger(u, KP_P_CONFLICT, NULL, "Verleng een koppeling pas als ze begonnen is.");
	if (kp_fase_final(fase))
		return weiger(u, KP_P_CONFLICT, NULL, "Deze koppeling is al beëindigd.");
	struct kp_date nieuw, einde;
	if (!kp_date_parse(tot, &nieuw))
		return weiger(u, KP_P_INVALID_INPUT, "/totOp", "Geef een bestaande datum als JJJJ-MM-DD.");
	if (kp_koers_einde(&koers, &d, &einde) && kp_date_cmp(nieuw, einde) <= 0) {
		char why[120], e[11];
		kp_date_format(einde, e);
		snprintf(why, sizeof why, "Kies een datum na de huidige einddatum (%s).", e);
		return weiger(u, KP_P_UNPROCESSABLE, "/totOp", why);
	}
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO verlengingen(koppeling_id, tot_op, reden, gebruikersnaam, tijd) "
					   "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, tot, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, reden, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, actor->gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	}
	rc = st && sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
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
	    audit(w, actor, "verlengen", id, details) != SQLITE_OK)
		return db_fout(u);
	return 0;
}

int kp_koppeling_wijzigen(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			  bool coordinator_gegeven, int64_t coordinator, const char *contact, struct kp_koppeling_uitkomst *u)
{
	begin(u);
	struct huidig k;
	int rc = huidig_laden(w, actor, id, im, &k, u);
	if (rc)
		return rc;
	if (coordinator_gegeven && coordinator) {
		/* the koppeling's werkgebied is its vraaggezin's current one */
		sqlite3_stmt *q = kp_conn_stmt(w, "SELECT g.werkgebied_id FROM koppelingen k JOIN gezinnen g "
						  "ON g.id = k.vraaggezin_id WHERE k.id = ?1");
		int ok = -1;
		if (q) {
			sqlite3_bind_int64(q, 1, id);
			if (sqlite3_step(q) == SQLITE_ROW)
				ok = kp_coordinator_allowed(w, coordinator, sqlite3_column_int64(q, 0));
			sqlite3_reset(q);
		}
		if (ok < 0)
			return db_fout(u);
		if (!ok)
			return weiger(u, KP_P_UNPROCESSABLE, "/coordinator", KP_COORDINATOR_NIET_TOEGESTAAN);
	}
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE koppelingen SET coordinator_id = CASE WHEN ?3 THEN ?4 ELSE coordinator_id END, "
					   "contact_na_afloop = coalesce(?5, contact_na_afloop), versie = versie + 1, "
					   "gewijzigd_op = ?6 WHERE id = ?1");
	if (!st)
		return db_fout(u);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 3, coordinator_gegeven);
	if (coordinator_gegeven && coordinator)
		sqlite3_bind_int64(st, 4, coordinator);
	sqlite3_bind_text(st, 5, contact, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE || audit(w, actor, "wijzigen", id, NULL) != SQLITE_OK)
		return db_fout(u);
	return 0;
}
