/*
 * db.c - see db.h. Connections are opened with the same pragmas everywhere
 * (configure_conn); migrations come from the embedded schema/ files; the
 * statement cache is a small growable array per connection, searched by
 * pointer first and by text second (handlers pass string literals, so the
 * pointer test almost always hits).
 */
#include "db.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "embedded.h"

#define STMT_CACHE_MAX 512 /* beyond this the cache is emptied on acquire */

struct cached_stmt {
	const char *sql;
	sqlite3_stmt *stmt;
};

struct kp_conn {
	sqlite3 *h;
	struct cached_stmt *cache;
	size_t n_cache, cap_cache;
	bool in_use;
	pthread_t owner; /* valid while in_use */
	bool writer;
};

struct kp_db {
	struct kp_conn writer;
	pthread_mutex_t write_lock;
	struct kp_conn *readers;
	unsigned n_readers;
	pthread_mutex_t pool_lock;
	pthread_cond_t pool_free;
	/* for snapshot connections (kp_db_snapshot_open) */
	char *path;
	struct kp_db_options opt;
	unsigned n_snapshots; /* open now; under pool_lock */
	int lock_fd;          /* kp_db_adopt_lock, or -1 */
	/* kp_db_writable: the last write's outcome and the cached answer */
	pthread_mutex_t health_lock;
	int last_write_error;  /* SQLite code of the last failed write, 0 after a success */
	time_t health_at;      /* CLOCK_MONOTONIC seconds of the cached answer, 0: none */
	bool health_ok;
	char health_reason[256];
	time_t optimized_at; /* CLOCK_MONOTONIC seconds of the last PRAGMA optimize */
};

#define KP_STR_(x) #x
#define KP_STR(x) KP_STR_(x)
/* Rows ANALYZE looks at per index when PRAGMA optimize runs it. */
#define KP_DB_ANALYSIS_LIMIT 400

static time_t monotonic_seconds(void);

void kp_db_library_init(void)
{
	/* SQLITE_MISUSE once the library is initialised: nothing to do then */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	(void)sqlite3_initialize();
}

int kp_db_schema_latest(void)
{
	return kp_migrations_count;
}

/* Runs one SQL text with no result rows. Returns the SQLite code. */
static int exec(sqlite3 *h, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK && err)
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return rc;
}

/*
 * Reads PRAGMA user_version. Returns 0 with *version set, or -1 with err
 * set and *version untouched. Only a result row counts as success: a step
 * that ends without a row (whatever code it returns) is an error, so a
 * caller never reads a version that was not set.
 */
static int read_user_version(sqlite3 *h, int *version, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	bool have_row = false;
	if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			*version = sqlite3_column_int(st, 0);
			have_row = true;
		}
		sqlite3_finalize(st);
	}
	if (!have_row) {
		snprintf(err, errlen, "cannot read the database: %s", sqlite3_errmsg(h));
		return -1;
	}
	return 0;
}

/* The pragmas every connection gets. Returns 0 or -1 with err set. */
static int configure_conn(sqlite3 *h, const struct kp_db_options *opt, bool writer, char *err, size_t errlen)
{
	sqlite3_busy_timeout(h, (int)opt->busy_timeout_ms);
	sqlite3_extended_result_codes(h, 1);
	if (exec(h, "PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;", err, errlen) != SQLITE_OK)
		return -1;
	/* readers: room for the indexes the overviews walk, so a request does not
	 * read the same pages from the OS again (SQLite's default is 2 MiB) */
	if (!writer && exec(h, "PRAGMA cache_size=-16384;", err, errlen) != SQLITE_OK)
		return -1;
	if (writer) {
		if (exec(h, "PRAGMA journal_mode=WAL;", err, errlen) != SQLITE_OK)
			return -1;
		if (exec(h, opt->synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;", err,
			 errlen) != SQLITE_OK)
			return -1;
	}
	return 0;
}

static int open_conn(sqlite3 **out, const char *path, int flags, char *err, size_t errlen)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return -1;
	}
	*out = h;
	return 0;
}

/* The first line that marks a migration as one that rebuilds tables (README, Development). */
#define KP_HERBOUW_MARKER "-- koppel: herbouw"

/* The indexes and triggers of the schema, as they were before a rebuild. */
struct schema_object {
	char *name;
	char *tbl_name;
	char *sql;
};

static void schema_objects_free(struct schema_object *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(o[i].name);
		free(o[i].tbl_name);
		free(o[i].sql);
	}
	free(o);
}

/*
 * Reads every index and trigger with a definition (not the automatic ones)
 * into *out (*n entries; free with schema_objects_free). Returns 0, or -1
 * with msg set.
 */
