/*
 * api_kwartaal.c - what the funder asks every quarter.
 *
 *   GET /api/v1/overzichten/kwartaal   the quarterly figures of one gemeente, computed
 *                                      from the dated history (statuses, role periods,
 *                                      phases), so a past quarter gives the same numbers
 *                                      later, also after a gezin changed its role. The rapportage role only ever
 *                                      gets aggregates under the disclosure-control scheme
 *                                      of rapport.h (counts rounded to fives, "<5" for what
 *                                      rounds to 0, totals from the rounded parts).
 *                                      JSON, or with Accept: text/csv the same figures.
 *
 * Scope: the requester's werkgebieden (beheerders: all) within the gemeente.
 * One snapshot on a reader connection, never the writer; reads and exports
 * are audited through the group commit (auditq.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auth.h"
#include "datum.h"
#include "db.h"
#include "fasen.h"
#include "http.h"
#include "json_spec.h"
#include "overzichten.h"
#include "rapport.h"
#include "server.h"
#include "util.h"

/* One count of the quarter: sql has ?1 all, ?2 ids, ?3 gemeente, ?4 start, ?5 end (inclusive). */
static int64_t q_count(struct kp_conn *c, const char *sql, int all, const char *ids, const char *gemeente, const char *from,
		       const char *to, bool *ok)
{
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	if (!st) {
		*ok = false;
		return 0;
	}
	sqlite3_bind_int(st, 1, all);
	sqlite3_bind_text(st, 2, ids, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, gemeente, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, to, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW) {
		*ok = false;
		return 0;
	}
	return sqlite3_column_int64(st, 0);
}

/*
 * A gezin that withdrew anonieme-rapportage on or before the quarter's last
 * day (?5) leaves the figures of that quarter and every later one; quarters
 * that ended before the withdrawal keep it (README, Gezinnen).
 */
#define ANONIEM(e)                                                                                           \
	"NOT EXISTS (SELECT 1 FROM toestemmingen ta WHERE ta.gezin_id = " e " AND ta.doel = 'anonieme-rapportage' " \
	"AND ta.ingetrokken_op <= ?5) "
#define GEM(g)                                                                                                  \
	"(?1 = 1 OR " g ".werkgebied_id IN (SELECT value FROM json_each(?2))) AND " g ".gemeente = ?3 COLLATE NOCASE " \
	"AND " ANONIEM(g ".id")
/* koppelingen of the gemeente, by their vraaggezin; both families must not have withdrawn */
#define KOP "FROM koppelingen k JOIN gezinnen v ON v.id = k.vraaggezin_id WHERE " GEM("v") "AND " ANONIEM("k.steungezin_id")

/* A shown count: the number, or for the rapportage role "<5" when it rounds to 0 (rapport.h). */
static json_t *fig(int64_t n, const struct kp_kwartaal *shown)
{
	if (shown->afgerond_op_vijf && n == 0)
		return json_string("<5");
	return json_integer(n);
}

/* A derived figure, or null when it is not given. */
static json_t *real_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

/* The index of a stop reason in kp_stopredenen; anything unknown counts as "anders". */
static size_t reden_index(const char *code)
{
	size_t anders = 0, i = 0;
	for (; kp_stopredenen[i]; i++) {
		if (code && strcmp(code, kp_stopredenen[i]) == 0)
			return i;
		if (strcmp(kp_stopredenen[i], "anders") == 0)
			anders = i;
	}
	return anders;
}
/* Writes one "onderdeel;waarde" row for a figure of the JSON report: a count, "<5", a decimal or empty. */
static void csv_figure(struct kp_buf *b, const char *label, const json_t *v, int decimals, double scale)
{
	kp_csv_field(b, label, false);
	if (json_is_integer(v))
		kp_csv_number(b, (double)json_integer_value(v), 0, true);
	else if (json_is_real(v))
		kp_csv_number(b, json_real_value(v) * scale, decimals, true);
	else if (json_is_string(v))
		kp_csv_field(b, json_string_value(v), true);
	else
		kp_csv_field(b, NULL, true);
}

