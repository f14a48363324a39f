/*
 * demo_effecten.c - the effectencalculator's worked examples in the demo
 * organisation (see demo_effecten.h). The tariffs carry the figures of
 * config/tarieven-voorbeeld.csv (the demo must not depend on where that
 * file is installed); the scenarios use them the way a coordinator would:
 * hours a week for some weeks, etmalen every day after a waiting time,
 * sessions in total, a range, an unknown quantity, a cap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit.h"
#include "auth.h"
#include "datum.h"
#include "db.h"
#include "demo_effecten.h"
#include "effecten.h"
#include "formele_hulp.h"
#include "util.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define GEEN KP_EFF_GEEN

/* One tariff of the example list. */
struct demo_tarief {
	const char *code, *omschrijving;
	int64_t cent;
	enum kp_eff_eenheid eenheid;
	const char *bron, *bron_datum, *betaler, *geldig_van, *vervanging;
};

static const char PRIJSLIJST[] = "Maatschappelijke prijslijst";
static const char JEUGDHULP[] = "Regionaal contract jeugdhulp";
static const char GGZ[] = "GGZ-tarievenlijst zorgverzekeraar";

static const struct demo_tarief tarieven[] = {
	{ "mw-wijkteam", "Maatschappelijk werker / wijkteam / MDO", 6500, KP_EFF_UUR, PRIJSLIJST, "2017-09-01", "gemeente-wmo", "2017-01-01", NULL },
	{ "poh-ggz", "Gesprek POH-GGZ", 8000, KP_EFF_SESSIE, GGZ, "2021-01-01", "zorgverzekeraar-zvw", "2021-01-01", NULL },
	{ "ambulant-gezin", "Ambulante gezinsbegeleiding (jeugdhulp)", 8640, KP_EFF_UUR, JEUGDHULP, "2020-01-01", "gemeente-jeugdwet", "2019-01-01", NULL },
	{ "orthopedagogisch", "Specialistische orthopedagogische hulp", 10800, KP_EFF_UUR, JEUGDHULP, "2020-01-01", "gemeente-jeugdwet", "2019-01-01", NULL },
	{ "traumabehandeling", "Traumabehandeling", 15000, KP_EFF_UUR, GGZ, "2021-01-01", "zorgverzekeraar-zvw", "2021-01-01", NULL },
	{ "deeltijdpleegzorg", "Weekend- / deeltijdpleegzorg", 4275, KP_EFF_ETMAAL, JEUGDHULP, "2019-01-01", "gemeente-jeugdwet", "2019-01-01", NULL },
	{ "crisispleegzorg", "Crisispleegzorg", 5829, KP_EFF_ETMAAL, JEUGDHULP, "2019-01-01", "gemeente-jeugdwet", "2019-01-01", NULL },
	{ "ots", "Ondertoezichtstelling (gecertificeerde instelling)", 2705, KP_EFF_ETMAAL, JEUGDHULP, "2019-01-01", "gemeente-jeugdwet", "2019-01-01", NULL },
	{ "residentieel-zwaar", "Residentiële jeugdhulp, extra zwaar", 28153, KP_EFF_ETMAAL, JEUGDHULP, "2020-01-01", "gemeente-jeugdwet", "2019-01-01", NULL },
	{ "moeder-kindhuis", "Moeder-kindhuis", 19196, KP_EFF_ETMAAL, PRIJSLIJST, "2017-09-01", "gemeente-jeugdwet", "2017-01-01",
	  "Tarief onduidelijk; tarief jeugdhulp verblijf aangehouden" },
	{ "maatschappelijke-opvang", "Maatschappelijke opvang", 9000, KP_EFF_DAG, PRIJSLIJST, "2017-09-01", "gemeente-wmo", "2017-01-01", NULL },
	{ "ggz-opname", "GGZ-opname", 26500, KP_EFF_DAG, GGZ, "2021-01-01", "zorgverzekeraar-zvw", "2021-01-01", NULL },
	{ "ggz-deeltijd", "GGZ-deeltijdbehandeling, 16 weken", 800000, KP_EFF_VAST, GGZ, "2021-01-01", "zorgverzekeraar-zvw", "2021-01-01", NULL },
	{ "psychiater", "Consult psychiater", 9500, KP_EFF_SESSIE, GGZ, "2021-01-01", "zorgverzekeraar-zvw", "2021-01-01", NULL },
	{ "huisarts-verwijzing", "Huisartsconsult met verwijzing", 1000, KP_EFF_SESSIE, PRIJSLIJST, "2017-09-01", "zorgverzekeraar-zvw", "2017-01-01", NULL },
	{ "fysiotherapie", "Fysiotherapie", 3500, KP_EFF_SESSIE, PRIJSLIJST, "2017-09-01", "zorgverzekeraar-zvw", "2017-01-01", NULL },
	{ "logopedie", "Logopedie", 3486, KP_EFF_SESSIE, PRIJSLIJST, "2017-09-01", "zorgverzekeraar-zvw", "2017-01-01", NULL },
	{ "raad-onderzoek", "Onderzoek Raad voor de Kinderbescherming", 350000, KP_EFF_GEZIN_PER_JAAR, PRIJSLIJST, "2017-09-01", "rijk", "2017-01-01", NULL },
	{ "bijstand-alleenstaande-ouder", "Bijstandsuitkering alleenstaande ouder", 107870, KP_EFF_MAAND, "Normbedragen Participatiewet juli 2021",
	  "2021-07-01", "gemeente-participatiewet", "2021-07-01", NULL },
};

