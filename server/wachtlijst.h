/*
 * wachtlijst.h - the rules of the wachtlijst with responsibility (issue 19,
 * point 5), pure: no HTTP and no database access.
 *
 *  - the fixed list of urgencies, in the field's words, most urgent first
 *    (the order is the rank: huiselijk geweld first, normaal last);
 *  - the ways a family is told about its wait (telefoon, mail, bezoek);
 *  - the order of the wachtlijst: by urgency rank, then by waiting time
 *    (longest first), then by gezin id;
 *  - the flag: a waiting family without a valid contact person, or not told
 *    about its wait for more than KP_WACHT_INFORMEER_DAGEN days (counted
 *    from its registration when it was never told).
 *
 * The same rules as SQL fragments (KP_SQL_WACHT_*) let the overview sort
 * and flag inside its query; tests/unit/test_wachtlijst.c checks that the
 * C and the SQL forms agree.
 */
#ifndef KOPPEL_WACHTLIJST_H
#define KOPPEL_WACHTLIJST_H

#include <stdbool.h>
#include <stdint.h>

#include "steun.h"

/* Days a waiting family may go without being told about its wait. */
#define KP_WACHT_INFORMEER_DAGEN 30

/* The urgencies as X(code, Dutch name), most urgent first; the position is the rank. */
#define KP_WACHT_URGENTIES(X)                                                                                \
	X("huiselijk-geweld", "Huiselijk geweld of onveiligheid")                                           \
	X("uithuisplaatsing", "Dreigende uithuisplaatsing")                                                  \
	X("acute-crisis", "Acute crisis in het gezin (ziekte, overlijden, dakloosheid)")                     \
	X("overbelasting", "Ernstige overbelasting van de ouder(s)")                                         \
	X("normaal", "Normaal")

/* The urgency of a vraaggezin without a wachtlijst row. */
#define KP_WACHT_URGENTIE_STANDAARD "normaal"

/* /keuzelijsten "wachtUrgenties" (in rank order) and "wachtBerichtWijzen". */
extern const struct kp_vocab kp_wacht_urgenties, kp_wacht_wijzen;
extern const char *const kp_wacht_urgenties_codes[], *const kp_wacht_wijzen_codes[];

/* The rank of an urgency code (0 = most urgent); NULL counts as the default; -1 for an unknown code. */
int kp_wacht_urgentie_rang(const char *code);

/* One family on the wachtlijst, as far as its order is concerned. */
struct kp_wachtend {
	const char *urgentie; /* code, NULL: the default */
	int64_t wachtdagen;
	int64_t gezin_id;
};

/*
 * qsort comparator over struct kp_wachtend: lower urgency rank first, then
 * more waiting days first, then the lower gezin id. An unknown urgency
 * sorts after every known one.
 */
int kp_wacht_vergelijk(const void *a, const void *b);

enum kp_wacht_signaal {
	KP_WACHT_IN_ORDE,              /* nothing to flag */
	KP_WACHT_GEEN_CONTACTPERSOON,  /* nobody (valid) named while the family waits */
	KP_WACHT_NIET_GEINFORMEERD,    /* not told about the wait for too long */
};

/*
 * The flag of a waiting family on `vandaag` (all dates "YYYY-MM-DD"):
 * without a valid contact person GEEN_CONTACTPERSOON; else
 * NIET_GEINFORMEERD when more than KP_WACHT_INFORMEER_DAGEN days lie
 * between the last time it was told (laatst, NULL: never, then its
 * registration aangemeld_op counts) and vandaag; else IN_ORDE. An
 * unparsable date does not flag.
 */
enum kp_wacht_signaal kp_wacht_signaal(bool contactpersoon, const char *laatst, const char *aangemeld_op,
				       const char *vandaag);

/* The API code of a flag ("geen-contactpersoon", "niet-geinformeerd"), NULL for IN_ORDE. */
const char *kp_wacht_signaal_code(enum kp_wacht_signaal s);
/* The Dutch words for a flag code (for the CSV export), or the code itself when unknown. */
const char *kp_wacht_signaal_naam(const char *code);

/* --- the same rules as SQL fragments --------------------------------------------------- */

#define KP_WACHT_STR_(x) #x
#define KP_WACHT_STR(x) KP_WACHT_STR_(x)
#define KP_WACHT_CODE_LIJST_(code, naam) code ","
/* ",huiselijk-geweld,...,normaal,": the position of ",code," gives the rank order. */
#define KP_WACHT_CODES_SQL "'," KP_WACHT_URGENTIES(KP_WACHT_CODE_LIJST_) "'"

/* An integer that orders like kp_wacht_urgentie_rang for the urgency column col (NULL: the default). */
#define KP_SQL_WACHT_RANG(col)                                                                               \
	"(CASE instr(" KP_WACHT_CODES_SQL ", ',' || coalesce(" col ", '" KP_WACHT_URGENTIE_STANDAARD "') || ',') " \
	"WHEN 0 THEN 100000 ELSE instr(" KP_WACHT_CODES_SQL ", ',' || coalesce(" col ", '"                     \
	KP_WACHT_URGENTIE_STANDAARD "') || ',') END)"

/*
 * True when user id expression u may be the contact person of a gezin in
 * werkgebied expression wg: an active beheerder, or an active coordinator
 * of that werkgebied (the users who can see the family, scope.h).
 */
#define KP_SQL_WACHT_CONTACT_GELDIG(u, wg)                                                                    \
	"EXISTS (SELECT 1 FROM gebruikers cu WHERE cu.id = " u " AND cu.actief = 1 AND (cu.rol = 'beheerder' OR " \
	"(cu.rol = 'coordinator' AND EXISTS (SELECT 1 FROM gebruiker_werkgebieden cw WHERE cw.gebruiker_id = cu.id " \
	"AND cw.werkgebied_id = " wg "))))"

/* kp_wacht_signaal_code in SQL: ok is a boolean expression (contact person valid), the rest date expressions. */
#define KP_SQL_WACHT_SIGNAAL(ok, laatst, aangemeld, vandaag)                                                   \
	"(CASE WHEN NOT coalesce(" ok ", 0) THEN 'geen-contactpersoon' WHEN julianday(" vandaag ") - julianday(coalesce(" \
	laatst ", " aangemeld ")) > " KP_WACHT_STR(KP_WACHT_INFORMEER_DAGEN) " THEN 'niet-geinformeerd' END)"

#endif
