/*
 * test_db.c - migrations (fresh, repeated, refused when newer, refused on a
 * file that is not a database), the connection pool and transactions, the
 * statement cache, leak detection and backups.
 */
#include <check.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "embedded.h"
#include "testutil.h"

static char *dir;
static char *path;
static const struct kp_db_options opt = { .busy_timeout_ms = 2000, .synchronous_full = false, .readers = 3 };

static void setup(void)
{
	dir = tu_tempdir();
	ck_assert_ptr_nonnull(dir);
	path = tu_path(dir, "k.db");
}

static void teardown(void)
{
	tu_rmtree(dir);
	free(path);
	free(dir);
}

static int count_rows(const char *db, const char *sql)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

START_TEST(embedded_migrations_are_ordered)
{
	ck_assert_int_ge(kp_migrations_count, 1);
	ck_assert_int_eq(kp_db_schema_latest(), kp_migrations_count);
	for (int i = 0; i < kp_migrations_count; i++) {
		ck_assert_int_eq(kp_migrations[i].version, i + 1);
		char prefix[16];
		snprintf(prefix, sizeof prefix, "%04d-", i + 1);
		ck_assert(strncmp(kp_migrations[i].name, prefix, 5) == 0);
		ck_assert(strlen(kp_migrations[i].sql) > 0);
	}
}
END_TEST

START_TEST(migrate_fresh_then_again)
{
	int from, to;
	char err[512];
	ck_assert_int_eq(kp_db_migrate(path, &opt, &from, &to, err, sizeof err), 0);
	ck_assert_int_eq(from, 0);
	ck_assert_int_eq(to, kp_db_schema_latest());
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM schema_migrations"), kp_db_schema_latest());
	ck_assert_int_eq(count_rows(path, "PRAGMA user_version"), kp_db_schema_latest());
	/* WAL mode is persistent */
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(h);

	ck_assert_int_eq(kp_db_migrate(path, &opt, &from, &to, err, sizeof err), 0);
	ck_assert_int_eq(from, to);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM schema_migrations"), kp_db_schema_latest());
}
END_TEST

START_TEST(newer_database_refused_untouched)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE t(x); PRAGMA user_version=9999;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	size_t len_before, len_after;
	char *before = tu_read_file(path, &len_before);
	struct stat sb_before, sb_after;
	ck_assert_int_eq(stat(path, &sb_before), 0);

	int from = -1, to = -1;
	char err[512] = "";
	ck_assert_int_ne(kp_db_migrate(path, &opt, &from, &to, err, sizeof err), 0);
	ck_assert_msg(strstr(err, "9999") && strstr(err, "newer"), "message: %s", err);

	char *after = tu_read_file(path, &len_after);
	ck_assert_uint_eq(len_before, len_after);
	ck_assert_mem_eq(before, after, len_before);
	ck_assert_int_eq(stat(path, &sb_after), 0);
	ck_assert_int_eq(sb_before.st_mtime, sb_after.st_mtime);
	/* not switched to WAL either: no -wal file appeared */
	char *wal = tu_path(dir, "k.db-wal");
	struct stat sb;
	ck_assert_int_ne(stat(wal, &sb), 0);
	free(wal);
	free(before);
	free(after);

	struct kp_db *db = NULL;
	ck_assert_int_ne(kp_db_open(&db, path, &opt, err, sizeof err), 0);
	ck_assert_ptr_null(db);
}
END_TEST

START_TEST(not_a_database_refused)
{
	const char junk[] = "dit is geen database, maar een tekstbestand met genoeg bytes om op te vallen....";
	ck_assert_int_eq(tu_write_file(path, junk, sizeof junk - 1), 0);
	int from, to;
	char err[512];
	ck_assert_int_ne(kp_db_migrate(path, &opt, &from, &to, err, sizeof err), 0);
	ck_assert_msg(strstr(err, "not a database") != NULL, "message: %s", err);
	size_t len;
	char *after = tu_read_file(path, &len);
	ck_assert_uint_eq(len, sizeof junk - 1);
	free(after);
}
END_TEST

START_TEST(open_requires_current_schema)
{
	char err[512];
	struct kp_db *db = NULL;
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_close(h);
	ck_assert_int_ne(kp_db_open(&db, path, &opt, err, sizeof err), 0);
	ck_assert_msg(strstr(err, "koppel migrate") != NULL, "message: %s", err);
}
END_TEST

