/*
 * matchdata.c - see matchdata.h.
 */
#include "matchdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "db.h"
#include "fasen.h"
#include "regels.h"
#include "steun.h"

static int vocab_index(const struct kp_vocab *v, const char *code)
{
	for (size_t i = 0; code && i < v->n; i++)
		if (strcmp(v->terms[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* A bit set from an array of vocabulary codes. */
static uint32_t bits(const json_t *arr, const struct kp_vocab *v)
{
	uint32_t mask = 0;
	size_t i;
	const json_t *x;
	json_array_foreach(arr, i, x)
	{
		int k = vocab_index(v, json_string_value(x));
		if (k >= 0 && k < 32)
			mask |= 1u << k;
	}
	return mask;
}

/* Hashes up to KP_MATCH_MAX strings of arr into out; returns how many. */
static uint8_t hashes(const json_t *arr, uint32_t *out)
{
	uint8_t n = 0;
	size_t i;
	const json_t *x;
	json_array_foreach(arr, i, x) if (json_is_string(x) && n < KP_MATCH_MAX) out[n++] = kp_match_hash(json_string_value(x));
	return n;
}

/* 1 when table programmas has column col, 0 when not, -1 on an error. */
static int programmas_has(struct kp_conn *c, const char *col)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT count(*) FROM pragma_table_info('programmas') WHERE name = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, col, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int has = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) > 0 : -1;
	sqlite3_reset(st);
	return has;
}

/* The columns behind struct kp_regels, in the order regels_from_row reads them. */
#define REGELS_NIEUW "p.id, p.naam, p.rollen, p.vog_geldigheid_maanden, p.vog_vrijgestelde_rollen, p.max_afstand_km, p.gearchiveerd "
#define REGELS_OUD                                                                                                     \
	"p.id, p.naam, p.rollen, p.vog_geldigheid_maanden, "                                                           \
	"CASE WHEN p.estafette_vog_vrijgesteld THEN '[\"estafettegezin\"]' ELSE '[]' END, NULL, 0 "

/* Fills r from a row of REGELS_NIEUW or REGELS_OUD. */
static void regels_from_row(sqlite3_stmt *st, struct kp_regels *r)
{
	json_t *rollen = json_loads((const char *)sqlite3_column_text(st, 2), 0, NULL);
	json_t *vrij = json_loads((const char *)sqlite3_column_text(st, 4), 0, NULL);
	*r = (struct kp_regels){ .rollen = (uint8_t)bits(rollen, &kp_rollen),
				 .vog_vrij = (uint8_t)bits(vrij, &kp_rollen),
				 .vog_maanden = sqlite3_column_int(st, 3),
				 .max_km = sqlite3_column_int(st, 5) };
	if (r->vog_maanden < 1)
		r->vog_maanden = KP_REGELS_VOG_STANDAARD;
	json_decref(rollen);
	json_decref(vrij);
}

int kp_regels_load(struct kp_conn *c, int64_t programma, struct kp_regels *r, bool *gearchiveerd)
{
	int nieuw = programmas_has(c, "vog_vrijgestelde_rollen");
	if (nieuw < 0)
		return SQLITE_ERROR;
	sqlite3_stmt *st = kp_conn_stmt(c, nieuw ? "SELECT " REGELS_NIEUW "FROM programmas p WHERE p.id = ?1"
					       : "SELECT " REGELS_OUD "FROM programmas p WHERE p.id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, programma);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		regels_from_row(st, r);
		if (gearchiveerd)
			*gearchiveerd = sqlite3_column_int(st, 6) != 0;
		rc = SQLITE_OK;
	}
	sqlite3_reset(st);
	return rc;
}

int kp_regels_load_werkgebied(struct kp_conn *c, int64_t werkgebied, struct kp_programma_regels *out, size_t max,
			      size_t *n)
{
	*n = 0;
	int nieuw = programmas_has(c, "vog_vrijgestelde_rollen");
	if (nieuw < 0)
		return SQLITE_ERROR;
	/* offered in the werkgebied; when nothing is offered there yet, every programme */
	sqlite3_stmt *st = kp_conn_stmt(
		c, nieuw ? "SELECT " REGELS_NIEUW "FROM programmas p WHERE p.gearchiveerd = 0 AND (EXISTS (SELECT 1 FROM "
			   "werkgebied_programmas wp WHERE wp.programma_id = p.id AND wp.werkgebied_id = ?1) OR NOT EXISTS "
			   "(SELECT 1 FROM werkgebied_programmas wp JOIN programmas q ON q.id = wp.programma_id "
			   "WHERE wp.werkgebied_id = ?1 AND q.gearchiveerd = 0)) ORDER BY p.id"
			 : "SELECT " REGELS_OUD "FROM programmas p WHERE EXISTS (SELECT 1 FROM werkgebied_programmas wp "
			   "WHERE wp.programma_id = p.id AND wp.werkgebied_id = ?1) OR NOT EXISTS (SELECT 1 FROM "
			   "werkgebied_programmas wp WHERE wp.werkgebied_id = ?1) ORDER BY p.id");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, werkgebied);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		struct kp_programma_regels *p = &out[*n];
		p->id = sqlite3_column_int64(st, 0);
		snprintf(p->naam, sizeof p->naam, "%s", (const char *)sqlite3_column_text(st, 1));
		regels_from_row(st, &p->regels);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Fills one member's facts from its columns: soort, geboortedatum, vog_datum (each may be NULL). */
static void lid_facts(struct kp_regels_lid *l, const char *soort, const char *geboorte, const char *vog)
{
	l->volwassene = soort && strcmp(soort, "volwassene") == 0;
	l->geboorte_bekend = geboorte && kp_date_parse(geboorte, &l->geboorte);
	l->vog_bekend = vog && kp_date_parse(vog, &l->vog);
}

int kp_regels_load_leden(struct kp_conn *c, int64_t gezin_id, struct kp_regels_leden *out)
{
	out->n = 0;
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT soort, geboortedatum, vog_datum, voornaam, achternaam FROM leden "
					   "WHERE gezin_id = ?1 ORDER BY volgorde, id");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, gezin_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < KP_LEDEN_MAX) {
		struct kp_regels_lid *l = &out->lid[out->n];
		memset(l, 0, sizeof *l);
		lid_facts(l, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			  (const char *)sqlite3_column_text(st, 2));
		const char *an = (const char *)sqlite3_column_text(st, 4);
		snprintf(out->naam[out->n], sizeof out->naam[out->n], "%s%s%s", (const char *)sqlite3_column_text(st, 3),
			 an ? " " : "", an ? an : "");
		l->naam = out->naam[out->n];
		out->n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

void kp_regels_lid_from_json(const json_t *lid, struct kp_regels_lid *l)
{
	memset(l, 0, sizeof *l);
	lid_facts(l, json_string_value(json_object_get(lid, "soort")),
		  json_string_value(json_object_get(lid, "geboortedatum")),
		  json_string_value(json_object_get(lid, "vogDatum")));
	l->naam = json_string_value(json_object_get(lid, "voornaam"));
}

int kp_match_load_regels(struct kp_conn *c, int64_t programma, struct kp_match_regels *r, struct kp_regels *hard,
			 int *prioriteit)
{
	struct kp_regels h;
	int rc = kp_regels_load(c, programma, &h, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT gewichten, wachttijd_prioriteit FROM programmas WHERE id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, programma);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? SQLITE_DONE : rc;
	}
	kp_match_default_regels(r, kp_regels_rol_toegestaan(h.rollen, vocab_index(&kp_rollen, "estafettegezin")));
	r->rollen = h.rollen;
	r->max_km = (uint16_t)(h.max_km > 0 ? h.max_km : 0);
	if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		json_t *w = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
		for (int k = 0; k < KP_CRIT_COUNT; k++) {
			json_t *x = json_object_get(w, kp_match_crit_naam((enum kp_crit)k));
			if (json_is_integer(x) && json_integer_value(x) >= 0 && json_integer_value(x) <= 100)
				r->gewicht[k] = (uint8_t)json_integer_value(x);
		}
		json_decref(w);
	}
	if (hard)
		*hard = h;
	if (prioriteit)
		*prioriteit = sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	return SQLITE_OK;
}

