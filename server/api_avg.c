/*
 * api_avg.c - the families' AVG rights that concern the whole record:
 * inzage (everything Koppel holds about one gezin) and anonymisation (by a
 * beheerder, or by the retention pass of `koppel anonimiseer --verlopen`).
 *
 *   GET  /api/v1/gezinnen/{id}/inzage          everything about one gezin (audited, actie "inzage")
 *   POST /api/v1/gezinnen/{id}/anonimisering   beheerder, If-Match, {"reden"}: anonymise it
 *   GET  /api/v1/anonimisering/kandidaten      beheerder: gezinnen past the retention period
 *
 * The inzage gives the gezin's own data in full and the other family of each
 * koppeling only as its role ("het steungezin"): never its name, address,
 * contact details, members or notes, and no free text written on the
 * koppeling (it may be about the other family). Anonymisation is one
 * transaction; what it removes and keeps is listed at kp_gezin_anonimiseer
 * (api.h) and in README "Privacy en AVG".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "audit.h"
#include "db.h"
#include "formele_hulp.h"
#include "gezinnen.h"
#include "http.h"
#include "json_spec.h"
#include "scope.h"
#include "server.h"
#include "util.h"
#include "zoeken.h"

#define AUDIT_MAX 20000

/* The name an anonymised gezin keeps. */
static const char GEANONIMISEERD_NAAM[] = "Geanonimiseerd gezin";

/* Sets key to column i of st as a JSON string, integer or null. */
static void set_col(json_t *o, const char *key, sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		json_object_set_new(o, key, json_integer(sqlite3_column_int64(st, i)));
		break;
	case SQLITE_NULL:
		json_object_set_new(o, key, json_null());
		break;
	default:
		json_object_set_new(o, key, json_string((const char *)sqlite3_column_text(st, i)));
		break;
	}
}

/*
 * Runs sql (one parameter ?1 bound to id) on c and returns an array with one
 * object per row, keyed by the column names (AS aliases). NULL on an error.
 */
static json_t *rows_json(struct kp_conn *c, const char *sql, int64_t id)
{
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *arr = json_array();
	int rc;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();
		for (int i = 0; o && i < sqlite3_column_count(st); i++)
			set_col(o, sqlite3_column_name(st, i), st, i);
		json_array_append_new(arr, o);
	}
	if (arr && rc != SQLITE_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* How the other family of a koppeling is named to this one: its role, never its name. */
static const char *ander_omschrijving(const char *rol)
{
	static const struct {
		const char *rol, *woord;
	} w[] = {
		{ "vraaggezin", "het vraaggezin" },   { "steungezin", "het steungezin" }, { "steunmaatje", "het steunmaatje" },
		{ "buddy", "de buddy" },	      { "estafettegezin", "het estafettegezin" },
		{ "gezinscoach", "de gezinscoach" },
	};
	for (size_t i = 0; rol && i < sizeof w / sizeof w[0]; i++)
		if (strcmp(rol, w[i].rol) == 0)
			return w[i].woord;
	return "het andere gezin";
}

/*
 * An evaluation's report as this side may see it: who took part, this
 * side's own satisfaction, whether to continue, the course and the scores
 * of the goals. Texts (notes, goals, changed agreements) are left out: they
 * may be about the other family. Returns a new object (null for no report).
 */
static json_t *verslag_voor(const char *text, bool vraagkant)
{
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;
	if (!json_is_object(v)) {
		json_decref(v);
		return json_null();
	}
	json_t *out = json_object();
	static const char *const keep[] = { "deelnemers", "doorgaan", "verloop" };
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		json_t *x = json_object_get(v, keep[i]);
		if (x)
			json_object_set(out, keep[i], x);
	}
	json_t *doelen = json_object_get(v, "doelen"), *d, *nd = json_array();
	size_t i;
	json_array_foreach(doelen, i, d) json_array_append_new(nd, json_pack("{s:O?, s:O?}", "scoreStart",
									   json_object_get(d, "scoreStart"), "scoreNu",
									   json_object_get(d, "scoreNu")));
	json_object_set_new(out, "doelen", nd);
	const char *eigen = vraagkant ? "tevredenheidVraaggezin" : "tevredenheidSteungezin";
	json_t *t = json_object_get(v, eigen);
	if (t)
		json_object_set(out, "tevredenheid", t);
	json_decref(v);
	return out;
}

