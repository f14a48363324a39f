/*
 * test_auditq.c - the group commit of read audit entries: every submitted
 * entry is committed exactly once and reported, in one intact hash chain,
 * also when many threads submit at once; a failing write reports every
 * entry of its batch as not committed; a full queue refuses; stop writes
 * what is still queued.
 */
#include <check.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "auditq.h"
#include "db.h"
#include "log.h"
#include "testutil.h"

static char *dir;
static char *path;
static struct kp_db *db;
static struct kp_log quiet = { .level = KP_LOG_ERROR, .fd = 2 };
static const struct kp_db_options opt = { .busy_timeout_ms = 2000, .synchronous_full = false, .readers = 2 };

static void setup(void)
{
	dir = tu_tempdir();
	ck_assert_ptr_nonnull(dir);
	path = tu_path(dir, "k.db");
	int from, to;
	char err[512];
	ck_assert_msg(kp_db_migrate(path, &opt, &from, &to, err, sizeof err) == 0, "%s", err);
	ck_assert_msg(kp_db_open(&db, path, &opt, err, sizeof err) == 0, "%s", err);
}

static void teardown(void)
{
	kp_db_close(db);
	tu_rmtree(dir);
	free(path);
	free(dir);
}

/* What the done callbacks saw. */
struct outcome {
	atomic_int committed, failed;
};

static void on_done(void *arg, bool committed)
{
	struct outcome *o = arg;
	atomic_fetch_add(committed ? &o->committed : &o->failed, 1);
}

static void wait_for(struct outcome *o, int n)
{
	for (int i = 0; i < 2000 && atomic_load(&o->committed) + atomic_load(&o->failed) < n; i++)
		nanosleep(&(struct timespec){ 0, 5 * 1000 * 1000 }, NULL);
}

static int64_t sql_int(const char *sql)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(h, 2000);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	int rc = sqlite3_step(st);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void sql_exec(const char *sql)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(h, 2000);
	ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static void assert_chain_intact(int64_t rows)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	struct kp_audit_verify_result res;
	char err[256];
	ck_assert_int_eq(kp_audit_verify(h, &res, err, sizeof err), 0);
	sqlite3_close(h);
	ck_assert_int_eq(res.first_bad, 0);
	ck_assert_int_eq(res.rows, rows);
}

struct submitter {
	struct kp_auditq *q;
	struct outcome *o;
	int thread, n;
};

static void *submit_many(void *arg)
{
	struct submitter *s = arg;
	for (int i = 0; i < s->n; i++) {
		char id[32], gebruiker[16];
		snprintf(id, sizeof id, "%d", s->thread * 100000 + i);
		snprintf(gebruiker, sizeof gebruiker, "t%d", s->thread);
		struct kp_audit_entry e = { .gebruiker_id = 0, .gebruikersnaam = gebruiker, .actie = "lezen",
					    .object_soort = "gezin", .object_id = id, .client = "127.0.0.1" };
		while (kp_auditq_submit(s->q, &e, on_done, s->o) != 0)
			nanosleep(&(struct timespec){ 0, 100 * 1000 }, NULL); /* full: try again */
	}
	return NULL;
}

