/*
 * api_rapportages.c - the report a funder signs off, and its vaststellingen.
 *
 *   GET  /api/v1/rapportages/periode                any period (jaar, halfjaar, kwartaal or
 *                                                   van-tot) over the caller's scope, filtered by
 *                                                   gemeente, werkgebied and programma, with
 *                                                   subtotals per gemeente ("gemeente onbekend"
 *                                                   included), the region total and the year's
 *                                                   targets. JSON or Dutch-Excel CSV.
 *   POST /api/v1/rapportages/vaststellingen         freezes a report: parameters, date,
 *                                                   canonical figures and their SHA-256.
 *   GET  /api/v1/rapportages/vaststellingen         the vaststellingen the caller may see.
 *   GET  /api/v1/rapportages/vaststellingen/{id}    one, regenerated now and compared.
 *
 * Every figure is attributed by the dated history, never by the current
 * state (README, "Period reports"): the gemeente and werkgebied a family
 * had on the day that counts (gezin_gemeenten), phase transitions for
 * starts and ends, role periods and status history for waiting times. So
 * a closed period regenerates to the same bytes after moves, role changes
 * and corrections. One report reads one snapshot on a reader connection
 * and is audited through the group commit; the writer is taken only to
 * store a vaststelling. The SQL lives here, the arithmetic and disclosure
 * control in rapportage.c.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "api.h"
#include "api_effecten.h"
#include "api_rapportages.h"
#include "auth.h"
#include "datum.h"
#include "db.h"
#include "fasen.h"
#include "http.h"
#include "json_spec.h"
#include "overzichten.h"
#include "rapport.h"
#include "gebruikers.h"
#include "rapportage.h"
#include "scope.h"
#include "server.h"
#include "util.h"

/* --- the selection ------------------------------------------------------------- */

enum gem_filter { GEM_ALLE = 0, GEM_NAAM = 1, GEM_ONBEKEND = 2 };

/* Room for a name of up to KP_NAAM_MAX characters in UTF-8, so that a copy never cuts a character. */
#define NAAM_BYTES (4 * KP_NAAM_MAX + 1)

/* What one report covers, besides the caller's scope. */
struct selectie {
	struct kp_periode per;
	enum gem_filter gem;
	char gemeente[NAAM_BYTES]; /* GEM_NAAM: the canonical spelling */
	int64_t werkgebied; /* 0: all */
	char werkgebied_naam[NAAM_BYTES];
	int64_t programma; /* 0: all */
	char programma_naam[NAAM_BYTES];
};

/* One group of the report: a gemeente (naam NULL: onbekend). */
struct gem_groep {
	char *naam;
	struct kp_groep g;
};

/*
 * The raw result of one run over the history. The groups are found by name
 * through an open-addressing hash (slots hold index + 1, 0 is empty), so
 * that attributing an item costs one hash probe whatever the number of
 * gemeenten; onbekend is the index + 1 of the group without a gemeente.
 */
struct resultaat {
	struct gem_groep *groepen;
	size_t n, cap;
	size_t *slots;
	size_t n_slots; /* a power of two, more than twice n; 0 before the first group */
	size_t onbekend;
	struct kp_groep totaal;
};

static void resultaat_free(struct resultaat *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->groepen[i].naam);
		kp_groep_free(&r->groepen[i].g);
	}
	free(r->groepen);
	free(r->slots);
	kp_groep_free(&r->totaal);
	memset(r, 0, sizeof *r);
}

/* FNV-1a of a NUL-terminated name. */
static uint64_t naam_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/*
 * Rebuilds the name index of r over its groups as they are now (after a
 * sort, or to grow it to n_slots slots, a power of two larger than 2 * n).
 * false when out of memory (the old index is kept).
 */
static bool resultaat_herindex(struct resultaat *r, size_t n_slots)
{
	size_t *slots = calloc(n_slots, sizeof *slots);
	if (!slots)
		return false;
	free(r->slots);
	r->slots = slots;
	r->n_slots = n_slots;
	r->onbekend = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (!r->groepen[i].naam) {
			r->onbekend = i + 1;
			continue;
		}
		size_t k = (size_t)naam_hash(r->groepen[i].naam) & (n_slots - 1);
		while (slots[k])
			k = (k + 1) & (n_slots - 1);
		slots[k] = i + 1;
	}
	return true;
}

/* The group for gemeente naam (NULL: onbekend), added when missing; NULL when out of memory. */
static struct kp_groep *groep_voor(struct resultaat *r, const char *naam)
{
	if (!naam) {
		if (r->onbekend)
			return &r->groepen[r->onbekend - 1].g;
	} else if (r->n_slots) {
		size_t k = (size_t)naam_hash(naam) & (r->n_slots - 1);
		for (; r->slots[k]; k = (k + 1) & (r->n_slots - 1))
			if (strcmp(r->groepen[r->slots[k] - 1].naam, naam) == 0)
				return &r->groepen[r->slots[k] - 1].g;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		struct gem_groep *ng = realloc(r->groepen, cap * sizeof *ng);
		if (!ng)
			return NULL;
		r->groepen = ng;
		r->cap = cap;
	}
	struct gem_groep *ng = &r->groepen[r->n];
	memset(ng, 0, sizeof *ng);
	if (naam && !(ng->naam = strdup(naam)))
		return NULL;
	r->n++;
	if (!naam) {
		r->onbekend = r->n;
		return &ng->g;
	}
	if (2 * r->n >= r->n_slots) {
		if (!resultaat_herindex(r, r->n_slots ? 2 * r->n_slots : 64)) {
			free(ng->naam);
			r->n--;
			return NULL;
		}
	} else {
		size_t k = (size_t)naam_hash(naam) & (r->n_slots - 1);
		while (r->slots[k])
			k = (k + 1) & (r->n_slots - 1);
		r->slots[k] = r->n;
	}
	return &ng->g;
}

/* Sorts groups by name, "gemeente onbekend" last. */
static int groep_cmp(const void *a, const void *b)
{
	const char *x = ((const struct gem_groep *)a)->naam, *y = ((const struct gem_groep *)b)->naam;
	if (!x || !y)
		return (x == NULL) - (y == NULL);
	return strcmp(x, y);
}

/* Sorts the groups of r (see groep_cmp) and rebuilds their index. false when out of memory. */
static bool resultaat_sorteer(struct resultaat *r)
{
	if (r->n > 1)
		qsort(r->groepen, r->n, sizeof *r->groepen, groep_cmp);
	return r->n_slots == 0 || resultaat_herindex(r, r->n_slots);
}

/* The index of a stop reason in kp_stopredenen; anything unknown counts as "anders". */
static size_t reden_index(const char *code)
{
	size_t anders = 0, i = 0;
	for (; i < KP_RAP_MAX_REDENEN && kp_stopredenen[i]; i++) {
		if (code && strcmp(code, kp_stopredenen[i]) == 0)
			return i;
		if (strcmp(kp_stopredenen[i], "anders") == 0)
			anders = i;
	}
	return anders;
}

static size_t n_redenen(void)
{
	size_t n = 0;
	while (n < KP_RAP_MAX_REDENEN && kp_stopredenen[n])
		n++;
	return n;
}

/*
 * The history queries. Each item is a row (gid: the gezin it is attributed
 * to, d: the day that counts, soort, a, b: numbers, t: text, sid: the
 * steungezin it carries). Most items are made in C from tables read once
 * (see "the tables read once per report" below); the queries here make the
 * families reached, the waiting times and the zorgsignalen. item_bron then
 * looks up where gid lived and which werkgebied held it on d (the row of
 * gezin_gemeenten covering d; before the first row, the first row; a gezin
 * without history: its current record) and keeps the items inside the
 * caller's scope and the filters.
 *
 * A koppeling and everything under it (its start, end, stop reason,
 * evaluations) carries its steungezin as sid: such an item counts only when
 * the steungezin's werkgebied on the same day d is in scope too (and, with
 * a werkgebied filter, is that werkgebied), the rule of scope.h applied by
 * the dated history on both sides. Day-based, not "visible now", so that a
 * closed period regenerates to the same figures after a later move, for
 * the beheerder and for a vaststelling's stored scope alike.
 */
/* the end date of koppeling k (its first transition to afronding or gestopt); an aggregate, so no sort per koppeling */
#define EINDE(k)                                                                                           \
	"coalesce((SELECT min(f.datum) FROM faseovergangen f WHERE f.koppeling_id = " k ".id AND +f.naar IN ('afronding', " \
	"'gestopt')), '9999-12-31')"
#define VERSLAG(e) "(CASE WHEN json_valid(" e ".verslag) THEN " e ".verslag ELSE '{}' END)"

#define ITEMS                                                                                                       \
	/* zorgsignalen in the logboek (with a programme: of families in one of its koppelingen that day) */      \
	"SELECT l.gezin_id, substr(l.datum, 1, 10), 'zs', NULL, NULL, NULL, NULL FROM logboek l "                \
	"WHERE :volledig = 1 AND l.soort = 'zorgsignaal' AND substr(l.datum, 1, 10) BETWEEN :van AND :tot AND (:programma = 0 OR EXISTS " \
	"(SELECT 1 FROM koppelingen k WHERE (k.vraaggezin_id = l.gezin_id OR k.steungezin_id = l.gezin_id) AND "       \
	"k.programma_id = :programma AND k.koppeling_datum <= substr(l.datum, 1, 10) AND " EINDE("k")                 \
	" >= substr(l.datum, 1, 10)))"

static const char SQL_ITEMS[] = ITEMS;

/* Binds a named parameter when the statement has it. */
static void bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void bind_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

/* Binds the selection s (period van..tot, filters) to a statement prepared with kp_scope_stmt. */
static void bind_selectie(sqlite3_stmt *st, const struct selectie *s, const char *van, const char *tot)
{
	bind_text(st, ":van", van);
	bind_text(st, ":tot", tot);
	bind_int(st, ":programma", s->programma);
	bind_int(st, ":werkgebied", s->werkgebied);
	bind_int(st, ":gemfilter", s->gem);
	bind_text(st, ":gemeente", s->gem == GEM_NAAM ? s->gemeente : "");
	bind_int(st, ":jaar", s->per.jaar);
}

/*
 * Adds one item to the region total and to the group grp (of a gemeente or
 * onbekend) of r: soort says what it is ("kn" koppeling new, "kl"
 * running, "ka" afgerond, "kg" gestopt, "gn"/"gl" family reached new or
 * running, "wt" waiting, "eh" evaluation held, "ep" planned, "ed" a goal,
 * "zs" zorgsignaal), a, b and t its numbers and text. false when out of
 * memory.
 */
static bool item_groep(struct resultaat *r, struct kp_groep *grp, const char *soort, bool has_a, double a, bool has_b,
		       double b, const char *t)
{
	struct kp_groep *gs[2] = { &r->totaal, grp };
	if (!soort)
		return false;
	for (size_t i = 0; i < 2; i++) {
		struct kp_groep *g = gs[i];
		switch (soort[0] == 0 ? 0 : soort[0] * 256 + soort[1]) {
		case 'k' * 256 + 'n':
			g->kop_nieuw++;
			break;
		case 'k' * 256 + 'l':
			g->kop_lopend++;
			break;
		case 'k' * 256 + 'a':
			g->kop_afgerond++;
			kp_reeks_add(&g->duur, a);
			if (t && strcmp(t, "onbekend") != 0) {
				g->contact_bekend++;
				g->contact_ja += strcmp(t, "ja") == 0;
			}
			break;
		case 'k' * 256 + 'g':
			g->redenen[reden_index(t)]++;
			kp_reeks_add(&g->duur, a);
			break;
		case 'g' * 256 + 'n':
			g->gez_nieuw++;
			g->kind_nieuw += (int64_t)a;
			break;
		case 'g' * 256 + 'l':
			g->gez_lopend++;
			g->kind_lopend += (int64_t)a;
			break;
		case 'w' * 256 + 't':
			kp_reeks_add(&g->wacht_aanmelding, a);
			if (has_b)
				kp_reeks_add(&g->wacht_intake, b);
			break;
		case 'e' * 256 + 'h':
			g->ev_gehouden++;
			if (has_a) {
				g->tevr_vraag_som += a;
				g->tevr_vraag_n++;
			}
			if (has_b) {
				g->tevr_steun_som += b;
				g->tevr_steun_n++;
			}
			break;
		case 'e' * 256 + 'p':
			g->ev_gepland++;
			break;
		case 'e' * 256 + 'd':
			if (has_a && has_b) {
				g->doelen_n++;
				g->doel_start_som += a;
				g->doel_laatst_som += b;
			}
			break;
		case 'z' * 256 + 's':
			g->zorgsignalen++;
			break;
		default:
			break;
		}
	}
	return true;
}