/*
 * The koppelingen of gezin id, each with its phases, agreement versions,
 * course, extensions and evaluations: dates, codes and scores, no text.
 */
static json_t *koppelingen_json(struct kp_conn *c, int64_t id)
{
	json_t *arr = rows_json(
		c,
		"SELECT k.id AS id, CASE WHEN k.vraaggezin_id = ?1 THEN 'vraaggezin' ELSE 'steunkant' END AS kant, "
		"p.naam AS programma, k.fase AS fase, k.voorgesteld_op AS voorgesteldOp, "
		"k.koppeling_datum AS koppelingDatum, k.contract_getekend_op AS contractGetekendOp, "
		"k.stop_reden AS stopReden, k.contact_na_afloop AS contactNaAfloop, "
		"CASE WHEN k.coach_id IS NOT NULL THEN 'gezinscoach' ELSE o.rol END AS anderRol "
		"FROM koppelingen k JOIN programmas p ON p.id = k.programma_id "
		/* a trajectory's other side is its gezinscoach, not a gezin (schema 0027) */
		"LEFT JOIN gezinnen o ON o.id = CASE WHEN k.vraaggezin_id = ?1 THEN k.steungezin_id ELSE k.vraaggezin_id END "
		"WHERE ?1 IN (k.vraaggezin_id, k.steungezin_id) ORDER BY k.voorgesteld_op, k.id",
		id);
	size_t i;
	json_t *k;
	json_array_foreach(arr, i, k)
	{
		int64_t kid = json_integer_value(json_object_get(k, "id"));
		bool vraagkant = strcmp(json_string_value(json_object_get(k, "kant")), "vraaggezin") == 0;
		const char *ander = json_string_value(json_object_get(k, "anderRol"));
		json_object_set_new(k, "anderGezin",
				    json_pack("{s:s?, s:s}", "rol", ander, "omschrijving", ander_omschrijving(ander)));
		json_object_del(k, "anderRol");
		json_t *fasen = rows_json(c,
					  "SELECT van, naar, datum, reden FROM faseovergangen WHERE koppeling_id = ?1 "
					  "ORDER BY id",
					  kid);
		json_t *verloop = rows_json(c, "SELECT datum, verloop FROM verloop WHERE koppeling_id = ?1 ORDER BY datum, id",
					    kid);
		json_t *verlengingen = rows_json(c,
						 "SELECT tot_op AS totOp, substr(tijd, 1, 10) AS op FROM verlengingen "
						 "WHERE koppeling_id = ?1 ORDER BY id",
						 kid);
		json_t *afspraken = rows_json(c,
					      "SELECT versie, vastgelegd_op AS vastgelegdOp FROM afspraken "
					      "WHERE koppeling_id = ?1 ORDER BY versie",
					      kid);
		json_t *evaluaties = rows_json(c,
					       "SELECT soort, gepland_op AS geplandOp, gehouden_op AS gehoudenOp, "
					       "vervallen, verslag FROM evaluaties WHERE koppeling_id = ?1 "
					       "ORDER BY gepland_op, id",
					       kid);
		if (!fasen || !verloop || !verlengingen || !afspraken || !evaluaties) {
			json_decref(fasen);
			json_decref(verloop);
			json_decref(verlengingen);
			json_decref(afspraken);
			json_decref(evaluaties);
			json_decref(arr);
			return NULL;
		}
		size_t j;
		json_t *a;
		json_array_foreach(evaluaties, j, a)
		{
			json_object_set_new(a, "vervallen", json_boolean(json_integer_value(json_object_get(a, "vervallen"))));
			json_object_set_new(a, "verslag",
					    verslag_voor(json_string_value(json_object_get(a, "verslag")), vraagkant));
		}
		json_object_set_new(k, "fasen", fasen);
		json_object_set_new(k, "verloop", verloop);
		json_object_set_new(k, "verlengingen", verlengingen);
		json_object_set_new(k, "afspraken", afspraken);
		json_object_set_new(k, "evaluaties", evaluaties);
	}
	return arr;
}

