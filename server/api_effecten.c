/*
 * api_effecten.c - the reference scenario and formal-help outcomes of a
 * vraaggezin, and the effect report for the funder (issue 14).
 *
 *   GET /api/v1/gezinnen/{id}/referentiescenario  the scenario, computed: each item's
 *                                                 sum and formula, the family's total
 *   PUT /api/v1/gezinnen/{id}/referentiescenario  replace it (If-Match once it exists)
 *   GET /api/v1/rapportages/effecten?gemeente=&programma=&van=&tot=
 *                                                 JSON, or CSV with Accept: text/csv
 *
 * A scenario's items name a tariff by code; the version used is the one
 * valid on the item's own start date (scenario startdatum plus the item's
 * start month from its waiting-time chain). Quantities are JSON numbers
 * with at most two decimals, kept as hundredths. Nothing computed is
 * stored: every answer computes again with effecten.c, so each figure can
 * be traced to its items and formulas. The outcomes list (uitkomsten)
 * replaces the outcomes of the family's formal help (formele_hulp, 0016).
 *
 * Visibility is in the statement (scope.h): a gezin outside the caller's
 * werkgebieden is answered as one that does not exist, and the report only
 * counts families the caller may see. Families appear in the report as
 * letters, never by name; the rapportage role gets only aggregates under
 * the disclosure scheme of rapport.h (counts rounded to fives, "<5") and
 * amounts only as the total of one whole calendar year, unfiltered, over at
 * least KP_DISCLOSE_MIN_BASE families (bedragen_vrij). Families that
 * withdrew anonieme-rapportage are left out. Every read of a scenario or
 * the report is audited.
 *
 * The sums per gemeente and in total (kp_effect_telling, api_effecten.h)
 * are also the effect summary of the period report (api_rapportages.c),
 * which selects its families by the dated history (kp_effecten_periode).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_effecten.h"
#include "datum.h"
#include "db.h"
#include "http.h"
#include "overzichten.h"
#include "rapport.h"
#include "scope.h"
#include "server.h"
#include "util.h"

static const char *const uitkomsten[] = { "voorkomen", "verminderd", "beeindigd", "opgeschaald", "alleen-extra", NULL };
static const char *const maten[] = { "dankzij", "mede-dankzij", NULL };

static const struct kp_field item_spec[] = {
	{ .name = "tarief", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 40 },
	{ .name = "eenheid", .type = KP_F_STRING, .one_of = kp_eff_eenheden },
	{ .name = "omschrijving", .type = KP_F_STRING, .nullable = true, .max_len = 200 },
	{ .name = "per", .type = KP_F_STRING, .required = true, .one_of = kp_eff_pers },
	{ .name = "onbekend", .type = KP_F_BOOLEAN },
	{ .name = "doorlopend", .type = KP_F_BOOLEAN },
	{ .name = "hoeveelheid", .type = KP_F_NUMBER, .nullable = true, .min = 0, .max = 1000000 },
	{ .name = "hoeveelheidTot", .type = KP_F_NUMBER, .nullable = true, .min = 0, .max = 1000000 },
	{ .name = "duur", .type = KP_F_NUMBER, .nullable = true, .min = 0, .max = 1000 },
	{ .name = "kinderen", .type = KP_F_INTEGER, .min = 1, .max = 20 },
	{ .name = "maximum", .type = KP_F_NUMBER, .nullable = true, .min = 0, .max = 1000000 },
	{ .name = "wachtOp", .type = KP_F_INTEGER, .nullable = true, .min = 0, .max = KP_EFF_MAX_ITEMS - 1 },
	{ .name = "wachtMaanden", .type = KP_F_INTEGER, .min = 0, .max = KP_EFF_HORIZON },
};
static const struct kp_field uitkomst_spec[] = {
	{ .name = "formeleHulp", .type = KP_F_INTEGER, .required = true, .min = 1, .max = INT64_MAX / 2 },
	{ .name = "uitkomst", .type = KP_F_STRING, .required = true, .one_of = uitkomsten },
	{ .name = "mate", .type = KP_F_STRING, .nullable = true, .one_of = maten },
};
static const struct kp_field scenario_spec[] = {
	{ .name = "startdatum", .type = KP_F_STRING, .required = true, .check = kp_check_date },
	{ .name = "opgesteldMetOnafhankelijkeProfessional", .type = KP_F_BOOLEAN },
	{ .name = "toelichting", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 2000 },
	{ .name = "items", .type = KP_F_OBJECT_ARRAY, .required = true, .max_items = KP_EFF_MAX_ITEMS, .fields = item_spec,
	  .n_fields = sizeof item_spec / sizeof item_spec[0] },
	{ .name = "uitkomsten", .type = KP_F_OBJECT_ARRAY, .max_items = 100, .fields = uitkomst_spec, .n_fields = 3 },
};
#define N_SCENARIO (sizeof scenario_spec / sizeof scenario_spec[0])

const struct kp_spec kp_specs_effecten[] = {
	KP_SPEC(scenario_spec),
	{ NULL, NULL, 0 },
};

/* --- one family's calculation ----------------------------------------------------- */

/* A family's scenario as stored plus everything computed from it. */
struct berekening {
	char startdatum[11];
	bool onafhankelijk;
	size_t n;
	struct kp_eff_item item[KP_EFF_MAX_ITEMS];
	struct kp_eff_regel regel[KP_EFF_MAX_ITEMS];
	struct kp_tarief tarief[KP_EFF_MAX_ITEMS];
	char code[KP_EFF_MAX_ITEMS][41];
	char datum[KP_EFF_MAX_ITEMS][11];
	bool geen_tarief[KP_EFF_MAX_ITEMS]; /* no version valid on the item's date any more */
	int64_t kosten;
	char kosten_formule[420];
	struct kp_eff_gezin uit;
};

/* The date months after iso ("YYYY-MM-DD") into out. */
static void plus_maanden(const char *iso, int months, char out[11])
{
	struct kp_date d;
	if (!kp_date_parse(iso, &d)) {
		snprintf(out, 11, "%s", iso);
		return;
	}
	kp_date_format(kp_date_add_months(d, months), out);
}

/* A nullable hundredths column, KP_EFF_GEEN for NULL. */
static int64_t h_col(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? KP_EFF_GEEN : sqlite3_column_int64(st, col);
}

/*
 * The programme cost of vraaggezin gezin up to peildatum, over its
 * koppelingen that have a koppeling date (in programme programma only when
 * > 0), each programme by its own costs. A koppeling ends on its move to
 * afronding or gestopt. Fills b->kosten and b->kosten_formule. SQLITE_OK or
 * an error.
 */
