/*
 * steun.c - see steun.h. The tables below are the only place these
 * vocabularies are written down.
 */
#include "steun.h"

#include <string.h>

#include "fasen.h"
#include "wachtlijst.h"

static const struct kp_term rollen_terms[] = {
	{ "vraaggezin", "Vraaggezin" },
	{ "steungezin", "Steungezin" },
	{ "steunmaatje", "Steunmaatje" },
	{ "buddy", "Buddy" },
	{ "estafettegezin", "Estafettegezin" },
};
const char *const kp_rollen_codes[] = { "vraaggezin", "steungezin", "steunmaatje", "buddy", "estafettegezin", NULL };
const struct kp_vocab kp_rollen = { "rollen", rollen_terms, 5, kp_rollen_codes };

static const struct kp_term statussen_vraag_terms[] = {
	{ "aangemeld", "Aangemeld" },
	{ "intake", "Intake" },
	{ "wachtend", "Wachtend op koppeling" },
	{ "gekoppeld", "Gekoppeld" },
	{ "afgerond", "Afgerond" },
	{ "gestopt", "Gestopt" },
};
const char *const kp_statussen_vraag_codes[] = { "aangemeld", "intake", "wachtend", "gekoppeld", "afgerond", "gestopt", NULL };
const struct kp_vocab kp_statussen_vraag = { "statussenVraag", statussen_vraag_terms, 6, kp_statussen_vraag_codes };

static const struct kp_term statussen_aanbod_terms[] = {
	{ "aangemeld", "Aangemeld" },
	{ "screening", "Screening" },
	{ "beschikbaar", "Beschikbaar" },
	{ "gekoppeld", "Gekoppeld" },
	{ "pauze", "Pauze" },
	{ "gestopt", "Gestopt" },
};
const char *const kp_statussen_aanbod_codes[] = { "aangemeld", "screening", "beschikbaar", "gekoppeld", "pauze", "gestopt", NULL };
const struct kp_vocab kp_statussen_aanbod = { "statussenAanbod", statussen_aanbod_terms, 6, kp_statussen_aanbod_codes };

static const struct kp_term steunvormen_terms[] = {
	{ "opvang-overdag", "Opvang overdag" },
	{ "weekendopvang", "Weekendopvang / logeren" },
	{ "praktische-hulp", "Praktische hulp" },
	{ "netwerk-uitbreiden", "Netwerk uitbreiden" },
	{ "spelen-met-andere-kinderen", "Spelen met andere kinderen" },
	{ "extra-aandacht-kind", "Extra aandacht voor het kind" },
	{ "opvoedsteun", "Opvoedsteun" },
	{ "luisterend-oor", "Luisterend oor" },
	{ "mee-naar-instanties", "Mee naar instanties" },
	{ "administratie-en-geld", "Administratie en geld" },
	{ "taal", "Taal" },
	{ "huiswerk-en-lezen", "Huiswerk en lezen" },
	{ "klussen", "Klussen" },
};
const char *const kp_steunvormen_codes[] = { "opvang-overdag", "weekendopvang", "praktische-hulp", "netwerk-uitbreiden", "spelen-met-andere-kinderen", "extra-aandacht-kind", "opvoedsteun", "luisterend-oor", "mee-naar-instanties", "administratie-en-geld", "taal", "huiswerk-en-lezen", "klussen", NULL };
const struct kp_vocab kp_steunvormen = { "steunvormen", steunvormen_terms, 13, kp_steunvormen_codes };

static const struct kp_term verwijzers_terms[] = {
	{ "zelf", "Zelf aangemeld" },
	{ "wijkteam", "Wijkteam" },
	{ "jeugdteam", "Jeugdteam" },
	{ "school", "School" },
	{ "huisarts", "Huisarts" },
	{ "poh-ggz", "POH-GGZ" },
	{ "jgz", "JGZ" },
	{ "voedselbank", "Voedselbank" },
	{ "anders", "Anders" },
};
const char *const kp_verwijzers_codes[] = { "zelf", "wijkteam", "jeugdteam", "school", "huisarts", "poh-ggz", "jgz", "voedselbank", "anders", NULL };
const struct kp_vocab kp_verwijzers = { "verwijzers", verwijzers_terms, 9, kp_verwijzers_codes };

