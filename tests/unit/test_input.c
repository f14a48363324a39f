/*
 * test_input.c - unit tests for how Koppel takes input apart: UTF-8
 * decoding and cutting, strict percent-decoding of URLs, the parse of a
 * request body into a problem when it is not JSON, the character rule of
 * string fields (bidirectional and invisible characters) and month
 * arithmetic on dates. Cases found by the fuzz targets (tests/fuzz) are
 * kept here as regression tests.
 */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "json_spec.h"
#include "problem.h"
#include "util.h"

/* --- UTF-8 ------------------------------------------------------------------- */

START_TEST(utf8_decode_follows_rfc3629)
{
	uint32_t cp = 0;
	ck_assert_uint_eq(kp_utf8_decode("A", 1, &cp), 1);
	ck_assert_uint_eq(cp, 'A');
	ck_assert_uint_eq(kp_utf8_decode("\xc3\xa9", 2, &cp), 2);
	ck_assert_uint_eq(cp, 0xE9);
	ck_assert_uint_eq(kp_utf8_decode("\xe2\x80\xae", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x202E);
	ck_assert_uint_eq(kp_utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x1F600);
	/* ill-formed: cut short, lone continuation, overlong, surrogate, above U+10FFFF, F5-FF */
	ck_assert_uint_eq(kp_utf8_decode("\xc3\xa9", 1, &cp), 0);
	ck_assert_uint_eq(kp_utf8_decode("\xa9", 1, &cp), 0);
	ck_assert_uint_eq(kp_utf8_decode("\xc0\xaf", 2, &cp), 0);
	ck_assert_uint_eq(kp_utf8_decode("\xe0\x80\xaf", 3, &cp), 0);
	ck_assert_uint_eq(kp_utf8_decode("\xed\xa0\x80", 3, &cp), 0);
	ck_assert_uint_eq(kp_utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0);
	ck_assert_uint_eq(kp_utf8_decode("\xff", 1, &cp), 0);
	ck_assert_uint_eq(kp_utf8_decode("\xc3(", 2, &cp), 0);
}
END_TEST

START_TEST(utf8_cut_on_a_character_boundary)
{
	/* what jansson writes for {"a\é"}: the first byte of é only */
	char text[] = "invalid escape near '\"a\\\xc3'";
	kp_utf8_cut(text);
	ck_assert_str_eq(text, "invalid escape near '\"a\\");
	char whole[] = "caf\xc3\xa9 \xf0\x9f\x98\x80";
	kp_utf8_cut(whole);
	ck_assert_str_eq(whole, "caf\xc3\xa9 \xf0\x9f\x98\x80");
	char cut[] = "x\xf0\x9f\x98";
	kp_utf8_cut(cut);
	ck_assert_str_eq(cut, "x");
	ck_assert_uint_eq(kp_utf8_valid_prefix("ab\xffz", 4), 2);
	ck_assert_uint_eq(kp_utf8_valid_prefix("", 0), 0);
}
END_TEST

/* --- percent-decoding ---------------------------------------------------------- */

/* Decodes s; returns the result code, the text in out (room for 128). */
static enum kp_pct decode(const char *s, bool path, char out[128])
{
	size_t len = 0;
	ck_assert_uint_lt(strlen(s), 128);
	return kp_percent_decode(s, strlen(s), out, &len, path);
}

START_TEST(percent_decode_is_strict)
{
	char out[128];
	ck_assert_int_eq(decode("a%20b%C3%A9", false, out), KP_PCT_OK);
	ck_assert_str_eq(out, "a b\xc3\xa9");
	ck_assert_int_eq(decode("a%2Fb", false, out), KP_PCT_OK);
	ck_assert_str_eq(out, "a/b");
	ck_assert_int_eq(decode("a%2Fb", true, out), KP_PCT_SLASH);
	ck_assert_int_eq(decode("a%2fb", true, out), KP_PCT_SLASH);
	ck_assert_int_eq(decode("/api/v1/x", true, out), KP_PCT_OK);
	ck_assert_str_eq(out, "/api/v1/x");
	ck_assert_int_eq(decode("1%00", true, out), KP_PCT_CONTROL);
	ck_assert_int_eq(decode("1%7f", false, out), KP_PCT_CONTROL);
	ck_assert_int_eq(decode("1%0D%0A", false, out), KP_PCT_CONTROL);
	ck_assert_int_eq(decode("%ff", false, out), KP_PCT_BAD_UTF8);
	ck_assert_int_eq(decode("%c3", false, out), KP_PCT_BAD_UTF8);
	ck_assert_int_eq(decode("\xff", false, out), KP_PCT_BAD_UTF8);
	ck_assert_int_eq(decode("%", false, out), KP_PCT_BAD_ESCAPE);
	ck_assert_int_eq(decode("%4", false, out), KP_PCT_BAD_ESCAPE);
	ck_assert_int_eq(decode("%g0", false, out), KP_PCT_BAD_ESCAPE);
	ck_assert_int_eq(decode("%%41", false, out), KP_PCT_BAD_ESCAPE);
	ck_assert_int_eq(decode("", false, out), KP_PCT_OK);
	ck_assert_str_eq(out, "");
}
END_TEST

/* --- request bodies -------------------------------------------------------------- */

/* Asserts that body does not parse and gives a 400 problem that serialises. */
static void assert_json_refused(const char *body, size_t len)
{
	json_t *problem = (json_t *)1;
	json_t *obj = kp_json_parse_body(body, len, &problem);
	ck_assert_ptr_null(obj);
	ck_assert_ptr_nonnull(problem);
	ck_assert_int_eq(json_integer_value(json_object_get(problem, "status")), 400);
	char *text = json_dumps(problem, JSON_COMPACT);
	ck_assert_ptr_nonnull(text);
	free(text);
	json_decref(problem);
}

START_TEST(body_parse_always_builds_a_problem)
{
	static const char esc[] = "{\"a\\\xc3\xa9\"}"; /* {"a\é"}: gave no problem at all (500) */
	json_t *problem = NULL;
	ck_assert_ptr_null(kp_json_parse_body(esc, sizeof esc - 1, &problem));
	ck_assert_ptr_nonnull(problem);
	const char *detail = json_string_value(json_object_get(problem, "detail"));
	ck_assert_ptr_nonnull(detail);
	ck_assert_msg(strstr(detail, "regel 1, kolom"), "%s", detail);
	json_decref(problem);

	assert_json_refused("{\"a\\\xe2\x82\xac\":1}", 12);
	assert_json_refused("\xff\xfe", 2);
	assert_json_refused("", 0);
	assert_json_refused("[1]", 3);
	assert_json_refused("{\"a\":1,\"a\":2}", 13);
	/* a long run of continuation bytes near the error: jansson cuts its own text too */
	char big[400];
	memcpy(big, "{\"", 2);
	for (size_t i = 2; i < sizeof big - 2; i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	big[sizeof big - 2] = '\\';
	big[sizeof big - 1] = '\xc3';
	assert_json_refused(big, sizeof big);

	json_t *obj = kp_json_parse_body("{\"a\":1}", 7, &problem);
	ck_assert_ptr_nonnull(obj);
	ck_assert_ptr_null(problem);
	json_decref(obj);
}
END_TEST

static const struct kp_field text_spec[] = {
	{ .name = "naam", .type = KP_F_STRING, .max_len = 100 },
	{ .name = "tekst", .type = KP_F_STRING, .multiline = true, .max_len = 1000 },
	{ .name = "labels", .type = KP_F_STRING_ARRAY, .max_items = 5, .max_len = 40 },
};
#define N_TEXT_SPEC (sizeof text_spec / sizeof text_spec[0])

/* Validates {field: value} against text_spec; returns the first invalid name or "" when valid. */
static const char *refused(const char *field, const char *value)
{
	static char name[64];
	json_t *obj = json_object();
	json_t *v = strcmp(field, "labels") == 0 ? json_pack("[s]", value) : json_string(value);
	ck_assert_ptr_nonnull(v);
	json_object_set_new(obj, field, v);
	json_t *problem = kp_json_validate(obj, text_spec, N_TEXT_SPEC, true);
	json_decref(obj);
	name[0] = '\0';
	if (problem) {
		const char *n = json_string_value(json_object_get(json_array_get(json_object_get(problem, "invalidParams"), 0), "name"));
		ck_assert_ptr_nonnull(n);
		snprintf(name, sizeof name, "%s", n);
		json_decref(problem);
	}
	return name;
}

START_TEST(bidi_controls_refused_everywhere)
{
	static const char *const bidi[] = { "\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae",
					    "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9", "\xe2\x80\x8e",
					    "\xe2\x80\x8f", "\xd8\x9c" };
	for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++) {
		char v[32];
		snprintf(v, sizeof v, "Jan%sJansen", bidi[i]);
		ck_assert_str_eq(refused("naam", v), "/naam");
		ck_assert_str_eq(refused("tekst", v), "/tekst");
		ck_assert_str_eq(refused("labels", v), "/labels");
	}
}
END_TEST

START_TEST(invisible_and_control_characters_refused_in_single_line_fields)
{
	static const char *const invisible[] = { "\xe2\x80\x8b", "\xe2\x80\x8c", "\xe2\x80\x8d", "\xe2\x81\xa0",
						 "\xef\xbb\xbf" };
	for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++) {
		char v[32];
		snprintf(v, sizeof v, "Jan%sJansen", invisible[i]);
		ck_assert_str_eq(refused("naam", v), "/naam");
		ck_assert_str_eq(refused("labels", v), "/labels");
	}
	/* free text keeps the joiners (emoji sequences), not the other invisible characters */
	ck_assert_str_eq(refused("tekst", "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa7"), "");
	ck_assert_str_eq(refused("tekst", "a\xe2\x80\x8b" "b"), "/tekst");
	ck_assert_str_eq(refused("tekst", "\xef\xbb\xbf" "a"), "/tekst");

	ck_assert_str_eq(refused("naam", "Jan\tJansen"), "/naam");
	ck_assert_str_eq(refused("naam", "Jan\nJansen"), "/naam");
	ck_assert_str_eq(refused("naam", "Jan\x1b[31m"), "/naam");
	ck_assert_str_eq(refused("naam", "Jan\xc2\x85"), "/naam");            /* C1: next line */
	ck_assert_str_eq(refused("naam", "Jan\xe2\x80\xa8Jansen"), "/naam"); /* line separator */
	ck_assert_str_eq(refused("tekst", "regel 1\nregel 2\tmet tab\r\n"), "");
	ck_assert_str_eq(refused("tekst", "a\x7f"), "/tekst");
	ck_assert_str_eq(refused("naam", "Fatima \xd8\xb9\xd9\x84\xd9\x8a"), ""); /* Arabic letters are fine */
	ck_assert_str_eq(refused("naam", "Ren\xc3\xa9" "e d'Hond-\xc3\x96zt\xc3\xbcrk"), "");
}
END_TEST

