/*
 * koppelingen.c - see koppelingen.h.
 */
#include "koppelingen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "db.h"
#include "gezinnen.h"
#include "matchdata.h"
#include "programma_koers.h"
#include "util.h"

int kp_programma_load(struct kp_conn *c, int64_t id, struct kp_programma_ritme *r, struct kp_regels *hard)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT bedenktijd_dagen, proef_maanden, proef_weken, evaluatie_maanden, "
					   "voortgangsgesprekken, max_maanden FROM programmas WHERE id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return rc;
	*r = (struct kp_programma_ritme){ .bedenktijd_dagen = sqlite3_column_int(st, 0),
					  .proef_maanden = sqlite3_column_int(st, 1),
					  .proef_weken = sqlite3_column_int(st, 2),
					  .evaluatie_maanden = sqlite3_column_int(st, 3),
					  .voortgangsgesprekken = sqlite3_column_int(st, 4) != 0,
					  .max_maanden = sqlite3_column_int(st, 5) };
	sqlite3_reset(st);
	/* the hard rules through the one loader that suggestions, rounds and the status rule use */
	return hard ? kp_regels_load(c, id, hard, NULL) : SQLITE_OK;
}

/* The date koppeling id last entered phase naar, into out; false when never. */
static bool phase_date(struct kp_conn *c, int64_t id, const char *naar, struct kp_date *out)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT datum FROM faseovergangen WHERE koppeling_id = ?1 AND naar = ?2 "
					   "ORDER BY id DESC LIMIT 1");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, naar, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW && kp_date_parse((const char *)sqlite3_column_text(st, 0), out);
	sqlite3_reset(st);
	return found;
}

/*
 * The dates of koppeling id that its course counts from: the koppeling date,
 * the starts of kennismaking, proefperiode and lopend, and the latest
 * extension. false on a database error.
 */
