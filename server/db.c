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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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
};

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

/* Applies migration m inside its own transaction. */
static int apply_migration(sqlite3 *h, const struct kp_migration *m, char *err, size_t errlen)
{
	char msg[512];
	if (exec(h, "BEGIN IMMEDIATE", msg, sizeof msg) != SQLITE_OK) {
		snprintf(err, errlen, "migration %s: cannot start a transaction: %s", m->name, msg);
		return -1;
	}
	int current;
	if (read_user_version(h, &current, msg, sizeof msg) != 0)
		goto fail;
	if (current >= m->version) { /* another process got here first */
		exec(h, "ROLLBACK", NULL, 0);
		return 0;
	}
	if (current != m->version - 1) {
		snprintf(msg, sizeof msg, "database is at version %d, expected %d", current, m->version - 1);
		goto fail;
	}
	if (exec(h, m->sql, msg, sizeof msg) != SQLITE_OK)
		goto fail;

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
	return 0;
fail:
	exec(h, "ROLLBACK", NULL, 0);
	snprintf(err, errlen, "migration %s failed: %s", m->name, msg);
	return -1;
}

int kp_db_migrate(const char *path, const struct kp_db_options *opt, int *from, int *to, char *err, size_t errlen)
{
	sqlite3 *h;
	if (open_conn(&h, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err, errlen) != 0)
		return -1;
	sqlite3_busy_timeout(h, (int)opt->busy_timeout_ms);
	int version;
	/* Look before touching: nothing is written to a database we do not know. */
	if (read_user_version(h, &version, err, errlen) != 0)
		goto fail;
	if (version > kp_migrations_count) {
		snprintf(err, errlen,
			 "database %s has schema version %d, newer than this koppel (%s) knows (%d); "
			 "refusing to touch it: run a newer koppel",
			 path, version, KOPPEL_VERSION, kp_migrations_count);
		goto fail;
	}
	if (version < 0) {
		snprintf(err, errlen, "database %s has an invalid schema version %d", path, version);
		goto fail;
	}
	*from = version;
	if (configure_conn(h, opt, true, err, errlen) != 0)
		goto fail;
	for (int i = version; i < kp_migrations_count; i++) {
		assert(kp_migrations[i].version == i + 1);
		if (apply_migration(h, &kp_migrations[i], err, errlen) != 0)
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
	free(db->readers);
	free(db->path);
	pthread_mutex_destroy(&db->write_lock);
	pthread_mutex_destroy(&db->pool_lock);
	pthread_cond_destroy(&db->pool_free);
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

struct kp_conn *kp_db_read_single(struct kp_db *db)
{
	struct kp_conn *c = NULL;
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
	struct kp_conn *c = kp_db_read_single(db);
	if (conn_exec_cached(c, "BEGIN") != SQLITE_OK) {
		kp_db_read_end(db, c);
		return NULL;
	}
	return c;
}

void kp_db_read_end(struct kp_db *db, struct kp_conn *c)
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

struct kp_conn *kp_db_write_begin(struct kp_db *db)
{
	pthread_mutex_lock(&db->write_lock);
	struct kp_conn *c = &db->writer;
	set_owner(db, c, true);
	if (conn_exec_cached(c, "BEGIN IMMEDIATE") != SQLITE_OK) {
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
	write_release(db, c); /* rolls back if COMMIT failed */
	return rc;
}

void kp_db_write_rollback(struct kp_db *db, struct kp_conn *c)
{
	conn_reset_all(c);
	write_release(db, c);
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

int kp_db_backup(const char *path, const char *dest, char *err, size_t errlen)
{
	struct stat sb;
	if (stat(dest, &sb) == 0) {
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
	sqlite3 *h;
	if (open_conn(&h, path, SQLITE_OPEN_READONLY, err, errlen) != 0)
		return -1;
	sqlite3_busy_timeout(h, 10000);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h, "VACUUM INTO ?1", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, dest, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "backup to %s failed: %s", dest, sqlite3_errmsg(h));
		sqlite3_close(h);
		return -1;
	}
	sqlite3_close(h);
	return 0;
}
