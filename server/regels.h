/*
 * regels.h - a programme's hard rules for a supporter, in one place: which
 * roles the programme works with, how long a VOG stays valid, which roles
 * need none, and how far apart the two gezinnen may live. The supporter's
 * status rule (gezinnen.c), linking (koppeling_write.c), suggestions and
 * match rounds (matchdata.c, matching.c) and the gezin's "beschikbaar voor"
 * all ask this module. Pure: no SQL, no HTTP, no clock, no allocation;
 * callers fill plain structs and pass "today".
 *
 * VOG by age: every member who is 18 or older on today needs a valid VOG,
 * whatever they were entered as (volwassene or kind); a member entered as
 * volwassene whose birth date is unknown needs one too. A member born on
 * 29 February turns 18 on 1 March in a common year (as kp_age_years counts).
 * A VOG dated d is valid up to and including d + the programme's months
 * (calendar months, kp_date_add_months). A member turning 18 within
 * KP_REGELS_SIGNAAL_MAANDEN months is flagged ("VOG nodig vanaf <datum>"),
 * and so is a needed VOG that runs out within that time.
 */
#ifndef KOPPEL_REGELS_H
#define KOPPEL_REGELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datum.h"

#define KP_REGELS_SIGNAAL_MAANDEN 3 /* months ahead for "VOG nodig vanaf" and "VOG verloopt" */
#define KP_REGELS_VOG_STANDAARD 36  /* VOG months when no programme says otherwise */

/* A programme's hard rules. Role bits are indices in kp_rollen (steun.h). */
struct kp_regels {
	uint8_t rollen;   /* bit i: role i may serve in the programme */
	uint8_t vog_vrij; /* bit i: role i needs no VOG in the programme */
	int vog_maanden;  /* months a VOG stays valid (>= 1) */
	int max_km;       /* maximum distance between the gezinnen; 0: none */
};

/* One household member of a supporting gezin. */
struct kp_regels_lid {
	const char *naam;     /* for reasons; NULL is allowed */
	bool volwassene;      /* entered as volwassene (else as kind) */
	bool geboorte_bekend;
	struct kp_date geboorte;
	bool vog_bekend;      /* has a VOG date */
	struct kp_date vog;
};

/* A supporter's facts. */
struct kp_regels_steun {
	int rol;            /* index in kp_rollen; -1 when not a role */
	bool beschikbaar;   /* its status (or the status asked for) is beschikbaar */
	const struct kp_regels_lid *leden;
	size_t n_leden;
	bool afstand_bekend;
	double afstand_km;  /* to the vraaggezin, when known */
	int vrij;           /* places left; negative: not checked */
};

/* The rules, as bits of kp_regels_uitkomst.gebroken (in the order reasons are given). */
enum {
	KP_REGEL_ROL = 1u << 0,
	KP_REGEL_NIET_BESCHIKBAAR = 1u << 1,
	KP_REGEL_GEEN_VOG = 1u << 2,
	KP_REGEL_VOL = 1u << 3,
	KP_REGEL_TE_VER = 1u << 4,
};
#define KP_REGEL_COUNT 5

struct kp_regels_uitkomst {
	unsigned gebroken;             /* KP_REGEL_* bits; 0: the supporter is accepted */
	unsigned zonder_vog;           /* members that need a VOG and have no valid one */
	bool vog_verloopt;             /* a needed VOG runs out within KP_REGELS_SIGNAAL_MAANDEN months */
	bool vog_binnenkort;           /* a member turns 18 within KP_REGELS_SIGNAAL_MAANDEN months */
	struct kp_date vog_nodig_vanaf; /* the earliest such 18th birthday (when vog_binnenkort) */
	char reden[KP_REGEL_COUNT][320]; /* Dutch reason per broken rule, at the bit's position; "" otherwise */
	char signaal[320];             /* "VOG nodig vanaf 2026-12-07: Sam." or "" */
};

/* The rules of no programme in particular: every supporting role, 36 months, no exemption, no distance limit. */
void kp_regels_standaard(struct kp_regels *r);

/*
 * Checks supporter s against programme r on today: every broken rule with
 * its reason, and the VOG flags. The distance rule is checked only when the
 * distance is known, capacity only when s->vrij >= 0.
 */
void kp_regels_check(const struct kp_regels *r, const struct kp_regels_steun *s, struct kp_date today,
		     struct kp_regels_uitkomst *out);

/* The reason of the first broken rule, or NULL when none is broken. */
const char *kp_regels_reden(const struct kp_regels_uitkomst *u);

/* True when role index rol is one of the bits in rollen. */
bool kp_regels_rol_toegestaan(uint8_t rollen, int rol);
/* True when km is beyond a programme maximum of max_km (0: no maximum). */
bool kp_regels_te_ver(int max_km, double km);
/* The day someone born on geboorte turns 18 (1 March for 29 February in a common year). */
struct kp_date kp_regels_achttien(struct kp_date geboorte);
/* True when member l needs a VOG on today (18 or older, or an adult of unknown age). */
bool kp_regels_vog_nodig(const struct kp_regels_lid *l, struct kp_date today);
/* True when a VOG dated vog is still valid on today under a validity of maanden months. */
bool kp_regels_vog_geldig(struct kp_date vog, int maanden, struct kp_date today);

#endif