static const struct kp_term frequenties_terms[] = {
	{ "wekelijks", "Wekelijks" },
	{ "tweewekelijks", "Eens per twee weken" },
	{ "maandelijks", "Maandelijks" },
	{ "anders", "Anders" },
};
const char *const kp_frequenties_codes[] = { "wekelijks", "tweewekelijks", "maandelijks", "anders", NULL };
const struct kp_vocab kp_frequenties = { "frequenties", frequenties_terms, 4, kp_frequenties_codes };

static const struct kp_term huishoudens_terms[] = {
	{ "eenouder", "Eenoudergezin" },
	{ "tweeouder", "Tweeoudergezin" },
	{ "anders", "Anders" },
};
const char *const kp_huishoudens_codes[] = { "eenouder", "tweeouder", "anders", NULL };
const struct kp_vocab kp_huishoudens = { "huishoudens", huishoudens_terms, 3, kp_huishoudens_codes };

static const struct kp_term steunstijlen_terms[] = {
	{ "activerend", "Activerend" },
	{ "afwisselend", "Afwisselend" },
	{ "overnemend", "Overnemend" },
};
const char *const kp_steunstijlen_codes[] = { "activerend", "afwisselend", "overnemend", NULL };
const struct kp_vocab kp_steunstijlen = { "steunstijlen", steunstijlen_terms, 3, kp_steunstijlen_codes };

static const struct kp_term toestemming_doelen_terms[] = {
	{ "registratie", "Registratie bij Koppel" },
	{ "informatie-verwijzer", "Informatie uitwisselen met verwijzer/jeugdteam" },
	{ "contactgegevens-delen", "Contactgegevens delen met het gekoppelde gezin" },
	{ "anonieme-rapportage", "Gebruik in anonieme rapportages" },
};
const char *const kp_toestemming_doelen_codes[] = { "registratie", "informatie-verwijzer", "contactgegevens-delen", "anonieme-rapportage", NULL };
const struct kp_vocab kp_toestemming_doelen = { "toestemmingDoelen", toestemming_doelen_terms, 4, kp_toestemming_doelen_codes };

static const struct kp_term logboek_soorten_terms[] = {
	{ "notitie", "Notitie" },
	{ "contact", "Contact" },
	{ "zorgsignaal", "Zorgsignaal" },
};
const char *const kp_logboek_soorten_codes[] = { "notitie", "contact", "zorgsignaal", NULL };
const struct kp_vocab kp_logboek_soorten = { "logboekSoorten", logboek_soorten_terms, 3, kp_logboek_soorten_codes };

static const struct kp_term formele_hulp_terms[] = {
	{ "geen", "Geen" },
	{ "vrijwillig", "Vrijwillig" },
	{ "gedwongen", "Gedwongen kader" },
};
const char *const kp_formele_hulp_codes[] = { "geen", "vrijwillig", "gedwongen", NULL };
const struct kp_vocab kp_formele_hulp = { "formeleHulp", formele_hulp_terms, 3, kp_formele_hulp_codes };