/* One item of a demo scenario, in the units the API takes (hundredths). */
struct demo_item {
	const char *tarief;
	enum kp_eff_per per;
	bool onbekend, doorlopend;
	int64_t hoeveelheid, hoeveelheid_tot, duur;
	int kinderen;
	int64_t maximum;
	int wacht_op, wacht_maanden;
};

/* A family's scenario, its formal help and that help's outcome. */
struct demo_scenario {
	bool onafhankelijk;
	const char *toelichting;
	size_t n;
	struct demo_item item[4];
	const char *hulp_soort, *uitkomst, *mate;
};

static const struct demo_scenario scenarios[] = {
	{ true,
	  "Opgesteld met de jeugdarts: zonder steungezin was na het onderzoek van de Raad een ondertoezichtstelling gevolgd.",
	  3,
	  { { "ambulant-gezin", KP_EFF_PER_WEEK, false, false, 150, GEEN, 2800, 1, GEEN, GEEN, 0 },
	    { "raad-onderzoek", KP_EFF_TOTAAL, false, false, 100, GEEN, GEEN, 1, GEEN, GEEN, 0 },
	    { "ots", KP_EFF_PER_MAAND, false, true, GEEN, GEEN, GEEN, 1, GEEN, 1, 3 } },
	  "jeugdhulp-ambulant", "verminderd", "dankzij" },
	{ false,
	  "Twee kinderen; weekendpleegzorg was aangevraagd.",
	  2,
	  { { "deeltijdpleegzorg", KP_EFF_PER_MAAND, false, false, 800, GEEN, 1200, 2, GEEN, GEEN, 0 },
	    { "mw-wijkteam", KP_EFF_PER_WEEK, false, false, 200, GEEN, 4000, 1, GEEN, GEEN, 0 } },
	  "pleegzorg", "voorkomen", "dankzij" },
	{ false,
	  "Hoeveel gesprekken bij de POH-GGZ nodig waren geweest, is niet bekend.",
	  2,
	  { { "poh-ggz", KP_EFF_TOTAAL, true, false, GEEN, GEEN, GEEN, 1, GEEN, GEEN, 0 },
	    { "maatschappelijke-opvang", KP_EFF_TOTAAL, false, false, 1400, 2100, GEEN, 1, GEEN, GEEN, 0 } },
	  "ggz", "alleen-extra", NULL },
	{ true,
	  "Een opname van hoogstens 14 dagen, daarna deeltijdbehandeling.",
	  3,
	  { { "ggz-opname", KP_EFF_PER_MAAND, false, false, 1000, GEEN, 300, 1, 1400, GEEN, 0 },
	    { "ggz-deeltijd", KP_EFF_TOTAAL, false, false, 100, GEEN, GEEN, 1, GEEN, 0, 1 },
	    { "psychiater", KP_EFF_TOTAAL, false, false, 600, GEEN, GEEN, 1, GEEN, GEEN, 0 } },
	  "maatschappelijk-werk", "opgeschaald", "mede-dankzij" },
};

/* Steps st once (after binding) and resets it; false with err set unless SQLITE_DONE. */
static bool step_done(sqlite3_stmt *st, const char *what, char *err, size_t errlen)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "demo effecten: cannot write %s (%s)", what, sqlite3_errstr(rc));
		return false;
	}
	return true;
}

/* Binds hundredths or NULL. */
static void bind_h(sqlite3_stmt *st, int i, int64_t h)
{
	if (h == GEEN)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, h);
}