static int programmakosten(struct kp_conn *c, int64_t gezin, int64_t programma, const char *peildatum, struct berekening *b)
{
	sqlite3_stmt *st = kp_conn_stmt(
		c, "SELECT k.programma_id, pk.jaar1_cent, pk.later_cent, pk.per_gezin, k.koppeling_datum, "
		   "CASE WHEN k.fase IN ('afronding', 'gestopt') THEN (SELECT max(f.datum) FROM faseovergangen f "
		   "WHERE f.koppeling_id = k.id AND f.naar IN ('afronding', 'gestopt')) END "
		   "FROM koppelingen k JOIN programma_kosten pk ON pk.programma_id = k.programma_id "
		   "WHERE k.vraaggezin_id = ?1 AND k.koppeling_datum IS NOT NULL AND (?2 = 0 OR k.programma_id = ?2) "
		   "ORDER BY k.programma_id, k.koppeling_datum, k.id");
	if (!st || sqlite3_bind_int64(st, 1, gezin) != SQLITE_OK || sqlite3_bind_int64(st, 2, programma) != SQLITE_OK)
		return SQLITE_ERROR;
	struct kp_date peil;
	if (!kp_date_parse(peildatum, &peil)) {
		sqlite3_reset(st);
		return SQLITE_MISUSE;
	}
	b->kosten = 0;
	b->kosten_formule[0] = '\0';
	struct kp_eff_koppeling kop[64];
	size_t n = 0;
	int64_t prog = 0;
	struct kp_eff_kosten k = { 0, 0, false };
	int rc;
	for (;;) {
		rc = sqlite3_step(st);
		int64_t p = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
		if (n > 0 && p != prog) {
			struct kp_eff_programma out;
			kp_eff_programmakosten(&k, kop, n, peil, &out);
			b->kosten += out.cent;
			size_t used = strlen(b->kosten_formule);
			snprintf(b->kosten_formule + used, sizeof b->kosten_formule - used, "%s%s", used ? "; " : "", out.formule);
			n = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		prog = p;
		k.jaar1_cent = sqlite3_column_int64(st, 1);
		k.later_cent = sqlite3_column_int64(st, 2);
		k.per_gezin = sqlite3_column_int(st, 3) != 0;
		if (n < sizeof kop / sizeof kop[0] && kp_date_parse((const char *)sqlite3_column_text(st, 4), &kop[n].start)) {
			kop[n].beeindigd = sqlite3_column_type(st, 5) != SQLITE_NULL &&
					   kp_date_parse((const char *)sqlite3_column_text(st, 5), &kop[n].eind);
			n++;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

/*
 * Loads and computes the stored scenario of gezin (which must exist) into
 * *b, with programme cost up to peildatum (programme programma only when
 * > 0) and band. An item whose tariff has no version valid on its date any
 * more counts as an unknown quantity. SQLITE_OK, SQLITE_NOTFOUND when there
 * is no scenario, or an error.
 */
static int bereken(struct kp_conn *c, int64_t gezin, int64_t programma, const char *peildatum, int64_t band,
		   struct berekening *b)
{
	memset(b, 0, sizeof *b);
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT startdatum, onafhankelijk FROM referentiescenarios WHERE gezin_id = ?1");
	if (!st || sqlite3_bind_int64(st, 1, gezin) != SQLITE_OK)
		return SQLITE_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(b->startdatum, sizeof b->startdatum, "%s", (const char *)sqlite3_column_text(st, 0));
		b->onafhankelijk = sqlite3_column_int(st, 1) != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? SQLITE_NOTFOUND : SQLITE_ERROR;
	st = kp_conn_stmt(c, "SELECT tarief_code, per, onbekend, doorlopend, hoeveelheid, hoeveelheid_tot, duur, kinderen, "
			     "maximum, wacht_op, wacht_maanden FROM scenario_items WHERE gezin_id = ?1 ORDER BY volgnr");
	if (!st || sqlite3_bind_int64(st, 1, gezin) != SQLITE_OK)
		return SQLITE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && b->n < KP_EFF_MAX_ITEMS) {
		struct kp_eff_item *it = &b->item[b->n];
		snprintf(b->code[b->n], sizeof b->code[0], "%s", (const char *)sqlite3_column_text(st, 0));
		kp_eff_per_parse((const char *)sqlite3_column_text(st, 1), &it->per);
		it->onbekend = sqlite3_column_int(st, 2) != 0;
		it->doorlopend = sqlite3_column_int(st, 3) != 0;
		it->hoeveelheid = h_col(st, 4);
		it->hoeveelheid_tot = h_col(st, 5);
		it->duur = h_col(st, 6);
		it->kinderen = sqlite3_column_int(st, 7);
		it->maximum = h_col(st, 8);
		it->wacht_op = sqlite3_column_type(st, 9) == SQLITE_NULL ? KP_EFF_GEEN : sqlite3_column_int(st, 9);
		it->wacht_maanden = sqlite3_column_int(st, 10);
		b->n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return SQLITE_ERROR;
	int start[KP_EFF_MAX_ITEMS];
	if (kp_eff_starts(b->item, b->n, start) >= 0)
		return SQLITE_CORRUPT; /* the PUT never stores a circle */
	for (size_t i = 0; i < b->n; i++) {
		plus_maanden(b->startdatum, start[i], b->datum[i]);
		int t = kp_tarief_op(c, b->code[i], b->datum[i], &b->tarief[i]);
		if (t < 0)
			return SQLITE_ERROR;
		struct kp_eff_fout f;
		if (t == 1) {
			b->item[i].tarief_cent = b->tarief[i].bedrag_cent;
			b->item[i].eenheid = b->tarief[i].eenheid;
		}
		if (t == 0 || !kp_eff_item_check(&b->item[i], &f)) {
			/* the tariff changed under the item since it was saved: its amount is unknown now */
			b->geen_tarief[i] = true;
			b->item[i].onbekend = true;
			b->item[i].doorlopend = false;
			b->item[i].hoeveelheid = b->item[i].hoeveelheid_tot = KP_EFF_GEEN;
			if (t == 0) {
				b->item[i].tarief_cent = 1;
				b->item[i].eenheid = KP_EFF_UUR;
			}
		}
	}
	kp_eff_bereken(b->item, b->n, b->regel);
	for (size_t i = 0; i < b->n; i++)
		if (b->geen_tarief[i])
			snprintf(b->regel[i].formule, sizeof b->regel[i].formule, "geen tarief %s geldig op %s: onbekend", b->code[i],
				 b->datum[i]);
	rc = programmakosten(c, gezin, programma, peildatum, b);
	if (rc != SQLITE_OK)
		return rc;
	kp_eff_gezin_bereken(b->regel, b->n, b->kosten, band, &b->uit);
	return SQLITE_OK;
}

/* The organisation's band (cents), or -1 on an error. */
static int64_t band_cent(struct kp_conn *c)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT band_cent FROM effect_instellingen WHERE id = 1");
	if (!st)
		return -1;
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

/* Hundredths as a JSON number (1.5), or null. */
static json_t *h_json(int64_t h)
{
	if (h == KP_EFF_GEEN)
		return json_null();
	if (h % 100 == 0)
		return json_integer(h / 100);
	return json_real((double)h / 100.0);
}

/* The family's totals as JSON. */
static json_t *totaal_json(const struct berekening *b)
{
	char t[96];
	json_t *j = json_pack("{s:I, s:I, s:b, s:b, s:I, s:s, s:I, s:I, s:s}", "referentieMinCent",
			      (json_int_t)b->uit.referentie_min, "referentieMaxCent", (json_int_t)b->uit.referentie_max,
			      "onbekend", b->uit.onbekend, "geenFormeleHulp", b->uit.geen_hulp, "programmakostenCent",
			      (json_int_t)b->kosten, "programmakostenFormule", b->kosten_formule, "besparingMinCent",
			      (json_int_t)b->uit.besparing_min, "besparingMaxCent", (json_int_t)b->uit.besparing_max, "klasse",
			      kp_eff_klasse_naam(b->uit.klasse));
	char lo[32], hi[32];
	kp_eff_euro(b->uit.referentie_min, lo, sizeof lo);
	kp_eff_euro(b->uit.referentie_max, hi, sizeof hi);
	if (b->uit.referentie_min == b->uit.referentie_max)
		snprintf(t, sizeof t, "%s%s", b->uit.onbekend ? "tenminste " : "", lo);
	else
		snprintf(t, sizeof t, "%s%s–%s", b->uit.onbekend ? "tenminste " : "", lo, hi);
	json_object_set_new(j, "referentie", json_string(t));
	return j;
}

/*
 * The scenario of gezin as the API shows it (items with their computed
 * lines, the formal help with outcomes, totals), *versie set (0: none yet).
 * NULL on an error.
 */
static json_t *scenario_json(struct kp_conn *c, int64_t gezin, const char *today, int64_t *versie)
{
	json_t *j = json_pack("{s:I, s:[], s:[]}", "gezin", (json_int_t)gezin, "items", "formeleHulp");
	if (!j)
		return NULL;
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT startdatum, onafhankelijk, toelichting, versie FROM referentiescenarios "
					   "WHERE gezin_id = ?1");
	if (!st || sqlite3_bind_int64(st, 1, gezin) != SQLITE_OK)
		goto fail;
	int rc = sqlite3_step(st);
	*versie = 0;
	if (rc == SQLITE_ROW) {
		json_object_set_new(j, "startdatum", json_string((const char *)sqlite3_column_text(st, 0)));
		json_object_set_new(j, "opgesteldMetOnafhankelijkeProfessional", json_boolean(sqlite3_column_int(st, 1)));
		json_object_set_new(j, "toelichting", sqlite3_column_type(st, 2) == SQLITE_NULL
								 ? json_null()
								 : json_string((const char *)sqlite3_column_text(st, 2)));
		*versie = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto fail;
	json_object_set_new(j, "versie", json_integer(*versie));
	if (rc == SQLITE_ROW) {
		int64_t band = band_cent(c);
		struct berekening *b = malloc(sizeof *b);
		if (band < 0 || !b || bereken(c, gezin, 0, today, band, b) != SQLITE_OK) {
			free(b);
			goto fail;
		}
		st = kp_conn_stmt(c, "SELECT omschrijving FROM scenario_items WHERE gezin_id = ?1 ORDER BY volgnr");
		if (!st || sqlite3_bind_int64(st, 1, gezin) != SQLITE_OK) {
			free(b);
			goto fail;
		}
		for (size_t i = 0; i < b->n; i++) {
			const struct kp_eff_item *it = &b->item[i];
			const struct kp_eff_regel *r = &b->regel[i];
			bool heeft = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
			json_t *x = json_pack("{s:s, s:s, s:b, s:b, s:o, s:o, s:o, s:i, s:o, s:o, s:i}", "tarief", b->code[i], "per",
					      kp_eff_per_naam(it->per), "onbekend", it->onbekend && !b->geen_tarief[i], "doorlopend",
					      it->doorlopend, "hoeveelheid", h_json(it->hoeveelheid), "hoeveelheidTot",
					      h_json(it->hoeveelheid_tot), "duur", h_json(it->duur), "kinderen", it->kinderen,
					      "maximum", h_json(it->maximum), "wachtOp",
					      it->wacht_op == KP_EFF_GEEN ? json_null() : json_integer(it->wacht_op),
					      "wachtMaanden", it->wacht_maanden);
			json_object_set_new(x, "omschrijving",
					    heeft ? json_string((const char *)sqlite3_column_text(st, 0)) : json_null());
			json_object_set_new(x, "eenheid", json_string(kp_eff_eenheid_naam(it->eenheid)));
			json_object_set_new(x, "tariefOmschrijving", json_string(b->geen_tarief[i] ? "" : b->tarief[i].omschrijving));
			json_object_set_new(x, "tariefCent", json_integer(b->geen_tarief[i] ? 0 : b->tarief[i].bedrag_cent));
			json_object_set_new(x, "betaler", json_string(b->geen_tarief[i] ? "" : b->tarief[i].betaler));
			json_object_set_new(x, "startMaand", json_integer(r->start_maand));
			json_object_set_new(x, "startOp", json_string(b->datum[i]));
			json_object_set_new(x, "minCent", json_integer(r->min_cent));
			json_object_set_new(x, "maxCent", json_integer(r->max_cent));
			json_object_set_new(x, "berekenbaar", json_boolean(!r->onbekend));
			json_object_set_new(x, "begrensd", json_boolean(r->begrensd));
			json_object_set_new(x, "formule", json_string(r->formule));
			json_array_append_new(json_object_get(j, "items"), x);
		}
		sqlite3_reset(st);
		json_object_set_new(j, "totaal", totaal_json(b));
		free(b);
	}
	/* the family's formal help (0016) with its outcome */
	st = kp_conn_stmt(c, "SELECT f.id, f.soort, f.kader, f.van, f.tot, u.uitkomst, u.mate FROM formele_hulp f "
			     "LEFT JOIN hulp_uitkomsten u ON u.formele_hulp_id = f.id WHERE f.gezin_id = ?1 ORDER BY f.van, f.id");
	if (!st || sqlite3_bind_int64(st, 1, gezin) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *x = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0), "soort",
				      (const char *)sqlite3_column_text(st, 1), "kader", (const char *)sqlite3_column_text(st, 2),
				      "van", (const char *)sqlite3_column_text(st, 3));
		for (int k = 4; k <= 6; k++) {
			static const char *const names[] = { "tot", "uitkomst", "mate" };
			json_object_set_new(x, names[k - 4], sqlite3_column_type(st, k) == SQLITE_NULL
								      ? json_null()
								      : json_string((const char *)sqlite3_column_text(st, k)));
		}
		json_array_append_new(json_object_get(j, "formeleHulp"), x);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	return j;
fail:
	json_decref(j);
	return NULL;
}

/* 1 when gezin id is visible to p and a vraaggezin (now or before), 0 when not, -1 on an error. */
static int vraaggezin_zichtbaar(struct kp_conn *c, const struct kp_principal *p, int64_t id)
{
	sqlite3_stmt *st = kp_scope_stmt(c,
					 "SELECT 1 FROM gezinnen g WHERE g.id = :id AND " KP_SQL_GEZIN_ZICHTBAAR("g")
					 " AND (g.rol = 'vraaggezin' OR EXISTS (SELECT 1 FROM gezin_rollen r "
					 "WHERE r.gezin_id = g.id AND r.rol = 'vraaggezin'))",
					 p);
	if (!st || sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"), id) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

#define NIET_GEVONDEN "Dit vraaggezin bestaat niet of valt buiten je werkgebieden."

void api_referentiescenario_get(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	int z = vraaggezin_zichtbaar(c, kp_req_principal(req), id);
	char today[16];
	kp_today(today);
	int64_t versie = 0;
	json_t *j = z == 1 ? scenario_json(c, id, today, &versie) : NULL;
	kp_db_read_end(srv->db, c);
	if (z == 0) {
		kp_reply_problem(req, KP_P_NOT_FOUND, NIET_GEVONDEN);
		return;
	}
	if (!j) {
		kp_reply_db_error(req);
		return;
	}
	if (versie > 0)
		kp_reply_etag(req, versie);
	kp_reply_json(req, 200, j);
	kp_req_audit_read(req, "lezen", "referentiescenario", id, NULL);
}

/* Hundredths from an optional JSON number member; false (problem noted) for more than two decimals. */
static bool honderdsten(const json_t *x, const char *name, int64_t *out, json_t *problem, const char *prefix)
{
	json_t *v = json_object_get(x, name);
	*out = KP_EFF_GEEN;
	if (!v || json_is_null(v))
		return true;
	double d = json_number_value(v) * 100.0;
	double r = nearbyint(d);
	if (fabs(d - r) > 1e-6) {
		char n[64];
		snprintf(n, sizeof n, "%s/%s", prefix, name);
		kp_problem_add_invalid_param(problem, n, "Hoogstens twee decimalen.");
		return false;
	}
	*out = (int64_t)r;
	return true;
}

/* Adds "<prefix>/<name>" with reason to problem. */
static void bad(json_t *problem, const char *prefix, const char *name, const char *reason)
{
	char n[64];
	snprintf(n, sizeof n, "%s/%s", prefix, name);
	kp_problem_add_invalid_param(problem, n, reason);
}

/*
 * Checks the items of body against the rules (waiting-time chain without
 * circles, a tariff version valid on each item's date, the unit of the
 * tariff, quantities that fit it) into it[], adding each broken rule to
 * problem. Returns 1 when all hold, 0 when not, -1 on a database error.
 */
static int items_check(struct kp_conn *w, const json_t *body, struct kp_eff_item *it, size_t *n, json_t *problem)
{
	const json_t *items = json_object_get(body, "items");
	const char *startdatum = json_string_value(json_object_get(body, "startdatum"));
	*n = json_array_size(items);
	bool ok = true;
	for (size_t i = 0; i < *n; i++) {
		const json_t *x = json_array_get(items, i);
		char prefix[48];
		snprintf(prefix, sizeof prefix, "/items/%zu", i);
		struct kp_eff_item *t = &it[i];
		memset(t, 0, sizeof *t);
		kp_eff_per_parse(json_string_value(json_object_get(x, "per")), &t->per);
		t->onbekend = json_is_true(json_object_get(x, "onbekend"));
		t->doorlopend = json_is_true(json_object_get(x, "doorlopend"));
		ok &= honderdsten(x, "hoeveelheid", &t->hoeveelheid, problem, prefix);
		ok &= honderdsten(x, "hoeveelheidTot", &t->hoeveelheid_tot, problem, prefix);
		ok &= honderdsten(x, "duur", &t->duur, problem, prefix);
		ok &= honderdsten(x, "maximum", &t->maximum, problem, prefix);
		json_t *k = json_object_get(x, "kinderen");
		t->kinderen = k ? (int)json_integer_value(k) : 1;
		json_t *wo = json_object_get(x, "wachtOp");
		t->wacht_op = wo && !json_is_null(wo) ? (int)json_integer_value(wo) : KP_EFF_GEEN;
		t->wacht_maanden = (int)json_integer_value(json_object_get(x, "wachtMaanden"));
		if (t->wacht_op != KP_EFF_GEEN && (size_t)t->wacht_op >= *n) {
			bad(problem, prefix, "wachtOp", "Er is geen item met dit nummer.");
			ok = false;
		}
	}
	if (!ok)
		return 0;
	int start[KP_EFF_MAX_ITEMS];
	int kring = kp_eff_starts(it, *n, start);
	if (kring >= 0) {
		char prefix[48];
		snprintf(prefix, sizeof prefix, "/items/%d", kring);
		bad(problem, prefix, "wachtOp", "De wachttijd wijst naar het item zelf of in een kring.");
		return 0;
	}
	for (size_t i = 0; i < *n; i++) {
		const json_t *x = json_array_get(items, i);
		char prefix[48], datum[11];
		snprintf(prefix, sizeof prefix, "/items/%zu", i);
		plus_maanden(startdatum, start[i], datum);
		struct kp_tarief tar;
		int t = kp_tarief_op(w, json_string_value(json_object_get(x, "tarief")), datum, &tar);
		if (t < 0)
			return -1;
		if (t == 0) {
			char reason[96];
			snprintf(reason, sizeof reason, "Er is geen versie van dit tarief geldig op %s.", datum);
			bad(problem, prefix, "tarief", reason);
			ok = false;
			continue;
		}
		it[i].tarief_cent = tar.bedrag_cent;
		it[i].eenheid = tar.eenheid;
		const char *e = json_string_value(json_object_get(x, "eenheid"));
		if (e && strcmp(e, kp_eff_eenheid_naam(tar.eenheid)) != 0) {
			char reason[96];
			snprintf(reason, sizeof reason, "Dit tarief is per %s.", kp_eff_eenheid_naam(tar.eenheid));
			bad(problem, prefix, "eenheid", reason);
			ok = false;
			continue;
		}
		struct kp_eff_fout f;
		if (!kp_eff_item_check(&it[i], &f)) {
			bad(problem, prefix, f.veld, f.reden);
			ok = false;
		}
	}
	return ok ? 1 : 0;
}

/* Checks the outcomes of body against gezin's formal help. 1 fine, 0 not (problem noted), -1 error. */
static int uitkomsten_check(struct kp_conn *w, int64_t gezin, const json_t *body, json_t *problem)
{
	bool ok = true;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(body, "uitkomsten"), i, x)
	{
		char prefix[48];
		snprintf(prefix, sizeof prefix, "/uitkomsten/%zu", i);
		bool extra = strcmp(json_string_value(json_object_get(x, "uitkomst")), "alleen-extra") == 0;
		const char *mate = json_string_value(json_object_get(x, "mate"));
		if (extra && mate) {
			bad(problem, prefix, "mate", "Alleen extra naast formele hulp is niet dankzij de koppeling.");
			ok = false;
		} else if (!extra && !mate) {
			bad(problem, prefix, "mate", "Kies dankzij of mede dankzij.");
			ok = false;
		}
		sqlite3_stmt *st = kp_conn_stmt(w, "SELECT 1 FROM formele_hulp WHERE id = ?1 AND gezin_id = ?2");
		if (!st || sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(x, "formeleHulp"))) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 2, gezin) != SQLITE_OK)
			return -1;
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE) {
			bad(problem, prefix, "formeleHulp", "Deze formele hulp hoort niet bij dit gezin.");
			ok = false;
		} else if (rc != SQLITE_ROW) {
			return -1;
		}
		for (size_t k = 0; k < i; k++)
			if (json_integer_value(json_object_get(json_array_get(json_object_get(body, "uitkomsten"), k),
								 "formeleHulp")) == json_integer_value(json_object_get(x, "formeleHulp"))) {
				bad(problem, prefix, "formeleHulp", "Deze formele hulp staat al eerder in de lijst.");
				ok = false;
			}
	}
	return ok ? 1 : 0;
}

