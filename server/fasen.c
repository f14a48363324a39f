/*
 * fasen.c - see fasen.h. The move table is the only place the order of
 * phases is written down.
 */
#include "fasen.h"

#include <string.h>

static const char *const names[KP_FASE_COUNT] = {
	[KP_FASE_VOORSTEL] = "voorstel",	 [KP_FASE_KENNISMAKING] = "kennismaking",
	[KP_FASE_PROEFPERIODE] = "proefperiode", [KP_FASE_CONTRACT] = "contract",
	[KP_FASE_LOPEND] = "lopend",		 [KP_FASE_AFRONDING] = "afronding",
	[KP_FASE_GESTOPT] = "gestopt",
};

#define BIT(f) (1u << (f))
/* moves[from] = the phases `from` may move to */
static const unsigned moves[KP_FASE_COUNT] = {
	[KP_FASE_VOORSTEL] = BIT(KP_FASE_KENNISMAKING) | BIT(KP_FASE_GESTOPT),
	[KP_FASE_KENNISMAKING] = BIT(KP_FASE_PROEFPERIODE) | BIT(KP_FASE_GESTOPT),
	[KP_FASE_PROEFPERIODE] = BIT(KP_FASE_CONTRACT) | BIT(KP_FASE_GESTOPT),
	[KP_FASE_CONTRACT] = BIT(KP_FASE_LOPEND) | BIT(KP_FASE_GESTOPT),
	[KP_FASE_LOPEND] = BIT(KP_FASE_AFRONDING) | BIT(KP_FASE_GESTOPT),
	[KP_FASE_AFRONDING] = 0,
	[KP_FASE_GESTOPT] = 0,
};

static const char *const labels[KP_FASE_COUNT] = {
	[KP_FASE_VOORSTEL] = "Voorstel",	 [KP_FASE_KENNISMAKING] = "Kennismaking",
	[KP_FASE_PROEFPERIODE] = "Proefperiode", [KP_FASE_CONTRACT] = "Contract",
	[KP_FASE_LOPEND] = "Lopend",		 [KP_FASE_AFRONDING] = "Afronding",
	[KP_FASE_GESTOPT] = "Gestopt",
};

/*
 * The stop reasons: code, label, side. Written once, here; the table and
 * the list of codes below are both made from it. The codes of existing
 * reasons stay as they are (stored on koppelingen); their labels speak of
 * the programme's words.
 */
#define STOPREDENEN(X)                                                        \
	X("geen-klik", "Geen klik", KP_STOP_BEIDE)                            \
	X("steungezin-overbelast", "{steun} overbelast", KP_STOP_STEUN)       \
	X("steungezin-ziek", "{steun} ziek", KP_STOP_STEUN)                   \
	X("steungezin-verhuisd", "{steun} verhuisd", KP_STOP_STEUN)           \
	X("steun-wil-stoppen", "{steun} wil stoppen", KP_STOP_STEUN)          \
	X("steunstijl-past-niet", "Steunstijl past niet", KP_STOP_BEIDE)      \
	X("vraaggezin-wil-stoppen", "{vraag} wil stoppen", KP_STOP_VRAAG)     \
	X("niet-gekozen", "Niet gekozen", KP_STOP_VRAAG)                      \
	X("doelen-bereikt", "Doelen bereikt", KP_STOP_BEIDE)                  \
	X("professionele-hulp-nodig", "Professionele hulp nodig", KP_STOP_VRAAG) \
	X("anders", "Anders", KP_STOP_BEIDE)

#define AS_ROW(c, l, k) { c, l, k },
#define AS_CODE(c, l, k) c,
const struct kp_stopreden kp_stopreden_tabel[] = { STOPREDENEN(AS_ROW) };
const size_t kp_stopreden_aantal = sizeof kp_stopreden_tabel / sizeof kp_stopreden_tabel[0];
const char *const kp_stopredenen[] = { STOPREDENEN(AS_CODE) NULL };
#undef AS_ROW
#undef AS_CODE

