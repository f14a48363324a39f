/*
 * test_gezinsplan.c - unit tests for the gezinsplan rules (gezinsplan.h):
 * the request spec names the offending field, a plan is checked against the
 * current one (goal ids, score and date pairs, dates), new goals get the
 * next free id, an evaluation sets the latest scores, the progress sums,
 * and the anonymised copy keeps scores but no words.
 */
#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "gezinsplan.h"
#include "json_spec.h"

static const char VANDAAG[] = "2026-12-08";

/* True when problem p names pointer in invalidParams. */
static bool names(const json_t *p, const char *pointer)
{
	size_t i;
	const json_t *e;
	json_array_foreach(json_object_get(p, "invalidParams"), i, e)
	{
		const char *n = json_string_value(json_object_get(e, "name"));
		if (n && strcmp(n, pointer) == 0)
			return true;
	}
	return false;
}

static json_t *parse(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(j);
	return j;
}

/* Validates text against the plan spec; returns the problem (NULL when valid). */
static json_t *spec_problem(const char *text)
{
	json_t *b = parse(text);
	json_t *p = kp_json_validate(b, kp_gezinsplan_spec, kp_gezinsplan_spec_count, false);
	json_decref(b);
	return p;
}

#define TWEE_DOELEN                                                                                                    \
	"{\"opgesteldOp\":\"2026-11-02\",\"aanwezig\":[\"moeder Sanne\",\"oma Ria\"],\"afspraken\":\"Elke week bellen.\","  \
	"\"doelen\":[{\"doel\":\"Ik wil 's ochtends rust in huis\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"Sanne\"},"  \
	"\"domein\":\"opvoeding\",\"startScore\":3},"                                                                      \
	"{\"doel\":\"De schulden op een rij\",\"eigenaar\":{\"soort\":\"partner\",\"naam\":\"Schuldhulp Leiden\"},"         \
	"\"startScore\":5}]}"

START_TEST(spec_names_bounds_and_scores)
{
	json_t *p = spec_problem("{\"opgesteldOp\":\"2026-02-30\",\"doelen\":[{\"doel\":\"a\",\"eigenaar\":{\"soort\":\"gezin\","
				 "\"naam\":\"x\"},\"startScore\":3},{\"doel\":\"b\",\"eigenaar\":{\"soort\":\"buur\","
				 "\"naam\":\"\"},\"startScore\":11,\"laatsteScore\":0,\"status\":\"klaar\"},"
				 "{\"doel\":\"c\",\"eigenaar\":{\"soort\":\"netwerk\",\"naam\":\"y\"},\"startScore\":0}]}");
	ck_assert_ptr_nonnull(p);
	ck_assert(names(p, "/opgesteldOp"));
	ck_assert(names(p, "/doelen/1/eigenaar/soort"));
	ck_assert(names(p, "/doelen/1/eigenaar/naam"));
	ck_assert(names(p, "/doelen/1/startScore"));
	ck_assert(names(p, "/doelen/1/laatsteScore"));
	ck_assert(names(p, "/doelen/1/status"));
	ck_assert(names(p, "/doelen/2/startScore"));
	ck_assert(!names(p, "/doelen/0/startScore"));
	json_decref(p);
	/* no goals, and more than 30 */
	p = spec_problem("{\"opgesteldOp\":\"2026-11-02\",\"doelen\":[]}");
	ck_assert(names(p, "/doelen"));
	json_decref(p);
	char big[8192] = "{\"opgesteldOp\":\"2026-11-02\",\"doelen\":[";
	for (int i = 0; i < KP_GEZINSPLAN_MAX_DOELEN + 1; i++)
		strcat(big, i ? ",{\"doel\":\"d\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":2}"
			      : "{\"doel\":\"d\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":2}");
	strcat(big, "]}");
	p = spec_problem(big);
	ck_assert(names(p, "/doelen"));
	json_decref(p);
	/* a goal text over 500 characters */
	char lang[1200];
	memset(lang, 'a', 501);
	lang[501] = '\0';
	char body[1600];
	snprintf(body, sizeof body,
		 "{\"opgesteldOp\":\"2026-11-02\",\"doelen\":[{\"doel\":\"%s\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},"
		 "\"startScore\":2}]}",
		 lang);
	p = spec_problem(body);
	ck_assert(names(p, "/doelen/0/doel"));
	json_decref(p);
	ck_assert_ptr_null(spec_problem(TWEE_DOELEN));
}
END_TEST