/* Binds hundredths or NULL. */
static void bind_h(sqlite3_stmt *st, int i, int64_t h)
{
	if (h == KP_EFF_GEEN)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, h);
}

/* Replaces the stored scenario, items and outcomes of gezin from body and it[n]. SQLITE_OK or an error. */
static int scenario_schrijf(struct kp_conn *w, int64_t gezin, const json_t *body, const struct kp_eff_item *it, size_t n)
{
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(
		w, "INSERT INTO referentiescenarios(gezin_id, startdatum, onafhankelijk, toelichting, gewijzigd_op) "
		   "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(gezin_id) DO UPDATE SET startdatum = excluded.startdatum, "
		   "onafhankelijk = excluded.onafhankelijk, toelichting = excluded.toelichting, "
		   "gewijzigd_op = excluded.gewijzigd_op, versie = versie + 1");
	if (!st)
		return SQLITE_ERROR;
	const char *toel = json_string_value(json_object_get(body, "toelichting"));
	sqlite3_bind_int64(st, 1, gezin);
	sqlite3_bind_text(st, 2, json_string_value(json_object_get(body, "startdatum")), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, json_is_true(json_object_get(body, "opgesteldMetOnafhankelijkeProfessional")));
	if (toel && *toel)
		sqlite3_bind_text(st, 4, toel, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return SQLITE_ERROR;
	st = kp_conn_stmt(w, "DELETE FROM scenario_items WHERE gezin_id = ?1");
	if (!st || sqlite3_bind_int64(st, 1, gezin) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
		if (st)
			sqlite3_reset(st);
		return SQLITE_ERROR;
	}
	sqlite3_reset(st);
	const json_t *items = json_object_get(body, "items");
	for (size_t i = 0; i < n; i++) {
		const json_t *x = json_array_get(items, i);
		st = kp_conn_stmt(w, "INSERT INTO scenario_items(gezin_id, volgnr, tarief_code, omschrijving, per, onbekend, "
				     "doorlopend, hoeveelheid, hoeveelheid_tot, duur, kinderen, maximum, wacht_op, wacht_maanden) "
				     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
		if (!st)
			return SQLITE_ERROR;
		const char *om = json_string_value(json_object_get(x, "omschrijving"));
		sqlite3_bind_int64(st, 1, gezin);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_text(st, 3, json_string_value(json_object_get(x, "tarief")), -1, SQLITE_TRANSIENT);
		if (om && *om)
			sqlite3_bind_text(st, 4, om, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_text(st, 5, kp_eff_per_naam(it[i].per), -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, it[i].onbekend);
		sqlite3_bind_int(st, 7, it[i].doorlopend);
		bind_h(st, 8, it[i].hoeveelheid);
		bind_h(st, 9, it[i].hoeveelheid_tot);
		bind_h(st, 10, it[i].duur);
		sqlite3_bind_int(st, 11, it[i].kinderen);
		bind_h(st, 12, it[i].maximum);
		bind_h(st, 13, it[i].wacht_op == KP_EFF_GEEN ? KP_EFF_GEEN : it[i].wacht_op);
		sqlite3_bind_int(st, 14, it[i].wacht_maanden);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return SQLITE_ERROR;
	}
	const json_t *uit = json_object_get(body, "uitkomsten");
	if (!uit)
		return SQLITE_OK; /* outcomes not sent: kept as they are */
	st = kp_conn_stmt(w, "DELETE FROM hulp_uitkomsten WHERE formele_hulp_id IN (SELECT id FROM formele_hulp WHERE gezin_id = ?1)");
	if (!st || sqlite3_bind_int64(st, 1, gezin) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
		if (st)
			sqlite3_reset(st);
		return SQLITE_ERROR;
	}
	sqlite3_reset(st);
	size_t i;
	json_t *x;
	json_array_foreach(uit, i, x)
	{
		st = kp_conn_stmt(w, "INSERT INTO hulp_uitkomsten(formele_hulp_id, uitkomst, mate, gewijzigd_op) VALUES (?1, ?2, ?3, ?4)");
		if (!st)
			return SQLITE_ERROR;
		const char *mate = json_string_value(json_object_get(x, "mate"));
		sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(x, "formeleHulp")));
		sqlite3_bind_text(st, 2, json_string_value(json_object_get(x, "uitkomst")), -1, SQLITE_TRANSIENT);
		if (mate)
			sqlite3_bind_text(st, 3, mate, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return SQLITE_ERROR;
	}
	return SQLITE_OK;
}

void api_referentiescenario_put(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_if_match im;
	bool heeft_im = kp_req_header(req, "If-Match") != NULL;
	if (heeft_im && !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, scenario_spec, N_SCENARIO, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	int z = vraaggezin_zichtbaar(w, kp_req_principal(req), id);
	if (z != 1) {
		kp_db_write_rollback(srv->db, w);
		if (z == 0)
			kp_reply_problem(req, KP_P_NOT_FOUND, NIET_GEVONDEN);
		else
			kp_reply_db_error(req);
		return;
	}
	/* an anonymised gezin gets no new free text (its scenario texts were cleared) */
	int anon = kp_gezin_geanonimiseerd(w, id);
	if (anon != 0) {
		kp_db_write_rollback(srv->db, w);
		if (anon > 0)
			kp_reply_problem(req, KP_P_CONFLICT, KP_GEANONIMISEERD);
		else
			kp_reply_db_error(req);
		return;
	}
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT versie FROM referentiescenarios WHERE gezin_id = ?1");
	int rc = st && sqlite3_bind_int64(st, 1, id) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
	int64_t versie = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (st)
		sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	if (versie > 0 && !heeft_im) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_PRECONDITION_REQUIRED,
				 "Stuur de versie die je las mee (If-Match), zodat geen wijziging van een ander verloren gaat.");
		return;
	}
	if (heeft_im && (versie == 0 ? !im.any : !kp_if_match_ok(&im, versie))) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_PRECONDITION_FAILED, "Dit referentiescenario is intussen gewijzigd. Laad het opnieuw.");
		return;
	}
	problem = kp_problem_json(KP_P_UNPROCESSABLE, "Het referentiescenario klopt nog niet: zie de gemarkeerde velden.");
	struct kp_eff_item *it = malloc(sizeof *it * KP_EFF_MAX_ITEMS);
	size_t n = 0;
	int ok = it ? items_check(w, body, it, &n, problem) : -1;
	int ok2 = ok >= 0 ? uitkomsten_check(w, id, body, problem) : -1;
	if (ok < 0 || ok2 < 0 || ok == 0 || ok2 == 0) {
		kp_db_write_rollback(srv->db, w);
		free(it);
		if (ok < 0 || ok2 < 0) {
			json_decref(problem);
			kp_reply_db_error(req);
		} else {
			kp_reply_problem_json(req, problem);
		}
		return;
	}
	json_decref(problem);
	rc = scenario_schrijf(w, id, body, it, n);
	free(it);
	if (rc == SQLITE_OK)
		rc = kp_req_audit(req, w, "wijzigen", "referentiescenario", id, NULL);
	char today[16];
	kp_today(today);
	json_t *j = rc == SQLITE_OK ? scenario_json(w, id, today, &versie) : NULL;
	if (!kp_req_commit(req, w, j))
		return;
	kp_reply_etag(req, versie);
	kp_reply_json(req, 200, j);
}