/*
 * Who read or changed gezin id: every audit entry about it, about its
 * logboek, consents and exclusions, about its koppelingen, and every list
 * that showed it. Only time, user name, action and kind of record: the
 * details (which may hold other families' ids) stay in the log.
 */
static json_t *audit_json(struct kp_conn *c, int64_t id)
{
	return rows_json(
		c,
		"SELECT a.tijd AS tijd, a.gebruikersnaam AS door, a.actie AS actie, a.object_soort AS onderdeel "
		"FROM audit_log a WHERE "
		"(a.object_soort IN ('gezin', 'inzage', 'suggesties') AND a.object_id = CAST(?1 AS TEXT)) "
		"OR (a.object_soort IN ('logboek', 'uitsluiting') AND a.actie = 'lezen' AND a.object_id = CAST(?1 AS TEXT)) "
		"OR (a.object_soort = 'toestemming' AND a.object_id IN "
		"    (SELECT CAST(t.id AS TEXT) FROM toestemmingen t WHERE t.gezin_id = ?1)) "
		"OR (a.object_soort = 'koppeling' AND a.object_id IN (SELECT CAST(k.id AS TEXT) FROM koppelingen k "
		"    WHERE ?1 IN (k.vraaggezin_id, k.steungezin_id))) "
		"OR (json_valid(a.details) AND (json_extract(a.details, '$.gezin') = ?1 "
		"    OR json_extract(a.details, '$.steungezin') = ?1 "
		"    OR EXISTS (SELECT 1 FROM json_each(a.details, '$.gezinnen') WHERE value = ?1))) "
		"ORDER BY a.id LIMIT 20000",
		id);
}

void api_inzage_get(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	int seen = kp_scope_gezin_zichtbaar(c, kp_req_principal(req), id);
	if (seen != 1) {
		kp_db_read_end(srv->db, c);
		if (seen == 0)
			kp_reply_problem(req, KP_P_NOT_FOUND, "Dit gezin bestaat niet.");
		else
			kp_reply_db_error(req);
		return;
	}
	char t[16], now[32];
	kp_today(t);
	kp_format_time(kp_now(), now);
	json_t *g = kp_gezin_json(c, id, t, NULL, NULL);
	json_t *extra = rows_json(c,
				  "SELECT geanonimiseerd_op AS geanonimiseerdOp FROM gezinnen WHERE id = ?1", id);
	json_t *jaren = rows_json(c,
				  "SELECT id, geboortejaar FROM leden WHERE gezin_id = ?1 AND geboortejaar IS NOT NULL", id);
	json_t *logboek = rows_json(c,
				    "SELECT datum, soort, tekst, gebruikersnaam AS door, aangemaakt_op AS aangemaaktOp "
				    "FROM logboek WHERE gezin_id = ?1 ORDER BY datum, id",
				    id);
	json_t *toestemmingen = kp_toestemmingen_json(c, id);
	json_t *formele_hulp = kp_formele_hulp_json(c, id, t);
	json_t *wachten = kp_wachten_inzage_json(c, id, t);
	json_t *koppelingen = koppelingen_json(c, id);
	json_t *gezinsplan = rows_json(c,
				       "SELECT versie, soort, tijd AS vastgelegdOp, gebruikersnaam AS door, json(plan) AS plan "
				       "FROM gezinsplan_versies WHERE gezin_id = ?1 ORDER BY versie",
				       id);
	size_t gi;
	json_t *gv;
	json_array_foreach(gezinsplan, gi, gv)
	{
		json_t *plan = json_loads(json_string_value(json_object_get(gv, "plan")), 0, NULL);
		if (!plan || json_object_set_new(gv, "plan", plan) != 0) {
			json_decref(gezinsplan);
			gezinsplan = NULL;
			break;
		}
	}
	json_t *audit = audit_json(c, id);
	kp_db_read_end(srv->db, c);
	json_t *body = NULL;
	if (g && extra && jaren && logboek && toestemmingen && formele_hulp && wachten && koppelingen && gezinsplan && audit) {
		json_t *geanon = json_object_get(json_array_get(extra, 0), "geanonimiseerdOp");
		/* an anonymised member keeps only the year of birth */
		size_t i, j;
		json_t *lid, *jr;
		json_array_foreach(json_object_get(g, "leden"), i, lid) json_array_foreach(jaren, j, jr) if (
			json_integer_value(json_object_get(lid, "id")) == json_integer_value(json_object_get(jr, "id")))
			json_object_set(lid, "geboortejaar", json_object_get(jr, "geboortejaar"));
		body = json_pack("{s:s, s:O, s:O, s:O, s:O, s:O, s:O, s:s}", "gemaaktOp", now, "gezin", g,
				 "geanonimiseerdOp", geanon ? geanon : json_null(), "logboek", logboek, "toestemmingen",
				 toestemmingen, "koppelingen", koppelingen, "gelezenEnGewijzigd", audit, "toelichting",
				 "Van het andere gezin in een koppeling staat hier alleen de rol. Notities bij een "
				 "koppeling kunnen over het andere gezin gaan en staan hier niet; vraag de "
				 "coördinator ernaar.");
		if (body)
			json_object_set(body, "formeleHulp", formele_hulp); /* the formal help with its history */
		if (body) /* urgency, contact person and the told-about-the-wait log */
			json_object_set(body, "wachtlijst", wachten);
		if (body) /* every version of the gezinsplan, oldest first (the last one is the current plan) */
			json_object_set(body, "gezinsplan", gezinsplan);
	}
	json_decref(g);
	json_decref(extra);
	json_decref(jaren);
	json_decref(logboek);
	json_decref(toestemmingen);
	json_decref(formele_hulp);
	json_decref(wachten);
	json_decref(koppelingen);
	json_decref(gezinsplan);
	json_decref(audit);
	if (!body) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_header(req, "Cache-Control", "no-store");
	kp_reply_json(req, 200, body);
	kp_req_audit_read(req, "inzage", "gezin", id, NULL);
}

