/*
 * test_security.c - the pure pieces of access control: password policy
 * and hashes, the login throttle (driven with explicit times), the audit
 * hash, and the request validation that guards every endpoint.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"
#include "config.h"
#include "json_spec.h"
#include "password.h"
#include "throttle.h"
#include "util.h"

START_TEST(password_policy)
{
	ck_assert_ptr_null(kp_password_policy("anne", "paard-batterij-nietje"));
	ck_assert_ptr_null(kp_password_policy("anne", "twaalf tekens")); /* spaces are fine */
	ck_assert_ptr_null(kp_password_policy("anne", "ëëëëëëëëëëëë")); /* 12 characters, 24 bytes */
	ck_assert_ptr_nonnull(kp_password_policy("anne", "elf tekens!"));
	ck_assert_ptr_nonnull(kp_password_policy("anne", "ëëëëëëëëëëë")); /* 11 characters, 22 bytes */
	ck_assert_ptr_nonnull(kp_password_policy("anne", "mijn-naam-is-ANNE"));
	ck_assert_ptr_null(kp_password_policy("an", "an-an-an-an-an")); /* names under 3 letters are not searched */
	ck_assert_ptr_nonnull(kp_password_policy("anne", "Wachtwoord123"));
	ck_assert_ptr_nonnull(kp_password_policy("anne", "WELKOM123456"));
	ck_assert_ptr_nonnull(kp_password_policy("anne", "123456789012"));
	char huge[KP_PASSWORD_MAX_BYTES + 2];
	memset(huge, 'x', sizeof huge - 1);
	huge[sizeof huge - 1] = '\0';
	ck_assert_ptr_nonnull(kp_password_policy("anne", huge));
}
END_TEST

START_TEST(password_hash_and_verify)
{
	char hash[KP_PASSWORD_HASH_MAX];
	ck_assert_int_eq(kp_password_hash("paard-batterij-nietje", hash), 0);
	ck_assert(strncmp(hash, "$argon2id$", 10) == 0);
	ck_assert_int_eq(kp_password_verify(hash, "paard-batterij-nietje"), KP_PASSWORD_OK);
	ck_assert_int_eq(kp_password_verify(hash, "paard-batterij-nietjes"), KP_PASSWORD_WRONG);
	/* a hash with weaker parameters verifies, and asks to be replaced */
	char weak[KP_PASSWORD_HASH_MAX];
	ck_assert_int_eq(crypto_pwhash_str(weak, "oud-maar-goed-genoeg", 20, crypto_pwhash_OPSLIMIT_MIN,
					   crypto_pwhash_MEMLIMIT_MIN),
			 0);
	ck_assert_int_eq(kp_password_verify(weak, "oud-maar-goed-genoeg"), KP_PASSWORD_OK_REHASH);
	ck_assert_int_eq(kp_password_verify("geen hash", "x"), KP_PASSWORD_WRONG);
	kp_password_verify_dummy("wat dan ook");
}
END_TEST

