/*
 * rapportage.c - see rapportage.h.
 */
#include "rapportage.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses a whole decimal number between lo and hi; false on anything else. */
static bool parse_int(const char *s, int lo, int hi, int *out)
{
	if (!s || !*s || strlen(s) > 6)
		return false;
	int v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

const char *kp_periode_parse(const char *jaar, const char *kwartaal, const char *halfjaar, const char *van,
			     const char *tot, struct kp_periode *out, const char **reden)
{
	memset(out, 0, sizeof *out);
	if (jaar) {
		if (van || tot) {
			*reden = "Kies een jaar (met kwartaal of halfjaar) of een periode van-tot, niet beide.";
			return van ? "van" : "tot";
		}
		if (!parse_int(jaar, 2000, 2100, &out->jaar)) {
			*reden = "Geef een jaar, zoals 2026.";
			return "jaar";
		}
		struct kp_date start = { out->jaar, 1, 1 };
		int maanden = 12;
		out->soort = KP_PERIODE_JAAR;
		if (kwartaal && halfjaar) {
			*reden = "Kies een kwartaal of een halfjaar, niet beide.";
			return "halfjaar";
		}
		if (kwartaal) {
			if (!parse_int(kwartaal, 1, 4, &out->nummer)) {
				*reden = "Geef een kwartaal van 1 tot en met 4.";
				return "kwartaal";
			}
			out->soort = KP_PERIODE_KWARTAAL;
			start.m = (out->nummer - 1) * 3 + 1;
			maanden = 3;
		} else if (halfjaar) {
			if (!parse_int(halfjaar, 1, 2, &out->nummer)) {
				*reden = "Geef halfjaar 1 of 2.";
				return "halfjaar";
			}
			out->soort = KP_PERIODE_HALFJAAR;
			start.m = (out->nummer - 1) * 6 + 1;
			maanden = 6;
		}
		kp_date_format(start, out->van);
		kp_date_format(kp_date_add_days(kp_date_add_months(start, maanden), -1), out->tot);
		return NULL;
	}
	if (kwartaal || halfjaar) {
		*reden = "Een kwartaal of halfjaar hoort bij een jaar.";
		return "jaar";
	}
	struct kp_date a, b;
	if (!van || strlen(van) != 10 || !kp_date_parse(van, &a) || a.y < 2000 || a.y > 2100) {
		*reden = van || tot ? "Geef een datum als JJJJ-MM-DD." : "Kies een jaar of een periode van-tot.";
		return van || tot ? "van" : "jaar";
	}
	if (!tot || strlen(tot) != 10 || !kp_date_parse(tot, &b) || b.y < 2000 || b.y > 2100) {
		*reden = "Geef een datum als JJJJ-MM-DD.";
		return "tot";
	}
	if (kp_date_cmp(a, b) > 0) {
		*reden = "De einddatum ligt voor de begindatum.";
		return "tot";
	}
	if (kp_date_to_days(b) - kp_date_to_days(a) >= KP_PERIODE_MAX_DAGEN) {
		*reden = "Een periode is hoogstens tien jaar.";
		return "tot";
	}
	out->soort = KP_PERIODE_VRIJ;
	out->jaar = b.y;
	kp_date_format(a, out->van);
	kp_date_format(b, out->tot);
	return NULL;
}

const char *kp_periode_soort_naam(enum kp_periode_soort s)
{
	switch (s) {
	case KP_PERIODE_JAAR:
		return "jaar";
	case KP_PERIODE_HALFJAAR:
		return "halfjaar";
	case KP_PERIODE_KWARTAAL:
		return "kwartaal";
	case KP_PERIODE_VRIJ:
		break;
	}
	return "vrij";
}

void kp_reeks_add(struct kp_reeks *r, double x)
{
	if (r->failed)
		return;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		double *g = realloc(r->v, cap * sizeof *g);
		if (!g) {
			r->failed = true;
			return;
		}
		r->v = g;
		r->cap = cap;
	}
	r->v[r->n++] = x;
}

void kp_reeks_free(struct kp_reeks *r)
{
	free(r->v);
	memset(r, 0, sizeof *r);
}

void kp_groep_free(struct kp_groep *g)
{
	kp_reeks_free(&g->wacht_aanmelding);
	kp_reeks_free(&g->wacht_intake);
	kp_reeks_free(&g->duur);
}

/* Appends every value of b to a. */
static void reeks_merge(struct kp_reeks *a, const struct kp_reeks *b)
{
	for (size_t i = 0; i < b->n; i++)
		kp_reeks_add(a, b->v[i]);
	if (b->failed)
		a->failed = true;
}

