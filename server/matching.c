/*
 * matching.c - see matching.h. The scorer is one function over plain
 * structs; the assignment is the shortest-augmenting-path Hungarian method
 * on rows = vraaggezinnen and columns = the supporters' free places (plus
 * empty places, so that leaving a vraaggezin unassigned is always possible).
 */
#include "matching.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regels.h"
#include "steun.h"

uint32_t kp_match_hash(const char *s)
{
	/* FNV-1a over the lowercased ASCII text; 0 is kept for "none" */
	uint32_t h = 2166136261u;
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 16777619u;
	}
	return h ? h : 1;
}

void kp_match_default_regels(struct kp_match_regels *r, bool estafette)
{
	static const uint8_t defaults[KP_CRIT_COUNT] = {
		[KP_CRIT_AFSTAND] = 20,	  [KP_CRIT_STEUNVORMEN] = 20, [KP_CRIT_DAGDELEN] = 15, [KP_CRIT_FREQUENTIE] = 5,
		[KP_CRIT_LEEFTIJD] = 10,  [KP_CRIT_TAAL] = 10,	      [KP_CRIT_WENSEN] = 10,   [KP_CRIT_ERVARING] = 5,
		[KP_CRIT_INTERESSES] = 3, [KP_CRIT_STEUNSTIJL] = 2,
	};
	memset(r, 0, sizeof *r);
	r->rollen = 0x1E; /* every supporting role */
	memcpy(r->gewicht, defaults, sizeof defaults);
	if (estafette)
		r->gewicht[KP_CRIT_ERVARING] = 30;
}

double kp_match_km(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = 3.14159265358979323846 / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	return 2.0 * 6371.0 * asin(sqrt(a < 1.0 ? a : 1.0));
}

static int popcount32(uint32_t x)
{
	return __builtin_popcount(x);
}

/* How many of a[0..na) occur in b[0..nb). */
static int shared(const uint32_t *a, uint8_t na, const uint32_t *b, uint8_t nb)
{
	int n = 0;
	for (uint8_t i = 0; i < na; i++)
		for (uint8_t j = 0; j < nb; j++)
			if (a[i] == b[j]) {
				n++;
				break;
			}
	return n;
}

void kp_match_score(const struct kp_match_vraag *v, const struct kp_match_steun *s, const struct kp_match_regels *r,
		    struct kp_match_uitkomst *out)
{
	float *d = out->deel;
	out->uitgesloten = 0;
	out->risico = 0;
	out->afstand_km = -1.0f;
	if (!s->beschikbaar)
		out->uitgesloten |= KP_HARD_NIET_BESCHIKBAAR;
	if (!s->vog_geldig)
		out->uitgesloten |= KP_HARD_GEEN_VOG;
	if (s->actief >= (s->capaciteit ? s->capaciteit : 1))
		out->uitgesloten |= KP_HARD_VOL;
	if (!kp_regels_rol_toegestaan(r->rollen, s->rol)) /* the programme's rules: regels.c */
		out->uitgesloten |= KP_HARD_ROL;
	if (s->gestopt_paar)
		out->uitgesloten |= KP_HARD_GESTOPT;
	if (s->uitgesloten)
		out->uitgesloten |= KP_HARD_UITGESLOTEN;
	if (v->id && v->id == s->id)
		out->uitgesloten |= KP_HARD_ZELF;