/* --- the effect report ------------------------------------------------------------------ */

/* Totals of one group (all, a gemeente, a payer). */
struct groep {
	int64_t n, klasse[KP_EFF_KLASSE_COUNT];
	int64_t ref_min, ref_max, kosten, bespaard_min, bespaard_max;
	bool onbekend;
};

static void groep_tel(struct groep *g, const struct berekening *b)
{
	g->n++;
	g->klasse[b->uit.klasse]++;
	g->ref_min += b->uit.referentie_min;
	g->ref_max += b->uit.referentie_max;
	g->kosten += b->kosten;
	g->bespaard_min += b->uit.besparing_min;
	g->bespaard_max += b->uit.besparing_max;
	g->onbekend |= b->uit.onbekend;
}

/* A count as shown: exact, or for the rapportage role rounded to fives with "<5" for 0. */
static json_t *telling(int64_t v, bool exact)
{
	if (exact)
		return json_integer(v);
	int64_t r = kp_round5(v);
	return r == 0 ? json_string("<5") : json_integer(r);
}

/* An amount as shown: the cents, or null where it is withheld. */
static json_t *bedrag(int64_t cent, bool getoond)
{
	return getoond ? json_integer(cent) : json_null();
}

/*
 * Whether the rapportage role may see amounts in a report with these
 * filters: only the total of one whole calendar year over all its
 * werkgebieden, unfiltered. Amounts of a gemeente, programme, payer or any
 * other period are never shown to it: two such groups that differ by one
 * family would give that family's amounts by subtraction, which rounding the
 * counts cannot prevent for sums of money.
 */