void kp_groep_merge(struct kp_groep *a, const struct kp_groep *b)
{
	a->gez_nieuw += b->gez_nieuw;
	a->gez_lopend += b->gez_lopend;
	a->kind_nieuw += b->kind_nieuw;
	a->kind_lopend += b->kind_lopend;
	a->kop_nieuw += b->kop_nieuw;
	a->kop_lopend += b->kop_lopend;
	a->kop_afgerond += b->kop_afgerond;
	for (size_t i = 0; i < KP_RAP_MAX_REDENEN; i++)
		a->redenen[i] += b->redenen[i];
	reeks_merge(&a->wacht_aanmelding, &b->wacht_aanmelding);
	reeks_merge(&a->wacht_intake, &b->wacht_intake);
	reeks_merge(&a->duur, &b->duur);
	a->ev_gehouden += b->ev_gehouden;
	a->ev_gepland += b->ev_gepland;
	a->tevr_vraag_som += b->tevr_vraag_som;
	a->tevr_steun_som += b->tevr_steun_som;
	a->tevr_vraag_n += b->tevr_vraag_n;
	a->tevr_steun_n += b->tevr_steun_n;
	a->doel_start_som += b->doel_start_som;
	a->doel_laatst_som += b->doel_laatst_som;
	a->doelen_n += b->doelen_n;
	a->contact_ja += b->contact_ja;
	a->contact_bekend += b->contact_bekend;
	a->zorgsignalen += b->zorgsignalen;
}

/* A figure rounded to one decimal, so a regenerated report prints the same bytes. */
static double een_decimaal(double x)
{
	return isnan(x) ? x : round(x * 10.0) / 10.0;
}

/* The median and p90 of r (sorted in place) when it has at least min values; NAN otherwise. */
static void spreiding(struct kp_reeks *r, size_t min, double *mediaan, double *p90)
{
	if (r->n == 0 || r->n < min) {
		*mediaan = *p90 = NAN;
		return;
	}
	*mediaan = een_decimaal(kp_percentile(r->v, r->n, 50));
	*p90 = een_decimaal(kp_percentile(r->v, r->n, 90));
}

/* som / n (one decimal) when n is at least min and positive; NAN otherwise. */
static double gemiddelde(double som, int64_t n, int64_t min)
{
	return n > 0 && n >= min ? een_decimaal(som / (double)n) : NAN;
}

/* The derived figures (medians, averages) of g under the minimum base min. */
static void afgeleid(struct kp_groep *g, size_t min, struct kp_cijfers *out)
{
	spreiding(&g->wacht_aanmelding, min, &out->wacht_aanm_mediaan, &out->wacht_aanm_p90);
	spreiding(&g->wacht_intake, min, &out->wacht_intake_mediaan, &out->wacht_intake_p90);
	spreiding(&g->duur, min, &out->duur_mediaan, &out->duur_p90);
	out->tevr_vraag = gemiddelde(g->tevr_vraag_som, g->tevr_vraag_n, (int64_t)min);
	out->tevr_steun = gemiddelde(g->tevr_steun_som, g->tevr_steun_n, (int64_t)min);
	out->doel_start = gemiddelde(g->doel_start_som, g->doelen_n, (int64_t)min);
	out->doel_laatst = gemiddelde(g->doel_laatst_som, g->doelen_n, (int64_t)min);
}

/* The share of contact after the end from the shown counts, under the minimum base min. */
static void contact_aandeel(struct kp_cijfers *c, int64_t ja, int64_t bekend, int64_t min)
{
	c->contact_ja = ja;
	c->contact_van = bekend;
	c->contact_aandeel = bekend > 0 && bekend >= min ? round((double)ja / (double)bekend * 1000.0) / 1000.0 : NAN;
}

