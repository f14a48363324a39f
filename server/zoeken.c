/*
 * zoeken.c - see zoeken.h. One ICU transliterator and one collator for the
 * process, each behind its own mutex (opened on first use).
 */
#include "zoeken.h"

#include <pthread.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>
#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "db.h"

/* for what NFD, mark removal and lower case leave outside ASCII */
#define VOUW_REGELS "Any-Latin; Latin-ASCII; Lower"
/* Longest member text that goes into the search row, in bytes (names, e-mail). */
#define ZOEK_TEKST_MAX 16384

static pthread_mutex_t vouw_lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *vouw_trans;
static pthread_mutex_t sorteer_lock = PTHREAD_MUTEX_INITIALIZER;
static UCollator *sorteer_coll;

/* n as a string literal, for SQL text */
#define TEKST_(n) #n
#define TEKST(n) TEKST_(n)

/* Longest folded text, in UTF-16 units: the bound for growing buffers when ICU asks for more room. */
#define VOUW_MAX (64 * ZOEK_TEKST_MAX)

/*
 * s as a malloc'ed UTF-16 string of *n units; a byte sequence that is not
 * valid UTF-8 becomes U+FFFD (rows written by plain SQL). NULL when out of
 * memory.
 */
static UChar *to_utf16(const char *s, int32_t *n)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t len = 0;
	u_strFromUTF8WithSub(NULL, 0, &len, s, -1, 0xFFFD, NULL, &e);
	if (e != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(e))
		return NULL;
	int32_t cap = len + 1;
	UChar *u = malloc((size_t)cap * sizeof *u);
	if (!u)
		return NULL;
	e = U_ZERO_ERROR;
	u_strFromUTF8WithSub(u, cap, &len, s, -1, 0xFFFD, NULL, &e);
	if (U_FAILURE(e)) {
		free(u);
		return NULL;
	}
	*n = len;
	return u;
}

/* u (n units) as a malloc'ed UTF-8 string; NULL on error. */
static char *to_utf8(const UChar *u, int32_t n)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t len = 0;
	u_strToUTF8(NULL, 0, &len, u, n, &e);
	if (e != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(e))
		return NULL;
	char *out = malloc((size_t)len + 1);
	if (!out)
		return NULL;
	e = U_ZERO_ERROR;
	u_strToUTF8(out, len + 1, &len, u, n, &e);
	if (U_FAILURE(e)) {
		free(out);
		return NULL;
	}
	return out;
}

/* True when s holds only ASCII. */
static bool ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/*
 * u (n units) in NFD with combining marks removed and lower case (root
 * locale), malloc'ed, *dn units; *rest tells whether anything outside ASCII
 * is left. NULL when out of memory or ICU fails.
 */
static UChar *fold_marks(const UChar *u, int32_t n, int32_t *dn, bool *rest)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&e);
	if (U_FAILURE(e))
		return NULL;
	/* the first try with room for most text; on overflow ICU gives the length needed */
	int32_t cap = 2 * n + 16, len = 0;
	UChar *d = NULL;
	for (int tries = 0; tries < 2; tries++) {
		d = malloc((size_t)cap * sizeof *d);
		if (!d)
			return NULL;
		e = U_ZERO_ERROR;
		len = unorm2_normalize(nfd, u, n, d, cap, &e);
		if (U_SUCCESS(e))
			break;
		free(d);
		d = NULL;
		if (e != U_BUFFER_OVERFLOW_ERROR || len >= VOUW_MAX)
			return NULL;
		cap = len + 1;
	}
	if (!d)
		return NULL;
	/* every code point stays one code point of the same UTF-16 length or shorter (u_tolower is 1:1) */
	int32_t k = 0;
	*rest = false;
	for (int32_t i = 0; i < len;) {
		UChar32 c;
		U16_NEXT(d, i, len, c);
		if (u_charType(c) == U_NON_SPACING_MARK)
			continue;
		c = u_tolower(c);
		*rest |= c >= 0x80;
		if (c >= 0x10000 && k + 2 <= i) {
			d[k++] = U16_LEAD(c);
			d[k++] = U16_TRAIL(c);
		} else if (c < 0x10000) {
			d[k++] = (UChar)c;
		}
	}
	*dn = k;
	return d;
}

/*
 * u (n units) through the transliterator, malloc'ed, *tn units: retried
 * once with the room ICU says it needs (up to VOUW_MAX). NULL when out of
 * memory or ICU fails.
 */