/* An audit entry of the demo actor. SQLITE_OK or an error. */
static int audit(struct kp_conn *w, const struct kp_actor *actor, const char *actie, const char *soort, int64_t id,
		 const char *details)
{
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	struct kp_audit_entry e = { .gebruiker_id = actor->gebruiker_id,
				    .gebruikersnaam = actor->gebruikersnaam,
				    .actie = actie,
				    .object_soort = soort,
				    .object_id = id ? oid : NULL,
				    .client = actor->client,
				    .details = details };
	return kp_audit_append(w, &e);
}

/* Writes the example tariffs. 0 or -1 with err. */
static int schrijf_tarieven(struct kp_conn *w, const struct kp_actor *actor, const char *now, char *err, size_t errlen)
{
	for (size_t i = 0; i < COUNT(tarieven); i++) {
		const struct demo_tarief *t = &tarieven[i];
		sqlite3_stmt *st = kp_conn_stmt(
			w, "INSERT INTO tarieven(code, omschrijving, bedrag_cent, eenheid, bron, bron_datum, betaler, geldig_van, "
			   "vervanging, aangemaakt_op, gewijzigd_op) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)");
		if (!st) {
			snprintf(err, errlen, "demo effecten: cannot prepare the tariffs");
			return -1;
		}
		sqlite3_bind_text(st, 1, t->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, t->omschrijving, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, t->cent);
		sqlite3_bind_text(st, 4, kp_eff_eenheid_naam(t->eenheid), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, t->bron, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, t->bron_datum, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, t->betaler, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, t->geldig_van, -1, SQLITE_STATIC);
		if (t->vervanging)
			sqlite3_bind_text(st, 9, t->vervanging, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, now, -1, SQLITE_TRANSIENT);
		if (!step_done(st, t->code, err, errlen))
			return -1;
	}
	char details[48];
	snprintf(details, sizeof details, "{\"regels\":%zu}", COUNT(tarieven));
	if (audit(w, actor, "importeren", "tarief", 0, details) != SQLITE_OK) {
		snprintf(err, errlen, "demo effecten: cannot audit the tariffs");
		return -1;
	}
	return 0;
}

/* The example tariff with code, or NULL. */
static const struct demo_tarief *tarief(const char *code)
{
	for (size_t i = 0; i < COUNT(tarieven); i++)
		if (strcmp(tarieven[i].code, code) == 0)
			return &tarieven[i];
	return NULL;
}

/*
 * Checks scenario s with the rules of effecten.h (each item fits its
 * tariff, no waiting-time circle). 0 or -1 with err naming the item.
 */
static int check(const struct demo_scenario *s, char *err, size_t errlen)
{
	struct kp_eff_item it[COUNT(s->item)];
	for (size_t i = 0; i < s->n; i++) {
		const struct demo_item *d = &s->item[i];
		const struct demo_tarief *t = tarief(d->tarief);
		if (!t) {
			snprintf(err, errlen, "demo effecten: no tariff %s", d->tarief);
			return -1;
		}
		it[i] = (struct kp_eff_item){ .tarief_cent = t->cent, .eenheid = t->eenheid, .per = d->per,
					      .onbekend = d->onbekend, .doorlopend = d->doorlopend,
					      .hoeveelheid = d->hoeveelheid, .hoeveelheid_tot = d->hoeveelheid_tot,
					      .duur = d->duur, .kinderen = d->kinderen, .maximum = d->maximum,
					      .wacht_op = d->wacht_op, .wacht_maanden = d->wacht_maanden };
		struct kp_eff_fout f;
		if (!kp_eff_item_check(&it[i], &f)) {
			snprintf(err, errlen, "demo effecten: item %s refused at %s: %s", d->tarief, f.veld, f.reden);
			return -1;
		}
	}
	int start[COUNT(s->item)];
	if (kp_eff_starts(it, s->n, start) >= 0) {
		snprintf(err, errlen, "demo effecten: a waiting-time circle");
		return -1;
	}
	return 0;
}