struct termijn {
	struct timespec eind;
	bool verlopen;
};

/* SQLite progress callback: non-zero (interrupt) once the deadline in arg has passed. */
static int termijn_cb(void *arg)
{
	struct termijn *t = arg;
	struct timespec nu;
	clock_gettime(CLOCK_MONOTONIC, &nu);
	if (nu.tv_sec > t->eind.tv_sec || (nu.tv_sec == t->eind.tv_sec && nu.tv_nsec >= t->eind.tv_nsec))
		t->verlopen = true;
	return t->verlopen;
}

/* The deadline of the computation running on this thread (rapport_bewaakt), or NULL: none. */
static _Thread_local struct termijn *lopende_termijn;

/* True when the computation on this thread has passed its deadline; the work in C checks between its parts. */
static bool te_laat(void)
{
	return lopende_termijn && termijn_cb(lopende_termijn);
}

/* --- the tables read once per report --------------------------------------------- */

/*
 * The set-based part of the engine. Instead of looking up the history row,
 * the family, the consent and the koppeling of every item with a statement
 * of its own, one report reads each of these tables once, in key order,
 * into sorted arrays (struct bron), and attributes items by binary search.
 * Whether a werkgebied is visible is still decided by SQL: the rows of the
 * history and the families carry the scope fragment's verdict (zicht),
 * evaluated in the statement that reads them.
 */

#define GEEN SIZE_MAX /* an absent text (SQL NULL) in the arena */

/* Texts of the tables, one buffer; rows keep offsets, since it grows. */
struct arena {
	char *d;
	size_t len, cap;
	bool failed;
};

/* Copies s (NULL: GEEN) into a; its offset, or GEEN with a->failed set. */
static size_t arena_put(struct arena *a, const unsigned char *s)
{
	if (!s)
		return GEEN;
	size_t n = strlen((const char *)s) + 1;
	if (a->len + n > a->cap) {
		size_t cap = a->cap ? a->cap : 1 << 20;
		while (cap < a->len + n)
			cap *= 2;
		char *d = realloc(a->d, cap);
		if (!d) {
			a->failed = true;
			return GEEN;
		}
		a->d = d;
		a->cap = cap;
	}
	memcpy(a->d + a->len, s, n);
	a->len += n;
	return a->len - n;
}

/* One row of gezin_gemeenten, in the order (gezin_id, van, id). */
struct hrij {
	int64_t gezin, wg;
	size_t van, tot, gem; /* tot, gem: GEEN for NULL; gem also for '' */
	bool zicht;
};

/* One family, in id order. */
struct gez {
	int64_t id, wg; /* wg 0: none */
	size_t gem, anon; /* anon: the earliest withdrawal of its anonymous-reporting consent, or GEEN */
	size_t h_begin, h_end; /* its rows of the history: h[h_begin .. h_end) */
	size_t kind_begin, kind_end; /* its children: kind[kind_begin .. kind_end) */
	size_t k_begin, k_end; /* the koppelingen it is the vraaggezin of: per_v[k_begin .. k_end) */
	bool zicht;
};

/* One koppeling, in id order. */
struct kop {
	int64_t id, vid, sid, prog; /* prog 0: none; sid 0: none */
	struct gez *vg, *sg; /* the families of vid and sid (NULL: not found) */
	size_t datum, contact, stop; /* koppeling_datum, contact_na_afloop, stop_reden; GEEN for NULL */
	double jd; /* julianday(koppeling_datum) */
	bool jd_ok;
	/* its end: the first transition to afronding or gestopt (by datum, then id); e_datum GEEN: none */
	size_t e_datum, e_reden;
	int64_t e_id;
	bool e_afronding, e_jd_ok;
	double e_jd;
	int64_t ev_id; /* the latest evaluation held by the run's tot (0: none) */
	size_t ev_op, ev_doelen; /* its day and, when held in the run's period, its goals (JSON array or object) */
};

/* A child of a family: leden id, whether the vraag is for it, and its koppelingen: kk[kk_begin .. kk_end). */
struct kind {
	int64_t gezin, id;
	bool steun_voor;
	size_t kk_begin, kk_end;
};

/* A dated row of a family (a vraaggezin role's start, an intake), in family order, with julianday(datum). */
struct dag {
	int64_t gezin;
	size_t datum;
	double jd;
	bool jd_ok;
};

/* A row of koppeling_kinderen, in lid order. */
struct kk {
	int64_t lid, koppeling;
};

struct bron {
	bool geladen, alles;
	struct arena tekst;
	struct hrij *h;
	struct gez *g;
	struct kop *k;
	struct kind *kind;
	struct kk *kk;
	size_t *per_v; /* indexes into k, by vraaggezin (then id) */
	struct dag *rollen, *intakes; /* vraaggezin roles' starts and intakes, read on the first use */
	size_t n_rollen, n_intakes;
	bool dagen_geladen;
	size_t n_h, n_g, n_k, n_kind, n_kk;
	/* direct indexes by id (position + 1, 0: none) when the ids are dense enough, else NULL (binary search) */
	uint32_t *g_pos, *k_pos;
	int64_t g_max, k_max;
	/* the group of each history row and family in the current run: run << 32 | (index in its groepen + 1) */
	uint64_t *groep_h, *groep_g;
	uint32_t run;
};

static void bron_free(struct bron *b)
{
	free(b->tekst.d);
	free(b->h);
	free(b->g);
	free(b->k);
	free(b->g_pos);
	free(b->k_pos);
	free(b->kind);
	free(b->kk);
	free(b->per_v);
	free(b->groep_h);
	free(b->groep_g);
	free(b->rollen);
	free(b->intakes);
	memset(b, 0, sizeof *b);
}

/*
 * A direct index over the ids of n rows (at stride sz, the id an int64_t at
 * their start), when the largest id is at most 4n + 1024 and n fits;
 * *max the largest id. NULL when not worth it or out of memory (lookups
 * then search), which changes no result.
 */
static uint32_t *id_index(const void *rows, size_t n, size_t sz, int64_t *max)
{
	*max = 0;
	if (n == 0 || n >= UINT32_MAX)
		return NULL;
	int64_t last;
	memcpy(&last, (const char *)rows + (n - 1) * sz, sizeof last);
	if (last < 1 || (uint64_t)last > 4 * (uint64_t)n + 1024)
		return NULL;
	uint32_t *pos = calloc((size_t)last + 1, sizeof *pos);
	if (!pos)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		int64_t id;
		memcpy(&id, (const char *)rows + i * sz, sizeof id);
		if (id >= 1 && id <= last)
			pos[id] = (uint32_t)(i + 1);
	}
	*max = last;
	return pos;
}

/* Text at offset o of b (NULL for GEEN). */
static const char *bron_tekst(const struct bron *b, size_t o)
{
	return o == GEEN ? NULL : b->tekst.d + o;
}

/* Orders families by id. */
static int gez_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct gez *)a)->id, y = ((const struct gez *)b)->id;
	return (x > y) - (x < y);
}

/* Grows *v (elements of size sz) to hold n + 1; false when out of memory. */
static bool groei(void **v, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return true;
	size_t c = *cap ? 2 * *cap : 1024;
	void *nv = realloc(*v, c * sz);
	if (!nv)
		return false;
	*v = nv;
	*cap = c;
	return true;
}

/* The family id in b, or NULL. */
static struct gez *gez_zoek(const struct bron *b, int64_t id)
{
	if (b->g_pos)
		return id >= 1 && id <= b->g_max && b->g_pos[id] ? &b->g[b->g_pos[id] - 1] : NULL;
	size_t lo = 0, hi = b->n_g;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		if (b->g[m].id < id)
			lo = m + 1;
		else
			hi = m;
	}
	return lo < b->n_g && b->g[lo].id == id ? &b->g[lo] : NULL;
}

/* The koppeling id in b, or NULL. */
static struct kop *kop_zoek(const struct bron *b, int64_t id)
{
	if (b->k_pos)
		return id >= 1 && id <= b->k_max && b->k_pos[id] ? &b->k[b->k_pos[id] - 1] : NULL;
	size_t lo = 0, hi = b->n_k;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		if (b->k[m].id < id)
			lo = m + 1;
		else
			hi = m;
	}
	return lo < b->n_k && b->k[lo].id == id ? &b->k[lo] : NULL;
}

/*
 * The history row of family g that holds day d: its first row (by van,
 * then id) not ended by d (tot NULL or after d; with d NULL, as in SQL,
 * only an open row), so before the first row the first row; NULL when it
 * has none.
 */
static const struct hrij *h_zoek(const struct bron *b, const struct gez *g, const char *d)
{
	for (size_t i = g->h_begin; i < g->h_end; i++)
		if (b->h[i].tot == GEEN || (d && strcmp(b->tekst.d + b->h[i].tot, d) > 0))
			return &b->h[i];
	return NULL;
}

/* True when family g withdrew its consent to anonymous reporting on or before tot. */
static bool anoniem_uit(const struct bron *b, const struct gez *g, const char *tot)
{
	return g && g->anon != GEEN && strcmp(b->tekst.d + g->anon, tot) <= 0;
}

/* SQLite's NOCASE equality: ASCII letters folded, everything else compared as bytes. */
static bool nocase_gelijk(const char *x, const char *y)
{
	for (;; x++, y++) {
		unsigned char a = (unsigned char)*x, c = (unsigned char)*y;
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a + 32);
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (a != c)
			return false;
		if (!a)
			return true;
	}
}

/*
 * Reads the tables of b on c for scope p: the history of gemeenten, the
 * families (with the withdrawals of anonymous-reporting consent) and the
 * koppelingen. SQLITE_OK or an error.
 */
