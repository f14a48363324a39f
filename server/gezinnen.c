/*
 * gezinnen.c - see gezinnen.h.
 */
#include "gezinnen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "audit.h"
#include "auth.h"
#include "datum.h"
#include "db.h"
#include "formele_hulp.h"
#include "gemeenten.h"
#include "json_spec.h"
#include "matchdata.h"
#include "regels.h"
#include "scope.h"
#include "problem.h"
#include "steun.h"
#include "toestemmingen.h"
#include "util.h"
#include "zoeken.h"

/* --- the request shape ----------------------------------------------------- */

static const char *check_taal(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 3)
		return "Gebruik een taalcode van twee letters, zoals nl of ar.";
	for (; *s; s++)
		if (*s < 'a' || *s > 'z')
			return "Gebruik een taalcode van twee letters, zoals nl of ar.";
	return NULL;
}

static const char *const lid_soorten[] = { "volwassene", "kind", NULL };

static const struct kp_field adres_spec[] = {
	{ .name = "straat", .type = KP_F_STRING, .nullable = true, .max_len = 200 },
	{ .name = "huisnummer", .type = KP_F_STRING, .nullable = true, .max_len = 20 },
	{ .name = "postcode", .type = KP_F_STRING, .nullable = true, .max_len = 7, .check = kp_check_postcode },
	{ .name = "plaats", .type = KP_F_STRING, .nullable = true, .max_len = 100 },
	{ .name = "gemeente", .type = KP_F_STRING, .nullable = true, .max_len = 100 },
};
static const struct kp_field verwijzing_spec[] = {
	{ .name = "soort", .type = KP_F_STRING, .required = true, .one_of = kp_verwijzers_codes },
	{ .name = "organisatie", .type = KP_F_STRING, .nullable = true, .max_len = 200 },
	{ .name = "contact", .type = KP_F_STRING, .nullable = true, .max_len = 200 },
};
static const struct kp_field lid_spec[] = {
	{ .name = "id", .type = KP_F_INTEGER, .min = 1, .max = INT64_MAX },
	{ .name = "soort", .type = KP_F_STRING, .required = true, .one_of = lid_soorten },
	{ .name = "voornaam", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 100 },
	{ .name = "achternaam", .type = KP_F_STRING, .nullable = true, .max_len = 100 },
	{ .name = "geboortedatum", .type = KP_F_STRING, .nullable = true, .check = kp_check_past_date },
	/* a child on the way: the expected birth date instead of geboortedatum (at most KP_VERWACHT_MAANDEN ahead) */
	{ .name = "verwachtOp", .type = KP_F_STRING, .nullable = true, .check = kp_check_date },
	{ .name = "telefoon", .type = KP_F_STRING, .nullable = true, .max_len = 30, .check = kp_check_phone },
	{ .name = "email", .type = KP_F_STRING, .nullable = true, .max_len = 254, .check = kp_check_email },
	{ .name = "woontThuis", .type = KP_F_BOOLEAN },
	{ .name = "steunVoor", .type = KP_F_BOOLEAN },
	{ .name = "vogDatum", .type = KP_F_STRING, .nullable = true, .check = kp_check_past_date },
};
static const struct kp_field wensen_spec[] = {
	{ .name = "talen", .type = KP_F_STRING_ARRAY, .max_items = 10, .check = check_taal },
	{ .name = "levensbeschouwing", .type = KP_F_STRING, .nullable = true, .max_len = 200 },
	{ .name = "mannelijkRolmodel", .type = KP_F_BOOLEAN },
	{ .name = "geenHuisdieren", .type = KP_F_BOOLEAN },
	{ .name = "nietRoken", .type = KP_F_BOOLEAN },
	{ .name = "anders", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 1000 },
};
static const struct kp_field formele_hulp_spec[] = {
	{ .name = "soort", .type = KP_F_STRING, .required = true, .one_of = kp_formele_hulp_codes },
	{ .name = "tekst", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 2000 },
};
#define VOCAB_ARRAY(n, codes, max) { .name = n, .type = KP_F_STRING_ARRAY, .max_items = max, .one_of = codes }
static const struct kp_field vraag_spec[] = {
	{ .name = "tekst", .type = KP_F_STRING, .required = true, .multiline = true, .min_len = 1, .max_len = 4000 },
	VOCAB_ARRAY("steunvormen", kp_steunvormen_codes, 13),
	VOCAB_ARRAY("dagdelen", kp_dagdelen_codes, 28),
	{ .name = "frequentie", .type = KP_F_STRING, .nullable = true, .one_of = kp_frequenties_codes },
	{ .name = "wensen", .type = KP_F_OBJECT, .fields = wensen_spec, .n_fields = sizeof wensen_spec / sizeof wensen_spec[0] },
	{ .name = "formeleHulp", .type = KP_F_OBJECT, .fields = formele_hulp_spec, .n_fields = 2 },
	/* for matching: themes a relay family or buddy may recognise, shared interests, the wished support style */
	{ .name = "themas", .type = KP_F_STRING_ARRAY, .max_items = 20, .min_len = 1, .max_len = 80 },
	{ .name = "interesses", .type = KP_F_STRING_ARRAY, .max_items = 20, .min_len = 1, .max_len = 80 },
	{ .name = "steunstijl", .type = KP_F_STRING, .nullable = true, .one_of = kp_steunstijlen_codes },
};
static const struct kp_field aanbod_spec[] = {
	VOCAB_ARRAY("steunvormen", kp_steunvormen_codes, 13),
	VOCAB_ARRAY("dagdelen", kp_dagdelen_codes, 28),
	{ .name = "frequentie", .type = KP_F_STRING, .nullable = true, .one_of = kp_frequenties_codes },
	{ .name = "capaciteit", .type = KP_F_INTEGER, .min = 1, .max = 10 },
	{ .name = "leeftijdVan", .type = KP_F_INTEGER, .min = 0, .max = 25 },
	{ .name = "leeftijdTot", .type = KP_F_INTEGER, .min = 0, .max = 25 },
	{ .name = "maxAfstandKm", .type = KP_F_INTEGER, .nullable = true, .min = 1, .max = 200 },
	{ .name = "talen", .type = KP_F_STRING_ARRAY, .max_items = 10, .check = check_taal },
	{ .name = "huisdieren", .type = KP_F_BOOLEAN },
	{ .name = "rookt", .type = KP_F_BOOLEAN },
	{ .name = "ervaringsthemas", .type = KP_F_STRING_ARRAY, .max_items = 20, .min_len = 1, .max_len = 80 },
	{ .name = "steunstijl", .type = KP_F_STRING, .nullable = true, .one_of = kp_steunstijlen_codes },
	{ .name = "interesses", .type = KP_F_STRING_ARRAY, .max_items = 20, .min_len = 1, .max_len = 80 },
	{ .name = "motivatie", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 2000 },
	{ .name = "training", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 1000 },
	{ .name = "wervingsbron", .type = KP_F_STRING, .nullable = true, .max_len = 200 },
	{ .name = "mannelijkRolmodel", .type = KP_F_BOOLEAN },
	{ .name = "levensbeschouwing", .type = KP_F_STRING, .nullable = true, .max_len = 200 },
};
static const struct kp_field toestemming_spec[] = {
	{ .name = "doel", .type = KP_F_STRING, .required = true, .one_of = kp_toestemming_doelen_codes },
	{ .name = "gegevenOp", .type = KP_F_STRING, .required = true, .check = kp_check_past_date },
	{ .name = "gegevenDoor", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 200 },
};

const struct kp_field kp_gezin_spec[] = {
	{ .name = "naam", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 200 },
	{ .name = "rol", .type = KP_F_STRING, .required = true, .one_of = kp_rollen_codes },
	{ .name = "status", .type = KP_F_STRING, .min_len = 1, .max_len = 32 },
	{ .name = "statusDatum", .type = KP_F_STRING, .check = kp_check_past_date },
	{ .name = "werkgebied", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 32 },
	{ .name = "coordinator", .type = KP_F_INTEGER, .nullable = true, .min = 1, .max = INT64_MAX },
	{ .name = "watGaatGoed", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 4000 },
	{ .name = "netwerk", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 4000 },
	{ .name = "huishouden", .type = KP_F_STRING, .nullable = true, .one_of = kp_huishoudens_codes },
	{ .name = "adres", .type = KP_F_OBJECT, .fields = adres_spec, .n_fields = sizeof adres_spec / sizeof adres_spec[0] },
	{ .name = "talen", .type = KP_F_STRING_ARRAY, .max_items = 10, .check = check_taal },
	{ .name = "aangemeldDoor", .type = KP_F_OBJECT, .fields = verwijzing_spec, .n_fields = 3 },
	{ .name = "aangemeldOp", .type = KP_F_STRING, .check = kp_check_past_date },
	{ .name = "leden", .type = KP_F_OBJECT_ARRAY, .required = true, .min_len = 1, .max_items = 20, .fields = lid_spec,
	  .n_fields = sizeof lid_spec / sizeof lid_spec[0] },
	{ .name = "vraag", .type = KP_F_OBJECT, .nullable = true, .fields = vraag_spec,
	  .n_fields = sizeof vraag_spec / sizeof vraag_spec[0] },
	{ .name = "aanbod", .type = KP_F_OBJECT, .nullable = true, .fields = aanbod_spec,
	  .n_fields = sizeof aanbod_spec / sizeof aanbod_spec[0] },
	{ .name = "toestemmingen", .type = KP_F_OBJECT_ARRAY, .max_items = 10, .fields = toestemming_spec, .n_fields = 3 },
};
const size_t kp_gezin_spec_count = sizeof kp_gezin_spec / sizeof kp_gezin_spec[0];

