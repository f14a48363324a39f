/*
 * effecten.c - the effectencalculator's arithmetic (see effecten.h for the
 * model and the one rounding rule).
 *
 * A quantity of units is kept as an exact fraction num/den (num and den
 * 128-bit; every input is bounded by kp_eff_item_check, so nothing
 * overflows): hundredths of units x hundredths of weeks or months x
 * children, with 365/12 days a month for a doorlopend item. The amount is
 * tariff x num / den rounded once, half away from zero.
 */
#include "effecten.h"

#include <stdio.h>
#include <string.h>

typedef __int128 i128;

const char *const kp_eff_eenheden[] = { "uur", "etmaal", "dag", "sessie", "maand", "gezin-per-jaar", "vast", NULL };
const char *const kp_eff_pers[] = { "totaal", "week", "maand", NULL };

/* Singular and plural words of each unit, as they appear in a formula. */
static const char *const woord_een[] = { "uur", "etmaal", "dag", "sessie", "maand", "gezinsjaar", "traject" };
static const char *const woord_veel[] = { "uur", "etmalen", "dagen", "sessies", "maanden", "gezinsjaren", "trajecten" };

/* Most units one child can need in the first year, per unit (hundredths). */
static const int64_t jaar_max[] = { 876000, 36600, 36600, 100000, 1200, 100, 1000 };
/* Most units one child can need in a day (hundredths), for quantities per week or month. */
static const int64_t dag_max[] = { 2400, 100, 100, 1000, 0, 0, 0 };

const char *kp_eff_eenheid_naam(enum kp_eff_eenheid e)
{
	return (unsigned)e < KP_EFF_EENHEID_COUNT ? kp_eff_eenheden[e] : "?";
}

const char *kp_eff_per_naam(enum kp_eff_per p)
{
	return (unsigned)p < KP_EFF_PER_COUNT ? kp_eff_pers[p] : "?";
}

bool kp_eff_eenheid_parse(const char *s, enum kp_eff_eenheid *out)
{
	for (int i = 0; s && i < KP_EFF_EENHEID_COUNT; i++)
		if (strcmp(s, kp_eff_eenheden[i]) == 0) {
			*out = (enum kp_eff_eenheid)i;
			return true;
		}
	return false;
}

bool kp_eff_per_parse(const char *s, enum kp_eff_per *out)
{
	for (int i = 0; s && i < KP_EFF_PER_COUNT; i++)
		if (strcmp(s, kp_eff_pers[i]) == 0) {
			*out = (enum kp_eff_per)i;
			return true;
		}
	return false;
}

static const char *const klasse_namen[] = { "goedkoper", "ongeveer-gelijk", "extra-kosten", "besparing-onbekend" };

const char *kp_eff_klasse_naam(enum kp_eff_klasse k)
{
	return (unsigned)k < KP_EFF_KLASSE_COUNT ? klasse_namen[k] : "?";
}

/* Sets *f and returns false (for kp_eff_item_check). */
static bool fout(struct kp_eff_fout *f, const char *veld, const char *reden)
{
	f->veld = veld;
	f->reden = reden;
	return false;
}

/* The units one child gets as a fraction (hoeveelheid h, hundredths): *num / *den. */
static void units(const struct kp_eff_item *it, int64_t h, int64_t duur, i128 *num, i128 *den)
{
	if (it->doorlopend) {
		*num = (i128)duur * 365;
		*den = (i128)100 * 12;
	} else if (it->per == KP_EFF_TOTAAL) {
		*num = h;
		*den = 100;
	} else {
		*num = (i128)h * duur;
		*den = (i128)100 * 100;
	}
}

/* The duration that counts for month-based items starting at month start (hundredths). */
static int64_t maanden_die_tellen(const struct kp_eff_item *it, int start)
{
	int64_t rest = (int64_t)(start < KP_EFF_HORIZON ? KP_EFF_HORIZON - start : 0) * 100;
	if (it->duur == KP_EFF_GEEN || it->duur > rest)
		return rest;
	return it->duur;
}

/* True when the item counts in months (doorlopend or per month). */
static bool in_maanden(const struct kp_eff_item *it)
{
	return it->doorlopend || it->per == KP_EFF_PER_MAAND;
}