static int schema_objects_read(sqlite3 *h, struct schema_object **out, size_t *n, char *msg, size_t msglen)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "SELECT name, tbl_name, sql FROM sqlite_schema "
			       "WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid",
			       -1, &st, NULL) != SQLITE_OK) {
		snprintf(msg, msglen, "%s", sqlite3_errmsg(h));
		return -1;
	}
	struct schema_object *o = NULL;
	size_t cap = 0, used = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (used == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			struct schema_object *no = realloc(o, ncap * sizeof *o);
			if (!no)
				goto oom;
			o = no;
			cap = ncap;
		}
		struct schema_object *e = &o[used];
		e->name = strdup((const char *)sqlite3_column_text(st, 0));
		e->tbl_name = strdup((const char *)sqlite3_column_text(st, 1));
		e->sql = strdup((const char *)sqlite3_column_text(st, 2));
		used++;
		if (!e->name || !e->tbl_name || !e->sql)
			goto oom;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		snprintf(msg, msglen, "%s", sqlite3_errstr(rc));
		schema_objects_free(o, used);
		return -1;
	}
	*out = o;
	*n = used;
	return 0;
oom:
	sqlite3_finalize(st);
	schema_objects_free(o, used);
	snprintf(msg, msglen, "out of memory");
	return -1;
}

/* 1 when the schema holds an object of that type and name, 0 when not, -1 on error. */
static int schema_has(sqlite3 *h, const char *type, const char *name)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT 1 FROM sqlite_schema WHERE type = ?1 AND name = ?2", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * After a rebuild: every index and trigger of before whose table still
 * exists and that the migration did not create again under its name is
 * created again from its old definition (step 8 of SQLite's procedure for
 * changing a table), so a rebuild never loses one, also not one a later
 * migration added to a table an earlier rebuild copied. Returns 0, or -1
 * with msg set.
 */
static int schema_objects_restore(sqlite3 *h, const struct schema_object *o, size_t n, char *msg, size_t msglen)
{
	for (size_t i = 0; i < n; i++) {
		int has_table = schema_has(h, "table", o[i].tbl_name);
		int has_index = schema_has(h, "index", o[i].name);
		int has_trigger = schema_has(h, "trigger", o[i].name);
		if (has_table < 0 || has_index < 0 || has_trigger < 0) {
			snprintf(msg, msglen, "%s", sqlite3_errmsg(h));
			return -1;
		}
		if (!has_table || has_index || has_trigger)
			continue;
		char m[256];
		if (exec(h, o[i].sql, m, sizeof m) != SQLITE_OK) {
			snprintf(msg, msglen, "cannot create %s again: %s", o[i].name, m);
			return -1;
		}
	}
	return 0;
}

/*
 * PRAGMA foreign_key_check over the whole database. Returns 0 when it finds
 * nothing, -1 with msg naming the first violation (or the error).
 */
