/*
 * util.h - small helpers shared by several modules: time formatting,
 * strict parsing of ids from URLs and query strings, random tokens.
 */
#ifndef KOPPEL_UTIL_H
#define KOPPEL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Current time in unix seconds. */
int64_t kp_now(void);

/* Today's date as "YYYY-MM-DD" in the server's local time zone (TZ). */
void kp_today(char out[16]);

/* "YYYY-MM-DDTHH:MM:SSZ" for unix time t (UTC). */
void kp_format_time(int64_t t, char out[32]);

/* Parses a positive decimal id without sign, spaces or leading zeros; false otherwise. */
bool kp_parse_id(const char *s, int64_t *out);

/*
 * Writes prefix + base64url(bytes random bytes) into out (NUL-terminated).
 * Returns 0, or -1 when out is too small.
 */
int kp_random_token(const char *prefix, size_t bytes, char *out, size_t outlen);

/* Parses a calendar date "YYYY-MM-DD" (real dates only); false otherwise. */
bool kp_parse_date(const char *s, int *year, int *month, int *day);

/* Lowercases ASCII letters in place. */
void kp_ascii_lower(char *s);

#endif