bool kp_eff_item_check(const struct kp_eff_item *it, struct kp_eff_fout *f)
{
	if ((unsigned)it->eenheid >= KP_EFF_EENHEID_COUNT)
		return fout(f, "tarief", "Dit tarief heeft een onbekende eenheid.");
	if (it->tarief_cent <= 0 || it->tarief_cent > 100000000)
		return fout(f, "tarief", "Het bedrag van dit tarief is niet bruikbaar.");
	if ((unsigned)it->per >= KP_EFF_PER_COUNT)
		return fout(f, "per", "Kies totaal, week of maand.");
	bool tijd = it->eenheid == KP_EFF_UUR || it->eenheid == KP_EFF_ETMAAL || it->eenheid == KP_EFF_DAG ||
		    it->eenheid == KP_EFF_SESSIE;
	if (it->per != KP_EFF_TOTAAL && !tijd)
		return fout(f, "per", "Een tarief per maand, per gezin per jaar of een vast bedrag telt alleen in totaal.");
	if (it->doorlopend) {
		if (it->eenheid != KP_EFF_ETMAAL && it->eenheid != KP_EFF_DAG)
			return fout(f, "doorlopend", "Doorlopend (elke dag, 365/12 per maand) past alleen bij een tarief per etmaal of dag.");
		if (it->per != KP_EFF_PER_MAAND)
			return fout(f, "per", "Een doorlopend item telt per maand.");
		if (it->hoeveelheid != KP_EFF_GEEN || it->hoeveelheid_tot != KP_EFF_GEEN)
			return fout(f, "hoeveelheid", "Een doorlopend item telt elke dag; laat de hoeveelheid leeg.");
	} else if (it->onbekend) {
		if (it->hoeveelheid != KP_EFF_GEEN || it->hoeveelheid_tot != KP_EFF_GEEN)
			return fout(f, "hoeveelheid", "Een onbekende hoeveelheid heeft geen getal.");
	} else {
		if (it->hoeveelheid == KP_EFF_GEEN)
			return fout(f, "hoeveelheid", "Vul de hoeveelheid in, of kies onbekend.");
		if (it->hoeveelheid <= 0)
			return fout(f, "hoeveelheid", "De hoeveelheid moet groter dan 0 zijn.");
		if (it->hoeveelheid_tot != KP_EFF_GEEN && it->hoeveelheid_tot <= it->hoeveelheid)
			return fout(f, "hoeveelheidTot", "Het einde van de bandbreedte moet groter zijn dan het begin.");
	}
	if (it->per == KP_EFF_TOTAAL) {
		if (it->duur != KP_EFF_GEEN)
			return fout(f, "duur", "Een hoeveelheid in totaal heeft geen duur.");
	} else if (it->duur == KP_EFF_GEEN) {
		if (it->per == KP_EFF_PER_WEEK)
			return fout(f, "duur", "Vul het aantal weken in.");
	} else if (it->duur <= 0) {
		return fout(f, "duur", "De duur moet groter dan 0 zijn.");
	} else if (it->per == KP_EFF_PER_WEEK && it->duur > 5300) {
		return fout(f, "duur", "Het eerste jaar heeft hoogstens 53 weken.");
	} else if (it->per == KP_EFF_PER_MAAND && it->duur > 100 * KP_EFF_HORIZON) {
		return fout(f, "duur", "Het eerste jaar heeft 12 maanden.");
	}
	if (it->kinderen < 1 || it->kinderen > 20)
		return fout(f, "kinderen", "Het aantal kinderen is 1 tot 20.");
	if (it->maximum != KP_EFF_GEEN && it->maximum <= 0)
		return fout(f, "maximum", "Het maximum moet groter dan 0 zijn.");
	if (it->wacht_maanden < 0 || it->wacht_maanden > KP_EFF_HORIZON)
		return fout(f, "wachtMaanden", "De wachttijd is 0 tot 12 maanden.");
	if (!it->onbekend) {
		/* the most the item can mean per child, before any cap: no more than a year holds */
		int64_t h = it->hoeveelheid_tot != KP_EFF_GEEN ? it->hoeveelheid_tot : it->hoeveelheid;
		int64_t d = in_maanden(it) && it->duur == KP_EFF_GEEN ? 100 * KP_EFF_HORIZON : it->duur;
		if (h > 100000000)
			return fout(f, "hoeveelheid", "Deze hoeveelheid is onmogelijk groot.");
		if (!it->doorlopend && ((it->per == KP_EFF_PER_WEEK && h > 7 * dag_max[it->eenheid]) ||
					(it->per == KP_EFF_PER_MAAND && h > 31 * dag_max[it->eenheid])))
			return fout(f, "hoeveelheid", it->per == KP_EFF_PER_WEEK ? "Meer dan een week kan bevatten."
										  : "Meer dan een maand kan bevatten.");
		i128 num, den;
		units(it, h, d, &num, &den);
		if (num > (i128)jaar_max[it->eenheid] * den / 100)
			return fout(f, it->doorlopend ? "duur" : "hoeveelheid",
				    "Meer dan een jaar kan bevatten voor een kind; controleer hoeveelheid, eenheid en duur.");
	}
	return true;
}