/* --- reading ------------------------------------------------------------- */

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Sets key to a string column, or leaves it out when NULL. */
static void set_text(json_t *o, const char *key, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) != SQLITE_NULL)
		json_object_set_new(o, key, json_string((const char *)sqlite3_column_text(st, col)));
}

/* True when a VOG date is valid on today for KP_VOG_GELDIG_MAANDEN months (the member view; programmes decide beschikbaar). */
static bool vog_valid(const char *vog, struct kp_date today)
{
	struct kp_date d;
	return vog && kp_date_parse(vog, &d) && kp_regels_vog_geldig(d, KP_VOG_GELDIG_MAANDEN, today);
}

/*
 * The supporter's check against every programme offered in werkgebied wg
 * (regels.h: kp_regels_load_werkgebied, kp_regels_check), with the members
 * of leden (the gezin API's "leden"), role rol, asked to be beschikbaar.
 * Appends {id, naam} of each programme that accepts it to accepted (may be
 * NULL). When none accepts, writes into reason the reason of the most
 * lenient programme that takes the role (fewest members without a VOG,
 * then the longest VOG validity). *signaal (may be NULL, at least 320
 * bytes) gets the first "VOG nodig vanaf" of a programme that takes the
 * role. Returns how many programmes accept, or -1 on a database error.
 */
static int programmas_voor(struct kp_conn *c, int64_t wg, const char *rol, const json_t *leden, struct kp_date today,
			   json_t *accepted, char *reason, size_t len, char *signaal)
{
	struct kp_programma_regels *ps = malloc(KP_PROGRAMMAS_MAX * sizeof *ps);
	size_t np = 0;
	if (!ps || kp_regels_load_werkgebied(c, wg, ps, KP_PROGRAMMAS_MAX, &np) != SQLITE_OK) {
		free(ps);
		return -1;
	}
	struct kp_regels_lid l[KP_LEDEN_MAX];
	char namen[KP_LEDEN_MAX][202];
	size_t nl = 0, i;
	const json_t *x;
	json_array_foreach(leden, i, x)
	{
		if (nl == KP_LEDEN_MAX)
			break;
		kp_regels_lid_from_json(x, &l[nl]);
		const char *an = str(x, "achternaam");
		snprintf(namen[nl], sizeof namen[nl], "%s%s%s", str(x, "voornaam") ? str(x, "voornaam") : "", an ? " " : "",
			 an ? an : "");
		l[nl].naam = namen[nl];
		nl++;
	}
	struct kp_regels_steun f = { .rol = -1, .beschikbaar = true, .leden = l, .n_leden = nl, .vrij = -1 };
	for (size_t k = 0; k < kp_rollen.n; k++)
		if (rol && strcmp(kp_rollen.terms[k].code, rol) == 0)
			f.rol = (int)k;
	int ok = 0;
	bool have_best = false;
	unsigned best_missing = 0;
	int best_months = 0;
	snprintf(reason, len, "Geen programma in dit werkgebied werkt met deze soort steunbiedend gezin.");
	if (signaal)
		signaal[0] = '\0';
	struct kp_regels_uitkomst u;
	for (size_t k = 0; k < np; k++) {
		kp_regels_check(&ps[k].regels, &f, today, &u);
		if (u.gebroken & KP_REGEL_ROL)
			continue;
		if (signaal && !signaal[0] && u.signaal[0])
			snprintf(signaal, 320, "%s", u.signaal);
		if (!u.gebroken) {
			ok++;
			if (accepted)
				json_array_append_new(accepted, json_pack("{s:I, s:s}", "id", (json_int_t)ps[k].id, "naam", ps[k].naam));
			continue;
		}
		if (!have_best || u.zonder_vog < best_missing ||
		    (u.zonder_vog == best_missing && ps[k].regels.vog_maanden > best_months)) {
			have_best = true;
			best_missing = u.zonder_vog;
			best_months = ps[k].regels.vog_maanden;
			snprintf(reason, len, "%s", kp_regels_reden(&u));
		}
	}
	free(ps);
	return ok;
}

void kp_verwacht_tekst(struct kp_date verwacht, char *out, size_t len)
{
	static const char *const maanden[] = { "januari", "februari", "maart",	   "april",   "mei",	  "juni",
					       "juli",	  "augustus", "september", "oktober", "november", "december" };
	int m = verwacht.m >= 1 && verwacht.m <= 12 ? verwacht.m : 1;
	snprintf(out, len, "verwacht in %s %d", maanden[m - 1], verwacht.y);
}

int kp_merge_patch(json_t *target, const json_t *patch)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)(uintptr_t)patch, key, v)
	{
		if (json_is_null(v)) {
			json_object_del(target, key);
			continue;
		}
		if (!json_is_object(v)) {
			if (json_object_set(target, key, v) != 0)
				return -1;
			continue;
		}
		json_t *t = json_object_get(target, key);
		if (!json_is_object(t)) {
			t = json_object();
			if (!t || json_object_set_new(target, key, t) != 0)
				return -1;
		}
		if (kp_merge_patch(t, v) != 0)
			return -1;
	}
	return 0;
}

/*
 * The members of gezin id as in the API view; an expected child (verwacht_op,
 * no birth date yet) gets leeftijd 0 and "verwacht": "verwacht in maart 2027".
 */
static json_t *leden_json(struct kp_conn *c, int64_t id, bool aanbod, struct kp_date today)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT id, soort, voornaam, achternaam, geboortedatum, telefoon, email, "
					   "woont_thuis, steun_voor, vog_datum, verwacht_op FROM leden WHERE gezin_id = ?1 "
					   "ORDER BY volgorde, id");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *arr = json_array();
	while (arr && sqlite3_step(st) == SQLITE_ROW) {
		bool kind = strcmp((const char *)sqlite3_column_text(st, 1), "kind") == 0;
		json_t *l = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0), "soort",
				      kind ? "kind" : "volwassene", "voornaam", (const char *)sqlite3_column_text(st, 2));
		set_text(l, "achternaam", st, 3);
		set_text(l, "geboortedatum", st, 4);
		set_text(l, "telefoon", st, 5);
		set_text(l, "email", st, 6);
		struct kp_date birth;
		int leeftijd = -1;
		if (sqlite3_column_type(st, 4) != SQLITE_NULL &&
		    kp_date_parse((const char *)sqlite3_column_text(st, 4), &birth))
			json_object_set_new(l, "leeftijd", json_integer(leeftijd = kp_age_years(birth, today)));
		else if (sqlite3_column_type(st, 10) != SQLITE_NULL &&
			 kp_date_parse((const char *)sqlite3_column_text(st, 10), &birth)) {
			/* not born yet: age 0 for every age criterion, and never counted for a VOG */
			char tekst[48];
			kp_verwacht_tekst(birth, tekst, sizeof tekst);
			set_text(l, "verwachtOp", st, 10);
			json_object_set_new(l, "verwacht", json_string(tekst));
			json_object_set_new(l, "leeftijd", json_integer(leeftijd = 0));
		}
		if (kind) {
			json_object_set_new(l, "woontThuis", json_boolean(sqlite3_column_int(st, 7)));
			json_object_set_new(l, "steunVoor", json_boolean(sqlite3_column_int(st, 8)));
		}
		/* a VOG by age: also for a member entered as kind from 16 on (needed from 18, regels.h) */
		if (!kind || leeftijd >= KP_VOG_VANAF_LEEFTIJD || sqlite3_column_type(st, 9) != SQLITE_NULL) {
			const char *vog = (const char *)sqlite3_column_text(st, 9);
			json_object_set_new(l, "vogDatum", vog ? json_string(vog) : json_null());
			json_object_set_new(l, "vogGeldig", aanbod ? json_boolean(vog_valid(vog, today)) : json_null());
		}
		json_array_append_new(arr, l);
	}
	return arr;
}

