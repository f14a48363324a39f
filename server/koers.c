/*
 * koers.c - see koers.h. The order of the phases is the catalogue's
 * (enum kp_fase); a course only leaves phases out.
 */
#include "koers.h"

#include <stdio.h>
#include <string.h>

static const char *const eenheden[] = {
	[KP_EENHEID_DAGEN] = "dagen",
	[KP_EENHEID_WEKEN] = "weken",
	[KP_EENHEID_MAANDEN] = "maanden",
};

const char *kp_eenheid_name(enum kp_eenheid e)
{
	return (unsigned)e < sizeof eenheden / sizeof eenheden[0] ? eenheden[e] : "?";
}

bool kp_eenheid_parse(const char *s, enum kp_eenheid *out)
{
	for (unsigned i = 0; s && i < sizeof eenheden / sizeof eenheden[0]; i++)
		if (strcmp(s, eenheden[i]) == 0) {
			*out = (enum kp_eenheid)i;
			return true;
		}
	return false;
}

struct kp_date kp_duur_na(struct kp_date d, struct kp_duur du, int k)
{
	long long n = (long long)du.aantal * k;
	if (n > 100000)
		n = 100000; /* far beyond any course; keeps the arithmetic in range */
	if (n < -100000)
		n = -100000;
	switch (du.eenheid) {
	case KP_EENHEID_DAGEN:
		return kp_date_add_days(d, (int)n);
	case KP_EENHEID_WEKEN:
		return kp_date_add_days(d, (int)(7 * n));
	case KP_EENHEID_MAANDEN:
		return kp_date_add_months(d, (int)n);
	}
	return d;
}

bool kp_koers_gebruikt(const struct kp_koers *k, enum kp_fase f)
{
	switch (f) {
	case KP_FASE_PROEFPERIODE:
		return k->proefperiode;
	case KP_FASE_CONTRACT:
		return k->contract;
	default:
		return (unsigned)f < KP_FASE_COUNT;
	}
}

size_t kp_koers_volgende(const struct kp_koers *k, enum kp_fase from, enum kp_fase out[KP_FASE_COUNT])
{
	size_t n = 0;
	if ((unsigned)from >= KP_FASE_COUNT || kp_fase_final(from))
		return 0;
	/* the next phase of the catalogue that the course uses (lopend always is, so afronding follows only it) ... */
	for (int t = (int)from + 1; t < KP_FASE_GESTOPT; t++)
		if (kp_koers_gebruikt(k, (enum kp_fase)t)) {
			out[n++] = (enum kp_fase)t;
			break;
		}
	/* ... and stopping early from any open phase */
	out[n++] = KP_FASE_GESTOPT;
	return n;
}

enum kp_fase_uitkomst kp_koers_check(const struct kp_koers *k, enum kp_fase from, enum kp_fase to,
				     const struct kp_fase_feiten *f, const char **reden, const char **veld)
{
	*veld = NULL;
	enum kp_fase next[KP_FASE_COUNT];
	size_t n = kp_koers_volgende(k, from, next);
	bool allowed = false;
	for (size_t i = 0; i < n; i++)
		allowed |= next[i] == to;
	if (!allowed) {
		*reden = kp_fase_final(from) ? "Deze koppeling is al beëindigd."
		       : !kp_koers_gebruikt(k, to) ? "Dit programma kent deze fase niet."
						     : "Deze fase volgt niet op de huidige fase.";
		return KP_FASE_NIET_TOEGESTAAN;
	}
	switch (to) {
	case KP_FASE_CONTRACT:
		if (k->afspraken_getekend && !f->contract_getekend) {
			*reden = "Leg vast wanneer beide gezinnen de afspraken hebben getekend.";
			*veld = "/contractGetekendOp";
			return KP_FASE_VOORWAARDE;
		}
		if (f->afspraken == 0) {
			*reden = "Leg eerst minstens één afspraak vast.";
			*veld = "/afspraken";
			return KP_FASE_VOORWAARDE;
		}
		break;
	case KP_FASE_LOPEND:
		if (k->proefperiode && k->proefevaluatie_vereist && !f->proefevaluatie_gehouden) {
			*reden = "Houd eerst de evaluatie van de proefperiode.";
			return KP_FASE_VOORWAARDE;
		}
		break;
	case KP_FASE_GESTOPT:
		/* the reasons are the fixed table's: one check for every course */
		return kp_fase_check(from, to, f, reden, veld);
	default:
		break;
	}
	*reden = NULL;
	return KP_FASE_OK;
}

/* True for a duration a course can hold: 0..max of its unit. */
static bool duur_ok(struct kp_duur d, int max_maanden)
{
	int max = d.eenheid == KP_EENHEID_MAANDEN ? max_maanden
		: d.eenheid == KP_EENHEID_WEKEN	   ? max_maanden * 5
						   : max_maanden * 31;
	return d.aantal >= 0 && d.aantal <= max && (unsigned)d.eenheid <= KP_EENHEID_MAANDEN;
}