static int bron_laden(struct kp_conn *c, const struct kp_principal *p, struct bron *b)
{
	size_t cap = 0;
	int rc;
	sqlite3_stmt *st = kp_scope_stmt(c, "SELECT :kp_alles = 1", p);
	if (!st)
		return SQLITE_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		b->alles = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? SQLITE_ERROR : rc;

	st = kp_scope_stmt(c,
		"SELECT hg.gezin_id, hg.van, hg.tot, nullif(hg.gemeente, ''), hg.werkgebied_id, (:kp_alles = 1 OR "
		"hg.werkgebied_id IN " KP_SQL_SCOPE_WG ") FROM gezin_gemeenten hg ORDER BY hg.gezin_id, hg.van, hg.id", p);
	if (!st)
		return SQLITE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!groei((void **)&b->h, &cap, b->n_h, sizeof *b->h)) {
			rc = SQLITE_NOMEM;
			break;
		}
		struct hrij *h = &b->h[b->n_h++];
		h->gezin = sqlite3_column_int64(st, 0);
		h->van = arena_put(&b->tekst, sqlite3_column_text(st, 1));
		h->tot = arena_put(&b->tekst, sqlite3_column_text(st, 2));
		h->gem = arena_put(&b->tekst, sqlite3_column_text(st, 3));
		h->wg = sqlite3_column_int64(st, 4);
		h->zicht = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? SQLITE_ERROR : rc;

	cap = 0;
	st = kp_scope_stmt(c,
		"SELECT g.id, nullif(g.gemeente, ''), ifnull(g.werkgebied_id, 0), " KP_SQL_GEZIN_ZICHTBAAR("g")
		" FROM gezinnen g", p); /* no order: then it reads the covering index gezinnen_werkgebied_gemeente */
	if (!st)
		return SQLITE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!groei((void **)&b->g, &cap, b->n_g, sizeof *b->g)) {
			rc = SQLITE_NOMEM;
			break;
		}
		struct gez *g = &b->g[b->n_g++];
		g->id = sqlite3_column_int64(st, 0);
		g->gem = arena_put(&b->tekst, sqlite3_column_text(st, 1));
		g->wg = sqlite3_column_int64(st, 2);
		g->zicht = sqlite3_column_int(st, 3) != 0;
		g->anon = GEEN;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? SQLITE_ERROR : rc;
	for (size_t j = 1; j < b->n_g; j++)
		if (b->g[j - 1].id > b->g[j].id) {
			qsort(b->g, b->n_g, sizeof *b->g, gez_cmp);
			break;
		}
	b->g_pos = id_index(b->g, b->n_g, sizeof *b->g, &b->g_max);
	for (size_t i = 0, j = 0; j < b->n_g; j++) {
		while (i < b->n_h && b->h[i].gezin < b->g[j].id)
			i++;
		b->g[j].h_begin = i;
		while (i < b->n_h && b->h[i].gezin == b->g[j].id)
			i++;
		b->g[j].h_end = i;
	}

	st = kp_conn_stmt(c, "SELECT ta.gezin_id, min(ta.ingetrokken_op) FROM toestemmingen ta WHERE ta.doel = "
			     "'anonieme-rapportage' AND ta.ingetrokken_op IS NOT NULL GROUP BY ta.gezin_id");
	if (!st)
		return SQLITE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct gez *g = gez_zoek(b, sqlite3_column_int64(st, 0));
		if (g)
			g->anon = arena_put(&b->tekst, sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? SQLITE_ERROR : rc;

	cap = 0;
	st = kp_conn_stmt(c, "SELECT k.id, k.vraaggezin_id, k.steungezin_id, ifnull(k.programma_id, 0), k.koppeling_datum, "
			     "julianday(k.koppeling_datum), k.contact_na_afloop, k.stop_reden FROM koppelingen k ORDER BY k.id");
	if (!st)
		return SQLITE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!groei((void **)&b->k, &cap, b->n_k, sizeof *b->k)) {
			rc = SQLITE_NOMEM;
			break;
		}
		struct kop *k = &b->k[b->n_k++];
		k->id = sqlite3_column_int64(st, 0);
		k->vid = sqlite3_column_int64(st, 1);
		k->sid = sqlite3_column_int64(st, 2);
		k->prog = sqlite3_column_int64(st, 3);
		k->datum = arena_put(&b->tekst, sqlite3_column_text(st, 4));
		k->jd_ok = sqlite3_column_type(st, 5) != SQLITE_NULL;
		k->jd = sqlite3_column_double(st, 5);
		k->contact = arena_put(&b->tekst, sqlite3_column_text(st, 6));
		k->stop = arena_put(&b->tekst, sqlite3_column_text(st, 7));
		k->e_datum = k->e_reden = GEEN;
		k->e_id = 0;
		k->vg = gez_zoek(b, k->vid);
		k->sg = k->sid ? gez_zoek(b, k->sid) : NULL;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? SQLITE_ERROR : rc;
	b->k_pos = id_index(b->k, b->n_k, sizeof *b->k, &b->k_max);

	st = kp_conn_stmt(c, "SELECT f.koppeling_id, f.id, f.datum, f.naar = 'afronding', f.reden, julianday(f.datum) FROM "
			     "faseovergangen f WHERE f.naar IN ('afronding', 'gestopt')");
	if (!st)
		return SQLITE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct kop *k = kop_zoek(b, sqlite3_column_int64(st, 0));
		const char *d = (const char *)sqlite3_column_text(st, 2);
		int64_t id = sqlite3_column_int64(st, 1);
		if (!k || !d)
			continue;
		if (k->e_datum != GEEN) {
			int cmp = strcmp(d, b->tekst.d + k->e_datum);
			if (cmp > 0 || (cmp == 0 && id > k->e_id))
				continue;
		}
		k->e_datum = arena_put(&b->tekst, (const unsigned char *)d);
		k->e_reden = arena_put(&b->tekst, sqlite3_column_text(st, 4));
		k->e_id = id;
		k->e_afronding = sqlite3_column_int(st, 3) != 0;
		k->e_jd_ok = sqlite3_column_type(st, 5) != SQLITE_NULL;
		k->e_jd = sqlite3_column_double(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? SQLITE_ERROR : rc;

	/* the children, and the koppelingen they are in */
	cap = 0;
	st = kp_conn_stmt(c, "SELECT l.gezin_id, l.id, l.steun_voor = 1 FROM leden l WHERE l.soort = 'kind' ORDER BY l.gezin_id");
	if (!st)
		return SQLITE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!groei((void **)&b->kind, &cap, b->n_kind, sizeof *b->kind)) {
			rc = SQLITE_NOMEM;
			break;
		}
		struct kind *l = &b->kind[b->n_kind++];
		l->gezin = sqlite3_column_int64(st, 0);
		l->id = sqlite3_column_int64(st, 1);
		l->steun_voor = sqlite3_column_int(st, 2) != 0;
		l->kk_begin = l->kk_end = 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? SQLITE_ERROR : rc;
	cap = 0;
	st = kp_conn_stmt(c, "SELECT kk.lid_id, kk.koppeling_id FROM koppeling_kinderen kk ORDER BY kk.lid_id, kk.koppeling_id");
	if (!st)
		return SQLITE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!groei((void **)&b->kk, &cap, b->n_kk, sizeof *b->kk)) {
			rc = SQLITE_NOMEM;
			break;
		}
		b->kk[b->n_kk].lid = sqlite3_column_int64(st, 0);
		b->kk[b->n_kk++].koppeling = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? SQLITE_ERROR : rc;
	for (size_t i = 0; i < b->n_kind; i++) {
		size_t lo = 0, hi = b->n_kk;
		while (lo < hi) {
			size_t m = lo + (hi - lo) / 2;
			if (b->kk[m].lid < b->kind[i].id)
				lo = m + 1;
			else
				hi = m;
		}
		b->kind[i].kk_begin = b->kind[i].kk_end = lo;
		while (b->kind[i].kk_end < b->n_kk && b->kk[b->kind[i].kk_end].lid == b->kind[i].id)
			b->kind[i].kk_end++;
	}
	for (size_t i = 0, j = 0; j < b->n_g; j++) {
		while (i < b->n_kind && b->kind[i].gezin < b->g[j].id)
			i++;
		b->g[j].kind_begin = i;
		while (i < b->n_kind && b->kind[i].gezin == b->g[j].id)
			i++;
		b->g[j].kind_end = i;
	}

	/* the koppelingen by vraaggezin: counted per family, then placed */
	if (b->n_k && !(b->per_v = malloc(b->n_k * sizeof *b->per_v)))
		return SQLITE_NOMEM;
	for (size_t j = 0; j < b->n_g; j++)
		b->g[j].k_begin = b->g[j].k_end = 0;
	for (size_t i = 0; i < b->n_k; i++)
		if (b->k[i].vg)
			b->k[i].vg->k_end++;
	size_t pos = 0;
	for (size_t j = 0; j < b->n_g; j++) {
		b->g[j].k_begin = pos;
		pos += b->g[j].k_end;
		b->g[j].k_end = b->g[j].k_begin;
	}
	for (size_t i = 0; i < b->n_k; i++)
		if (b->k[i].vg)
			b->per_v[b->k[i].vg->k_end++] = i;
	if (b->tekst.failed || !(b->groep_h = calloc(b->n_h + 1, sizeof *b->groep_h)) ||
	    !(b->groep_g = calloc(b->n_g + 1, sizeof *b->groep_g)))
		return SQLITE_NOMEM;
	b->geladen = true;
	return SQLITE_OK;
}

/*
 * Counts one item of the run over van..tot (the same as a row of the
 * history query): attributed to family g (NULL: not found, not counted)
 * on day d, carrying a steungezin when has_sid (gs, NULL when not found).
 * It is attributed to the gemeente and werkgebied g had on d, and counts
 * only when that row is visible (and, with a steungezin, the row gs had on
 * d: its history, else its record), within the werkgebied and gemeente
 * filters, and g did not withdraw its consent to anonymous reporting by
 * tot. false when out of memory.
 */
static bool item_bron(const struct bron *b, struct resultaat *r, const struct selectie *s, const char *tot,
		      const struct gez *g, const char *d, bool has_sid, const struct gez *gs, const char *soort, bool has_a,
		      double a, bool has_b, double bv, const char *t)
{
	if (!g)
		return true;
	const struct hrij *h = h_zoek(b, g, d);
	const char *gem = bron_tekst(b, h ? h->gem : g->gem);
	int64_t wg = h ? h->wg : g->wg, swg = 0;
	bool zicht = h ? h->zicht : g->zicht;
	if (has_sid) {
		const struct hrij *hs = gs ? h_zoek(b, gs, d) : NULL;
		swg = hs ? hs->wg : gs ? gs->wg : 0;
		zicht = zicht && (hs ? hs->zicht : gs ? gs->zicht : b->alles);
	}
	if (!zicht)
		return true;
	if (s->werkgebied && (wg != s->werkgebied || (has_sid && swg != s->werkgebied)))
		return true;
	if ((s->gem == GEM_ONBEKEND && gem) || (s->gem == GEM_NAAM && (!gem || !nocase_gelijk(gem, s->gemeente))))
		return true;
	if (anoniem_uit(b, g, tot))
		return true;
	/* the group of the row that placed it, remembered for the rest of the run */
	uint64_t *cache = h ? &b->groep_h[h - b->h] : &b->groep_g[g - b->g];
	if (*cache >> 32 != b->run) {
		struct kp_groep *kg = groep_voor(r, gem);
		if (!kg)
			return false;
		size_t i = (size_t)(((const char *)kg - (const char *)r->groepen) / (ptrdiff_t)sizeof *r->groepen);
		*cache = (uint64_t)b->run << 32 | (uint64_t)(i + 1);
	}
	return item_groep(r, &r->groepen[(*cache & 0xffffffffu) - 1].g, soort, has_a, a, has_b, bv, t);
}

/*
 * The koppelingen of the run over van..tot as items, in one pass over the
 * table read: started in the period ("kn"), running on its first day
 * ("kl": started before it and not ended before it) and, when volledig,
 * ended in the period by their first transition to afronding or gestopt
 * ("ka"/"kg", with the duration in days, and contact afterwards or the stop
 * reason). Within the programme filter; a koppeling counts only while its
 * steungezin has not withdrawn its consent to anonymous reporting by tot.
 * SQLITE_OK or SQLITE_NOMEM.
 */
static int koppelingen_bron(const struct selectie *s, const char *van, const char *tot, bool volledig,
			    const struct bron *b, struct resultaat *r)
{
	for (size_t i = 0; i < b->n_k; i++) {
		const struct kop *k = &b->k[i];
		if ((s->programma && k->prog != s->programma) || anoniem_uit(b, k->sg, tot))
			continue;
		const char *kd = bron_tekst(b, k->datum), *ed = bron_tekst(b, k->e_datum);
		bool ok = true;
		if (kd && strcmp(kd, van) >= 0 && strcmp(kd, tot) <= 0)
			ok = item_bron(b, r, s, tot, k->vg, kd, k->sid != 0, k->sg, "kn", false, 0, false, 0, NULL);
		if (ok && kd && strcmp(kd, van) < 0 && (!ed || strcmp(ed, van) >= 0))
			ok = item_bron(b, r, s, tot, k->vg, van, k->sid != 0, k->sg, "kl", false, 0, false, 0, NULL);
		if (ok && volledig && kd && ed && strcmp(ed, van) >= 0 && strcmp(ed, tot) <= 0) {
			const char *t = k->e_afronding ? bron_tekst(b, k->contact)
				      : k->e_reden != GEEN ? bron_tekst(b, k->e_reden)
				      : k->stop != GEEN ? bron_tekst(b, k->stop)
							 : "anders";
			ok = item_bron(b, r, s, tot, k->vg, ed, k->sid != 0, k->sg, k->e_afronding ? "ka" : "kg", k->jd_ok && k->e_jd_ok,
				       k->jd_ok && k->e_jd_ok ? k->e_jd - k->jd : 0, false, 0, t);
		}
		if (!ok)
			return SQLITE_NOMEM;
	}
	return SQLITE_OK;
}

/* True when koppeling k runs at some time in van..tot (started by tot, not ended before van) within the programme filter. */
static bool loopt_in(const struct bron *b, const struct kop *k, const struct selectie *s, const char *van, const char *tot)
{
	const char *kd = bron_tekst(b, k->datum);
	return kd && strcmp(kd, tot) <= 0 && (k->e_datum == GEEN || strcmp(b->tekst.d + k->e_datum, van) >= 0) &&
	       (!s->programma || k->prog == s->programma);
}

/*
 * The vraaggezinnen reached in the run over van..tot as items: a family
 * with a koppeling running at some time in the period is reached "lopend"
 * (on van) when one started before van, else "nieuw" on its first start;
 * when volledig, with its children (a = their number): those the vraag is
 * for, and those in one of its koppelingen running in the period.
 * SQLITE_OK or SQLITE_NOMEM.
 */