int kp_eff_starts(const struct kp_eff_item *items, size_t n, int *start)
{
	enum { NIET, BEZIG, KLAAR };
	unsigned char state[KP_EFF_MAX_ITEMS];
	if (n > KP_EFF_MAX_ITEMS)
		return KP_EFF_MAX_ITEMS;
	memset(state, NIET, sizeof state);
	for (size_t i = 0; i < n; i++) {
		if (state[i] == KLAAR)
			continue;
		/* walk the chain from i; a BEZIG item met again closes a circle */
		size_t pad[KP_EFF_MAX_ITEMS];
		size_t len = 0;
		size_t j = i;
		for (;;) {
			if (state[j] == KLAAR)
				break;
			if (state[j] == BEZIG)
				return (int)j;
			state[j] = BEZIG;
			pad[len++] = j;
			int w = items[j].wacht_op;
			if (w == KP_EFF_GEEN)
				break;
			if (w < 0 || (size_t)w >= n || (size_t)w == j)
				return (int)j;
			j = (size_t)w;
		}
		/* resolve back to front */
		while (len > 0) {
			size_t k = pad[--len];
			int w = items[k].wacht_op;
			int s = (w == KP_EFF_GEEN ? 0 : start[w]) + items[k].wacht_maanden;
			start[k] = s > 2 * KP_EFF_HORIZON ? 2 * KP_EFF_HORIZON : s;
			state[k] = KLAAR;
		}
	}
	return -1;
}

/* tariff x num / den rounded once to cents, half away from zero (all values >= 0). */
static int64_t afronden(int64_t tarief, i128 num, i128 den)
{
	i128 p = (i128)tarief * num;
	return (int64_t)((2 * p + den) / (2 * den));
}

/* Appends the strings of parts (NULL-terminated) to the formula (cut off safely when too long). */
static void plak(char *buf, size_t len, const char *const *parts)
{
	for (; *parts; parts++) {
		size_t used = strlen(buf);
		if (used + 1 >= len)
			return;
		snprintf(buf + used, len - used, "%s", *parts);
	}
}
#define PLAK(buf, len, ...) plak(buf, len, (const char *const[]){ __VA_ARGS__, NULL })

/* The unit word for a quantity of h hundredths. */
static const char *woord(enum kp_eff_eenheid e, int64_t h)
{
	return h == 100 ? woord_een[e] : woord_veel[e];
}

/* Writes the quantity part of an item's formula (everything before "x €tariff"). */
static void formule_hoeveelheid(const struct kp_eff_item *it, int64_t duur, char *buf, size_t len)
{
	char a[40], b[40], c[40];
	buf[0] = '\0';
	if (it->onbekend) {
		PLAK(buf, len, "? ", woord_veel[it->eenheid]);
		if (it->per != KP_EFF_TOTAAL)
			PLAK(buf, len, "/", it->per == KP_EFF_PER_WEEK ? "week" : "maand");
	} else if (it->doorlopend) {
		kp_eff_getal(duur, a, sizeof a);
		PLAK(buf, len, a, " ", duur == 100 ? "maand" : "maanden", " × 365/12 ", woord_veel[it->eenheid]);
	} else {
		kp_eff_getal(it->hoeveelheid, a, sizeof a);
		if (it->hoeveelheid_tot != KP_EFF_GEEN) {
			kp_eff_getal(it->hoeveelheid_tot, b, sizeof b);
			PLAK(buf, len, a, "–", b, " ", woord_veel[it->eenheid]);
		} else {
			PLAK(buf, len, a, " ", woord(it->eenheid, it->hoeveelheid));
		}
		if (it->per != KP_EFF_TOTAAL) {
			kp_eff_getal(duur, c, sizeof c);
			bool week = it->per == KP_EFF_PER_WEEK;
			PLAK(buf, len, "/", week ? "week" : "maand", " × ", c, " ",
			     week ? (duur == 100 ? "week" : "weken") : (duur == 100 ? "maand" : "maanden"));
		}
	}
	if (it->kinderen > 1) {
		snprintf(a, sizeof a, "%d", it->kinderen);
		PLAK(buf, len, " × ", a, " kinderen");
	}
}