/* Writes scenario s of gezin from startdatum, its formal help and outcome. 0 or -1 with err. */
static int schrijf_scenario(struct kp_conn *w, const struct kp_actor *actor, int64_t gezin, const char *startdatum,
			    const char *today, const char *now, const struct demo_scenario *s, char *err, size_t errlen)
{
	if (check(s, err, errlen) != 0)
		return -1;
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO referentiescenarios(gezin_id, startdatum, onafhankelijk, toelichting, "
					   "gewijzigd_op) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!st) {
		snprintf(err, errlen, "demo effecten: cannot prepare a scenario");
		return -1;
	}
	sqlite3_bind_int64(st, 1, gezin);
	sqlite3_bind_text(st, 2, startdatum, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, s->onafhankelijk);
	sqlite3_bind_text(st, 4, s->toelichting, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	if (!step_done(st, "a scenario", err, errlen))
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		const struct demo_item *d = &s->item[i];
		st = kp_conn_stmt(w, "INSERT INTO scenario_items(gezin_id, volgnr, tarief_code, per, onbekend, doorlopend, "
				     "hoeveelheid, hoeveelheid_tot, duur, kinderen, maximum, wacht_op, wacht_maanden) "
				     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
		if (!st) {
			snprintf(err, errlen, "demo effecten: cannot prepare an item");
			return -1;
		}
		sqlite3_bind_int64(st, 1, gezin);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_text(st, 3, d->tarief, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, kp_eff_per_naam(d->per), -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, d->onbekend);
		sqlite3_bind_int(st, 6, d->doorlopend);
		bind_h(st, 7, d->hoeveelheid);
		bind_h(st, 8, d->hoeveelheid_tot);
		bind_h(st, 9, d->duur);
		sqlite3_bind_int(st, 10, d->kinderen);
		bind_h(st, 11, d->maximum);
		bind_h(st, 12, d->wacht_op);
		sqlite3_bind_int(st, 13, d->wacht_maanden);
		if (!step_done(st, "an item", err, errlen))
			return -1;
	}
	if (audit(w, actor, "wijzigen", "referentiescenario", gezin, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "demo effecten: cannot audit a scenario");
		return -1;
	}
	/* the formal help the family received, through the same write the API uses, and its outcome */
	json_t *body = json_pack("{s:s, s:s, s:s}", "soort", s->hulp_soort, "kader", "vrijwillig", "van", startdatum);
	json_t *problem = NULL;
	int64_t hulp = 0;
	int hrc = body ? kp_formele_hulp_write(w, actor, gezin, 0, NULL, body, today, &hulp, &problem) : 503;
	json_decref(body);
	if (hrc != 0) {
		char *p = problem ? json_dumps(problem, JSON_COMPACT) : NULL;
		snprintf(err, errlen, "demo effecten: formal help refused (%d) %s", hrc, p ? p : "");
		free(p);
		json_decref(problem);
		return -1;
	}
	st = kp_conn_stmt(w, "INSERT INTO hulp_uitkomsten(formele_hulp_id, uitkomst, mate, gewijzigd_op) VALUES (?1, ?2, ?3, ?4)");
	if (!st) {
		snprintf(err, errlen, "demo effecten: cannot prepare an outcome");
		return -1;
	}
	sqlite3_bind_int64(st, 1, hulp);
	sqlite3_bind_text(st, 2, s->uitkomst, -1, SQLITE_STATIC);
	if (s->mate)
		sqlite3_bind_text(st, 3, s->mate, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	return step_done(st, "an outcome", err, errlen) ? 0 : -1;
}

int kp_demo_effecten(struct kp_conn *w, const struct kp_actor *actor, const char *today, char *err, size_t errlen)
{
	char now[32];
	kp_format_time(kp_now(), now);
	if (schrijf_tarieven(w, actor, now, err, errlen) != 0)
		return -1;
	/* the vraaggezinnen with their first koppeling date, by werkgebied: up to two of each */
	sqlite3_stmt *st = kp_conn_stmt(
		w, "SELECT g.id, g.werkgebied_id, min(k.koppeling_datum) FROM gezinnen g "
		   "JOIN koppelingen k ON k.vraaggezin_id = g.id JOIN programma_kosten pk ON pk.programma_id = k.programma_id "
		   "WHERE k.koppeling_datum IS NOT NULL AND k.koppeling_datum <= ?1 "
		   "GROUP BY g.id ORDER BY g.werkgebied_id, g.id");
	if (!st || sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		snprintf(err, errlen, "demo effecten: cannot read the koppelingen");
		return -1;
	}
	int64_t gezin[COUNT(scenarios)];
	char datum[COUNT(scenarios)][11];
	size_t n = 0;
	int64_t wg = -1;
	int per_wg = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < COUNT(scenarios)) {
		int64_t g = sqlite3_column_int64(st, 1);
		if (g != wg) {
			wg = g;
			per_wg = 0;
		}
		if (per_wg++ >= 2)
			continue;
		gezin[n] = sqlite3_column_int64(st, 0);
		snprintf(datum[n], sizeof datum[n], "%s", (const char *)sqlite3_column_text(st, 2));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		snprintf(err, errlen, "demo effecten: cannot read the koppelingen");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (schrijf_scenario(w, actor, gezin[i], datum[i], today, now, &scenarios[i], err, errlen) != 0)
			return -1;
	return 0;
}
