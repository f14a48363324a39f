/*
 * password.c - see password.h.
 */
#include "password.h"

#include <ctype.h>
#include <strings.h>
#include <stdbool.h>
#include <string.h>

#include "embedded.h"
#include "json_spec.h"

/* A hash of random bytes nobody knows, with the current parameters (sized as libsodium expects). */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
	"$argon2id$v=19$m=65536,t=2,p=1$xgSOmsL6/SgUqOPSPJOIMg$KwL6YUr6MNzCQIv7BTsqDGopQmBpw0EcPf9enxq5sUY";

/* ASCII case-insensitive substring test. */
static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return false;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* True when password (compared case-insensitively) is in the common list. */
static bool is_common(const char *password)
{
	size_t plen = strlen(password);
	const char *line = (const char *)kp_common_passwords;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len == plen && strncasecmp(line, password, len) == 0)
			return true;
		line += len + (end ? 1 : 0);
	}
	return false;
}

const char *kp_password_policy(const char *username, const char *password)
{
	if (strlen(password) > KP_PASSWORD_MAX_BYTES)
		return "Het wachtwoord is te lang.";
	if (kp_utf8_length(password) < KP_PASSWORD_MIN_CHARS)
		return "Het wachtwoord moet minstens 12 tekens lang zijn.";
	if (username && strlen(username) >= 3 && contains_nocase(password, username))
		return "Het wachtwoord mag de gebruikersnaam niet bevatten.";
	if (is_common(password))
		return "Dit wachtwoord is te bekend; kies een ander.";
	return NULL;
}

int kp_password_hash(const char *password, char out[KP_PASSWORD_HASH_MAX])
{
	return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

enum kp_password_result kp_password_verify(const char *hash, const char *password)
{
	if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0)
		return KP_PASSWORD_WRONG;
	if (crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
					   crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return KP_PASSWORD_OK_REHASH;
	return KP_PASSWORD_OK;
}

void kp_password_verify_dummy(const char *password)
{
	if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
		return; /* cannot happen: nobody knows the password behind dummy_hash */
}