void kp_cijfers_bereken(struct kp_groep *g, size_t n_redenen, bool exact, struct kp_cijfers *out)
{
	memset(out, 0, sizeof *out);
	if (n_redenen > KP_RAP_MAX_REDENEN)
		n_redenen = KP_RAP_MAX_REDENEN;
	out->n_redenen = n_redenen;
	out->afgerond_op_vijf = !exact;
	int64_t (*r)(int64_t) = exact ? NULL : kp_round5;
#define R(x) (r ? r(x) : (x))
	out->gez_nieuw = R(g->gez_nieuw);
	out->gez_lopend = R(g->gez_lopend);
	out->gez_bereikt = out->gez_nieuw + out->gez_lopend;
	out->kind_nieuw = R(g->kind_nieuw);
	out->kind_lopend = R(g->kind_lopend);
	out->kind_bereikt = out->kind_nieuw + out->kind_lopend;
	out->kop_nieuw = R(g->kop_nieuw);
	out->kop_lopend = R(g->kop_lopend);
	out->kop_afgerond = R(g->kop_afgerond);
	for (size_t i = 0; i < n_redenen; i++) {
		out->redenen[i] = R(g->redenen[i]);
		out->kop_gestopt += out->redenen[i];
	}
	out->ev_gehouden = R(g->ev_gehouden);
	out->ev_gepland = R(g->ev_gepland);
	out->doelen_n = R(g->doelen_n);
	out->zorgsignalen = R(g->zorgsignalen);
	int64_t ja = R(g->contact_ja), bekend = R(g->contact_bekend);
#undef R
	afgeleid(g, exact ? 1 : KP_DISCLOSE_MIN_BASE, out);
	contact_aandeel(out, ja, bekend, exact ? 1 : KP_DISCLOSE_MIN_BASE);
}

void kp_cijfers_som(const struct kp_cijfers *parts, size_t n, struct kp_groep *alle, size_t n_redenen,
		    struct kp_cijfers *out)
{
	memset(out, 0, sizeof *out);
	if (n_redenen > KP_RAP_MAX_REDENEN)
		n_redenen = KP_RAP_MAX_REDENEN;
	out->n_redenen = n_redenen;
	out->afgerond_op_vijf = true;
	int64_t ja = 0, bekend = 0;
	for (size_t k = 0; k < n; k++) {
		const struct kp_cijfers *p = &parts[k];
		out->gez_nieuw += p->gez_nieuw;
		out->gez_lopend += p->gez_lopend;
		out->kind_nieuw += p->kind_nieuw;
		out->kind_lopend += p->kind_lopend;
		out->kop_nieuw += p->kop_nieuw;
		out->kop_lopend += p->kop_lopend;
		out->kop_afgerond += p->kop_afgerond;
		for (size_t i = 0; i < n_redenen; i++)
			out->redenen[i] += p->redenen[i];
		out->ev_gehouden += p->ev_gehouden;
		out->ev_gepland += p->ev_gepland;
		out->doelen_n += p->doelen_n;
		out->zorgsignalen += p->zorgsignalen;
		ja += p->contact_ja;
		bekend += p->contact_van;
	}
	out->gez_bereikt = out->gez_nieuw + out->gez_lopend;
	out->kind_bereikt = out->kind_nieuw + out->kind_lopend;
	for (size_t i = 0; i < n_redenen; i++)
		out->kop_gestopt += out->redenen[i];
	afgeleid(alle, KP_DISCLOSE_MIN_BASE, out);
	contact_aandeel(out, ja, bekend, KP_DISCLOSE_MIN_BASE);
}

json_t *kp_cijfers_count_json(int64_t n, bool afgerond_op_vijf)
{
	if (afgerond_op_vijf && n == 0)
		return json_string("<5");
	return json_integer((json_int_t)n);
}