bool kp_fase_parse(const char *s, enum kp_fase *out)
{
	for (int i = 0; s && i < KP_FASE_COUNT; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum kp_fase)i;
			return true;
		}
	return false;
}

const char *kp_fase_name(enum kp_fase f)
{
	return (unsigned)f < KP_FASE_COUNT ? names[f] : "?";
}

const char *kp_fase_label(enum kp_fase f)
{
	return (unsigned)f < KP_FASE_COUNT ? labels[f] : "?";
}

bool kp_fase_final(enum kp_fase f)
{
	return moves[f] == 0;
}

bool kp_fase_allowed(enum kp_fase from, enum kp_fase to)
{
	return (unsigned)from < KP_FASE_COUNT && (unsigned)to < KP_FASE_COUNT && (moves[from] & BIT(to)) != 0;
}

size_t kp_fase_next(enum kp_fase from, enum kp_fase out[KP_FASE_COUNT])
{
	size_t n = 0;
	for (int t = 0; t < KP_FASE_COUNT; t++)
		if (kp_fase_allowed(from, (enum kp_fase)t))
			out[n++] = (enum kp_fase)t;
	return n;
}

bool kp_stopreden_valid(const char *code)
{
	return kp_stopreden_vind(code) != NULL;
}

const struct kp_stopreden *kp_stopreden_vind(const char *code)
{
	for (size_t i = 0; code && i < kp_stopreden_aantal; i++)
		if (strcmp(kp_stopreden_tabel[i].code, code) == 0)
			return &kp_stopreden_tabel[i];
	return NULL;
}

const char *kp_stop_kant_name(enum kp_stop_kant k)
{
	switch (k) {
	case KP_STOP_VRAAG:
		return "vraag";
	case KP_STOP_STEUN:
		return "steun";
	case KP_STOP_BEIDE:
		break;
	}
	return "beide";
}

char *kp_stopreden_naam(const struct kp_stopreden *r, const char *steun, const char *vraag, char *buf, size_t len)
{
	if (!len)
		return buf;
	size_t n = 0;
	buf[0] = '\0';
	for (const char *p = r->label; *p && n + 1 < len;) {
		const char *word = NULL;
		if (strncmp(p, "{steun}", 7) == 0)
			word = steun, p += 7;
		else if (strncmp(p, "{vraag}", 7) == 0)
			word = vraag, p += 7;
		if (!word) {
			buf[n++] = *p++;
			continue;
		}
		bool first = n == 0;
		for (const char *w = word; *w && n + 1 < len; w++, first = false)
			buf[n++] = first && *w >= 'a' && *w <= 'z' ? (char)(*w - 'a' + 'A') : *w;
	}
	buf[n] = '\0';
	return buf;
}

bool kp_stopreden_steun_pauze(const char *code)
{
	return code && (strcmp(code, "steungezin-overbelast") == 0 || strcmp(code, "steungezin-ziek") == 0);
}