static int foreign_keys_hold(sqlite3 *h, char *msg, size_t msglen)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK) {
		snprintf(msg, msglen, "%s", sqlite3_errmsg(h));
		return -1;
	}
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *tbl = sqlite3_column_text(st, 0);
		const unsigned char *parent = sqlite3_column_text(st, 2);
		snprintf(msg, msglen, "foreign key violation: row %lld of %s refers to a missing row of %s",
			 (long long)sqlite3_column_int64(st, 1), tbl ? (const char *)tbl : "?",
			 parent ? (const char *)parent : "?");
	} else if (rc != SQLITE_DONE) {
		snprintf(msg, msglen, "%s", sqlite3_errmsg(h));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Applies migration m inside its own transaction. A migration whose first
 * line is KP_HERBOUW_MARKER may rebuild tables (SQLite's 12-step procedure):
 * foreign keys are off (and ALTER TABLE ... RENAME works the legacy way, so
 * references to the table's name stay as they are) while it runs; before
 * the commit the indexes and triggers it dropped with a table are created
 * again (schema_objects_restore) and PRAGMA foreign_key_check must find
 * nothing, else the whole migration is rolled back. Foreign keys are on
 * again afterwards, whatever happened.
 */
static int apply_migration(sqlite3 *h, const struct kp_migration *m, char *err, size_t errlen)
{
	char msg[512];
	bool herbouw = strncmp(m->sql, KP_HERBOUW_MARKER, strlen(KP_HERBOUW_MARKER)) == 0;
	struct schema_object *before = NULL;
	size_t n_before = 0;
	if (herbouw && exec(h, "PRAGMA foreign_keys=OFF; PRAGMA legacy_alter_table=ON;", msg, sizeof msg) != SQLITE_OK) {
		snprintf(err, errlen, "migration %s: cannot turn foreign keys off: %s", m->name, msg);
		goto restore_pragmas;
	}
	if (exec(h, "BEGIN IMMEDIATE", msg, sizeof msg) != SQLITE_OK) {
		snprintf(err, errlen, "migration %s: cannot start a transaction: %s", m->name, msg);
		goto restore_pragmas;
	}
	int current;
	if (read_user_version(h, &current, msg, sizeof msg) != 0)
		goto fail;
	if (current >= m->version) { /* another process got here first */
		exec(h, "ROLLBACK", NULL, 0);
		if (herbouw)
			exec(h, "PRAGMA legacy_alter_table=OFF; PRAGMA foreign_keys=ON;", NULL, 0);
		return 0;
	}
	if (current != m->version - 1) {
		snprintf(msg, sizeof msg, "database is at version %d, expected %d", current, m->version - 1);
		goto fail;
	}
	if (herbouw && schema_objects_read(h, &before, &n_before, msg, sizeof msg) != 0)
		goto fail;
	if (exec(h, m->sql, msg, sizeof msg) != SQLITE_OK)
		goto fail;
	if (herbouw) {
		if (schema_objects_restore(h, before, n_before, msg, sizeof msg) != 0)
			goto fail;
		if (foreign_keys_hold(h, msg, sizeof msg) != 0)
			goto fail;
	}

	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "INSERT INTO schema_migrations(version, name, applied_at) "
			       "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
			       -1, &st, NULL) != SQLITE_OK) {
		snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(h));
		goto fail;
	}
	sqlite3_bind_int(st, 1, m->version);
	sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(h));
		goto fail;
	}
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", m->version);
	if (exec(h, pragma, msg, sizeof msg) != SQLITE_OK)
		goto fail;
	if (exec(h, "COMMIT", msg, sizeof msg) != SQLITE_OK)
		goto fail;
	schema_objects_free(before, n_before);
	if (herbouw && exec(h, "PRAGMA legacy_alter_table=OFF; PRAGMA foreign_keys=ON;", msg, sizeof msg) != SQLITE_OK) {
		snprintf(err, errlen, "migration %s: cannot turn foreign keys on again: %s", m->name, msg);
		return -1;
	}
	return 0;
fail:
	exec(h, "ROLLBACK", NULL, 0);
	schema_objects_free(before, n_before);
	snprintf(err, errlen, "migration %s failed: %s", m->name, msg);
restore_pragmas:
	if (herbouw)
		exec(h, "PRAGMA legacy_alter_table=OFF; PRAGMA foreign_keys=ON;", NULL, 0);
	return -1;
}

int kp_db_migrate(const char *path, const struct kp_db_options *opt, int *from, int *to, char *err, size_t errlen)
{
	return kp_db_migrate_with(path, opt, kp_migrations, kp_migrations_count, from, to, err, errlen);
}

int kp_db_migrate_with(const char *path, const struct kp_db_options *opt, const struct kp_migration *migrations,
		       int count, int *from, int *to, char *err, size_t errlen)
{
	sqlite3 *h;
	if (open_conn(&h, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err, errlen) != 0)
		return -1;
	sqlite3_busy_timeout(h, (int)opt->busy_timeout_ms);
	int version;
	/* Look before touching: nothing is written to a database we do not know. */
	if (read_user_version(h, &version, err, errlen) != 0)
		goto fail;
	if (version > count) {
		snprintf(err, errlen,
			 "database %s has schema version %d, newer than this koppel (%s) knows (%d); "
			 "refusing to touch it: run a newer koppel",
			 path, version, KOPPEL_VERSION, count);
		goto fail;
	}
	if (version < 0) {
		snprintf(err, errlen, "database %s has an invalid schema version %d", path, version);
		goto fail;
	}
	*from = version;
	if (configure_conn(h, opt, true, err, errlen) != 0)
		goto fail;
	for (int i = version; i < count; i++) {
		assert(migrations[i].version == i + 1);
		if (apply_migration(h, &migrations[i], err, errlen) != 0)
			goto fail;
	}
	if (read_user_version(h, to, err, errlen) != 0)
		goto fail;
	sqlite3_close(h);
	return 0;
fail:
	sqlite3_close(h);
	return -1;
}

static void conn_clear_cache(struct kp_conn *c)
{
	for (size_t i = 0; i < c->n_cache; i++)
		sqlite3_finalize(c->cache[i].stmt);
	c->n_cache = 0;
}

static void conn_close(struct kp_conn *c)
{
	conn_clear_cache(c);
	free(c->cache);
	c->cache = NULL;
	c->cap_cache = 0;
	sqlite3_close(c->h);
	c->h = NULL;
}

/*
 * Runs PRAGMA optimize on the writer (the caller holds it or nobody else
 * can): ANALYZE, bounded by analysis_limit, of the tables whose statistics
 * SQLite judges stale. Failures only cost better plans and are ignored.
 */