static bool bedragen_vrij(const char *gemeente, int64_t programma, const char *van, const char *tot)
{
	if (gemeente || programma || !van || !tot || strlen(van) != 10 || strlen(tot) != 10)
		return false;
	return strncmp(van, tot, 4) == 0 && strcmp(van + 4, "-01-01") == 0 && strcmp(tot + 4, "-12-31") == 0;
}

/*
 * A group as shown: counts exact or rounded (telling). Amounts always when
 * exact; for the rapportage role only when vrij (bedragen_vrij) and over at
 * least KP_DISCLOSE_MIN_BASE families, else null.
 */
static json_t *groep_json(const struct groep *g, bool exact, bool vrij)
{
	json_t *j = json_object();
	json_object_set_new(j, "gezinnen", telling(g->n, exact));
	json_object_set_new(j, "berekenbaar", telling(g->n - g->klasse[KP_EFF_ONBEKEND], exact));
	json_t *k = json_object();
	for (int i = 0; i < KP_EFF_KLASSE_COUNT; i++)
		json_object_set_new(k, kp_eff_klasse_naam((enum kp_eff_klasse)i), telling(g->klasse[i], exact));
	json_object_set_new(j, "klassen", k);
	bool getoond = exact || (vrij && g->n >= KP_DISCLOSE_MIN_BASE);
	json_object_set_new(j, "referentieMinCent", bedrag(g->ref_min, getoond));
	json_object_set_new(j, "referentieMaxCent", bedrag(g->ref_max, getoond));
	json_object_set_new(j, "programmakostenCent", bedrag(g->kosten, getoond));
	json_object_set_new(j, "besparingMinCent", bedrag(g->bespaard_min, getoond));
	json_object_set_new(j, "besparingMaxCent", bedrag(g->bespaard_max, getoond));
	/* "at least" only beside amounts that are shown: for one family it would tell of that family */
	json_object_set_new(j, "tenminste", getoond ? json_boolean(g->onbekend) : json_null());
	return j;
}

/* --- the effect figures of a set of families (api_effecten.h) --------------------------- */

/* One gemeente's group (naam NULL: gemeente onbekend). */
struct effect_gem {
	char *naam;
	struct groep g;
};

struct kp_effect_telling {
	struct kp_conn *c;
	int64_t programma, band;
	char peil[11];
	bool vrij;
	struct berekening *b; /* the family computed last */
	struct groep totaal;
	struct effect_gem *gem; /* in order of first appearance */
	size_t n_gem;
};

struct kp_effect_telling *kp_effect_telling_new(struct kp_conn *c, int64_t programma, const char *peil, bool vrij)
{
	struct kp_effect_telling *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->c = c;
	t->programma = programma;
	t->vrij = vrij;
	snprintf(t->peil, sizeof t->peil, "%s", peil);
	t->band = band_cent(c);
	t->b = malloc(sizeof *t->b);
	if (t->band < 0 || !t->b) {
		kp_effect_telling_free(t);
		return NULL;
	}
	return t;
}

void kp_effect_telling_free(struct kp_effect_telling *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_gem; i++)
		free(t->gem[i].naam);
	free(t->gem);
	free(t->b);
	free(t);
}

/* The group of gemeente naam (NULL: onbekend) in t, or NULL when there is none yet. */
static struct groep *telling_groep(const struct kp_effect_telling *t, const char *naam)
{
	for (size_t i = 0; i < t->n_gem; i++) {
		const char *g = t->gem[i].naam;
		if ((!g && !naam) || (g && naam && strcmp(g, naam) == 0))
			return &t->gem[i].g;
	}
	return NULL;
}

int kp_effect_tel(struct kp_effect_telling *t, int64_t gezin, const char *gemeente)
{
	int rc = bereken(t->c, gezin, t->programma, t->peil, t->band, t->b);
	if (rc != SQLITE_OK)
		return rc == SQLITE_NOTFOUND ? SQLITE_ERROR : rc;
	struct groep *g = telling_groep(t, gemeente);
	if (!g) {
		struct effect_gem *ng = realloc(t->gem, (t->n_gem + 1) * sizeof *ng);
		if (!ng)
			return SQLITE_NOMEM;
		t->gem = ng;
		memset(&ng[t->n_gem], 0, sizeof ng[0]);
		if (gemeente && !(ng[t->n_gem].naam = strdup(gemeente)))
			return SQLITE_NOMEM;
		g = &ng[t->n_gem++].g;
	}
	groep_tel(&t->totaal, t->b);
	groep_tel(g, t->b);
	return SQLITE_OK;
}

size_t kp_effect_telling_aantal(const struct kp_effect_telling *t)
{
	return t->n_gem;
}

const char *kp_effect_telling_naam(const struct kp_effect_telling *t, size_t i)
{
	return i < t->n_gem ? t->gem[i].naam : NULL;
}

json_t *kp_effect_telling_json(const struct kp_effect_telling *t, bool totaal, const char *gemeente, bool exact)
{
	static const struct groep leeg;
	const struct groep *g = totaal ? &t->totaal : telling_groep(t, gemeente);
	if (!g)
		g = &leeg;
	bool vrij = totaal && t->vrij;
	json_t *j = groep_json(g, exact, vrij);
	if (!j)
		return NULL;
	json_object_set_new(j, "besparingOnbekend", telling(g->klasse[KP_EFF_ONBEKEND], exact));
	json_object_set_new(j, "peildatum", json_string(t->peil));
	const char *reden = NULL;
	if (!exact && !vrij)
		reden = totaal ? "Bedragen alleen over een heel kalenderjaar, zonder filter op gemeente, werkgebied of programma."
			       : "Bedragen niet per gemeente: groepen die één gezin verschillen zouden de bedragen van dat gezin geven.";
	else if (!exact && g->n < KP_DISCLOSE_MIN_BASE)
		reden = "Bedragen pas vanaf 10 gezinnen.";
	json_object_set_new(j, "redenGeenBedragen", reden ? json_string(reden) : json_null());
	return j;
}