	/* distance: 1 up to 2 km, falling linearly to 0 at the limit (25 km when none is set) */
	if (v->has_coord && s->has_coord) {
		double km = kp_match_km(v->lat, v->lon, s->lat, s->lon);
		out->afstand_km = (float)km;
		double limit = s->max_km ? s->max_km : 25.0;
		if (r->max_km && r->max_km < limit)
			limit = r->max_km;
		if ((s->max_km && km > s->max_km) || kp_regels_te_ver(r->max_km, km))
			out->uitgesloten |= KP_HARD_TE_VER;
		d[KP_CRIT_AFSTAND] = km <= 2.0 ? 1.0f : km >= limit ? 0.0f : (float)(1.0 - (km - 2.0) / (limit - 2.0));
		if (km > 10.0)
			out->risico |= KP_RISICO_VER;
	} else {
		d[KP_CRIT_AFSTAND] = 0.5f;
	}
	int asked = popcount32(v->steunvormen);
	d[KP_CRIT_STEUNVORMEN] = asked ? (float)popcount32(v->steunvormen & s->steunvormen) / (float)asked : 0.5f;
	asked = popcount32(v->dagdelen);
	d[KP_CRIT_DAGDELEN] = asked ? (float)popcount32(v->dagdelen & s->dagdelen) / (float)asked : 0.5f;
	d[KP_CRIT_FREQUENTIE] = v->frequentie < 0 || s->frequentie < 0 ? 0.5f : v->frequentie == s->frequentie ? 1.0f : 0.3f;
	if (v->n_kinderen) {
		int ok = 0;
		for (uint8_t i = 0; i < v->n_kinderen; i++)
			ok += v->leeftijden[i] >= s->leeftijd_van && v->leeftijden[i] <= s->leeftijd_tot;
		d[KP_CRIT_LEEFTIJD] = (float)ok / (float)v->n_kinderen;
	} else {
		d[KP_CRIT_LEEFTIJD] = 0.5f;
	}
	d[KP_CRIT_TAAL] = v->n_talen && s->n_talen ? (shared(v->talen, v->n_talen, s->talen, s->n_talen) ? 1.0f : 0.0f) : 0.5f;
	int wishes = v->wil_man + v->geen_huisdieren + v->niet_roken + (v->levensbeschouwing != 0);
	int met = (v->wil_man && s->man) + (v->geen_huisdieren && !s->huisdieren) + (v->niet_roken && !s->rookt) +
		  (v->levensbeschouwing && v->levensbeschouwing == s->levensbeschouwing);
	d[KP_CRIT_WENSEN] = wishes ? (float)met / (float)wishes : 0.5f;
	if (met < wishes)
		out->risico |= KP_RISICO_WENS;
	d[KP_CRIT_ERVARING] = v->n_themas ? (float)shared(v->themas, v->n_themas, s->themas, s->n_themas) / (float)v->n_themas
					  : 0.5f;
	if (v->n_interesses && s->n_interesses) {
		int n = shared(v->interesses, v->n_interesses, s->interesses, s->n_interesses);
		d[KP_CRIT_INTERESSES] = n >= 2 ? 1.0f : n == 1 ? 0.7f : 0.2f;
	} else {
		d[KP_CRIT_INTERESSES] = 0.5f;
	}
	d[KP_CRIT_STEUNSTIJL] = v->steunstijl < 0 || s->steunstijl < 0 ? 0.5f
				: v->steunstijl == s->steunstijl ? 1.0f
				: (v->steunstijl == 1 || s->steunstijl == 1) ? 0.6f : 0.0f;
	if (s->capaciteit > 1 && s->actief + 1 == s->capaciteit)
		out->risico |= KP_RISICO_BIJNA_VOL;
	if (s->vog_verloopt)
		out->risico |= KP_RISICO_VOG_VERLOOPT;

	float sum = 0, weights = 0;
	for (int c = 0; c < KP_CRIT_COUNT; c++) {
		sum += d[c] * r->gewicht[c];
		weights += r->gewicht[c];
	}
	out->score = weights > 0 ? (uint8_t)lroundf(100.0f * sum / weights) : 0;
}

size_t kp_match_rank(const struct kp_match_vraag *v, const struct kp_match_steun *s, size_t n,
		     const struct kp_match_regels *r, struct kp_match_uitkomst *out, uint32_t *order)
{
	/* score, then counting sort on the score (0..100) keeps equal scores in input order */
	size_t count[101] = { 0 }, k = 0;
	for (size_t i = 0; i < n; i++) {
		kp_match_score(v, &s[i], r, &out[i]);
		if (!out[i].uitgesloten)
			count[out[i].score]++;
	}
	size_t start[101];
	size_t pos = 0;
	for (int sc = 100; sc >= 0; sc--) {
		start[sc] = pos;
		pos += count[sc];
	}
	for (size_t i = 0; i < n; i++)
		if (!out[i].uitgesloten)
			order[start[out[i].score]++] = (uint32_t)i;
	k = pos;
	/* equal scores ordered by id: a stable key, whatever the input order */
	for (size_t a = 1; a < k; a++) {
		uint32_t x = order[a];
		size_t b = a;
		while (b > 0 && out[order[b - 1]].score == out[x].score && s[order[b - 1]].id > s[x].id) {
			order[b] = order[b - 1];
			b--;
		}
		order[b] = x;
	}
	return k;
}