static json_t *history_json(struct kp_conn *c, int64_t id, bool statuses)
{
	sqlite3_stmt *st = kp_conn_stmt(c, statuses ? "SELECT status, datum, gebruikersnaam, rol, (SELECT naam FROM gebruikers g "
						      "WHERE g.gebruikersnaam = s.gebruikersnaam) FROM gezin_statussen s "
						      "WHERE gezin_id = ?1 ORDER BY id"
						    : "SELECT rol, van, tot, id, status, profiel FROM gezin_rollen WHERE gezin_id = ?1 "
						      "ORDER BY id");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *arr = json_array();
	while (arr && sqlite3_step(st) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0), *b = (const char *)sqlite3_column_text(st, 1),
			   *x = (const char *)sqlite3_column_text(st, 2);
		json_t *e = statuses ? json_pack("{s:s, s:s, s:s?, s:s?, s:s}", "status", a, "datum", b, "door", x, "doorNaam",
						 (const char *)sqlite3_column_text(st, 4), "rol",
						 (const char *)sqlite3_column_text(st, 3))
				     : json_pack("{s:I, s:s, s:s, s:s?, s:s?}", "id", (json_int_t)sqlite3_column_int64(st, 3),
						 "rol", a, "van", b, "tot", x, "status", (const char *)sqlite3_column_text(st, 4));
		/* an ended role keeps its profile as it was when it ended (schema 0016) */
		if (e && !statuses)
			json_object_set_new(e, "profiel", sqlite3_column_type(st, 5) == SQLITE_NULL
								 ? json_null()
								 : json_loads((const char *)sqlite3_column_text(st, 5), 0, NULL));
		json_array_append_new(arr, e);
	}
	return arr;
}

json_t *kp_toestemmingen_json(struct kp_conn *c, int64_t gezin_id)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT id, doel, gegeven_op, gegeven_door, ingetrokken_op FROM toestemmingen "
					   "WHERE gezin_id = ?1 ORDER BY id");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, gezin_id);
	json_t *arr = json_array();
	while (arr && sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s?}", "id",
						     (json_int_t)sqlite3_column_int64(st, 0), "doel",
						     (const char *)sqlite3_column_text(st, 1), "gegevenOp",
						     (const char *)sqlite3_column_text(st, 2), "gegevenDoor",
						     (const char *)sqlite3_column_text(st, 3), "ingetrokkenOp",
						     (const char *)sqlite3_column_text(st, 4)));
	return arr;
}

/*
 * Days a vraaggezin waited: from aangemeld_op until its first 'gekoppeld'
 * (gekoppeld_op, NULL when never), or until today.
 */
static json_t *wachtdagen(const char *aangemeld_op, const char *gekoppeld_op, struct kp_date today)
{
	struct kp_date from, until = today;
	if (!kp_date_parse(aangemeld_op, &from))
		return json_null();
	if (gekoppeld_op)
		kp_date_parse(gekoppeld_op, &until);
	int64_t days = kp_date_to_days(until) - kp_date_to_days(from);
	return json_integer(days < 0 ? 0 : days);
}

json_t *kp_gezin_json(struct kp_conn *c, int64_t id, const char *today_s, int64_t *versie, int64_t *werkgebied_id)
{
	struct kp_date today;
	if (!kp_date_parse(today_s, &today))
		return NULL;
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT g.naam, g.rol, g.status, w.code, g.coordinator_id, u.naam, g.postcode, "
					   "g.plaats, g.gemeente, g.lat, g.lon, g.aangemeld_op, g.profiel, g.versie, "
					   "g.aangemaakt_op, g.gewijzigd_op, g.werkgebied_id, "
					   /* the first 'gekoppeld' of a vraaggezin, for its waiting days, in the same
					    * statement; the unary "+" keeps SQLite from choosing the (status, datum)
					    * index, which without ANALYZE statistics it prefers and which walks every
					    * 'gekoppeld' row of every gezin (33 ms at 100,000 gezinnen instead of
					    * 0.02 ms through gezin_id) */
					   "CASE WHEN g.rol = 'vraaggezin' THEN (SELECT min(s.datum) FROM gezin_statussen s "
					   "WHERE s.gezin_id = g.id AND s.rol = 'vraaggezin' AND +s.status = 'gekoppeld') END "
					   "FROM gezinnen g JOIN werkgebieden w ON w.id = g.werkgebied_id "
					   "LEFT JOIN gebruikers u ON u.id = g.coordinator_id WHERE g.id = ?1");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return NULL;
	json_t *profiel = json_loads((const char *)sqlite3_column_text(st, 12), 0, NULL);
	if (!profiel)
		return NULL;
	const char *rol = (const char *)sqlite3_column_text(st, 1);
	bool aanbod = strcmp(rol, "vraaggezin") != 0;
	char rol_s[32];
	snprintf(rol_s, sizeof rol_s, "%s", rol);
	int64_t gezin_wg = sqlite3_column_int64(st, 16);
	if (versie)
		*versie = sqlite3_column_int64(st, 13);
	if (werkgebied_id)
		*werkgebied_id = sqlite3_column_int64(st, 16);
	json_t *g = json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)id, "versie",
			      (json_int_t)sqlite3_column_int64(st, 13), "naam", (const char *)sqlite3_column_text(st, 0),
			      "rol", rol);
	json_object_set_new(g, "rolGeschiedenis", json_null()); /* filled below, keeps its place */
	json_object_set_new(g, "status", json_string((const char *)sqlite3_column_text(st, 2)));
	json_object_set_new(g, "statusGeschiedenis", json_null());
	json_object_set_new(g, "werkgebied", json_string((const char *)sqlite3_column_text(st, 3)));
	json_object_set_new(g, "coordinator",
			    sqlite3_column_type(st, 4) == SQLITE_NULL
				    ? json_null()
				    : json_pack("{s:I, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 4), "naam",
						(const char *)sqlite3_column_text(st, 5)));
	/* strengths first */
	json_object_set(g, "watGaatGoed", json_object_get(profiel, "watGaatGoed") ? json_object_get(profiel, "watGaatGoed") : json_null());
	json_object_set(g, "netwerk", json_object_get(profiel, "netwerk") ? json_object_get(profiel, "netwerk") : json_null());
	json_object_set(g, "huishouden", json_object_get(profiel, "huishouden") ? json_object_get(profiel, "huishouden") : json_null());
	json_t *adres = json_object_get(profiel, "adres");
	adres = adres ? json_deep_copy(adres) : json_object();
	json_object_set_new(adres, "postcode", sqlite3_column_type(st, 6) == SQLITE_NULL ? json_null()
							: json_string((const char *)sqlite3_column_text(st, 6)));
	json_object_set_new(adres, "plaats", sqlite3_column_type(st, 7) == SQLITE_NULL ? json_null()
						      : json_string((const char *)sqlite3_column_text(st, 7)));
	json_object_set_new(adres, "gemeente", sqlite3_column_type(st, 8) == SQLITE_NULL ? json_null()
							: json_string((const char *)sqlite3_column_text(st, 8)));
	json_object_set_new(g, "adres", adres);
	bool known = sqlite3_column_type(st, 9) != SQLITE_NULL;
	json_object_set_new(g, "coordinaten", known ? json_pack("{s:f, s:f}", "lat", sqlite3_column_double(st, 9), "lon",
								  sqlite3_column_double(st, 10))
						    : json_null());
	json_object_set_new(g, "postcodeBekend", json_boolean(known));
	json_object_set(g, "talen", json_object_get(profiel, "talen") ? json_object_get(profiel, "talen") : json_array());
	json_object_set(g, "aangemeldDoor", json_object_get(profiel, "aangemeldDoor") ? json_object_get(profiel, "aangemeldDoor") : json_null());
	char aangemeld_op[16];
	snprintf(aangemeld_op, sizeof aangemeld_op, "%s", (const char *)sqlite3_column_text(st, 11));
	json_object_set_new(g, "aangemeldOp", json_string(aangemeld_op));
	json_object_set_new(g, "wachtdagen", aanbod ? json_null()
						    : wachtdagen(aangemeld_op, (const char *)sqlite3_column_text(st, 17), today));
	char aangemaakt[32], gewijzigd[32];
	snprintf(aangemaakt, sizeof aangemaakt, "%s", (const char *)sqlite3_column_text(st, 14));
	snprintf(gewijzigd, sizeof gewijzigd, "%s", (const char *)sqlite3_column_text(st, 15));
	sqlite3_reset(st);

	json_t *leden = leden_json(c, id, aanbod, today);
	json_t *rollen = history_json(c, id, false), *statussen = history_json(c, id, true);
	json_t *toest = kp_toestemmingen_json(c, id);
	if (!leden || !rollen || !statussen || !toest) {
		json_decref(leden);
		json_decref(rollen);
		json_decref(statussen);
		json_decref(toest);
		json_decref(profiel);
		json_decref(g);
		return NULL;
	}
	/* the running roles: the primary one (rol, status) and possibly one on the other side */
	json_t *lopend = json_array();
	size_t ri;
	json_t *re;
	json_array_foreach(rollen, ri, re) if (json_is_null(json_object_get(re, "tot")))
		json_array_append_new(lopend, json_pack("{s:O, s:O, s:O, s:O, s:b}", "id", json_object_get(re, "id"), "rol",
							json_object_get(re, "rol"), "status", json_object_get(re, "status"),
							"van", json_object_get(re, "van"), "primair",
							strcmp(json_string_value(json_object_get(re, "rol")), rol_s) == 0));
	json_object_set_new(g, "rollen", lopend ? lopend : json_array());
	json_object_set_new(g, "rolGeschiedenis", rollen);
	json_object_set_new(g, "statusGeschiedenis", statussen);
	json_object_set_new(g, "leden", leden);
	if (aanbod) {
		/* for which programmes it is beschikbaar, by the same rule as the status change */
		json_t *voor = json_array();
		char reason[400], signaal[320];
		int n = voor ? programmas_voor(c, gezin_wg, rol_s, leden, today, voor, reason, sizeof reason, signaal) : -1;
		if (n < 0) {
			json_decref(voor);
			json_decref(profiel);
			json_decref(g);
			return NULL;
		}
		if (strcmp(json_string_value(json_object_get(g, "status")), "beschikbaar") != 0)
			json_array_clear(voor);
		json_object_set_new(g, "beschikbaarVoor", voor);
		json_object_set_new(g, "vogSignaal", signaal[0] ? json_string(signaal) : json_null());
	} else {
		json_object_set_new(g, "beschikbaarVoor", json_null());
		json_object_set_new(g, "vogSignaal", json_null());
	}
	/* the single formal-help value of before 0016 is now the list (formele_hulp.h): never shown here */
	json_t *vraag = json_object_get(profiel, "vraag");
	vraag = json_is_object(vraag) ? json_deep_copy(vraag) : json_null();
	if (json_is_object(vraag))
		json_object_del(vraag, "formeleHulp");
	json_object_set_new(g, "vraag", vraag ? vraag : json_null());
	json_object_set(g, "aanbod", json_object_get(profiel, "aanbod") ? json_object_get(profiel, "aanbod") : json_null());
	/* registration consent withdrawn and none valid: the removal procedure is asked for */
	struct kp_toestemming *rows = malloc(KP_TOESTEMMINGEN_MAX * sizeof *rows);
	struct kp_date weg;
	bool verwijderen = rows && kp_toestemming_verwijdering(rows, kp_toestemmingen_from_json(toest, rows, KP_TOESTEMMINGEN_MAX),
							       today, &weg);
	free(rows);
	char weg_s[11];
	if (verwijderen)
		kp_date_format(weg, weg_s);
	json_object_set_new(g, "verwijderingAangevraagdOp", verwijderen ? json_string(weg_s) : json_null());
	json_object_set_new(g, "toestemmingen", toest);
	json_object_set_new(g, "aangemaaktOp", json_string(aangemaakt));
	json_object_set_new(g, "gewijzigdOp", json_string(gewijzigd));
	json_decref(profiel);
	return g;
}