START_TEST(unknown_member_named_on_a_character_boundary)
{
	/* a long unknown member name is cut to fit the pointer: "x" and 40 x "é"
	 * used to be cut inside an "é", and the entry was lost */
	char key[100] = "x";
	for (int i = 0; i < 40; i++)
		strcat(key, "\xc3\xa9");
	json_t *obj = json_pack("{s:i}", key, 1);
	ck_assert_ptr_nonnull(obj);
	json_t *problem = kp_json_validate(obj, text_spec, N_TEXT_SPEC, true);
	ck_assert_ptr_nonnull(problem);
	json_t *params = json_object_get(problem, "invalidParams");
	ck_assert_uint_eq(json_array_size(params), 1);
	const char *name = json_string_value(json_object_get(json_array_get(params, 0), "name"));
	ck_assert_ptr_nonnull(name);
	ck_assert(strncmp(name, "/x\xc3\xa9", 4) == 0);
	json_decref(problem);
	json_decref(obj);
}
END_TEST

/* --- dates ------------------------------------------------------------------------- */

START_TEST(add_months_with_a_negative_total)
{
	/* total months before year 0: the month index used to be negative (days[-1]) */
	struct kp_date d = kp_date_add_months((struct kp_date){ 0, 1, 31 }, -1);
	ck_assert_int_eq(d.y, -1);
	ck_assert_int_eq(d.m, 12);
	ck_assert_int_eq(d.d, 31);
	d = kp_date_add_months((struct kp_date){ 1900, 1, 15 }, -1900 * 12 - 11);
	ck_assert_int_eq(d.y, -1);
	ck_assert_int_eq(d.m, 2);
	ck_assert_int_eq(d.d, 15);
	d = kp_date_add_months((struct kp_date){ 2026, 3, 31 }, -2026 * 12 - 13);
	ck_assert_int_eq(d.y, -1);
	ck_assert_int_eq(d.m, 2);
	ck_assert_int_eq(d.d, 28); /* -1 is not a leap year in the proleptic calendar */
	d = kp_date_add_months((struct kp_date){ 2026, 5, 31 }, -2026 * 12 - 4 - 24);
	ck_assert_int_eq(d.y, -2);
	ck_assert_int_eq(d.m, 1);
	ck_assert_int_eq(d.d, 31);
	/* the extremes of int never overflow */
	d = kp_date_add_months((struct kp_date){ 2026, 1, 1 }, -2147483647 - 1);
	ck_assert_int_ge(d.m, 1);
	ck_assert_int_le(d.m, 12);
	d = kp_date_add_months((struct kp_date){ 9999, 12, 31 }, 2147483647);
	ck_assert_int_ge(d.m, 1);
	ck_assert_int_le(d.m, 12);
}
END_TEST