int kp_match_load_vraag(struct kp_conn *c, int64_t id, const char *today, struct kp_match_vraag *v, int64_t *werkgebied,
			int64_t *wachtdagen, char *status)
{
	struct kp_date now;
	if (!kp_date_parse(today, &now))
		return SQLITE_ERROR;
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT werkgebied_id, lat, lon, profiel, aangemeld_op, status FROM gezinnen "
					   "WHERE id = ?1 AND rol = 'vraaggezin'");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return rc;
	memset(v, 0, sizeof *v);
	v->id = id; /* never paired with itself (matching.h) */
	*werkgebied = sqlite3_column_int64(st, 0);
	v->has_coord = sqlite3_column_type(st, 1) != SQLITE_NULL;
	v->lat = sqlite3_column_double(st, 1);
	v->lon = sqlite3_column_double(st, 2);
	json_t *p = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
	struct kp_date aangemeld;
	*wachtdagen = kp_date_parse((const char *)sqlite3_column_text(st, 4), &aangemeld)
			      ? kp_date_to_days(now) - kp_date_to_days(aangemeld)
			      : 0;
	snprintf(status, 16, "%s", (const char *)sqlite3_column_text(st, 5));
	sqlite3_reset(st);
	json_t *q = json_object_get(p, "vraag"), *w = json_object_get(q, "wensen");
	v->steunvormen = (uint16_t)bits(json_object_get(q, "steunvormen"), &kp_steunvormen);
	v->dagdelen = bits(json_object_get(q, "dagdelen"), &kp_dagdelen);
	v->frequentie = (int8_t)vocab_index(&kp_frequenties, json_string_value(json_object_get(q, "frequentie")));
	v->n_talen = hashes(json_object_get(w, "talen") && json_array_size(json_object_get(w, "talen"))
				    ? json_object_get(w, "talen")
				    : json_object_get(p, "talen"),
			    v->talen);
	v->wil_man = json_is_true(json_object_get(w, "mannelijkRolmodel"));
	v->geen_huisdieren = json_is_true(json_object_get(w, "geenHuisdieren"));
	v->niet_roken = json_is_true(json_object_get(w, "nietRoken"));
	const char *lb = json_string_value(json_object_get(w, "levensbeschouwing"));
	v->levensbeschouwing = lb && *lb ? kp_match_hash(lb) : 0;
	v->n_themas = hashes(json_object_get(q, "themas"), v->themas);
	v->n_interesses = hashes(json_object_get(q, "interesses"), v->interesses);
	v->steunstijl = (int8_t)vocab_index(&kp_steunstijlen, json_string_value(json_object_get(q, "steunstijl")));
	json_decref(p);
	/* the children the question is for (all children when none is marked); one not born yet is 0 (kp_age_years) */
	st = kp_conn_stmt(c, "SELECT coalesce(geboortedatum, verwacht_op) FROM leden WHERE gezin_id = ?1 AND soort = 'kind' "
			     "AND coalesce(geboortedatum, verwacht_op) IS NOT NULL "
			     "AND (steun_voor = 1 OR NOT EXISTS (SELECT 1 FROM leden WHERE gezin_id = ?1 AND steun_voor = 1)) "
			     "ORDER BY volgorde");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW && v->n_kinderen < KP_MATCH_MAX) {
		struct kp_date b;
		if (kp_date_parse((const char *)sqlite3_column_text(st, 0), &b))
			v->leeftijden[v->n_kinderen++] = (uint8_t)kp_age_years(b, now);
	}
	return SQLITE_OK;
}