/* Units (hundredths, rounded down for display only) of num/den. */
static int64_t honderdsten(i128 num, i128 den)
{
	return (int64_t)(num * 100 / den);
}

/* Computes one item line starting at month start. */
static void regel(const struct kp_eff_item *it, int start, struct kp_eff_regel *r)
{
	char q[160], t[32], lo[32], hi[32], u[40];
	memset(r, 0, sizeof *r);
	r->start_maand = start;
	int64_t duur = in_maanden(it) ? maanden_die_tellen(it, start) : it->duur;
	formule_hoeveelheid(it, duur, q, sizeof q);
	kp_eff_euro(it->tarief_cent, t, sizeof t);
	if (it->onbekend) {
		r->onbekend = true;
		snprintf(r->formule, sizeof r->formule, "%s × %s = onbekend", q, t);
		return;
	}
	i128 num_lo, den, num_hi;
	units(it, it->hoeveelheid, duur, &num_lo, &den);
	units(it, it->hoeveelheid_tot != KP_EFF_GEEN ? it->hoeveelheid_tot : it->hoeveelheid, duur, &num_hi, &den);
	num_lo *= it->kinderen;
	num_hi *= it->kinderen;
	char cap[120] = "";
	if (it->maximum != KP_EFF_GEEN) {
		i128 m = (i128)it->maximum * den / 100; /* den is a multiple of 100 */
		if (num_hi > m) {
			r->begrensd = true;
			kp_eff_getal(honderdsten(num_hi, den), u, sizeof u);
			char mx[40];
			kp_eff_getal(it->maximum, mx, sizeof mx);
			snprintf(cap, sizeof cap, " = %s %s, begrensd op %s %s", u, woord_veel[it->eenheid], mx,
				 woord(it->eenheid, it->maximum));
			num_hi = m;
			if (num_lo > m)
				num_lo = m;
		}
	}
	r->min_cent = afronden(it->tarief_cent, num_lo, den);
	r->max_cent = afronden(it->tarief_cent, num_hi, den);
	kp_eff_euro(r->min_cent, lo, sizeof lo);
	kp_eff_euro(r->max_cent, hi, sizeof hi);
	if (r->min_cent == r->max_cent)
		snprintf(r->formule, sizeof r->formule, "%s%s × %s = %s", q, cap, t, lo);
	else
		snprintf(r->formule, sizeof r->formule, "%s%s × %s = %s–%s", q, cap, t, lo, hi);
}

int kp_eff_bereken(const struct kp_eff_item *items, size_t n, struct kp_eff_regel *out)
{
	int start[KP_EFF_MAX_ITEMS];
	int bad = kp_eff_starts(items, n, start);
	if (bad >= 0)
		return bad;
	for (size_t i = 0; i < n; i++)
		regel(&items[i], start[i], &out[i]);
	return -1;
}

void kp_eff_programmakosten(const struct kp_eff_kosten *k, const struct kp_eff_koppeling *kop, size_t n,
			    struct kp_date peildatum, struct kp_eff_programma *out)
{
	memset(out, 0, sizeof *out);
	size_t first = 0;
	for (size_t i = 1; i < n; i++)
		if (kp_date_cmp(kop[i].start, kop[first].start) < 0)
			first = i;
	for (size_t i = 0; i < n; i++) {
		if (k->per_gezin && i != first)
			continue;
		if (kp_date_cmp(kop[i].start, peildatum) > 0)
			continue;
		out->jaren1++;
		for (int y = 1; y < 100; y++) {
			struct kp_date s = kp_date_add_months(kop[i].start, 12 * y);
			if (kp_date_cmp(s, peildatum) > 0 || (kop[i].beeindigd && kp_date_cmp(s, kop[i].eind) >= 0))
				break;
			out->later++;
		}
	}
	out->cent = (int64_t)out->jaren1 * k->jaar1_cent + (int64_t)out->later * k->later_cent;
	char a[32], b[32], c[32];
	kp_eff_euro(k->jaar1_cent, a, sizeof a);
	kp_eff_euro(k->later_cent, b, sizeof b);
	kp_eff_euro(out->cent, c, sizeof c);
	const char *wie = k->per_gezin ? "gezin" : "steungezin";
	if (out->later > 0)
		snprintf(out->formule, sizeof out->formule, "%d × %s (eerste jaar per %s) + %d × %s (later jaar) = %s",
			 out->jaren1, a, wie, out->later, b, c);
	else
		snprintf(out->formule, sizeof out->formule, "%d × %s (eerste jaar per %s) = %s", out->jaren1, a, wie, c);
}