static UChar *translit(const UChar *u, int32_t n, int32_t *tn)
{
	int32_t cap = 4 * n + 16;
	for (int tries = 0; tries < 2; tries++) {
		UChar *t = malloc((size_t)cap * sizeof *t);
		if (!t)
			return NULL;
		memcpy(t, u, (size_t)n * sizeof *t);
		int32_t len = n, limit = n;
		UErrorCode e = U_ZERO_ERROR;
		pthread_mutex_lock(&vouw_lock);
		if (!vouw_trans) {
			UChar id[64];
			u_uastrcpy(id, VOUW_REGELS);
			vouw_trans = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
		}
		if (U_SUCCESS(e))
			utrans_transUChars(vouw_trans, t, &len, cap, 0, &limit, &e);
		pthread_mutex_unlock(&vouw_lock);
		if (U_SUCCESS(e)) {
			*tn = limit;
			return t;
		}
		free(t);
		/* on overflow len is the length the result needs */
		if (e != U_BUFFER_OVERFLOW_ERROR || len < cap || len >= VOUW_MAX)
			return NULL;
		cap = len + 1;
	}
	return NULL;
}

/* s with ASCII letters in lower case, malloc'ed; NULL when out of memory. */
static char *ascii_lower(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i <= n; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	return out;
}

char *kp_zoek_vouw(const char *s)
{
	if (ascii(s)) /* the common case, without ICU: lower case is all there is to do */
		return ascii_lower(s);
	int32_t n = 0, dn = 0, tn = 0;
	UChar *u = to_utf16(s, &n);
	bool rest = false;
	UChar *d = u ? fold_marks(u, n, &dn, &rest) : NULL;
	free(u);
	if (!d) /* ICU failed (or memory ran out, then this fails too): the text as it is, ASCII in lower case */
		return ascii_lower(s);
	/* what the transliterator cannot fold stays as it is, lower case without marks: the text is still indexed
	 * and a query folds the same way, so it is still found */
	UChar *t = rest ? translit(d, dn, &tn) : NULL;
	char *out = t ? to_utf8(t, tn) : to_utf8(d, dn);
	free(t);
	free(d);
	return out;
}

char *kp_zoek_telefoon(const char *s)
{
	size_t digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" +-.()/", *p))
			return NULL;
	}
	if (digits < 3)
		return NULL;
	const char *p = s;
	while (*p == ' ')
		p++;
	bool intl = *p == '+';
	char *out = malloc(digits + 2);
	if (!out)
		return NULL;
	size_t k = 0;
	for (; *p; p++)
		if (*p >= '0' && *p <= '9')
			out[k++] = *p;
	out[k] = '\0';
	/* +31 6... and 0031 6... are 06...; +316 typed without the space, too */
	size_t skip = intl && strncmp(out, "31", 2) == 0 ? 2 : !intl && strncmp(out, "0031", 4) == 0 ? 4 : 0;
	if (skip) {
		out[0] = '0';
		memmove(out + 1, out + skip, k - skip + 1);
		/* "+31 (0)6": the trunk zero written after the country code */
		if (out[1] == '0')
			memmove(out + 1, out + 2, strlen(out + 2) + 1);
	}
	return out;
}

char *kp_zoek_vraag(const char *q)
{
	char *tel = kp_zoek_telefoon(q);
	if (tel)
		return tel;
	char *f = kp_zoek_vouw(q);
	if (!f)
		return NULL;
	size_t a = strspn(f, " "), n = strlen(f + a);
	while (n > 0 && f[a + n - 1] == ' ')
		n--;
	memmove(f, f + a, n);
	f[n] = '\0';
	return f;
}

/* Words written before a Dutch surname that lists sort after it. */
static const char *const tussenvoegsels[] = { "van", "de",  "der", "den", "het", "'t", "ter", "ten", "te",
					      "in",  "op",  "aan", "bij", "uit", "la",  "le", "du",  "d'" };

/* Length of the tussenvoegsel s starts with (followed by a space), or 0. */
static size_t tussenvoegsel(const char *s)
{
	for (size_t i = 0; i < sizeof tussenvoegsels / sizeof *tussenvoegsels; i++) {
		size_t n = strlen(tussenvoegsels[i]);
		if (strncasecmp(s, tussenvoegsels[i], n) == 0 && s[n] == ' ')
			return n;
	}
	return 0;
}

/*
 * The sort form of naam, malloc'ed: without a leading "Gezin " or
 * "Familie ", leading tussenvoegsels moved behind the rest ("Gezin van der
 * Berg" -> "Berg van der"). NULL when out of memory.
 */