static struct kp_db *open_migrated(void)
{
	int from, to;
	char err[512];
	ck_assert_int_eq(kp_db_migrate(path, &opt, &from, &to, err, sizeof err), 0);
	struct kp_db *db;
	if (kp_db_open(&db, path, &opt, err, sizeof err) != 0)
		ck_abort_msg("open: %s", err);
	return db;
}

START_TEST(read_write_and_statement_cache)
{
	struct kp_db *db = open_migrated();
	struct kp_conn *w = kp_db_write_begin(db);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(sqlite3_exec(kp_conn_handle(w), "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)", NULL, NULL, NULL),
			 SQLITE_OK);
	static const char ins[] = "INSERT INTO t(v) VALUES (?1)";
	sqlite3_stmt *a = kp_conn_stmt(w, ins);
	ck_assert_ptr_nonnull(a);
	sqlite3_bind_text(a, 1, "een", -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(a), SQLITE_DONE);
	char copy[sizeof ins];
	memcpy(copy, ins, sizeof ins);
	sqlite3_stmt *b = kp_conn_stmt(w, copy); /* same text, other pointer: same statement */
	ck_assert_ptr_eq(a, b);
	ck_assert_int_eq(sqlite3_bind_parameter_count(b), 1);
	sqlite3_bind_text(b, 1, "twee", -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(b), SQLITE_DONE);
	ck_assert_int_eq(kp_db_write_commit(db, w), SQLITE_OK);

	/* a rolled back write leaves nothing */
	w = kp_db_write_begin(db);
	sqlite3_stmt *c = kp_conn_stmt(w, ins);
	sqlite3_bind_text(c, 1, "drie", -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(c), SQLITE_DONE);
	kp_db_write_rollback(db, w);

	struct kp_conn *r = kp_db_read_begin(db);
	ck_assert_ptr_nonnull(r);
	sqlite3_stmt *q = kp_conn_stmt(r, "SELECT count(*) FROM t");
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(q, 0), 2);
	/* read connections cannot write */
	ck_assert_int_ne(sqlite3_exec(kp_conn_handle(r), "INSERT INTO t(v) VALUES ('x')", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_ptr_null(kp_conn_stmt(r, "SELECT * FROM bestaat_niet"));
	ck_assert_ptr_nonnull(strstr(kp_conn_errmsg(r), "bestaat_niet"));
	kp_db_read_end(db, r);
	ck_assert(kp_db_thread_clean(db));
	kp_db_close(db);
}
END_TEST

START_TEST(foreign_keys_enforced)
{
	struct kp_db *db = open_migrated();
	struct kp_conn *w = kp_db_write_begin(db);
	sqlite3 *h = kp_conn_handle(w);
	ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE p(id INTEGER PRIMARY KEY); "
					 "CREATE TABLE c(p INTEGER REFERENCES p(id))",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(h, "INSERT INTO c VALUES (42)", NULL, NULL, NULL), SQLITE_OK);
	kp_db_write_rollback(db, w);
	kp_db_close(db);
}
END_TEST

START_TEST(leaks_detected_and_repaired)
{
	struct kp_db *db = open_migrated();
	ck_assert(kp_db_thread_clean(db));
	struct kp_conn *r = kp_db_read_begin(db);
	ck_assert_ptr_nonnull(r);
	ck_assert(!kp_db_thread_clean(db)); /* released for us */
	ck_assert(kp_db_thread_clean(db));
	struct kp_conn *w = kp_db_write_begin(db);
	ck_assert_ptr_nonnull(w);
	ck_assert(!kp_db_thread_clean(db));
	/* the writer is usable again */
	w = kp_db_write_begin(db);
	ck_assert_ptr_nonnull(w);
	kp_db_write_rollback(db, w);
	kp_db_close(db);
}
END_TEST

struct writer_arg {
	struct kp_db *db;
	int ok;
};

static void *writer_thread(void *p)
{
	struct writer_arg *a = p;
	for (int i = 0; i < 100; i++) {
		struct kp_conn *w = kp_db_write_begin(a->db);
		if (!w)
			continue;
		sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO n(v) VALUES (1)");
		if (st && sqlite3_step(st) == SQLITE_DONE && kp_db_write_commit(a->db, w) == SQLITE_OK)
			a->ok++;
		else if (st == NULL)
			kp_db_write_rollback(a->db, w);
	}
	return NULL;
}