/* --- anonymisation ------------------------------------------------------------ */

int kp_gezin_geanonimiseerd(struct kp_conn *c, int64_t id)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT geanonimiseerd_op IS NOT NULL FROM gezinnen WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	int anon = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? anon : -1;
}

/* Runs sql with ?1 bound to id on w. SQLITE_OK or the error. */
static int exec_id(struct kp_conn *w, const char *sql, int64_t id)
{
	sqlite3_stmt *st = kp_conn_stmt(w, sql);
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Copies the members of src named in keep (NULL-terminated) into a new object. */
static json_t *keep_only(const json_t *src, const char *const *keep)
{
	json_t *out = json_object();
	for (; out && json_is_object(src) && *keep; keep++) {
		json_t *x = json_object_get(src, *keep);
		if (x)
			json_object_set(out, *keep, x);
	}
	return out;
}

/*
 * The profile of an anonymised gezin: only coded values (household,
 * languages, the kind of referrer, forms of support, day parts, frequency,
 * style, yes/no wishes, capacity and ages) and the address down to PC4,
 * place and gemeente. Everything else, any member added later included,
 * is dropped. Returns a new object or NULL.
 */
static json_t *profiel_anoniem(const char *text, const char *pc4)
{
	json_t *p = text ? json_loads(text, 0, NULL) : NULL;
	json_t *out = json_object();
	if (!out) {
		json_decref(p);
		return NULL;
	}
	static const char *const top[] = { "huishouden", "talen", NULL };
	static const char *const adres[] = { "plaats", "gemeente", NULL };
	static const char *const verwijzing[] = { "soort", NULL };
	static const char *const vraag[] = { "steunvormen", "dagdelen", "frequentie", "steunstijl", NULL };
	static const char *const wensen[] = { "talen", "mannelijkRolmodel", "geenHuisdieren", "nietRoken", NULL };
	static const char *const hulp[] = { "soort", NULL };
	static const char *const aanbod[] = { "steunvormen", "dagdelen", "frequentie", "capaciteit", "leeftijdVan",
					      "leeftijdTot", "maxAfstandKm", "talen", "huisdieren", "rookt",
					      "steunstijl", "mannelijkRolmodel", NULL };
	json_t *k = keep_only(p, top);
	json_object_update(out, k);
	json_decref(k);
	json_t *a = keep_only(json_object_get(p, "adres"), adres);
	json_object_set_new(a, "postcode", pc4 ? json_string(pc4) : json_null());
	json_object_set_new(out, "adres", a);
	if (json_is_object(json_object_get(p, "aangemeldDoor")))
		json_object_set_new(out, "aangemeldDoor", keep_only(json_object_get(p, "aangemeldDoor"), verwijzing));
	json_t *v = json_object_get(p, "vraag");
	if (json_is_object(v)) {
		json_t *nv = keep_only(v, vraag);
		json_object_set_new(nv, "tekst", json_string(""));
		if (json_is_object(json_object_get(v, "wensen")))
			json_object_set_new(nv, "wensen", keep_only(json_object_get(v, "wensen"), wensen));
		if (json_is_object(json_object_get(v, "formeleHulp")))
			json_object_set_new(nv, "formeleHulp", keep_only(json_object_get(v, "formeleHulp"), hulp));
		json_object_set_new(out, "vraag", nv);
	}
	if (json_is_object(json_object_get(p, "aanbod")))
		json_object_set_new(out, "aanbod", keep_only(json_object_get(p, "aanbod"), aanbod));
	json_decref(p);
	return out;
}

/*
 * An evaluation report without free text: participants, satisfaction,
 * whether to continue, the course, and the goals as "Doel n" with their
 * scores. Returns malloc'd JSON text or NULL (also for no report).
 */
static char *verslag_anoniem(const char *text)
{
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;
	if (!json_is_object(v)) {
		json_decref(v);
		return NULL;
	}
	static const char *const keep[] = { "deelnemers", "tevredenheidVraaggezin", "tevredenheidSteungezin",
					    "doorgaan", "verloop", NULL };
	json_t *out = keep_only(v, keep);
	json_t *doelen = json_object_get(v, "doelen");
	if (json_is_array(doelen)) {
		json_t *nd = json_array();
		size_t i;
		json_t *d;
		json_array_foreach(doelen, i, d)
		{
			char naam[32];
			snprintf(naam, sizeof naam, "Doel %zu", i + 1);
			json_array_append_new(nd, json_pack("{s:s, s:O?, s:O?}", "doel", naam, "scoreStart",
							    json_object_get(d, "scoreStart"), "scoreNu",
							    json_object_get(d, "scoreNu")));
		}
		json_object_set_new(out, "doelen", nd);
	}
	char *s = out ? json_dumps(out, JSON_COMPACT) : NULL;
	json_decref(out);
	json_decref(v);
	return s;
}

/* Empties the free text of every koppeling of gezin id (both sides') on w. SQLITE_OK or the error. */
static int koppelingen_anoniem(struct kp_conn *w, int64_t id)
{
#define VAN_GEZIN "(SELECT k.id FROM koppelingen k WHERE ?1 IN (k.vraaggezin_id, k.steungezin_id))"
	static const char *const sql[] = {
		"UPDATE koppelingen SET stop_toelichting = NULL, versie = versie + 1 "
		"WHERE ?1 IN (vraaggezin_id, steungezin_id)",
		"UPDATE faseovergangen SET toelichting = NULL WHERE toelichting IS NOT NULL AND koppeling_id IN " VAN_GEZIN,
		"UPDATE afspraken SET inhoud = '{}' WHERE inhoud != '{}' AND koppeling_id IN " VAN_GEZIN,
		"UPDATE verloop SET toelichting = NULL WHERE toelichting IS NOT NULL AND koppeling_id IN " VAN_GEZIN,
		"UPDATE verlengingen SET reden = '' WHERE reden != '' AND koppeling_id IN " VAN_GEZIN,
		"UPDATE evaluaties SET verzet_reden = '' WHERE verzet_reden IS NOT NULL AND koppeling_id IN " VAN_GEZIN,
		"UPDATE uitsluitingen SET reden = '' WHERE ?1 IN (vraaggezin_id, steungezin_id)",
	};
	int rc = SQLITE_OK;
	for (size_t i = 0; rc == SQLITE_OK && i < sizeof sql / sizeof sql[0]; i++)
		rc = exec_id(w, sql[i], id);
	if (rc != SQLITE_OK)
		return rc;
	/* evaluation reports: rewritten one by one, after reading them all */
	json_t *rows = rows_json(w,
				 "SELECT id, verslag FROM evaluaties WHERE verslag IS NOT NULL AND koppeling_id IN " VAN_GEZIN,
				 id);
#undef VAN_GEZIN
	if (!rows)
		return SQLITE_ERROR;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		char *s = verslag_anoniem(json_string_value(json_object_get(r, "verslag")));
		sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE evaluaties SET verslag = ?2 WHERE id = ?1");
		if (!st) {
			free(s);
			rc = SQLITE_ERROR;
			break;
		}
		sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(r, "id")));
		if (s)
			sqlite3_bind_text(st, 2, s, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		free(s);
		if (rc != SQLITE_OK)
			break;
	}
	json_decref(rows);
	return rc;
}

