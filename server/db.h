/*
 * db.h - the SQLite side of Koppel: migrations, connections, transactions,
 * statement cache and backups.
 *
 * One database file in WAL mode. A struct kp_db holds one writer connection,
 * used by one thread at a time behind a mutex with BEGIN IMMEDIATE, so writes
 * are serialized inside the process and never dead-lock on SQLITE_BUSY; and
 * a pool of read-only connections, one per HTTP worker thread, each read
 * running in its own deferred transaction so a handler sees one consistent
 * snapshot. Every connection has foreign_keys=ON, busy_timeout and
 * trusted_schema=OFF. Prepared statements are cached per connection, keyed by
 * the SQL text, so handlers pass string literals and never finalize.
 *
 * Thread-safety: kp_db_* functions may be called from any thread. A struct
 * kp_conn belongs to the thread that acquired it until it is released.
 */
#ifndef KOPPEL_DB_H
#define KOPPEL_DB_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

struct kp_db;
struct kp_conn;

struct kp_db_options {
	unsigned busy_timeout_ms;
	bool synchronous_full; /* FULL instead of NORMAL */
	unsigned readers;      /* size of the read pool, >= 1 */
};

/*
 * Process-wide SQLite settings; call once at start-up before any other
 * kp_db function and before threads start (later calls are harmless).
 * Turns off SQLite's memory statistics, whose global mutex every allocation
 * would otherwise take.
 */
void kp_db_library_init(void);

/* The schema version this binary brings: the number of embedded migrations. */
int kp_db_schema_latest(void);

/*
 * Brings the database at path up to kp_db_schema_latest(), creating the file
 * if it does not exist. Each pending migration runs in its own transaction
 * that also records it in schema_migrations and PRAGMA user_version. A
 * database whose user_version is newer than this binary is refused before
 * anything is written. On success *from and *to hold the versions before and
 * after. Returns 0, or -1 with a message in err.
 */
int kp_db_migrate(const char *path, const struct kp_db_options *opt, int *from, int *to, char *err, size_t errlen);

struct kp_migration;
/*
 * kp_db_migrate with another list of migrations (count of them, versions
 * 1..count in order): for tests of the runner itself. A migration whose
 * first line is "-- koppel: herbouw" may rebuild tables (db.c,
 * apply_migration).
 */
int kp_db_migrate_with(const char *path, const struct kp_db_options *opt, const struct kp_migration *migrations,
		       int count, int *from, int *to, char *err, size_t errlen);

/*
 * Opens the writer and opt->readers read connections on an existing,
 * fully migrated database. Returns 0, or -1 with a message in err (for
 * instance when the schema is older or newer than this binary).
 */
int kp_db_open(struct kp_db **out, const char *path, const struct kp_db_options *opt, char *err, size_t errlen);

/*
 * PRAGMA optimize (with analysis_limit) runs on the writer when the
 * database is opened and then after the first commit once this many
 * seconds have passed since the last run.
 */
#define KP_DB_OPTIMIZE_EVERY_SECONDS 3600

/* Checkpoints and truncates the WAL, then closes every connection. */
void kp_db_close(struct kp_db *db);

/*
 * Takes a read connection (waiting if all are in use) and opens a deferred
 * transaction on it. Returns NULL if BEGIN failed. Pair with kp_db_read_end.
 */
struct kp_conn *kp_db_read_begin(struct kp_db *db);
/*
 * Takes a read connection without opening a transaction, for a handler that
 * runs a single statement (which then reads its own consistent snapshot).
 * Never NULL. Also paired with kp_db_read_end.
 */
struct kp_conn *kp_db_read_single(struct kp_db *db);
void kp_db_read_end(struct kp_db *db, struct kp_conn *c);

/*
 * One read snapshot for one request: between kp_db_share_begin and
 * kp_db_share_end on the same thread, the first kp_db_read_end of a pooled
 * read connection that is in a transaction (kp_db_read_begin) does not end
 * it but keeps it, and the next kp_db_read_begin or kp_db_read_single on
 * this thread returns that connection with its transaction still open: the
 * second read sees exactly what the first saw and pays for no new BEGIN.
 * kp_db_write_begin ends the sharing first (ending a kept snapshot), so a
 * read after a write always sees the write. kp_db_share_end ends a kept
 * snapshot nobody took; call it before kp_db_thread_clean. Nothing changes
 * for other threads or outside the pair.
 */
void kp_db_share_begin(struct kp_db *db);
void kp_db_share_end(struct kp_db *db);

/*
 * Takes the writer and runs BEGIN IMMEDIATE. Returns NULL (writer released)
 * if the write lock could not be had within busy_timeout. Pair with exactly
 * one of kp_db_write_commit or kp_db_write_rollback.
 */
struct kp_conn *kp_db_write_begin(struct kp_db *db);
/*
 * kp_db_write_begin for housekeeping that may as well wait for a later
 * request (a session's last-use time): NULL at once, without waiting, when
 * another thread holds the writer (a long report, say).
 */