void kp_effect_csv(struct kp_buf *b, const char *gem, const json_t *eff)
{
	static const struct {
		const char *veld, *label;
		bool cent;
	} rijen[] = {
		{ "gezinnen", "Effecten: gezinnen met referentiescenario", false },
		{ "berekenbaar", "Effecten: gezinnen met berekende besparing", false },
		{ "besparingOnbekend", "Effecten: gezinnen met onbekende besparing", false },
		{ "referentieMinCent", "Effecten: vermeden formele hulp, minimum (EUR)", true },
		{ "referentieMaxCent", "Effecten: vermeden formele hulp, maximum (EUR)", true },
		{ "programmakostenCent", "Effecten: programmakosten (EUR)", true },
		{ "besparingMinCent", "Effecten: netto besparing, minimum (EUR)", true },
		{ "besparingMaxCent", "Effecten: netto besparing, maximum (EUR)", true },
	};
	if (!json_is_object(eff))
		return;
	for (size_t i = 0; i < sizeof rijen / sizeof rijen[0]; i++) {
		const json_t *v = json_object_get(eff, rijen[i].veld);
		kp_csv_field(b, gem, false);
		kp_csv_field(b, rijen[i].label, false);
		if (json_is_integer(v))
			kp_csv_number(b, rijen[i].cent ? (double)json_integer_value(v) / 100.0 : (double)json_integer_value(v),
				      rijen[i].cent ? 2 : 0, true);
		else if (json_is_string(v))
			kp_csv_field(b, json_string_value(v), true);
		else
			kp_csv_field(b, NULL, true);
	}
	const json_t *t = json_object_get(eff, "tenminste");
	kp_csv_field(b, gem, false);
	kp_csv_field(b, "Effecten: bedragen zijn tenminste-bedragen", false);
	kp_csv_field(b, json_is_boolean(t) ? (json_is_true(t) ? "ja" : "nee") : NULL, true);
	const char *reden = json_string_value(json_object_get(eff, "redenGeenBedragen"));
	if (reden) {
		kp_csv_field(b, gem, false);
		kp_csv_field(b, "Effecten: geen bedragen", false);
		kp_csv_field(b, reden, true);
	}
}

struct kp_effect_telling *kp_effecten_periode(struct kp_conn *c, const struct kp_principal *p,
					      const struct kp_effect_periode *s)
{
	char peil[11];
	snprintf(peil, sizeof peil, "%s", strcmp(s->tot, s->today) < 0 ? s->tot : s->today);
	bool vrij = s->gemfilter == 0 && s->werkgebied == 0 && bedragen_vrij(NULL, s->programma, s->van, s->tot);
	struct kp_effect_telling *t = kp_effect_telling_new(c, s->programma, peil, vrij);
	if (!t)
		return NULL;
	/*
	 * Each vraaggezin with a scenario (driven by the scenarios, so a region
	 * without any costs nothing) and its first koppeling dated in the
	 * period, with the gemeente and werkgebied of its gezin_gemeenten row
	 * covering that date (before the first row: the first row; without
	 * history: the current record), in scope on that date.
	 */
	sqlite3_stmt *st = kp_scope_stmt(
		c,
		"SELECT a.gid, a.gem FROM (SELECT x.gid, CASE WHEN h.id IS NULL THEN nullif(g.gemeente, '') "
		"ELSE nullif(h.gemeente, '') END AS gem, CASE WHEN h.id IS NULL THEN g.werkgebied_id ELSE h.werkgebied_id END AS wg "
		"FROM (SELECT r.gezin_id AS gid, (SELECT min(k.koppeling_datum) FROM koppelingen k WHERE k.vraaggezin_id = "
		"r.gezin_id AND k.koppeling_datum BETWEEN :van AND :tot AND (:programma = 0 OR k.programma_id = :programma)) AS d "
		"FROM referentiescenarios r) x JOIN gezinnen g ON g.id = x.gid AND x.d IS NOT NULL "
		"LEFT JOIN gezin_gemeenten h ON h.id = (SELECT hg.id FROM gezin_gemeenten hg WHERE hg.gezin_id = x.gid "
		"AND (hg.tot IS NULL OR hg.tot > x.d) ORDER BY hg.van LIMIT 1)) a "
		"WHERE (:kp_alles = 1 OR a.wg IN " KP_SQL_SCOPE_WG ") AND (:werkgebied = 0 OR a.wg = :werkgebied) "
		"AND (:gemfilter = 0 OR (:gemfilter = 2 AND a.gem IS NULL) OR (:gemfilter = 1 AND a.gem = :gemeente COLLATE NOCASE)) "
		"AND NOT EXISTS (SELECT 1 FROM toestemmingen ta WHERE ta.gezin_id = a.gid AND ta.doel = 'anonieme-rapportage' "
		"AND ta.ingetrokken_op <= :tot) ORDER BY a.gid",
		p);
	if (!st || sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":van"), s->van, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":tot"), s->tot, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":programma"), s->programma) != SQLITE_OK ||
	    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":werkgebied"), s->werkgebied) != SQLITE_OK ||
	    sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":gemfilter"), s->gemfilter) != SQLITE_OK ||
	    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":gemeente"), s->gemeente ? s->gemeente : "", -1,
			      SQLITE_TRANSIENT) != SQLITE_OK) {
		if (st)
			sqlite3_reset(st);
		kp_effect_telling_free(t);
		return NULL;
	}
	/* collect first: the computation uses other statements of this connection */
	int64_t *ids = NULL;
	char **gems = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			int64_t *ni = realloc(ids, cap * sizeof *ids);
			if (ni)
				ids = ni;
			char **ng = ni ? realloc(gems, cap * sizeof *gems) : NULL;
			if (ng)
				gems = ng;
			if (!ni || !ng) {
				rc = SQLITE_NOMEM;
				break;
			}
		}
		const unsigned char *gem = sqlite3_column_text(st, 1);
		ids[n] = sqlite3_column_int64(st, 0);
		gems[n] = gem ? strdup((const char *)gem) : NULL;
		if (gem && !gems[n]) {
			rc = SQLITE_NOMEM;
			break;
		}
		n++;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++)
		if (kp_effect_tel(t, ids[i], gems[i]) != SQLITE_OK)
			rc = SQLITE_ERROR;
	for (size_t i = 0; i < n; i++)
		free(gems[i]);
	free(gems);
	free(ids);
	if (rc != SQLITE_DONE) {
		kp_effect_telling_free(t);
		return NULL;
	}
	return t;
}

/* The letters of the i-th family: A..Z, AA..ZZ, ... */
static void letters(size_t i, char out[8])
{
	char t[8];
	int k = 0;
	i++;
	while (i > 0 && k < 7) {
		i--;
		t[k++] = (char)('A' + i % 26);
		i /= 26;
	}
	for (int m = 0; m < k; m++)
		out[m] = t[k - 1 - m];
	out[k] = '\0';
}

#define VOORBEHOUD                                                                                                      \
	"Een referentiescenario benadert de werkelijkheid: het beschrijft de formele hulp die zonder de koppeling "     \
	"waarschijnlijk nodig was geweest. Gezinnen met een onbekende hoeveelheid tellen als besparing onbekend; "      \
	"bedragen zijn dan tenminste-bedragen."

