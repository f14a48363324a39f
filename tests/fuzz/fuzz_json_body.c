/*
 * fuzz_json_body.c - libFuzzer target: a request body through the path
 * http.c gives it (kp_json_parse_body) and then the declarative validator
 * (kp_json_validate) with every request spec the API uses (the tables
 * kp_specs_* each api_*.c file exports, and the gezin spec) and with a spec
 * that uses every field type, option and format check. The first input
 * byte picks the spec and full or partial (PATCH) validation. Checks: a body that does not parse always yields a 400
 * problem, every problem serialises to JSON (all its text valid UTF-8),
 * and a valid postcode normalises.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api.h"
#include "api_effecten.h"
#include "api_rapportages.h"
#include "gemeenten.h"
#include "gezinnen.h"
#include "gezinsplan.h"
#include "json_spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kleuren[] = { "rood", "groen", "blauw", NULL };

static const struct kp_field inner_spec[] = {
	{ .name = "datum", .type = KP_F_STRING, .required = true, .check = kp_check_date },
	{ .name = "getal", .type = KP_F_NUMBER, .min = -5, .max = 5 },
	{ .name = "tekst", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 50 },
};

static const struct kp_field every_spec[] = {
	{ .name = "naam", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 20 },
	{ .name = "notitie", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 200 },
	{ .name = "kleur", .type = KP_F_STRING, .one_of = kleuren },
	{ .name = "email", .type = KP_F_STRING, .check = kp_check_email },
	{ .name = "telefoon", .type = KP_F_STRING, .check = kp_check_phone },
	{ .name = "postcode", .type = KP_F_STRING, .check = kp_check_postcode },
	{ .name = "sinds", .type = KP_F_STRING, .check = kp_check_past_date },
	{ .name = "aantal", .type = KP_F_INTEGER, .min = -3, .max = INT64_MAX },
	{ .name = "actief", .type = KP_F_BOOLEAN },
	{ .name = "kleuren", .type = KP_F_STRING_ARRAY, .max_items = 3, .one_of = kleuren },
	{ .name = "labels", .type = KP_F_STRING_ARRAY, .max_items = 4, .min_len = 1, .max_len = 8 },
	{ .name = "score", .type = KP_F_NUMBER, .min = 0, .max = 100 },
	{ .name = "object", .type = KP_F_OBJECT, .nullable = true, .fields = inner_spec, .n_fields = 3 },
	{ .name = "lijst", .type = KP_F_OBJECT_ARRAY, .min_len = 1, .max_items = 3, .fields = inner_spec, .n_fields = 3 },
};

/* Serialises a problem and checks its status; aborts when it cannot be sent. */
static void check_problem(json_t *problem)
{
	if (!problem || json_integer_value(json_object_get(problem, "status")) != 400)
		abort();
	char *text = json_dumps(problem, JSON_COMPACT);
	if (!text)
		abort();
	free(text);
	json_decref(problem);
}

/* Every request spec of the API, gathered once from the exported tables. */
static const struct kp_spec *all_specs(size_t *n)
{
	static struct kp_spec specs[64];
	static size_t count;
	if (!count) {
		const struct kp_spec *const lists[] = { kp_specs_evaluaties, kp_specs_gebruikers, kp_specs_gezinnen, kp_specs_koers,
							kp_specs_koppelingen, kp_specs_matching, kp_specs_programmas,
							kp_specs_sessies, kp_specs_tokens, kp_specs_werkgebieden,
							kp_specs_tarieven, kp_specs_effecten, kp_specs_doelen,
							kp_specs_rapportages, kp_specs_wachtlijst, kp_specs_gezinsplan };
		specs[count++] = (struct kp_spec){ "kp_gezin_spec", kp_gezin_spec, kp_gezin_spec_count };
		for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
			for (const struct kp_spec *e = lists[i]; e->naam && count < sizeof specs / sizeof specs[0]; e++)
				specs[count++] = *e;
	}
	*n = count;
	return specs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t n_specs;
	const struct kp_spec *specs = all_specs(&n_specs);
	/* bit 0 of the first byte: the test spec or an API spec; bit 1: partial; the rest picks the API spec */
	bool gezin = data[0] & 1, partial = data[0] & 2;
	const struct kp_spec *api = &specs[(size_t)(data[0] >> 2) % n_specs];
	json_t *problem = NULL;
	json_t *obj = kp_json_parse_body((const char *)data + 1, size - 1, &problem);
	if (!obj) {
		check_problem(problem);
		return 0;
	}
	if (problem || !json_is_object(obj))
		abort();
	problem = gezin ? kp_json_validate(obj, api->fields, api->n, partial)
			: kp_json_validate(obj, every_spec, sizeof every_spec / sizeof every_spec[0], partial);
	if (problem) {
		check_problem(problem);
	} else if (!gezin) {
		const char *pc = json_string_value(json_object_get(obj, "postcode"));
		if (pc) {
			char norm[8];
			kp_postcode_normalise(pc, norm);
			if (kp_check_postcode(norm) != NULL)
				abort();
		}
	}
	json_decref(obj);
	return 0;
}
