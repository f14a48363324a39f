/*
 * api_effecten.h - the effectencalculator's request handlers (issue 14):
 * tariffs and their CSV import (api_tarieven.c), the reference scenario
 * and formal-help outcomes per vraaggezin and the effect report
 * (api_effecten.c). Each handler is referenced from one row of the route
 * table (routes.c); the arithmetic lives in effecten.c.
 */
#ifndef KOPPEL_API_EFFECTEN_H
#define KOPPEL_API_EFFECTEN_H

#include <stdbool.h>
#include <stdint.h>

#include "effecten.h"
#include "json_spec.h"

#include <jansson.h>

struct kp_request;
struct kp_conn;
struct kp_principal;

/* api_tarieven.c */
void api_tarieven_list(struct kp_request *req);
void api_tarieven_post(struct kp_request *req);
void api_tarieven_get(struct kp_request *req);
void api_tarieven_patch(struct kp_request *req);
void api_tarief_imports_post(struct kp_request *req);
void api_effect_instellingen_get(struct kp_request *req);
void api_effect_instellingen_put(struct kp_request *req);

/* api_effecten.c */
void api_referentiescenario_get(struct kp_request *req);
void api_referentiescenario_put(struct kp_request *req);
void api_rapportage_effecten_get(struct kp_request *req);

/*
 * The effect figures of a set of families, summed per gemeente and in
 * total: the one computation behind the effect report and the effect
 * summary of the period report (api_rapportages.c). Each family is
 * computed with effecten.c from its stored reference scenario, the tariffs
 * valid on its items' dates and its programme cost up to a peildatum.
 */
struct kp_effect_telling;

/*
 * A new, empty count over programme programma (0: all) with programme cost
 * up to peil ("YYYY-MM-DD"), the organisation's band read on c. vrij: the
 * total may show amounts to the rapportage role (a whole calendar year,
 * unfiltered). NULL on a database error or without memory.
 */
struct kp_effect_telling *kp_effect_telling_new(struct kp_conn *c, int64_t programma, const char *peil, bool vrij);
void kp_effect_telling_free(struct kp_effect_telling *t);

/*
 * Computes vraaggezin gezin (it must have a scenario) and adds it to the
 * total and to the group of gemeente (NULL: gemeente onbekend). SQLITE_OK
 * or an error.
 */
int kp_effect_tel(struct kp_effect_telling *t, int64_t gezin, const char *gemeente);

/* The number of gemeente groups, and the name of group i (NULL: gemeente onbekend). */
size_t kp_effect_telling_aantal(const struct kp_effect_telling *t);
const char *kp_effect_telling_naam(const struct kp_effect_telling *t, size_t i);

/*
 * The summary of the total (totaal) or of the group named gemeente (NULL:
 * onbekend; a gemeente without families gives zeros) as the period report
 * shows it: gezinnen, berekenbaar, besparingOnbekend, klassen, the amounts
 * (referentie = the formal help avoided, programmakosten, besparing = the
 * net) with tenminste, peildatum and, where amounts are withheld,
 * redenGeenBedragen. exact: counts as they are; otherwise rounded to fives
 * and amounts only for a vrij total over at least KP_DISCLOSE_MIN_BASE
 * families. NULL without memory.
 */
json_t *kp_effect_telling_json(const struct kp_effect_telling *t, bool totaal, const char *gemeente, bool exact);

/*
 * The CSV rows "gemeente;Effecten: ...;waarde" of an effect summary as
 * kp_effect_telling_json gives it (Dutch words, amounts in euros with a
 * decimal comma, empty where withheld). Nothing when eff is not an object.
 */
struct kp_buf;
void kp_effect_csv(struct kp_buf *b, const char *gem, const json_t *eff);

/* What a period report covers, for its effect summary. */
struct kp_effect_periode {
	const char *van, *tot;  /* the period, inclusive */
	const char *today;      /* bounds the peildatum of the programme cost */
	int gemfilter;          /* 0: all, 1: gemeente, 2: gemeente onbekend */
	const char *gemeente;   /* gemfilter 1 */
	int64_t werkgebied;     /* 0: all */
	int64_t programma;      /* 0: all */
};

/*
 * The effect count of a period report for scope p on c (the report's own
 * snapshot): the vraaggezinnen with a reference scenario and a koppeling
 * (in the programme) dated in the period, each attributed to the gemeente
 * and werkgebied it had on the date of its first such koppeling (the dated
 * history, as the report's other figures), within p's scope and the
 * filters, without those that withdrew anonieme-rapportage by the period's
 * end. Programme cost up to the period's end, or today if earlier. NULL on
 * an error.
 */
struct kp_effect_telling *kp_effecten_periode(struct kp_conn *c, const struct kp_principal *p,
					      const struct kp_effect_periode *s);

/* The request-body specs of both files, for the body fuzz target. */
extern const struct kp_spec kp_specs_tarieven[], kp_specs_effecten[];

/* A tariff version as the calculation needs it. */
struct kp_tarief {
	int64_t id;
	int64_t bedrag_cent;
	enum kp_eff_eenheid eenheid;
	char betaler[32];
	char omschrijving[201];
};

/*
 * The version of tariff code valid on date datum ("YYYY-MM-DD") into *t.
 * 1 when found, 0 when code has no version valid on that date (or no
 * versions at all), -1 on a database error.
 */
int kp_tarief_op(struct kp_conn *c, const char *code, const char *datum, struct kp_tarief *t);

#endif
