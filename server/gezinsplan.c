/*
 * gezinsplan.c - see gezinsplan.h.
 */
#include "gezinsplan.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "problem.h"

static const char *const eigenaar_soorten[] = { "gezin", "netwerk", "partner", NULL };
static const char *const statussen[] = { "actief", "behaald", "gestopt", NULL };

static const struct kp_field eigenaar_spec[] = {
	{ .name = "soort", .type = KP_F_STRING, .required = true, .one_of = eigenaar_soorten },
	{ .name = "naam", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 100 },
};

static const struct kp_field doel_spec[] = {
	{ .name = "id", .type = KP_F_INTEGER, .min = 1, .max = 1000000 },
	{ .name = "doel", .type = KP_F_STRING, .required = true, .multiline = true, .min_len = 1, .max_len = 500 },
	{ .name = "eigenaar", .type = KP_F_OBJECT, .required = true, .fields = eigenaar_spec,
	  .n_fields = sizeof eigenaar_spec / sizeof eigenaar_spec[0] },
	{ .name = "domein", .type = KP_F_STRING, .nullable = true, .max_len = 60 },
	{ .name = "startScore", .type = KP_F_INTEGER, .required = true, .min = KP_GEZINSPLAN_SCORE_MIN,
	  .max = KP_GEZINSPLAN_SCORE_MAX },
	{ .name = "laatsteScore", .type = KP_F_INTEGER, .nullable = true, .min = KP_GEZINSPLAN_SCORE_MIN,
	  .max = KP_GEZINSPLAN_SCORE_MAX },
	{ .name = "laatsteScoreOp", .type = KP_F_STRING, .nullable = true, .check = kp_check_date },
	{ .name = "status", .type = KP_F_STRING, .one_of = statussen },
};

const struct kp_field kp_gezinsplan_spec[KP_GEZINSPLAN_VELDEN] = {
	{ .name = "opgesteldOp", .type = KP_F_STRING, .required = true, .check = kp_check_date },
	{ .name = "aanwezig", .type = KP_F_STRING_ARRAY, .min_len = 1, .max_len = 100,
	  .max_items = KP_GEZINSPLAN_MAX_AANWEZIG },
	{ .name = "afspraken", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 4000 },
	{ .name = "notitie", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 2000 },
	{ .name = "doelen", .type = KP_F_OBJECT_ARRAY, .required = true, .min_len = 1,
	  .max_items = KP_GEZINSPLAN_MAX_DOELEN, .fields = doel_spec, .n_fields = sizeof doel_spec / sizeof doel_spec[0] },
};
const size_t kp_gezinsplan_spec_count = sizeof kp_gezinsplan_spec / sizeof kp_gezinsplan_spec[0];

static const struct kp_field score_spec[] = {
	{ .name = "doel", .type = KP_F_INTEGER, .required = true, .min = 1, .max = 1000000 },
	{ .name = "score", .type = KP_F_INTEGER, .required = true, .min = KP_GEZINSPLAN_SCORE_MIN,
	  .max = KP_GEZINSPLAN_SCORE_MAX },
	{ .name = "status", .type = KP_F_STRING, .one_of = statussen },
};

const struct kp_field kp_gezinsplan_evaluatie_spec[KP_GEZINSPLAN_EVALUATIE_VELDEN] = {
	{ .name = "datum", .type = KP_F_STRING, .required = true, .check = kp_check_date },
	{ .name = "scores", .type = KP_F_OBJECT_ARRAY, .required = true, .min_len = 1,
	  .max_items = KP_GEZINSPLAN_MAX_DOELEN, .fields = score_spec, .n_fields = sizeof score_spec / sizeof score_spec[0] },
};
const size_t kp_gezinsplan_evaluatie_spec_count =
	sizeof kp_gezinsplan_evaluatie_spec / sizeof kp_gezinsplan_evaluatie_spec[0];

/* Adds {pointer, reason} to *p, creating the 400 problem on first use. */
static void invalid(json_t **p, const char *pointer, const char *reason)
{
	if (!*p)
		*p = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
	if (*p)
		kp_problem_add_invalid_param(*p, pointer, reason);
}

/* Member key of o as a string, or NULL. */
static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The goal with this id in a stored document's doelen, or NULL. */
static const json_t *doel_met_id(const json_t *plan, json_int_t id)
{
	size_t i;
	const json_t *d;
	json_array_foreach(json_object_get(plan, "doelen"), i, d) if (json_integer_value(json_object_get(d, "id")) == id) return d;
	return NULL;
}

