/*
 * backup.c - see backup.h. Every file written here goes to a temporary
 * name beside its target first (kp_db_temp_beside), is synced, and only
 * then gets its final name, with link(2) so an existing file is never
 * replaced; the directory is synced after. An interrupted command leaves at
 * most a hidden ".NAME.tmp-XXXXXX" file, never a partial file under NAME.
 */
#include "backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "audit.h"
#include "db.h"

#define MAGIC "KPBACKUP"
#define MAGIC_LEN 8
#define FORMAT_VERSION 1
#define PREFIX_LEN (MAGIC_LEN + 1)
#define CHUNK (64 * 1024)
#define KEY_BYTES crypto_secretstream_xchacha20poly1305_KEYBYTES

/* Writes all of buf to fd. Returns 0, or -1 with errno set. */
static int write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads up to len bytes, fewer only at the end of the file. Returns the
 * count, or -1 with errno set. */
static ssize_t read_full(int fd, void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Fails with a message when path exists (or cannot be looked at). */
static int refuse_existing(const char *path, char *err, size_t errlen)
{
	struct stat sb;
	if (lstat(path, &sb) == 0) {
		snprintf(err, errlen, "%s already exists; choose a new file name", path);
		return -1;
	}
	if (errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Gives the finished temporary file tmp (open as fd) the name dest: syncs
 * it, links it to dest (refusing an existing dest), removes tmp and syncs
 * the directory. Closes fd and removes tmp in every case. Returns 0, or -1
 * with a message in err.
 */
static int publish(int fd, const char *tmp, const char *dest, char *err, size_t errlen)
{
	int rc = -1;
	if (fsync(fd) != 0)
		snprintf(err, errlen, "cannot sync %s: %s", tmp, strerror(errno));
	else if (link(tmp, dest) != 0)
		snprintf(err, errlen, "cannot name the file %s: %s", dest, strerror(errno));
	else
		rc = 0;
	close(fd);
	unlink(tmp);
	if (rc == 0 && kp_db_sync_parent_dir(dest) != 0) {
		snprintf(err, errlen, "%s written, but its directory cannot be synced: %s", dest, strerror(errno));
		rc = -1;
	}
	return rc;
}

/*
 * Reads the key in keyfile: 32 raw bytes, or 64 hexadecimal characters
 * with an optional line end. Returns 0, or -1 with a message in err.
 */
static int load_key(const char *keyfile, unsigned char key[KEY_BYTES], char *err, size_t errlen)
{
	int fd = open(keyfile, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "key file %s: %s", keyfile, strerror(errno));
		return -1;
	}
	unsigned char buf[2 * KEY_BYTES + 4];
	ssize_t n = read_full(fd, buf, sizeof buf);
	close(fd);
	if (n < 0) {
		snprintf(err, errlen, "key file %s: %s", keyfile, strerror(errno));
		return -1;
	}
	int rc = -1;
	if (n == KEY_BYTES) {
		memcpy(key, buf, KEY_BYTES);
		rc = 0;
	} else {
		size_t len = (size_t)n;
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			len--;
		size_t bin_len = 0;
		if (len == 2 * KEY_BYTES &&
		    sodium_hex2bin(key, KEY_BYTES, (const char *)buf, len, NULL, &bin_len, NULL) == 0 &&
		    bin_len == KEY_BYTES)
			rc = 0;
	}
	sodium_memzero(buf, sizeof buf);
	if (rc != 0)
		snprintf(err, errlen,
			 "key file %s must hold 32 bytes, raw or as 64 hexadecimal characters "
			 "(make one with: koppel backup --genkey FILE)",
			 keyfile);
	return rc;
}

int kp_backup_genkey(const char *keyfile, char *err, size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium could not be initialised");
		return -1;
	}
	unsigned char key[KEY_BYTES];
	char hex[2 * KEY_BYTES + 2];
	crypto_secretstream_xchacha20poly1305_keygen(key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	sodium_memzero(key, sizeof key);
	size_t len = strlen(hex);
	hex[len++] = '\n';
	int fd = open(keyfile, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "key file %s: %s", keyfile, strerror(errno));
		sodium_memzero(hex, sizeof hex);
		return -1;
	}
	int rc = write_all(fd, hex, len) == 0 && fsync(fd) == 0 ? 0 : -1;
	int e = errno;
	sodium_memzero(hex, sizeof hex);
	close(fd);
	if (rc != 0) {
		unlink(keyfile);
		snprintf(err, errlen, "cannot write key file %s: %s", keyfile, strerror(e));
		return -1;
	}
	if (kp_db_sync_parent_dir(keyfile) != 0) {
		snprintf(err, errlen, "key file %s written, but its directory cannot be synced: %s", keyfile,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Takes a consistent copy of the database at db_path into memory (SQLite's
 * online backup in one step, which reads one snapshot; safe while a server
 * writes). Returns the bytes (free with sqlite3_free) with *len set, or NULL
 * with a message in err.
 */
static unsigned char *snapshot_bytes(const char *db_path, sqlite3_int64 *len, char *err, size_t errlen)
{
	struct stat sb;
	if (stat(db_path, &sb) != 0) {
		snprintf(err, errlen, "database %s: %s", db_path, strerror(errno));
		return NULL;
	}
	sqlite3 *src = NULL, *mem = NULL;
	unsigned char *data = NULL;
	if (sqlite3_open_v2(db_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", db_path, src ? sqlite3_errmsg(src) : "out of memory");
		goto done;
	}
	sqlite3_busy_timeout(src, 10000);
	if (sqlite3_open(":memory:", &mem) != SQLITE_OK) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	sqlite3_backup *b = sqlite3_backup_init(mem, "main", src, "main");
	if (!b) {
		snprintf(err, errlen, "backup of %s failed: %s", db_path, sqlite3_errmsg(mem));
		goto done;
	}
	int rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "backup of %s failed: %s", db_path, sqlite3_errstr(rc));
		goto done;
	}
	data = sqlite3_serialize(mem, "main", len, 0);
	if (!data)
		snprintf(err, errlen, "backup of %s failed: out of memory", db_path);
done:
	sqlite3_close(src);
	sqlite3_close(mem);
	return data;
}

int kp_backup_encrypted(const char *db_path, const char *keyfile, const char *dest, char *err, size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium could not be initialised");
		return -1;
	}
	unsigned char key[KEY_BYTES];
	if (load_key(keyfile, key, err, errlen) != 0)
		return -1;
	if (refuse_existing(dest, err, errlen) != 0) {
		sodium_memzero(key, sizeof key);
		return -1;
	}
	sqlite3_int64 len = 0;
	unsigned char *data = snapshot_bytes(db_path, &len, err, errlen);
	if (!data) {
		sodium_memzero(key, sizeof key);
		return -1;
	}
	char tmp[4096];
	int fd = kp_db_temp_beside(dest, tmp, sizeof tmp);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a temporary file beside %s: %s", dest, strerror(errno));
		sodium_memzero(key, sizeof key);
		sqlite3_free(data);
		return -1;
	}
	unsigned char prefix[PREFIX_LEN];
	memcpy(prefix, MAGIC, MAGIC_LEN);
	prefix[MAGIC_LEN] = FORMAT_VERSION;
	unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_state st;
	crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
	sodium_memzero(key, sizeof key);
	bool ok = write_all(fd, prefix, sizeof prefix) == 0 && write_all(fd, header, sizeof header) == 0;
	static unsigned char out[CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES];
	for (sqlite3_int64 off = 0; ok && off < len; off += CHUNK) {
		size_t n = (size_t)(len - off < CHUNK ? len - off : CHUNK);
		bool last = off + (sqlite3_int64)n == len;
		unsigned long long clen;
		crypto_secretstream_xchacha20poly1305_push(
			&st, out, &clen, data + off, n, prefix, sizeof prefix,
			last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		ok = write_all(fd, out, (size_t)clen) == 0;
	}
	int e = errno;
	sodium_memzero(&st, sizeof st);
	sqlite3_free(data);
	if (!ok) {
		snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(e));
		close(fd);
		unlink(tmp);
		return -1;
	}
	return publish(fd, tmp, dest, err, errlen);
}

int kp_backup_decrypt(const char *keyfile, const char *in, const char *outpath, char *err, size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium could not be initialised");
		return -1;
	}
	unsigned char key[KEY_BYTES];
	if (load_key(keyfile, key, err, errlen) != 0)
		return -1;
	if (refuse_existing(outpath, err, errlen) != 0) {
		sodium_memzero(key, sizeof key);
		return -1;
	}
	int ifd = open(in, O_RDONLY | O_CLOEXEC);
	if (ifd < 0) {
		snprintf(err, errlen, "%s: %s", in, strerror(errno));
		sodium_memzero(key, sizeof key);
		return -1;
	}
	unsigned char prefix[PREFIX_LEN];
	unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_state st;
	if (read_full(ifd, prefix, sizeof prefix) != (ssize_t)sizeof prefix || memcmp(prefix, MAGIC, MAGIC_LEN) != 0 ||
	    prefix[MAGIC_LEN] != FORMAT_VERSION || read_full(ifd, header, sizeof header) != (ssize_t)sizeof header) {
		snprintf(err, errlen, "%s is not an encrypted Koppel backup (format %d)", in, FORMAT_VERSION);
		sodium_memzero(key, sizeof key);
		close(ifd);
		return -1;
	}
	int init = crypto_secretstream_xchacha20poly1305_init_pull(&st, header, key);
	sodium_memzero(key, sizeof key);
	if (init != 0) {
		snprintf(err, errlen, "%s: bad header", in);
		close(ifd);
		return -1;
	}
	char tmp[4096];
	int ofd = kp_db_temp_beside(outpath, tmp, sizeof tmp);
	if (ofd < 0) {
		snprintf(err, errlen, "cannot create a temporary file beside %s: %s", outpath, strerror(errno));
		close(ifd);
		return -1;
	}
	static unsigned char cbuf[CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES];
	static unsigned char pbuf[CHUNK];
	bool done = false;
	for (;;) {
		ssize_t n = read_full(ifd, cbuf, sizeof cbuf);
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", in, strerror(errno));
			break;
		}
		if (n == 0) {
			snprintf(err, errlen, "%s is truncated: its end is missing", in);
			break;
		}
		unsigned long long plen;
		unsigned char tag;
		if (crypto_secretstream_xchacha20poly1305_pull(&st, pbuf, &plen, &tag, cbuf, (unsigned long long)n, prefix,
							       sizeof prefix) != 0) {
			snprintf(err, errlen, "%s does not authenticate: it was changed, or the key is not the one it was made with",
				 in);
			break;
		}
		if (write_all(ofd, pbuf, (size_t)plen) != 0) {
			snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
			break;
		}
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
			unsigned char extra;
			if (read_full(ifd, &extra, 1) != 0)
				snprintf(err, errlen, "%s has data after its end: it was changed", in);
			else
				done = true;
			break;
		}
	}
	sodium_memzero(&st, sizeof st);
	sodium_memzero(pbuf, sizeof pbuf);
	close(ifd);
	if (!done) {
		close(ofd);
		unlink(tmp);
		return -1;
	}
	return publish(ofd, tmp, outpath, err, errlen);
}

