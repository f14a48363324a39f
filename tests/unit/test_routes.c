/*
 * test_routes.c - path templates, placeholders, method sets and the Allow
 * header, over a table made for the test and over the production table.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routes.h"

static void h(struct kp_request *req)
{
	(void)req;
}

static const struct kp_route table[] = {
	{ .method = KP_GET, .path = "/api/v1/gezinnen", .handler = h },
	{ .method = KP_POST, .path = "/api/v1/gezinnen", .handler = h },
	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}", .handler = h },
	{ .method = KP_PATCH, .path = "/api/v1/gezinnen/{id}", .handler = h },
	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}/logboek/{regel}", .handler = h },
	{ .method = KP_DELETE, .path = "/api/v1/sessies/huidig", .handler = h },
};
#define N (sizeof table / sizeof table[0])

START_TEST(literal_and_placeholders)
{
	struct kp_route_match m;
	ck_assert_int_eq(kp_route_match(table, N, KP_GET, "/api/v1/gezinnen", &m), 0);
	ck_assert_ptr_eq(m.route, &table[0]);
	ck_assert_int_eq(kp_route_match(table, N, KP_POST, "/api/v1/gezinnen", &m), 0);
	ck_assert_ptr_eq(m.route, &table[1]);
	ck_assert_int_eq(kp_route_match(table, N, KP_GET, "/api/v1/gezinnen/17", &m), 0);
	ck_assert_ptr_eq(m.route, &table[2]);
	ck_assert_str_eq(kp_route_param(&m, "id"), "17");
	ck_assert_ptr_null(kp_route_param(&m, "i"));
	ck_assert_ptr_null(kp_route_param(&m, "idx"));
	ck_assert_int_eq(kp_route_match(table, N, KP_GET, "/api/v1/gezinnen/17/logboek/3", &m), 0);
	ck_assert_str_eq(kp_route_param(&m, "id"), "17");
	ck_assert_str_eq(kp_route_param(&m, "regel"), "3");
	/* a literal route wins over nothing: sessies/huidig is literal */
	ck_assert_int_eq(kp_route_match(table, N, KP_DELETE, "/api/v1/sessies/huidig", &m), 0);
}
END_TEST

START_TEST(head_is_get)
{
	struct kp_route_match m;
	ck_assert_int_eq(kp_route_match(table, N, KP_HEAD, "/api/v1/gezinnen/5", &m), 0);
	ck_assert_ptr_eq(m.route, &table[2]);
}
END_TEST

START_TEST(not_found_and_not_allowed)
{
	struct kp_route_match m;
	const char *missing[] = { "/api/v1/gezinnen/", "/api/v1/gezinnen//", "/api/v1/gezinnen/1/2",
				  "/api/v1/gezin", "/api/v1", "", "/", "/api/v1/gezinnen/1/logboek",
				  "/api/v1/gezinnenx", "//api/v1/gezinnen" };
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
		ck_assert_msg(kp_route_match(table, N, KP_GET, missing[i], &m) != 0, "matched %s", missing[i]);
		ck_assert_msg(m.allowed == 0, "%s should be unknown", missing[i]);
	}
	ck_assert_int_ne(kp_route_match(table, N, KP_DELETE, "/api/v1/gezinnen/9", &m), 0);
	ck_assert_uint_eq(m.allowed, KP_GET | KP_HEAD | KP_PATCH);
	char allow[64];
	kp_allow_header(m.allowed, allow, sizeof allow);
	ck_assert_str_eq(allow, "GET, HEAD, PATCH");
	ck_assert_int_ne(kp_route_match(table, N, KP_OTHER, "/api/v1/gezinnen", &m), 0);
	ck_assert_uint_eq(m.allowed, KP_GET | KP_HEAD | KP_POST);
}
END_TEST

START_TEST(long_placeholder_never_matches)
{
	char path[400] = "/api/v1/gezinnen/";
	memset(path + strlen(path), '1', KP_ROUTE_PARAM_MAX);
	struct kp_route_match m;
	ck_assert_int_ne(kp_route_match(table, N, KP_GET, path, &m), 0);
	path[strlen("/api/v1/gezinnen/") + KP_ROUTE_PARAM_MAX - 1] = '\0';
	ck_assert_int_eq(kp_route_match(table, N, KP_GET, path, &m), 0);
	ck_assert_uint_eq(strlen(kp_route_param(&m, "id")), KP_ROUTE_PARAM_MAX - 1);
}
END_TEST

START_TEST(methods)
{
	ck_assert_int_eq(kp_method_parse("GET"), KP_GET);
	ck_assert_int_eq(kp_method_parse("DELETE"), KP_DELETE);
	ck_assert_int_eq(kp_method_parse("get"), KP_OTHER);
	ck_assert_int_eq(kp_method_parse("OPTIONS"), KP_OTHER);
	char allow[8];
	kp_allow_header(KP_GET | KP_HEAD | KP_DELETE, allow, sizeof allow); /* too small: truncated, terminated */
	ck_assert(strlen(allow) < sizeof allow);
}
END_TEST

START_TEST(production_table_is_well_formed)
{
	for (size_t i = 0; i < kp_routes_count; i++) {
		const struct kp_route *r = &kp_routes[i];
		ck_assert_ptr_nonnull(r->handler);
		ck_assert_msg(strncmp(r->path, "/api/v1/", 8) == 0, "%s not under /api/v1", r->path);
		ck_assert_msg(r->path[strlen(r->path) - 1] != '/', "%s ends in /", r->path);
		ck_assert(r->method == KP_GET || r->method == KP_POST || r->method == KP_PUT || r->method == KP_PATCH ||
			  r->method == KP_DELETE);
		/* each row is reachable: no earlier row shadows it */
		struct kp_route_match m;
		char path[256];
		snprintf(path, sizeof path, "%s", r->path);
		for (char *c = path; *c; c++)
			if (*c == '{') {
				char *close = strchr(c, '}');
				memmove(c + 1, close + 1, strlen(close + 1) + 1);
				*c = '7';
			}
		ck_assert_int_eq(kp_route_match(kp_routes, kp_routes_count, r->method, path, &m), 0);
		ck_assert_msg(m.route == r, "%s is shadowed", r->path);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("routes");
	TCase *tc = tcase_create("routes");
	tcase_add_test(tc, literal_and_placeholders);
	tcase_add_test(tc, head_is_get);
	tcase_add_test(tc, not_found_and_not_allowed);
	tcase_add_test(tc, long_placeholder_never_matches);
	tcase_add_test(tc, methods);
	tcase_add_test(tc, production_table_is_well_formed);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