/* --- writing ------------------------------------------------------------- */

/* Collects 400 problems for the merged document. */
static void invalid(json_t **p, const char *pointer, const char *reason)
{
	if (!*p)
		*p = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
	kp_problem_add_invalid_param(*p, pointer, reason);
}

/* A 422 naming one field. */
static json_t *rule(const char *pointer, const char *detail, const char *reason)
{
	json_t *p = kp_problem_json(KP_P_UNPROCESSABLE, detail);
	kp_problem_add_invalid_param(p, pointer, reason);
	return p;
}

/* Removes the null members of o and of the objects in it (in a merge document, null means absent). */
static void drop_nulls(json_t *o)
{
	const char *key;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(o, tmp, key, v)
	{
		if (json_is_null(v))
			json_object_del(o, key);
		else if (json_is_object(v))
			drop_nulls(v);
	}
}

/* The writable document of an existing gezin: its view without the read-only members. */
static json_t *current_doc(struct kp_conn *w, int64_t id, const char *today, int64_t *versie, int64_t *werkgebied_id)
{
	json_t *g = kp_gezin_json(w, id, today, versie, werkgebied_id);
	if (!g)
		return NULL;
	static const char *const readonly[] = { "id", "versie", "rolGeschiedenis", "rollen", "statusGeschiedenis", "coordinaten",
						 "postcodeBekend", "wachtdagen", "toestemmingen", "aangemaaktOp",
						 "gewijzigdOp", "beschikbaarVoor", "vogSignaal", "verwijderingAangevraagdOp" };
	for (size_t i = 0; i < sizeof readonly / sizeof readonly[0]; i++)
		json_object_del(g, readonly[i]);
	json_t *coord = json_object_get(g, "coordinator");
	json_object_set_new(g, "coordinator", json_is_object(coord) ? json_incref(json_object_get(coord, "id")) : json_null());
	drop_nulls(g);
	size_t i;
	json_t *lid;
	json_array_foreach(json_object_get(g, "leden"), i, lid)
	{
		json_object_del(lid, "leeftijd");
		json_object_del(lid, "vogGeldig");
		json_object_del(lid, "verwacht");
	}
	return g;
}

/* Looks up a werkgebied id by code; 0 when unknown. */
static int64_t werkgebied_by_code(struct kp_conn *w, const char *code)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT id FROM werkgebieden WHERE code = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	return rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : (rc == SQLITE_DONE ? 0 : -1);
}

int kp_coordinator_allowed(struct kp_conn *w, int64_t user, int64_t wg)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT 1 FROM gebruikers g WHERE g.id = ?1 AND g.actief = 1 "
					   "AND (g.rol = 'beheerder' OR (g.rol = 'coordinator' AND EXISTS (SELECT 1 "
					   "FROM gebruiker_werkgebieden gw WHERE gw.gebruiker_id = g.id AND gw.werkgebied_id = ?2)))");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user);
	sqlite3_bind_int64(st, 2, wg);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Checks the merged document; fills *kant, *wg and the normalised postcode. */
static json_t *check_doc(struct kp_conn *w, const struct kp_actor *actor, json_t *doc, bool create, struct kp_date today,
			 enum kp_kant *kant, int64_t *wg, char postcode[8])
{
	json_t *p = NULL;
	if (!kp_rol_kant(str(doc, "rol"), kant))
		invalid(&p, "/rol", "Onbekende rol.");
	else {
		const char *status = str(doc, "status");
		if (!kp_vocab_has(kp_statussen(*kant), status))
			invalid(&p, "/status", *kant == KP_KANT_VRAAG ? "Geen status van een vraaggezin."
								      : "Geen status van een steunbiedend gezin.");
		const char *own = *kant == KP_KANT_VRAAG ? "vraag" : "aanbod";
		const char *other = *kant == KP_KANT_VRAAG ? "aanbod" : "vraag";
		if (!json_is_object(json_object_get(doc, own)))
			invalid(&p, *kant == KP_KANT_VRAAG ? "/vraag" : "/aanbod",
				*kant == KP_KANT_VRAAG ? "Een vraaggezin heeft een vraag." : "Een steunbiedend gezin heeft een aanbod.");
		/* a new gezin starts with one role; later the other side's profile stays (another or an earlier role) */
		if (create && json_is_object(json_object_get(doc, other)))
			invalid(&p, *kant == KP_KANT_VRAAG ? "/aanbod" : "/vraag",
				*kant == KP_KANT_VRAAG ? "Alleen bij een steungezin, steunmaatje, buddy of estafettegezin."
						       : "Alleen bij een vraaggezin.");
	}
	*wg = werkgebied_by_code(w, str(doc, "werkgebied"));
	/* one answer for a werkgebied that does not exist and one that is not the caller's */
	if (*wg == 0 || (*wg > 0 && actor->principal && !kp_principal_sees(actor->principal, *wg)))
		invalid(&p, "/werkgebied", "Onbekend werkgebied of niet het jouwe.");
	postcode[0] = '\0';
	const char *pc = str(json_object_get(doc, "adres"), "postcode");
	if (pc)
		kp_postcode_normalise(pc, postcode);
	size_t i;
	json_t *l;
	char ptr[64];
	json_array_foreach(json_object_get(doc, "leden"), i, l)
	{
		bool kind = strcmp(str(l, "soort"), "kind") == 0;
		if (create && json_object_get(l, "id")) {
			snprintf(ptr, sizeof ptr, "/leden/%zu/id", i);
			invalid(&p, ptr, "Een nieuw lid heeft nog geen id.");
		}
		const char *verwacht = str(l, "verwachtOp");
		struct kp_date vd;
		if (verwacht && !kind) {
			snprintf(ptr, sizeof ptr, "/leden/%zu/verwachtOp", i);
			invalid(&p, ptr, "Alleen bij een kind dat nog geboren moet worden.");
		} else if (verwacht && str(l, "geboortedatum")) {
			snprintf(ptr, sizeof ptr, "/leden/%zu/verwachtOp", i);
			invalid(&p, ptr, "Het kind is geboren: laat de verwachte datum weg.");
		} else if (verwacht && kp_date_parse(verwacht, &vd) &&
			   kp_date_cmp(vd, kp_date_add_months(today, KP_VERWACHT_MAANDEN)) > 0) {
			snprintf(ptr, sizeof ptr, "/leden/%zu/verwachtOp", i);
			invalid(&p, ptr, "Ligt meer dan 10 maanden in de toekomst.");
		}
		if (kind && !str(l, "geboortedatum") && !verwacht) {
			snprintf(ptr, sizeof ptr, "/leden/%zu/geboortedatum", i);
			invalid(&p, ptr, "Vul de geboortedatum van het kind in, of de verwachte datum (verwachtOp).");
		}
		struct kp_date birth;
		if (kind && json_is_string(json_object_get(l, "vogDatum")) &&
		    !(str(l, "geboortedatum") && kp_date_parse(str(l, "geboortedatum"), &birth) &&
		      kp_age_years(birth, today) >= KP_VOG_VANAF_LEEFTIJD)) {
			snprintf(ptr, sizeof ptr, "/leden/%zu/vogDatum", i);
			invalid(&p, ptr, "Een VOG hoort bij een lid van 16 jaar of ouder.");
		}
		if (!kind && (json_object_get(l, "steunVoor") || json_object_get(l, "woontThuis"))) {
			snprintf(ptr, sizeof ptr, "/leden/%zu/%s", i, json_object_get(l, "steunVoor") ? "steunVoor" : "woontThuis");
			invalid(&p, ptr, "Alleen bij een kind.");
		}
	}
	if (p || *wg < 0)
		return p;
	if (create) {
		bool registratie = false;
		json_array_foreach(json_object_get(doc, "toestemmingen"), i, l) registratie |=
			strcmp(str(l, "doel"), "registratie") == 0;
		if (!registratie)
			return rule("/toestemmingen", "Zonder toestemming voor registratie kan een gezin niet worden ingeschreven.",
				    "Toestemming voor registratie ontbreekt.");
	}
	if (*kant == KP_KANT_AANBOD && strcmp(str(doc, "status"), "beschikbaar") == 0) {
		/* beschikbaar when at least one programme offered here that takes its role accepts it (regels.c) */
		char reason[400];
		int n = programmas_voor(w, *wg, str(doc, "rol"), json_object_get(doc, "leden"), today, NULL, reason,
					sizeof reason, NULL);
		if (n < 0) {
			*wg = -1;
			return NULL;
		}
		if (n == 0)
			return rule("/status",
				    "Een gezin is pas beschikbaar als het voldoet aan de regels van een programma in zijn werkgebied: "
				    "elk lid van 18 jaar of ouder heeft een geldige VOG, tenzij het programma deze rol vrijstelt.",
				    reason);
	}
	return NULL;
}

