/*
 * audit.c - see audit.h. Fields are fed to the hash with a type tag and a
 * length, so no two different rows can encode to the same bytes.
 */
#include "audit.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "db.h"

void kp_audit_now(char out[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000L);
}

static void feed_text(crypto_generichash_state *st, const char *s)
{
	if (!s) {
		unsigned char null_tag = 0xFF;
		crypto_generichash_update(st, &null_tag, 1);
		return;
	}
	unsigned char hdr[9];
	uint64_t len = strlen(s);
	hdr[0] = 0x01;
	for (int i = 0; i < 8; i++)
		hdr[1 + i] = (unsigned char)(len >> (56 - 8 * i));
	crypto_generichash_update(st, hdr, sizeof hdr);
	crypto_generichash_update(st, (const unsigned char *)s, len);
}

static void feed_int(crypto_generichash_state *st, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%" PRId64, v);
	feed_text(st, buf);
}

void kp_audit_hash(const unsigned char prev[KP_AUDIT_HASH_BYTES], int64_t id, const char *tijd, int64_t gebruiker_id,
		   const char *gebruikersnaam, const char *actie, const char *object_soort, const char *object_id,
		   const char *client, const char *details, unsigned char out[KP_AUDIT_HASH_BYTES])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, KP_AUDIT_HASH_BYTES);
	crypto_generichash_update(&st, prev, KP_AUDIT_HASH_BYTES);
	feed_int(&st, id);
	feed_text(&st, tijd);
	if (gebruiker_id)
		feed_int(&st, gebruiker_id);
	else
		feed_text(&st, NULL);
	feed_text(&st, gebruikersnaam);
	feed_text(&st, actie);
	feed_text(&st, object_soort);
	feed_text(&st, object_id);
	feed_text(&st, client);
	feed_text(&st, details);
	crypto_generichash_final(&st, out, KP_AUDIT_HASH_BYTES);
}

/* Reads the chain head: the next id and the last row's hash (zeros before the first). */
static int chain_head(struct kp_conn *w, int64_t *next_id, unsigned char prev[KP_AUDIT_HASH_BYTES])
{
	memset(prev, 0, KP_AUDIT_HASH_BYTES);
	*next_id = 1;
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
	if (!st)
		return sqlite3_errcode(kp_conn_handle(w));
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*next_id = sqlite3_column_int64(st, 0) + 1;
		if (sqlite3_column_bytes(st, 1) == KP_AUDIT_HASH_BYTES)
			memcpy(prev, sqlite3_column_blob(st, 1), KP_AUDIT_HASH_BYTES);
	} else if (rc != SQLITE_DONE) {
		return rc;
	}
	sqlite3_reset(st);
	return SQLITE_OK;
}

/* Inserts e as row id after the row whose hash is prev; prev becomes this row's hash. */
static int insert_after(struct kp_conn *w, int64_t id, unsigned char prev[KP_AUDIT_HASH_BYTES],
			const struct kp_audit_entry *e)
{
	char now[32];
	const char *tijd = e->tijd;
	if (!tijd) {
		kp_audit_now(now);
		tijd = now;
	}
	unsigned char hash[KP_AUDIT_HASH_BYTES];
	kp_audit_hash(prev, id, tijd, e->gebruiker_id, e->gebruikersnaam, e->actie, e->object_soort, e->object_id,
		      e->client, e->details, hash);

	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO audit_log(id, tijd, gebruiker_id, gebruikersnaam, actie, object_soort, "
					   "object_id, client, details, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	if (!st)
		return sqlite3_errcode(kp_conn_handle(w));
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, tijd, -1, SQLITE_STATIC);
	if (e->gebruiker_id)
		sqlite3_bind_int64(st, 3, e->gebruiker_id);
	sqlite3_bind_text(st, 4, e->gebruikersnaam, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->actie, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e->object_soort, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->object_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, e->client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, e->details, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, hash, sizeof hash, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return rc;
	memcpy(prev, hash, KP_AUDIT_HASH_BYTES);
	return SQLITE_OK;
}

int kp_audit_append_all(struct kp_conn *w, const struct kp_audit_entry *const *e, size_t n)
{
	unsigned char prev[KP_AUDIT_HASH_BYTES];
	int64_t id;
	int rc = chain_head(w, &id, prev);
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++)
		rc = insert_after(w, id++, prev, e[i]);
	return rc;
}

int kp_audit_append(struct kp_conn *w, const struct kp_audit_entry *e)
{
	return kp_audit_append_all(w, &e, 1);
}

int kp_audit_verify(sqlite3 *h, struct kp_audit_verify_result *res, char *err, size_t errlen)
{
	memset(res, 0, sizeof *res);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h,
			       "SELECT id, tijd, gebruiker_id, gebruikersnaam, actie, object_soort, object_id, "
			       "client, details, hash FROM audit_log ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot read the audit log: %s", sqlite3_errmsg(h));
		return -1;
	}
	unsigned char prev[KP_AUDIT_HASH_BYTES] = { 0 };
	int64_t expect_id = 1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		unsigned char hash[KP_AUDIT_HASH_BYTES];
		kp_audit_hash(prev, id, (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2),
			      (const char *)sqlite3_column_text(st, 3), (const char *)sqlite3_column_text(st, 4),
			      (const char *)sqlite3_column_text(st, 5), (const char *)sqlite3_column_text(st, 6),
			      (const char *)sqlite3_column_text(st, 7), (const char *)sqlite3_column_text(st, 8), hash);
		res->rows++;
		const void *stored = sqlite3_column_blob(st, 9);
		bool ok = id == expect_id && sqlite3_column_bytes(st, 9) == KP_AUDIT_HASH_BYTES &&
			  sodium_memcmp(stored, hash, KP_AUDIT_HASH_BYTES) == 0;
		if (!ok && !res->first_bad)
			res->first_bad = id;
		/* continue from the stored hash, so one edited row is reported as one row */
		if (sqlite3_column_bytes(st, 9) == KP_AUDIT_HASH_BYTES)
			memcpy(prev, stored, KP_AUDIT_HASH_BYTES);
		res->last_id = id;
		expect_id = id + 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "cannot read the audit log: %s", sqlite3_errmsg(h));
		return -1;
	}
	sodium_bin2hex(res->last_hash, sizeof res->last_hash, prev, KP_AUDIT_HASH_BYTES);
	return 0;
}