/* Members become "Lid 1", "Lid 2", ... without surname, contact or birth date (the year stays). */
static int leden_anoniem(struct kp_conn *w, int64_t id)
{
	json_t *rows = rows_json(w, "SELECT id FROM leden WHERE gezin_id = ?1 ORDER BY volgorde, id", id);
	if (!rows)
		return SQLITE_ERROR;
	int rc = SQLITE_OK;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		sqlite3_stmt *st = kp_conn_stmt(
			w, "UPDATE leden SET voornaam = ?2, achternaam = NULL, telefoon = NULL, email = NULL, "
			   "geboortejaar = CASE WHEN geboortedatum GLOB '[0-9][0-9][0-9][0-9]-*' "
			   "THEN CAST(substr(geboortedatum, 1, 4) AS INTEGER) ELSE geboortejaar END, "
			   "geboortedatum = NULL, verwacht_op = NULL WHERE id = ?1");
		if (!st) {
			rc = SQLITE_ERROR;
			break;
		}
		char naam[32];
		snprintf(naam, sizeof naam, "Lid %zu", i + 1);
		sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(r, "id")));
		sqlite3_bind_text(st, 2, naam, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = SQLITE_ERROR;
			break;
		}
	}
	json_decref(rows);
	return rc;
}

int kp_gezin_anonimiseer(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			 const char *reden, json_t **problem)
{
	*problem = NULL;
	int seen = kp_scope_gezin_zichtbaar(w, actor->principal, id);
	if (seen < 0)
		return 503;
	if (seen == 0) {
		*problem = kp_problem_json(KP_P_NOT_FOUND, "Dit gezin bestaat niet.");
		return 404;
	}
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT versie, geanonimiseerd_op, status, pc4, profiel, "
					   "EXISTS (SELECT 1 FROM koppelingen k WHERE ?1 IN (k.vraaggezin_id, k.steungezin_id) "
					   "AND k.fase NOT IN ('afronding', 'gestopt')) FROM gezinnen WHERE id = ?1");
	if (!st)
		return 503;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return 503;
	int64_t versie = sqlite3_column_int64(st, 0);
	bool al = sqlite3_column_type(st, 1) != SQLITE_NULL;
	char status[32], pc4[8] = "";
	snprintf(status, sizeof status, "%s", (const char *)sqlite3_column_text(st, 2));
	if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		snprintf(pc4, sizeof pc4, "%04lld", (long long)sqlite3_column_int64(st, 3));
	json_t *profiel = profiel_anoniem((const char *)sqlite3_column_text(st, 4), pc4[0] ? pc4 : NULL);
	bool lopend = sqlite3_column_int(st, 5) != 0;
	sqlite3_reset(st);
	if (!profiel)
		return 503;
	int status_code = 0;
	if (im && !kp_if_match_ok(im, versie)) {
		*problem = kp_problem_json(KP_P_PRECONDITION_FAILED,
					   "Iemand anders heeft dit gezin intussen gewijzigd. Laad opnieuw en probeer het nog eens.");
		status_code = 412;
	} else if (al) {
		*problem = kp_problem_json(KP_P_CONFLICT, "Dit gezin is al geanonimiseerd.");
		status_code = 409;
	} else if (lopend) {
		*problem = kp_problem_json(KP_P_CONFLICT,
					   "Dit gezin heeft nog een koppeling die niet is afgesloten. Sluit die eerst af.");
		status_code = 409;
	} else if (strcmp(status, "afgerond") != 0 && strcmp(status, "gestopt") != 0) {
		*problem = kp_problem_json(KP_P_CONFLICT,
					   "Zet het gezin eerst op afgerond of gestopt; daarna kan het worden geanonimiseerd.");
		status_code = 409;
	}
	if (status_code) {
		json_decref(profiel);
		return status_code;
	}
	char *profiel_text = json_dumps(profiel, JSON_COMPACT);
	json_decref(profiel);
	if (!profiel_text)
		return 503;
	char now[32];
	kp_format_time(kp_now(), now);
	/* freed space is overwritten, so removed text does not linger in the file */
	int rc = sqlite3_exec(kp_conn_handle(w), "PRAGMA secure_delete = ON", NULL, NULL, NULL);
	st = rc == SQLITE_OK ? kp_conn_stmt(w, "UPDATE gezinnen SET naam = ?2, postcode = ?3, profiel = ?4, "
					       "geanonimiseerd_op = ?5, gewijzigd_op = ?5, versie = versie + 1 WHERE id = ?1")
			     : NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, GEANONIMISEERD_NAAM, -1, SQLITE_STATIC);
		if (pc4[0])
			sqlite3_bind_text(st, 3, pc4, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, profiel_text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	} else {
		rc = SQLITE_ERROR;
	}
	free(profiel_text);
	if (rc == SQLITE_OK)
		rc = leden_anoniem(w, id);
	if (rc == SQLITE_OK)
		rc = exec_id(w, "UPDATE toestemmingen SET gegeven_door = '' WHERE gezin_id = ?1", id);
	if (rc == SQLITE_OK)
		rc = exec_id(w, "UPDATE logboek SET tekst = '' WHERE gezin_id = ?1 AND tekst != ''", id);
	/* formal help: the kind, kader and dates stay; contact and free text go, also from its history (0016) */
	if (rc == SQLITE_OK)
		rc = exec_id(w, "UPDATE formele_hulp SET contact = NULL, toelichting = NULL "
				"WHERE gezin_id = ?1", id);
	if (rc == SQLITE_OK)
		rc = exec_id(w, "UPDATE formele_hulp_historie SET contact = NULL, toelichting = NULL "
				"WHERE formele_hulp_id IN (SELECT id FROM formele_hulp WHERE gezin_id = ?1)",
			     id);
	/* the gezinsplan: scores, dates and statuses stay; the family's words go, from every version (0026) */
	if (rc == SQLITE_OK)
		rc = kp_gezinsplan_wis(w, id);
	/* the wachtlijst log: dates and ways stay, the notes go (0025) */
	if (rc == SQLITE_OK)
		rc = exec_id(w, "UPDATE wachtlijst_berichten SET notitie = NULL WHERE gezin_id = ?1", id);
	if (rc == SQLITE_OK)
		rc = koppelingen_anoniem(w, id);
	/* the search row and the sort key from the anonymised rows (zoeken.h) */
	if (rc == SQLITE_OK)
		rc = kp_zoek_gezin_bijwerken(w, id);
	/* merge the search index, so that the old name's trigrams are gone from it */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(kp_conn_handle(w), "INSERT INTO gezinnen_zoek(gezinnen_zoek) VALUES ('optimize')", NULL,
				  NULL, NULL);
	if (rc == SQLITE_OK) {
		json_t *d = json_pack("{s:s}", "reden", reden);
		char *details = d ? json_dumps(d, JSON_COMPACT) : NULL;
		json_decref(d);
		char oid[24];
		snprintf(oid, sizeof oid, "%lld", (long long)id);
		struct kp_audit_entry e = { .gebruiker_id = actor->gebruiker_id,
					    .gebruikersnaam = actor->gebruikersnaam,
					    .actie = "anonimiseren",
					    .object_soort = "gezin",
					    .object_id = oid,
					    .client = actor->client,
					    .details = details };
		rc = details ? kp_audit_append(w, &e) : SQLITE_NOMEM;
		free(details);
	}
	return rc == SQLITE_OK ? 0 : 503;
}