START_TEST(writers_are_serialised)
{
	struct kp_db *db = open_migrated();
	struct kp_conn *w = kp_db_write_begin(db);
	sqlite3_exec(kp_conn_handle(w), "CREATE TABLE n(v INTEGER)", NULL, NULL, NULL);
	kp_db_write_commit(db, w);
	pthread_t t[4];
	struct writer_arg args[4];
	for (int i = 0; i < 4; i++) {
		args[i] = (struct writer_arg){ db, 0 };
		pthread_create(&t[i], NULL, writer_thread, &args[i]);
	}
	int total = 0;
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		total += args[i].ok;
	}
	ck_assert_int_eq(total, 400);
	kp_db_close(db);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM n"), 400);
}
END_TEST

START_TEST(backup_is_consistent_and_safe)
{
	struct kp_db *db = open_migrated();
	struct kp_conn *w = kp_db_write_begin(db);
	sqlite3_exec(kp_conn_handle(w), "CREATE TABLE b(v TEXT); INSERT INTO b VALUES ('Sem'), ('Noor');", NULL, NULL,
		     NULL);
	kp_db_write_commit(db, w);
	/* while the database is open and has uncheckpointed WAL content */
	char *dest = tu_path(dir, "backup.db");
	char err[512];
	ck_assert_int_eq(kp_db_backup(path, dest, err, sizeof err), 0);
	ck_assert_int_eq(count_rows(dest, "SELECT count(*) FROM b"), 2);
	ck_assert_int_eq(count_rows(dest, "PRAGMA user_version"), kp_db_schema_latest());
	/* never overwrites */
	ck_assert_int_ne(kp_db_backup(path, dest, err, sizeof err), 0);
	ck_assert_msg(strstr(err, "already exists") != NULL, "%s", err);
	char *nodir = tu_path(dir, "nope/backup.db");
	ck_assert_int_ne(kp_db_backup(path, nodir, err, sizeof err), 0);
	char *nosrc = tu_path(dir, "missing.db");
	char *dest2 = tu_path(dir, "backup2.db");
	ck_assert_int_ne(kp_db_backup(nosrc, dest2, err, sizeof err), 0);
	free(nodir);
	free(nosrc);
	free(dest2);
	free(dest);
	kp_db_close(db);
}
END_TEST

/* Two tables with a foreign key, an index and triggers, and rows: the base the rebuild tests change. */
static const char herbouw_basis[] =
	"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL);"
	"CREATE TABLE ouders (id INTEGER PRIMARY KEY, naam TEXT NOT NULL);"
	"CREATE TABLE kinderen (id INTEGER PRIMARY KEY, ouder_id INTEGER NOT NULL REFERENCES ouders(id), naam TEXT NOT NULL);"
	"CREATE INDEX kinderen_ouder ON kinderen(ouder_id);"
	"CREATE TABLE log (x TEXT);"
	"CREATE TRIGGER ouders_log AFTER INSERT ON ouders BEGIN INSERT INTO log VALUES (NEW.naam); END;"
	"CREATE INDEX ouders_naam ON ouders(naam);"
	"INSERT INTO ouders VALUES (1, 'a'), (2, 'b');"
	"INSERT INTO kinderen VALUES (1, 1, 'x'), (2, 2, 'y');";

/* Rebuilds the parent table with a new CHECK and column; DROP TABLE needs foreign keys off. */
static const char herbouw_goed[] =
	"-- koppel: herbouw\n"
	"CREATE TABLE ouders_nieuw (id INTEGER PRIMARY KEY, naam TEXT NOT NULL CHECK (length(naam) < 10), extra TEXT);"
	"INSERT INTO ouders_nieuw(id, naam) SELECT id, naam FROM ouders;"
	"DROP TABLE ouders;"
	"ALTER TABLE ouders_nieuw RENAME TO ouders;";

/* The same rebuild, but it loses a row that kinderen still refers to. */
static const char herbouw_fout[] =
	"-- koppel: herbouw\n"
	"CREATE TABLE ouders_nieuw (id INTEGER PRIMARY KEY, naam TEXT NOT NULL);"
	"INSERT INTO ouders_nieuw(id, naam) SELECT id, naam FROM ouders WHERE id = 1;"
	"DROP TABLE ouders;"
	"ALTER TABLE ouders_nieuw RENAME TO ouders;";