/* formal help already involved (formele_hulp, schema 0016): kinds of help, never diagnoses */
static const struct kp_term formele_hulp_soorten_terms[] = {
	{ "wijkteam", "Wijkteam / sociaal wijkteam" },
	{ "jeugdhulp-ambulant", "Jeugdhulp ambulant" },
	{ "jeugdhulp-dagbehandeling", "Jeugdhulp dagbehandeling" },
	{ "pleegzorg", "Pleegzorg" },
	{ "residentiele-jeugdhulp", "Residentiële jeugdhulp" },
	{ "jeugdbescherming-ondertoezichtstelling", "Jeugdbescherming (ondertoezichtstelling)" },
	{ "raad-voor-de-kinderbescherming", "Raad voor de Kinderbescherming" },
	{ "ggz", "GGZ" },
	{ "maatschappelijk-werk", "Maatschappelijk werk" },
	{ "schuldhulpverlening", "Schuldhulpverlening" },
	{ "huisarts-poh", "Huisarts / POH" },
	{ "overig", "Overig" },
};
const char *const kp_formele_hulp_soorten_codes[] = { "wijkteam", "jeugdhulp-ambulant", "jeugdhulp-dagbehandeling", "pleegzorg", "residentiele-jeugdhulp", "jeugdbescherming-ondertoezichtstelling", "raad-voor-de-kinderbescherming", "ggz", "maatschappelijk-werk", "schuldhulpverlening", "huisarts-poh", "overig", NULL };
const struct kp_vocab kp_formele_hulp_soorten = { "formeleHulpSoorten", formele_hulp_soorten_terms, 12, kp_formele_hulp_soorten_codes };

static const struct kp_term formele_hulp_kaders_terms[] = {
	{ "vrijwillig", "Vrijwillig" },
	{ "gedwongen", "Gedwongen kader" },
};
const char *const kp_formele_hulp_kaders_codes[] = { "vrijwillig", "gedwongen", NULL };
const struct kp_vocab kp_formele_hulp_kaders = { "formeleHulpKaders", formele_hulp_kaders_terms, 2, kp_formele_hulp_kaders_codes };

static const struct kp_term dagdelen_terms[] = {
	{ "ma-ochtend", "maandag ochtend" },
	{ "ma-middag", "maandag middag" },
	{ "ma-avond", "maandag avond" },
	{ "ma-nacht", "maandag nacht" },
	{ "di-ochtend", "dinsdag ochtend" },
	{ "di-middag", "dinsdag middag" },
	{ "di-avond", "dinsdag avond" },
	{ "di-nacht", "dinsdag nacht" },
	{ "wo-ochtend", "woensdag ochtend" },
	{ "wo-middag", "woensdag middag" },
	{ "wo-avond", "woensdag avond" },
	{ "wo-nacht", "woensdag nacht" },
	{ "do-ochtend", "donderdag ochtend" },
	{ "do-middag", "donderdag middag" },
	{ "do-avond", "donderdag avond" },
	{ "do-nacht", "donderdag nacht" },
	{ "vr-ochtend", "vrijdag ochtend" },
	{ "vr-middag", "vrijdag middag" },
	{ "vr-avond", "vrijdag avond" },
	{ "vr-nacht", "vrijdag nacht" },
	{ "za-ochtend", "zaterdag ochtend" },
	{ "za-middag", "zaterdag middag" },
	{ "za-avond", "zaterdag avond" },
	{ "za-nacht", "zaterdag nacht" },
	{ "zo-ochtend", "zondag ochtend" },
	{ "zo-middag", "zondag middag" },
	{ "zo-avond", "zondag avond" },
	{ "zo-nacht", "zondag nacht" },
};
const char *const kp_dagdelen_codes[] = { "ma-ochtend", "ma-middag", "ma-avond", "ma-nacht", "di-ochtend", "di-middag", "di-avond", "di-nacht", "wo-ochtend", "wo-middag", "wo-avond", "wo-nacht", "do-ochtend", "do-middag", "do-avond", "do-nacht", "vr-ochtend", "vr-middag", "vr-avond", "vr-nacht", "za-ochtend", "za-middag", "za-avond", "za-nacht", "zo-ochtend", "zo-middag", "zo-avond", "zo-nacht", NULL };
const struct kp_vocab kp_dagdelen = { "dagdelen", dagdelen_terms, 28, kp_dagdelen_codes };