const char *kp_match_crit_naam(enum kp_crit c)
{
	static const char *const names[KP_CRIT_COUNT] = { "afstand", "steunvormen", "dagdelen", "frequentie",
							  "leeftijd", "taal", "wensen", "ervaring", "interesses",
							  "steunstijl" };
	return (unsigned)c < KP_CRIT_COUNT ? names[c] : "?";
}

const char *kp_match_hard_zin(unsigned bit)
{
	switch (bit) {
	case KP_HARD_NIET_BESCHIKBAAR:
		return "Niet beschikbaar.";
	case KP_HARD_GEEN_VOG:
		return "Geen geldige VOG voor alle volwassenen.";
	case KP_HARD_VOL:
		return "Geen ruimte meer: de capaciteit is bereikt.";
	case KP_HARD_ROL:
		return "Dit programma werkt niet met deze soort steunbiedend gezin.";
	case KP_HARD_GESTOPT:
		return "Een eerdere koppeling met dit gezin is gestopt.";
	case KP_HARD_UITGESLOTEN:
		return "Met de hand uitgesloten voor dit gezin.";
	case KP_HARD_TE_VER:
		return "Woont verder weg dan de maximale afstand.";
	case KP_HARD_ZELF:
		return "Dit is het vraaggezin zelf.";
	}
	return "";
}

const char *kp_match_risico_zin(unsigned bit)
{
	switch (bit) {
	case KP_RISICO_BIJNA_VOL:
		return "Bijna vol: na deze koppeling is er geen ruimte meer.";
	case KP_RISICO_VOG_VERLOOPT:
		return "De VOG verloopt binnen drie maanden.";
	case KP_RISICO_VER:
		return "Woont verder dan 10 km weg.";
	case KP_RISICO_WENS:
		return "Niet elke wens van het gezin wordt vervuld.";
	}
	return "";
}

/* Appends the Dutch names of the day parts in mask to buf ("woensdag middag en zaterdag ochtend"). */
static void dagdelen_tekst(uint32_t mask, char *buf, size_t len)
{
	size_t used = 0;
	int total = popcount32(mask), done = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < kp_dagdelen.n && used < len; i++) {
		if (!(mask & (1u << i)))
			continue;
		done++;
		int k = snprintf(buf + used, len - used, "%s%s", done == 1 ? "" : done == total ? " en " : ", ",
				 kp_dagdelen.terms[i].naam);
		if (k < 0)
			break;
		used += (size_t)k;
	}
}

/* A distance with a decimal comma: "2,4". */
static void km_tekst(float km, char *buf, size_t len)
{
	long tenths = lroundf(km * 10.0f);
	snprintf(buf, len, "%ld,%ld", tenths / 10, tenths % 10);
}

