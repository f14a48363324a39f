/*
 * test_problem.c - the error registry: complete, distinct, and the JSON it
 * produces has exactly the RFC 9457 members Koppel promises.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "problem.h"

START_TEST(registry_complete_and_distinct)
{
	for (int i = 0; i < KP_P_COUNT; i++) {
		const struct kp_problem_info *a = kp_problem_info((enum kp_problem)i);
		ck_assert_msg(a->status >= 400 && a->status < 600, "kind %d has no status", i);
		ck_assert_ptr_nonnull(a->slug);
		ck_assert_ptr_nonnull(a->title);
		for (const char *c = a->slug; *c; c++)
			ck_assert_msg((*c >= 'a' && *c <= 'z') || *c == '-', "slug %s not kebab-case", a->slug);
		for (int j = 0; j < i; j++)
			ck_assert_str_ne(a->slug, kp_problem_info((enum kp_problem)j)->slug);
	}
}
END_TEST

START_TEST(json_members)
{
	json_t *p = kp_problem_json(KP_P_NOT_FOUND, "Dit gezin bestaat niet.");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(json_object_size(p), 4);
	ck_assert_str_eq(json_string_value(json_object_get(p, "type")), KP_PROBLEM_TYPE_PREFIX "niet-gevonden");
	ck_assert_str_eq(json_string_value(json_object_get(p, "title")), "Niet gevonden");
	ck_assert_int_eq(json_integer_value(json_object_get(p, "status")), 404);
	ck_assert_str_eq(json_string_value(json_object_get(p, "detail")), "Dit gezin bestaat niet.");
	json_decref(p);

	p = kp_problem_json(KP_P_CONFLICT, NULL); /* detail falls back to the title */
	ck_assert_str_eq(json_string_value(json_object_get(p, "detail")), "Conflict met de huidige toestand");
	json_decref(p);
}
END_TEST

START_TEST(invalid_params)
{
	json_t *p = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
	ck_assert_int_eq(kp_problem_add_invalid_param(p, "/postcode", "Vier cijfers en twee letters."), 0);
	ck_assert_int_eq(kp_problem_add_invalid_param(p, "/leden/0/geboortedatum", "Geen geldige datum."), 0);
	json_t *arr = json_object_get(p, "invalidParams");
	ck_assert_uint_eq(json_array_size(arr), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(arr, 1), "name")), "/leden/0/geboortedatum");
	ck_assert_int_eq(json_integer_value(json_object_get(p, "status")), 400);
	json_decref(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("problem");
	TCase *tc = tcase_create("problem");
	tcase_add_test(tc, registry_complete_and_distinct);
	tcase_add_test(tc, json_members);
	tcase_add_test(tc, invalid_params);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
