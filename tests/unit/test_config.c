/*
 * test_config.c - settings: defaults, validation of every kind of value,
 * the file format, environment variables, and their precedence.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "testutil.h"

START_TEST(defaults_are_sane)
{
	struct kp_config c;
	kp_config_defaults(&c);
	ck_assert_str_eq(c.listen_host, "127.0.0.1");
	ck_assert_uint_eq(c.listen_port, 8080);
	ck_assert_str_eq(c.database, "data/koppel.db");
	ck_assert_uint_eq(c.max_body_bytes, 1u << 20);
	ck_assert_int_eq(c.log_level, KP_LOG_INFO);
	ck_assert(!c.synchronous_full);
}
END_TEST

START_TEST(listen_forms)
{
	char host[64];
	uint16_t port;
	ck_assert_int_eq(kp_config_parse_listen("127.0.0.1:0", host, sizeof host, &port), 0);
	ck_assert_str_eq(host, "127.0.0.1");
	ck_assert_uint_eq(port, 0);
	ck_assert_int_eq(kp_config_parse_listen("[::1]:8443", host, sizeof host, &port), 0);
	ck_assert_str_eq(host, "::1");
	ck_assert_uint_eq(port, 8443);
	ck_assert_int_eq(kp_config_parse_listen(":9000", host, sizeof host, &port), 0);
	ck_assert_str_eq(host, "0.0.0.0");
	ck_assert_int_eq(kp_config_parse_listen("localhost:65535", host, sizeof host, &port), 0);
	ck_assert_uint_eq(port, 65535);
	const char *bad[] = { "8080", "host:", "host:65536", "host:80a", "::1:80", "[::1]80", "[::1", "h:-1",
			      "h:123456" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(kp_config_parse_listen(bad[i], host, sizeof host, &port) != 0, "accepted %s", bad[i]);
	char tiny[4];
	ck_assert_int_ne(kp_config_parse_listen("longhostname:1", tiny, sizeof tiny, &port), 0);
}
END_TEST

START_TEST(values_are_validated)
{
	struct kp_config c;
	kp_config_defaults(&c);
	char err[256];
	ck_assert_int_eq(kp_config_set(&c, "threads", "4", err, sizeof err), 0);
	ck_assert_uint_eq(c.threads, 4);
	ck_assert_int_eq(kp_config_set(&c, "max_body_bytes", "2M", err, sizeof err), 0);
	ck_assert_uint_eq(c.max_body_bytes, 2u << 20);
	ck_assert_int_eq(kp_config_set(&c, "connection_memory_limit", "32k", err, sizeof err), 0);
	ck_assert_uint_eq(c.connection_memory_limit, 32u << 10);
	ck_assert_int_eq(kp_config_set(&c, "synchronous", "full", err, sizeof err), 0);
	ck_assert(c.synchronous_full);
	ck_assert_int_eq(kp_config_set(&c, "log_level", "debug", err, sizeof err), 0);
	ck_assert_int_eq(c.log_level, KP_LOG_DEBUG);

	struct {
		const char *key, *value, *says;
	} bad[] = {
		{ "threads", "0", "threads" },
		{ "threads", "65", "threads" },
		{ "threads", "-1", "threads" },
		{ "threads", "4x", "threads" },
		{ "threads", "", "threads" },
		{ "max_body_bytes", "100", "max_body_bytes" },
		{ "max_body_bytes", "99999999999999999999999", "max_body_bytes" },
		{ "max_body_bytes", "18014398509481984M", "max_body_bytes" },
		{ "log_level", "loud", "log_level" },
		{ "synchronous", "off", "synchronous" },
		{ "database", "", "database" },
		{ "bestaat_niet", "1", "unknown setting" },
		{ "listen", "nope", "listen" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		ck_assert_msg(kp_config_set(&c, bad[i].key, bad[i].value, err, sizeof err) != 0, "accepted %s=%s",
			      bad[i].key, bad[i].value);
		ck_assert_msg(strstr(err, bad[i].says) != NULL, "message '%s' does not name %s", err, bad[i].says);
	}
	/* a path longer than the buffer is refused, not truncated */
	char longpath[KP_CONFIG_PATH_MAX + 10];
	memset(longpath, 'a', sizeof longpath - 1);
	longpath[sizeof longpath - 1] = '\0';
	ck_assert_int_ne(kp_config_set(&c, "database", longpath, err, sizeof err), 0);
	/* failed sets left the earlier values alone */
	ck_assert_uint_eq(c.threads, 4);
}
END_TEST