static char *sort_form(const char *naam)
{
	const char *p = naam;
	while (*p == ' ')
		p++;
	if (strncasecmp(p, "Gezin ", 6) == 0)
		p += 6;
	else if (strncasecmp(p, "Familie ", 8) == 0)
		p += 8;
	while (*p == ' ')
		p++;
	const char *rest = p;
	size_t n;
	while ((n = tussenvoegsel(rest)) > 0 && rest[n + 1] != '\0' && rest[n + 1] != ' ')
		rest += n + 1;
	size_t voor = (size_t)(rest - p), len = strlen(rest);
	char *out = malloc(len + voor + 2);
	if (!out)
		return NULL;
	memcpy(out, rest, len);
	if (voor > 0) {
		out[len] = ' ';
		memcpy(out + len + 1, p, voor - 1); /* without the space that ended the last one */
		len += voor;
	}
	out[len] = '\0';
	return out;
}

int kp_zoek_sorteersleutel(const char *naam, uint8_t **key, size_t *len)
{
	char *vorm = sort_form(naam);
	int32_t n = 0;
	UChar *u = vorm ? to_utf16(vorm, &n) : NULL;
	free(vorm);
	if (!u)
		return -1;
	UErrorCode e = U_ZERO_ERROR;
	int32_t need = 0;
	uint8_t *buf = NULL;
	pthread_mutex_lock(&sorteer_lock);
	if (!sorteer_coll)
		sorteer_coll = ucol_open("nl", &e);
	if (U_SUCCESS(e)) {
		need = ucol_getSortKey(sorteer_coll, u, n, NULL, 0);
		/* cut at KP_ZOEK_SLEUTEL_MAX: a prefix of a key sorts as the whole key does against every key it is
		 * not a prefix of, and names whose keys agree that far tie (the lists break ties by id) */
		if (need > KP_ZOEK_SLEUTEL_MAX)
			need = KP_ZOEK_SLEUTEL_MAX;
		buf = need > 0 ? malloc((size_t)need) : NULL;
		if (buf)
			ucol_getSortKey(sorteer_coll, u, n, buf, need);
	}
	pthread_mutex_unlock(&sorteer_lock);
	free(u);
	if (!buf)
		return -1;
	*key = buf;
	*len = (size_t)need;
	return 0;
}

/* Appends s and a space to buf (cap bytes, *k used) while it fits. */
static void add(char *buf, size_t cap, size_t *k, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || *k + n + 2 > cap)
		return;
	memcpy(buf + *k, s, n);
	*k += n;
	buf[(*k)++] = ' ';
	buf[*k] = '\0';
}

/* Column col of st as text, or NULL. */
static const char *col(sqlite3_stmt *st, int c)
{
	return (const char *)sqlite3_column_text(st, c);
}

/* kp_zoek_gezin_bijwerken; without the DELETE of the old search row when nieuw (the index was emptied). */
static int bijwerken(struct kp_conn *w, int64_t id, bool nieuw)
{
	char *tekst = malloc(ZOEK_TEKST_MAX);
	if (!tekst)
		return SQLITE_NOMEM;
	size_t k = 0;
	tekst[0] = '\0';
	char *naam = NULL;
	int rc = SQLITE_OK;
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT naam, plaats, postcode, replace(postcode, ' ', '') FROM gezinnen WHERE id = ?1");
	if (!st)
		rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			naam = strdup(col(st, 0));
			for (int c = 0; c < 4; c++)
				add(tekst, ZOEK_TEKST_MAX, &k, col(st, c));
			rc = naam ? SQLITE_OK : SQLITE_NOMEM;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_NOTFOUND;
		}
		sqlite3_reset(st);
	}
	st = rc == SQLITE_OK ? kp_conn_stmt(w, "SELECT voornaam, achternaam, email, telefoon FROM leden WHERE gezin_id = ?1 "
					      "ORDER BY volgorde, id")
			     : NULL;
	if (rc == SQLITE_OK && !st)
		rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (int c = 0; c < 3; c++)
				add(tekst, ZOEK_TEKST_MAX, &k, col(st, c));
			char *tel = col(st, 3) ? kp_zoek_telefoon(col(st, 3)) : NULL;
			add(tekst, ZOEK_TEKST_MAX, &k, tel);
			free(tel);
		}
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_reset(st);
	}
	char *vouw = rc == SQLITE_OK ? kp_zoek_vouw(tekst) : NULL;
	uint8_t *key = NULL;
	size_t keylen = 0;
	if (rc == SQLITE_OK && (!vouw || kp_zoek_sorteersleutel(naam, &key, &keylen) != 0))
		rc = SQLITE_NOMEM;
	free(tekst);
	free(naam);
	if (rc == SQLITE_OK && !nieuw) {
		st = kp_conn_stmt(w, "DELETE FROM gezinnen_zoek WHERE rowid = ?1");
		rc = st ? SQLITE_OK : SQLITE_ERROR;
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(kp_conn_handle(w));
			sqlite3_reset(st);
		}
	}
	if (rc == SQLITE_OK) {
		st = kp_conn_stmt(w, "INSERT INTO gezinnen_zoek(rowid, tekst) VALUES (?1, ?2)");
		rc = st ? SQLITE_OK : SQLITE_ERROR;
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, vouw, -1, SQLITE_STATIC);
			rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(kp_conn_handle(w));
			sqlite3_reset(st);
		}
	}
	if (rc == SQLITE_OK) {
		st = kp_conn_stmt(w, "UPDATE gezinnen SET sorteersleutel = ?2 WHERE id = ?1");
		rc = st ? SQLITE_OK : SQLITE_ERROR;
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_blob(st, 2, key, (int)keylen, SQLITE_STATIC);
			rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(kp_conn_handle(w));
			sqlite3_reset(st);
		}
	}
	free(vouw);
	free(key);
	return rc;
}