static int bereikt_bron(const struct selectie *s, const char *van, const char *tot, bool volledig, const struct bron *b,
			struct resultaat *r)
{
	for (size_t j = 0; j < b->n_g; j++) {
		const struct gez *g = &b->g[j];
		bool bereikt = false, lop = false;
		const char *eerste = NULL;
		for (size_t i = g->k_begin; i < g->k_end; i++) {
			const struct kop *k = &b->k[b->per_v[i]];
			if (!loopt_in(b, k, s, van, tot))
				continue;
			const char *kd = b->tekst.d + k->datum;
			bereikt = true;
			lop = lop || strcmp(kd, van) < 0;
			if (!eerste || strcmp(kd, eerste) < 0)
				eerste = kd;
		}
		if (!bereikt)
			continue;
		int64_t n = 0;
		for (size_t i = g->kind_begin; volledig && i < g->kind_end; i++) {
			const struct kind *l = &b->kind[i];
			bool telt = l->steun_voor;
			for (size_t x = l->kk_begin; !telt && x < l->kk_end; x++) {
				const struct kop *k3 = kop_zoek(b, b->kk[x].koppeling);
				telt = k3 && k3->vid == g->id && loopt_in(b, k3, s, van, tot);
			}
			n += telt;
		}
		if (!item_bron(b, r, s, tot, g, lop ? van : eerste, false, NULL, lop ? "gl" : "gn", true, (double)n, false, 0,
			       NULL))
			return SQLITE_NOMEM;
	}
	return SQLITE_OK;
}

/* Reads the dated rows of sql (gezin_id, datum, julianday(datum), in gezin_id order) into *out. SQLITE_OK or an error. */
static int dagen_laden(struct kp_conn *c, struct bron *b, const char *sql, struct dag **out, size_t *n)
{
	size_t cap = 0;
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	if (!st)
		return SQLITE_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!groei((void **)out, &cap, *n, sizeof **out)) {
			rc = SQLITE_NOMEM;
			break;
		}
		struct dag *d = &(*out)[(*n)++];
		d->gezin = sqlite3_column_int64(st, 0);
		d->datum = arena_put(&b->tekst, sqlite3_column_text(st, 1));
		d->jd_ok = sqlite3_column_type(st, 2) != SQLITE_NULL;
		d->jd = sqlite3_column_double(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? SQLITE_ERROR : rc;
	return b->tekst.failed ? SQLITE_NOMEM : SQLITE_OK;
}

/*
 * The latest of the n dated rows of family gezin in v on or before day
 * (by text, as SQL's max), or NULL.
 */
static const struct dag *laatste_dag(const struct bron *b, const struct dag *v, size_t n, int64_t gezin, const char *day)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		if (v[m].gezin < gezin)
			lo = m + 1;
		else
			hi = m;
	}
	const struct dag *best = NULL;
	for (; lo < n && v[lo].gezin == gezin; lo++) {
		const char *d = bron_tekst(b, v[lo].datum);
		if (d && strcmp(d, day) <= 0 && (!best || strcmp(d, b->tekst.d + best->datum) > 0))
			best = &v[lo];
	}
	return best;
}

/*
 * The waiting times of the run over van..tot as items ("wt"): a vraaggezin
 * whose first koppeling (within the programme filter) started in the
 * period, waiting from the start of its last vraaggezin role before that
 * (else its registration) and from its last intake before it (b; none
 * without one), in days. SQLITE_OK or an error.
 */
static int wachten_bron(struct kp_conn *c, const struct selectie *s, const char *van, const char *tot, struct bron *b,
			struct resultaat *r)
{
	int rc;
	if (!b->dagen_geladen) {
		if ((rc = dagen_laden(c, b,
				      "SELECT ro.gezin_id, ro.van, julianday(ro.van) FROM gezin_rollen ro WHERE ro.rol = "
				      "'vraaggezin' ORDER BY ro.gezin_id",
				      &b->rollen, &b->n_rollen)) != SQLITE_OK ||
		    (rc = dagen_laden(c, b,
				      "SELECT s.gezin_id, s.datum, julianday(s.datum) FROM gezin_statussen s WHERE s.rol = "
				      "'vraaggezin' AND s.status = 'intake' ORDER BY s.gezin_id",
				      &b->intakes, &b->n_intakes)) != SQLITE_OK)
			return rc;
		b->dagen_geladen = true;
	}
	sqlite3_stmt *aanm = kp_conn_stmt(c, "SELECT julianday(g0.aangemeld_op) FROM gezinnen g0 WHERE g0.id = ?1");
	if (!aanm)
		return SQLITE_ERROR;
	for (size_t j = 0; j < b->n_g; j++) {
		const struct gez *g = &b->g[j];
		const struct kop *eerste = NULL;
		for (size_t i = g->k_begin; i < g->k_end; i++) {
			const struct kop *k = &b->k[b->per_v[i]];
			if (k->datum == GEEN || (s->programma && k->prog != s->programma))
				continue;
			if (!eerste || strcmp(b->tekst.d + k->datum, b->tekst.d + eerste->datum) < 0)
				eerste = k;
		}
		const char *ed = eerste ? b->tekst.d + eerste->datum : NULL;
		if (!ed || strcmp(ed, van) < 0 || strcmp(ed, tot) > 0)
			continue;
		const struct dag *rol = laatste_dag(b, b->rollen, b->n_rollen, g->id, ed);
		const struct dag *intake = laatste_dag(b, b->intakes, b->n_intakes, g->id, ed);
		bool has_a = false;
		double a = 0;
		if (rol) {
			has_a = eerste->jd_ok && rol->jd_ok;
			a = rol->jd;
		} else {
			sqlite3_bind_int64(aanm, 1, g->id);
			rc = sqlite3_step(aanm);
			if (rc == SQLITE_ROW) {
				has_a = eerste->jd_ok && sqlite3_column_type(aanm, 0) != SQLITE_NULL;
				a = sqlite3_column_double(aanm, 0);
			}
			sqlite3_reset(aanm);
			if (rc != SQLITE_ROW && rc != SQLITE_DONE)
				return rc;
		}
		bool has_b = intake && eerste->jd_ok && intake->jd_ok;
		if (!item_bron(b, r, s, tot, g, ed, false, NULL, "wt", has_a, has_a ? eerste->jd - a : 0, has_b,
			       has_b ? eerste->jd - intake->jd : 0, NULL))
			return SQLITE_NOMEM;
	}
	return SQLITE_OK;
}

/*
 * The evaluations of the run over van..tot as items, in one pass over the
 * table: held in the period (with the satisfaction of each side), planned
 * in the period and still due, and the goals of each koppeling's last
 * evaluation held by tot if that falls in the period. Within the programme
 * filter; a koppeling's items count only while its steungezin has not
 * withdrawn its consent to anonymous reporting by tot. SQLITE_OK or an
 * error.
 */
static int evaluaties_bron(struct kp_conn *c, const struct selectie *s, const char *van, const char *tot, struct bron *b,
			   struct resultaat *r)
{
	for (size_t i = 0; i < b->n_k; i++) {
		b->k[i].ev_id = 0;
		b->k[i].ev_op = b->k[i].ev_doelen = GEEN;
	}
	sqlite3_stmt *st = kp_conn_stmt(c,
		"SELECT e.koppeling_id, e.id, e.gepland_op, e.vervallen, e.gehouden_op, CASE WHEN e.gehouden_op BETWEEN ?1 "
		"AND ?2 THEN json_extract(" VERSLAG("e") ", '$.tevredenheidVraaggezin') END, CASE WHEN e.gehouden_op BETWEEN "
		"?1 AND ?2 THEN json_extract(" VERSLAG("e") ", '$.tevredenheidSteungezin') END, CASE WHEN e.gehouden_op "
		"BETWEEN ?1 AND ?2 AND json_type(" VERSLAG("e") ", '$.doelen') IN ('array', 'object') THEN json_extract("
		VERSLAG("e") ", '$.doelen') END FROM evaluaties e");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, van, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, tot, -1, SQLITE_TRANSIENT);
	int rc = SQLITE_DONE;
	bool ok = true;
	while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct kop *k = kop_zoek(b, sqlite3_column_int64(st, 0));
		if (!k)
			continue;
		int64_t id = sqlite3_column_int64(st, 1);
		const char *gepland = (const char *)sqlite3_column_text(st, 2);
		const char *op = (const char *)sqlite3_column_text(st, 4);
		if (op && strcmp(op, tot) <= 0 &&
		    (!k->ev_id || strcmp(op, b->tekst.d + k->ev_op) > 0 ||
		     (strcmp(op, b->tekst.d + k->ev_op) == 0 && id > k->ev_id))) {
			k->ev_id = id;
			k->ev_op = arena_put(&b->tekst, (const unsigned char *)op);
			k->ev_doelen = arena_put(&b->tekst, sqlite3_column_text(st, 7));
			if (b->tekst.failed) {
				rc = SQLITE_NOMEM;
				break;
			}
		}
		if ((s->programma && k->prog != s->programma) || anoniem_uit(b, k->sg, tot))
			continue;
		if (op && strcmp(op, van) >= 0 && strcmp(op, tot) <= 0)
			ok = item_bron(b, r, s, tot, k->vg, op, k->sid != 0, k->sg, "eh", sqlite3_column_type(st, 5) != SQLITE_NULL,
				       sqlite3_column_double(st, 5), sqlite3_column_type(st, 6) != SQLITE_NULL,
				       sqlite3_column_double(st, 6), NULL);
		if (ok && gepland && sqlite3_column_int64(st, 3) == 0 && strcmp(gepland, van) >= 0 && strcmp(gepland, tot) <= 0)
			ok = item_bron(b, r, s, tot, k->vg, gepland, k->sid != 0, k->sg, "ep", false, 0, false, 0, NULL);
	}
	sqlite3_reset(st);
	if (!ok)
		return SQLITE_NOMEM;
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? SQLITE_ERROR : rc;
	/* the goals of each koppeling's last evaluation, when that was held in the period */
	st = kp_conn_stmt(c, "SELECT json_extract(d.value, '$.scoreStart'), json_extract(d.value, '$.scoreNu') FROM json_each(?1) d");
	if (!st)
		return SQLITE_ERROR;
	for (size_t i = 0; ok && i < b->n_k; i++) {
		const struct kop *k = &b->k[i];
		if (!k->ev_id || k->ev_doelen == GEEN || strcmp(b->tekst.d + k->ev_op, van) < 0 ||
		    (s->programma && k->prog != s->programma) || anoniem_uit(b, k->sg, tot))
			continue;
		sqlite3_bind_text(st, 1, b->tekst.d + k->ev_doelen, -1, SQLITE_STATIC);
		while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW)
			ok = item_bron(b, r, s, tot, k->vg, b->tekst.d + k->ev_op, k->sid != 0, k->sg, "ed",
				       sqlite3_column_type(st, 0) != SQLITE_NULL, sqlite3_column_double(st, 0),
				       sqlite3_column_type(st, 1) != SQLITE_NULL, sqlite3_column_double(st, 1), NULL);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (ok && rc != SQLITE_DONE)
			return rc == SQLITE_ROW ? SQLITE_ERROR : rc;
	}
	return ok ? SQLITE_OK : SQLITE_NOMEM;
}

/*
 * Runs the history over van..tot (inclusive) for selection s and scope p
 * into *r (zeroed by the caller), from the tables in b (read on the first
 * run of a report, then shared by its runs). volledig: every figure;
 * otherwise only what a target's realisation needs (families reached
 * without their children, koppelingen new and running), the rest skipped.
 * SQLITE_OK or an error.
 */
static int engine(struct kp_conn *c, const struct kp_principal *p, const struct selectie *s, const char *van,
		  const char *tot, bool volledig, struct bron *b, struct resultaat *r)
{
	if (!b->geladen) {
		int lrc = bron_laden(c, p, b);
		if (lrc != SQLITE_OK)
			return lrc;
	}
	b->run++; /* a new resultaat: the groups remembered belong to the last one */
	if (te_laat())
		return SQLITE_INTERRUPT;
	sqlite3_stmt *st = volledig ? kp_conn_stmt(c, SQL_ITEMS) : NULL;
	if (volledig && !st)
		return SQLITE_ERROR;
	int rc = SQLITE_DONE;
	if (st) {
		bind_selectie(st, s, van, tot);
		bind_int(st, ":volledig", volledig);
	}
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t sid = sqlite3_column_int64(st, 6);
		if (!item_bron(b, r, s, tot, gez_zoek(b, sqlite3_column_int64(st, 0)), (const char *)sqlite3_column_text(st, 1),
			       sid != 0, sid ? gez_zoek(b, sid) : NULL, (const char *)sqlite3_column_text(st, 2),
			       sqlite3_column_type(st, 3) != SQLITE_NULL, sqlite3_column_double(st, 3),
			       sqlite3_column_type(st, 4) != SQLITE_NULL, sqlite3_column_double(st, 4),
			       (const char *)sqlite3_column_text(st, 5))) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	if (st)
		sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? SQLITE_ERROR : rc;
	if (te_laat() || (rc = koppelingen_bron(s, van, tot, volledig, b, r)) != SQLITE_OK ||
	    (rc = bereikt_bron(s, van, tot, volledig, b, r)) != SQLITE_OK)
		return te_laat() ? SQLITE_INTERRUPT : rc;
	if (volledig && (te_laat() || (rc = evaluaties_bron(c, s, van, tot, b, r)) != SQLITE_OK || te_laat() ||
			 (rc = wachten_bron(c, s, van, tot, b, r)) != SQLITE_OK))
		return te_laat() ? SQLITE_INTERRUPT : rc;
	for (size_t i = 0; i < r->n; i++)
		if (r->groepen[i].g.wacht_aanmelding.failed || r->groepen[i].g.duur.failed ||
		    r->groepen[i].g.wacht_intake.failed)
			return SQLITE_NOMEM;
	return resultaat_sorteer(r) ? SQLITE_OK : SQLITE_NOMEM;
}

