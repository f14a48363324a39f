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