void kp_match_zin(enum kp_crit c, const struct kp_match_vraag *v, const struct kp_match_steun *s,
		  const struct kp_match_uitkomst *u, char *buf, size_t len)
{
	char a[200];
	switch (c) {
	case KP_CRIT_AFSTAND:
		if (u->afstand_km < 0) {
			snprintf(buf, len, "Afstand onbekend (postcode zonder coördinaten); telt neutraal.");
		} else {
			km_tekst(u->afstand_km, a, sizeof a);
			snprintf(buf, len, "Woont op %s km.", a);
		}
		return;
	case KP_CRIT_STEUNVORMEN:
		if (!v->steunvormen)
			snprintf(buf, len, "Geen steunvormen gevraagd; telt neutraal.");
		else
			snprintf(buf, len, "Biedt %d van de %d gevraagde steunvormen.", popcount32(v->steunvormen & s->steunvormen),
				 popcount32(v->steunvormen));
		return;
	case KP_CRIT_DAGDELEN:
		if (!v->dagdelen) {
			snprintf(buf, len, "Geen dagdelen gevraagd; telt neutraal.");
		} else {
			char gevraagd[200];
			dagdelen_tekst(v->dagdelen, gevraagd, sizeof gevraagd);
			if (!(v->dagdelen & s->dagdelen)) {
				snprintf(buf, len, "Kan niet op de gevraagde dagdelen (%s).", gevraagd);
			} else {
				dagdelen_tekst(v->dagdelen & s->dagdelen, a, sizeof a);
				snprintf(buf, len, "Kan op %s, gevraagd: %s.", a, gevraagd);
			}
		}
		return;
	case KP_CRIT_FREQUENTIE:
		if (v->frequentie < 0 || s->frequentie < 0)
			snprintf(buf, len, "Frequentie niet bekend; telt neutraal.");
		else if (v->frequentie == s->frequentie)
			snprintf(buf, len, "Dezelfde frequentie: %s.", kp_frequenties.terms[v->frequentie].naam);
		else
			snprintf(buf, len, "Andere frequentie: gevraagd %s, aangeboden %s.", kp_frequenties.terms[v->frequentie].naam,
				 kp_frequenties.terms[s->frequentie].naam);
		return;
	case KP_CRIT_LEEFTIJD: {
		if (!v->n_kinderen) {
			snprintf(buf, len, "Geen leeftijden van kinderen bekend; telt neutraal.");
			return;
		}
		size_t used = 0;
		a[0] = '\0';
		for (uint8_t i = 0; i < v->n_kinderen && used < sizeof a; i++)
			used += (size_t)snprintf(a + used, sizeof a - used, "%s%u", i ? (i + 1 == v->n_kinderen ? " en " : ", ") : "",
						 v->leeftijden[i]);
		snprintf(buf, len, "Kan kinderen van %u tot %u jaar aan; %s %s jaar.", s->leeftijd_van, s->leeftijd_tot,
			 v->n_kinderen == 1 ? "het kind is" : "de kinderen zijn", a);
		return;
	}
	case KP_CRIT_TAAL:
		if (!v->n_talen || !s->n_talen)
			snprintf(buf, len, "Talen niet bekend; telt neutraal.");
		else
			snprintf(buf, len, shared(v->talen, v->n_talen, s->talen, s->n_talen) ? "Spreekt een taal van het gezin."
												 : "Spreekt geen van de talen van het gezin.");
		return;
	case KP_CRIT_WENSEN: {
		int wishes = v->wil_man + v->geen_huisdieren + v->niet_roken + (v->levensbeschouwing != 0);
		if (!wishes) {
			snprintf(buf, len, "Geen wensen opgegeven.");
			return;
		}
		size_t used = 0;
		a[0] = '\0';
		const char *unmet[4];
		int n = 0;
		if (v->wil_man && !s->man)
			unmet[n++] = "een mannelijk rolmodel";
		if (v->geen_huisdieren && s->huisdieren)
			unmet[n++] = "geen huisdieren";
		if (v->niet_roken && s->rookt)
			unmet[n++] = "niet roken";
		if (v->levensbeschouwing && v->levensbeschouwing != s->levensbeschouwing)
			unmet[n++] = "dezelfde levensbeschouwing";
		for (int i = 0; i < n && used < sizeof a; i++)
			used += (size_t)snprintf(a + used, sizeof a - used, "%s%s", i ? ", " : "", unmet[i]);
		if (n == 0)
			snprintf(buf, len, "Alle %d wensen vervuld.", wishes);
		else
			snprintf(buf, len, "%d van de %d wensen vervuld; niet: %s.", wishes - n, wishes, a);
		return;
	}
	case KP_CRIT_ERVARING:
		if (!v->n_themas)
			snprintf(buf, len, "Geen thema's opgegeven; telt neutraal.");
		else
			snprintf(buf, len, "Herkent %d van de %d thema's uit eigen ervaring.",
				 shared(v->themas, v->n_themas, s->themas, s->n_themas), v->n_themas);
		return;
	case KP_CRIT_INTERESSES:
		if (!v->n_interesses || !s->n_interesses)
			snprintf(buf, len, "Interesses niet bekend; telt neutraal.");
		else
			snprintf(buf, len, "%d gedeelde interesse(s).", shared(v->interesses, v->n_interesses, s->interesses, s->n_interesses));
		return;
	case KP_CRIT_STEUNSTIJL:
		if (v->steunstijl < 0 || s->steunstijl < 0)
			snprintf(buf, len, "Steunstijl niet bekend; telt neutraal.");
		else if (v->steunstijl == s->steunstijl)
			snprintf(buf, len, "Steunstijl past: %s.", kp_steunstijlen.terms[s->steunstijl].naam);
		else
			snprintf(buf, len, "Andere steunstijl: gewenst %s, aangeboden %s.", kp_steunstijlen.terms[v->steunstijl].naam,
				 kp_steunstijlen.terms[s->steunstijl].naam);
		return;
	case KP_CRIT_COUNT:
		break;
	}
	snprintf(buf, len, "?");
}

/* --- assignment --------------------------------------------------------------- */