static bool course_dates(struct kp_conn *c, int64_t id, const char *koppeling_datum, struct kp_koers_data *d)
{
	memset(d, 0, sizeof *d);
	if (!kp_date_parse(koppeling_datum, &d->koppeling))
		return false;
	d->has_kennismaking = phase_date(c, id, "kennismaking", &d->kennismaking);
	d->has_proef = phase_date(c, id, "proefperiode", &d->proef);
	d->has_lopend = phase_date(c, id, "lopend", &d->lopend);
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT tot_op FROM verlengingen WHERE koppeling_id = ?1 ORDER BY id DESC LIMIT 1");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		d->has_verlenging = kp_date_parse((const char *)sqlite3_column_text(st, 0), &d->verlengd_tot);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

int kp_koppeling_koers(struct kp_conn *c, int64_t id, struct kp_koers *k, struct kp_koers_data *d)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT programma_id, coalesce(koppeling_datum, voorgesteld_op) "
					   "FROM koppelingen WHERE id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? SQLITE_DONE : SQLITE_ERROR;
	}
	int64_t programma = sqlite3_column_int64(st, 0);
	char datum[11];
	snprintf(datum, sizeof datum, "%s", (const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	rc = kp_koers_load(c, programma, k);
	if (rc != SQLITE_OK)
		return rc == SQLITE_DONE ? SQLITE_ERROR : rc;
	return d && !course_dates(c, id, datum, d) ? SQLITE_ERROR : SQLITE_OK;
}

int kp_koppeling_plan(struct kp_conn *w, int64_t id)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT fase FROM koppelingen WHERE id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return SQLITE_ERROR;
	enum kp_fase fase = KP_FASE_VOORSTEL;
	kp_fase_parse((const char *)sqlite3_column_text(st, 0), &fase);
	sqlite3_reset(st);
	struct kp_koers k;
	struct kp_koers_data d;
	if (kp_koppeling_koers(w, id, &k, &d) != SQLITE_OK)
		return SQLITE_ERROR;

	if (fase == KP_FASE_GESTOPT || fase == KP_FASE_AFRONDING) {
		/* nothing more falls due, except the closing conversation of an afronding */
		struct kp_date end;
		bool afronding = fase == KP_FASE_AFRONDING && phase_date(w, id, "afronding", &end);
		st = kp_conn_stmt(w, "UPDATE evaluaties SET vervallen = 1 WHERE koppeling_id = ?1 AND gehouden_op IS NULL "
				     "AND NOT (?2 AND soort = 'afsluitend-gesprek')");
		if (!st)
			return SQLITE_ERROR;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, afronding);
		if (sqlite3_step(st) != SQLITE_DONE)
			return SQLITE_ERROR;
		if (afronding) {
			char when[11];
			kp_date_format(end, when);
			st = kp_conn_stmt(w, "INSERT INTO evaluaties(koppeling_id, soort, sleutel, gepland_op) "
					     "VALUES (?1, 'afsluitend-gesprek', 'afsluitend-gesprek#1', ?2) "
					     "ON CONFLICT(koppeling_id, sleutel) DO UPDATE SET gepland_op = excluded.gepland_op "
					     "WHERE gehouden_op IS NULL AND verzet_reden IS NULL AND gepland_op > excluded.gepland_op");
			if (!st)
				return SQLITE_ERROR;
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, when, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) != SQLITE_DONE)
				return SQLITE_ERROR;
		}
		return SQLITE_OK;
	}
	if (fase == KP_FASE_VOORSTEL)
		return SQLITE_OK;
	struct kp_koers_planning plan[400];
	size_t n = kp_koers_plan(&k, &d, plan, sizeof plan / sizeof plan[0]);
	if (n > sizeof plan / sizeof plan[0])
		n = sizeof plan / sizeof plan[0];
	json_t *keys = json_array();
	if (!keys)
		return SQLITE_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const char *soort = kp_evaluatie_soort_name(plan[i].soort);
		char sleutel[64], when[11];
		kp_koers_sleutel(&plan[i], sleutel, sizeof sleutel);
		json_array_append_new(keys, json_string(sleutel));
		kp_date_format(plan[i].datum, when);
		st = kp_conn_stmt(w, "INSERT INTO evaluaties(koppeling_id, soort, sleutel, gepland_op) VALUES (?1, ?2, ?3, ?4) "
				     "ON CONFLICT(koppeling_id, sleutel) DO UPDATE SET gepland_op = excluded.gepland_op, "
				     "vervallen = 0 WHERE gehouden_op IS NULL AND verzet_reden IS NULL");
		if (!st) {
			json_decref(keys);
			return SQLITE_ERROR;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, soort, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, sleutel, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, when, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE) {
			json_decref(keys);
			return SQLITE_ERROR;
		}
	}
	/* what Koppel planned earlier and the course no longer plans (its end moved closer): no longer due */
	char *list = json_dumps(keys, JSON_COMPACT);
	json_decref(keys);
	st = list ? kp_conn_stmt(w, "UPDATE evaluaties SET vervallen = 1 WHERE koppeling_id = ?1 AND sleutel IS NOT NULL "
				    "AND gehouden_op IS NULL AND verzet_reden IS NULL AND vervallen = 0 "
				    "AND sleutel NOT IN (SELECT value FROM json_each(?2))")
		  : NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, list, -1, SQLITE_TRANSIENT);
	}
	free(list);
	return st && sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