/* Answers the report as Dutch-Excel CSV: one row per family (coordinators) or per group (rapportage). */
static void reply_csv(struct kp_request *req, json_t *out)
{
	struct kp_buf b = { 0 };
	kp_csv_begin(&b);
	json_t *gez = json_object_get(out, "gezinnen");
	char e[32];
	if (gez) {
		const char *kop[] = { "gezin", "gemeente", "klasse", "referentie min", "referentie max", "programmakosten",
				      "besparing min", "besparing max", "onbekend", "onafhankelijke professional", "formules" };
		for (int i = 0; i < 11; i++)
			kp_csv_field(&b, kop[i], i == 10);
		size_t i;
		json_t *x;
		json_array_foreach(gez, i, x)
		{
			kp_csv_field(&b, json_string_value(json_object_get(x, "gezin")), false);
			kp_csv_field(&b, json_string_value(json_object_get(x, "gemeente")), false);
			kp_csv_field(&b, json_string_value(json_object_get(x, "klasse")), false);
			static const char *const bedragen[] = { "referentieMinCent", "referentieMaxCent", "programmakostenCent",
								"besparingMinCent", "besparingMaxCent" };
			for (int k = 0; k < 5; k++)
				kp_csv_number(&b, (double)json_integer_value(json_object_get(x, bedragen[k])) / 100.0, 2, false);
			kp_csv_field(&b, json_is_true(json_object_get(x, "onbekend")) ? "ja" : "nee", false);
			kp_csv_field(&b, json_is_true(json_object_get(x, "opgesteldMetOnafhankelijkeProfessional")) ? "ja" : "nee",
				     false);
			struct kp_buf f = { 0 };
			size_t k;
			json_t *r;
			json_array_foreach(json_object_get(x, "items"), k, r)
			{
				if (k)
					kp_buf_puts(&f, " | ");
				kp_buf_puts(&f, json_string_value(json_object_get(r, "formule")));
			}
			kp_buf_append(&f, "", 1);
			kp_csv_field(&b, f.failed ? "" : f.data, true);
			kp_buf_free(&f);
		}
	} else {
		kp_csv_field(&b, "onderdeel", false);
		kp_csv_field(&b, "waarde", true);
	}
	json_t *t = json_object_get(out, "totaal");
	const char *rows[][2] = { { "gezinnen", "gezinnen" },
				  { "berekenbaar", "berekenbaar" },
				  { "referentie min (EUR)", "referentieMinCent" },
				  { "referentie max (EUR)", "referentieMaxCent" },
				  { "programmakosten (EUR)", "programmakostenCent" },
				  { "besparing min (EUR)", "besparingMinCent" },
				  { "besparing max (EUR)", "besparingMaxCent" } };
	kp_csv_field(&b, "", true);
	for (int i = 0; i < 7; i++) {
		json_t *v = json_object_get(t, rows[i][1]);
		kp_csv_field(&b, rows[i][0], false);
		if (json_is_string(v))
			kp_csv_field(&b, json_string_value(v), true);
		else if (json_is_null(v))
			kp_csv_field(&b, "onderdrukt", true);
		else if (i >= 2)
			kp_csv_number(&b, (double)json_integer_value(v) / 100.0, 2, true);
		else {
			snprintf(e, sizeof e, "%lld", (long long)json_integer_value(v));
			kp_csv_field(&b, e, true);
		}
	}
	kp_csv_field(&b, "tenminste", false);
	kp_csv_field(&b, json_is_true(json_object_get(t, "tenminste")) ? "ja" : "nee", true);
	kp_csv_field(&b, "voorbehoud", false);
	kp_csv_field(&b, VOORBEHOUD, true);
	json_decref(out);
	if (b.failed) {
		kp_buf_free(&b);
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen voor de export.");
		return;
	}
	kp_reply_header(req, "Content-Disposition", "attachment; filename=\"koppel-effecten.csv\"");
	kp_reply_copy(req, 200, "text/csv; charset=utf-8", b.data, b.len);
	kp_buf_free(&b);
}

/* Adds the lines of b to the per-payer totals (payers: a JSON object of {minCent, maxCent}). */
static void per_betaler(json_t *betalers, const struct berekening *b)
{
	for (size_t i = 0; i < b->n; i++) {
		if (b->regel[i].onbekend)
			continue;
		json_t *p = json_object_get(betalers, b->tarief[i].betaler);
		if (!p) {
			p = json_pack("{s:I, s:I}", "minCent", (json_int_t)0, "maxCent", (json_int_t)0);
			json_object_set_new(betalers, b->tarief[i].betaler, p);
		}
		json_object_set_new(p, "minCent", json_integer(json_integer_value(json_object_get(p, "minCent")) + b->regel[i].min_cent));
		json_object_set_new(p, "maxCent", json_integer(json_integer_value(json_object_get(p, "maxCent")) + b->regel[i].max_cent));
	}
}

/* One family's row of the report (letters, never a name). */
static json_t *gezin_rij(const char *letter, const char *gemeente, const struct berekening *b)
{
	json_t *x = totaal_json(b);
	json_object_set_new(x, "gezin", json_string(letter));
	json_object_set_new(x, "gemeente", json_string(gemeente));
	json_object_set_new(x, "opgesteldMetOnafhankelijkeProfessional", json_boolean(b->onafhankelijk));
	json_t *items = json_array();
	for (size_t i = 0; i < b->n; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:I, s:I, s:b, s:s}", "tarief", b->code[i], "omschrijving",
						       b->tarief[i].omschrijving, "betaler", b->tarief[i].betaler, "minCent",
						       (json_int_t)b->regel[i].min_cent, "maxCent", (json_int_t)b->regel[i].max_cent,
						       "berekenbaar", !b->regel[i].onbekend, "formule", b->regel[i].formule));
	json_object_set_new(x, "items", items);
	return x;
}

/* Query parameter problems of the report; NULL when fine. */
static json_t *report_params(const char *van, const char *tot, const char *prog, int64_t *programma)
{
	json_t *problem = NULL;
	const char *names[] = { "van", "tot" }, *vals[] = { van, tot };
	for (int i = 0; i < 2; i++)
		if (vals[i] && kp_check_date(vals[i])) {
			if (!problem)
				problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
			kp_problem_add_invalid_param(problem, names[i], kp_check_date(vals[i]));
		}
	*programma = 0;
	if (prog && !kp_parse_id(prog, programma)) {
		if (!problem)
			problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(problem, "programma", "Geef het nummer van een programma.");
	}
	if (!problem && van && tot && strcmp(tot, van) < 0) {
		problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(problem, "tot", "De periode eindigt voor ze begint.");
	}
	return problem;
}

/*
 * Adds the outcomes of gezin's formal help to tel: per uitkomst (in the
 * order of uitkomsten[]) the count dankzij, mede dankzij and in total.
 * SQLITE_OK or an error.
 */
static int tel_uitkomsten(struct kp_conn *c, int64_t gezin, int64_t tel[][3])
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT u.uitkomst, u.mate FROM hulp_uitkomsten u "
					   "JOIN formele_hulp f ON f.id = u.formele_hulp_id WHERE f.gezin_id = ?1");
	if (!st || sqlite3_bind_int64(st, 1, gezin) != SQLITE_OK)
		return SQLITE_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *u = (const char *)sqlite3_column_text(st, 0);
		const char *m = (const char *)sqlite3_column_text(st, 1);
		for (int k = 0; uitkomsten[k]; k++)
			if (u && strcmp(u, uitkomsten[k]) == 0) {
				tel[k][m && strcmp(m, "mede-dankzij") == 0 ? 1 : 0] += m ? 1 : 0;
				tel[k][2]++;
			}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

/* The outcome counts as JSON: {"voorkomen": {"dankzij", "mede-dankzij", "totaal"}, ..., "alleen-extra": {"totaal"}}. */
static json_t *uitkomsten_json(int64_t tel[][3], bool exact)
{
	json_t *j = json_object();
	for (int k = 0; uitkomsten[k]; k++) {
		json_t *x = json_object();
		if (strcmp(uitkomsten[k], "alleen-extra") != 0) {
			json_object_set_new(x, "dankzij", telling(tel[k][0], exact));
			json_object_set_new(x, "mede-dankzij", telling(tel[k][1], exact));
		}
		json_object_set_new(x, "totaal", telling(tel[k][2], exact));
		json_object_set_new(j, uitkomsten[k], x);
	}
	return j;
}

/* The figures of one programme in the report. */
struct prog_groep {
	int64_t id;
	char naam[128];
	struct groep g;
};

/*
 * Adds gezin to the figures of each programme in which it has a koppeling
 * dated in the period (van, tot: NULL for open; programma > 0: that one
 * only), each computed with that programme's cost alone; b is scratch.
 * *pg / *n_pg grow as needed. SQLITE_OK or an error.
 */