START_TEST(add_months_ordinary_cases)
{
	struct kp_date d = kp_date_add_months((struct kp_date){ 2024, 1, 31 }, 1);
	ck_assert(d.y == 2024 && d.m == 2 && d.d == 29);
	d = kp_date_add_months((struct kp_date){ 2026, 3, 31 }, -1);
	ck_assert(d.y == 2026 && d.m == 2 && d.d == 28);
	d = kp_date_add_months((struct kp_date){ 2026, 1, 15 }, -13);
	ck_assert(d.y == 2024 && d.m == 12 && d.d == 15);
	d = kp_date_add_months((struct kp_date){ 2026, 12, 1 }, 1);
	ck_assert(d.y == 2027 && d.m == 1 && d.d == 1);
	d = kp_date_add_months((struct kp_date){ 2026, 6, 30 }, 0);
	ck_assert(d.y == 2026 && d.m == 6 && d.d == 30);
}
END_TEST

static Suite *input_suite(void)
{
	Suite *s = suite_create("input");
	TCase *tc = tcase_create("input");
	tcase_add_test(tc, utf8_decode_follows_rfc3629);
	tcase_add_test(tc, utf8_cut_on_a_character_boundary);
	tcase_add_test(tc, percent_decode_is_strict);
	tcase_add_test(tc, body_parse_always_builds_a_problem);
	tcase_add_test(tc, bidi_controls_refused_everywhere);
	tcase_add_test(tc, invisible_and_control_characters_refused_in_single_line_fields);
	tcase_add_test(tc, unknown_member_named_on_a_character_boundary);
	tcase_add_test(tc, add_months_with_a_negative_total);
	tcase_add_test(tc, add_months_ordinary_cases);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(input_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
