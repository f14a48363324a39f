/*
 * steun.h - the fixed vocabularies of Koppel's domain, held in one place:
 * roles of a gezin and the side they are on, statuses per side, forms of
 * support (steunvormen), day parts (dagdelen), referrers, frequencies,
 * household forms, support styles, consent purposes and logboek kinds.
 * Codes are what the API stores and accepts; names are the Dutch labels
 * served at /api/v1/keuzelijsten for the web app (also the kinds and kaders
 * of formal help), together with the phases,
 * evaluation kinds and stop reasons of fasen.h. Pure: no SQL, no HTTP.
 */
#ifndef KOPPEL_STEUN_H
#define KOPPEL_STEUN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct kp_term {
	const char *code;
	const char *naam;
};

struct kp_vocab {
	const char *key;            /* name in /keuzelijsten */
	const struct kp_term *terms;
	size_t n;
	const char *const *codes;   /* NULL-terminated codes, for kp_field.one_of */
};

enum kp_kant { KP_KANT_VRAAG, KP_KANT_AANBOD };

extern const struct kp_vocab kp_rollen, kp_statussen_vraag, kp_statussen_aanbod, kp_steunvormen, kp_dagdelen,
	kp_verwijzers, kp_frequenties, kp_huishoudens, kp_steunstijlen, kp_toestemming_doelen, kp_logboek_soorten,
	kp_formele_hulp, kp_formele_hulp_soorten, kp_formele_hulp_kaders;

/* The codes of each vocabulary, NULL-terminated (usable in static kp_field specs). */
extern const char *const kp_rollen_codes[], *const kp_statussen_vraag_codes[], *const kp_statussen_aanbod_codes[],
	*const kp_steunvormen_codes[], *const kp_dagdelen_codes[], *const kp_verwijzers_codes[],
	*const kp_frequenties_codes[], *const kp_huishoudens_codes[], *const kp_steunstijlen_codes[],
	*const kp_toestemming_doelen_codes[], *const kp_logboek_soorten_codes[], *const kp_formele_hulp_codes[],
	*const kp_formele_hulp_soorten_codes[], *const kp_formele_hulp_kaders_codes[];

/* The side of a role code; false when the code is not a role. */
bool kp_rol_kant(const char *rol, enum kp_kant *kant);
/* The status vocabulary of a side. */
const struct kp_vocab *kp_statussen(enum kp_kant kant);
/* True when code is in v. */
bool kp_vocab_has(const struct kp_vocab *v, const char *code);
/* The Dutch name of code in v, or code itself. */
const char *kp_vocab_naam(const struct kp_vocab *v, const char *code);

/*
 * {"steunvormen":[{"code","naam"}], "dagdelen":[...], ...}: every vocabulary,
 * and the lists of koppelingen below.
 */
json_t *kp_keuzelijsten_json(void);
/*
 * Adds to o the lists of koppelingen from fasen.h: "fasen" [{code, naam,
 * eind}] in order, "evaluatieSoorten" [{code, naam}] and "stopredenen"
 * [{code, naam (with the words steungezin/vraaggezin), sjabloon (the label
 * with {steun}/{vraag}), kant ("vraag", "steun" or "beide")}]. Returns o.
 */
json_t *kp_koppeling_lijsten_json(json_t *o);
/* One vocabulary as [{"code","naam"}]. */
json_t *kp_vocab_json(const struct kp_vocab *v);

#endif