/*
 * Answers the quarterly report `out` (as built for JSON, so with exactly the
 * same suppression) as CSV for Dutch Excel: rows "onderdeel;waarde" with
 * Dutch labels, dates as dd-mm-jjjj, a decimal comma. Takes the reference.
 */
static void reply_kwartaal_csv(struct kp_request *req, json_t *out)
{
	struct kp_buf b = { 0 };
	kp_csv_begin(&b);
	kp_csv_field(&b, "onderdeel", false);
	kp_csv_field(&b, "waarde", true);
	kp_csv_field(&b, "Gemeente", false);
	kp_csv_field(&b, json_string_value(json_object_get(out, "gemeente")), true);
	csv_figure(&b, "Jaar", json_object_get(out, "jaar"), 0, 1);
	csv_figure(&b, "Kwartaal", json_object_get(out, "kwartaal"), 0, 1);
	kp_csv_field(&b, "Van", false);
	kp_csv_date(&b, json_string_value(json_object_get(out, "van")), true);
	kp_csv_field(&b, "Tot en met", false);
	kp_csv_date(&b, json_string_value(json_object_get(out, "tot")), true);
	csv_figure(&b, "Aanmeldingen", json_object_get(out, "aanmeldingen"), 0, 1);
	csv_figure(&b, "Intakes", json_object_get(out, "intakes"), 0, 1);
	csv_figure(&b, "Nieuwe koppelingen", json_object_get(out, "nieuweKoppelingen"), 0, 1);
	json_t *be = json_object_get(out, "beeindigd");
	csv_figure(&b, "Beëindigd: afgerond", json_object_get(be, "afgerond"), 0, 1);
	csv_figure(&b, "Beëindigd: gestopt", json_object_get(be, "gestopt"), 0, 1);
	csv_figure(&b, "Beëindigd: totaal", json_object_get(be, "totaal"), 0, 1);
	const char *key;
	const json_t *v;
	json_object_foreach(json_object_get(be, "redenenGestopt"), key, v)
	{
		char label[160];
		snprintf(label, sizeof label, "Gestopt, reden: %s", key);
		csv_figure(&b, label, v, 0, 1);
	}
	csv_figure(&b, "Actief aan het einde van het kwartaal", json_object_get(out, "actiefEindeKwartaal"), 0, 1);
	csv_figure(&b, "Kinderen bereikt", json_object_get(out, "kinderenBereikt"), 0, 1);
	const json_t *d = json_object_get(out, "dagenTotKoppeling");
	csv_figure(&b, "Dagen tot koppeling: aantal gezinnen", json_object_get(d, "aantal"), 0, 1);
	csv_figure(&b, "Dagen tot koppeling: mediaan", json_object_get(d, "mediaan"), 1, 1);
	csv_figure(&b, "Dagen tot koppeling: 90e percentiel", json_object_get(d, "p90"), 1, 1);
	const json_t *cn = json_object_get(out, "contactNaAfloop");
	csv_figure(&b, "Contact na afloop: ja", json_object_get(cn, "ja"), 0, 1);
	csv_figure(&b, "Contact na afloop: bekend", json_object_get(cn, "bekend"), 0, 1);
	csv_figure(&b, "Contact na afloop: aandeel (%)", json_object_get(cn, "aandeel"), 1, 100);
	const json_t *ev = json_object_get(out, "evaluaties");
	csv_figure(&b, "Evaluaties gehouden", json_object_get(ev, "gehouden"), 0, 1);
	csv_figure(&b, "Evaluaties gepland", json_object_get(ev, "gepland"), 0, 1);
	kp_csv_field(&b, "Kleine aantallen verborgen", false);
	kp_csv_field(&b, json_is_true(json_object_get(out, "kleineAantallenVerborgen")) ? "ja" : "nee", true);
	kp_csv_field(&b, "Afgerond op vijftallen", false);
	kp_csv_field(&b, json_is_true(json_object_get(out, "afgerondOpVijftallen")) ? "ja" : "nee", true);
	/* the file name: the gemeente in ASCII letters, digits and dashes */
	char gem[64];
	size_t n = 0;
	for (const char *p = json_string_value(json_object_get(out, "gemeente")); p && *p && n + 1 < sizeof gem; p++) {
		unsigned char ch = (unsigned char)*p;
		bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
		if (keep)
			gem[n++] = (char)ch;
		else if (n > 0 && gem[n - 1] != '-')
			gem[n++] = '-';
	}
	while (n > 0 && gem[n - 1] == '-')
		n--;
	gem[n] = '\0';
	char disp[160];
	snprintf(disp, sizeof disp, "attachment; filename=\"koppel-kwartaal-%s-%lld-K%lld.csv\"", n ? gem : "gemeente",
		 (long long)json_integer_value(json_object_get(out, "jaar")),
		 (long long)json_integer_value(json_object_get(out, "kwartaal")));
	json_decref(out);
	if (b.failed) {
		kp_buf_free(&b);
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen voor de export.");
		return;
	}
	kp_reply_header(req, "Content-Disposition", disp);
	kp_reply_copy(req, 200, "text/csv; charset=utf-8", b.data, b.len);
	kp_buf_free(&b);
}