/* The highest goal id in a stored document (0 when none). */
static json_int_t hoogste_id(const json_t *plan)
{
	json_int_t max = 0;
	size_t i;
	const json_t *d;
	json_array_foreach(json_object_get(plan, "doelen"), i, d)
	{
		json_int_t id = json_integer_value(json_object_get(d, "id"));
		if (id > max)
			max = id;
	}
	return max;
}

/* A string member as stored: the value, or null when absent, null or empty. */
static json_t *tekst_of_null(const json_t *o, const char *key)
{
	const char *s = str(o, key);
	return s && *s ? json_string(s) : json_null();
}

json_t *kp_gezinsplan_maak(const json_t *body, const json_t *vorige, const char *today, json_t **problem)
{
	*problem = NULL;
	json_t *p = NULL;
	const char *opgesteld = str(body, "opgesteldOp");
	if (opgesteld && strcmp(opgesteld, today) > 0)
		invalid(&p, "/opgesteldOp", "Ligt in de toekomst.");
	const json_t *doelen = json_object_get(body, "doelen");
	json_int_t volgend = hoogste_id(vorige) + 1;
	json_t *uit = json_array();
	size_t i;
	const json_t *d;
	char ptr[64];
	json_array_foreach(doelen, i, d)
	{
		const json_t *idv = json_object_get(d, "id");
		json_int_t id = 0;
		if (idv) {
			id = json_integer_value(idv);
			bool dubbel = false;
			for (size_t j = 0; j < i; j++)
				if (json_integer_value(json_object_get(json_array_get(doelen, j), "id")) == id)
					dubbel = true;
			snprintf(ptr, sizeof ptr, "/doelen/%zu/id", i);
			if (!vorige || !doel_met_id(vorige, id))
				invalid(&p, ptr, "Dit doel staat niet in het huidige plan; laat id weg voor een nieuw doel.");
			else if (dubbel)
				invalid(&p, ptr, "Dit doel staat twee keer in het plan.");
		} else {
			id = volgend++;
		}
		const json_t *ls = json_object_get(d, "laatsteScore");
		const char *lso = str(d, "laatsteScoreOp");
		bool heeft_score = ls && !json_is_null(ls);
		if (heeft_score && !lso) {
			snprintf(ptr, sizeof ptr, "/doelen/%zu/laatsteScoreOp", i);
			invalid(&p, ptr, "Vul in op welke datum deze score is gegeven.");
		} else if (!heeft_score && lso) {
			snprintf(ptr, sizeof ptr, "/doelen/%zu/laatsteScore", i);
			invalid(&p, ptr, "Vul de score in die op deze datum is gegeven.");
		} else if (lso && strcmp(lso, today) > 0) {
			snprintf(ptr, sizeof ptr, "/doelen/%zu/laatsteScoreOp", i);
			invalid(&p, ptr, "Ligt in de toekomst.");
		} else if (lso && opgesteld && strcmp(lso, opgesteld) < 0) {
			snprintf(ptr, sizeof ptr, "/doelen/%zu/laatsteScoreOp", i);
			invalid(&p, ptr, "Ligt voor de datum waarop het plan is opgesteld.");
		}
		const json_t *eig = json_object_get(d, "eigenaar");
		const char *status = str(d, "status");
		json_t *nd = json_pack("{s:I, s:s, s:{s:s, s:s}, s:o, s:O, s:O, s:o, s:s}", "id", id, "doel", str(d, "doel"),
				       "eigenaar", "soort", str(eig, "soort"), "naam", str(eig, "naam"), "domein",
				       tekst_of_null(d, "domein"), "startScore", json_object_get(d, "startScore"),
				       "laatsteScore", heeft_score ? ls : json_null(), "laatsteScoreOp",
				       lso ? json_string(lso) : json_null(), "status", status ? status : "actief");
		if (!nd || json_array_append_new(uit, nd) != 0) {
			json_decref(uit);
			uit = NULL;
			break;
		}
	}
	if (p) {
		json_decref(uit);
		*problem = p;
		return NULL;
	}
	if (!uit)
		return NULL;
	const json_t *aanwezig = json_object_get(body, "aanwezig");
	return json_pack("{s:s, s:o, s:o, s:o, s:o}", "opgesteldOp", opgesteld, "aanwezig",
			 aanwezig ? json_deep_copy(aanwezig) : json_array(), "afspraken", tekst_of_null(body, "afspraken"), "notitie",
			 tekst_of_null(body, "notitie"), "doelen", uit);
}

