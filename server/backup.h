/*
 * backup.h - encrypted backups and restoring a backup in place of the
 * database (koppel backup --encrypt/--decrypt/--genkey, koppel restore).
 * The plain backup itself is kp_db_backup (db.h).
 *
 * Encrypted backup files: the 8 bytes "KPBACKUP", one format byte (1),
 * the 24-byte header of libsodium's crypto_secretstream_xchacha20poly1305,
 * then the SQLite file in chunks of 64 KiB, each encrypted and
 * authenticated (17 bytes more each), the last one tagged FINAL; the first
 * 9 bytes are the additional data of every chunk. A changed, reordered,
 * truncated or extended file is refused as a whole.
 *
 * Key files hold 32 bytes: raw, or as 64 hexadecimal characters with an
 * optional newline (kp_backup_genkey writes that form).
 */
#ifndef KOPPEL_BACKUP_H
#define KOPPEL_BACKUP_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writes a new random key to keyfile (mode 0600; refuses an existing file).
 * Returns 0, or -1 with a message in err.
 */
int kp_backup_genkey(const char *keyfile, char *err, size_t errlen);

/*
 * Writes a consistent copy of the database at db_path, encrypted with the
 * key in keyfile, to dest: under a temporary name beside dest, synced,
 * then given the name dest (which must not exist) and the directory synced.
 * Safe while a server runs. Returns 0, or -1 with a message in err.
 */
int kp_backup_encrypted(const char *db_path, const char *keyfile, const char *dest, char *err, size_t errlen);

/*
 * Decrypts in (from kp_backup_encrypted) with the key in keyfile into out,
 * written the same way (out must not exist). Nothing is left under out
 * unless the whole file decrypted and authenticated. Returns 0, or -1 with
 * a message in err.
 */
int kp_backup_decrypt(const char *keyfile, const char *in, const char *out, char *err, size_t errlen);

/*
 * Puts the backup file in place of the database at db_path. Refuses while
 * a server holds the database (kp_db_lock, also held during the restore so
 * none can start). Copies file beside the database, syncs it, and verifies
 * the copy: PRAGMA integrity_check, a Koppel schema not newer than this
 * binary, and the audit log's hash chain. Then keeps the previous database
 * as DB.voor-herstel-YYYYMMDD-HHMMSS (a hard link, so the database path never
 * goes missing), moves its stale -wal and -journal along with it, removes
 * the -shm, and renames the copy to db_path. Each step is printed to out.
 * Returns 0, or -1 with a message in err (the database is then unchanged).
 */
int kp_restore(const char *db_path, const char *file, FILE *out, char *err, size_t errlen);

#endif