START_TEST(first_plan_gets_ids_and_defaults)
{
	json_t *b = parse(TWEE_DOELEN), *problem = NULL;
	json_t *doc = kp_gezinsplan_maak(b, NULL, VANDAAG, &problem);
	ck_assert_ptr_null(problem);
	ck_assert_ptr_nonnull(doc);
	json_t *d0 = json_array_get(json_object_get(doc, "doelen"), 0), *d1 = json_array_get(json_object_get(doc, "doelen"), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(d0, "id")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(d1, "id")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(d0, "status")), "actief");
	ck_assert(json_is_null(json_object_get(d0, "laatsteScore")));
	ck_assert(json_is_null(json_object_get(d1, "domein")));
	ck_assert(json_is_null(json_object_get(doc, "notitie")));
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "aanwezig")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(d1, "eigenaar"), "naam")), "Schuldhulp Leiden");
	json_decref(b);

	/* a change: goal 2 kept (by id), goal 1 dropped, a new goal gets id 3, never 1 again */
	b = parse("{\"opgesteldOp\":\"2026-11-02\",\"doelen\":[{\"id\":2,\"doel\":\"Schulden op een rij\",\"eigenaar\":"
		  "{\"soort\":\"partner\",\"naam\":\"Schuldhulp Leiden\"},\"startScore\":5,\"laatsteScore\":6,"
		  "\"laatsteScoreOp\":\"2026-12-01\"},{\"doel\":\"Oma past op woensdag\",\"eigenaar\":{\"soort\":\"netwerk\","
		  "\"naam\":\"oma Ria\"},\"startScore\":4}]}");
	json_t *doc2 = kp_gezinsplan_maak(b, doc, VANDAAG, &problem);
	ck_assert_ptr_nonnull(doc2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(doc2, "doelen"), 0), "id")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(doc2, "doelen"), 1), "id")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(doc2, "doelen"), 0), "laatsteScore")),
			 6);
	json_decref(b);
	json_decref(doc2);
	json_decref(doc);
}
END_TEST

START_TEST(plan_rules_name_the_field)
{
	json_t *b = parse(TWEE_DOELEN), *problem = NULL;
	json_t *vorige = kp_gezinsplan_maak(b, NULL, VANDAAG, &problem);
	json_decref(b);
	ck_assert_ptr_nonnull(vorige);
	/* unknown id, duplicate id, score without date, date without score, a date in the future,
	   a latest score before the plan, and the plan in the future */
	b = parse("{\"opgesteldOp\":\"2026-12-09\",\"doelen\":["
		  "{\"id\":7,\"doel\":\"a\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":3},"
		  "{\"id\":1,\"doel\":\"b\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":3},"
		  "{\"id\":1,\"doel\":\"c\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":3},"
		  "{\"doel\":\"d\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":3,\"laatsteScore\":4},"
		  "{\"doel\":\"e\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":3,\"laatsteScoreOp\":\"2026-12-01\"},"
		  "{\"doel\":\"f\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":3,\"laatsteScore\":4,"
		  "\"laatsteScoreOp\":\"2027-01-01\"}]}");
	ck_assert_ptr_null(kp_gezinsplan_maak(b, vorige, VANDAAG, &problem));
	ck_assert_ptr_nonnull(problem);
	ck_assert(names(problem, "/opgesteldOp"));
	ck_assert(names(problem, "/doelen/0/id"));
	ck_assert(!names(problem, "/doelen/1/id"));
	ck_assert(names(problem, "/doelen/2/id"));
	ck_assert(names(problem, "/doelen/3/laatsteScoreOp"));
	ck_assert(names(problem, "/doelen/4/laatsteScore"));
	ck_assert(names(problem, "/doelen/5/laatsteScoreOp"));
	json_decref(problem);
	json_decref(b);
	/* an id on a first plan */
	b = parse("{\"opgesteldOp\":\"2026-11-02\",\"doelen\":[{\"id\":1,\"doel\":\"a\",\"eigenaar\":{\"soort\":\"gezin\","
		  "\"naam\":\"x\"},\"startScore\":3}]}");
	ck_assert_ptr_null(kp_gezinsplan_maak(b, NULL, VANDAAG, &problem));
	ck_assert(names(problem, "/doelen/0/id"));
	json_decref(problem);
	json_decref(b);
	/* a latest score dated before the plan was drawn up */
	b = parse("{\"opgesteldOp\":\"2026-11-02\",\"doelen\":[{\"doel\":\"a\",\"eigenaar\":{\"soort\":\"gezin\","
		  "\"naam\":\"x\"},\"startScore\":3,\"laatsteScore\":5,\"laatsteScoreOp\":\"2026-11-01\"}]}");
	ck_assert_ptr_null(kp_gezinsplan_maak(b, NULL, VANDAAG, &problem));
	ck_assert(names(problem, "/doelen/0/laatsteScoreOp"));
	json_decref(problem);
	json_decref(b);
	json_decref(vorige);
}
END_TEST

