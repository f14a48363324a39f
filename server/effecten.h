/*
 * effecten.h - the effectencalculator's arithmetic: what the formal help in
 * a family's reference scenario would have cost, what the programme costs,
 * and how the two compare. Pure: no SQL, no HTTP; callers fill plain
 * structs (the tariff of each item already chosen for the item's dates).
 *
 * Money is whole euro cents in int64_t throughout. Quantities, durations and
 * caps are given in hundredths ("1,5 uur" is 150) so that every figure a
 * coordinator types is exact. The one rounding rule: an item line's amount
 * is the exact product tariff x quantity (a rational number; a month is
 * 365/12 days) rounded ONCE to whole cents, half away from zero; every
 * total is the sum of its rounded item lines, so a report's figures add up
 * to the cent and each can be traced to its line and formula.
 *
 * The reference scenario covers the first year without the koppeling
 * (KP_EFF_HORIZON months). An item may start after another item's waiting
 * time (wacht_op, wacht_maanden): its start month is the other item's start
 * plus its own waiting months. A month-based item without a duration covers
 * the rest of the first year from its start; months past the first year do
 * not count.
 */
#ifndef KOPPEL_EFFECTEN_H
#define KOPPEL_EFFECTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datum.h"

/* Months in the reference scenario (the first year without the koppeling). */
#define KP_EFF_HORIZON 12
/* "Not given" for the optional hundredths fields and item references. */
#define KP_EFF_GEEN (-1)
/* Longest scenario (items). */
#define KP_EFF_MAX_ITEMS 40

/* The units a tariff is priced in. */
enum kp_eff_eenheid {
	KP_EFF_UUR,
	KP_EFF_ETMAAL,
	KP_EFF_DAG,
	KP_EFF_SESSIE,
	KP_EFF_MAAND,
	KP_EFF_GEZIN_PER_JAAR,
	KP_EFF_VAST, /* a fixed sum for a whole course (traject) */
	KP_EFF_EENHEID_COUNT
};

/* How a quantity is counted: in total, per week of the duration, per month of the duration. */
enum kp_eff_per { KP_EFF_TOTAAL, KP_EFF_PER_WEEK, KP_EFF_PER_MAAND, KP_EFF_PER_COUNT };

/* The API names ("uur", "gezin-per-jaar", "totaal", "week", ...). */
const char *kp_eff_eenheid_naam(enum kp_eff_eenheid e);
const char *kp_eff_per_naam(enum kp_eff_per p);
/* Parses an API name; false when unknown. */
bool kp_eff_eenheid_parse(const char *s, enum kp_eff_eenheid *out);
bool kp_eff_per_parse(const char *s, enum kp_eff_per *out);
/* The NULL-terminated list of API names (for json_spec one_of). */
extern const char *const kp_eff_eenheden[];
extern const char *const kp_eff_pers[];

/* One item of a reference scenario. */
struct kp_eff_item {
	int64_t tarief_cent;            /* the tariff valid on the item's start date (> 0) */
	enum kp_eff_eenheid eenheid;    /* the tariff's unit */
	enum kp_eff_per per;
	bool onbekend;                  /* the help is known, its quantity is not */
	bool doorlopend;                /* etmaal/dag every day of each month: 365/12 a month */
	int64_t hoeveelheid;            /* hundredths of units (per week/month); KP_EFF_GEEN when onbekend or doorlopend */
	int64_t hoeveelheid_tot;        /* upper end of a range, hundredths; KP_EFF_GEEN: no range */
	int64_t duur;                   /* hundredths of weeks or months; KP_EFF_GEEN: rest of the first year (months) */
	int kinderen;                   /* >= 1: the quantity counts for each child */
	int64_t maximum;                /* cap on the units, hundredths; KP_EFF_GEEN: none */
	int wacht_op;                   /* index of the item whose start this one waits from; KP_EFF_GEEN: scenario start */
	int wacht_maanden;              /* 0..KP_EFF_HORIZON */
};

/* What is wrong with an item: the member to name and a Dutch reason. */
struct kp_eff_fout {
	const char *veld;   /* "hoeveelheid", "per", "duur", "wachtOp", ... */
	const char *reden;
};

/*
 * Checks one item on its own: the quantity fits the unit (doorlopend only
 * per etmaal or dag; per week or month only for hours, etmalen, days and
 * sessions; a fixed sum, a month or a family-year only in total), no
 * negative or absurd figure (more units per child than a year holds), a
 * range whose upper end is at least its lower end. Returns true when fine,
 * otherwise false with *f set.
 */