/* --- the report ---------------------------------------------------------------- */

/* The year-to-date runs of one report, one per programme a target names; grown as needed. */
struct ytd_cache {
	struct bron *bron; /* the tables of the report, shared with its main run */
	struct resultaat *r;
	int64_t *prog;
	size_t n, cap;
};

static void ytd_free(struct ytd_cache *y)
{
	for (size_t i = 0; i < y->n; i++)
		resultaat_free(&y->r[i]);
	free(y->r);
	free(y->prog);
	memset(y, 0, sizeof *y);
}

/* A loaded target. */
struct doel {
	int64_t id, programma, minimum, maximum; /* maximum -1: none */
	char gemeente[NAAM_BYTES], programma_naam[NAAM_BYTES], eenheid[16];
};

/*
 * The targets of the selection's year for the gemeenten the caller may see
 * (beheerder: all; others: those in one of their werkgebieden' lists),
 * within the filters. *out is malloc'ed. SQLITE_OK or an error.
 */
static int doelen_laden(struct kp_conn *c, const struct kp_principal *p, const struct selectie *s, struct doel **out,
			size_t *n)
{
	*out = NULL;
	*n = 0;
	if (s->gem == GEM_ONBEKEND)
		return SQLITE_OK;
	sqlite3_stmt *st = kp_scope_stmt(
		c,
		"SELECT d.id, d.gemeente, ifnull(d.programma_id, 0), ifnull(pr.naam, ''), d.eenheid, d.minimum, "
		"ifnull(d.maximum, -1) FROM doelen d LEFT JOIN programmas pr ON pr.id = d.programma_id WHERE d.jaar = :jaar "
		"AND (:programma = 0 OR d.programma_id = :programma) AND (:gemfilter = 0 OR d.gemeente = :gemeente COLLATE NOCASE) "
		"AND (:kp_alles = 1 OR EXISTS (SELECT 1 FROM werkgebied_gemeenten wg WHERE wg.gemeente = d.gemeente COLLATE NOCASE "
		"AND wg.werkgebied_id IN " KP_SQL_SCOPE_WG ")) AND (:werkgebied = 0 OR EXISTS (SELECT 1 FROM werkgebied_gemeenten "
		"wg WHERE wg.gemeente = d.gemeente COLLATE NOCASE AND wg.werkgebied_id = :werkgebied)) "
		"ORDER BY d.gemeente, d.eenheid, ifnull(d.programma_id, 0), d.id",
		p);
	if (!st)
		return SQLITE_ERROR;
	bind_selectie(st, s, s->per.van, s->per.tot);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct doel *g = realloc(*out, (*n + 1) * sizeof *g);
		if (!g) {
			rc = SQLITE_NOMEM;
			break;
		}
		*out = g;
		struct doel *d = &g[(*n)++];
		d->id = sqlite3_column_int64(st, 0);
		snprintf(d->gemeente, sizeof d->gemeente, "%s", (const char *)sqlite3_column_text(st, 1));
		d->programma = sqlite3_column_int64(st, 2);
		snprintf(d->programma_naam, sizeof d->programma_naam, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(d->eenheid, sizeof d->eenheid, "%s", (const char *)sqlite3_column_text(st, 4));
		d->minimum = sqlite3_column_int64(st, 5);
		d->maximum = sqlite3_column_int64(st, 6);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc == SQLITE_ROW ? SQLITE_ERROR : rc;
}

/* The shown figures of the group named gemeente (case ignored) in r, or NULL. */
static struct kp_groep *groep_zoek(struct resultaat *r, const char *gemeente)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->groepen[i].naam && strcasecmp(r->groepen[i].naam, gemeente) == 0)
			return &r->groepen[i].g;
	return NULL;
}

/* {id, naam} or null. */
static json_t *id_naam(int64_t id, const char *naam)
{
	return id ? json_pack("{s:I, s:s}", "id", (json_int_t)id, "naam", naam) : json_null();
}

/*
 * The targets of gemeente naam as report entries: realised (vraaggezinnen
 * reached, or koppelingen running, from 1 January to the peildatum, within
 * the werkgebied filter and the doel's own programme), expected by now and
 * the pace still needed. The year-to-date runs are cached per programme in
 * ytd (any number of programmes). NULL on an error.
 */