static int per_programma(struct kp_conn *c, int64_t gezin, int64_t programma, const char *van, const char *tot,
			 const char *peil, int64_t band, struct berekening *b, struct prog_groep **pg, size_t *n_pg)
{
	sqlite3_stmt *st = kp_conn_stmt(
		c, "SELECT DISTINCT p.id, p.naam FROM koppelingen k JOIN programmas p ON p.id = k.programma_id "
		   "WHERE k.vraaggezin_id = ?1 AND k.koppeling_datum IS NOT NULL AND (?2 = 0 OR k.programma_id = ?2) "
		   "AND (?3 IS NULL OR k.koppeling_datum >= ?3) AND (?4 IS NULL OR k.koppeling_datum <= ?4) ORDER BY p.id");
	if (!st || sqlite3_bind_int64(st, 1, gezin) != SQLITE_OK || sqlite3_bind_int64(st, 2, programma) != SQLITE_OK ||
	    (van && sqlite3_bind_text(st, 3, van, -1, SQLITE_TRANSIENT) != SQLITE_OK) ||
	    (tot && sqlite3_bind_text(st, 4, tot, -1, SQLITE_TRANSIENT) != SQLITE_OK))
		return SQLITE_ERROR;
	int64_t ids[16];
	char namen[16][128];
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 16) {
		ids[n] = sqlite3_column_int64(st, 0);
		snprintf(namen[n], sizeof namen[n], "%s", (const char *)sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return SQLITE_ERROR;
	for (size_t i = 0; i < n; i++) {
		if (bereken(c, gezin, ids[i], peil, band, b) != SQLITE_OK)
			return SQLITE_ERROR;
		size_t k = 0;
		while (k < *n_pg && (*pg)[k].id != ids[i])
			k++;
		if (k == *n_pg) {
			struct prog_groep *ng = realloc(*pg, (*n_pg + 1) * sizeof *ng);
			if (!ng)
				return SQLITE_NOMEM;
			*pg = ng;
			memset(&ng[k], 0, sizeof ng[k]);
			ng[k].id = ids[i];
			snprintf(ng[k].naam, sizeof ng[k].naam, "%s", namen[i]);
			(*n_pg)++;
		}
		groep_tel(&(*pg)[k].g, b);
	}
	return SQLITE_OK;
}

void api_rapportage_effecten_get(struct kp_request *req)
{
	const char *gemeente = kp_req_query(req, "gemeente"), *van = kp_req_query(req, "van"), *tot = kp_req_query(req, "tot");
	int64_t programma;
	json_t *problem = report_params(van, tot, kp_req_query(req, "programma"), &programma);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	const struct kp_principal *p = kp_req_principal(req);
	bool exact = p->rol != KP_ROLE_RAPPORTAGE;
	char today[16], peil[16];
	kp_today(today);
	snprintf(peil, sizeof peil, "%s", tot && strcmp(tot, today) < 0 ? tot : today);
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	/*
	 * The vraaggezinnen with a scenario and a koppeling (in the programme)
	 * dated in the period, visible to p. A gezin that withdrew
	 * anonieme-rapportage on or before the peildatum is left out, as in the
	 * quarterly report (README, Gezinnen).
	 */
	sqlite3_stmt *st = kp_scope_stmt(
		c,
		"SELECT g.id, coalesce(g.gemeente, '') FROM gezinnen g JOIN referentiescenarios r ON r.gezin_id = g.id "
		"WHERE " KP_SQL_GEZIN_ZICHTBAAR("g") " AND (:gemeente IS NULL OR g.gemeente = :gemeente COLLATE NOCASE) "
		"AND NOT EXISTS (SELECT 1 FROM toestemmingen ta WHERE ta.gezin_id = g.id "
		"AND ta.doel = 'anonieme-rapportage' AND ta.ingetrokken_op <= :peil) "
		"AND EXISTS (SELECT 1 FROM koppelingen k WHERE k.vraaggezin_id = g.id AND k.koppeling_datum IS NOT NULL "
		"AND (:programma = 0 OR k.programma_id = :programma) AND (:van IS NULL OR k.koppeling_datum >= :van) "
		"AND (:tot IS NULL OR k.koppeling_datum <= :tot)) ORDER BY g.id",
		p);
	struct kp_effect_telling *t = kp_effect_telling_new(c, programma, peil, bedragen_vrij(gemeente, programma, van, tot));
	json_t *gez = json_array(), *betalers = json_object();
	int64_t uit_tel[5][3] = { { 0 } };
	struct prog_groep *per_prog = NULL;
	size_t n_prog = 0;
	int rc = SQLITE_ERROR;
	if (st && t && gez && betalers) {
		if (gemeente)
			sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":gemeente"), gemeente, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":programma"), programma);
		sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":peil"), peil, -1, SQLITE_TRANSIENT);
		if (van)
			sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":van"), van, -1, SQLITE_TRANSIENT);
		if (tot)
			sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":tot"), tot, -1, SQLITE_TRANSIENT);
		/* collect the ids first: bereken uses other statements of this connection */
		int64_t *ids = NULL;
		char **gems = NULL;
		size_t n = 0, cap = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				int64_t *ni = realloc(ids, cap * sizeof *ids);
				char **ng = ni ? realloc(gems, cap * sizeof *gems) : NULL;
				if (ni)
					ids = ni;
				if (ng)
					gems = ng;
				if (!ni || !ng) {
					rc = SQLITE_NOMEM;
					break;
				}
			}
			ids[n] = sqlite3_column_int64(st, 0);
			gems[n] = strdup((const char *)sqlite3_column_text(st, 1));
			if (!gems[n]) {
				rc = SQLITE_NOMEM;
				break;
			}
			n++;
		}
		sqlite3_reset(st);
		if (rc == SQLITE_DONE) {
			for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
				if (kp_effect_tel(t, ids[i], gems[i]) != SQLITE_OK) {
					rc = SQLITE_ERROR;
					break;
				}
				char l[8];
				letters(i, l);
				if (exact)
					json_array_append_new(gez, gezin_rij(l, gems[i], t->b));
				per_betaler(betalers, t->b);
				if (tel_uitkomsten(c, ids[i], uit_tel) != SQLITE_OK ||
				    per_programma(c, ids[i], programma, van, tot, peil, t->band, t->b, &per_prog, &n_prog) !=
					    SQLITE_OK) {
					rc = SQLITE_ERROR;
					break;
				}
			}
		}
		for (size_t i = 0; i < n; i++)
			free(gems[i]);
		free(gems);
		free(ids);
	}
	kp_db_read_end(srv->db, c);
	if (rc != SQLITE_DONE) {
		json_decref(gez);
		json_decref(betalers);
		kp_effect_telling_free(t);
		free(per_prog);
		kp_reply_db_error(req);
		return;
	}
	json_t *out = json_object();
	json_object_set_new(out, "filter", json_pack("{s:o, s:o, s:o, s:o, s:s}", "gemeente", gemeente ? json_string(gemeente) : json_null(),
						    "programma", programma ? json_integer(programma) : json_null(), "van",
						    van ? json_string(van) : json_null(), "tot", tot ? json_string(tot) : json_null(),
						    "peildatum", peil));
	json_object_set_new(out, "totaal", groep_json(&t->totaal, exact, t->vrij));
	json_t *pg = json_array();
	for (size_t i = 0; i < t->n_gem; i++) {
		json_t *g = groep_json(&t->gem[i].g, exact, false);
		json_object_set_new(g, "gemeente", json_string(t->gem[i].naam ? t->gem[i].naam : ""));
		json_array_append_new(pg, g);
	}
	json_object_set_new(out, "perGemeente", pg);
	json_t *pp = json_array();
	for (size_t i = 0; i < n_prog; i++) {
		json_t *g = groep_json(&per_prog[i].g, exact, false);
		json_object_set_new(g, "programma", json_integer(per_prog[i].id));
		json_object_set_new(g, "naam", json_string(per_prog[i].naam));
		json_array_append_new(pp, g);
	}
	free(per_prog);
	json_object_set_new(out, "perProgramma", pp);
	json_object_set_new(out, "uitkomsten", uitkomsten_json(uit_tel, exact));
	if (exact) {
		json_object_set_new(out, "perBetaler", betalers);
		json_object_set_new(out, "gezinnen", gez);
	} else {
		/* per payer: the payers only, never their amounts (one family can make up a payer's sum) */
		json_t *pb = json_object();
		const char *key;
		json_t *v;
		json_object_foreach(betalers, key, v)
		json_object_set_new(pb, key, json_pack("{s:n, s:n}", "minCent", "maxCent"));
		json_object_set_new(out, "perBetaler", pb);
		json_decref(betalers);
		json_decref(gez);
	}
	json_object_set_new(out, "afgerondOpVijf", json_boolean(!exact));
	json_object_set_new(out, "voorbehoud", json_string(VOORBEHOUD));
	kp_effect_telling_free(t);
	bool csv = kp_overzicht_wants_csv(req);
	if (csv)
		reply_csv(req, out);
	else
		kp_reply_json(req, 200, out);
	kp_req_audit_read(req, csv ? "exporteren" : "lezen", "effectrapportage", 0,
			  csv ? "{\"formaat\":\"csv\"}" : NULL);
}