void kp_match_set_free(struct kp_match_set *s)
{
	free(s->steun);
	free(s->meta);
	s->steun = NULL;
	s->meta = NULL;
	s->n = 0;
}

int kp_match_pair_flags(struct kp_conn *c, int64_t vraag_id, struct kp_match_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		s->steun[i].gestopt_paar = s->steun[i].uitgesloten = false;
	/* a candidate the family did not choose (niet-gekozen) did not stop with them: no block */
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT steungezin_id, 1 FROM koppelingen WHERE vraaggezin_id = ?1 AND fase = 'gestopt' "
					   "AND steungezin_id IS NOT NULL " /* a stopped trajectory excludes no gezin */
					   "AND coalesce(stop_reden, '') != '" KP_STOPREDEN_NIET_GEKOZEN "' "
					   "UNION ALL SELECT steungezin_id, 2 FROM uitsluitingen WHERE vraaggezin_id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, vraag_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t sid = sqlite3_column_int64(st, 0);
		for (size_t i = 0; i < s->n; i++)
			if (s->steun[i].id == sid) {
				if (sqlite3_column_int(st, 1) == 1)
					s->steun[i].gestopt_paar = true;
				else
					s->steun[i].uitgesloten = true;
			}
	}
	return SQLITE_OK;
}