/* --- restore ------------------------------------------------------------------- */

/* Builds a read-only, immutable SQLite URI for path (percent-encoded). */
static int immutable_uri(const char *path, char *out, size_t len)
{
	static const char hexd[] = "0123456789ABCDEF";
	size_t o = 0;
	const char *pre = "file:";
	for (const char *p = pre; *p; p++)
		if (o + 1 < len)
			out[o++] = *p;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			     *p == '/' || *p == '.' || *p == '-' || *p == '_' || *p == '~';
		if (o + 4 >= len)
			return -1;
		if (plain) {
			out[o++] = (char)*p;
		} else {
			out[o++] = '%';
			out[o++] = hexd[*p >> 4];
			out[o++] = hexd[*p & 15];
		}
	}
	int n = snprintf(out + o, len - o, "?immutable=1");
	return n < 0 || (size_t)n >= len - o ? -1 : 0;
}

/*
 * Verifies the database file at path as a restore candidate: integrity,
 * a Koppel schema this binary can serve (migrating an older one), and an
 * intact audit chain. Prints what it found to out. Returns 0, or -1 with
 * the reason in err.
 */
static int verify_candidate(const char *path, const char *shown, FILE *out, char *err, size_t errlen)
{
	char uri[4200];
	if (immutable_uri(path, uri, sizeof uri) != 0) {
		snprintf(err, errlen, "path too long: %s", path);
		return -1;
	}
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(uri, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s cannot be opened: %s", shown, h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return -1;
	}
	int rc = -1;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s is not a usable SQLite database: %s", shown, sqlite3_errmsg(h));
		goto done;
	}
	int step = sqlite3_step(st);
	const char *first = step == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (!first || strcmp(first, "ok") != 0) {
		snprintf(err, errlen, "%s fails the integrity check: %s", shown, first ? first : sqlite3_errmsg(h));
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	int version = -1;
	if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (version < 1) {
		snprintf(err, errlen, "%s is not a Koppel database (no schema version)", shown);
		goto done;
	}
	if (version > kp_db_schema_latest()) {
		snprintf(err, errlen, "%s has schema version %d, newer than this koppel knows (%d): use a newer koppel",
			 shown, version, kp_db_schema_latest());
		goto done;
	}
	fprintf(out, "checked %s: integrity_check ok, schema %d%s\n", shown, version,
		version < kp_db_schema_latest() ? " (koppel serve migrates it)" : "");
	struct kp_audit_verify_result res;
	char aerr[512];
	if (kp_audit_verify(h, &res, aerr, sizeof aerr) != 0) {
		snprintf(err, errlen, "%s: the audit log cannot be checked: %s", shown, aerr);
		goto done;
	}
	if (res.first_bad) {
		snprintf(err, errlen, "%s: audit log BROKEN at entry %lld; not restoring it", shown,
			 (long long)res.first_bad);
		goto done;
	}
	fprintf(out, "checked %s: audit log intact, %lld entries, head entry %lld hash %s\n", shown, (long long)res.rows,
		(long long)res.last_id, res.last_hash);
	rc = 0;
done:
	sqlite3_finalize(st);
	sqlite3_close(h);
	return rc;
}