long kp_match_assign(const int16_t *score, size_t n, size_t m, const uint8_t *cap, const int16_t *bonus, int32_t *assign)
{
	size_t places = 0;
	for (size_t j = 0; j < m; j++)
		places += cap[j];
	size_t cols = places > n ? places : n; /* empty places make "unassigned" possible */
	int32_t *col_of = malloc((cols + 1) * sizeof *col_of);
	long long *u = calloc(n + 1, sizeof *u), *vv = calloc(cols + 1, sizeof *vv), *minv = malloc((cols + 1) * sizeof *minv);
	size_t *p = calloc(cols + 1, sizeof *p), *way = calloc(cols + 1, sizeof *way);
	unsigned char *used = malloc(cols + 1);
	if (!col_of || !u || !vv || !minv || !p || !way || !used) {
		free(col_of), free(u), free(vv), free(minv), free(p), free(way), free(used);
		return -1;
	}
	size_t k = 1;
	for (size_t j = 0; j < m; j++)
		for (uint8_t c = 0; c < cap[j]; c++)
			col_of[k++] = (int32_t)j;
	for (; k <= cols; k++)
		col_of[k] = -1;
	/* cost of row i (1-based) in column c: minus the value, 0 for excluded pairs and empty places */
#define COST(i, c)                                                                                            \
	(col_of[c] < 0 || score[((i) - 1) * m + (size_t)col_of[c]] < 0                                        \
		 ? 0LL                                                                                        \
		 : -(long long)(score[((i) - 1) * m + (size_t)col_of[c]] + (bonus ? bonus[(i) - 1] : 0)))
	const long long INF = (long long)1 << 60;
	for (size_t i = 1; i <= n; i++) {
		p[0] = i;
		size_t j0 = 0;
		for (size_t j = 0; j <= cols; j++) {
			minv[j] = INF;
			used[j] = 0;
		}
		do {
			used[j0] = 1;
			size_t i0 = p[j0], j1 = 0;
			long long delta = INF;
			for (size_t j = 1; j <= cols; j++) {
				if (used[j])
					continue;
				long long cur = COST(i0, j) - u[i0] - vv[j];
				if (cur < minv[j]) {
					minv[j] = cur;
					way[j] = j0;
				}
				if (minv[j] < delta) {
					delta = minv[j];
					j1 = j;
				}
			}
			for (size_t j = 0; j <= cols; j++) {
				if (used[j]) {
					u[p[j]] += delta;
					vv[j] -= delta;
				} else {
					minv[j] -= delta;
				}
			}
			j0 = j1;
		} while (p[j0] != 0);
		do {
			size_t j1 = way[j0];
			p[j0] = p[j1];
			j0 = j1;
		} while (j0);
	}
#undef COST
	long total = 0;
	for (size_t i = 0; i < n; i++)
		assign[i] = -1;
	for (size_t c = 1; c <= cols; c++) {
		if (!p[c] || col_of[c] < 0)
			continue;
		size_t i = p[c] - 1;
		int16_t sc = score[i * m + (size_t)col_of[c]];
		if (sc < 0)
			continue; /* an excluded pair placed only to fill the square: unassigned */
		assign[i] = col_of[c];
		total += sc;
	}
	free(col_of), free(u), free(vv), free(minv), free(p), free(way), free(used);
	return total;
}

struct pair {
	int16_t score;
	uint32_t i, j;
};

static int by_score_desc(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->score != y->score)
		return y->score - x->score;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->j < y->j ? -1 : (x->j > y->j);
}

long kp_match_greedy(const int16_t *score, size_t n, size_t m, const uint8_t *cap, int32_t *assign)
{
	size_t cells = n * m;
	struct pair *pairs = malloc((cells > 0 ? cells : 1) * sizeof *pairs);
	uint8_t *left = malloc(m ? m : 1);
	if (!pairs || !left) {
		free(pairs);
		free(left);
		return -1;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < m; j++)
			if (score[i * m + j] >= 0)
				pairs[k++] = (struct pair){ score[i * m + j], (uint32_t)i, (uint32_t)j };
	qsort(pairs, k, sizeof *pairs, by_score_desc);
	memcpy(left, cap, m);
	for (size_t i = 0; i < n; i++)
		assign[i] = -1;
	long total = 0;
	for (size_t x = 0; x < k; x++) {
		if (assign[pairs[x].i] >= 0 || !left[pairs[x].j])
			continue;
		assign[pairs[x].i] = (int32_t)pairs[x].j;
		left[pairs[x].j]--;
		total += pairs[x].score;
	}
	free(pairs);
	free(left);
	return total;
}
