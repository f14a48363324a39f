/*
 * wachtlijst.c - see wachtlijst.h: the urgency list, the order of the
 * wachtlijst and the "te lang niet geïnformeerd" rule.
 */
#include "wachtlijst.h"

#include <stddef.h>
#include <string.h>

#include "datum.h"

#define TERM_(code, naam) { code, naam },
#define CODE_(code, naam) code,

static const struct kp_term urgenties_terms[] = { KP_WACHT_URGENTIES(TERM_) };
const char *const kp_wacht_urgenties_codes[] = { KP_WACHT_URGENTIES(CODE_) NULL };
const struct kp_vocab kp_wacht_urgenties = { "wachtUrgenties", urgenties_terms,
					     sizeof urgenties_terms / sizeof urgenties_terms[0], kp_wacht_urgenties_codes };

static const struct kp_term wijzen_terms[] = {
	{ "telefoon", "Telefonisch" },
	{ "mail", "Per mail" },
	{ "bezoek", "Bij een bezoek" },
};
const char *const kp_wacht_wijzen_codes[] = { "telefoon", "mail", "bezoek", NULL };
const struct kp_vocab kp_wacht_wijzen = { "wachtBerichtWijzen", wijzen_terms, sizeof wijzen_terms / sizeof wijzen_terms[0],
					  kp_wacht_wijzen_codes };

int kp_wacht_urgentie_rang(const char *code)
{
	if (!code)
		code = KP_WACHT_URGENTIE_STANDAARD;
	for (size_t i = 0; i < kp_wacht_urgenties.n; i++)
		if (strcmp(urgenties_terms[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* The rank used for ordering: unknown codes after every known one. */
static int orde_rang(const char *code)
{
	int r = kp_wacht_urgentie_rang(code);
	return r < 0 ? (int)kp_wacht_urgenties.n : r;
}

int kp_wacht_vergelijk(const void *a, const void *b)
{
	const struct kp_wachtend *x = a, *y = b;
	int rx = orde_rang(x->urgentie), ry = orde_rang(y->urgentie);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (x->wachtdagen != y->wachtdagen)
		return x->wachtdagen > y->wachtdagen ? -1 : 1;
	if (x->gezin_id != y->gezin_id)
		return x->gezin_id < y->gezin_id ? -1 : 1;
	return 0;
}

enum kp_wacht_signaal kp_wacht_signaal(bool contactpersoon, const char *laatst, const char *aangemeld_op,
				       const char *vandaag)
{
	if (!contactpersoon)
		return KP_WACHT_GEEN_CONTACTPERSOON;
	struct kp_date sinds, nu;
	const char *van = laatst ? laatst : aangemeld_op;
	if (!van || !vandaag || !kp_date_parse(van, &sinds) || !kp_date_parse(vandaag, &nu))
		return KP_WACHT_IN_ORDE;
	return kp_date_to_days(nu) - kp_date_to_days(sinds) > KP_WACHT_INFORMEER_DAGEN ? KP_WACHT_NIET_GEINFORMEERD
											 : KP_WACHT_IN_ORDE;
}

const char *kp_wacht_signaal_code(enum kp_wacht_signaal s)
{
	switch (s) {
	case KP_WACHT_GEEN_CONTACTPERSOON:
		return "geen-contactpersoon";
	case KP_WACHT_NIET_GEINFORMEERD:
		return "niet-geinformeerd";
	case KP_WACHT_IN_ORDE:
		break;
	}
	return NULL;
}

const char *kp_wacht_signaal_naam(const char *code)
{
	if (!code)
		return NULL;
	if (strcmp(code, "geen-contactpersoon") == 0)
		return "Geen contactpersoon";
	if (strcmp(code, "niet-geinformeerd") == 0)
		return "Langer dan " KP_WACHT_STR(KP_WACHT_INFORMEER_DAGEN) " dagen niet geïnformeerd";
	return code;
}