static const struct kp_vocab *const all[] = {
	&kp_steunvormen, &kp_dagdelen, &kp_rollen, &kp_statussen_vraag, &kp_statussen_aanbod, &kp_verwijzers,
	&kp_frequenties, &kp_huishoudens, &kp_steunstijlen, &kp_toestemming_doelen, &kp_logboek_soorten,
	&kp_formele_hulp, &kp_formele_hulp_soorten, &kp_formele_hulp_kaders, &kp_wacht_urgenties, &kp_wacht_wijzen,
};

bool kp_rol_kant(const char *rol, enum kp_kant *kant)
{
	if (!kp_vocab_has(&kp_rollen, rol))
		return false;
	*kant = strcmp(rol, "vraaggezin") == 0 ? KP_KANT_VRAAG : KP_KANT_AANBOD;
	return true;
}

const struct kp_vocab *kp_statussen(enum kp_kant kant)
{
	return kant == KP_KANT_VRAAG ? &kp_statussen_vraag : &kp_statussen_aanbod;
}

bool kp_vocab_has(const struct kp_vocab *v, const char *code)
{
	for (size_t i = 0; code && i < v->n; i++)
		if (strcmp(v->terms[i].code, code) == 0)
			return true;
	return false;
}

const char *kp_vocab_naam(const struct kp_vocab *v, const char *code)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->terms[i].code, code) == 0)
			return v->terms[i].naam;
	return code;
}

json_t *kp_vocab_json(const struct kp_vocab *v)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < v->n; i++) {
		json_t *t = json_pack("{s:s, s:s}", "code", v->terms[i].code, "naam", v->terms[i].naam);
		if (v == &kp_rollen)
			json_object_set_new(t, "kant", json_string(i == 0 ? "vraag" : "aanbod"));
		if (v == &kp_dagdelen) {
			json_object_set_new(t, "dag", json_stringn(v->terms[i].code, 2));
			json_object_set_new(t, "deel", json_string(v->terms[i].code + 3));
		}
		json_array_append_new(arr, t);
	}
	return arr;
}

json_t *kp_koppeling_lijsten_json(json_t *o)
{
	json_t *fasen = json_array(), *soorten = json_array(), *redenen = json_array();
	for (int f = 0; fasen && f < KP_FASE_COUNT; f++)
		json_array_append_new(fasen, json_pack("{s:s, s:s, s:b}", "code", kp_fase_name((enum kp_fase)f), "naam",
							 kp_fase_label((enum kp_fase)f), "eind", kp_fase_final((enum kp_fase)f)));
	for (int s = 0; soorten && s < KP_EVAL_SOORT_COUNT; s++)
		json_array_append_new(soorten, json_pack("{s:s, s:s}", "code", kp_evaluatie_soort_name((enum kp_evaluatie_soort)s),
							  "naam", kp_evaluatie_soort_label((enum kp_evaluatie_soort)s)));
	for (size_t i = 0; redenen && i < kp_stopreden_aantal; i++) {
		const struct kp_stopreden *r = &kp_stopreden_tabel[i];
		char naam[128];
		json_array_append_new(redenen, json_pack("{s:s, s:s, s:s, s:s}", "code", r->code, "naam",
							  kp_stopreden_naam(r, "steungezin", "vraaggezin", naam, sizeof naam),
							  "sjabloon", r->label, "kant", kp_stop_kant_name(r->kant)));
	}
	json_object_set_new(o, "fasen", fasen ? fasen : json_null());
	json_object_set_new(o, "evaluatieSoorten", soorten ? soorten : json_null());
	json_object_set_new(o, "stopredenen", redenen ? redenen : json_null());
	return o;
}

json_t *kp_keuzelijsten_json(void)
{
	json_t *o = json_object();
	for (size_t i = 0; o && i < sizeof all / sizeof all[0]; i++)
		json_object_set_new(o, all[i]->key, kp_vocab_json(all[i]));
	return o ? kp_koppeling_lijsten_json(o) : NULL;
}
