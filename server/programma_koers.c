/*
 * programma_koers.c - see programma_koers.h.
 */
#include "programma_koers.h"

#include <stdio.h>
#include <string.h>

#include "json_spec.h"
#include "problem.h"

static json_t *duur_json(struct kp_duur d)
{
	return json_pack("{s:i, s:s}", "aantal", d.aantal, "eenheid", kp_eenheid_name(d.eenheid));
}

static const char *fase_vanaf_name(enum kp_fase f)
{
	return kp_fase_name(f);
}

json_t *kp_koers_json(const struct kp_koers *k)
{
	json_t *ritme = json_array();
	for (size_t i = 0; ritme && i < k->n_regels; i++) {
		const struct kp_ritme_regel *r = &k->regels[i];
		json_array_append_new(ritme, json_pack("{s:s, s:s, s:o, s:o, s:s, s:i}", "soort", kp_evaluatie_soort_name(r->soort),
						       "vanaf", fase_vanaf_name(r->vanaf), "eerste", duur_json(r->eerste),
						       "elke", r->elke.aantal > 0 ? duur_json(r->elke) : json_null(),
						       "deelname", r->deelname == KP_DEELNAME_APART ? "apart" : "samen",
						       "hoogstens", r->hoogstens));
	}
	return json_pack("{s:o, s:s, s:b, s:o, s:o, s:s, s:b, s:o}", "proefperiode",
			 k->proefperiode ? duur_json(k->proef) : json_null(), "afspraken",
			 !k->contract ? "geen" : k->afspraken_getekend ? "getekend" : "niet-getekend",
			 "proefevaluatieVereist", k->proefevaluatie_vereist, "bedenktijd", duur_json(k->bedenktijd),
			 "maximaleDuur", duur_json(k->max), "maximaleDuurVanaf", fase_vanaf_name(k->max_vanaf), "verlenging",
			 k->verlenging, "ritme", ritme);
}

static const char *const eenheden[] = { "dagen", "weken", "maanden", NULL };
static const char *const afspraken_waarden[] = { "getekend", "niet-getekend", "geen", NULL };
static const char *const vanaf_max[] = { "kennismaking", "lopend", NULL };
static const char *const vanaf_ritme[] = { "kennismaking", "proefperiode", "lopend", NULL };
static const char *const soorten[] = { "kennismakingsgesprek", "evaluatie-proefperiode", "tussentijdse-evaluatie",
				       "voortgangsgesprek", NULL };
static const char *const deelnames[] = { "samen", "apart", NULL };

static const struct kp_field duur_spec[] = {
	{ .name = "aantal", .type = KP_F_INTEGER, .required = true, .min = 0, .max = 3700 },
	{ .name = "eenheid", .type = KP_F_STRING, .required = true, .one_of = eenheden },
};
static const struct kp_field regel_spec[] = {
	{ .name = "soort", .type = KP_F_STRING, .required = true, .one_of = soorten },
	{ .name = "vanaf", .type = KP_F_STRING, .required = true, .one_of = vanaf_ritme },
	{ .name = "eerste", .type = KP_F_OBJECT, .required = true, .fields = duur_spec, .n_fields = 2 },
	{ .name = "elke", .type = KP_F_OBJECT, .nullable = true, .fields = duur_spec, .n_fields = 2 },
	{ .name = "deelname", .type = KP_F_STRING, .one_of = deelnames },
	{ .name = "hoogstens", .type = KP_F_INTEGER, .min = 0, .max = 500 },
};
static const struct kp_field koers_spec[] = {
	{ .name = "proefperiode", .type = KP_F_OBJECT, .required = true, .nullable = true, .fields = duur_spec, .n_fields = 2 },
	{ .name = "afspraken", .type = KP_F_STRING, .required = true, .one_of = afspraken_waarden },
	{ .name = "proefevaluatieVereist", .type = KP_F_BOOLEAN },
	{ .name = "bedenktijd", .type = KP_F_OBJECT, .fields = duur_spec, .n_fields = 2 },
	{ .name = "maximaleDuur", .type = KP_F_OBJECT, .required = true, .fields = duur_spec, .n_fields = 2 },
	{ .name = "maximaleDuurVanaf", .type = KP_F_STRING, .one_of = vanaf_max },
	{ .name = "verlenging", .type = KP_F_BOOLEAN },
	{ .name = "ritme", .type = KP_F_OBJECT_ARRAY, .required = true, .max_items = KP_KOERS_MAX_REGELS,
	  .fields = regel_spec, .n_fields = sizeof regel_spec / sizeof regel_spec[0] },
};

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_koers[] = {
	KP_SPEC(koers_spec),
	{ NULL, NULL, 0 },
};

/* A validated duration object (or null: none). */
static struct kp_duur duur_of(const json_t *j)
{
	struct kp_duur d = { 0, KP_EENHEID_DAGEN };
	if (json_is_object(j)) {
		d.aantal = (int)json_integer_value(json_object_get(j, "aantal"));
		kp_eenheid_parse(json_string_value(json_object_get(j, "eenheid")), &d.eenheid);
	}
	return d;
}