bool kp_eff_item_check(const struct kp_eff_item *it, struct kp_eff_fout *f);

/*
 * The start month of each of the n items (start[i], months after the
 * scenario start) from the waiting-time chain. Returns -1 when fine;
 * otherwise the index of an item whose wacht_op points at itself, out of
 * range, or into a circle (start[] then undefined).
 */
int kp_eff_starts(const struct kp_eff_item *items, size_t n, int *start);

/* One computed item line. */
struct kp_eff_regel {
	int start_maand;
	bool onbekend;
	bool begrensd;     /* the cap applied (to the upper end at least) */
	int64_t min_cent;  /* the amount; min < max only for a range; 0 when onbekend */
	int64_t max_cent;
	char formule[512]; /* written out in Dutch, e.g. "1,5 uur/week x 28 weken x €86,40 = €3.628,80" */
};

/*
 * Computes the n items (already checked) into out[n], with the start
 * months of kp_eff_starts. Returns -1 when fine, else the index of the
 * item in a circle (nothing else can fail).
 */
int kp_eff_bereken(const struct kp_eff_item *items, size_t n, struct kp_eff_regel *out);

/* Programme cost per supporting family (or per family), first year and each later year. */
struct kp_eff_kosten {
	int64_t jaar1_cent;
	int64_t later_cent;
	bool per_gezin; /* true: once per vraaggezin (a buddy programme), not per steungezin */
};

/* One koppeling of the family in the programme. */
struct kp_eff_koppeling {
	struct kp_date start; /* koppeling date */
	bool beeindigd;
	struct kp_date eind;  /* when beeindigd */
};

/* The programme cost of a family and its formula. */
struct kp_eff_programma {
	int64_t cent;
	int jaren1;     /* first years counted */
	int later;      /* later years counted */
	char formule[200];
};

/*
 * The programme cost of a family's n koppelingen up to peildatum: each
 * koppeling costs jaar1 for its first year and later_cent for each further
 * year that starts (on the koppeling date's anniversary) on or before
 * peildatum and before it ended. A koppeling starting after peildatum costs
 * nothing yet. per_gezin: only the family's first koppeling counts.
 */
void kp_eff_programmakosten(const struct kp_eff_kosten *k, const struct kp_eff_koppeling *kop, size_t n,
			    struct kp_date peildatum, struct kp_eff_programma *out);

/* How the programme compares with the reference scenario. */
enum kp_eff_klasse { KP_EFF_GOEDKOPER, KP_EFF_GELIJK, KP_EFF_EXTRA, KP_EFF_ONBEKEND, KP_EFF_KLASSE_COUNT };
/* "goedkoper", "ongeveer-gelijk", "extra-kosten", "besparing-onbekend". */
const char *kp_eff_klasse_naam(enum kp_eff_klasse k);

/* A family's outcome. */
struct kp_eff_gezin {
	int64_t referentie_min, referentie_max; /* sum of the known item lines */
	int64_t kosten;
	int64_t besparing_min, besparing_max;   /* referentie - kosten */
	bool onbekend;                          /* some quantity unknown: the figures are "tenminste" */
	bool geen_hulp;                         /* no formal help would have been given */
	enum kp_eff_klasse klasse;
};

/*
 * Compares the n computed lines of a family with its programme cost.
 * Class: besparing-onbekend when a quantity is unknown (never counted as
 * 0); extra-kosten when there are no items at all (no formal help would
 * have been given); otherwise goedkoper when even the lowest saving
 * exceeds band, extra-kosten when even the highest saving is below -band,
 * ongeveer-gelijk otherwise (band >= 0, cents, set by the organisation).
 */
void kp_eff_gezin_bereken(const struct kp_eff_regel *r, size_t n, int64_t kosten, int64_t band,
			  struct kp_eff_gezin *out);

/* "€3.628,80", "-€120,00" (out: at least 32 bytes). */
void kp_eff_euro(int64_t cent, char *out, size_t len);
/* Hundredths as a Dutch number without trailing zeros: 150 -> "1,5", 2800 -> "28", 123456 -> "1.234,56". */
void kp_eff_getal(int64_t honderdsten, char *out, size_t len);

/*
 * Parses a Dutch or plain decimal amount ("86,40", "86.40", "1.078,70",
 * "€ 3.500", "8000") to cents. Returns 0, or -1 when it is not a
 * non-negative amount, 1 when it has more than two decimals.
 */
int kp_eff_parse_bedrag(const char *s, int64_t *cent);

#endif
