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

/*
 * Decodes the UTF-8 character at s (n > 0 bytes available) as RFC 3629
 * defines it: no overlong forms, no surrogates, nothing above U+10FFFF.
 * Returns its length in bytes (1-4) with *cp set, or 0 when the bytes are
 * not a well-formed character (or n cuts it short).
 */
size_t kp_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* The length of the longest prefix of s[0..n) that is well-formed UTF-8. */
size_t kp_utf8_valid_prefix(const char *s, size_t n);

/*
 * Cuts the NUL-terminated s in place where its well-formed UTF-8 ends (at
 * the first ill-formed byte, or before a character cut short), so it can go
 * into a JSON string.
 */
void kp_utf8_cut(char *s);

/* What kp_percent_decode found. */
enum kp_pct {
	KP_PCT_OK,
	KP_PCT_BAD_ESCAPE, /* '%' not followed by two hex digits */
	KP_PCT_CONTROL,    /* a NUL or another control character (U+0000-U+001F, U+007F) */
	KP_PCT_BAD_UTF8,   /* the decoded bytes are not well-formed UTF-8 */
	KP_PCT_SLASH,      /* an encoded '/' (%2F) where path_segment forbids it */
};

/*
 * Percent-decodes in[0..n) into out, which has room for n + 1 bytes (the
 * result is never longer), NUL-terminated, length in *out_len. The result
 * must be well-formed UTF-8 without control characters; path_segment
 * forbids an encoded '/', which must never turn into a path separator
 * after routing. '+' is left as it is (libmicrohttpd turns it into a space
 * in query strings before this runs). Returns KP_PCT_OK or what was wrong.
 */
enum kp_pct kp_percent_decode(const char *in, size_t n, char *out, size_t *out_len, bool path_segment);

#endif