static enum kp_evaluatie_soort soort_of(const char *s)
{
	static const enum kp_evaluatie_soort all[] = { KP_EVAL_KENNISMAKINGSGESPREK, KP_EVAL_PROEFPERIODE, KP_EVAL_TUSSENTIJDS,
						       KP_EVAL_VOORTGANG, KP_EVAL_AFSLUITEND };
	for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
		if (strcmp(s, kp_evaluatie_soort_name(all[i])) == 0)
			return all[i];
	return KP_EVAL_TUSSENTIJDS;
}

/* Prefixes every invalidParams name of problem p with prefix. */
static void prefix_names(json_t *p, const char *prefix)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(p, "invalidParams"), i, e)
	{
		char name[160];
		snprintf(name, sizeof name, "%s%s", prefix, json_string_value(json_object_get(e, "name")));
		json_object_set_new(e, "name", json_string(name));
	}
}

json_t *kp_koers_from_json(const json_t *j, const char *prefix, struct kp_koers *out)
{
	if (!json_is_object(j)) {
		json_t *p = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(p, prefix, "Beschrijf het verloop als object.");
		return p;
	}
	json_t *p = kp_json_validate(j, koers_spec, sizeof koers_spec / sizeof koers_spec[0], false);
	if (p) {
		prefix_names(p, prefix);
		return p;
	}
	memset(out, 0, sizeof *out);
	const json_t *proef = json_object_get(j, "proefperiode");
	out->proefperiode = json_is_object(proef);
	out->proef = duur_of(proef);
	const char *afspraken = json_string_value(json_object_get(j, "afspraken"));
	out->contract = strcmp(afspraken, "geen") != 0;
	out->afspraken_getekend = strcmp(afspraken, "getekend") == 0;
	out->proefevaluatie_vereist = json_is_true(json_object_get(j, "proefevaluatieVereist"));
	out->bedenktijd = duur_of(json_object_get(j, "bedenktijd"));
	out->max = duur_of(json_object_get(j, "maximaleDuur"));
	const char *vanaf = json_string_value(json_object_get(j, "maximaleDuurVanaf"));
	out->max_vanaf = vanaf && strcmp(vanaf, "lopend") == 0 ? KP_FASE_LOPEND : KP_FASE_KENNISMAKING;
	out->verlenging = json_is_true(json_object_get(j, "verlenging"));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "ritme"), i, r)
	{
		struct kp_ritme_regel *g = &out->regels[out->n_regels++];
		g->soort = soort_of(json_string_value(json_object_get(r, "soort")));
		kp_fase_parse(json_string_value(json_object_get(r, "vanaf")), &g->vanaf);
		g->eerste = duur_of(json_object_get(r, "eerste"));
		g->elke = duur_of(json_object_get(r, "elke"));
		const char *d = json_string_value(json_object_get(r, "deelname"));
		g->deelname = d && strcmp(d, "apart") == 0 ? KP_DEELNAME_APART : KP_DEELNAME_SAMEN;
		g->hoogstens = (int)json_integer_value(json_object_get(r, "hoogstens"));
	}
	const char *veld;
	const char *why = kp_koers_valideer(out, &veld);
	if (why) {
		char name[160];
		snprintf(name, sizeof name, "%s%s", prefix, veld ? veld : "");
		p = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(p, name, why);
		return p;
	}
	return NULL;
}

int kp_koers_load(struct kp_conn *c, int64_t programma, struct kp_koers *out)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT koers, bedenktijd_dagen, proef_maanden, proef_weken, evaluatie_maanden, "
					   "voortgangsgesprekken, max_maanden, verlenging_toegestaan FROM programmas WHERE id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, programma);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? SQLITE_DONE : rc;
	}
	rc = SQLITE_OK;
	if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		json_t *j = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
		json_t *p = j ? kp_koers_from_json(j, "/koers", out) : NULL;
		if (!j || p)
			rc = SQLITE_CORRUPT; /* only the API writes it, after the same check */
		json_decref(p);
		json_decref(j);
	} else {
		struct kp_programma_ritme r = { .bedenktijd_dagen = sqlite3_column_int(st, 1),
						.proef_maanden = sqlite3_column_int(st, 2),
						.proef_weken = sqlite3_column_int(st, 3),
						.evaluatie_maanden = sqlite3_column_int(st, 4),
						.voortgangsgesprekken = sqlite3_column_int(st, 5) != 0,
						.max_maanden = sqlite3_column_int(st, 6) };
		*out = kp_koers_uit_ritme(&r);
		out->verlenging = sqlite3_column_int(st, 7) != 0;
		/* a first-model programme without a trial (weeks and months 0) has no trial phase */
		if (r.proef_maanden == 0 && r.proef_weken == 0) {
			out->proefperiode = false;
			out->proefevaluatie_vereist = false;
			out->n_regels = 0;
			if (r.evaluatie_maanden > 0)
				out->regels[out->n_regels++] = (struct kp_ritme_regel){
					.soort = r.voortgangsgesprekken ? KP_EVAL_VOORTGANG : KP_EVAL_TUSSENTIJDS,
					.vanaf = KP_FASE_LOPEND,
					.eerste = { r.evaluatie_maanden, KP_EENHEID_MAANDEN },
					.elke = { r.evaluatie_maanden, KP_EENHEID_MAANDEN },
				};
		}
	}
	sqlite3_reset(st);
	return rc;
}