/* The duration in days, roughly (months as 30.44 days), to compare durations of different units. */
static double dagen(struct kp_duur d)
{
	return d.eenheid == KP_EENHEID_DAGEN ? d.aantal : d.eenheid == KP_EENHEID_WEKEN ? 7.0 * d.aantal : 30.44 * d.aantal;
}

const char *kp_koers_valideer(const struct kp_koers *k, const char **veld)
{
	static const char *const regel_veld[KP_KOERS_MAX_REGELS][2] = {
		{ "/ritme/0/eerste", "/ritme/0/vanaf" }, { "/ritme/1/eerste", "/ritme/1/vanaf" },
		{ "/ritme/2/eerste", "/ritme/2/vanaf" }, { "/ritme/3/eerste", "/ritme/3/vanaf" },
		{ "/ritme/4/eerste", "/ritme/4/vanaf" }, { "/ritme/5/eerste", "/ritme/5/vanaf" },
		{ "/ritme/6/eerste", "/ritme/6/vanaf" }, { "/ritme/7/eerste", "/ritme/7/vanaf" },
	};
	*veld = NULL;
	if (k->max.aantal <= 0 || !duur_ok(k->max, 120)) {
		*veld = "/maximaleDuur";
		return "Geef een maximale duur van hoogstens 10 jaar.";
	}
	if (!duur_ok(k->bedenktijd, 2)) {
		*veld = "/bedenktijd";
		return "Geef een bedenktijd van hoogstens 2 maanden.";
	}
	if (k->proefperiode && (k->proef.aantal <= 0 || !duur_ok(k->proef, 12))) {
		*veld = "/proefperiode";
		return "Geef de lengte van de proefperiode (hoogstens een jaar).";
	}
	if (k->proefperiode && dagen(k->proef) >= dagen(k->max)) {
		*veld = "/proefperiode";
		return "De proefperiode moet korter zijn dan de maximale duur.";
	}
	if (k->proefevaluatie_vereist && !k->proefperiode) {
		*veld = "/proefevaluatieVereist";
		return "Zonder proefperiode is er geen evaluatie van de proefperiode.";
	}
	if (k->afspraken_getekend && !k->contract) {
		*veld = "/afspraken";
		return "Getekende afspraken horen bij een afsprakenfase.";
	}
	if (k->max_vanaf != KP_FASE_KENNISMAKING && k->max_vanaf != KP_FASE_LOPEND) {
		*veld = "/maximaleDuurVanaf";
		return "De maximale duur telt vanaf de kennismaking of vanaf de lopende fase.";
	}
	if (k->n_regels > KP_KOERS_MAX_REGELS) {
		*veld = "/ritme";
		return "Hoogstens 8 regels voor evaluaties.";
	}
	for (size_t i = 0; i < k->n_regels; i++) {
		const struct kp_ritme_regel *r = &k->regels[i];
		if (r->vanaf != KP_FASE_KENNISMAKING && r->vanaf != KP_FASE_PROEFPERIODE && r->vanaf != KP_FASE_LOPEND) {
			*veld = regel_veld[i][1];
			return "Een ritme telt vanaf de kennismaking, de proefperiode of de lopende fase.";
		}
		if (!kp_koers_gebruikt(k, r->vanaf)) {
			*veld = regel_veld[i][1];
			return "Dit programma heeft geen proefperiode.";
		}
		if (!duur_ok(r->eerste, 120) || !duur_ok(r->elke, 120) || r->hoogstens < 0) {
			*veld = regel_veld[i][0];
			return "Geef een termijn van hoogstens 10 jaar.";
		}
		if (r->soort == KP_EVAL_AFSLUITEND) {
			*veld = regel_veld[i][0];
			return "Het afsluitend gesprek valt altijd op de einddatum; plan het niet in het ritme.";
		}
	}
	return NULL;
}

struct kp_date kp_koers_bedenktijd_einde(const struct kp_koers *k, struct kp_date kennismaking)
{
	return kp_duur_na(kennismaking, k->bedenktijd, 1);
}

bool kp_koers_einde(const struct kp_koers *k, const struct kp_koers_data *d, struct kp_date *out)
{
	if (d->has_verlenging) {
		*out = d->verlengd_tot;
		return true;
	}
	if (k->max_vanaf == KP_FASE_LOPEND) {
		if (!d->has_lopend)
			return false;
		*out = kp_duur_na(d->lopend, k->max, 1);
		return true;
	}
	*out = kp_duur_na(d->koppeling, k->max, 1);
	return true;
}

const char *kp_met_name(enum kp_met m)
{
	switch (m) {
	case KP_MET_BEIDE:
		return "beide";
	case KP_MET_VRAAGGEZIN:
		return "vraaggezin";
	case KP_MET_STEUNGEZIN:
		return "steungezin";
	}
	return "?";
}

/* Appends one planned conversation if there is room; counts it anyway. */
static void plan(struct kp_koers_planning *out, size_t max, size_t *n, struct kp_koers_planning p)
{
	if (*n < max)
		out[*n] = p;
	(*n)++;
}

