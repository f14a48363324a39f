/*
 * util.c - see util.h.
 */
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

int64_t kp_now(void)
{
	return (int64_t)time(NULL);
}

void kp_today(char out[16])
{
	/* Dates the coordinator sees are calendar days where the programme
	 * works, so "today" follows the server's local time zone (TZ), not UTC:
	 * between midnight and 01:00/02:00 in the Netherlands UTC is still
	 * yesterday. */
	time_t tt = (time_t)kp_now();
	struct tm tm;
	if (!localtime_r(&tt, &tm))
		gmtime_r(&tt, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

void kp_format_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool kp_parse_id(const char *s, int64_t *out)
{
	if (!s || *s < '1' || *s > '9')
		return false;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - (*s - '0')) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return true;
}

int kp_random_token(const char *prefix, size_t bytes, char *out, size_t outlen)
{
	unsigned char raw[64];
	size_t plen = strlen(prefix);
	size_t need = plen + sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if (bytes > sizeof raw || need > outlen)
		return -1;
	randombytes_buf(raw, bytes);
	memcpy(out, prefix, plen);
	sodium_bin2base64(out + plen, outlen - plen, raw, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return 0;
}

void kp_ascii_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

bool kp_parse_date(const char *s, int *year, int *month, int *day)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int v[3] = { 0, 0, 0 };
	const int start[3] = { 0, 5, 8 }, len[3] = { 4, 2, 2 };
	for (int f = 0; f < 3; f++)
		for (int i = 0; i < len[f]; i++) {
			char c = s[start[f] + i];
			if (c < '0' || c > '9')
				return false;
			v[f] = v[f] * 10 + (c - '0');
		}
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
	if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > days[v[1] - 1] + (v[1] == 2 && leap))
		return false;
	*year = v[0];
	*month = v[1];
	*day = v[2];
	return true;
}

size_t kp_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		len = 2;
		v = u[0] & 0x1Fu;
		min = 0x80;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		len = 3;
		v = u[0] & 0x0Fu;
		min = 0x800;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		len = 4;
		v = u[0] & 0x07u;
		min = 0x10000;
	} else {
		return 0; /* a continuation byte, C0/C1 (overlong) or F5-FF */
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (u[i] & 0x3Fu);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

size_t kp_utf8_valid_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = kp_utf8_decode(s + i, n - i, &cp);
		if (len == 0)
			break;
		i += len;
	}
	return i;
}

void kp_utf8_cut(char *s)
{
	s[kp_utf8_valid_prefix(s, strlen(s))] = '\0';
}

/* The value of hex digit c, or -1. */
static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum kp_pct kp_percent_decode(const char *in, size_t n, char *out, size_t *out_len, bool path_segment)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == '%') {
			if (n - i < 3)
				return KP_PCT_BAD_ESCAPE;
			int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
			if (hi < 0 || lo < 0)
				return KP_PCT_BAD_ESCAPE;
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
			if (c == '/' && path_segment)
				return KP_PCT_SLASH;
		}
		if (c < 0x20 || c == 0x7F)
			return KP_PCT_CONTROL;
		out[k++] = (char)c;
	}
	out[k] = '\0';
	*out_len = k;
	return kp_utf8_valid_prefix(out, k) == k ? KP_PCT_OK : KP_PCT_BAD_UTF8;
}