struct kp_conn *kp_db_write_try_begin(struct kp_db *db);
/* Commits; on failure rolls back. Returns SQLITE_OK or the error code. */
int kp_db_write_commit(struct kp_db *db, struct kp_conn *c);
void kp_db_write_rollback(struct kp_db *db, struct kp_conn *c);

/*
 * Opens a dedicated read-only connection for one long read that outlives a
 * handler and may continue on other threads (a streamed export): it is not
 * taken from the pool, so it never keeps a handler waiting for a reader.
 * Same pragmas as the pool connections plus query_only (and SQLite's
 * default 2 MiB page cache: a long read passes each page once), and a deferred
 * transaction already begun: everything read on it comes from the snapshot
 * taken by its first read. At most max_open are open at once. Returns
 * SQLITE_OK with *out set, SQLITE_BUSY when max_open are already open, or
 * another SQLite error. The connection may be used by one thread at a time;
 * close it with kp_db_snapshot_close before kp_db_close.
 */
int kp_db_snapshot_open(struct kp_db *db, unsigned max_open, struct kp_conn **out);
/* Ends the transaction and closes a connection from kp_db_snapshot_open (NULL: nothing). */
void kp_db_snapshot_close(struct kp_db *db, struct kp_conn *c);

/*
 * Called after every request handler: true when the calling thread holds no
 * connection. If it does, the connection is rolled back and released so the
 * server keeps working, and false is returned so the caller can report it.
 */
bool kp_db_thread_clean(struct kp_db *db);

/*
 * Returns the cached prepared statement for sql on c, reset and with its
 * bindings cleared, or NULL on a prepare error (see kp_conn_errmsg). The
 * statement stays valid until the connection is released.
 */
sqlite3_stmt *kp_conn_stmt(struct kp_conn *c, const char *sql);
sqlite3 *kp_conn_handle(struct kp_conn *c);
const char *kp_conn_errmsg(struct kp_conn *c);

/*
 * Writes a consistent copy of the database at path into dest with VACUUM
 * INTO; safe while a server is running. dest must not exist yet. The copy
 * is written under a temporary name in dest's directory, synced, renamed to
 * dest and the directory synced, so an interrupted backup never leaves a
 * file under the name dest (at most a hidden ".NAME.tmp-XXXXXX" beside it).
 */
int kp_db_backup(const char *path, const char *dest, char *err, size_t errlen);

/*
 * Makes an empty temporary file in the directory of dest, named
 * ".BASENAME.tmp-XXXXXX", mode 0600 (under the caller's umask), close-on-
 * exec. Returns its fd with the name in tmp, or -1 with errno set.
 */
int kp_db_temp_beside(const char *dest, char *tmp, size_t len);

/*
 * Syncs the directory that holds path (after a rename into it), so the new
 * name survives a crash. Returns 0, or -1 with errno set.
 */
int kp_db_sync_parent_dir(const char *path);

/* --- one daemon per database ------------------------------------------------ */

/*
 * Takes the exclusive lock of the database at path: flock on "PATH.lock"
 * beside it (created 0600 if missing), which then holds the pid of the
 * holder. The lock ends when the fd is closed or the process dies (also on
 * kill -9), so a stale file never blocks. Returns 0 with *fd set, or -1
 * with a message in err; when another process holds the lock, *holder is
 * its pid (0 if unknown) and the message names it.
 */
int kp_db_lock(const char *path, int *fd, long *holder, char *err, size_t errlen);
/* Releases a lock from kp_db_lock (fd < 0: nothing). The file stays. */
void kp_db_unlock(int fd);
/* Hands a lock from kp_db_lock to db: kp_db_close releases it. */
void kp_db_adopt_lock(struct kp_db *db, int fd);

/* --- can the database be written? (for /api/v1/health) --------------------- */

/* Less free space than this on the database's file system counts as full. */
#define KP_DB_MIN_FREE_BYTES (16ull * 1024 * 1024)
/* How long an answer of kp_db_writable is reused. */
#define KP_DB_WRITABLE_CACHE_SECONDS 5

/*
 * Tells cheaply whether the database can be written, without a write in the
 * normal case. Checks, at most once per KP_DB_WRITABLE_CACHE_SECONDS (the
 * answer is reused in between, except that a write's outcome ends the
 * reuse): the file system (read-only mount; less than KP_DB_MIN_FREE_BYTES
 * free, from statvfs), write permission on the file and its directory
 * (access(2): also sees an immutable file, for root too), and the outcome of
 * the most recent write transaction (kp_db_write_begin/commit/rollback
 * record read-only, full, I/O and permission errors). Only after a failed
 * write does it try one small write itself (rewriting PRAGMA user_version
 * with its own value), so it says writable again once writes work. Returns
 * true, or false with a Dutch reason in reason.
 */
bool kp_db_writable(struct kp_db *db, char *reason, size_t len);

#endif