START_TEST(evaluation_sets_latest_scores)
{
	json_t *b = parse(TWEE_DOELEN), *problem = NULL;
	json_t *plan = kp_gezinsplan_maak(b, NULL, VANDAAG, &problem);
	json_decref(b);
	b = parse("{\"datum\":\"2026-12-07\",\"scores\":[{\"doel\":2,\"score\":7,\"status\":\"behaald\"},{\"doel\":1,\"score\":2}]}");
	ck_assert_ptr_null(kp_json_validate(b, kp_gezinsplan_evaluatie_spec, kp_gezinsplan_evaluatie_spec_count, false));
	json_t *na = kp_gezinsplan_evalueer(plan, b, VANDAAG, &problem);
	json_decref(b);
	ck_assert_ptr_nonnull(na);
	json_t *d0 = json_array_get(json_object_get(na, "doelen"), 0), *d1 = json_array_get(json_object_get(na, "doelen"), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(d0, "laatsteScore")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(d0, "laatsteScoreOp")), "2026-12-07");
	ck_assert_str_eq(json_string_value(json_object_get(d0, "status")), "actief");
	ck_assert_int_eq(json_integer_value(json_object_get(d1, "laatsteScore")), 7);
	ck_assert_str_eq(json_string_value(json_object_get(d1, "status")), "behaald");
	/* the current document itself is untouched */
	ck_assert(json_is_null(json_object_get(json_array_get(json_object_get(plan, "doelen"), 0), "laatsteScore")));

	/* progress: one up (5 -> 7), one down (3 -> 2); mean change (2 - 1) / 2 = 0.5 */
	json_t *v = kp_gezinsplan_voortgang(na);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "doelen")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "gemeten")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "vooruit")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "achteruit")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "gelijk")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "behaald")), 1);
	ck_assert_double_eq_tol(json_real_value(json_object_get(v, "gemiddeldeVerandering")), 0.5, 1e-9);
	json_decref(v);
	v = kp_gezinsplan_voortgang(plan);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "gemeten")), 0);
	ck_assert(json_is_null(json_object_get(v, "gemiddeldeVerandering")));
	json_decref(v);

	/* bad evaluations: an unknown goal, a goal twice, a date before the plan, a date in the future */
	b = parse("{\"datum\":\"2026-11-01\",\"scores\":[{\"doel\":9,\"score\":7},{\"doel\":1,\"score\":2},"
		  "{\"doel\":1,\"score\":3}]}");
	ck_assert_ptr_null(kp_gezinsplan_evalueer(plan, b, VANDAAG, &problem));
	ck_assert(names(problem, "/scores/0/doel"));
	ck_assert(!names(problem, "/scores/1/doel"));
	ck_assert(names(problem, "/scores/2/doel"));
	ck_assert(names(problem, "/datum"));
	json_decref(problem);
	json_decref(b);
	b = parse("{\"datum\":\"2026-12-09\",\"scores\":[{\"doel\":1,\"score\":2}]}");
	ck_assert_ptr_null(kp_gezinsplan_evalueer(plan, b, VANDAAG, &problem));
	ck_assert(names(problem, "/datum"));
	json_decref(problem);
	json_decref(b);
	json_decref(plan);
	json_decref(na);
}
END_TEST

START_TEST(progress_rounds_to_one_decimal)
{
	json_t *plan = parse("{\"doelen\":[{\"startScore\":2,\"laatsteScore\":3},{\"startScore\":5,\"laatsteScore\":5},"
			     "{\"startScore\":4,\"laatsteScore\":5},{\"startScore\":8,\"laatsteScore\":null,\"status\":\"gestopt\"}]}");
	json_t *v = kp_gezinsplan_voortgang(plan);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "gemeten")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "gelijk")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "gestopt")), 1);
	ck_assert_double_eq_tol(json_real_value(json_object_get(v, "gemiddeldeVerandering")), 0.7, 1e-9);
	json_decref(v);
	json_decref(plan);
}
END_TEST

START_TEST(anonymised_copy_keeps_scores_not_words)
{
	json_t *b = parse(TWEE_DOELEN), *problem = NULL;
	json_object_set_new(b, "notitie", json_string("Intern: moeder twijfelt"));
	json_t *plan = kp_gezinsplan_maak(b, NULL, VANDAAG, &problem);
	json_decref(b);
	json_t *a = kp_gezinsplan_anoniem(plan);
	char *s = json_dumps(a, 0);
	ck_assert_ptr_null(strstr(s, "Sanne"));
	ck_assert_ptr_null(strstr(s, "Ria"));
	ck_assert_ptr_null(strstr(s, "rust in huis"));
	ck_assert_ptr_null(strstr(s, "Schuldhulp"));
	ck_assert_ptr_null(strstr(s, "bellen"));
	ck_assert_ptr_null(strstr(s, "twijfelt"));
	free(s);
	json_t *d1 = json_array_get(json_object_get(a, "doelen"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(d1, "doel")), "Doel 2");
	ck_assert_int_eq(json_integer_value(json_object_get(d1, "startScore")), 5);
	ck_assert_int_eq(json_integer_value(json_object_get(d1, "id")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(d1, "eigenaar"), "soort")), "partner");
	ck_assert_str_eq(json_string_value(json_object_get(a, "opgesteldOp")), "2026-11-02");
	json_decref(a);
	json_decref(plan);
}
END_TEST

static Suite *gezinsplan_suite(void)
{
	Suite *s = suite_create("gezinsplan");
	TCase *tc = tcase_create("gezinsplan");
	tcase_add_test(tc, spec_names_bounds_and_scores);
	tcase_add_test(tc, first_plan_gets_ids_and_defaults);
	tcase_add_test(tc, plan_rules_name_the_field);
	tcase_add_test(tc, evaluation_sets_latest_scores);
	tcase_add_test(tc, progress_rounds_to_one_decimal);
	tcase_add_test(tc, anonymised_copy_keeps_scores_not_words);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(gezinsplan_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