/*
 * Copies the file src into the new temporary file fd, then syncs it.
 * Returns 0, or -1 with a message in err.
 */
static int copy_into(const char *src, int fd, char *err, size_t errlen)
{
	int ifd = open(src, O_RDONLY | O_CLOEXEC);
	if (ifd < 0) {
		snprintf(err, errlen, "%s: %s", src, strerror(errno));
		return -1;
	}
	struct stat sb;
	if (fstat(ifd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file", src);
		close(ifd);
		return -1;
	}
	static unsigned char buf[1 << 20];
	int rc = 0;
	for (;;) {
		ssize_t n = read_full(ifd, buf, sizeof buf);
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", src, strerror(errno));
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		if (write_all(fd, buf, (size_t)n) != 0) {
			snprintf(err, errlen, "cannot copy %s beside the database: %s", src, strerror(errno));
			rc = -1;
			break;
		}
	}
	close(ifd);
	if (rc == 0 && fsync(fd) != 0) {
		snprintf(err, errlen, "cannot sync the copy of %s: %s", src, strerror(errno));
		rc = -1;
	}
	return rc;
}

/* "<base><suffix>" into out. Returns 0, or -1 when it does not fit. */
static int join(char *out, size_t len, const char *base, const char *suffix)
{
	int n = snprintf(out, len, "%s%s", base, suffix);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int kp_restore(const char *db_path, const char *file, FILE *out, char *err, size_t errlen)
{
	int lock_fd;
	long holder;
	if (kp_db_lock(db_path, &lock_fd, &holder, err, errlen) != 0)
		return -1;
	int rc = -1;
	char tmp[4096] = "";
	int fd = kp_db_temp_beside(db_path, tmp, sizeof tmp);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a temporary file beside %s: %s", db_path, strerror(errno));
		tmp[0] = '\0';
		goto done;
	}
	/* the restored file belongs to whoever owns the database (or its
	 * directory), so a daemon running as its own user can write it */
	struct stat owner;
	char dir[4096];
	const char *slash = strrchr(db_path, '/');
	snprintf(dir, sizeof dir, "%.*s", slash ? (slash == db_path ? 1 : (int)(slash - db_path)) : 1,
		 slash ? db_path : ".");
	if ((stat(db_path, &owner) == 0 || stat(dir, &owner) == 0) && fchown(fd, owner.st_uid, owner.st_gid) != 0 &&
	    geteuid() == 0)
		fprintf(out, "warning: cannot give the restored file to uid %ld: %s\n", (long)owner.st_uid, strerror(errno));
	if (copy_into(file, fd, err, errlen) != 0)
		goto done;
	fprintf(out, "copied %s to %s\n", file, tmp);
	if (verify_candidate(tmp, file, out, err, errlen) != 0)
		goto done;

	char aside[4096], from[4200], to[4200];
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	if (snprintf(aside, sizeof aside, "%s.voor-herstel-%s", db_path, stamp) >= (int)sizeof aside) {
		snprintf(err, errlen, "database path too long: %s", db_path);
		goto done;
	}
	struct stat sb;
	bool had_db = lstat(db_path, &sb) == 0;
	if (had_db) {
		/* a second name for the current file: the database path itself is
		 * never missing, whatever happens from here on */
		if (link(db_path, aside) != 0) {
			snprintf(err, errlen, "cannot keep the current database as %s: %s", aside, strerror(errno));
			goto done;
		}
		fprintf(out, "kept the previous database as %s\n", aside);
	}
	static const char *const keep[] = { "-wal", "-journal" };
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		if (join(from, sizeof from, db_path, keep[i]) != 0 || join(to, sizeof to, aside, keep[i]) != 0) {
			snprintf(err, errlen, "database path too long: %s", db_path);
			goto done;
		}
		if (lstat(from, &sb) != 0)
			continue;
		if (!had_db ? unlink(from) != 0 : rename(from, to) != 0) {
			snprintf(err, errlen, "cannot move the stale %s away: %s", from, strerror(errno));
			goto done;
		}
		if (had_db)
			fprintf(out, "moved the stale %s (%lld bytes) to %s\n", from, (long long)sb.st_size, to);
		else
			fprintf(out, "removed the stale %s\n", from);
	}
	if (join(from, sizeof from, db_path, "-shm") != 0) {
		snprintf(err, errlen, "database path too long: %s", db_path);
		goto done;
	}
	if (lstat(from, &sb) == 0) {
		if (unlink(from) != 0) {
			snprintf(err, errlen, "cannot remove the stale %s: %s", from, strerror(errno));
			goto done;
		}
		fprintf(out, "removed the stale %s\n", from);
	}
	if (rename(tmp, db_path) != 0) {
		snprintf(err, errlen, "cannot put the copy in place of %s: %s", db_path, strerror(errno));
		goto done;
	}
	tmp[0] = '\0';
	if (kp_db_sync_parent_dir(db_path) != 0) {
		snprintf(err, errlen, "restored, but the directory of %s cannot be synced: %s", db_path, strerror(errno));
		goto done;
	}
	fprintf(out, "restored %s as %s; start koppel serve again\n", file, db_path);
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	if (tmp[0])
		unlink(tmp);
	kp_db_unlock(lock_fd);
	return rc;
}