void api_kwartaal_get(struct kp_request *req)
{
	const char *gemeente = kp_req_query(req, "gemeente"), *jaar_s = kp_req_query(req, "jaar"),
		   *kw_s = kp_req_query(req, "kwartaal");
	int64_t jaar = 0, kw = 0;
	json_t *pr = NULL;
	if (!gemeente || !*gemeente || strlen(gemeente) > 100) {
		pr = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
		kp_problem_add_invalid_param(pr, "gemeente", "Kies een gemeente.");
	}
	if (!jaar_s || !kp_parse_id(jaar_s, &jaar) || jaar < 2000 || jaar > 2100) {
		if (!pr)
			pr = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
		kp_problem_add_invalid_param(pr, "jaar", "Geef een jaar, zoals 2026.");
	}
	if (!kw_s || !kp_parse_id(kw_s, &kw) || kw > 4) {
		if (!pr)
			pr = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
		kp_problem_add_invalid_param(pr, "kwartaal", "Geef een kwartaal van 1 tot 4.");
	}
	if (pr) {
		kp_reply_problem_json(req, pr);
		return;
	}
	const struct kp_principal *p = kp_req_principal(req);
	bool suppress = p->rol == KP_ROLE_RAPPORTAGE;
	int all = p->rol == KP_ROLE_BEHEERDER;
	char *ids = kp_principal_werkgebieden_json(p);
	struct kp_date start = { (int)jaar, (int)(kw - 1) * 3 + 1, 1 };
	struct kp_date end = kp_date_add_days(kp_date_add_months(start, 3), -1);
	char from[11], to[11];
	kp_date_format(start, from);
	kp_date_format(end, to);
	struct kp_server *srv = kp_req_server(req);
	if (!ids) {
		kp_reply_db_error(req);
		return;
	}
	/* one snapshot on a reader: a report never holds up the organisation's writes */
	struct kp_conn *w = kp_req_read_begin(req);
	if (!w) {
		free(ids);
		return;
	}
	bool ok = true;
#define Q(sql) q_count(w, sql, all, ids, gemeente, from, to, &ok)
	/* from the role history, never the current role (schema 0016): a gezin registered in the quarter whose
	 * first role was vraaggezin, and a later vraaggezin role that started in the quarter */
	int64_t aanmeldingen = Q("SELECT count(*) FROM gezinnen g WHERE " GEM("g") "AND g.aangemeld_op BETWEEN ?4 AND ?5 "
				 "AND coalesce((SELECT r.rol FROM gezin_rollen r WHERE r.gezin_id = g.id ORDER BY r.id LIMIT 1), "
				 "g.rol) = 'vraaggezin'") +
			       Q("SELECT count(*) FROM gezin_rollen r JOIN gezinnen g ON g.id = r.gezin_id WHERE " GEM("g")
				 "AND r.rol = 'vraaggezin' AND r.van BETWEEN ?4 AND ?5 "
				 "AND r.id > (SELECT min(f.id) FROM gezin_rollen f WHERE f.gezin_id = g.id)");
	int64_t intakes = Q("SELECT count(*) FROM gezin_statussen s JOIN gezinnen g ON g.id = s.gezin_id WHERE s.status = 'intake' "
			    "AND s.datum BETWEEN ?4 AND ?5 AND " GEM("g"));
	int64_t nieuw = Q("SELECT count(*) " KOP "AND k.koppeling_datum BETWEEN ?4 AND ?5");
	int64_t afgerond = Q("SELECT count(*) " KOP "AND EXISTS (SELECT 1 FROM faseovergangen f WHERE f.koppeling_id = k.id "
			     "AND f.naar = 'afronding' AND f.datum BETWEEN ?4 AND ?5)");
	/* active at the end of the quarter: started on or before it, not ended by then */
	int64_t actief = Q("SELECT count(*) " KOP "AND k.koppeling_datum <= ?5 AND NOT EXISTS (SELECT 1 FROM faseovergangen f "
			   "WHERE f.koppeling_id = k.id AND f.naar IN ('afronding', 'gestopt') AND f.datum <= ?5) AND ?4 = ?4");
	int64_t kinderen = Q("SELECT count(DISTINCT l.id) FROM koppelingen k JOIN gezinnen v ON v.id = k.vraaggezin_id "
		     "JOIN leden l ON l.gezin_id = v.id AND l.soort = 'kind' AND (l.steun_voor = 1 OR l.id IN "
		     "(SELECT lid_id FROM koppeling_kinderen WHERE koppeling_id = k.id)) WHERE " GEM("v")
		     "AND k.koppeling_datum <= ?5 AND NOT EXISTS (SELECT 1 FROM faseovergangen f WHERE f.koppeling_id = k.id "
		     "AND f.naar IN ('afronding', 'gestopt') AND f.datum < ?4)");
	int64_t contact_ja = Q("SELECT count(*) " KOP "AND k.contact_na_afloop = 'ja' AND EXISTS (SELECT 1 FROM faseovergangen f "
			       "WHERE f.koppeling_id = k.id AND f.naar = 'afronding' AND f.datum BETWEEN ?4 AND ?5)");
	int64_t contact_bekend = Q("SELECT count(*) " KOP "AND k.contact_na_afloop IN ('ja', 'nee') AND EXISTS (SELECT 1 FROM "
				   "faseovergangen f WHERE f.koppeling_id = k.id AND f.naar = 'afronding' AND f.datum BETWEEN ?4 AND ?5)");
	int64_t gehouden = Q("SELECT count(*) FROM evaluaties e JOIN koppelingen k ON k.id = e.koppeling_id JOIN gezinnen v "
			     "ON v.id = k.vraaggezin_id WHERE " GEM("v") "AND e.gehouden_op BETWEEN ?4 AND ?5");
	int64_t gepland = Q("SELECT count(*) FROM evaluaties e JOIN koppelingen k ON k.id = e.koppeling_id JOIN gezinnen v "
			    "ON v.id = k.vraaggezin_id WHERE " GEM("v") "AND e.gepland_op BETWEEN ?4 AND ?5 AND e.vervallen = 0");
#undef Q
	/* reasons for stopping */
	struct kp_kwartaal raw = { .aanmeldingen = aanmeldingen, .intakes = intakes, .nieuw = nieuw, .afgerond = afgerond,
				   .actief = actief, .kinderen = kinderen, .contact_ja = contact_ja,
				   .contact_bekend = contact_bekend, .gehouden = gehouden, .gepland = gepland };
	while (kp_stopredenen[raw.n_redenen] && raw.n_redenen < KP_KWARTAAL_MAX_REDENEN)
		raw.n_redenen++;
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT coalesce(k.stop_reden, 'anders'), count(*) " KOP "AND EXISTS (SELECT 1 FROM "
					   "faseovergangen f WHERE f.koppeling_id = k.id AND f.naar = 'gestopt' AND f.datum BETWEEN ?4 AND ?5) "
					   "AND k.koppeling_datum IS NOT NULL GROUP BY 1 ORDER BY 1");
	if (st) {
		sqlite3_bind_int(st, 1, all);
		sqlite3_bind_text(st, 2, ids, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, gemeente, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, to, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(st) == SQLITE_ROW) {
			size_t i = reden_index((const char *)sqlite3_column_text(st, 0));
			if (i < raw.n_redenen)
				raw.redenen[i] += sqlite3_column_int64(st, 1);
		}
	} else {
		ok = false;
	}
	/* waiting days of those first linked in the quarter */
	double *days = NULL;
	size_t nd = 0, capd = 0;
	st = kp_conn_stmt(w, "SELECT julianday(min(s.datum)) - julianday(g.aangemeld_op) FROM gezin_statussen s JOIN gezinnen g "
			     "ON g.id = s.gezin_id WHERE s.rol = 'vraaggezin' AND s.status = 'gekoppeld' AND " GEM("g")
			     "GROUP BY g.id HAVING min(s.datum) BETWEEN ?4 AND ?5");
	if (st) {
		sqlite3_bind_int(st, 1, all);
		sqlite3_bind_text(st, 2, ids, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, gemeente, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, to, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (nd == capd) {
				capd = capd ? capd * 2 : 64;
				double *g = realloc(days, capd * sizeof *g);
				if (!g) {
					ok = false;
					break;
				}
				days = g;
			}
			days[nd++] = sqlite3_column_double(st, 0);
		}
	} else {
		ok = false;
	}
	bool csv = kp_overzicht_wants_csv(req);
	free(ids);
	kp_db_read_end(srv->db, w);
	if (!ok) {
		free(days);
		kp_reply_db_error(req);
		return;
	}
	raw.wacht_aantal = (int64_t)nd;
	raw.mediaan = nd ? kp_percentile(days, nd, 50) : NAN;
	raw.p90 = nd ? kp_percentile(days, nd, 90) : NAN;
	free(days);
	/* the disclosure-control scheme of rapport.h: rounded counts, totals from the parts, every reason present */
	struct kp_kwartaal k;
	kp_kwartaal_disclose(&raw, !suppress, &k);
	json_t *red = json_object();
	for (size_t i = 0; i < k.n_redenen; i++)
		json_object_set_new(red, kp_stopredenen[i], fig(k.redenen[i], &k));
	json_t *out = json_pack("{s:s, s:I, s:I, s:s, s:s}", "gemeente", gemeente, "jaar", (json_int_t)jaar, "kwartaal",
				(json_int_t)kw, "van", from, "tot", to);
	json_object_set_new(out, "aanmeldingen", fig(k.aanmeldingen, &k));
	json_object_set_new(out, "intakes", fig(k.intakes, &k));
	json_object_set_new(out, "nieuweKoppelingen", fig(k.nieuw, &k));
	json_object_set_new(out, "beeindigd",
			    json_pack("{s:o, s:o, s:o, s:o}", "afgerond", fig(k.afgerond, &k), "gestopt", fig(k.gestopt, &k),
				      "totaal", fig(k.totaal, &k), "redenenGestopt", red));
	json_object_set_new(out, "actiefEindeKwartaal", fig(k.actief, &k));
	json_object_set_new(out, "kinderenBereikt", fig(k.kinderen, &k));
	json_object_set_new(out, "dagenTotKoppeling",
			    json_pack("{s:o, s:o, s:o}", "aantal", fig(k.wacht_aantal, &k), "mediaan", real_or_null(k.mediaan),
				      "p90", real_or_null(k.p90)));
	json_object_set_new(out, "contactNaAfloop",
			    json_pack("{s:o, s:o, s:o}", "ja", fig(k.contact_ja, &k), "bekend", fig(k.contact_bekend, &k),
				      "aandeel", real_or_null(k.aandeel)));
	json_object_set_new(out, "evaluaties", json_pack("{s:o, s:o}", "gehouden", fig(k.gehouden, &k), "gepland", fig(k.gepland, &k)));
	json_object_set_new(out, "kleineAantallenVerborgen", json_boolean(suppress));
	json_object_set_new(out, "afgerondOpVijftallen", json_boolean(k.afgerond_op_vijf));
	if (csv)
		reply_kwartaal_csv(req, out);
	else
		kp_reply_json(req, 200, out);
	/* audited through the group commit: the answer leaves once the entry is committed */
	kp_req_audit_read(req, csv ? "exporteren" : "lezen", "kwartaalrapport", 0, csv ? "{\"formaat\":\"csv\"}" : NULL);
}