static json_t *doelen_json(struct kp_conn *c, const struct kp_principal *p, const struct selectie *s, const struct doel *d,
			   size_t n_d, const char *naam, bool exact, const char *peil, struct ytd_cache *ytd)
{
	json_t *arr = json_array();
	struct kp_date pd;
	if (!arr || !kp_date_parse(peil, &pd)) {
		json_decref(arr);
		return NULL;
	}
	char begin[11];
	snprintf(begin, sizeof begin, "%04d-01-01", s->per.jaar);
	for (size_t i = 0; i < n_d; i++) {
		if (strcasecmp(d[i].gemeente, naam) != 0)
			continue;
		int64_t real = 0;
		if (strcmp(peil, begin) >= 0) {
			size_t k = 0;
			while (k < ytd->n && ytd->prog[k] != d[i].programma)
				k++;
			if (k == ytd->n && k == ytd->cap) {
				size_t cap = ytd->cap ? 2 * ytd->cap : 4;
				struct resultaat *nr = realloc(ytd->r, cap * sizeof *nr);
				if (nr)
					ytd->r = nr;
				int64_t *np = nr ? realloc(ytd->prog, cap * sizeof *np) : NULL;
				if (np)
					ytd->prog = np;
				if (!nr || !np) {
					json_decref(arr);
					return NULL;
				}
				ytd->cap = cap;
			}
			if (k == ytd->n) {
				struct selectie y = *s;
				y.gem = GEM_ALLE;
				y.programma = d[i].programma;
				memset(&ytd->r[k], 0, sizeof ytd->r[k]);
				if (engine(c, p, &y, begin, peil, false, ytd->bron, &ytd->r[k]) != SQLITE_OK) {
					resultaat_free(&ytd->r[k]);
					json_decref(arr);
					return NULL;
				}
				ytd->prog[k] = d[i].programma;
				ytd->n++;
			}
			struct kp_groep *g = groep_zoek(&ytd->r[k], d[i].gemeente);
			if (g) {
				struct kp_cijfers cf;
				kp_cijfers_bereken(g, n_redenen(), exact, &cf);
				real = strcmp(d[i].eenheid, "gezinnen") == 0 ? cf.gez_bereikt : cf.kop_nieuw + cf.kop_lopend;
			}
		}
		struct kp_doel_tempo t;
		kp_doel_tempo_bereken(d[i].minimum, real, s->per.jaar, pd, &t);
		json_t *e = json_pack("{s:I, s:o, s:s, s:I, s:o, s:o, s:I, s:I, s:o}", "id", (json_int_t)d[i].id, "programma",
				      id_naam(d[i].programma, d[i].programma_naam), "eenheid", d[i].eenheid, "minimum",
				      (json_int_t)d[i].minimum, "maximum",
				      d[i].maximum >= 0 ? json_integer((json_int_t)d[i].maximum) : json_null(), "gerealiseerd",
				      kp_cijfers_count_json(real, !exact), "verwachtNu", (json_int_t)t.verwacht_nu, "nogNodig",
				      (json_int_t)t.nog_nodig, "perMaandNodig",
				      isnan(t.per_maand) ? json_null() : json_real(t.per_maand));
		if (!e || json_array_append_new(arr, e) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/*
 * Builds the report of selection s for scope p on c (one snapshot). exact:
 * the counts as they are (beheerder, coordinator); otherwise the
 * disclosure-controlled view. today ("YYYY-MM-DD") bounds the peildatum of
 * the targets. Returns the report without "vastgesteld", or NULL on an
 * error.
 */
static json_t *rapport_bouwen(struct kp_conn *c, const struct kp_principal *p, const struct selectie *s, bool exact,
			      const char *today)
{
	struct resultaat r = { 0 };
	struct bron bron = { 0 };
	struct doel *doelen = NULL;
	size_t n_doelen = 0, nr = n_redenen();
	if (engine(c, p, s, s->per.van, s->per.tot, true, &bron, &r) != SQLITE_OK ||
	    doelen_laden(c, p, s, &doelen, &n_doelen) != SQLITE_OK) {
		resultaat_free(&r);
		bron_free(&bron);
		free(doelen);
		return NULL;
	}
	/* every gemeente with a target gets a row, and "gemeente onbekend" always (unless one gemeente is asked for) */
	bool ok = true;
	for (size_t i = 0; i < n_doelen && ok; i++)
		if (!groep_zoek(&r, doelen[i].gemeente))
			ok = groep_voor(&r, doelen[i].gemeente) != NULL;
	if (ok && s->gem == GEM_NAAM && !groep_zoek(&r, s->gemeente))
		ok = groep_voor(&r, s->gemeente) != NULL;
	if (ok && s->gem != GEM_NAAM)
		ok = groep_voor(&r, NULL) != NULL;
	/* the effect summary (api_effecten.c); every gemeente it counts gets a row */
	struct kp_effect_periode ep = { s->per.van, s->per.tot, today, (int)s->gem, s->gem == GEM_NAAM ? s->gemeente : NULL,
					s->werkgebied, s->programma };
	struct kp_effect_telling *eff = ok ? kp_effecten_periode(c, p, &ep) : NULL;
	ok = eff != NULL;
	for (size_t i = 0; ok && i < kp_effect_telling_aantal(eff); i++)
		ok = groep_voor(&r, kp_effect_telling_naam(eff, i)) != NULL;
	ok = ok && resultaat_sorteer(&r);
	/* the peildatum of the targets: the period's end, or today, within the year; in the disclosure-controlled
	 * view never today but the end of the last whole month, so the realised counts move at most monthly */
	char peil[11], einde[11];
	snprintf(einde, sizeof einde, "%04d-12-31", s->per.jaar);
	snprintf(peil, sizeof peil, "%s", strcmp(s->per.tot, today) < 0 ? s->per.tot : today);
	struct kp_date td;
	if (!exact && strcmp(s->per.tot, today) >= 0 && kp_date_parse(today, &td)) {
		td.d = 1;
		kp_date_format(kp_date_add_days(td, -1), peil);
	}
	if (strcmp(peil, einde) > 0)
		memcpy(peil, einde, sizeof peil);
	struct ytd_cache ytd = { .bron = &bron };
	struct kp_cijfers *shown = calloc(r.n ? r.n : 1, sizeof *shown);
	json_t *gem = json_array();
	ok = ok && shown && gem;
	for (size_t i = 0; ok && i < r.n; i++) {
		kp_cijfers_bereken(&r.groepen[i].g, nr, exact, &shown[i]);
		const char *naam = r.groepen[i].naam;
		json_t *dj = naam ? doelen_json(c, p, s, doelen, n_doelen, naam, exact, peil, &ytd)
				  : json_array();
		json_t *cj = kp_cijfers_json(&shown[i], kp_stopredenen);
		if (cj && json_object_set_new(cj, "effecten", kp_effect_telling_json(eff, false, naam, exact)) != 0) {
			json_decref(cj);
			cj = NULL;
		}
		json_t *e = dj && cj ? json_pack("{s:o, s:s, s:o, s:o}", "gemeente", naam ? json_string(naam) : json_null(), "naam",
						 naam ? naam : "gemeente onbekend", "cijfers", cj, "doelen", dj)
				     : NULL;
		if (!dj || !cj) {
			json_decref(dj);
			json_decref(cj);
		}
		ok = e && json_array_append_new(gem, e) == 0;
	}
	struct kp_cijfers tot;
	if (exact)
		kp_cijfers_bereken(&r.totaal, nr, true, &tot);
	else
		kp_cijfers_som(shown, r.n, &r.totaal, nr, &tot);
	json_t *out = NULL, *tj = ok ? kp_cijfers_json(&tot, kp_stopredenen) : NULL;
	if (tj && json_object_set_new(tj, "effecten", kp_effect_telling_json(eff, true, NULL, exact)) != 0) {
		json_decref(tj);
		tj = NULL;
	}
	if (ok && tj) {
		json_t *periode = json_pack("{s:s, s:s, s:s, s:I}", "van", s->per.van, "tot", s->per.tot, "soort",
					    kp_periode_soort_naam(s->per.soort), "jaar", (json_int_t)s->per.jaar);
		if (periode && s->per.nummer)
			json_object_set_new(periode, s->per.soort == KP_PERIODE_KWARTAAL ? "kwartaal" : "halfjaar",
					    json_integer(s->per.nummer));
		if (periode)
			json_object_set_new(periode, "peildatumDoelen", json_string(peil));
		out = json_pack("{s:o, s:{s:o, s:o, s:o}, s:b, s:o, s:o, s:n}", "periode", periode, "filter", "gemeente",
				s->gem == GEM_NAAM	   ? json_string(s->gemeente)
				: s->gem == GEM_ONBEKEND ? json_string("onbekend")
							 : json_null(),
				"werkgebied", id_naam(s->werkgebied, s->werkgebied_naam), "programma",
				id_naam(s->programma, s->programma_naam), "afgerondOpVijf", !exact, "totaal", tj, "gemeenten",
				gem, "vastgesteld");
		gem = NULL;
	} else {
		json_decref(tj);
	}
	kp_effect_telling_free(eff);
	json_decref(gem);
	free(shown);
	ytd_free(&ytd);
	resultaat_free(&r);
	bron_free(&bron);
	free(doelen);
	return out;
}

/* --- parameters ----------------------------------------------------------------- */

/*
 * Checks the filters of a request against what p may see and fills s:
 * gemeente one of p's gemeenten (werkgebied lists, visible families, the
 * history of p's werkgebieden) or "onbekend"; werkgebied one of p's
 * (beheerder: any); programma an existing programme. Returns NULL, or the
 * 400 problem naming each parameter at fault (prefix "/" for a body). On a
 * database error *dberr is set.
 */
static json_t *filters_check(struct kp_conn *c, const struct kp_principal *p, const char *gemeente, const char *werkgebied,
			     const char *programma, const char *prefix, struct selectie *s, bool *dberr)
{
	json_t *pr = NULL;
	char veld[32];
#define FOUT(naam, tekst)                                                                          \
	do {                                                                                       \
		if (!pr)                                                                           \
			pr = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de keuzes van het rapport."); \
		snprintf(veld, sizeof veld, "%s%s", prefix, naam);                                 \
		kp_problem_add_invalid_param(pr, veld, tekst);                                     \
	} while (0)
	*dberr = false;
	s->gem = GEM_ALLE;
	if (gemeente) {
		if (strcmp(gemeente, "onbekend") == 0) {
			s->gem = GEM_ONBEKEND;
		} else {
			sqlite3_stmt *st = kp_utf8_length(gemeente) <= 100 ? kp_scope_stmt(c,
				"SELECT n FROM (SELECT wg.gemeente AS n, 0 AS o FROM werkgebied_gemeenten wg WHERE (:kp_alles = 1 "
				"OR wg.werkgebied_id IN " KP_SQL_SCOPE_WG ") AND wg.gemeente = :gemeente COLLATE NOCASE "
				"UNION ALL SELECT g.gemeente, 1 FROM gezinnen g WHERE g.gemeente = :gemeente COLLATE NOCASE AND "
				KP_SQL_GEZIN_ZICHTBAAR("g") " UNION ALL SELECT hg.gemeente, 2 FROM gezin_gemeenten hg WHERE "
				"hg.gemeente = :gemeente COLLATE NOCASE AND (:kp_alles = 1 OR hg.werkgebied_id IN " KP_SQL_SCOPE_WG "))"
				" ORDER BY o, n LIMIT 1", p) : NULL;
			int rc = SQLITE_DONE;
			if (st) {
				bind_text(st, ":gemeente", gemeente);
				rc = sqlite3_step(st);
				if (rc == SQLITE_ROW) {
					snprintf(s->gemeente, sizeof s->gemeente, "%s", (const char *)sqlite3_column_text(st, 0));
					s->gem = GEM_NAAM;
				}
				sqlite3_reset(st);
			}
			if (rc != SQLITE_ROW && rc != SQLITE_DONE)
				*dberr = true;
			if (rc != SQLITE_ROW)
				FOUT("gemeente", "Kies een gemeente uit de lijst, of onbekend.");
		}
	}
	s->werkgebied = 0;
	if (werkgebied) {
		int64_t id = 0;
		int rc = SQLITE_DONE;
		sqlite3_stmt *st = kp_parse_id(werkgebied, &id) ? kp_scope_stmt(c,
			"SELECT w.naam FROM werkgebieden w WHERE w.id = :werkgebied AND (:kp_alles = 1 OR w.id IN " KP_SQL_SCOPE_WG ")",
			p) : NULL;
		if (st) {
			bind_int(st, ":werkgebied", id);
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW) {
				snprintf(s->werkgebied_naam, sizeof s->werkgebied_naam, "%s", (const char *)sqlite3_column_text(st, 0));
				s->werkgebied = id;
			}
			sqlite3_reset(st);
		}
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			*dberr = true;
		if (rc != SQLITE_ROW)
			FOUT("werkgebied", "Kies een van uw werkgebieden.");
	}
	s->programma = 0;
	if (programma) {
		int64_t id = 0;
		int rc = SQLITE_DONE;
		sqlite3_stmt *st = kp_parse_id(programma, &id) ? kp_conn_stmt(c, "SELECT naam FROM programmas WHERE id = ?1") : NULL;
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW) {
				snprintf(s->programma_naam, sizeof s->programma_naam, "%s", (const char *)sqlite3_column_text(st, 0));
				s->programma = id;
			}
			sqlite3_reset(st);
		}
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			*dberr = true;
		if (rc != SQLITE_ROW)
			FOUT("programma", "Kies een bestaand programma.");
	}
#undef FOUT
	return pr;
}

/* The period parameters as a problem naming the one at fault (prefix "/" for a body), or NULL with *per filled. */
static json_t *periode_check(const char *jaar, const char *kwartaal, const char *halfjaar, const char *van, const char *tot,
			     const char *prefix, struct kp_periode *per)
{
	const char *reden = NULL;
	const char *naam = kp_periode_parse(jaar, kwartaal, halfjaar, van, tot, per, &reden);
	if (!naam)
		return NULL;
	char veld[32];
	snprintf(veld, sizeof veld, "%s%s", prefix, naam);
	json_t *pr = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de periode van het rapport.");
	kp_problem_add_invalid_param(pr, veld, reden);
	return pr;
}

/* The normalised parameters of s (stored with a vaststelling and echoed in audit entries). */
static json_t *parameters_json(const struct selectie *s)
{
	json_t *o = json_pack("{s:s, s:I, s:s, s:s}", "soort", kp_periode_soort_naam(s->per.soort), "jaar",
			      (json_int_t)s->per.jaar, "van", s->per.van, "tot", s->per.tot);
	if (!o)
		return NULL;
	if (s->per.nummer)
		json_object_set_new(o, s->per.soort == KP_PERIODE_KWARTAAL ? "kwartaal" : "halfjaar", json_integer(s->per.nummer));
	json_object_set_new(o, "gemeente", s->gem == GEM_NAAM ? json_string(s->gemeente)
					   : s->gem == GEM_ONBEKEND ? json_string("onbekend")
								    : json_null());
	json_object_set_new(o, "werkgebied", s->werkgebied ? json_integer(s->werkgebied) : json_null());
	json_object_set_new(o, "programma", s->programma ? json_integer(s->programma) : json_null());
	return o;
}

/* Parameter value of a body member as text for the shared checks (buf for numbers); NULL when absent or null. */
static const char *body_param(const json_t *body, const char *name, char *buf, size_t len)
{
	const json_t *v = json_object_get(body, name);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

/* --- CSV --------------------------------------------------------------------------- */

/* One "gemeente;onderdeel;waarde" row for a figure v: a count, "<5", a decimal number or empty. */
static void csv_rij(struct kp_buf *b, const char *gem, const char *label, const json_t *v, double scale)
{
	kp_csv_field(b, gem, false);
	kp_csv_field(b, label, false);
	if (json_is_integer(v))
		kp_csv_number(b, (double)json_integer_value(v), 0, true);
	else if (json_is_real(v))
		kp_csv_number(b, json_real_value(v) * scale, 1, true);
	else if (json_is_string(v))
		kp_csv_field(b, json_string_value(v), true);
	else
		kp_csv_field(b, NULL, true);
}

/* The rows of one <cijfers> object under gemeente label gem. */
static void csv_cijfers(struct kp_buf *b, const char *gem, const json_t *c)
{
	static const struct {
		const char *pad[3];
		const char *label;
		double scale;
	} rijen[] = {
		{ { "gezinnen", "nieuw" }, "Gezinnen bereikt: nieuw", 1 },
		{ { "gezinnen", "lopend" }, "Gezinnen bereikt: lopend", 1 },
		{ { "gezinnen", "bereikt" }, "Gezinnen bereikt: totaal", 1 },
		{ { "kinderen", "nieuw" }, "Kinderen bereikt: nieuw", 1 },
		{ { "kinderen", "lopend" }, "Kinderen bereikt: lopend", 1 },
		{ { "kinderen", "bereikt" }, "Kinderen bereikt: totaal", 1 },
		{ { "koppelingen", "nieuw" }, "Koppelingen: nieuw", 1 },
		{ { "koppelingen", "lopend" }, "Koppelingen: lopend bij de start", 1 },
		{ { "koppelingen", "afgerond" }, "Koppelingen: afgerond", 1 },
		{ { "koppelingen", "gestopt" }, "Koppelingen: gestopt", 1 },
		{ { "wachttijdDagen", "vanafAanmelding", "mediaan" }, "Wachttijd vanaf aanmelding (dagen): mediaan", 1 },
		{ { "wachttijdDagen", "vanafAanmelding", "p90" }, "Wachttijd vanaf aanmelding (dagen): 90e percentiel", 1 },
		{ { "wachttijdDagen", "vanafIntake", "mediaan" }, "Wachttijd vanaf intake (dagen): mediaan", 1 },
		{ { "wachttijdDagen", "vanafIntake", "p90" }, "Wachttijd vanaf intake (dagen): 90e percentiel", 1 },
		{ { "duurDagen", "mediaan" }, "Duur beëindigde koppelingen (dagen): mediaan", 1 },
		{ { "duurDagen", "p90" }, "Duur beëindigde koppelingen (dagen): 90e percentiel", 1 },
		{ { "evaluaties", "gehouden" }, "Evaluaties gehouden", 1 },
		{ { "evaluaties", "gepland" }, "Evaluaties gepland", 1 },
		{ { "tevredenheid", "vraagkant" }, "Tevredenheid vraaggezinnen (1-10)", 1 },
		{ { "tevredenheid", "steunkant" }, "Tevredenheid steungezinnen (1-10)", 1 },
		{ { "doelvoortgang", "doelen" }, "Doelen geëvalueerd", 1 },
		{ { "doelvoortgang", "gemiddeldStart" }, "Doelen: gemiddelde score bij de start", 1 },
		{ { "doelvoortgang", "gemiddeldLaatst" }, "Doelen: gemiddelde laatste score", 1 },
		{ { "contactNaAfloop", "van" }, "Contact na afloop: bekend", 1 },
		{ { "contactNaAfloop", "aandeel" }, "Contact na afloop: aandeel (%)", 100 },
		{ { "zorgsignalen" }, "Zorgsignalen", 1 },
	};
	for (size_t i = 0; i < sizeof rijen / sizeof rijen[0]; i++) {
		const json_t *v = c;
		for (size_t k = 0; k < 3 && rijen[i].pad[k]; k++)
			v = json_object_get(v, rijen[i].pad[k]);
		csv_rij(b, gem, rijen[i].label, v, rijen[i].scale);
		if (i == 9) {
			size_t j;
			const json_t *r;
			json_array_foreach(json_object_get(json_object_get(c, "koppelingen"), "stopredenen"), j, r)
			{
				char label[160];
				snprintf(label, sizeof label, "Gestopt, reden: %s", json_string_value(json_object_get(r, "reden")));
				csv_rij(b, gem, label, json_object_get(r, "aantal"), 1);
			}
		}
	}
	kp_effect_csv(b, gem, json_object_get(c, "effecten"));
}

/*
 * Answers report `out` (the JSON as built, so with exactly the same
 * disclosure control) as CSV for Dutch Excel: rows "Gemeente;Onderdeel;
 * Waarde" with Dutch words, the region first as "Totaal", then each
 * gemeente with its figures and targets; dates dd-mm-jjjj, decimal comma.
 * Takes the reference.
 */
static void reply_csv(struct kp_request *req, json_t *out)
{
	struct kp_buf b = { 0 };
	kp_csv_begin(&b);
	kp_csv_field(&b, "Gemeente", false);
	kp_csv_field(&b, "Onderdeel", false);
	kp_csv_field(&b, "Waarde", true);
	const json_t *per = json_object_get(out, "periode"), *f = json_object_get(out, "filter");
	kp_csv_field(&b, "", false);
	kp_csv_field(&b, "Periode van", false);
	kp_csv_date(&b, json_string_value(json_object_get(per, "van")), true);
	kp_csv_field(&b, "", false);
	kp_csv_field(&b, "Periode tot en met", false);
	kp_csv_date(&b, json_string_value(json_object_get(per, "tot")), true);
	const char *g = json_string_value(json_object_get(f, "gemeente"));
	kp_csv_field(&b, "", false);
	kp_csv_field(&b, "Filter gemeente", false);
	kp_csv_field(&b, g ? (strcmp(g, "onbekend") == 0 ? "gemeente onbekend" : g) : "alle", true);
	kp_csv_field(&b, "", false);
	kp_csv_field(&b, "Filter werkgebied", false);
	const char *wg = json_string_value(json_object_get(json_object_get(f, "werkgebied"), "naam"));
	kp_csv_field(&b, wg ? wg : "alle", true);
	kp_csv_field(&b, "", false);
	kp_csv_field(&b, "Filter programma", false);
	const char *pg = json_string_value(json_object_get(json_object_get(f, "programma"), "naam"));
	kp_csv_field(&b, pg ? pg : "alle", true);
	kp_csv_field(&b, "", false);
	kp_csv_field(&b, "Afgerond op vijftallen", false);
	kp_csv_field(&b, json_is_true(json_object_get(out, "afgerondOpVijf")) ? "ja" : "nee", true);
	csv_cijfers(&b, "Totaal", json_object_get(out, "totaal"));
	size_t i;
	const json_t *gm;
	json_array_foreach(json_object_get(out, "gemeenten"), i, gm)
	{
		const char *naam = json_string_value(json_object_get(gm, "naam"));
		csv_cijfers(&b, naam, json_object_get(gm, "cijfers"));
		size_t j;
		const json_t *d;
		json_array_foreach(json_object_get(gm, "doelen"), j, d)
		{
			char label[NAAM_BYTES + 64];
			const char *pn = json_string_value(json_object_get(json_object_get(d, "programma"), "naam"));
			const char *eh = json_string_value(json_object_get(d, "eenheid"));
			static const struct {
				const char *veld, *woord;
			} dv[] = { { "minimum", "minimum" },	     { "maximum", "maximum" },
				   { "gerealiseerd", "gerealiseerd" }, { "verwachtNu", "verwacht tot nu" },
				   { "nogNodig", "nog nodig" },	     { "perMaandNodig", "per maand nodig" } };
			for (size_t k = 0; k < sizeof dv / sizeof dv[0]; k++) {
				snprintf(label, sizeof label, "Doel %s (%s): %s", eh ? eh : "",
					 pn ? pn : "alle programma's", dv[k].woord);
				csv_rij(&b, naam, label, json_object_get(d, dv[k].veld), 1);
			}
		}
	}
	char disp[160];
	snprintf(disp, sizeof disp, "attachment; filename=\"koppel-rapportage-%s-%s.csv\"",
		 json_string_value(json_object_get(per, "van")), json_string_value(json_object_get(per, "tot")));
	json_decref(out);
	if (b.failed) {
		kp_buf_free(&b);
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen voor de export.");
		return;
	}
	kp_reply_header(req, "Content-Disposition", disp);
	kp_reply_copy(req, 200, "text/csv; charset=utf-8", b.data, b.len);
	kp_buf_free(&b);
}

/* --- one computation at a time, within a deadline ----------------------------------- */

/* true while a report is being computed (period report, vaststelling, its regeneration) */
static atomic_bool rekenen_bezig;
/* the most milliseconds one computation may take; negative: no limit */
static atomic_long deadline_ms = 60000;

void kp_rapportages_deadline(long ms)
{
	atomic_store(&deadline_ms, ms);
}

static pthread_once_t deadline_once = PTHREAD_ONCE_INIT;

/* Reads KOPPEL_RAPPORT_DEADLINE_MS (milliseconds; negative: no limit) once, if set and well-formed. */
static void deadline_uit_omgeving(void)
{
	const char *v = getenv("KOPPEL_RAPPORT_DEADLINE_MS");
	if (!v || !*v)
		return;
	char *end;
	long ms = strtol(v, &end, 10);
	if (*end == '\0')
		kp_rapportages_deadline(ms);
}

bool kp_rapportages_rekenen_begin(void)
{
	return !atomic_exchange(&rekenen_bezig, true);
}

void kp_rapportages_rekenen_einde(void)
{
	atomic_store(&rekenen_bezig, false);
}

/* Why a guarded computation gave no report. */
enum bewaking { BEW_OK = 0, BEW_FOUT, BEW_BEZET, BEW_TE_LAAT };


/*
 * rapport_bouwen, but at most one at a time in the whole server (BEW_BEZET
 * when another runs) and interrupted after the deadline (BEW_TE_LAAT), so
 * that no caller can tie up the readers. *why says why NULL is returned.
 */
static json_t *rapport_bewaakt(struct kp_conn *c, const struct kp_principal *p, const struct selectie *s, bool exact,
			       const char *today, enum bewaking *why)
{
	if (!kp_rapportages_rekenen_begin()) {
		*why = BEW_BEZET;
		return NULL;
	}
	pthread_once(&deadline_once, deadline_uit_omgeving);
	long ms = atomic_load(&deadline_ms);
	struct termijn t = { .verlopen = false };
	sqlite3 *h = kp_conn_handle(c);
	if (ms >= 0) {
		clock_gettime(CLOCK_MONOTONIC, &t.eind);
		t.eind.tv_sec += ms / 1000;
		t.eind.tv_nsec += (ms % 1000) * 1000000L;
		if (t.eind.tv_nsec >= 1000000000L) {
			t.eind.tv_sec++;
			t.eind.tv_nsec -= 1000000000L;
		}
		sqlite3_progress_handler(h, 100, termijn_cb, &t);
		lopende_termijn = &t;
	}
	json_t *out = rapport_bouwen(c, p, s, exact, today);
	if (ms >= 0)
		sqlite3_progress_handler(h, 0, NULL, NULL);
	lopende_termijn = NULL;
	kp_rapportages_rekenen_einde();
	*why = out ? BEW_OK : t.verlopen ? BEW_TE_LAAT : BEW_FOUT;
	return out;
}

/* Answers a guarded computation that gave no report (why != BEW_OK). */
static void reply_bewaking(struct kp_request *req, enum bewaking why)
{
	if (why == BEW_BEZET) {
		kp_reply_header(req, "Retry-After", "5");
		kp_reply_problem(req, KP_P_UNAVAILABLE, "Er wordt al een rapport berekend. Probeer het zo opnieuw.");
	} else if (why == BEW_TE_LAAT) {
		kp_reply_header(req, "Retry-After", "60");
		kp_reply_problem(req, KP_P_UNAVAILABLE, "Het rapport kost te veel tijd. Kies een kortere periode of een filter.");
	} else {
		kp_reply_db_error(req);
	}
}

/* --- handlers ------------------------------------------------------------------------ */

/* The canonical text of a report (without "vastgesteld") and its SHA-256 in hex (65 bytes). NULL on an error. */
static char *canoniek(json_t *rapport, char hash[65])
{
	json_t *copy = json_copy(rapport);
	if (!copy)
		return NULL;
	json_object_del(copy, "vastgesteld");
	char *text = json_dumps(copy, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(copy);
	if (!text)
		return NULL;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(hash, 65, h, sizeof h);
	return text;
}

/*
 * The latest vaststelling of exactly these parameters the caller may see,
 * as {id, op, hash}, or null (also on an error: it is informative only).
 */
static json_t *laatste_vaststelling(struct kp_conn *c, const struct kp_principal *p, const char *params)
{
	sqlite3_stmt *st = kp_scope_stmt(c,
		"SELECT v.id, v.vastgesteld_op, v.hash FROM vaststellingen v WHERE v.parameters = :params AND (:kp_alles = 1 OR "
		"(v.werkgebieden IS NOT NULL AND json_array_length(v.werkgebieden) > 0 AND NOT EXISTS (SELECT 1 FROM "
		"json_each(v.werkgebieden) x WHERE x.value NOT IN "
		KP_SQL_SCOPE_WG "))) ORDER BY v.id DESC LIMIT 1", p);
	json_t *out = NULL;
	if (st) {
		bind_text(st, ":params", params);
		if (sqlite3_step(st) == SQLITE_ROW)
			out = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0), "op",
					(const char *)sqlite3_column_text(st, 1), "hash", (const char *)sqlite3_column_text(st, 2));
		sqlite3_reset(st);
	}
	return out ? out : json_null();
}

void api_rapportage_periode_get(struct kp_request *req)
{
	struct selectie s;
	memset(&s, 0, sizeof s);
	json_t *pr = periode_check(kp_req_query(req, "jaar"), kp_req_query(req, "kwartaal"), kp_req_query(req, "halfjaar"),
				   kp_req_query(req, "van"), kp_req_query(req, "tot"), "", &s.per);
	if (pr) {
		kp_reply_problem_json(req, pr);
		return;
	}
	const struct kp_principal *p = kp_req_principal(req);
	bool exact = p->rol != KP_ROLE_RAPPORTAGE;
	if (!exact && s.per.soort == KP_PERIODE_VRIJ) {
		/* free windows, slid a day at a time, would undo the rounding to fives */
		pr = kp_problem_json(KP_P_INVALID_INPUT, "Kies een jaar, halfjaar of kwartaal.");
		kp_problem_add_invalid_param(pr, "van", "Voor deze rol alleen een jaar, halfjaar of kwartaal.");
		kp_problem_add_invalid_param(pr, "tot", "Voor deze rol alleen een jaar, halfjaar of kwartaal.");
		kp_reply_problem_json(req, pr);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	bool dberr;
	pr = filters_check(c, p, kp_req_query(req, "gemeente"), kp_req_query(req, "werkgebied"), kp_req_query(req, "programma"),
			   "", &s, &dberr);
	if (pr || dberr) {
		kp_db_read_end(srv->db, c);
		if (dberr) {
			json_decref(pr);
			kp_reply_db_error(req);
		} else {
			kp_reply_problem_json(req, pr);
		}
		return;
	}
	char today[16];
	kp_today(today);
	enum bewaking why;
	json_t *out = rapport_bewaakt(c, p, &s, exact, today, &why);
	json_t *params = parameters_json(&s);
	char *ptext = params ? json_dumps(params, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(params);
	if (out && ptext && exact)
		json_object_set_new(out, "vastgesteld", laatste_vaststelling(c, p, ptext));
	kp_db_read_end(srv->db, c);
	if (!out || !ptext) {
		json_decref(out);
		free(ptext);
		reply_bewaking(req, out ? BEW_FOUT : why);
		return;
	}
	bool csv = kp_overzicht_wants_csv(req);
	if (csv)
		reply_csv(req, out);
	else
		kp_reply_json(req, 200, out);
	/* the audit entry names the report asked for (no family is named in it) */
	json_t *det = json_pack("{s:s, s:s}", "parameters", ptext, "formaat", csv ? "csv" : "json");
	char *dtext = det ? json_dumps(det, JSON_COMPACT) : NULL;
	json_decref(det);
	kp_req_audit_read(req, csv ? "exporteren" : "lezen", "rapportage", 0, dtext);
	free(dtext);
	free(ptext);
}

static const struct kp_field vaststelling_spec[] = {
	{ .name = "jaar", .type = KP_F_INTEGER, .min = 2000, .max = 2100 },
	{ .name = "kwartaal", .type = KP_F_INTEGER, .min = 1, .max = 4 },
	{ .name = "halfjaar", .type = KP_F_INTEGER, .min = 1, .max = 2 },
	{ .name = "van", .type = KP_F_STRING, .check = kp_check_date },
	{ .name = "tot", .type = KP_F_STRING, .check = kp_check_date },
	{ .name = "gemeente", .type = KP_F_STRING, .nullable = true, .min_len = 1, .max_len = 100 },
	{ .name = "werkgebied", .type = KP_F_INTEGER, .nullable = true, .min = 1, .max = INT64_MAX },
	{ .name = "programma", .type = KP_F_INTEGER, .nullable = true, .min = 1, .max = INT64_MAX },
};

const struct kp_spec kp_specs_rapportages[] = {
	KP_SPEC(vaststelling_spec),
	{ 0 },
};

/*
 * The werkgebieden a vaststelling by p with selection s holds, as a JSON
 * array text (malloc'ed), or NULL for a beheerder without a werkgebied
 * filter (everything). *err on out of memory.
 */
static char *vaststelling_scope(const struct kp_principal *p, const struct selectie *s, bool *err)
{
	*err = false;
	if (s->werkgebied) {
		char buf[32];
		snprintf(buf, sizeof buf, "[%lld]", (long long)s->werkgebied);
		char *t = strdup(buf);
		*err = !t;
		return t;
	}
	if (p->rol == KP_ROLE_BEHEERDER)
		return NULL;
	char *t = kp_principal_werkgebieden_json(p);
	*err = !t;
	return t;
}

/* A principal that sees exactly the werkgebieden in JSON array text (NULL: everything). false when malformed. */
static bool scope_principal(const char *werkgebieden, struct kp_principal *p)
{
	memset(p, 0, sizeof *p);
	if (!werkgebieden) {
		p->rol = KP_ROLE_BEHEERDER;
		return true;
	}
	p->rol = KP_ROLE_COORDINATOR;
	json_t *a = json_loads(werkgebieden, 0, NULL);
	size_t i;
	json_t *v;
	bool ok = json_is_array(a);
	json_array_foreach(a, i, v)
	{
		if (!json_is_integer(v) || p->n_werkgebieden >= KP_MAX_WERKGEBIEDEN) {
			ok = false;
			break;
		}
		p->werkgebieden[p->n_werkgebieden++] = json_integer_value(v);
	}
	json_decref(a);
	return ok;
}

/* Rebuilds the selection from stored parameters text; false when malformed. Names are re-read by filters_check. */
static bool selectie_uit(struct kp_conn *c, const struct kp_principal *scope, const char *params, struct selectie *s,
			 bool *dberr)
{
	*dberr = false;
	memset(s, 0, sizeof *s);
	json_t *o = json_loads(params, 0, NULL);
	if (!o)
		return false;
	char jb[16], kb[16], hb[16];
	const char *soort = json_string_value(json_object_get(o, "soort"));
	bool vrij = soort && strcmp(soort, "vrij") == 0;
	json_t *pr = periode_check(vrij ? NULL : body_param(o, "jaar", jb, sizeof jb), body_param(o, "kwartaal", kb, sizeof kb),
				   body_param(o, "halfjaar", hb, sizeof hb), vrij ? json_string_value(json_object_get(o, "van")) : NULL,
				   vrij ? json_string_value(json_object_get(o, "tot")) : NULL, "", &s->per);
	if (!pr) {
		char wb[24], pb[24];
		pr = filters_check(c, scope, json_string_value(json_object_get(o, "gemeente")),
				   body_param(o, "werkgebied", wb, sizeof wb), body_param(o, "programma", pb, sizeof pb), "", s, dberr);
	}
	json_decref(o);
	bool ok = !pr;
	json_decref(pr);
	return ok;
}

void api_vaststellingen_post(struct kp_request *req)
{
	json_t *body = kp_req_body(req);
	json_t *pr = kp_json_validate(body, vaststelling_spec, sizeof vaststelling_spec / sizeof vaststelling_spec[0], false);
	if (pr) {
		kp_reply_problem_json(req, pr);
		return;
	}
	char jb[16], kb[16], hb[16], wb[24], pb[24];
	struct selectie s;
	memset(&s, 0, sizeof s);
	pr = periode_check(body_param(body, "jaar", jb, sizeof jb), body_param(body, "kwartaal", kb, sizeof kb),
			   body_param(body, "halfjaar", hb, sizeof hb), body_param(body, "van", NULL, 0),
			   body_param(body, "tot", NULL, 0), "/", &s.per);
	if (pr) {
		kp_reply_problem_json(req, pr);
		return;
	}
	const struct kp_principal *p = kp_req_principal(req);
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	bool dberr;
	pr = filters_check(c, p, body_param(body, "gemeente", NULL, 0), body_param(body, "werkgebied", wb, sizeof wb),
			   body_param(body, "programma", pb, sizeof pb), "/", &s, &dberr);
	if (pr || dberr) {
		kp_db_read_end(srv->db, c);
		if (dberr) {
			json_decref(pr);
			kp_reply_db_error(req);
		} else {
			kp_reply_problem_json(req, pr);
		}
		return;
	}
	/* the figures are those of the scope stored with it, so a later regeneration covers the same families */
	bool err;
	char *wg = vaststelling_scope(p, &s, &err);
	struct kp_principal scope;
	char today[16], now[32], hash[65];
	kp_today(today);
	kp_format_time(kp_now(), now);
	if (!err && wg && strcmp(wg, "[]") == 0) {
		/* no werkgebied: the figures would be of nobody, and the vaststelling visible to no one but the beheerder */
		kp_db_read_end(srv->db, c);
		free(wg);
		kp_reply_problem(req, KP_P_FORBIDDEN, "U hebt geen werkgebied om een rapport voor vast te stellen.");
		return;
	}
	enum bewaking why = BEW_FOUT;
	json_t *out = !err && scope_principal(wg, &scope) ? rapport_bewaakt(c, &scope, &s, true, today, &why) : NULL;
	kp_db_read_end(srv->db, c);
	json_t *params = parameters_json(&s);
	char *ptext = params ? json_dumps(params, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	char *text = out ? canoniek(out, hash) : NULL;
	if (!text || !ptext) {
		json_decref(out);
		json_decref(params);
		free(ptext);
		free(text);
		free(wg);
		reply_bewaking(req, out ? BEW_FOUT : why);
		return;
	}
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w) {
		json_decref(out);
		json_decref(params);
		free(ptext);
		free(text);
		free(wg);
		return;
	}
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO vaststellingen(parameters, van, tot, werkgebieden, cijfers, hash, "
					   "vastgesteld_op, gebruiker_id, gebruikersnaam) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	int64_t id = 0;
	if (st) {
		sqlite3_bind_text(st, 1, ptext, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, s.per.van, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, s.per.tot, -1, SQLITE_TRANSIENT);
		if (wg)
			sqlite3_bind_text(st, 4, wg, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 8, p->gebruiker_id);
		sqlite3_bind_text(st, 9, p->gebruikersnaam, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_DONE)
			id = sqlite3_last_insert_rowid(kp_conn_handle(w));
	}
	free(text);
	free(wg);
	free(ptext);
	json_t *res = NULL;
	if (id > 0 && kp_req_audit(req, w, "vaststellen", "vaststelling", id, NULL) == SQLITE_OK) {
		json_object_set_new(out, "vastgesteld", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "op", now, "hash", hash));
		res = json_pack("{s:I, s:s, s:s, s:o, s:s, s:o}", "id", (json_int_t)id, "op", now, "hash", hash, "parameters",
				params, "door", p->gebruikersnaam, "rapport", out);
		params = out = NULL;
	}
	json_decref(params);
	json_decref(out);
	if (!kp_req_commit(req, w, res))
		return;
	char loc[80];
	snprintf(loc, sizeof loc, "/api/v1/rapportages/vaststellingen/%lld", (long long)id);
	kp_reply_header(req, "Location", loc);
	kp_reply_json(req, 201, res);
}

/*
 * The visibility of vaststelling alias v: the beheerder all; others those
 * whose werkgebieden are all theirs, and never one with an empty list.
 */
#define VASTSTELLING_ZICHTBAAR(v)                                                                               \
	"(:kp_alles = 1 OR (" v ".werkgebieden IS NOT NULL AND json_array_length(" v ".werkgebieden) > 0 AND NOT EXISTS (SELECT 1 FROM json_each(" v ".werkgebieden) x " \
	"WHERE x.value NOT IN " KP_SQL_SCOPE_WG ")))"

void api_vaststellingen_list(struct kp_request *req)
{
	const struct kp_principal *p = kp_req_principal(req);
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	sqlite3_stmt *st = kp_scope_stmt(c,
		"SELECT v.id, v.vastgesteld_op, v.hash, v.parameters, v.gebruikersnaam FROM vaststellingen v WHERE "
		VASTSTELLING_ZICHTBAAR("v") " ORDER BY v.id DESC LIMIT 500", p);
	json_t *arr = json_array();
	int rc = SQLITE_ERROR;
	if (st && arr) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			json_t *params = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
			json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:o, s:s?}", "id", (json_int_t)sqlite3_column_int64(st, 0),
							     "op", (const char *)sqlite3_column_text(st, 1), "hash",
							     (const char *)sqlite3_column_text(st, 2), "parameters",
							     params ? params : json_null(), "door",
							     (const char *)sqlite3_column_text(st, 4)));
		}
		sqlite3_reset(st);
	}
	kp_db_read_end(srv->db, c);
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "items", arr));
	kp_req_audit_read(req, "lezen", "vaststellingen", 0, NULL);
}