/* A derived figure, or null when it is not given. */
static json_t *getal(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

json_t *kp_cijfers_json(const struct kp_cijfers *c, const char *const *redenen)
{
	bool r5 = c->afgerond_op_vijf;
#define N(x) kp_cijfers_count_json((x), r5)
	json_t *red = json_array();
	for (size_t i = 0; i < c->n_redenen; i++)
		json_array_append_new(red, json_pack("{s:s, s:o}", "reden", redenen[i], "aantal", N(c->redenen[i])));
	json_t *out = json_pack(
		"{s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o, s:o, s:o}, "
		"s:{s:{s:o, s:o}, s:{s:o, s:o}}, s:{s:o, s:o}, s:{s:o, s:o}, s:{s:o, s:o}, s:{s:o, s:o, s:o}, "
		"s:{s:o, s:o}, s:o, s:n}",
		"gezinnen", "nieuw", N(c->gez_nieuw), "lopend", N(c->gez_lopend), "bereikt", N(c->gez_bereikt),
		"kinderen", "nieuw", N(c->kind_nieuw), "lopend", N(c->kind_lopend), "bereikt", N(c->kind_bereikt),
		"koppelingen", "nieuw", N(c->kop_nieuw), "lopend", N(c->kop_lopend), "afgerond", N(c->kop_afgerond), "gestopt",
		N(c->kop_gestopt), "stopredenen", red,
		"wachttijdDagen", "vanafAanmelding", "mediaan", getal(c->wacht_aanm_mediaan), "p90", getal(c->wacht_aanm_p90),
		"vanafIntake", "mediaan", getal(c->wacht_intake_mediaan), "p90", getal(c->wacht_intake_p90),
		"duurDagen", "mediaan", getal(c->duur_mediaan), "p90", getal(c->duur_p90),
		"evaluaties", "gehouden", N(c->ev_gehouden), "gepland", N(c->ev_gepland),
		"tevredenheid", "vraagkant", getal(c->tevr_vraag), "steunkant", getal(c->tevr_steun),
		"doelvoortgang", "doelen", N(c->doelen_n), "gemiddeldStart", getal(c->doel_start), "gemiddeldLaatst",
		getal(c->doel_laatst),
		"contactNaAfloop", "aandeel", getal(c->contact_aandeel), "van", N(c->contact_van),
		"zorgsignalen", N(c->zorgsignalen), "effecten");
#undef N
	return out;
}

void kp_doel_tempo_bereken(int64_t minimum, int64_t gerealiseerd, int jaar, struct kp_date peil,
			   struct kp_doel_tempo *out)
{
	struct kp_date begin = { jaar, 1, 1 }, einde = { jaar, 12, 31 };
	int64_t dagen = kp_date_to_days(einde) - kp_date_to_days(begin) + 1;
	int64_t verstreken = kp_date_to_days(peil) - kp_date_to_days(begin) + 1;
	if (verstreken < 0)
		verstreken = 0;
	if (verstreken > dagen)
		verstreken = dagen;
	out->verwacht_nu = (int64_t)llround((double)minimum * (double)verstreken / (double)dagen);
	out->nog_nodig = minimum > gerealiseerd ? minimum - gerealiseerd : 0;
	double over = (double)(dagen - verstreken) / ((double)dagen / 12.0); /* months left */
	if (over <= 0.0)
		out->per_maand = NAN;
	else
		out->per_maand = een_decimaal((double)out->nog_nodig / (over < 1.0 ? 1.0 : over));
}

/* Appends "prefix/key" with RFC 6901 escaping (~ as ~0, / as ~1) to b. */
static char *pointer(const char *prefix, const char *key)
{
	struct kp_buf b = { 0 };
	kp_buf_puts(&b, prefix);
	kp_buf_append(&b, "/", 1);
	for (const char *p = key; *p; p++) {
		if (*p == '~')
			kp_buf_append(&b, "~0", 2);
		else if (*p == '/')
			kp_buf_append(&b, "~1", 2);
		else
			kp_buf_append(&b, p, 1);
	}
	if (b.failed || !b.data) {
		kp_buf_free(&b);
		return NULL;
	}
	return b.data;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t kp_json_verschillen(json_t *a, json_t *b, const char *prefix, json_t *out)
{
	size_t n = 0;
	if (json_is_object(a) && json_is_object(b)) {
		/* the union of the keys, sorted */
		size_t cap = json_object_size(a) + json_object_size(b), k = 0;
		const char **keys = cap ? malloc(cap * sizeof *keys) : NULL;
		if (cap && !keys) {
			json_array_append_new(out, json_string(*prefix ? prefix : ""));
			return 1;
		}
		const char *key;
		json_t *v;
		json_object_foreach(a, key, v)
		keys[k++] = key;
		json_object_foreach(b, key, v)
		if (!json_object_get(a, key))
			keys[k++] = key;
		if (k > 1)
			qsort(keys, k, sizeof *keys, cmp_str);
		for (size_t i = 0; i < k; i++) {
			char *p = pointer(prefix, keys[i]);
			if (!p)
				continue;
			json_t *x = json_object_get(a, keys[i]), *y = json_object_get(b, keys[i]);
			if (!x || !y) {
				json_array_append_new(out, json_string(p));
				n++;
			} else {
				n += kp_json_verschillen(x, y, p, out);
			}
			free(p);
		}
		free(keys);
		return n;
	}
	if (json_is_array(a) && json_is_array(b)) {
		size_t na = json_array_size(a), nb = json_array_size(b);
		for (size_t i = 0; i < (na > nb ? na : nb); i++) {
			char idx[24];
			snprintf(idx, sizeof idx, "%zu", i);
			char *p = pointer(prefix, idx);
			if (!p)
				continue;
			if (i >= na || i >= nb) {
				json_array_append_new(out, json_string(p));
				n++;
			} else {
				n += kp_json_verschillen(json_array_get(a, i), json_array_get(b, i), p, out);
			}
			free(p);
		}
		return n;
	}
	if (json_equal(a, b))
		return 0;
	json_array_append_new(out, json_string(prefix));
	return 1;
}
