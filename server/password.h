/*
 * password.h - the password policy and argon2id password hashes.
 *
 * Policy: at least 12 characters (at most 256), not containing the user
 * name, and not in the list of common passwords compiled into the binary
 * (server/common-passwords.txt). Hashes are libsodium's crypto_pwhash_str
 * strings ("$argon2id$...") with the INTERACTIVE limits: about 80 ms and
 * 64 MiB each, which is why the HTTP layer runs them on the slow pool
 * (slowpool.h), never on an HTTP thread.
 */
#ifndef KOPPEL_PASSWORD_H
#define KOPPEL_PASSWORD_H

#include <sodium.h>

#define KP_PASSWORD_MIN_CHARS 12
#define KP_PASSWORD_MAX_BYTES 1024
#define KP_PASSWORD_HASH_MAX crypto_pwhash_STRBYTES

/* NULL when password is acceptable for username, else the Dutch reason. */
const char *kp_password_policy(const char *username, const char *password);

/* Hashes password into out (KP_PASSWORD_HASH_MAX bytes). Returns 0, or -1 (out of memory). */
int kp_password_hash(const char *password, char out[KP_PASSWORD_HASH_MAX]);

enum kp_password_result {
	KP_PASSWORD_WRONG,
	KP_PASSWORD_OK,
	KP_PASSWORD_OK_REHASH, /* correct, but the hash uses old parameters: store a new one */
};

/* Checks password against a stored hash (constant work whatever the outcome). */
enum kp_password_result kp_password_verify(const char *hash, const char *password);

/*
 * Does the work of one verification against a hash of no real password, so
 * a login for an unknown user takes as long as one for a known user.
 */
void kp_password_verify_dummy(const char *password);

#endif