void api_vaststellingen_get(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	const struct kp_principal *p = kp_req_principal(req);
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	sqlite3_stmt *st = kp_scope_stmt(c,
		"SELECT v.vastgesteld_op, v.hash, v.parameters, v.werkgebieden, v.cijfers, v.gebruikersnaam FROM vaststellingen v "
		"WHERE v.id = :id AND " VASTSTELLING_ZICHTBAAR("v"), p);
	if (!st) {
		kp_db_read_end(srv->db, c);
		kp_reply_db_error(req);
		return;
	}
	bind_int(st, ":id", id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		kp_db_read_end(srv->db, c);
		if (rc == SQLITE_DONE)
			kp_reply_problem(req, KP_P_NOT_FOUND, "Deze vaststelling bestaat niet.");
		else
			kp_reply_db_error(req);
		return;
	}
	char *op = strdup((const char *)sqlite3_column_text(st, 0));
	char *hash = strdup((const char *)sqlite3_column_text(st, 1));
	char *params = strdup((const char *)sqlite3_column_text(st, 2));
	char *wg = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL : strdup((const char *)sqlite3_column_text(st, 3));
	json_t *frozen = json_loads((const char *)sqlite3_column_text(st, 4), 0, NULL);
	const char *door = (const char *)sqlite3_column_text(st, 5);
	char *door_c = door ? strdup(door) : NULL;
	sqlite3_reset(st);
	/* regenerate under the scope it was made with */
	struct kp_principal scope;
	struct selectie s;
	bool dberr = false;
	char today[16], hash_nu[65];
	kp_today(today);
	json_t *nu = NULL;
	enum bewaking why = BEW_FOUT;
	if (op && hash && params && frozen && scope_principal(wg, &scope) && selectie_uit(c, &scope, params, &s, &dberr))
		nu = rapport_bewaakt(c, &scope, &s, true, today, &why);
	kp_db_read_end(srv->db, c);
	char *text = nu ? canoniek(nu, hash_nu) : NULL;
	json_t *out = NULL;
	if (text) {
		json_t *verschillen = json_array();
		json_object_del(nu, "vastgesteld");
		kp_json_verschillen(frozen, nu, "", verschillen);
		json_t *vast = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "op", op, "hash", hash);
		json_object_set_new(frozen, "vastgesteld", json_copy(vast));
		json_object_set_new(nu, "vastgesteld", vast);
		out = json_pack("{s:I, s:s, s:s, s:s?, s:o, s:o, s:o, s:b, s:s, s:o}", "id", (json_int_t)id, "op", op, "hash", hash,
				"door", door_c, "parameters", json_loads(params, 0, NULL), "rapport", frozen, "nu", nu, "identiek",
				strcmp(hash, hash_nu) == 0 && json_array_size(verschillen) == 0, "hashNu", hash_nu,
				"verschillen", verschillen);
		frozen = nu = NULL;
	}
	free(text);
	json_decref(frozen);
	json_decref(nu);
	free(op);
	free(hash);
	free(params);
	free(wg);
	free(door_c);
	if (!out) {
		reply_bewaking(req, nu || text ? BEW_FOUT : why);
		return;
	}
	kp_reply_json(req, 200, out);
	kp_req_audit_read(req, "lezen", "vaststelling", id, NULL);
}