START_TEST(file_format)
{
	char *dir = tu_tempdir();
	char *path = tu_path(dir, "koppel.conf");
	const char text[] = "# comment\n\n  listen = 0.0.0.0:9090  \nthreads=3\n\tdatabase = /var/lib/koppel/k.db\n"
			    "# another\nsynchronous = full\n";
	ck_assert_int_eq(tu_write_file(path, text, sizeof text - 1), 0);
	struct kp_config c;
	kp_config_defaults(&c);
	char err[512];
	ck_assert_int_eq(kp_config_load_file(&c, path, err, sizeof err), 0);
	ck_assert_str_eq(c.listen_host, "0.0.0.0");
	ck_assert_uint_eq(c.listen_port, 9090);
	ck_assert_uint_eq(c.threads, 3);
	ck_assert_str_eq(c.database, "/var/lib/koppel/k.db");
	ck_assert(c.synchronous_full);

	const char bad1[] = "threads = 2\nthis line has no equals sign\n";
	ck_assert_int_eq(tu_write_file(path, bad1, sizeof bad1 - 1), 0);
	ck_assert_int_ne(kp_config_load_file(&c, path, err, sizeof err), 0);
	ck_assert_msg(strstr(err, ":2:") != NULL, "error should name line 2: %s", err);

	const char bad2[] = "\n\ntreads = 2\n";
	ck_assert_int_eq(tu_write_file(path, bad2, sizeof bad2 - 1), 0);
	ck_assert_int_ne(kp_config_load_file(&c, path, err, sizeof err), 0);
	ck_assert_msg(strstr(err, ":3:") && strstr(err, "treads"), "%s", err);

	ck_assert_int_ne(kp_config_load_file(&c, "/nonexistent/koppel.conf", err, sizeof err), 0);
	tu_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

static const char *fake_env(const char *name)
{
	if (strcmp(name, "KOPPEL_LISTEN") == 0)
		return "127.0.0.1:7000";
	if (strcmp(name, "KOPPEL_WEB_DIR") == 0)
		return "/srv/web";
	if (strcmp(name, "KOPPEL_BUSY_TIMEOUT_MS") == 0)
		return "250";
	return NULL;
}

static const char *bad_env(const char *name)
{
	return strcmp(name, "KOPPEL_THREADS") == 0 ? "many" : NULL;
}

START_TEST(environment)
{
	struct kp_config c;
	kp_config_defaults(&c);
	char err[256];
	ck_assert_int_eq(kp_config_load_env(&c, fake_env, err, sizeof err), 0);
	ck_assert_uint_eq(c.listen_port, 7000);
	ck_assert_str_eq(c.web_dir, "/srv/web");
	ck_assert_uint_eq(c.busy_timeout_ms, 250);
	ck_assert_int_ne(kp_config_load_env(&c, bad_env, err, sizeof err), 0);
	ck_assert_msg(strstr(err, "KOPPEL_THREADS") != NULL, "%s", err);
}
END_TEST

START_TEST(trusted_proxies_are_parsed)
{
	struct kp_config c;
	kp_config_defaults(&c);
	ck_assert_uint_eq(c.n_trusted_proxies, 0); /* trust no proxy unless told */
	char err[256];
	ck_assert_int_eq(kp_config_set(&c, "trusted_proxies", "10.0.0.0/8, 192.168.1.7 ::1/128,2001:db8::/32", err,
				       sizeof err),
			 0);
	ck_assert_uint_eq(c.n_trusted_proxies, 4);
	ck_assert_uint_eq(c.trusted_proxies[0].family, 4);
	ck_assert_uint_eq(c.trusted_proxies[0].bits, 8);
	ck_assert_uint_eq(c.trusted_proxies[1].bits, 32); /* one host */
	ck_assert_uint_eq(c.trusted_proxies[2].family, 6);
	ck_assert_uint_eq(c.trusted_proxies[2].bits, 128);
	const char *in[] = { "10.0.0.1", "10.255.255.255", "192.168.1.7", "::1", "2001:db8:ffff::1", "::ffff:10.1.2.3" };
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
		ck_assert_msg(kp_cidr_contains(c.trusted_proxies, c.n_trusted_proxies, in[i]), "%s not matched", in[i]);
	const char *out[] = { "11.0.0.1", "192.168.1.8", "::2", "2001:db9::1", "fe80::1", "", "10.0.0", "proxy" };
	for (size_t i = 0; i < sizeof out / sizeof out[0]; i++)
		ck_assert_msg(!kp_cidr_contains(c.trusted_proxies, c.n_trusted_proxies, out[i]), "%s matched", out[i]);
	/* host bits below the prefix are cleared */
	ck_assert_int_eq(kp_config_set(&c, "trusted_proxies", "172.16.5.9/12", err, sizeof err), 0);
	ck_assert_uint_eq(c.n_trusted_proxies, 1);
	ck_assert(kp_cidr_contains(c.trusted_proxies, 1, "172.31.0.1"));
	ck_assert(!kp_cidr_contains(c.trusted_proxies, 1, "172.32.0.1"));
	ck_assert(kp_config_set(&c, "trusted_proxies", "0.0.0.0/0", err, sizeof err) == 0 &&
		  kp_cidr_contains(c.trusted_proxies, 1, "8.8.8.8") && !kp_cidr_contains(c.trusted_proxies, 1, "::1"));
	/* mistakes are refused and leave the setting as it was */
	const char *bad[] = { "10.0.0.0/33", "::1/129", "proxy.example", "10.0.0.0/", "10.0.0.0/8x", "10.0.0.256",
			      "1.2.3.4/-1", "/8" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(kp_config_set(&c, "trusted_proxies", bad[i], err, sizeof err) != 0, "accepted %s", bad[i]);
		ck_assert_ptr_nonnull(strstr(err, "trusted_proxies"));
	}
	ck_assert_uint_eq(c.n_trusted_proxies, 1);
	char many[2048];
	size_t used = 0;
	for (int i = 0; i <= KP_TRUSTED_PROXIES_MAX; i++)
		used += (size_t)snprintf(many + used, sizeof many - used, "10.0.%d.0/24 ", i);
	ck_assert_int_ne(kp_config_set(&c, "trusted_proxies", many, err, sizeof err), 0);
	/* an empty value trusts nobody again */
	ck_assert_int_eq(kp_config_set(&c, "trusted_proxies", "", err, sizeof err), 0);
	ck_assert_uint_eq(c.n_trusted_proxies, 0);
}
END_TEST

START_TEST(every_key_documented_in_example)
{
	size_t len;
	char *example = tu_read_file(KOPPEL_SOURCE_DIR "/config/koppel.conf.example", &len);
	ck_assert_ptr_nonnull(example);
	struct kp_config c;
	kp_config_defaults(&c);
	char err[256];
	ck_assert_msg(kp_config_load_file(&c, KOPPEL_SOURCE_DIR "/config/koppel.conf.example", err, sizeof err) == 0,
		      "example does not load: %s", err);
	for (size_t i = 0; i < kp_config_key_count(); i++) {
		char needle[64];
		snprintf(needle, sizeof needle, "\n%s =", kp_config_key_name(i));
		ck_assert_msg(strstr(example, needle) != NULL, "key %s missing in koppel.conf.example",
			      kp_config_key_name(i));
	}
	/* and the example states the defaults */
	struct kp_config d;
	kp_config_defaults(&d);
	ck_assert_mem_eq(&c, &d, sizeof c);
	free(example);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");
	tcase_add_test(tc, defaults_are_sane);
	tcase_add_test(tc, listen_forms);
	tcase_add_test(tc, values_are_validated);
	tcase_add_test(tc, file_format);
	tcase_add_test(tc, environment);
	tcase_add_test(tc, every_key_documented_in_example);
	tcase_add_test(tc, trusted_proxies_are_parsed);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
