/*
 * toestemmingen.c - see toestemmingen.h.
 */
#include "toestemmingen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gezinnen.h"
#include "problem.h"
#include "util.h"

const struct kp_field kp_toestemming_override_spec[] = {
	{ .name = "reden", .type = KP_F_STRING, .required = true, .multiline = true, .min_len = 1, .max_len = 1000 },
};

bool kp_toestemming_geldig(const struct kp_toestemming *rows, size_t n, const char *doel, struct kp_date op)
{
	for (size_t i = 0; i < n; i++) {
		const struct kp_toestemming *t = &rows[i];
		if (!t->doel || strcmp(t->doel, doel) != 0 || kp_date_cmp(t->gegeven, op) > 0)
			continue;
		if (!t->ingetrokken || kp_date_cmp(t->ingetrokken_op, op) > 0)
			return true;
	}
	return false;
}

bool kp_toestemming_verwijdering(const struct kp_toestemming *rows, size_t n, struct kp_date today,
				 struct kp_date *op)
{
	bool ooit = false, laatste_bekend = false;
	struct kp_date laatste = { 0, 0, 0 };
	for (size_t i = 0; i < n; i++) {
		const struct kp_toestemming *t = &rows[i];
		if (!t->doel || strcmp(t->doel, KP_DOEL_REGISTRATIE) != 0)
			continue;
		ooit = true;
		if (t->ingetrokken && (!laatste_bekend || kp_date_cmp(t->ingetrokken_op, laatste) > 0)) {
			laatste = t->ingetrokken_op;
			laatste_bekend = true;
		}
	}
	if (!ooit || !laatste_bekend || kp_toestemming_geldig(rows, n, KP_DOEL_REGISTRATIE, today))
		return false;
	*op = laatste;
	return true;
}

size_t kp_toestemmingen_from_json(const json_t *arr, struct kp_toestemming *rows, size_t max)
{
	size_t n = 0, i;
	const json_t *t;
	json_array_foreach(arr, i, t)
	{
		if (n == max)
			break;
		struct kp_toestemming *r = &rows[n];
		memset(r, 0, sizeof *r);
		r->doel = json_string_value(json_object_get(t, "doel"));
		const char *weg = json_string_value(json_object_get(t, "ingetrokkenOp"));
		if (!r->doel || !kp_date_parse(json_string_value(json_object_get(t, "gegevenOp")), &r->gegeven))
			continue;
		if (weg && !kp_date_parse(weg, &r->ingetrokken_op))
			continue;
		r->ingetrokken = weg != NULL;
		n++;
	}
	return n;
}

/* 1 when gezin id has a valid contactgegevens-delen on today, 0 when not, -1 on a database error. */
static int contact_toegestaan(struct kp_conn *w, int64_t gezin, struct kp_date today)
{
	json_t *arr = kp_toestemmingen_json(w, gezin);
	if (!arr)
		return -1;
	struct kp_toestemming *rows = malloc(KP_TOESTEMMINGEN_MAX * sizeof *rows);
	if (!rows) {
		json_decref(arr);
		return -1;
	}
	size_t n = kp_toestemmingen_from_json(arr, rows, KP_TOESTEMMINGEN_MAX);
	int ok = kp_toestemming_geldig(rows, n, KP_DOEL_CONTACTGEGEVENS, today) ? 1 : 0;
	free(rows);
	json_decref(arr);
	return ok;
}

int kp_toestemming_kennismaking(struct kp_conn *c, int64_t vraaggezin, int64_t steungezin, struct kp_date op,
				const char *override_reden, struct kp_toestemming_poort *r)
{
	memset(r, 0, sizeof *r);
	r->gezin[0] = vraaggezin;
	r->gezin[1] = steungezin;
	for (int i = 0; i < 2; i++) {
		int ok = r->gezin[i] ? contact_toegestaan(c, r->gezin[i], op) : 1;
		if (ok < 0)
			return -1;
		r->mist[i] = ok == 0;
	}
	if (!r->mist[0] && !r->mist[1])
		return 1;
	if (!override_reden) {
		r->geweigerd = true;
		return 0;
	}
	r->overschreven = true;
	return 1;
}

char *kp_toestemming_override_details(const struct kp_toestemming_poort *r, const char *reden)
{
	json_t *zonder = json_array();
	for (int i = 0; zonder && i < 2; i++)
		if (r->mist[i])
			json_array_append_new(zonder, json_integer(r->gezin[i]));
	json_t *d = zonder ? json_pack("{s:s, s:o, s:s}", "doel", KP_DOEL_CONTACTGEGEVENS, "zonderToestemming", zonder,
				       "reden", reden)
			   : NULL;
	char *details = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	return details;
}

json_t *kp_toestemming_probleem(const struct kp_toestemming_poort *r)
{
	static const char *const kant[2] = { "vraaggezin", "steungezin" };
	json_t *p = kp_problem_json(KP_P_UNPROCESSABLE,
				    r->mist[0] && r->mist[1] ? "Beide gezinnen hebben geen geldige toestemming om contactgegevens te delen."
				    : r->mist[0]	     ? "Het vraaggezin heeft geen geldige toestemming om contactgegevens te delen."
							     : "Het steunbiedende gezin heeft geen geldige toestemming om contactgegevens te delen.");
	if (!p)
		return NULL;
	for (int i = 0; i < 2; i++) {
		if (!r->mist[i])
			continue;
		char ptr[48], why[160];
		snprintf(ptr, sizeof ptr, "/toestemmingen/%s", kant[i]);
		snprintf(why, sizeof why, "Het %s (gezin %lld) heeft geen geldige toestemming \"contactgegevens-delen\".",
			 i == 0 ? "vraaggezin" : "steunbiedende gezin", (long long)r->gezin[i]);
		kp_problem_add_invalid_param(p, ptr, why);
	}
	kp_problem_add_invalid_param(p, "/toestemmingOverride", "Zonder toestemming alleen met een reden waarom het toch moet.");
	return p;
}