static const struct kp_field anonimisering_spec[] = {
	{ .name = "reden", .type = KP_F_STRING, .required = true, .multiline = true, .min_len = 1, .max_len = 500 },
};

void api_anonimisering_post(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, anonimisering_spec, 1, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	if (!kp_req_if_match(req, &im))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	struct kp_actor actor = kp_req_actor(req);
	int status = kp_gezin_anonimiseer(w, &actor, id, &im, json_string_value(json_object_get(body, "reden")),
					  &problem);
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
	json_object_set_new(g, "geanonimiseerd", json_true());
	kp_reply_etag(req, versie);
	kp_reply_json(req, 200, g);
}

/* --- retention ------------------------------------------------------------------ */

json_t *kp_anonimisering_kandidaten(struct kp_conn *c, const struct kp_principal *p, unsigned maanden,
				    const char *today)
{
	char grens_mod[32];
	snprintf(grens_mod, sizeof grens_mod, "-%u months", maanden);
	sqlite3_stmt *st = kp_scope_stmt(
		c,
		"WITH e AS (SELECT g.id, g.naam, g.rol, g.status, g.versie, w.code AS werkgebied, "
		"  (SELECT count(*) FROM koppelingen k WHERE g.id IN (k.vraaggezin_id, k.steungezin_id)) AS n, "
		"  max(coalesce((SELECT max(f.datum) FROM koppelingen k JOIN faseovergangen f ON f.koppeling_id = k.id "
		"               WHERE g.id IN (k.vraaggezin_id, k.steungezin_id) AND f.naar IN ('afronding', 'gestopt')), ''), "
		"      coalesce((SELECT max(s.datum) FROM gezin_statussen s WHERE s.gezin_id = g.id), ''), "
		"      g.aangemeld_op) AS sinds "
		"  FROM gezinnen g JOIN werkgebieden w ON w.id = g.werkgebied_id "
		"  WHERE " KP_SQL_GEZIN_ZICHTBAAR("g") " AND g.geanonimiseerd_op IS NULL "
		"  AND g.status IN ('afgerond', 'gestopt') "
		"  AND NOT EXISTS (SELECT 1 FROM koppelingen k WHERE g.id IN (k.vraaggezin_id, k.steungezin_id) "
		"                  AND k.fase NOT IN ('afronding', 'gestopt'))) "
		"SELECT id, naam, rol, status, versie, werkgebied, n, sinds FROM e "
		"WHERE sinds <= date(:vandaag, :grens) ORDER BY sinds, id",
		p);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":vandaag"), today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":grens"), grens_mod, -1, SQLITE_TRANSIENT);
	json_t *arr = json_array();
	int rc;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:I, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0),
				       "naam", (const char *)sqlite3_column_text(st, 1), "rol",
				       (const char *)sqlite3_column_text(st, 2), "status",
				       (const char *)sqlite3_column_text(st, 3), "versie",
				       (json_int_t)sqlite3_column_int64(st, 4), "werkgebied",
				       (const char *)sqlite3_column_text(st, 5), "koppelingen",
				       (json_int_t)sqlite3_column_int64(st, 6), "sinds",
				       (const char *)sqlite3_column_text(st, 7)));
	if (arr && rc != SQLITE_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

void api_anonimisering_kandidaten(struct kp_request *req)
{
	struct kp_server *srv = kp_req_server(req);
	char t[16];
	kp_today(t);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	unsigned maanden = srv->cfg.bewaartermijn_maanden;
	json_t *arr = kp_anonimisering_kandidaten(c, kp_req_principal(req), maanden, t);
	kp_db_read_end(srv->db, c);
	if (!arr) {
		kp_reply_db_error(req);
		return;
	}
	json_t *ids = json_array();
	size_t i;
	json_t *k;
	json_array_foreach(arr, i, k) json_array_append(ids, json_object_get(k, "id"));
	kp_reply_json(req, 200, json_pack("{s:I, s:o}", "bewaartermijnMaanden", (json_int_t)maanden, "kandidaten", arr));
	kp_req_audit_list(req, "anonimisering-kandidaten", ids, NULL, false);
	json_decref(ids);
}