static const unsigned char seed[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

START_TEST(throttle_window)
{
	static struct kp_throttle t;
	kp_throttle_init(&t, 3, 900, seed);
	ck_assert_int_eq(kp_throttle_wait(&t, "g:anne", 1000), 0);
	kp_throttle_failure(&t, "g:anne", 1000);
	kp_throttle_failure(&t, "g:anne", 1100);
	ck_assert_int_eq(kp_throttle_wait(&t, "g:anne", 1100), 0);
	kp_throttle_failure(&t, "g:anne", 1200);
	ck_assert_int_eq(kp_throttle_wait(&t, "g:anne", 1200), 700); /* window opened at 1000 */
	ck_assert_int_eq(kp_throttle_wait(&t, "g:piet", 1200), 0);   /* other keys unaffected */
	ck_assert_int_eq(kp_throttle_wait(&t, "g:anne", 1899), 1);
	ck_assert_int_eq(kp_throttle_wait(&t, "g:anne", 1900), 0); /* window over */
	kp_throttle_failure(&t, "g:anne", 1900);                   /* a new window starts */
	ck_assert_int_eq(kp_throttle_wait(&t, "g:anne", 1900), 0);
	kp_throttle_failure(&t, "g:anne", 1901);
	kp_throttle_failure(&t, "g:anne", 1902);
	ck_assert_int_gt(kp_throttle_wait(&t, "g:anne", 1902), 0);
	kp_throttle_success(&t, "g:anne");
	ck_assert_int_eq(kp_throttle_wait(&t, "g:anne", 1902), 0);
}
END_TEST

START_TEST(throttle_counts_attempts_from_their_start)
{
	static struct kp_throttle t;
	kp_throttle_init(&t, 5, 900, seed);
	/* a burst: only five places, whatever its size */
	int admitted = 0;
	for (int i = 0; i < 40; i++)
		if (kp_throttle_begin(&t, "g:anne", 1000) == 0)
			admitted++;
	ck_assert_int_eq(admitted, 5);
	ck_assert_int_eq(kp_throttle_wait(&t, "g:anne", 1000), 1); /* full with attempts in flight */
	/* attempts that did not count give their place back */
	kp_throttle_end(&t, "g:anne", 1001, KP_THROTTLE_RELEASED);
	ck_assert_int_eq(kp_throttle_begin(&t, "g:anne", 1001), 0);
	ck_assert_int_ne(kp_throttle_begin(&t, "g:anne", 1001), 0);
	/* failures keep theirs until the window closes */
	for (int i = 0; i < 5; i++)
		kp_throttle_end(&t, "g:anne", 1002, KP_THROTTLE_FAILED);
	ck_assert_int_eq(kp_throttle_begin(&t, "g:anne", 1002), 898); /* the window opened at 1000 */
	ck_assert_int_eq(kp_throttle_begin(&t, "g:anne", 1900), 0);   /* a new window */
	kp_throttle_end(&t, "g:anne", 1900, KP_THROTTLE_FAILED);
	ck_assert_int_eq(kp_throttle_wait(&t, "g:anne", 1900), 0);
	/* a success forgets the failures but not the attempts still in flight */
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(kp_throttle_begin(&t, "g:anne", 1901), 0);
	ck_assert_int_ne(kp_throttle_begin(&t, "g:anne", 1901), 0);
	kp_throttle_end(&t, "g:anne", 1901, KP_THROTTLE_CLEARED);
	ck_assert_int_eq(kp_throttle_begin(&t, "g:anne", 1901), 0);
	ck_assert_int_eq(kp_throttle_begin(&t, "g:anne", 1901), 0);
	ck_assert_int_ne(kp_throttle_begin(&t, "g:anne", 1901), 0); /* five in flight: full again */
}
END_TEST

START_TEST(throttle_keeps_places_in_flight_under_flood)
{
	static struct kp_throttle t;
	kp_throttle_init(&t, 2, 900, seed);
	ck_assert_int_eq(kp_throttle_begin(&t, "g:anne", 10), 0);
	ck_assert_int_eq(kp_throttle_begin(&t, "g:anne", 10), 0);
	char key[32];
	for (int i = 0; i < 100000; i++) {
		snprintf(key, sizeof key, "g:naam-%d", i);
		if (kp_throttle_begin(&t, key, 20 + i / 1000) == 0)
			kp_throttle_end(&t, key, 20 + i / 1000, KP_THROTTLE_FAILED);
	}
	/* anne's two attempts in flight were never pushed out */
	ck_assert_int_ne(kp_throttle_begin(&t, "g:anne", 200), 0);
	kp_throttle_end(&t, "g:anne", 200, KP_THROTTLE_FAILED);
	kp_throttle_end(&t, "g:anne", 200, KP_THROTTLE_FAILED);
	ck_assert_int_gt(kp_throttle_wait(&t, "g:anne", 200), 0);
}
END_TEST

START_TEST(client_address_from_trusted_proxies_only)
{
	struct kp_config c;
	kp_config_defaults(&c);
	char err[128], out[64];
	/* nobody trusted: the peer, whatever the header says */
	kp_client_address_pick(&c, "127.0.0.1", "203.0.113.5", out, sizeof out);
	ck_assert_str_eq(out, "127.0.0.1");
	ck_assert_int_eq(kp_config_set(&c, "trusted_proxies", "127.0.0.1, 10.0.0.0/8, ::1", err, sizeof err), 0);
	/* an untrusted peer's header is ignored */
	kp_client_address_pick(&c, "198.51.100.1", "203.0.113.5", out, sizeof out);
	ck_assert_str_eq(out, "198.51.100.1");
	/* the rightmost entry that is not a trusted proxy; whatever the client wrote to its left is ignored */
	kp_client_address_pick(&c, "127.0.0.1", "6.6.6.6, 203.0.113.5", out, sizeof out);
	ck_assert_str_eq(out, "203.0.113.5");
	kp_client_address_pick(&c, "127.0.0.1", "6.6.6.6,203.0.113.5 , 10.1.1.1,10.2.2.2", out, sizeof out);
	ck_assert_str_eq(out, "203.0.113.5");
	kp_client_address_pick(&c, "::1", "[2001:DB8::0:1]", out, sizeof out);
	ck_assert_str_eq(out, "2001:db8::1"); /* normalised */
	/* only proxies: the leftmost; rubbish: the nearest hop we trust */
	kp_client_address_pick(&c, "127.0.0.1", "10.9.9.9, 10.1.1.1", out, sizeof out);
	ck_assert_str_eq(out, "10.9.9.9");
	kp_client_address_pick(&c, "127.0.0.1", "203.0.113.5, unknown", out, sizeof out);
	ck_assert_str_eq(out, "127.0.0.1");
	kp_client_address_pick(&c, "127.0.0.1", "203.0.113.5, nonsense, 10.1.1.1", out, sizeof out);
	ck_assert_str_eq(out, "10.1.1.1");
	kp_client_address_pick(&c, "127.0.0.1", "", out, sizeof out);
	ck_assert_str_eq(out, "127.0.0.1");
	kp_client_address_pick(&c, "127.0.0.1", NULL, out, sizeof out);
	ck_assert_str_eq(out, "127.0.0.1");
}
END_TEST

START_TEST(throttle_bounded_under_flood)
{
	static struct kp_throttle t;
	kp_throttle_init(&t, 2, 900, seed);
	kp_throttle_failure(&t, "g:anne", 10);
	kp_throttle_failure(&t, "g:anne", 10);
	/* a flood of other keys fills the table; memory stays fixed */
	char key[32];
	for (int i = 0; i < 100000; i++) {
		snprintf(key, sizeof key, "c:10.0.%d.%d", i / 256, i % 256);
		kp_throttle_failure(&t, key, 20 + i / 1000);
	}
	/* the newest keys are tracked */
	snprintf(key, sizeof key, "c:10.0.%d.%d", 99999 / 256, 99999 % 256);
	kp_throttle_failure(&t, key, 200);
	ck_assert_int_gt(kp_throttle_wait(&t, key, 200), 0);
	/* with a random seed, the same key hashes elsewhere but behaves the same */
	static struct kp_throttle r;
	kp_throttle_init(&r, 1, 60, NULL);
	kp_throttle_failure(&r, "x", 0);
	ck_assert_int_eq(kp_throttle_wait(&r, "x", 0), 60);
}
END_TEST

START_TEST(audit_hash_chains)
{
	unsigned char zero[KP_AUDIT_HASH_BYTES] = { 0 }, a[KP_AUDIT_HASH_BYTES], b[KP_AUDIT_HASH_BYTES],
		      c[KP_AUDIT_HASH_BYTES];
	kp_audit_hash(zero, 1, "2026-11-23T10:00:00.000Z", 5, "anne", "wijzigen", "gebruiker", "7", "127.0.0.1", NULL, a);
	kp_audit_hash(zero, 1, "2026-11-23T10:00:00.000Z", 5, "anne", "wijzigen", "gebruiker", "7", "127.0.0.1", NULL, b);
	ck_assert_mem_eq(a, b, sizeof a); /* deterministic */
	/* every field matters, NULL differs from "" and field boundaries matter */
	kp_audit_hash(zero, 1, "2026-11-23T10:00:00.000Z", 5, "anne", "wijzigen", "gebruiker", "7", "127.0.0.1", "", c);
	ck_assert(memcmp(a, c, sizeof a) != 0);
	kp_audit_hash(zero, 1, "2026-11-23T10:00:00.000Z", 5, "ann", "ewijzigen", "gebruiker", "7", "127.0.0.1", NULL, c);
	ck_assert(memcmp(a, c, sizeof a) != 0);
	kp_audit_hash(zero, 2, "2026-11-23T10:00:00.000Z", 5, "anne", "wijzigen", "gebruiker", "7", "127.0.0.1", NULL, c);
	ck_assert(memcmp(a, c, sizeof a) != 0);
	kp_audit_hash(zero, 1, "2026-11-23T10:00:00.000Z", 0, "anne", "wijzigen", "gebruiker", "7", "127.0.0.1", NULL, c);
	ck_assert(memcmp(a, c, sizeof a) != 0);
	/* and the previous hash */
	kp_audit_hash(a, 1, "2026-11-23T10:00:00.000Z", 5, "anne", "wijzigen", "gebruiker", "7", "127.0.0.1", NULL, c);
	ck_assert(memcmp(a, c, sizeof a) != 0);
	char now[32];
	kp_audit_now(now);
	ck_assert_uint_eq(strlen(now), 24);
	ck_assert(now[10] == 'T' && now[23] == 'Z');
}
END_TEST

static const char *const kinds[] = { "een", "twee", NULL };

static const char *no_x(const char *v)
{
	return strchr(v, 'x') ? "Geen x graag." : NULL;
}

static const struct kp_field spec[] = {
	{ .name = "naam", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 5 },
	{ .name = "notitie", .type = KP_F_STRING, .multiline = true, .max_len = 100, .nullable = true },
	{ .name = "soort", .type = KP_F_STRING, .one_of = kinds },
	{ .name = "aantal", .type = KP_F_INTEGER, .min = 1, .max = 10 },
	{ .name = "actief", .type = KP_F_BOOLEAN },
	{ .name = "codes", .type = KP_F_STRING_ARRAY, .max_items = 2, .min_len = 1, .max_len = 4, .check = no_x },
};

/* Validates text against spec; returns the invalidParams names joined by ',' ("" when valid). */
static char *names(const char *text, bool partial)
{
	static char out[256];
	json_t *obj = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(obj);
	json_t *p = kp_json_validate(obj, spec, sizeof spec / sizeof spec[0], partial);
	out[0] = '\0';
	if (p) {
		ck_assert_int_eq(json_integer_value(json_object_get(p, "status")), 400);
		size_t i;
		json_t *e;
		json_array_foreach(json_object_get(p, "invalidParams"), i, e)
		{
			ck_assert(json_string_length(json_object_get(e, "reason")) > 0);
			strncat(out, json_string_value(json_object_get(e, "name")), sizeof out - strlen(out) - 2);
			strcat(out, ",");
		}
	}
	json_decref(p);
	json_decref(obj);
	return out;
}

START_TEST(json_spec_validation)
{
	ck_assert_str_eq(names("{\"naam\":\"Sem\"}", false), "");
	ck_assert_str_eq(names("{\"naam\":\"Zoë\",\"notitie\":\"regel 1\\nregel 2\",\"soort\":\"twee\",\"aantal\":10,"
			       "\"actief\":false,\"codes\":[\"AB\",\"CD\"]}",
			       false),
			 "");
	ck_assert_str_eq(names("{\"notitie\":null}", true), "");
	ck_assert_str_eq(names("{}", false), "/naam,");
	ck_assert_str_eq(names("{}", true), "");
	ck_assert_str_eq(names("{\"naam\":\"\"}", false), "/naam,");
	ck_assert_str_eq(names("{\"naam\":\"zesletters\"}", false), "/naam,");
	ck_assert_str_eq(names("{\"naam\":\"ëëëëë\"}", false), ""); /* characters, not bytes */
	ck_assert_str_eq(names("{\"naam\":\"a\\tb\"}", false), "/naam,");
	ck_assert_str_eq(names("{\"naam\":\"a\\u007fb\"}", false), "/naam,");
	ck_assert_str_eq(names("{\"naam\":5}", false), "/naam,");
	ck_assert_str_eq(names("{\"naam\":null}", false), "/naam,");
	ck_assert_str_eq(names("{\"naam\":\"a\",\"soort\":\"drie\"}", false), "/soort,");
	ck_assert_str_eq(names("{\"naam\":\"a\",\"aantal\":11}", false), "/aantal,");
	ck_assert_str_eq(names("{\"naam\":\"a\",\"aantal\":1.5}", false), "/aantal,");
	ck_assert_str_eq(names("{\"naam\":\"a\",\"actief\":\"ja\"}", false), "/actief,");
	ck_assert_str_eq(names("{\"naam\":\"a\",\"codes\":[\"AB\",\"CD\",\"EF\"]}", false), "/codes,");
	ck_assert_str_eq(names("{\"naam\":\"a\",\"codes\":[\"AB\",\"AB\"]}", false), "/codes,");
	ck_assert_str_eq(names("{\"naam\":\"a\",\"codes\":[\"AxB\"]}", false), "/codes,");
	ck_assert_str_eq(names("{\"naam\":\"a\",\"codes\":\"AB\"}", false), "/codes,");
	ck_assert_str_eq(names("{\"naam\":\"a\",\"codes\":[1]}", false), "/codes,");
	/* unknown members are refused, with JSON pointer escaping */
	ck_assert_str_eq(names("{\"naam\":\"a\",\"a/b~c\":1}", false), "/a~1b~0c,");
	/* every problem at once */
	ck_assert_str_eq(names("{\"soort\":\"x\",\"aantal\":0,\"extra\":1}", false), "/soort,/aantal,/extra,/naam,");
}
END_TEST

START_TEST(utilities)
{
	int64_t id;
	ck_assert(kp_parse_id("1", &id) && id == 1);
	ck_assert(kp_parse_id("9223372036854775807", &id) && id == INT64_MAX);
	const char *bad_ids[] = { "", "0", "01", "-1", "+1", " 1", "1 ", "1a", "9223372036854775808", "99999999999999999999" };
	for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++)
		ck_assert_msg(!kp_parse_id(bad_ids[i], &id), "accepted '%s'", bad_ids[i]);
	ck_assert(!kp_parse_id(NULL, &id));
	int y, m, d;
	ck_assert(kp_parse_date("2024-02-29", &y, &m, &d) && y == 2024 && m == 2 && d == 29);
	ck_assert(kp_parse_date("2000-02-29", &y, &m, &d));
	const char *bad_dates[] = { "2023-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01",
				    "26-01-01", "2026/01/01", "2026-01-01T00", "", "1800-01-01" };
	for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++)
		ck_assert_msg(!kp_parse_date(bad_dates[i], &y, &m, &d), "accepted '%s'", bad_dates[i]);
	char t[32];
	kp_format_time(0, t);
	ck_assert_str_eq(t, "1970-01-01T00:00:00Z");
	char tok[64], tok2[64];
	ck_assert_int_eq(kp_random_token("kp_", 32, tok, sizeof tok), 0);
	ck_assert_int_eq(kp_random_token("kp_", 32, tok2, sizeof tok2), 0);
	ck_assert_uint_eq(strlen(tok), 3 + 43);
	ck_assert_str_ne(tok, tok2);
	ck_assert_int_ne(kp_random_token("kp_", 32, tok, 20), 0);
	char s[] = "AbC-Ë";
	kp_ascii_lower(s);
	ck_assert_str_eq(s, "abc-Ë");
	ck_assert_uint_eq(kp_utf8_length("Zoë"), 3);
}
END_TEST

int main(void)
{
	if (sodium_init() < 0)
		return EXIT_FAILURE;
	Suite *s = suite_create("security");
	TCase *tc = tcase_create("security");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, password_policy);
	tcase_add_test(tc, password_hash_and_verify);
	tcase_add_test(tc, throttle_window);
	tcase_add_test(tc, throttle_bounded_under_flood);
	tcase_add_test(tc, throttle_counts_attempts_from_their_start);
	tcase_add_test(tc, throttle_keeps_places_in_flight_under_flood);
	tcase_add_test(tc, client_address_from_trusted_proxies_only);
	tcase_add_test(tc, audit_hash_chains);
	tcase_add_test(tc, json_spec_validation);
	tcase_add_test(tc, utilities);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
