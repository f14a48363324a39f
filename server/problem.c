/*
 * problem.c - see problem.h. The registry is a table indexed by
 * enum kp_problem; tests walk it to check every status has an answer.
 */
#include "problem.h"

#include <assert.h>
#include <stdio.h>

static const struct kp_problem_info registry[KP_P_COUNT] = {
	[KP_P_BAD_REQUEST] = { 400, "ongeldig-verzoek", "Ongeldig verzoek" },
	[KP_P_INVALID_JSON] = { 400, "ongeldige-json", "Ongeldige JSON" },
	[KP_P_INVALID_INPUT] = { 400, "ongeldige-invoer", "Ongeldige invoer" },
	[KP_P_UNAUTHORIZED] = { 401, "niet-ingelogd", "Niet ingelogd" },
	[KP_P_FORBIDDEN] = { 403, "geen-toegang", "Geen toegang" },
	[KP_P_NOT_FOUND] = { 404, "niet-gevonden", "Niet gevonden" },
	[KP_P_METHOD_NOT_ALLOWED] = { 405, "methode-niet-toegestaan", "Methode niet toegestaan" },
	[KP_P_NOT_ACCEPTABLE] = { 406, "niet-aanvaardbaar", "Formaat niet beschikbaar" },
	[KP_P_CONFLICT] = { 409, "conflict", "Conflict met de huidige toestand" },
	[KP_P_PRECONDITION_FAILED] = { 412, "verouderde-versie", "Verouderde versie" },
	[KP_P_PAYLOAD_TOO_LARGE] = { 413, "te-groot", "Verzoek te groot" },
	[KP_P_UNSUPPORTED_MEDIA_TYPE] = { 415, "verkeerd-formaat", "Niet-ondersteund formaat" },
	[KP_P_UNPROCESSABLE] = { 422, "niet-verwerkbaar", "Niet verwerkbaar" },
	[KP_P_PRECONDITION_REQUIRED] = { 428, "versie-vereist", "Versie vereist" },
	[KP_P_TOO_MANY_REQUESTS] = { 429, "te-veel-verzoeken", "Te veel verzoeken" },
	[KP_P_INTERNAL] = { 500, "interne-fout", "Interne fout" },
	[KP_P_UNAVAILABLE] = { 503, "niet-beschikbaar", "Tijdelijk niet beschikbaar" },
};

const struct kp_problem_info *kp_problem_info(enum kp_problem p)
{
	assert((unsigned)p < KP_P_COUNT);
	return &registry[p];
}

json_t *kp_problem_json(enum kp_problem p, const char *detail)
{
	const struct kp_problem_info *info = kp_problem_info(p);
	char type[128];
	snprintf(type, sizeof type, "%s%s", KP_PROBLEM_TYPE_PREFIX, info->slug);
	return json_pack("{s:s, s:s, s:i, s:s}", "type", type, "title", info->title, "status", (int)info->status,
			 "detail", detail ? detail : info->title);
}

int kp_problem_add_invalid_param(json_t *problem, const char *name, const char *reason)
{
	json_t *arr = json_object_get(problem, "invalidParams");
	if (!arr) {
		arr = json_array();
		if (!arr || json_object_set_new(problem, "invalidParams", arr) != 0)
			return -1;
	}
	return json_array_append_new(arr, json_pack("{s:s, s:s}", "name", name, "reason", reason));
}