int kp_gezin_set_status(struct kp_conn *w, int64_t gezin_id, const char *status, const char *datum,
			const struct kp_actor *actor)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE gezinnen SET status = ?2, versie = versie + 1, gewijzigd_op = ?3 "
					   "WHERE id = ?1 AND status != ?2");
	if (!st)
		return SQLITE_ERROR;
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_bind_int64(st, 1, gezin_id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		return SQLITE_ERROR;
	if (sqlite3_changes(kp_conn_handle(w)) == 0)
		return SQLITE_OK;
	st = kp_conn_stmt(w, "INSERT INTO gezin_statussen(gezin_id, rol, status, datum, gebruiker_id, gebruikersnaam) "
			     "SELECT id, rol, ?2, ?3, nullif(?4, 0), ?5 FROM gezinnen WHERE id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, gezin_id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, datum, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, actor->gebruiker_id);
	sqlite3_bind_text(st, 5, actor->gebruikersnaam, -1, SQLITE_TRANSIENT);
	return sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

int kp_gezin_active_koppelingen(struct kp_conn *c, int64_t gezin_id, enum kp_kant kant, int64_t *count)
{
	sqlite3_stmt *st = kp_conn_stmt(c, kant == KP_KANT_VRAAG
						   ? "SELECT count(*) FROM koppelingen WHERE vraaggezin_id = ?1 "
						     "AND fase IN ('kennismaking', 'proefperiode', 'contract', 'lopend')"
						   : "SELECT count(*) FROM koppelingen WHERE steungezin_id = ?1 "
						     "AND fase IN ('kennismaking', 'proefperiode', 'contract', 'lopend')");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, gezin_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? SQLITE_OK : SQLITE_ERROR;
}

int kp_gezin_steunrol(struct kp_conn *c, int64_t gezin_id, char *rol, char *status, bool *primair)
{
	/* the vraaggezin role is primary while it runs; a supporting role beside it is a running period of its own */
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT g.rol != 'vraaggezin', CASE WHEN g.rol != 'vraaggezin' THEN g.rol ELSE r.rol END, "
					   "CASE WHEN g.rol != 'vraaggezin' THEN g.status ELSE coalesce(r.status, 'aangemeld') END "
					   "FROM gezinnen g LEFT JOIN gezin_rollen r ON g.rol = 'vraaggezin' AND r.gezin_id = g.id "
					   "AND r.tot IS NULL AND r.rol != 'vraaggezin' WHERE g.id = ?1 ORDER BY r.id DESC LIMIT 1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, gezin_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL) {
		*primair = sqlite3_column_int(st, 0) != 0;
		snprintf(rol, 32, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(status, 32, "%s", (const char *)sqlite3_column_text(st, 2));
		rc = SQLITE_OK;
	} else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		rc = SQLITE_NOTFOUND;
	}
	sqlite3_reset(st);
	return rc;
}

int kp_gezin_steun_set_status(struct kp_conn *w, int64_t gezin_id, const char *status, const char *datum,
			      const struct kp_actor *actor)
{
	char rol[32], huidig[32];
	bool primair = false;
	int rc = kp_gezin_steunrol(w, gezin_id, rol, huidig, &primair);
	if (rc != SQLITE_OK)
		return rc;
	if (primair)
		return kp_gezin_set_status(w, gezin_id, status, datum, actor);
	if (strcmp(huidig, status) == 0)
		return SQLITE_OK;
	sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE gezin_rollen SET status = ?3 WHERE gezin_id = ?1 AND rol = ?2 AND tot IS NULL");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, gezin_id);
	sqlite3_bind_text(st, 2, rol, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, status, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE || sqlite3_changes(kp_conn_handle(w)) != 1)
		return SQLITE_ERROR;
	st = kp_conn_stmt(w, "INSERT INTO gezin_statussen(gezin_id, rol, status, datum, gebruiker_id, gebruikersnaam) "
			     "VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6)");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, gezin_id);
	sqlite3_bind_text(st, 2, rol, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, status, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, datum, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, actor->gebruiker_id);
	sqlite3_bind_text(st, 6, actor->gebruikersnaam, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		return SQLITE_ERROR;
	/* the gezin's version moves (its view shows the role's status); gezinnen.status, the primary role's, stays */
	char now[32];
	kp_format_time(kp_now(), now);
	st = kp_conn_stmt(w, "UPDATE gezinnen SET versie = versie + 1, gewijzigd_op = ?2 WHERE id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, gezin_id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	return sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

/* --- the view -------------------------------------------------------------- */

static json_t *rows_json(struct kp_conn *c, const char *sql, int64_t id)
{
	/* each row's columns are (name, value) pairs: even columns are keys; the
	 * value under "afspraken" is stored JSON, everything else plain values */
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *arr = json_array();
	while (arr && sqlite3_step(st) == SQLITE_ROW) {
		json_t *o = json_object();
		int n = sqlite3_column_count(st);
		for (int i = 0; i + 1 < n; i += 2) {
			const char *key = (const char *)sqlite3_column_text(st, i);
			switch (sqlite3_column_type(st, i + 1)) {
			case SQLITE_NULL:
				json_object_set_new(o, key, json_null());
				break;
			case SQLITE_INTEGER:
				json_object_set_new(o, key, json_integer(sqlite3_column_int64(st, i + 1)));
				break;
			default: {
				const char *v = (const char *)sqlite3_column_text(st, i + 1);
				json_t *parsed = strcmp(key, "afspraken") == 0 ? json_loads(v, 0, NULL) : NULL;
				json_object_set_new(o, key, parsed ? parsed : json_string(v));
			}
			}
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *kp_koppeling_json(struct kp_conn *c, int64_t id, const char *today, int64_t *werkgebied_id, int64_t *versie)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT k.fase, k.vraaggezin_id, v.naam, k.steungezin_id, s.naam, " KP_SQL_STEUN_ROL("s") ", "
					   "k.programma_id, p.naam, w.code, k.coordinator_id, u.naam, k.voorgesteld_op, "
					   "k.koppeling_datum, k.contract_getekend_op, k.contact_na_afloop, k.stop_reden, "
					   "k.stop_toelichting, k.versie, v.werkgebied_id, k.aangemaakt_op, k.gewijzigd_op, "
					   "p.woord_steun, p.woord_vraag, k.coach_id, c.naam, p.woord_koppeling "
					   "FROM koppelingen k JOIN gezinnen v ON v.id = k.vraaggezin_id "
					   /* a trajectory has a coach and no steungezin (schema 0027) */
					   "LEFT JOIN gezinnen s ON s.id = k.steungezin_id LEFT JOIN gebruikers c ON c.id = k.coach_id "
					   "JOIN programmas p ON p.id = k.programma_id "
					   /* the werkgebied is the vraaggezin's current one (k.werkgebied_id is where it began) */
					   "JOIN werkgebieden w ON w.id = v.werkgebied_id "
					   "LEFT JOIN gebruikers u ON u.id = k.coordinator_id WHERE k.id = ?1");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return NULL;
#define T(i) ((const char *)sqlite3_column_text(st, i))
	enum kp_fase fase = KP_FASE_VOORSTEL;
	kp_fase_parse(T(0), &fase);
	int64_t programma = sqlite3_column_int64(st, 6);
	if (werkgebied_id)
		*werkgebied_id = sqlite3_column_int64(st, 18);
	if (versie)
		*versie = sqlite3_column_int64(st, 17);
	json_t *k = json_pack("{s:I, s:I, s:s, s:{s:I, s:s}, s:{s:I, s:s}, s:s}", "id", (json_int_t)id, "versie",
			      (json_int_t)sqlite3_column_int64(st, 17), "fase", T(0), "vraaggezin", "id",
			      (json_int_t)sqlite3_column_int64(st, 1), "naam", T(2), "programma", "id", (json_int_t)programma,
			      "naam", T(7), "werkgebied", T(8));
	/* the supporter: a steungezin, or for a trajectory the gezinscoach; the other one is null */
	json_object_set_new(k, "steungezin", sqlite3_column_type(st, 3) == SQLITE_NULL
						     ? json_null()
						     : json_pack("{s:I, s:s, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 3),
								 "naam", T(4), "rol", T(5) ? T(5) : ""));
	json_object_set_new(k, "coach", sqlite3_column_type(st, 23) == SQLITE_NULL
						? json_null()
						: json_pack("{s:I, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 23), "naam",
							    T(24) ? T(24) : ""));
	json_object_set_new(k, "coordinator", sqlite3_column_type(st, 9) == SQLITE_NULL
						      ? json_null()
						      : json_pack("{s:I, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 9),
								  "naam", T(10)));
	json_object_set_new(k, "voorgesteldOp", json_string(T(11)));
	json_object_set_new(k, "koppelingDatum", T(12) ? json_string(T(12)) : json_null());
	json_object_set_new(k, "contractGetekendOp", T(13) ? json_string(T(13)) : json_null());
	json_object_set_new(k, "contactNaAfloop", json_string(T(14)));
	json_object_set_new(k, "stopReden", T(15) ? json_string(T(15)) : json_null());
	json_object_set_new(k, "stopToelichting", T(16) ? json_string(T(16)) : json_null());
	json_object_set_new(k, "aangemaaktOp", json_string(T(19)));
	json_object_set_new(k, "gewijzigdOp", json_string(T(20)));
	/* the programme's words for the supporter and the asking family */
	json_object_set_new(k, "woorden", json_pack("{s:s, s:s, s:s}", "steun", T(21), "vraag", T(22), "koppeling", T(25)));
	char koppeling_datum[11] = "";
	if (T(12))
		snprintf(koppeling_datum, sizeof koppeling_datum, "%s", T(12));
#undef T
	sqlite3_reset(st);

	/* what comes next, and when: from the programme's course */
	struct kp_koers koers;
	struct kp_koers_data cd;
	bool have_koers = kp_koppeling_koers(c, id, &koers, &cd) == SQLITE_OK;
	enum kp_fase next[KP_FASE_COUNT];
	size_t n = have_koers ? kp_koers_volgende(&koers, fase, next) : kp_fase_next(fase, next);
	json_t *volgende = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(volgende, json_string(kp_fase_name(next[i])));
	json_object_set_new(k, "volgendeFasen", volgende);
	if (have_koers) {
		/* the phases this programme's course walks, in order, and whether its agreements are signed */
		json_t *fasen = json_array();
		for (int f = 0; f < KP_FASE_COUNT; f++)
			if (kp_koers_gebruikt(&koers, (enum kp_fase)f))
				json_array_append_new(fasen, json_string(kp_fase_name((enum kp_fase)f)));
		json_object_set_new(k, "fasen", fasen);
		json_object_set_new(k, "afsprakenGetekend", json_boolean(koers.contract && koers.afspraken_getekend));
		char buf[11];
		struct kp_date einde;
		if (koppeling_datum[0]) {
			kp_date_format(kp_koers_bedenktijd_einde(&koers, cd.koppeling), buf);
			json_object_set_new(k, "bedenktijdTot", json_string(buf));
		}
		if (cd.has_proef && koers.proefperiode) {
			kp_date_format(kp_duur_na(cd.proef, koers.proef, 1), buf);
			json_object_set_new(k, "proefperiodeTot", json_string(buf));
		}
		/* the end the overview and the agenda show too: the closing conversation's planned date when it
		 * was planned (moved with a reason or not), else the course's end */
		sqlite3_stmt *eind = kp_conn_stmt(c, "SELECT gepland_op FROM evaluaties WHERE koppeling_id = ?1 "
						     "AND sleutel = 'afsluitend-gesprek#1'");
		bool planned = false;
		if (eind) {
			sqlite3_bind_int64(eind, 1, id);
			if (sqlite3_step(eind) == SQLITE_ROW) {
				snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(eind, 0));
				planned = true;
			}
			sqlite3_reset(eind);
		}
		if (!planned && koppeling_datum[0] && kp_koers_einde(&koers, &cd, &einde)) {
			kp_date_format(einde, buf);
			planned = true;
		}
		if (planned)
			json_object_set_new(k, "maximaleEinddatum", json_string(buf));
		json_object_set_new(k, "verlengingMogelijk", json_boolean(koers.verlenging && !kp_fase_final(fase) &&
										   fase != KP_FASE_VOORSTEL));
	}
	/* the other candidates of the same voorstel (a choice between families), named while in this werkgebied */
	json_object_set_new(k, "kandidaten",
			    rows_json(c, "SELECT 'id', o.id, 'fase', o.fase, 'steungezinId', s.id, 'steungezin', s.naam, "
					 "'stopReden', o.stop_reden FROM koppelingen k JOIN koppelingen o ON o.keuze_id = k.keuze_id "
					 "AND o.id != k.id JOIN gezinnen s ON s.id = o.steungezin_id JOIN gezinnen v ON v.id = o.vraaggezin_id "
					 "WHERE k.id = ?1 AND s.werkgebied_id = v.werkgebied_id ORDER BY o.id", id));
	json_object_set_new(k, "verlengingen",
			    rows_json(c, "SELECT 'totOp', tot_op, 'reden', reden, 'door', gebruikersnaam, 'doorNaam', "
					 "(SELECT naam FROM gebruikers g WHERE g.gebruikersnaam = x.gebruikersnaam), 'op', tijd "
					 "FROM verlengingen x WHERE koppeling_id = ?1 ORDER BY id", id));
	json_t *kinderen = rows_json(c, "SELECT 'id', l.id, 'voornaam', l.voornaam, 'geboortedatum', l.geboortedatum "
					"FROM koppeling_kinderen kk JOIN leden l ON l.id = kk.lid_id "
					"WHERE kk.koppeling_id = ?1 ORDER BY l.volgorde", id);
	json_t *overgangen = rows_json(c, "SELECT 'van', van, 'naar', naar, 'datum', datum, 'reden', reden, "
					  "'toelichting', toelichting, 'door', gebruikersnaam, 'doorNaam', "
					  "(SELECT naam FROM gebruikers g WHERE g.gebruikersnaam = x.gebruikersnaam) FROM faseovergangen x "
					  "WHERE koppeling_id = ?1 ORDER BY id", id);
	json_t *afspraken = rows_json(c, "SELECT 'versie', versie, 'afspraken', inhoud, 'vastgelegdOp', vastgelegd_op, "
					 "'door', gebruikersnaam, 'doorNaam', (SELECT naam FROM gebruikers g WHERE g.gebruikersnaam = x.gebruikersnaam) "
					 "FROM afspraken x WHERE koppeling_id = ?1 ORDER BY versie DESC", id);
	json_t *verloop = rows_json(c, "SELECT 'datum', datum, 'verloop', verloop, 'toelichting', toelichting, 'door', "
				       "gebruikersnaam, 'doorNaam', (SELECT naam FROM gebruikers g WHERE g.gebruikersnaam = x.gebruikersnaam) "
				       "FROM verloop x WHERE koppeling_id = ?1 ORDER BY datum, id", id);
	sqlite3_stmt *ev = kp_conn_stmt(c, "SELECT id, soort, gepland_op, verzet_reden, vervallen, gehouden_op, verslag, "
					   "gebruikersnaam, CASE WHEN instr(sleutel, '@vraaggezin#') THEN 'vraaggezin' "
					   "WHEN instr(sleutel, '@steungezin#') THEN 'steungezin' ELSE 'beide' END, "
					   "(SELECT naam FROM gebruikers g WHERE g.gebruikersnaam = x.gebruikersnaam) "
					   "FROM evaluaties x WHERE koppeling_id = ?1 ORDER BY gepland_op, id");
	json_t *evaluaties = ev ? json_array() : NULL;
	if (ev) {
		sqlite3_bind_int64(ev, 1, id);
		while (sqlite3_step(ev) == SQLITE_ROW) {
			const char *gepland = (const char *)sqlite3_column_text(ev, 2);
			bool held = sqlite3_column_type(ev, 5) != SQLITE_NULL, vervallen = sqlite3_column_int(ev, 4) != 0;
			const char *status = held ? "gehouden" : vervallen ? "vervallen" : strcmp(gepland, today) < 0 ? "te-laat" : "gepland";
			const char *verslag = (const char *)sqlite3_column_text(ev, 6);
			json_array_append_new(evaluaties,
					      json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?, s:o, s:s?, s:s?, s:s}", "id",
							(json_int_t)sqlite3_column_int64(ev, 0), "soort",
							(const char *)sqlite3_column_text(ev, 1), "geplandOp", gepland, "status",
							status, "verzetReden", (const char *)sqlite3_column_text(ev, 3),
							"gehoudenOp", (const char *)sqlite3_column_text(ev, 5), "verslag",
							verslag ? json_loads(verslag, 0, NULL) : json_null(), "door",
							(const char *)sqlite3_column_text(ev, 7), "doorNaam",
							(const char *)sqlite3_column_text(ev, 9), "met",
							(const char *)sqlite3_column_text(ev, 8)));
		}
	}
	if (!kinderen || !overgangen || !afspraken || !verloop || !evaluaties) {
		json_decref(kinderen);
		json_decref(overgangen);
		json_decref(afspraken);
		json_decref(verloop);
		json_decref(evaluaties);
		json_decref(k);
		return NULL;
	}
	json_object_set_new(k, "kinderen", kinderen);
	json_object_set_new(k, "faseovergangen", overgangen);
	json_object_set(k, "afspraken", json_array_size(afspraken) ? json_object_get(json_array_get(afspraken, 0), "afspraken") : json_null());
	json_object_set_new(k, "afsprakenGeschiedenis", afspraken);
	json_object_set_new(k, "verloop", verloop);
	json_object_set_new(k, "evaluaties", evaluaties);
	return k;
}