int kp_zoek_gezin_bijwerken(struct kp_conn *w, int64_t id)
{
	return bijwerken(w, id, false);
}

/* Above this many gezinnen to fill, the search index is emptied and rebuilt whole (faster than row by row). */
#define HEEL_OPNIEUW 1000

int kp_zoek_bijwerken_waar_nodig(struct kp_db *db, int64_t *n)
{
	struct kp_conn *w = kp_db_write_begin(db);
	if (!w)
		return -1;
#define NODIG "sorteersleutel IS NULL OR length(sorteersleutel) > " TEKST(KP_ZOEK_SLEUTEL_MAX)
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT count(*) FROM gezinnen WHERE " NODIG);
	int rc = st && sqlite3_step(st) == SQLITE_ROW ? SQLITE_OK : SQLITE_ERROR;
	bool heel = rc == SQLITE_OK && sqlite3_column_int64(st, 0) > HEEL_OPNIEUW;
	if (st)
		sqlite3_reset(st);
	/* every row again, into an empty index, with a page cache large enough that the writer does not spill
	 * pages to the WAL and read them back (the usual size is set again below) */
	int64_t cache = 0;
	if (heel) {
		st = kp_conn_stmt(w, "PRAGMA cache_size");
		rc = st && sqlite3_step(st) == SQLITE_ROW ? SQLITE_OK : SQLITE_ERROR;
		cache = st ? sqlite3_column_int64(st, 0) : 0;
		if (st)
			sqlite3_reset(st);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(kp_conn_handle(w), "PRAGMA cache_size = -65536; DELETE FROM gezinnen_zoek", NULL, NULL,
					  NULL);
	}
	/* the ids first: the updates change the rows the query walks */
	st = rc == SQLITE_OK ? kp_conn_stmt(w, heel ? "SELECT json_group_array(id) FROM gezinnen"
						     : "SELECT json_group_array(id) FROM gezinnen WHERE " NODIG)
			     : NULL;
	if (rc == SQLITE_OK && (!st || sqlite3_step(st) != SQLITE_ROW))
		rc = SQLITE_ERROR;
	char *ids = rc == SQLITE_OK ? strdup(col(st, 0)) : NULL;
	if (st)
		sqlite3_reset(st);
	if (rc == SQLITE_OK && !ids)
		rc = SQLITE_NOMEM;
	int64_t count = 0;
	st = rc == SQLITE_OK ? kp_conn_stmt(w, "SELECT value FROM json_each(?1)") : NULL;
	if (rc == SQLITE_OK && !st)
		rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_text(st, 1, ids, -1, SQLITE_STATIC);
		int step;
		while (rc == SQLITE_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
			rc = bijwerken(w, sqlite3_column_int64(st, 0), heel);
			count++;
		}
		if (rc == SQLITE_OK && step != SQLITE_DONE)
			rc = SQLITE_ERROR;
		sqlite3_reset(st);
	}
	free(ids);
#undef NODIG
	if (heel) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)cache);
		int rc2 = sqlite3_exec(kp_conn_handle(w), sql, NULL, NULL, NULL);
		rc = rc == SQLITE_OK ? rc2 : rc;
	}
	if (rc != SQLITE_OK) {
		kp_db_write_rollback(db, w);
		return -1;
	}
	if (kp_db_write_commit(db, w) != SQLITE_OK)
		return -1;
	if (n)
		*n = count;
	return 0;
}
