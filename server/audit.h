/*
 * audit.h - the append-only, tamper-evident audit log.
 *
 * Every create, update and delete, every login (and failed login), and
 * every read of a family's personal data adds one row, inside the same
 * write transaction as the change it records. Each row carries
 *   hash = BLAKE2b-256(previous row's hash || this row's fields)
 * (32 zero bytes before the first row), so editing or deleting a row breaks
 * the chain from that row on; kp_audit_verify finds the first broken row.
 * Triggers refuse UPDATE and DELETE on the table. Removing rows at the end
 * cannot be seen from the database alone: the server logs the chain head
 * (last id and hash) when it starts and stops, for comparison.
 *
 * Details never hold personal data: ids, field names, counts.
 */
#ifndef KOPPEL_AUDIT_H
#define KOPPEL_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

struct kp_conn;

#define KP_AUDIT_HASH_BYTES 32

struct kp_audit_entry {
	int64_t gebruiker_id;       /* 0: nobody logged in (failed login, command line) */
	const char *gebruikersnaam; /* as typed or known; may be NULL */
	const char *actie;          /* aanmaken, wijzigen, verwijderen, lezen, inloggen, ... */
	const char *object_soort;   /* gebruiker, werkgebied, sessie, api-token, gezin, ... */
	const char *object_id;      /* may be NULL */
	const char *client;         /* client address, or "cli" */
	const char *details;        /* JSON text without personal data, or NULL */
	const char *tijd;           /* when it happened (kp_audit_now); NULL: now */
};

/*
 * Appends e. Must be called on the writer inside a write transaction.
 * Returns SQLITE_OK or an SQLite error code.
 */
int kp_audit_append(struct kp_conn *w, const struct kp_audit_entry *e);

/* Appends the n entries e[0..n-1] in that order, like n calls of kp_audit_append. */
int kp_audit_append_all(struct kp_conn *w, const struct kp_audit_entry *const *e, size_t n);

/* The chain hash of one row (pure; used by append and verify). */
void kp_audit_hash(const unsigned char prev[KP_AUDIT_HASH_BYTES], int64_t id, const char *tijd, int64_t gebruiker_id,
		   const char *gebruikersnaam, const char *actie, const char *object_soort, const char *object_id,
		   const char *client, const char *details, unsigned char out[KP_AUDIT_HASH_BYTES]);

struct kp_audit_verify_result {
	int64_t rows;       /* rows checked */
	int64_t first_bad;  /* id of the first row whose hash does not match, 0 if none */
	int64_t last_id;    /* chain head */
	char last_hash[2 * KP_AUDIT_HASH_BYTES + 1];
};

/*
 * Recomputes the chain over the whole table (read-only). Returns 0 with
 * *res filled (res->first_bad == 0 means intact), or -1 with err set.
 */
int kp_audit_verify(sqlite3 *h, struct kp_audit_verify_result *res, char *err, size_t errlen);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ" (24 bytes + NUL). */
void kp_audit_now(char out[32]);

#endif
