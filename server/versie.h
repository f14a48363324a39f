/*
 * versie.h - record versions as ETags and the If-Match precondition.
 *
 * Every editable record has an integer `versie` that each change raises by
 * one; it is sent as the strong ETag "\"<versie>\"". A parsed If-Match
 * (RFC 9110 13.1.1) is a plain struct so that domain modules without HTTP
 * (gezinnen.c, koppelingen.c) check it in the same transaction as the write:
 * "*" matches any current version, a list matches when one of its strong
 * tags is the current version, and weak tags never match.
 */
#ifndef KP_VERSIE_H
#define KP_VERSIE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define KP_IF_MATCH_MAX 8

struct kp_if_match {
	bool any;			   /* If-Match: * */
	unsigned n;			   /* strong tags of ours in versies[] */
	int64_t versies[KP_IF_MATCH_MAX];
};

/* An If-Match that matches exactly version v (for internal callers). */
static inline struct kp_if_match kp_if_match_versie(int64_t v)
{
	struct kp_if_match m = { .any = false, .n = 1, .versies = { v } };
	return m;
}

/* True when the If-Match in m matches version current. */
static inline bool kp_if_match_ok(const struct kp_if_match *m, int64_t current)
{
	if (m->any)
		return true;
	for (unsigned i = 0; i < m->n; i++)
		if (m->versies[i] == current)
			return true;
	return false;
}

/*
 * Writes the versions m accepts as a JSON array into buf, for statements of
 * the form "... AND (?N IS NULL OR versie IN (SELECT value FROM json_each(?N)))".
 * Returns NULL for "*" (any version), else buf.
 */
static inline const char *kp_if_match_json(const struct kp_if_match *m, char *buf, size_t len)
{
	if (m->any)
		return NULL;
	size_t used = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < m->n; i++) {
		int k = snprintf(buf + used, len - used, "%s%lld", i ? "," : "[", (long long)m->versies[i]);
		if (k < 0 || (size_t)k >= len - used)
			break;
		used += (size_t)k;
	}
	if (used + 2 <= len) {
		buf[used] = ']';
		buf[used + 1] = '\0';
	} else {
		snprintf(buf, len, "[]");
	}
	return buf;
}

/* Room for kp_if_match_json: KP_IF_MATCH_MAX numbers of up to 20 digits. */
#define KP_IF_MATCH_JSON_LEN (KP_IF_MATCH_MAX * 22 + 4)

#endif