/* The start of phase f in d; false when it has not started. */
static bool start_of(const struct kp_koers_data *d, enum kp_fase f, struct kp_date *out)
{
	switch (f) {
	case KP_FASE_KENNISMAKING:
		*out = d->has_kennismaking ? d->kennismaking : d->koppeling;
		return d->has_kennismaking;
	case KP_FASE_PROEFPERIODE:
		*out = d->proef;
		return d->has_proef;
	case KP_FASE_LOPEND:
		*out = d->lopend;
		return d->has_lopend;
	default:
		return false;
	}
}

/* Insertion sort by date, stable, so the rule order decides ties. */
static void sort_by_date(struct kp_koers_planning *p, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct kp_koers_planning x = p[i];
		size_t j = i;
		while (j > 0 && kp_date_cmp(p[j - 1].datum, x.datum) > 0) {
			p[j] = p[j - 1];
			j--;
		}
		p[j] = x;
	}
}

size_t kp_koers_plan(const struct kp_koers *k, const struct kp_koers_data *d, struct kp_koers_planning *out,
		     size_t max)
{
	size_t n = 0;
	struct kp_date einde;
	bool einde_bekend = kp_koers_einde(k, d, &einde);
	/* without a known end (counted from lopend, not started yet) repeats stop at the end counted
	 * from the koppeling date, so a plan stays finite */
	struct kp_date grens = einde_bekend ? einde : kp_duur_na(d->koppeling, k->max, 1);
	int volg[5][3] = { { 0 } };
	for (size_t i = 0; i < k->n_regels && i < KP_KOERS_MAX_REGELS; i++) {
		const struct kp_ritme_regel *r = &k->regels[i];
		struct kp_date start;
		if (!start_of(d, r->vanaf, &start))
			continue;
		enum kp_met met[2] = { KP_MET_BEIDE, KP_MET_BEIDE };
		int kanten = 1;
		if (r->deelname == KP_DEELNAME_APART) {
			met[0] = KP_MET_VRAAGGEZIN;
			met[1] = KP_MET_STEUNGEZIN;
			kanten = 2;
		}
		for (int j = 0; j < 12 * 100; j++) {
			if (r->hoogstens > 0 && j >= r->hoogstens)
				break;
			if (j > 0 && r->elke.aantal == 0)
				break;
			/* the first after `eerste`, then every `elke`, each counted from the start */
			struct kp_date at = kp_duur_na(kp_duur_na(start, r->eerste, 1), r->elke, j);
			if (r->elke.eenheid == r->eerste.eenheid)
				at = kp_duur_na(start, (struct kp_duur){ r->eerste.aantal + j * r->elke.aantal, r->eerste.eenheid }, 1);
			/* a single conversation (the trial's evaluation) is always planned; repeats end before the end */
			if (r->elke.aantal > 0 && kp_date_cmp(at, grens) >= 0)
				break;
			for (int s = 0; s < kanten; s++)
				plan(out, max, &n,
				     (struct kp_koers_planning){ r->soort, met[s], ++volg[r->soort][met[s]], at });
		}
	}
	if (einde_bekend && (d->has_kennismaking || d->has_proef || d->has_lopend))
		plan(out, max, &n,
		     (struct kp_koers_planning){ KP_EVAL_AFSLUITEND, KP_MET_BEIDE, ++volg[KP_EVAL_AFSLUITEND][KP_MET_BEIDE],
						 einde });
	sort_by_date(out, n < max ? n : max);
	return n;
}

void kp_koers_sleutel(const struct kp_koers_planning *p, char *buf, size_t len)
{
	if (p->met == KP_MET_BEIDE)
		snprintf(buf, len, "%s#%d", kp_evaluatie_soort_name(p->soort), p->volgnummer);
	else
		snprintf(buf, len, "%s@%s#%d", kp_evaluatie_soort_name(p->soort), kp_met_name(p->met), p->volgnummer);
}

struct kp_koers kp_koers_uit_ritme(const struct kp_programma_ritme *r)
{
	struct kp_koers k = {
		.proefperiode = true,
		.contract = true,
		.afspraken_getekend = true,
		.proefevaluatie_vereist = true,
		.bedenktijd = { r->bedenktijd_dagen, KP_EENHEID_DAGEN },
		.proef = r->proef_weken > 0 ? (struct kp_duur){ r->proef_weken, KP_EENHEID_WEKEN }
					    : (struct kp_duur){ r->proef_maanden, KP_EENHEID_MAANDEN },
		.max = { r->max_maanden, KP_EENHEID_MAANDEN },
		.max_vanaf = KP_FASE_KENNISMAKING,
	};
	k.regels[k.n_regels++] = (struct kp_ritme_regel){ .soort = KP_EVAL_PROEFPERIODE,
							  .vanaf = KP_FASE_PROEFPERIODE,
							  .eerste = k.proef };
	if (r->evaluatie_maanden > 0)
		k.regels[k.n_regels++] = (struct kp_ritme_regel){
			.soort = r->voortgangsgesprekken ? KP_EVAL_VOORTGANG : KP_EVAL_TUSSENTIJDS,
			.vanaf = KP_FASE_LOPEND,
			.eerste = { r->evaluatie_maanden, KP_EENHEID_MAANDEN },
			.elke = { r->evaluatie_maanden, KP_EENHEID_MAANDEN },
		};
	return k;
}