int kp_match_load_steun(struct kp_conn *c, int64_t werkgebied, int64_t vraag_id, const char *today,
			const struct kp_regels *hard, bool only_beschikbaar, struct kp_match_set *out)
{
	memset(out, 0, sizeof *out);
	struct kp_date now;
	if (!kp_date_parse(today, &now))
		return SQLITE_ERROR;
	/* a supporter by its primary role, or a vraaggezin by its second running role (schema 0016), with that
	 * role's own status; a family is never its own candidate */
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT g.id, g.naam, coalesce(r.rol, g.rol), coalesce(r.status, g.status), g.lat, "
					   "g.lon, g.profiel, coalesce(g.plaats, ''), "
					   "(SELECT count(*) FROM koppelingen k WHERE k.steungezin_id = g.id AND k.fase IN "
					   " ('kennismaking', 'proefperiode', 'contract', 'lopend')) "
					   "FROM gezinnen g LEFT JOIN gezin_rollen r ON g.rol = 'vraaggezin' AND r.gezin_id = g.id "
					   "AND r.tot IS NULL AND r.rol != 'vraaggezin' "
					   "WHERE g.werkgebied_id = ?1 AND (g.rol != 'vraaggezin' OR r.id IS NOT NULL) AND g.id != ?3 "
					   "AND (?2 = 0 OR coalesce(r.status, g.status) = 'beschikbaar') ORDER BY g.id");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, werkgebied);
	sqlite3_bind_int(st, 2, only_beschikbaar);
	sqlite3_bind_int64(st, 3, vraag_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct kp_match_steun *a = realloc(out->steun, ncap * sizeof *a);
			if (a)
				out->steun = a;
			struct kp_match_meta *b = a ? realloc(out->meta, ncap * sizeof *b) : NULL;
			if (b)
				out->meta = b;
			if (!a || !b) {
				kp_match_set_free(out);
				return SQLITE_NOMEM;
			}
			cap = ncap;
		}
		struct kp_match_steun *s = &out->steun[out->n];
		struct kp_match_meta *m = &out->meta[out->n];
		memset(s, 0, sizeof *s);
		s->id = m->id = sqlite3_column_int64(st, 0);
		snprintf(m->naam, sizeof m->naam, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(m->rol, sizeof m->rol, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(m->plaats, sizeof m->plaats, "%s", (const char *)sqlite3_column_text(st, 7));
		s->rol = (uint8_t)vocab_index(&kp_rollen, m->rol);
		s->beschikbaar = strcmp((const char *)sqlite3_column_text(st, 3), "beschikbaar") == 0;
		s->has_coord = sqlite3_column_type(st, 4) != SQLITE_NULL;
		s->lat = sqlite3_column_double(st, 4);
		s->lon = sqlite3_column_double(st, 5);
		s->actief = (uint8_t)sqlite3_column_int(st, 8);
		json_t *p = json_loads((const char *)sqlite3_column_text(st, 6), 0, NULL), *a = json_object_get(p, "aanbod");
		s->steunvormen = (uint16_t)bits(json_object_get(a, "steunvormen"), &kp_steunvormen);
		s->dagdelen = bits(json_object_get(a, "dagdelen"), &kp_dagdelen);
		s->frequentie = (int8_t)vocab_index(&kp_frequenties, json_string_value(json_object_get(a, "frequentie")));
		json_t *x = json_object_get(a, "capaciteit");
		s->capaciteit = (uint8_t)(json_is_integer(x) ? json_integer_value(x) : 1);
		x = json_object_get(a, "leeftijdVan");
		s->leeftijd_van = (uint8_t)(json_is_integer(x) ? json_integer_value(x) : 0);
		x = json_object_get(a, "leeftijdTot");
		s->leeftijd_tot = (uint8_t)(json_is_integer(x) ? json_integer_value(x) : 18);
		x = json_object_get(a, "maxAfstandKm");
		s->max_km = (uint16_t)(json_is_integer(x) ? json_integer_value(x) : 0);
		s->n_talen = hashes(json_array_size(json_object_get(a, "talen")) ? json_object_get(a, "talen") : json_object_get(p, "talen"),
				    s->talen);
		s->huisdieren = json_is_true(json_object_get(a, "huisdieren"));
		s->rookt = json_is_true(json_object_get(a, "rookt"));
		s->man = json_is_true(json_object_get(a, "mannelijkRolmodel"));
		const char *lb = json_string_value(json_object_get(a, "levensbeschouwing"));
		s->levensbeschouwing = lb && *lb ? kp_match_hash(lb) : 0;
		s->n_themas = hashes(json_object_get(a, "ervaringsthemas"), s->themas);
		s->n_interesses = hashes(json_object_get(a, "interesses"), s->interesses);
		s->steunstijl = (int8_t)vocab_index(&kp_steunstijlen, json_string_value(json_object_get(a, "steunstijl")));
		json_decref(p);
		out->n++;
	}
	if (rc != SQLITE_DONE) {
		kp_match_set_free(out);
		return rc;
	}
	/* the VOG of every member, judged by the programme's hard rules (regels.c), as for the status and linking */
	st = kp_conn_stmt(c, "SELECT l.gezin_id, l.soort, l.geboortedatum, l.vog_datum FROM leden l "
			     "JOIN gezinnen g ON g.id = l.gezin_id "
			     "WHERE g.werkgebied_id = ?1 AND (g.rol != 'vraaggezin' OR EXISTS (SELECT 1 FROM gezin_rollen r "
			     "WHERE r.gezin_id = g.id AND r.tot IS NULL AND r.rol != 'vraaggezin')) "
			     "ORDER BY l.gezin_id, l.volgorde, l.id");
	if (!st) {
		kp_match_set_free(out);
		return SQLITE_ERROR;
	}
	sqlite3_bind_int64(st, 1, werkgebied);
	struct kp_regels_lid leden[KP_LEDEN_MAX];
	bool more = (rc = sqlite3_step(st)) == SQLITE_ROW;
	for (size_t k = 0; k < out->n; k++) {
		size_t n_leden = 0;
		while (more && sqlite3_column_int64(st, 0) <= out->steun[k].id) {
			if (sqlite3_column_int64(st, 0) == out->steun[k].id && n_leden < KP_LEDEN_MAX) {
				struct kp_regels_lid *l = &leden[n_leden++];
				memset(l, 0, sizeof *l);
				lid_facts(l, (const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2),
					  (const char *)sqlite3_column_text(st, 3));
			}
			more = (rc = sqlite3_step(st)) == SQLITE_ROW;
		}
		struct kp_match_steun *s = &out->steun[k];
		struct kp_regels_steun f = { .rol = s->rol, .beschikbaar = s->beschikbaar, .leden = leden, .n_leden = n_leden,
					     .vrij = -1 };
		struct kp_regels_uitkomst u;
		kp_regels_check(hard, &f, now, &u);
		s->vog_geldig = !(u.gebroken & KP_REGEL_GEEN_VOG);
		s->vog_verloopt = u.vog_verloopt;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		kp_match_set_free(out);
		return rc;
	}
	return vraag_id ? kp_match_pair_flags(c, vraag_id, out) : SQLITE_OK;
}