START_TEST(herbouw_keeps_rows_indexes_and_triggers)
{
	const struct kp_migration ms[] = {
		{ 1, "0001-basis.sql", herbouw_basis },
		{ 2, "0002-herbouw.sql", herbouw_goed },
	};
	int from, to;
	char err[512] = "";
	ck_assert_msg(kp_db_migrate_with(path, &opt, ms, 2, &from, &to, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(to, 2);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM ouders"), 2);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM kinderen"), 2);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM pragma_table_info('ouders') WHERE name = 'extra'"), 1);
	/* the index and trigger dropped with the old table are back */
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM sqlite_schema WHERE name IN ('ouders_log', 'ouders_naam')"),
			 2);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'kinderen_ouder'"), 1);
	/* the foreign key of kinderen still points at ouders, and the new CHECK holds */
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "PRAGMA foreign_keys=ON", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(h, "INSERT INTO kinderen VALUES (3, 99, 'z')", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(h, "INSERT INTO ouders(id, naam) VALUES (3, 'veel te lange naam')", NULL, NULL, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO ouders(id, naam) VALUES (3, 'c')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM log WHERE x = 'c'"), 1);
}
END_TEST

START_TEST(herbouw_rolled_back_on_foreign_key_violation)
{
	const struct kp_migration ms[] = {
		{ 1, "0001-basis.sql", herbouw_basis },
		{ 2, "0002-herbouw.sql", herbouw_fout },
	};
	int from, to;
	char err[512] = "";
	ck_assert_int_ne(kp_db_migrate_with(path, &opt, ms, 2, &from, &to, err, sizeof err), 0);
	ck_assert_msg(strstr(err, "0002-herbouw.sql") && strstr(err, "foreign key violation") && strstr(err, "kinderen"),
		      "%s", err);
	ck_assert_int_eq(count_rows(path, "PRAGMA user_version"), 1);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM ouders"), 2);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'ouders_nieuw'"), 0);
}
END_TEST

START_TEST(herbouw_needs_its_marker)
{
	/* without the first-line marker the same rebuild cannot drop a referenced table */
	const struct kp_migration ms[] = {
		{ 1, "0001-basis.sql", herbouw_basis },
		{ 2, "0002-herbouw.sql", herbouw_goed + strlen("-- koppel: herbouw\n") },
	};
	int from, to;
	char err[512] = "";
	ck_assert_int_ne(kp_db_migrate_with(path, &opt, ms, 2, &from, &to, err, sizeof err), 0);
	ck_assert_int_eq(count_rows(path, "PRAGMA user_version"), 1);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM ouders"), 2);
}
END_TEST

/* Runs sql on the database at db with foreign keys on; returns the SQLite code. */
static int exec_fk(const char *db, const char *sql)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "PRAGMA foreign_keys=ON", NULL, NULL, NULL), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "exec_fk: %s\n", msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(h);
	return rc;
}