enum kp_fase_uitkomst kp_fase_check(enum kp_fase from, enum kp_fase to, const struct kp_fase_feiten *f,
				    const char **reden, const char **veld)
{
	*veld = NULL;
	if (!kp_fase_allowed(from, to)) {
		*reden = kp_fase_final(from) ? "Deze koppeling is al beëindigd."
					     : "Deze fase volgt niet op de huidige fase.";
		return KP_FASE_NIET_TOEGESTAAN;
	}
	switch (to) {
	case KP_FASE_CONTRACT:
		if (!f->contract_getekend) {
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
		if (!f->proefevaluatie_gehouden) {
			*reden = "Houd eerst de evaluatie van de proefperiode.";
			return KP_FASE_VOORWAARDE;
		}
		break;
	case KP_FASE_GESTOPT:
		if (!kp_stopreden_valid(f->reden)) {
			*reden = "Kies een reden voor het stoppen.";
			*veld = "/reden";
			return KP_FASE_VOORWAARDE;
		}
		if (strcmp(f->reden, "anders") == 0 && (!f->toelichting || !f->toelichting[0])) {
			*reden = "Licht de reden 'anders' toe.";
			*veld = "/toelichting";
			return KP_FASE_VOORWAARDE;
		}
		break;
	default:
		break;
	}
	*reden = NULL;
	return KP_FASE_OK;
}

const char *kp_evaluatie_soort_label(enum kp_evaluatie_soort s)
{
	switch (s) {
	case KP_EVAL_KENNISMAKINGSGESPREK:
		return "Kennismakingsgesprek";
	case KP_EVAL_PROEFPERIODE:
		return "Evaluatie proefperiode";
	case KP_EVAL_TUSSENTIJDS:
		return "Tussentijdse evaluatie";
	case KP_EVAL_VOORTGANG:
		return "Voortgangsgesprek";
	case KP_EVAL_AFSLUITEND:
		return "Afsluitend gesprek";
	}
	return "?";
}

const char *kp_evaluatie_soort_name(enum kp_evaluatie_soort s)
{
	switch (s) {
	case KP_EVAL_KENNISMAKINGSGESPREK:
		return "kennismakingsgesprek";
	case KP_EVAL_PROEFPERIODE:
		return "evaluatie-proefperiode";
	case KP_EVAL_TUSSENTIJDS:
		return "tussentijdse-evaluatie";
	case KP_EVAL_VOORTGANG:
		return "voortgangsgesprek";
	case KP_EVAL_AFSLUITEND:
		return "afsluitend-gesprek";
	}
	return "?";
}

struct kp_date kp_bedenktijd_einde(const struct kp_programma_ritme *r, struct kp_date kennismaking)
{
	return kp_date_add_days(kennismaking, r->bedenktijd_dagen);
}

struct kp_date kp_proef_einde(const struct kp_programma_ritme *r, struct kp_date proef_start)
{
	if (r->proef_weken > 0)
		return kp_date_add_days(proef_start, 7 * r->proef_weken);
	return kp_date_add_months(proef_start, r->proef_maanden);
}

struct kp_date kp_max_einde(const struct kp_programma_ritme *r, struct kp_date koppeling)
{
	return kp_date_add_months(koppeling, r->max_maanden);
}

/* Appends one planned evaluation if there is room; counts it anyway. */
static void plan(struct kp_planning *out, size_t max, size_t *n, enum kp_evaluatie_soort s, struct kp_date d)
{
	if (*n < max)
		out[*n] = (struct kp_planning){ s, d };
	(*n)++;
}

size_t kp_plan_evaluaties(const struct kp_programma_ritme *r, const struct kp_fase_data *d, struct kp_planning *out,
			  size_t max)
{
	size_t n = 0;
	struct kp_date einde = kp_max_einde(r, d->koppeling);
	if (d->has_proef)
		plan(out, max, &n, KP_EVAL_PROEFPERIODE, kp_proef_einde(r, d->proef));
	if (d->has_lopend && r->evaluatie_maanden > 0) {
		/* every k months from the start of lopend, counted from that start (not
		 * chained), so 31 January gives 28/29 February, then 31 March */
		for (int k = 1; k < 12 * 100; k++) {
			struct kp_date at = kp_date_add_months(d->lopend, k * r->evaluatie_maanden);
			if (kp_date_cmp(at, einde) >= 0)
				break;
			plan(out, max, &n, r->voortgangsgesprekken ? KP_EVAL_VOORTGANG : KP_EVAL_TUSSENTIJDS, at);
		}
	}
	if (d->has_kennismaking || d->has_proef || d->has_lopend)
		plan(out, max, &n, KP_EVAL_AFSLUITEND, einde);
	return n;
}