/* Writes the leden of gezin id from the document: kept by id, added, removed. */
static int write_leden(struct kp_conn *w, int64_t id, const json_t *leden, json_t **p)
{
	json_t *kept = json_array();
	size_t i;
	const json_t *l;
	int rc = SQLITE_OK;
	json_array_foreach(leden, i, l)
	{
		const json_t *lid_id = json_object_get(l, "id");
		sqlite3_stmt *st = kp_conn_stmt(
			w, lid_id ? "UPDATE leden SET volgorde = ?2, soort = ?3, voornaam = ?4, achternaam = ?5, "
				    "geboortedatum = ?6, telefoon = ?7, email = ?8, woont_thuis = ?9, steun_voor = ?10, "
				    "vog_datum = ?11, verwacht_op = ?13 WHERE id = ?12 AND gezin_id = ?1"
				  : "INSERT INTO leden(gezin_id, volgorde, soort, voornaam, achternaam, geboortedatum, telefoon, "
				    "email, woont_thuis, steun_voor, vog_datum, verwacht_op) "
				    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13)");
		if (!st) {
			rc = SQLITE_ERROR;
			break;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, str(l, "soort"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, str(l, "voornaam"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, str(l, "achternaam"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, str(l, "geboortedatum"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, str(l, "telefoon"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 8, str(l, "email"), -1, SQLITE_TRANSIENT);
		const json_t *thuis = json_object_get(l, "woontThuis");
		sqlite3_bind_int(st, 9, thuis ? json_is_true(thuis) : 1);
		sqlite3_bind_int(st, 10, json_is_true(json_object_get(l, "steunVoor")));
		sqlite3_bind_text(st, 11, str(l, "vogDatum"), -1, SQLITE_TRANSIENT);
		if (lid_id)
			sqlite3_bind_int64(st, 12, json_integer_value(lid_id));
		sqlite3_bind_text(st, 13, str(l, "verwachtOp"), -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = SQLITE_ERROR;
			break;
		}
		if (lid_id && sqlite3_changes(kp_conn_handle(w)) == 0) {
			char ptr[48];
			snprintf(ptr, sizeof ptr, "/leden/%zu/id", i);
			invalid(p, ptr, "Geen lid van dit gezin.");
			rc = SQLITE_CONSTRAINT;
			break;
		}
		json_array_append_new(kept, json_integer(lid_id ? json_integer_value(lid_id)
							      : sqlite3_last_insert_rowid(kp_conn_handle(w))));
	}
	if (rc == SQLITE_OK) {
		char *ids = json_dumps(kept, JSON_COMPACT);
		sqlite3_stmt *st = ids ? kp_conn_stmt(w, "DELETE FROM leden WHERE gezin_id = ?1 AND id NOT IN "
							 "(SELECT value FROM json_each(?2))")
				       : NULL;
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, ids, -1, SQLITE_TRANSIENT);
		}
		rc = st && sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		free(ids);
	}
	json_decref(kept);
	return rc;
}

/* Runs one statement with text/integer parameters given as a JSON array; SQLITE_OK on DONE. */
static int exec_params(struct kp_conn *w, const char *sql, json_t *params)
{
	sqlite3_stmt *st = kp_conn_stmt(w, sql);
	int rc = SQLITE_ERROR;
	if (st && params) {
		size_t i;
		json_t *v;
		json_array_foreach(params, i, v)
		{
			if (json_is_integer(v))
				sqlite3_bind_int64(st, (int)i + 1, json_integer_value(v));
			else if (json_is_real(v))
				sqlite3_bind_double(st, (int)i + 1, json_real_value(v));
			else if (json_is_string(v))
				sqlite3_bind_text(st, (int)i + 1, json_string_value(v), -1, SQLITE_TRANSIENT);
		}
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	json_decref(params);
	return rc;
}

/* The running koppelingen of gezin id in role rol (as vraaggezin, or as supporter): count, or -1 on an error. */
static int64_t koppelingen_in_rol(struct kp_conn *w, int64_t id, const char *rol)
{
	bool vraag = strcmp(rol, "vraaggezin") == 0;
	sqlite3_stmt *st = kp_conn_stmt(w, vraag ? "SELECT count(*) FROM koppelingen WHERE vraaggezin_id = ?1 "
						   "AND fase NOT IN ('afronding', 'gestopt')"
						 : "SELECT count(*) FROM koppelingen WHERE steungezin_id = ?1 "
						   "AND fase NOT IN ('afronding', 'gestopt')");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

/*
 * The running role periods of gezin id other than rol `behalve` (may be
 * NULL): on the side kant (-1: any). Returns the number found (0 or 1 in
 * practice), with the first one's id, rol (32 bytes) and status (32 bytes)
 * when not NULL; -1 on an error.
 */
static int open_rol(struct kp_conn *w, int64_t id, const char *behalve, int kant, int64_t *rol_id, char *rol, char *status)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT id, rol, coalesce(status, '') FROM gezin_rollen WHERE gezin_id = ?1 "
					   "AND tot IS NULL AND rol IS NOT ?2 AND (?3 < 0 OR (rol = 'vraaggezin') = (?3 = 0)) "
					   "ORDER BY id");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, behalve, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, kant);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == 0) {
			if (rol_id)
				*rol_id = sqlite3_column_int64(st, 0);
			if (rol)
				snprintf(rol, 32, "%s", (const char *)sqlite3_column_text(st, 1));
			if (status)
				snprintf(status, 32, "%s", (const char *)sqlite3_column_text(st, 2));
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

/*
 * kp_gezin_write with two choices for the role periods: rol_erbij keeps the
 * current primary role running beside the new one (a supporter that starts
 * asking: the vraaggezin role becomes primary); eind is the date an ended
 * primary role ends (NULL: today).
 */
static int gezin_write(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
		       const json_t *patch, const char *today_s, int64_t *out_id, json_t **problem, bool rol_erbij,
		       const char *eind)
{
	int64_t cur_versie = 0;
	bool promoted = false;
	*problem = NULL;
	struct kp_date today;
	if (!kp_date_parse(today_s, &today))
		return 503;
	bool create = id == 0;
	json_t *doc;
	char old_rol[32] = "", old_status[32] = "";
	if (create) {
		doc = json_deep_copy(patch);
		if (!json_object_get(doc, "status"))
			json_object_set_new(doc, "status", json_string("aangemeld"));
		if (!json_object_get(doc, "aangemeldOp"))
			json_object_set_new(doc, "aangemeldOp", json_string(today_s));
	} else {
		/* visibility in its own scoped statement, before anything of the row is read */
		int seen = kp_scope_gezin_zichtbaar(w, actor->principal, id);
		if (seen < 0)
			return 503;
		int64_t cur_wg = 0;
		doc = seen ? current_doc(w, id, today_s, &cur_versie, &cur_wg) : NULL;
		if (!doc) {
			*problem = kp_problem_json(KP_P_NOT_FOUND, "Dit gezin bestaat niet.");
			return 404;
		}
		if (!im || !kp_if_match_ok(im, cur_versie)) {
			json_decref(doc);
			*problem = kp_problem_json(KP_P_PRECONDITION_FAILED,
						   "Iemand anders heeft dit gezin intussen gewijzigd. Laad opnieuw en probeer het nog eens.");
			return 412;
		}
		int anon = kp_gezin_geanonimiseerd(w, id);
		if (anon != 0) {
			json_decref(doc);
			if (anon < 0)
				return 503;
			*problem = kp_problem_json(KP_P_CONFLICT, KP_GEANONIMISEERD);
			return 409;
		}
		if (json_object_get(patch, "toestemmingen")) {
			json_decref(doc);
			*problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
			kp_problem_add_invalid_param(*problem, "/toestemmingen", "Wijzig toestemmingen via /toestemmingen.");
			return 400;
		}
		snprintf(old_rol, sizeof old_rol, "%s", str(doc, "rol"));
		snprintf(old_status, sizeof old_status, "%s", str(doc, "status"));
		/* RFC 7396: nested objects merged member by member; the merged document is checked whole */
		json_t *vp = NULL;
		if (!json_is_object(patch) || kp_merge_patch(doc, patch) != 0 ||
		    (vp = kp_json_validate(doc, kp_gezin_spec, kp_gezin_spec_count, false)) != NULL) {
			json_decref(doc);
			*problem = vp;
			return vp ? 400 : 503;
		}
		bool rol_changed = strcmp(old_rol, str(doc, "rol")) != 0;
		if (rol_changed) {
			/* a role change keeps the vraag and aanbod (each role's profile); the old role's period ends,
			 * never while its own koppeling runs; the new role may be the gezin's other running one */
			const char *nieuw = str(doc, "rol");
			char o_rol[32] = "", o_status[32] = "";
			int kant = strcmp(nieuw, "vraaggezin") == 0 ? 0 : 1;
			int64_t loopt = rol_erbij ? 0 : koppelingen_in_rol(w, id, old_rol);
			int other = open_rol(w, id, old_rol, kant, NULL, o_rol, o_status);
			if (loopt < 0 || other < 0) {
				json_decref(doc);
				return 503;
			}
			if (loopt > 0) {
				json_decref(doc);
				*problem = rule("/rol", "De rol van dit gezin kan niet eindigen zolang een koppeling in die rol loopt.",
						"Rond de lopende koppeling eerst af of stop die.");
				return 422;
			}
			if (other > 0 && strcmp(o_rol, nieuw) != 0) {
				json_decref(doc);
				*problem = rule("/rol", "Dit gezin heeft aan die kant al een lopende rol; een gezin heeft er één per kant.",
						"Beëindig eerst de andere rol.");
				return 409;
			}
			promoted = other > 0;
			if (!json_object_get(patch, "status"))
				json_object_set_new(doc, "status", json_string(promoted && o_status[0] ? o_status : "aangemeld"));
		}
	}
	if (!doc)
		return 503;
	/* the date of a status change: given, else the registration date (new) or today */
	char status_datum[16];
	snprintf(status_datum, sizeof status_datum, "%s",
		 str(doc, "statusDatum") ? str(doc, "statusDatum") : (create ? str(doc, "aangemeldOp") : today_s));
	json_object_del(doc, "statusDatum");

	enum kp_kant kant = KP_KANT_VRAAG;
	int64_t wg = 0;
	char postcode[8];
	json_t *p = check_doc(w, actor, doc, create, today, &kant, &wg, postcode);
	if (!p && wg < 0) {
		json_decref(doc);
		return 503;
	}
	/* the responsible coordinator: one answer for "unknown" and "not allowed", so nothing about users leaks */
	if (!p && json_is_integer(json_object_get(doc, "coordinator"))) {
		int ok = kp_coordinator_allowed(w, json_integer_value(json_object_get(doc, "coordinator")), wg);
		if (ok < 0) {
			json_decref(doc);
			return 503;
		}
		if (!ok) {
			json_decref(doc);
			*problem = rule("/coordinator", KP_COORDINATOR_NIET_TOEGESTAAN, KP_COORDINATOR_NIET_TOEGESTAAN);
			return 422;
		}
	}
	/* the gemeente: one of the werkgebied's list, in its spelling, or onbekend (gemeenten.h) */
	if (!p) {
		int gs = kp_gemeente_check(w, create ? 0 : id, wg, json_object_get(doc, "adres"), problem);
		if (gs != 0) {
			json_decref(doc);
			return gs;
		}
	}
	bool status_changed = create || strcmp(old_status, str(doc, "status")) != 0 || strcmp(old_rol, str(doc, "rol")) != 0;
	if (!p && status_changed && !create) {
		/* dated history stays in order, so reports over past periods stay true */
		sqlite3_stmt *st = kp_conn_stmt(w, "SELECT max(datum) FROM gezin_statussen WHERE gezin_id = ?1");
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
			    strcmp((const char *)sqlite3_column_text(st, 0), status_datum) > 0)
				invalid(&p, "/statusDatum", "Ligt voor de vorige statuswijziging.");
		}
	}
	if (p) {
		json_decref(doc);
		*problem = p;
		return json_integer_value(json_object_get(p, "status")) == 422 ? 422 : 400;
	}

	/* vraag.formeleHulp of older clients opens an item of the formal-help list (formele_hulp.h), never stored here */
	json_t *oude_hulp = json_object_get(json_object_get(doc, "vraag"), "formeleHulp");
	if (oude_hulp) {
		json_incref(oude_hulp);
		json_object_del(json_object_get(doc, "vraag"), "formeleHulp");
	}

	/* the profile: everything that is not a column of its own */
	json_t *adres = json_object_get(doc, "adres");
	json_t *profiel = json_pack("{s:O?, s:O?, s:O?, s:{s:O?, s:O?}, s:O?, s:O?, s:O?, s:O?}", "watGaatGoed",
				    json_object_get(doc, "watGaatGoed"), "netwerk", json_object_get(doc, "netwerk"),
				    "huishouden", json_object_get(doc, "huishouden"), "adres", "straat",
				    json_object_get(adres, "straat"), "huisnummer", json_object_get(adres, "huisnummer"),
				    "talen", json_object_get(doc, "talen"), "aangemeldDoor",
				    json_object_get(doc, "aangemeldDoor"), "vraag", json_object_get(doc, "vraag"), "aanbod",
				    json_object_get(doc, "aanbod"));
	char *profiel_text = profiel ? json_dumps(profiel, JSON_COMPACT) : NULL;
	json_decref(profiel);
	char now[32];
	kp_format_time(kp_now(), now);
	const json_t *coord = json_object_get(doc, "coordinator");
	int rc = profiel_text ? SQLITE_OK : SQLITE_NOMEM;
	sqlite3_stmt *st = NULL;
	if (rc == SQLITE_OK)
		st = kp_conn_stmt(w, create ? "INSERT INTO gezinnen(naam, rol, status, werkgebied_id, coordinator_id, postcode, "
					      "pc4, plaats, gemeente, lat, lon, aangemeld_op, profiel, aangemaakt_op, "
					      "gewijzigd_op) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, p.lat, p.lon, ?10, ?11, "
					      "?12, ?12 FROM (SELECT 1) LEFT JOIN postcodes p ON p.pc4 = ?7"
					    : "UPDATE gezinnen SET naam = ?1, rol = ?2, status = ?3, werkgebied_id = ?4, "
					      "coordinator_id = ?5, postcode = ?6, pc4 = ?7, plaats = ?8, gemeente = ?9, "
					      "lat = (SELECT lat FROM postcodes WHERE pc4 = ?7), "
					      "lon = (SELECT lon FROM postcodes WHERE pc4 = ?7), aangemeld_op = ?10, "
					      "profiel = ?11, gewijzigd_op = ?12, versie = versie + 1 "
					      "WHERE id = ?13 AND versie = ?14");
	if (st) {
		sqlite3_bind_text(st, 1, str(doc, "naam"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, str(doc, "rol"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, str(doc, "status"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 4, wg);
		if (json_is_integer(coord))
			sqlite3_bind_int64(st, 5, json_integer_value(coord));
		if (postcode[0]) {
			sqlite3_bind_text(st, 6, postcode, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(st, 7, atoi(postcode));
		}
		sqlite3_bind_text(st, 8, str(adres, "plaats"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 9, str(adres, "gemeente"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 10, str(doc, "aangemeldOp"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 11, profiel_text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 12, now, -1, SQLITE_TRANSIENT);
		if (!create) {
			sqlite3_bind_int64(st, 13, id);
			sqlite3_bind_int64(st, 14, cur_versie);
		}
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		if (create && rc == SQLITE_OK)
			id = sqlite3_last_insert_rowid(kp_conn_handle(w));
	} else {
		rc = SQLITE_ERROR;
	}
	free(profiel_text);
	if (rc == SQLITE_OK) /* where it lives and which werkgebied holds it, dated (gemeenten.h) */
		rc = kp_gemeente_historie(w, id, str(adres, "gemeente"), wg, create ? str(doc, "aangemeldOp") : today_s);
	json_t *lp = NULL;
	if (rc == SQLITE_OK)
		rc = write_leden(w, id, json_object_get(doc, "leden"), &lp);
	/* a new gezin's first role period comes from a trigger (schema 0016); a change ends the old period
	 * (its profile kept with it) unless it stays beside the new one, and starts the new one unless that runs */
	if (rc == SQLITE_OK && !create && strcmp(old_rol, str(doc, "rol")) != 0) {
		if (!rol_erbij)
			rc = exec_params(w, "UPDATE gezin_rollen SET tot = ?2, profiel = (SELECT json_object(?4, "
					    "json_extract(g.profiel, '$.' || ?4)) FROM gezinnen g WHERE g.id = ?1) "
					    "WHERE gezin_id = ?1 AND rol = ?3 AND tot IS NULL",
					 json_pack("[I, s, s, s]", (json_int_t)id, eind ? eind : today_s, old_rol,
						   strcmp(old_rol, "vraaggezin") == 0 ? "vraag" : "aanbod"));
		if (rc == SQLITE_OK && !promoted)
			rc = exec_params(w, "INSERT INTO gezin_rollen(gezin_id, rol, van, status) VALUES (?1, ?2, ?3, ?4)",
					 json_pack("[I, s, s, s]", (json_int_t)id, str(doc, "rol"), today_s, str(doc, "status")));
	}
	if (rc == SQLITE_OK && status_changed)
		rc = exec_params(w, "INSERT INTO gezin_statussen(gezin_id, rol, status, datum, gebruiker_id, gebruikersnaam) "
				    "VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6)",
				 json_pack("[I, s, s, s, I, s?]", (json_int_t)id, str(doc, "rol"), str(doc, "status"),
					   status_datum, (json_int_t)actor->gebruiker_id, actor->gebruikersnaam));
	if (rc == SQLITE_OK && oude_hulp)
		rc = kp_formele_hulp_uit_vraag(w, actor, id, oude_hulp, create ? str(doc, "aangemeldOp") : today_s);
	json_decref(oude_hulp);
	if (rc == SQLITE_OK && create) {
		size_t i;
		json_t *t;
		json_array_foreach(json_object_get(doc, "toestemmingen"), i, t) if (rc == SQLITE_OK) rc = exec_params(
			w, "INSERT INTO toestemmingen(gezin_id, doel, gegeven_op, gegeven_door) VALUES (?1, ?2, ?3, ?4)",
			json_pack("[I, s, s, s]", (json_int_t)id, str(t, "doel"), str(t, "gegevenOp"), str(t, "gegevenDoor")));
	}
	if (rc == SQLITE_OK) /* the search row and the sort key, from the rows just written (zoeken.h) */
		rc = kp_zoek_gezin_bijwerken(w, id);
	if (rc == SQLITE_OK) {
		json_t *velden = json_array();
		const char *key;
		json_t *v;
		json_object_foreach((json_t *)(uintptr_t)patch, key, v) json_array_append_new(velden, json_string(key));
		json_t *d = json_pack("{s:o}", "velden", velden);
		char *details = d ? json_dumps(d, JSON_COMPACT) : NULL;
		json_decref(d);
		char oid[24];
		snprintf(oid, sizeof oid, "%lld", (long long)id);
		struct kp_audit_entry e = { .gebruiker_id = actor->gebruiker_id,
					    .gebruikersnaam = actor->gebruikersnaam,
					    .actie = create ? "aanmaken" : "wijzigen",
					    .object_soort = "gezin",
					    .object_id = oid,
					    .client = actor->client,
					    .details = details };
		rc = details ? kp_audit_append(w, &e) : SQLITE_NOMEM;
		free(details);
	}
	json_decref(doc);
	if (lp) {
		*problem = lp;
		return 400;
	}
	if (rc != SQLITE_OK)
		return 503;
	*out_id = id;
	return 0;
}

int kp_gezin_write(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
		   const json_t *patch, const char *today_s, int64_t *out_id, json_t **problem)
{
	return gezin_write(w, actor, id, im, patch, today_s, out_id, problem, false, NULL);
}

/* --- roles as periods ------------------------------------------------------ */

const struct kp_field kp_gezin_rol_spec[KP_GEZIN_ROL_VELDEN] = {
	{ .name = "rol", .type = KP_F_STRING, .required = true, .one_of = kp_rollen_codes },
	{ .name = "vraag", .type = KP_F_OBJECT, .fields = vraag_spec, .n_fields = sizeof vraag_spec / sizeof vraag_spec[0] },
	{ .name = "aanbod", .type = KP_F_OBJECT, .fields = aanbod_spec, .n_fields = sizeof aanbod_spec / sizeof aanbod_spec[0] },
};
const struct kp_field kp_gezin_rol_wijziging_spec[KP_GEZIN_ROL_WIJZIGING_VELDEN] = {
	{ .name = "status", .type = KP_F_STRING, .min_len = 1, .max_len = 32 },
	{ .name = "statusDatum", .type = KP_F_STRING, .check = kp_check_past_date },
	{ .name = "tot", .type = KP_F_STRING, .check = kp_check_past_date },
};

/* Raises the version of gezin id (a change of one of its roles is a change of the gezin). */
static int touch(struct kp_conn *w, int64_t id)
{
	char now[32];
	kp_format_time(kp_now(), now);
	return exec_params(w, "UPDATE gezinnen SET versie = versie + 1, gewijzigd_op = ?2 WHERE id = ?1",
			   json_pack("[I, s]", (json_int_t)id, now));
}

/* The audit entry of a write of role period rol_id of gezin id. */
static int audit_rol(struct kp_conn *w, const struct kp_actor *actor, const char *actie, int64_t rol_id, int64_t id,
		     const char *rol)
{
	char details[160], oid[24];
	snprintf(details, sizeof details, "{\"gezin\":%lld,\"rol\":\"%s\"}", (long long)id, rol);
	snprintf(oid, sizeof oid, "%lld", (long long)rol_id);
	struct kp_audit_entry e = { .gebruiker_id = actor->gebruiker_id,
				    .gebruikersnaam = actor->gebruikersnaam,
				    .actie = actie,
				    .object_soort = "gezin-rol",
				    .object_id = oid,
				    .client = actor->client,
				    .details = details };
	return kp_audit_append(w, &e);
}

/* Visibility, version and anonymisation of gezin id for a role write; 0, or the status with *problem. */
static int rol_precheck(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			char primair[32], json_t **problem)
{
	int seen = kp_scope_gezin_zichtbaar(w, actor->principal, id);
	if (seen < 0)
		return 503;
	sqlite3_stmt *st = seen ? kp_conn_stmt(w, "SELECT rol, versie, geanonimiseerd_op IS NOT NULL FROM gezinnen WHERE id = ?1")
				: NULL;
	if (seen && !st)
		return 503;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		seen = sqlite3_step(st) == SQLITE_ROW;
	}
	if (!seen) {
		if (st)
			sqlite3_reset(st);
		*problem = kp_problem_json(KP_P_NOT_FOUND, "Dit gezin bestaat niet.");
		return 404;
	}
	snprintf(primair, 32, "%s", (const char *)sqlite3_column_text(st, 0));
	int64_t versie = sqlite3_column_int64(st, 1);
	bool anon = sqlite3_column_int(st, 2) != 0;
	sqlite3_reset(st);
	if (!im || !kp_if_match_ok(im, versie)) {
		*problem = kp_problem_json(KP_P_PRECONDITION_FAILED,
					   "Iemand anders heeft dit gezin intussen gewijzigd. Laad opnieuw en probeer het nog eens.");
		return 412;
	}
	if (anon) {
		*problem = kp_problem_json(KP_P_CONFLICT, KP_GEANONIMISEERD);
		return 409;
	}
	return 0;
}

int kp_gezin_rol_add(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
		     const json_t *body, const char *today, int64_t *rol_id, json_t **problem)
{
	*problem = NULL;
	char primair[32];
	int status = rol_precheck(w, actor, id, im, primair, problem);
	if (status)
		return status;
	const char *rol = str(body, "rol");
	enum kp_kant kant;
	if (!kp_rol_kant(rol, &kant))
		return 503; /* validated by the caller */
	int other = open_rol(w, id, NULL, kant == KP_KANT_VRAAG ? 0 : 1, NULL, NULL, NULL);
	if (other < 0)
		return 503;
	if (other > 0) {
		*problem = rule("/rol", "Dit gezin heeft aan die kant al een lopende rol; een gezin heeft er één per kant.",
				"Beëindig eerst de andere rol, of wijzig die.");
		return 422;
	}
	struct kp_if_match any = { .any = true };
	int64_t out = 0;
	json_t *patch;
	if (kant == KP_KANT_VRAAG) {
		/* a supporter that starts asking: the vraaggezin role becomes primary, the supporting role runs on */
		patch = json_pack("{s:s}", "rol", rol);
		if (patch && json_object_get(body, "vraag"))
			json_object_set(patch, "vraag", json_object_get(body, "vraag"));
		status = patch ? gezin_write(w, actor, id, &any, patch, today, &out, problem, true, NULL) : 503;
	} else {
		/* a vraaggezin that also supports: its aanbod, checked with the whole gezin; the vraag stays */
		json_t *cur = kp_gezin_json(w, id, today, NULL, NULL);
		if (!cur)
			return 503;
		bool heeft = json_is_object(json_object_get(cur, "aanbod")) || json_is_object(json_object_get(body, "aanbod"));
		json_decref(cur);
		if (!heeft) {
			*problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
			kp_problem_add_invalid_param(*problem, "/aanbod", "Een steunbiedende rol heeft een aanbod.");
			return 400;
		}
		patch = json_object();
		if (patch && json_object_get(body, "aanbod"))
			json_object_set(patch, "aanbod", json_object_get(body, "aanbod"));
		status = patch ? gezin_write(w, actor, id, &any, patch, today, &out, problem, false, NULL) : 503;
		int rc = status == 0 ? exec_params(w, "INSERT INTO gezin_rollen(gezin_id, rol, van, status) "
						      "VALUES (?1, ?2, ?3, 'aangemeld')",
						   json_pack("[I, s, s]", (json_int_t)id, rol, today))
				     : SQLITE_OK;
		if (status == 0 && rc == SQLITE_OK)
			rc = exec_params(w, "INSERT INTO gezin_statussen(gezin_id, rol, status, datum, gebruiker_id, "
					    "gebruikersnaam) VALUES (?1, ?2, 'aangemeld', ?3, nullif(?4, 0), ?5)",
					 json_pack("[I, s, s, I, s?]", (json_int_t)id, rol, today,
						   (json_int_t)actor->gebruiker_id, actor->gebruikersnaam));
		if (rc != SQLITE_OK)
			status = 503;
	}
	json_decref(patch);
	if (status)
		return status;
	if (open_rol(w, id, NULL, kant == KP_KANT_VRAAG ? 0 : 1, rol_id, NULL, NULL) != 1 ||
	    audit_rol(w, actor, "aanmaken", *rol_id, id, rol) != SQLITE_OK)
		return 503;
	return 0;
}

int kp_gezin_rol_patch(struct kp_conn *w, const struct kp_actor *actor, int64_t id, int64_t rol_id,
		       const struct kp_if_match *im, const json_t *body, const char *today_s, json_t **problem)
{
	*problem = NULL;
	char primair[32];
	int status = rol_precheck(w, actor, id, im, primair, problem);
	if (status)
		return status;
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT rol, van, tot FROM gezin_rollen WHERE id = ?1 AND gezin_id = ?2");
	if (!st)
		return 503;
	sqlite3_bind_int64(st, 1, rol_id);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return 503;
		*problem = kp_problem_json(KP_P_NOT_FOUND, "Deze rol bestaat niet bij dit gezin.");
		return 404;
	}
	char rol[32], van[16];
	snprintf(rol, sizeof rol, "%s", (const char *)sqlite3_column_text(st, 0));
	snprintf(van, sizeof van, "%s", (const char *)sqlite3_column_text(st, 1));
	bool beeindigd = sqlite3_column_type(st, 2) != SQLITE_NULL;
	sqlite3_reset(st);
	if (beeindigd) {
		*problem = rule("/tot", "Deze rol is al beëindigd.", "Al beëindigd.");
		return 422;
	}
	if (json_object_size(body) == 0) {
		*problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(*problem, "/tot", "Stuur tot (beëindigen) of status.");
		return 400;
	}
	bool is_primair = strcmp(rol, primair) == 0;
	enum kp_kant kant;
	kp_rol_kant(rol, &kant);
	struct kp_if_match any = { .any = true };
	int64_t out = 0;
	const char *tot = str(body, "tot"), *nieuw = str(body, "status");
	if (tot && strcmp(tot, van) < 0) {
		*problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(*problem, "/tot", "Ligt voor het begin van de rol.");
		return 400;
	}
	if (nieuw) {
		if (!kp_vocab_has(kp_statussen(kant), nieuw)) {
			*problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
			kp_problem_add_invalid_param(*problem, "/status", kant == KP_KANT_VRAAG ? "Geen status van een vraaggezin."
												 : "Geen status van een steunbiedend gezin.");
			return 400;
		}
		if (is_primair) {
			json_t *patch = json_pack("{s:s}", "status", nieuw);
			if (patch && json_object_get(body, "statusDatum"))
				json_object_set(patch, "statusDatum", json_object_get(body, "statusDatum"));
			status = patch ? gezin_write(w, actor, id, &any, patch, today_s, &out, problem, false, NULL) : 503;
			json_decref(patch);
			if (status)
				return status;
		} else {
			struct kp_date today;
			json_t *cur = kp_date_parse(today_s, &today) ? kp_gezin_json(w, id, today_s, NULL, NULL) : NULL;
			if (!cur)
				return 503;
			int64_t wg = 0;
			sqlite3_stmt *q = kp_conn_stmt(w, "SELECT werkgebied_id FROM gezinnen WHERE id = ?1");
			if (q) {
				sqlite3_bind_int64(q, 1, id);
				if (sqlite3_step(q) == SQLITE_ROW)
					wg = sqlite3_column_int64(q, 0);
				sqlite3_reset(q);
			}
			char reason[400];
			int n = strcmp(nieuw, "beschikbaar") == 0
					? programmas_voor(w, wg, rol, json_object_get(cur, "leden"), today, NULL, reason,
							  sizeof reason, NULL)
					: 1;
			json_decref(cur);
			if (n < 0)
				return 503;
			if (n == 0) {
				*problem = rule("/status",
						"Een gezin is pas beschikbaar als het voldoet aan de regels van een programma in zijn "
						"werkgebied: elk lid van 18 jaar of ouder heeft een geldige VOG, tenzij het programma "
						"deze rol vrijstelt.",
						reason);
				return 422;
			}
			const char *datum = str(body, "statusDatum") ? str(body, "statusDatum") : today_s;
			rc = exec_params(w, "UPDATE gezin_rollen SET status = ?2 WHERE id = ?1",
					 json_pack("[I, s]", (json_int_t)rol_id, nieuw));
			if (rc == SQLITE_OK)
				rc = exec_params(w, "INSERT INTO gezin_statussen(gezin_id, rol, status, datum, gebruiker_id, "
						    "gebruikersnaam) VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6)",
						 json_pack("[I, s, s, s, I, s?]", (json_int_t)id, rol, nieuw, datum,
							   (json_int_t)actor->gebruiker_id, actor->gebruikersnaam));
			if (rc == SQLITE_OK && !tot)
				rc = touch(w, id);
			if (rc != SQLITE_OK)
				return 503;
		}
	}
	if (tot) {
		int64_t loopt = koppelingen_in_rol(w, id, rol);
		char o_rol[32] = "";
		int other = open_rol(w, id, rol, -1, NULL, o_rol, NULL);
		if (loopt < 0 || other < 0)
			return 503;
		if (loopt > 0) {
			*problem = rule("/tot", "Deze rol kan niet eindigen zolang een koppeling in die rol loopt.",
					"Rond de lopende koppeling eerst af of stop die.");
			return 422;
		}
		if (is_primair && other == 0) {
			*problem = rule("/tot", "Een gezin houdt minstens één lopende rol.",
					"Wijzig de rol van het gezin, of zet de status op gestopt.");
			return 422;
		}
		if (is_primair) {
			/* the other running role becomes primary; this period ends on tot, its profile kept with it */
			json_t *patch = json_pack("{s:s}", "rol", o_rol);
			status = patch ? gezin_write(w, actor, id, &any, patch, today_s, &out, problem, false, tot) : 503;
			json_decref(patch);
			if (status)
				return status;
		} else {
			rc = exec_params(w, "UPDATE gezin_rollen SET tot = ?2, profiel = (SELECT json_object(?3, "
					    "json_extract(g.profiel, '$.' || ?3)) FROM gezinnen g WHERE g.id = gezin_rollen.gezin_id) "
					    "WHERE id = ?1",
					 json_pack("[I, s, s]", (json_int_t)rol_id, tot, kant == KP_KANT_VRAAG ? "vraag" : "aanbod"));
			if (rc != SQLITE_OK || touch(w, id) != SQLITE_OK)
				return 503;
		}
	}
	return audit_rol(w, actor, tot ? "beeindigen" : "wijzigen", rol_id, id, rol) == SQLITE_OK ? 0 : 503;
}