START_TEST(gezinscoach_migration_keeps_rows)
{
	int from, to;
	char err[512] = "";
	int before = 0;
	for (int i = 0; i < kp_migrations_count; i++)
		if (strncmp(kp_migrations[i].name, "0027-", 5) == 0)
			before = i;
	ck_assert_int_eq(before, 26);
	ck_assert_msg(kp_db_migrate_with(path, &opt, kp_migrations, before, &from, &to, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(exec_fk(path,
				 "INSERT INTO werkgebieden(id, code, naam, aangemaakt_op, gewijzigd_op) VALUES "
				 "(1, 'wa', 'A', 't', 't'), (2, 'wb', 'B', 't', 't');"
				 "INSERT INTO gebruikers(id, gebruikersnaam, naam, rol, wachtwoord_hash, aangemaakt_op, gewijzigd_op) "
				 "VALUES (5, 'co', 'C', 'coordinator', '$argon2id$x', 't', 't');"
				 "INSERT INTO gebruiker_werkgebieden VALUES (5, 1);"
				 "INSERT INTO gezinnen(id, naam, rol, status, werkgebied_id, coordinator_id, aangemeld_op, profiel, "
				 "aangemaakt_op, gewijzigd_op) VALUES "
				 "(1, 'V', 'vraaggezin', 'aangemeld', 1, 5, '2026-01-01', '{}', 't', 't'),"
				 "(2, 'S', 'steungezin', 'aangemeld', 2, 5, '2026-01-01', '{}', 't', 't');"
				 "INSERT INTO koppelingen(id, vraaggezin_id, steungezin_id, programma_id, werkgebied_id, "
				 "coordinator_id, fase, voorgesteld_op, aangemaakt_op, gewijzigd_op) "
				 "VALUES (7, 1, 2, 1, 1, 5, 'lopend', '2026-01-02', 't', 't');"
				 "INSERT INTO evaluaties(koppeling_id, soort, gepland_op) VALUES (7, 'tussentijdse-evaluatie', "
				 "'2026-06-01');"),
			 SQLITE_OK);
	ck_assert_msg(kp_db_migrate(path, &opt, &from, &to, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(from, 26);
	ck_assert_int_eq(to, kp_db_schema_latest());
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM gebruikers WHERE id = 5 AND rol = 'coordinator'"), 1);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM gebruiker_werkgebieden WHERE gebruiker_id = 5"), 1);
	ck_assert_int_eq(count_rows(path,
				    "SELECT count(*) FROM koppelingen WHERE id = 7 AND vraaggezin_id = 1 AND steungezin_id = 2 "
				    "AND coach_id IS NULL AND vraag_werkgebied_id = 1 AND vraag_coordinator_id = 5 "
				    "AND steun_werkgebied_id = 2 AND fase = 'lopend'"),
			 1);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM evaluaties WHERE koppeling_id = 7"), 1);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM programmas WHERE naam = 'Gezinscoach' AND "
					  "steun_soort = 'professional' AND woord_koppeling = 'traject'"),
			 1);
	/* a trajectory: a coach instead of a steungezin, its supporter side in its family's werkgebied */
	ck_assert_int_eq(exec_fk(path,
				 "INSERT INTO gebruikers(id, gebruikersnaam, naam, rol, wachtwoord_hash, aangemaakt_op, gewijzigd_op) "
				 "VALUES (6, 'gc', 'G', 'gezinscoach', '$argon2id$x', 't', 't');"
				 "INSERT INTO koppelingen(id, vraaggezin_id, coach_id, programma_id, werkgebied_id, fase, "
				 "voorgesteld_op, aangemaakt_op, gewijzigd_op) "
				 "VALUES (8, 1, 6, (SELECT id FROM programmas WHERE naam = 'Gezinscoach'), 1, 'inventarisatie', "
				 "'2026-02-01', 't', 't');"),
			 SQLITE_OK);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM koppelingen WHERE id = 8 AND steun_werkgebied_id = 1 "
					  "AND vraag_werkgebied_id = 1"),
			 1);
	/* the family moves: both sides of its trajectory follow */
	ck_assert_int_eq(exec_fk(path, "UPDATE gezinnen SET werkgebied_id = 2 WHERE id = 1"), SQLITE_OK);
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM koppelingen WHERE id = 8 AND steun_werkgebied_id = 2 "
					  "AND vraag_werkgebied_id = 2"),
			 1);
	ck_assert_int_eq(count_rows(path, "SELECT steun_werkgebied_id FROM koppelingen WHERE id = 7"), 2);
	/* exactly one supporter */
	ck_assert_int_ne(exec_fk(path, "INSERT INTO koppelingen(vraaggezin_id, steungezin_id, coach_id, programma_id, "
				       "werkgebied_id, fase, voorgesteld_op, aangemaakt_op, gewijzigd_op) "
				       "VALUES (1, 2, 6, 1, 1, 'voorstel', '2026-02-01', 't', 't')"),
			 SQLITE_OK);
	ck_assert_int_ne(exec_fk(path, "INSERT INTO koppelingen(vraaggezin_id, programma_id, werkgebied_id, fase, "
				       "voorgesteld_op, aangemaakt_op, gewijzigd_op) "
				       "VALUES (1, 1, 1, 'voorstel', '2026-02-01', 't', 't')"),
			 SQLITE_OK);
	/* the derived indexes and triggers of before are all there */
	ck_assert_int_eq(count_rows(path, "SELECT count(*) FROM sqlite_schema WHERE name IN ('koppelingen_fase_scope', "
					  "'koppelingen_id_scope', 'koppelingen_keuze', 'koppelingen_vraag_scope_na_insert', "
					  "'gebruikers_tokens_intrekken', 'auth_generatie_gebruiker')"),
			 6);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("db");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, embedded_migrations_are_ordered);
	tcase_add_test(tc, migrate_fresh_then_again);
	tcase_add_test(tc, herbouw_keeps_rows_indexes_and_triggers);
	tcase_add_test(tc, herbouw_rolled_back_on_foreign_key_violation);
	tcase_add_test(tc, herbouw_needs_its_marker);
	tcase_add_test(tc, gezinscoach_migration_keeps_rows);
	tcase_add_test(tc, newer_database_refused_untouched);
	tcase_add_test(tc, not_a_database_refused);
	tcase_add_test(tc, open_requires_current_schema);
	tcase_add_test(tc, read_write_and_statement_cache);
	tcase_add_test(tc, foreign_keys_enforced);
	tcase_add_test(tc, leaks_detected_and_repaired);
	tcase_add_test(tc, writers_are_serialised);
	tcase_add_test(tc, backup_is_consistent_and_safe);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