START_TEST(every_entry_committed_once_in_one_chain)
{
	struct kp_auditq *q;
	ck_assert_int_eq(kp_auditq_start(&q, db, &quiet, 64), 0);
	struct outcome o = { 0 };
	enum { THREADS = 4, EACH = 500 };
	pthread_t t[THREADS];
	struct submitter s[THREADS];
	for (int i = 0; i < THREADS; i++) {
		s[i] = (struct submitter){ q, &o, i, EACH };
		ck_assert_int_eq(pthread_create(&t[i], NULL, submit_many, &s[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	wait_for(&o, THREADS * EACH);
	ck_assert_int_eq(atomic_load(&o.committed), THREADS * EACH);
	ck_assert_int_eq(atomic_load(&o.failed), 0);
	kp_auditq_stop(q);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log"), THREADS * EACH);
	ck_assert_int_eq(sql_int("SELECT count(DISTINCT object_id) FROM audit_log"), THREADS * EACH);
	/* each thread's entries keep their order, and times never go back along the ids */
	for (int i = 0; i < THREADS; i++) {
		char sql[256];
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM audit_log a JOIN audit_log b ON b.gebruikersnaam = a.gebruikersnaam "
			 "AND b.id > a.id AND CAST(b.object_id AS INTEGER) < CAST(a.object_id AS INTEGER) "
			 "WHERE a.gebruikersnaam = 't%d'", i);
		ck_assert_int_eq(sql_int(sql), 0);
	}
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log a JOIN audit_log b ON b.id = a.id + 1 WHERE b.tijd < a.tijd"), 0);
	assert_chain_intact(THREADS * EACH);
}
END_TEST

START_TEST(failed_write_reports_not_committed)
{
	struct kp_auditq *q;
	ck_assert_int_eq(kp_auditq_start(&q, db, &quiet, 64), 0);
	struct outcome o = { 0 };
	struct kp_audit_entry e = { .actie = "lezen", .object_soort = "gezin", .object_id = "1", .client = "cli" };
	ck_assert_int_eq(kp_auditq_submit(q, &e, on_done, &o), 0);
	wait_for(&o, 1);
	ck_assert_int_eq(atomic_load(&o.committed), 1);

	/* the log refuses new rows: every entry is reported as not written */
	sql_exec("CREATE TRIGGER refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'refused'); END");
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(kp_auditq_submit(q, &e, on_done, &o), 0);
	wait_for(&o, 6);
	ck_assert_int_eq(atomic_load(&o.committed), 1);
	ck_assert_int_eq(atomic_load(&o.failed), 5);

	/* and it recovers once the log accepts rows again */
	sql_exec("DROP TRIGGER refuse");
	ck_assert_int_eq(kp_auditq_submit(q, &e, on_done, &o), 0);
	wait_for(&o, 7);
	ck_assert_int_eq(atomic_load(&o.committed), 2);
	kp_auditq_stop(q);
	assert_chain_intact(2);
}
END_TEST

/* Holds the writer so that submitted entries stay queued. */
START_TEST(full_queue_refuses_and_stop_writes_the_rest)
{
	struct kp_auditq *q;
	ck_assert_int_eq(kp_auditq_start(&q, db, &quiet, 3), 0);
	struct outcome o = { 0 };
	struct kp_audit_entry e = { .actie = "lezen", .object_soort = "gezin", .object_id = "7", .client = "cli",
				    .details = "{\"x\":1}" };
	struct kp_conn *w = kp_db_write_begin(db);
	ck_assert_ptr_nonnull(w);
	/* the first entry is taken by the thread, which then waits for the writer */
	ck_assert_int_eq(kp_auditq_submit(q, &e, on_done, &o), 0);
	nanosleep(&(struct timespec){ 0, 50 * 1000 * 1000 }, NULL);
	int accepted = 1;
	for (int i = 0; i < 10; i++)
		accepted += kp_auditq_submit(q, &e, on_done, &o) == 0;
	ck_assert_int_eq(accepted, 1 + 3);
	kp_db_write_rollback(db, w);
	kp_auditq_stop(q); /* writes what was queued */
	ck_assert_int_eq(atomic_load(&o.committed), accepted);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log WHERE details = '{\"x\":1}'"), accepted);
	assert_chain_intact(accepted);
}
END_TEST

int main(void)
{
	kp_db_library_init();
	Suite *s = suite_create("auditq");
	TCase *tc = tcase_create("auditq");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, every_entry_committed_once_in_one_chain);
	tcase_add_test(tc, failed_write_reports_not_committed);
	tcase_add_test(tc, full_queue_refuses_and_stop_writes_the_rest);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