static void optimize(struct kp_db *db)
{
	sqlite3_exec(db->writer.h, "PRAGMA analysis_limit=" KP_STR(KP_DB_ANALYSIS_LIMIT) "; PRAGMA optimize;", NULL,
		     NULL, NULL);
	db->optimized_at = monotonic_seconds();
}

int kp_db_open(struct kp_db **out, const char *path, const struct kp_db_options *opt, char *err, size_t errlen)
{
	struct kp_db *db = calloc(1, sizeof *db);
	if (!db) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	unsigned n = opt->readers ? opt->readers : 1;
	db->readers = calloc(n, sizeof *db->readers);
	if (!db->readers) {
		free(db);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	pthread_mutex_init(&db->write_lock, NULL);
	pthread_mutex_init(&db->pool_lock, NULL);
	pthread_cond_init(&db->pool_free, NULL);
	pthread_mutex_init(&db->health_lock, NULL);
	db->lock_fd = -1;
	db->opt = *opt;
	db->path = strdup(path);
	if (!db->path) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}

	if (open_conn(&db->writer.h, path, SQLITE_OPEN_READWRITE, err, errlen) != 0)
		goto fail;
	db->writer.writer = true;
	if (configure_conn(db->writer.h, opt, true, err, errlen) != 0)
		goto fail;
	int version;
	if (read_user_version(db->writer.h, &version, err, errlen) != 0)
		goto fail;
	if (version != kp_migrations_count) {
		snprintf(err, errlen, "database %s has schema version %d, this koppel needs %d%s", path, version,
			 kp_migrations_count, version < kp_migrations_count ? ": run 'koppel migrate'" : "");
		goto fail;
	}
	for (unsigned i = 0; i < n; i++) {
		if (open_conn(&db->readers[i].h, path, SQLITE_OPEN_READONLY, err, errlen) != 0)
			goto fail;
		db->n_readers = i + 1;
		if (configure_conn(db->readers[i].h, opt, false, err, errlen) != 0)
			goto fail;
	}
	/* statistics for the query planner: what the last run left to redo */
	optimize(db);
	*out = db;
	return 0;
fail:
	kp_db_close(db);
	return -1;
}

void kp_db_close(struct kp_db *db)
{
	if (!db)
		return;
	for (unsigned i = 0; i < db->n_readers; i++)
		conn_close(&db->readers[i]);
	if (db->writer.h) {
		conn_clear_cache(&db->writer);
		exec(db->writer.h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, 0);
		conn_close(&db->writer);
	}
	assert(db->n_snapshots == 0 && "a snapshot connection outlived the server");
	kp_db_unlock(db->lock_fd);
	free(db->readers);
	free(db->path);
	pthread_mutex_destroy(&db->write_lock);
	pthread_mutex_destroy(&db->pool_lock);
	pthread_cond_destroy(&db->pool_free);
	pthread_mutex_destroy(&db->health_lock);
	free(db);
}

