/*
 * test_static.c - preloading web files: MIME types, exact-path lookup,
 * hidden files and symbolic links never served, ETags follow content,
 * a directory without index.html refused.
 */
#include <check.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "static_files.h"
#include "testutil.h"

static char *dir;

static void put(const char *name, const char *text)
{
	char *p = tu_path(dir, name);
	ck_assert_int_eq(tu_write_file(p, text, strlen(text)), 0);
	free(p);
}

static void setup(void)
{
	dir = tu_tempdir();
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	tu_rmtree(dir);
	free(dir);
}

START_TEST(mime_types)
{
	ck_assert_str_eq(kp_static_mime("/index.html"), "text/html; charset=utf-8");
	ck_assert_str_eq(kp_static_mime("/a/b/app.JS"), "text/javascript; charset=utf-8");
	ck_assert_str_eq(kp_static_mime("/x.css"), "text/css; charset=utf-8");
	ck_assert_str_eq(kp_static_mime("/logo.svg"), "image/svg+xml");
	ck_assert_str_eq(kp_static_mime("/data.json"), "application/json");
	ck_assert_str_eq(kp_static_mime("/README"), "application/octet-stream");
	ck_assert_str_eq(kp_static_mime("/dir.html/file"), "application/octet-stream");
	ck_assert_str_eq(kp_static_mime("/archive.tar.gz"), "application/octet-stream");
}
END_TEST

START_TEST(loads_tree_and_looks_up_exactly)
{
	put("index.html", "<!doctype html><title>Koppel</title>");
	put("app.js", "export {};");
	char *sub = tu_path(dir, "img");
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put("img/logo.svg", "<svg/>");
	put(".env", "SECRET=1");
	char *hidden_dir = tu_path(dir, ".git");
	ck_assert_int_eq(mkdir(hidden_dir, 0700), 0);
	put(".git/config", "[core]");
	char *link = tu_path(dir, "passwd.txt");
	ck_assert_int_eq(symlink("/etc/passwd", link), 0);
	char *dlink = tu_path(dir, "etc");
	ck_assert_int_eq(symlink("/etc", dlink), 0);

	struct kp_static *st;
	char err[256];
	ck_assert_int_eq(kp_static_load(&st, dir, err, sizeof err), 0);
	ck_assert_uint_eq(kp_static_count(st), 3);
	const struct kp_static_file *f = kp_static_lookup(st, "/");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_eq(f, kp_static_index(st));
	ck_assert_str_eq(f->path, "/index.html");
	ck_assert_ptr_nonnull(f->ok);
	ck_assert_ptr_nonnull(f->not_modified);
	f = kp_static_lookup(st, "/img/logo.svg");
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->mime, "image/svg+xml");
	ck_assert_uint_eq(f->len, 6);
	ck_assert_mem_eq(f->data, "<svg/>", 6);
	const char *never[] = { "/.env",	 "/.git/config", "/passwd.txt", "/etc/passwd", "/img",
				"/img/",	 "img/logo.svg", "/IMG/logo.svg", "/img/../app.js", "/index.html/",
				"//app.js", "" };
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
		ck_assert_msg(kp_static_lookup(st, never[i]) == NULL, "served %s", never[i]);
	kp_static_free(st);
	free(sub);
	free(hidden_dir);
	free(link);
	free(dlink);
}
END_TEST

START_TEST(etag_follows_content)
{
	put("index.html", "een");
	put("b.html", "een");
	put("c.html", "twee");
	struct kp_static *st;
	char err[256];
	ck_assert_int_eq(kp_static_load(&st, dir, err, sizeof err), 0);
	const struct kp_static_file *a = kp_static_lookup(st, "/index.html");
	const struct kp_static_file *b = kp_static_lookup(st, "/b.html");
	const struct kp_static_file *c = kp_static_lookup(st, "/c.html");
	ck_assert_str_eq(a->etag, b->etag);
	ck_assert_str_ne(a->etag, c->etag);
	ck_assert(a->etag[0] == '"' && a->etag[strlen(a->etag) - 1] == '"');
	kp_static_free(st);
}
END_TEST

START_TEST(needs_index_and_existing_dir)
{
	put("app.js", "x");
	struct kp_static *st = NULL;
	char err[256];
	ck_assert_int_ne(kp_static_load(&st, dir, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(err, "index.html"));
	ck_assert_int_ne(kp_static_load(&st, "/nonexistent/web", err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/web"));
}
END_TEST

START_TEST(real_web_directory_loads)
{
	struct kp_static *st;
	char err[256];
	ck_assert_msg(kp_static_load(&st, KOPPEL_SOURCE_DIR "/web", err, sizeof err) == 0, "%s", err);
	ck_assert_ptr_nonnull(kp_static_lookup(st, "/app.js"));
	ck_assert_ptr_nonnull(kp_static_lookup(st, "/app.css"));
	kp_static_free(st);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("static_files");
	TCase *tc = tcase_create("static_files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, mime_types);
	tcase_add_test(tc, loads_tree_and_looks_up_exactly);
	tcase_add_test(tc, etag_follows_content);
	tcase_add_test(tc, needs_index_and_existing_dir);
	tcase_add_test(tc, real_web_directory_loads);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