void kp_eff_gezin_bereken(const struct kp_eff_regel *r, size_t n, int64_t kosten, int64_t band,
			  struct kp_eff_gezin *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		out->referentie_min += r[i].min_cent;
		out->referentie_max += r[i].max_cent;
		if (r[i].onbekend)
			out->onbekend = true;
	}
	out->geen_hulp = n == 0;
	out->kosten = kosten;
	out->besparing_min = out->referentie_min - kosten;
	out->besparing_max = out->referentie_max - kosten;
	if (out->onbekend)
		out->klasse = KP_EFF_ONBEKEND;
	else if (out->geen_hulp)
		out->klasse = KP_EFF_EXTRA;
	else if (out->besparing_min > band)
		out->klasse = KP_EFF_GOEDKOPER;
	else if (out->besparing_max < -band)
		out->klasse = KP_EFF_EXTRA;
	else
		out->klasse = KP_EFF_GELIJK;
}

/* Writes the non-negative integer v with '.' between thousands. */
static void duizendtallen(int64_t v, char *out, size_t len)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)v);
	size_t k = 0;
	for (int i = 0; i < n && k + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[k++] = '.';
		out[k++] = digits[i];
	}
	out[k] = '\0';
}

void kp_eff_euro(int64_t cent, char *out, size_t len)
{
	char heel[24];
	int64_t a = cent < 0 ? -cent : cent;
	duizendtallen(a / 100, heel, sizeof heel);
	snprintf(out, len, "%s€%s,%02lld", cent < 0 ? "-" : "", heel, (long long)(a % 100));
}

void kp_eff_getal(int64_t h, char *out, size_t len)
{
	char heel[24];
	int64_t a = h < 0 ? -h : h;
	duizendtallen(a / 100, heel, sizeof heel);
	int64_t frac = a % 100;
	if (frac == 0)
		snprintf(out, len, "%s%s", h < 0 ? "-" : "", heel);
	else if (frac % 10 == 0)
		snprintf(out, len, "%s%s,%lld", h < 0 ? "-" : "", heel, (long long)(frac / 10));
	else
		snprintf(out, len, "%s%s,%02lld", h < 0 ? "-" : "", heel, (long long)frac);
}

int kp_eff_parse_bedrag(const char *s, int64_t *cent)
{
	while (*s == ' ')
		s++;
	if (strncmp(s, "€", strlen("€")) == 0)
		s += strlen("€");
	while (*s == ' ')
		s++;
	bool komma = strchr(s, ',') != NULL;
	char dec = komma ? ',' : '.';
	int64_t heel = 0, frac = 0;
	int digits = 0, decimals = -1, group = -1;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (decimals >= 0) {
				if (++decimals > 2)
					return 1;
				frac = frac * 10 + (*p - '0');
			} else {
				if (heel > 1000000000)
					return -1;
				heel = heel * 10 + (*p - '0');
				digits++;
				if (group >= 0)
					group++;
			}
		} else if (*p == dec && decimals < 0 && digits > 0) {
			if (group >= 0 && group != 3)
				return -1;
			decimals = 0;
		} else if (komma && *p == '.' && decimals < 0 && digits > 0 && (group < 0 || group == 3)) {
			group = 0; /* a thousands separator: exactly three digits must follow */
		} else {
			return -1;
		}
	}
	if (digits == 0 || decimals == 0 || (decimals < 0 && group >= 0 && group != 3))
		return -1;
	if (decimals == 1)
		frac *= 10;
	*cent = heel * 100 + frac;
	return 0;
}