json_t *kp_gezinsplan_evalueer(const json_t *huidig, const json_t *body, const char *today, json_t **problem)
{
	*problem = NULL;
	json_t *p = NULL;
	const char *datum = str(body, "datum"), *opgesteld = str(huidig, "opgesteldOp");
	if (datum && strcmp(datum, today) > 0)
		invalid(&p, "/datum", "Ligt in de toekomst.");
	else if (datum && opgesteld && strcmp(datum, opgesteld) < 0)
		invalid(&p, "/datum", "Ligt voor de datum waarop het plan is opgesteld.");
	json_t *doc = json_deep_copy(huidig);
	if (!doc) {
		json_decref(p);
		return NULL;
	}
	const json_t *scores = json_object_get(body, "scores");
	size_t i;
	const json_t *s;
	char ptr[64];
	json_array_foreach(scores, i, s)
	{
		json_int_t id = json_integer_value(json_object_get(s, "doel"));
		bool dubbel = false;
		for (size_t j = 0; j < i; j++)
			if (json_integer_value(json_object_get(json_array_get(scores, j), "doel")) == id)
				dubbel = true;
		json_t *d = (json_t *)(uintptr_t)doel_met_id(doc, id);
		snprintf(ptr, sizeof ptr, "/scores/%zu/doel", i);
		if (!d) {
			invalid(&p, ptr, "Dit doel staat niet in het huidige plan.");
			continue;
		}
		if (dubbel) {
			invalid(&p, ptr, "Dit doel staat twee keer in de evaluatie.");
			continue;
		}
		json_object_set(d, "laatsteScore", json_object_get(s, "score"));
		json_object_set_new(d, "laatsteScoreOp", json_string(datum));
		const char *status = str(s, "status");
		if (status)
			json_object_set_new(d, "status", json_string(status));
	}
	if (p) {
		json_decref(doc);
		*problem = p;
		return NULL;
	}
	return doc;
}

json_t *kp_gezinsplan_voortgang(const json_t *plan)
{
	json_int_t n = 0, gemeten = 0, vooruit = 0, gelijk = 0, achteruit = 0, behaald = 0, gestopt = 0, som = 0;
	size_t i;
	const json_t *d;
	json_array_foreach(json_object_get(plan, "doelen"), i, d)
	{
		n++;
		const char *status = str(d, "status");
		if (status && strcmp(status, "behaald") == 0)
			behaald++;
		else if (status && strcmp(status, "gestopt") == 0)
			gestopt++;
		const json_t *ls = json_object_get(d, "laatsteScore");
		if (!json_is_integer(ls))
			continue;
		json_int_t verschil = json_integer_value(ls) - json_integer_value(json_object_get(d, "startScore"));
		gemeten++;
		som += verschil;
		if (verschil > 0)
			vooruit++;
		else if (verschil < 0)
			achteruit++;
		else
			gelijk++;
	}
	json_t *gem = gemeten ? json_real(round((double)som * 10.0 / (double)gemeten) / 10.0) : json_null();
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "doelen", n, "gemeten", gemeten, "vooruit", vooruit,
			 "gelijk", gelijk, "achteruit", achteruit, "behaald", behaald, "gestopt", gestopt,
			 "gemiddeldeVerandering", gem);
}

json_t *kp_gezinsplan_anoniem(const json_t *plan)
{
	json_t *doc = json_deep_copy(plan);
	if (!doc)
		return NULL;
	bool ok = json_object_set_new(doc, "aanwezig", json_array()) == 0 &&
		  json_object_set_new(doc, "afspraken", json_null()) == 0 &&
		  json_object_set_new(doc, "notitie", json_null()) == 0;
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(doc, "doelen"), i, d)
	{
		char naam[32];
		snprintf(naam, sizeof naam, "Doel %zu", i + 1);
		json_t *eig = json_object_get(d, "eigenaar");
		ok = ok && json_object_set_new(d, "doel", json_string(naam)) == 0;
		if (json_is_object(eig))
			ok = ok && json_object_set_new(eig, "naam", json_string("")) == 0;
	}
	if (!ok) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}