sqlite3_stmt *kp_conn_stmt(struct kp_conn *c, const char *sql)
{
	for (size_t i = 0; i < c->n_cache; i++) {
		if (c->cache[i].sql == sql || strcmp(c->cache[i].sql, sql) == 0) {
			sqlite3_stmt *st = c->cache[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	if (c->n_cache == c->cap_cache) {
		size_t cap = c->cap_cache ? c->cap_cache * 2 : 16;
		struct cached_stmt *grown = realloc(c->cache, cap * sizeof *grown);
		if (!grown)
			return NULL;
		c->cache = grown;
		c->cap_cache = cap;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return NULL;
	/* The key must outlive the statement: keep sqlite's own copy of the text. */
	c->cache[c->n_cache].sql = sqlite3_sql(st);
	c->cache[c->n_cache].stmt = st;
	c->n_cache++;
	return st;
}

sqlite3 *kp_conn_handle(struct kp_conn *c)
{
	return c->h;
}

const char *kp_conn_errmsg(struct kp_conn *c)
{
	return sqlite3_errmsg(c->h);
}

/* Resets every cached statement so none keeps a read transaction alive. */
static void conn_reset_all(struct kp_conn *c)
{
	for (size_t i = 0; i < c->n_cache; i++)
		sqlite3_reset(c->cache[i].stmt);
	if (c->n_cache > STMT_CACHE_MAX)
		conn_clear_cache(c);
}

static int conn_exec_cached(struct kp_conn *c, const char *sql)
{
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	if (!st)
		return sqlite3_errcode(c->h);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * The calling thread's shared read snapshot (kp_db_share_begin): while on,
 * the first kp_db_read_end of a reader in a transaction keeps it open in
 * kept instead of ending it, and the next kp_db_read_begin or
 * kp_db_read_single of the same thread gets it back, snapshot and all.
 */
/* (cppcheck does not see uses through a _Thread_local variable) */
struct share_state {
	// cppcheck-suppress unusedStructMember
	struct kp_db *db;
	// cppcheck-suppress unusedStructMember
	bool on;
	// cppcheck-suppress unusedStructMember
	struct kp_conn *kept;
};
static _Thread_local struct share_state share;

/* Ends a read: resets its statements, ends its transaction, gives it back to the pool. */
static void read_release(struct kp_db *db, struct kp_conn *c)
{
	conn_reset_all(c);
	if (!sqlite3_get_autocommit(c->h))
		conn_exec_cached(c, "COMMIT");
	assert(sqlite3_get_autocommit(c->h));
	pthread_mutex_lock(&db->pool_lock);
	c->in_use = false;
	pthread_cond_signal(&db->pool_free);
	pthread_mutex_unlock(&db->pool_lock);
}

/* The kept snapshot of this thread for db, handed over (NULL when none). */
static struct kp_conn *share_take(const struct kp_db *db)
{
	if (!share.on || share.db != db || !share.kept)
		return NULL;
	struct kp_conn *c = share.kept;
	share.kept = NULL;
	return c;
}

void kp_db_share_begin(struct kp_db *db)
{
	if (share.on && share.kept)
		read_release(share.db, share.kept);
	share.db = db;
	share.on = true;
	share.kept = NULL;
}

void kp_db_share_end(struct kp_db *db)
{
	if (share.on && share.db == db && share.kept)
		read_release(db, share.kept);
	share.on = false;
	share.kept = NULL;
	share.db = NULL;
}

struct kp_conn *kp_db_read_single(struct kp_db *db)
{
	struct kp_conn *c = share_take(db);
	if (c)
		return c;
	pthread_mutex_lock(&db->pool_lock);
	for (;;) {
		for (unsigned i = 0; i < db->n_readers; i++) {
			if (!db->readers[i].in_use) {
				c = &db->readers[i];
				break;
			}
		}
		if (c)
			break;
		pthread_cond_wait(&db->pool_free, &db->pool_lock);
	}
	c->in_use = true;
	c->owner = pthread_self();
	pthread_mutex_unlock(&db->pool_lock);
	return c;
}

struct kp_conn *kp_db_read_begin(struct kp_db *db)
{
	struct kp_conn *c = share_take(db);
	if (c)
		return c; /* still in the transaction it was kept with */
	c = kp_db_read_single(db);
	if (conn_exec_cached(c, "BEGIN") != SQLITE_OK) {
		kp_db_read_end(db, c);
		return NULL;
	}
	return c;
}

void kp_db_read_end(struct kp_db *db, struct kp_conn *c)
{
	bool pooled = c >= db->readers && c < db->readers + db->n_readers;
	if (share.on && share.db == db && !share.kept && pooled && !sqlite3_get_autocommit(c->h)) {
		conn_reset_all(c); /* the statements end, the transaction stays */
		share.kept = c;
		return;
	}
	read_release(db, c);
}

/* Marks c taken by the calling thread, or free; in_use and owner of every
 * connection are only read and written under pool_lock. */
static void set_owner(struct kp_db *db, struct kp_conn *c, bool taken)
{
	pthread_mutex_lock(&db->pool_lock);
	c->in_use = taken;
	if (taken)
		c->owner = pthread_self();
	pthread_mutex_unlock(&db->pool_lock);
}

/* True when c is held by the calling thread. */
static bool owned_by_me(struct kp_db *db, struct kp_conn *c)
{
	pthread_mutex_lock(&db->pool_lock);
	bool mine = c->in_use && pthread_equal(c->owner, pthread_self());
	pthread_mutex_unlock(&db->pool_lock);
	return mine;
}

/* True for the SQLite codes that mean the file cannot be written (as
 * opposed to a busy lock or a constraint of the data). */
static bool is_storage_error(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_READONLY:
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return true;
	default:
		return false;
	}
}

/*
 * Records the outcome of a write for kp_db_writable: rc is SQLITE_OK for a
 * committed write or the error code of a failed one (other errors than
 * storage errors are not recorded). A change ends the cached answer.
 */
static void record_write(struct kp_db *db, int rc)
{
	if (rc != SQLITE_OK && !is_storage_error(rc))
		return;
	pthread_mutex_lock(&db->health_lock);
	int before = db->last_write_error;
	db->last_write_error = rc == SQLITE_OK ? 0 : rc;
	if ((before != 0) != (rc != SQLITE_OK))
		db->health_at = 0;
	pthread_mutex_unlock(&db->health_lock);
}

struct kp_conn *kp_db_write_begin(struct kp_db *db)
{
	/* reads after a write must see it: no older snapshot from here on */
	if (share.on && share.db == db)
		kp_db_share_end(db);
	pthread_mutex_lock(&db->write_lock);
	struct kp_conn *c = &db->writer;
	set_owner(db, c, true);
	int rc = conn_exec_cached(c, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK) {
		record_write(db, rc);
		set_owner(db, c, false);
		pthread_mutex_unlock(&db->write_lock);
		return NULL;
	}
	return c;
}

struct kp_conn *kp_db_write_try_begin(struct kp_db *db)
{
	if (pthread_mutex_trylock(&db->write_lock) != 0)
		return NULL;
	if (share.on && share.db == db)
		kp_db_share_end(db);
	struct kp_conn *c = &db->writer;
	set_owner(db, c, true);
	int rc = conn_exec_cached(c, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK) {
		record_write(db, rc);
		set_owner(db, c, false);
		pthread_mutex_unlock(&db->write_lock);
		return NULL;
	}
	return c;
}

static void write_release(struct kp_db *db, struct kp_conn *c)
{
	assert(c == &db->writer);
	conn_reset_all(c);
	if (!sqlite3_get_autocommit(c->h))
		conn_exec_cached(c, "ROLLBACK");
	set_owner(db, c, false);
	pthread_mutex_unlock(&db->write_lock);
}

int kp_db_write_commit(struct kp_db *db, struct kp_conn *c)
{
	conn_reset_all(c);
	int rc = conn_exec_cached(c, "COMMIT");
	/* the timer of PRAGMA optimize: after a commit, while the writer is still ours */
	if (rc == SQLITE_OK && monotonic_seconds() - db->optimized_at >= KP_DB_OPTIMIZE_EVERY_SECONDS)
		optimize(db);
	write_release(db, c); /* rolls back if COMMIT failed */
	record_write(db, rc);
	return rc;
}

void kp_db_write_rollback(struct kp_db *db, struct kp_conn *c)
{
	/* a statement of the handler that failed on the storage (a full disk
	 * while spilling pages, say) counts as a failed write */
	int last = sqlite3_extended_errcode(c->h);
	conn_reset_all(c);
	write_release(db, c);
	if (is_storage_error(last))
		record_write(db, last);
}

bool kp_db_thread_clean(struct kp_db *db)
{
	bool clean = true;
	if (owned_by_me(db, &db->writer)) {
		kp_db_write_rollback(db, &db->writer);
		clean = false;
	}
	for (unsigned i = 0; i < db->n_readers; i++) {
		if (owned_by_me(db, &db->readers[i])) {
			kp_db_read_end(db, &db->readers[i]);
			clean = false;
		}
	}
	return clean;
}

int kp_db_snapshot_open(struct kp_db *db, unsigned max_open, struct kp_conn **out)
{
	*out = NULL;
	pthread_mutex_lock(&db->pool_lock);
	bool room = db->n_snapshots < max_open;
	if (room)
		db->n_snapshots++;
	pthread_mutex_unlock(&db->pool_lock);
	if (!room)
		return SQLITE_BUSY;
	char err[256];
	int rc;
	struct kp_conn *c = calloc(1, sizeof *c);
	if (!c) {
		rc = SQLITE_NOMEM;
		goto fail;
	}
	if (open_conn(&c->h, db->path, SQLITE_OPEN_READONLY, err, sizeof err) != 0) {
		rc = SQLITE_CANTOPEN;
		goto fail;
	}
	if (configure_conn(c->h, &db->opt, false, err, sizeof err) != 0 ||
	    exec(c->h, "PRAGMA query_only=ON; PRAGMA cache_size=-2000;", err, sizeof err) != SQLITE_OK) {
		rc = sqlite3_errcode(c->h);
		goto fail;
	}
	rc = conn_exec_cached(c, "BEGIN");
	if (rc != SQLITE_OK)
		goto fail;
	*out = c;
	return SQLITE_OK;
fail:
	if (c) {
		conn_close(c);
		free(c);
	}
	pthread_mutex_lock(&db->pool_lock);
	db->n_snapshots--;
	pthread_mutex_unlock(&db->pool_lock);
	return rc == SQLITE_OK ? SQLITE_ERROR : rc;
}

void kp_db_snapshot_close(struct kp_db *db, struct kp_conn *c)
{
	if (!c)
		return;
	conn_reset_all(c);
	if (!sqlite3_get_autocommit(c->h))
		conn_exec_cached(c, "COMMIT");
	conn_close(c);
	free(c);
	pthread_mutex_lock(&db->pool_lock);
	db->n_snapshots--;
	pthread_mutex_unlock(&db->pool_lock);
}

int kp_db_sync_parent_dir(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else if ((size_t)(slash - path) >= sizeof dir) {
		errno = ENAMETOOLONG;
		return -1;
	} else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int kp_db_temp_beside(const char *dest, char *tmp, size_t len)
{
	const char *slash = strrchr(dest, '/');
	int n = slash ? snprintf(tmp, len, "%.*s/.%s.tmp-XXXXXX", (int)(slash - dest), dest, slash + 1)
		      : snprintf(tmp, len, ".%s.tmp-XXXXXX", dest);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = mkstemp(tmp);
	if (fd >= 0)
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

int kp_db_backup(const char *path, const char *dest, char *err, size_t errlen)
{
	struct stat sb;
	if (lstat(dest, &sb) == 0) {
		snprintf(err, errlen, "%s already exists; choose a new file name", dest);
		return -1;
	}
	if (errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", dest, strerror(errno));
		return -1;
	}
	if (stat(path, &sb) != 0) {
		snprintf(err, errlen, "database %s: %s", path, strerror(errno));
		return -1;
	}
	char tmp[4096];
	int fd = kp_db_temp_beside(dest, tmp, sizeof tmp);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a temporary file beside %s: %s", dest, strerror(errno));
		return -1;
	}
	sqlite3 *h;
	if (open_conn(&h, path, SQLITE_OPEN_READONLY, err, errlen) != 0)
		goto fail;
	sqlite3_busy_timeout(h, 10000);
	sqlite3_stmt *st;
	/* VACUUM INTO accepts an existing empty file: the one mkostemp made */
	int rc = sqlite3_prepare_v2(h, "VACUUM INTO ?1", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, tmp, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "backup to %s failed: %s", dest, sqlite3_errmsg(h));
		sqlite3_close(h);
		goto fail;
	}
	sqlite3_close(h);
	/* VACUUM INTO does not sync its output: the data must be on disk before
	 * the rename makes it the backup */
	if (fsync(fd) != 0) {
		snprintf(err, errlen, "backup to %s failed: cannot sync: %s", dest, strerror(errno));
		goto fail;
	}
	/* link, unlike rename, refuses a dest that appeared meanwhile */
	if (link(tmp, dest) != 0) {
		snprintf(err, errlen, "cannot name the backup %s: %s", dest, strerror(errno));
		goto fail;
	}
	unlink(tmp);
	close(fd);
	if (kp_db_sync_parent_dir(dest) != 0) {
		snprintf(err, errlen, "backup written to %s, but its directory cannot be synced: %s", dest,
			 strerror(errno));
		return -1;
	}
	return 0;
fail:
	close(fd);
	unlink(tmp);
	return -1;
}

/* --- the lock beside the database ----------------------------------------------- */

int kp_db_lock(const char *path, int *fd_out, long *holder, char *err, size_t errlen)
{
	*fd_out = -1;
	*holder = 0;
	char lockpath[4096];
	int n = snprintf(lockpath, sizeof lockpath, "%s.lock", path);
	if (n < 0 || (size_t)n >= sizeof lockpath) {
		snprintf(err, errlen, "database path too long: %s", path);
		return -1;
	}
	int fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno == EACCES) /* another user's lock file: flock needs no write access */
		fd = open(lockpath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0 && geteuid() == 0) {
		/* root (restore, say) must not leave a lock file that the
		 * daemon's own user cannot open: it belongs to the directory's owner */
		struct stat dsb;
		char dir[4096];
		const char *slash = strrchr(path, '/');
		snprintf(dir, sizeof dir, "%.*s", slash ? (slash == path ? 1 : (int)(slash - path)) : 1,
			 slash ? path : ".");
		if (stat(dir, &dsb) == 0 && fchown(fd, dsb.st_uid, dsb.st_gid) != 0) {
			/* not fatal: the lock works all the same */
		}
	}
	if (fd < 0) {
		snprintf(err, errlen, "cannot open the lock file %s: %s", lockpath, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		if (e == EWOULDBLOCK) {
			char buf[32] = { 0 };
			ssize_t got = pread(fd, buf, sizeof buf - 1, 0);
			if (got > 0)
				*holder = strtol(buf, NULL, 10);
			if (*holder > 0)
				snprintf(err, errlen,
					 "database %s is in use by another koppel (pid %ld holds %s); stop that one first",
					 path, *holder, lockpath);
			else
				snprintf(err, errlen, "database %s is in use by another koppel (it holds %s); stop that one first",
					 path, lockpath);
		} else {
			snprintf(err, errlen, "cannot lock %s: %s", lockpath, strerror(e));
		}
		close(fd);
		return -1;
	}
	char pid[32];
	int plen = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if ((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR &&
	    (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)plen, 0) != plen)) {
		snprintf(err, errlen, "cannot write the lock file %s: %s", lockpath, strerror(errno));
		close(fd);
		return -1;
	}
	*fd_out = fd;
	return 0;
}

void kp_db_unlock(int fd)
{
	if (fd < 0)
		return;
	/* the file stays (removing it would race with a process that opened it);
	 * emptied, it names no pid that is gone */
	if (ftruncate(fd, 0) != 0) {
		/* harmless: the pid is only read while the lock is held */
	}
	close(fd); /* releases the flock */
}

void kp_db_adopt_lock(struct kp_db *db, int fd)
{
	db->lock_fd = fd;
}

/* --- writable? ------------------------------------------------------------------ */

static time_t monotonic_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + 1; /* never 0, which means "no cached answer" */
}

/* Why access(2) refused a write, in Dutch. */
static const char *write_refusal(int e)
{
	switch (e) {
	case EACCES:
		return "geen schrijfrecht";
	case EPERM:
		return "niet toegestaan (bijvoorbeeld onveranderbaar gemaakt)";
	case EROFS:
		return "alleen-lezen bestandssysteem";
	case ENOENT:
		return "bestaat niet (meer)";
	default:
		return strerror(e);
	}
}

/*
 * The cheap checks of kp_db_writable: the file system of the database
 * and write permission on the file and its directory. Returns true, or
 * false with the reason.
 */
static bool storage_looks_writable(const char *path, char *reason, size_t len)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	struct statvfs vfs;
	if (statvfs(dir, &vfs) != 0) {
		snprintf(reason, len, "De map van de database is niet bereikbaar: %s.", strerror(errno));
		return false;
	}
	if (vfs.f_flag & ST_RDONLY) {
		snprintf(reason, len, "Het bestandssysteem van de database is alleen-lezen.");
		return false;
	}
	unsigned long long avail = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
	if (avail < KP_DB_MIN_FREE_BYTES) {
		snprintf(reason, len, "De schijf van de database is (bijna) vol: %llu KiB vrij, minstens %llu MiB nodig.",
			 avail / 1024, KP_DB_MIN_FREE_BYTES / (1024 * 1024));
		return false;
	}
	if (access(path, W_OK) != 0) {
		snprintf(reason, len, "Het databasebestand is niet schrijfbaar: %s.", write_refusal(errno));
		return false;
	}
	if (access(dir, W_OK) != 0) {
		snprintf(reason, len, "De map van de database is niet schrijfbaar: %s.", write_refusal(errno));
		return false;
	}
	return true;
}

/* One small real write: rewrites PRAGMA user_version with its own value.
 * Returns SQLITE_OK or the error (recorded by the write functions). */
static int probe_write(struct kp_db *db)
{
	struct kp_conn *w = kp_db_write_begin(db);
	if (!w) {
		pthread_mutex_lock(&db->health_lock);
		int rc = db->last_write_error ? db->last_write_error : SQLITE_BUSY;
		pthread_mutex_unlock(&db->health_lock);
		return rc;
	}
	int version = -1;
	char msg[64];
	if (read_user_version(w->h, &version, msg, sizeof msg) != 0) {
		int rc = sqlite3_extended_errcode(w->h);
		kp_db_write_rollback(db, w);
		return rc ? rc : SQLITE_ERROR;
	}
	char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", version);
	int rc = exec(w->h, sql, NULL, 0);
	if (rc != SQLITE_OK) {
		kp_db_write_rollback(db, w);
		return rc;
	}
	return kp_db_write_commit(db, w);
}

bool kp_db_writable(struct kp_db *db, char *reason, size_t len)
{
	time_t now = monotonic_seconds();
	pthread_mutex_lock(&db->health_lock);
	if (db->health_at && now - db->health_at < KP_DB_WRITABLE_CACHE_SECONDS) {
		bool ok = db->health_ok;
		snprintf(reason, len, "%s", db->health_reason);
		pthread_mutex_unlock(&db->health_lock);
		return ok;
	}
	int last = db->last_write_error;
	pthread_mutex_unlock(&db->health_lock);

	char why[256] = "";
	bool ok = storage_looks_writable(db->path, why, sizeof why);
	if (ok && last != 0) {
		int rc = probe_write(db);
		if (rc != SQLITE_OK) {
			ok = false;
			snprintf(why, sizeof why, "Schrijven in de database mislukt: %s.", sqlite3_errstr(rc));
		}
	}
	pthread_mutex_lock(&db->health_lock);
	if (ok && db->last_write_error != 0) { /* a write failed meanwhile */
		ok = false;
		snprintf(why, sizeof why, "Schrijven in de database mislukt: %s.", sqlite3_errstr(db->last_write_error));
	}
	db->health_ok = ok;
	snprintf(db->health_reason, sizeof db->health_reason, "%s", why);
	db->health_at = monotonic_seconds();
	pthread_mutex_unlock(&db->health_lock);
	snprintf(reason, len, "%s", why);
	return ok;
}
