/*
 * gezinnen_lijst.h - pieces the gezinnen list (gezinnen_lijst.c) and the
 * koppelingen list (api_koppelingen.c) share: an SQL text built from the
 * filters present, the sorteer parameter, the opaque page cursor and the
 * search condition on the gezinnen_zoek index.
 */
#ifndef KOPPEL_GEZINNEN_LIJST_H
#define KOPPEL_GEZINNEN_LIJST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growing SQL text; fout is set (and the text left short) when out of memory. */
struct kp_sql {
	char *s;
	size_t n, cap;
	bool fout;
};

/* Appends text to q. */
void kp_sql_add(struct kp_sql *q, const char *text);
/* Frees q's text. */
void kp_sql_free(struct kp_sql *q);

/*
 * The sorteer parameter: one of the names in keys (NULL-terminated),
 * optionally with a leading '-' for descending. s NULL gives keys[0]
 * ascending. Sets *key (index into keys) and *desc; false when s names no
 * key.
 */
bool kp_sorteer_parse(const char *s, const char *const *keys, int *key, bool *desc);

/* The largest cursor value, in bytes (text; a BLOB is carried as hex). */
#define KP_CURSOR_WAARDE_MAX 4000

/*
 * The page cursor: the order it belongs to (the sorteer text), the sort
 * value of the last row the caller saw and its id, base64url-encoded. It is
 * opaque to clients; a cursor is only used for the order it was made for.
 */
struct kp_cursor {
	int64_t id;
	char waarde[KP_CURSOR_WAARDE_MAX + 1];
};

/* Encodes a cursor; malloc'ed, NULL when out of memory or too long. */
char *kp_cursor_encode(const char *sorteer, int64_t id, const char *waarde);
/* Decodes s, made by kp_cursor_encode for the order sorteer; false for anything else. */
bool kp_cursor_decode(const char *s, const char *sorteer, struct kp_cursor *c);

/*
 * The search of query zoek (2 to 100 characters) on the gezinnen_zoek
 * index: sets *pattern (malloc'ed) to an FTS5 phrase (*fts true) or, for a
 * folded text shorter than three characters, a LIKE pattern with escape
 * '\' (*fts false). Returns false when out of memory or ICU fails.
 * The condition for a gezin id expression e is then
 * "e IN (SELECT rowid FROM gezinnen_zoek WHERE gezinnen_zoek MATCH :p)" or
 * "... WHERE tekst LIKE :p ESCAPE '\'".
 */
bool kp_zoek_patroon(const char *zoek, char **pattern, bool *fts);

#endif
