/*
 * api.h - the request handlers, one group per api_<resource>.c file.
 * Each is referenced from exactly one row of the route table (routes.c).
 */
#ifndef KOPPEL_API_H
#define KOPPEL_API_H

#include <stdint.h>

struct kp_request;

/* api_health.c */
void api_health_get(struct kp_request *req);

/* api_openapi.c */
void api_openapi_get(struct kp_request *req);

/* api_sessies.c */
void api_sessies_post(struct kp_request *req);
void api_sessies_huidig_get(struct kp_request *req);
void api_sessies_huidig_delete(struct kp_request *req);

/* api_gebruikers.c */
void api_gebruikers_mij_get(struct kp_request *req);
void api_gebruikers_list(struct kp_request *req);
void api_gebruikers_post(struct kp_request *req);
void api_gebruikers_get(struct kp_request *req);
void api_gebruikers_patch(struct kp_request *req);

/* api_werkgebieden.c */
void api_werkgebieden_list(struct kp_request *req);
void api_werkgebieden_post(struct kp_request *req);
void api_werkgebieden_get(struct kp_request *req);
void api_werkgebieden_patch(struct kp_request *req);

/* api_tokens.c */
void api_tokens_post(struct kp_request *req);
void api_tokens_list(struct kp_request *req);
void api_tokens_get(struct kp_request *req);
void api_tokens_delete(struct kp_request *req);
void api_gebruiker_tokens_list(struct kp_request *req);
void api_gebruiker_tokens_delete(struct kp_request *req);

/* api_gezinnen.c */
void api_keuzelijsten_get(struct kp_request *req);
void api_steunvormen_get(struct kp_request *req);
void api_gezinnen_list(struct kp_request *req);
void api_gezinnen_post(struct kp_request *req);
void api_gezinnen_get(struct kp_request *req);
void api_gezinnen_patch(struct kp_request *req);
void api_logboek_list(struct kp_request *req);
void api_logboek_post(struct kp_request *req);

/* api_zorgsignalen.c */
void api_zorgsignalen_list(struct kp_request *req);
void api_zorgsignaal_opvolging_post(struct kp_request *req);
void api_toestemmingen_post(struct kp_request *req);
void api_toestemmingen_patch(struct kp_request *req);

void api_gezin_rollen_post(struct kp_request *req);
void api_gezin_rollen_patch(struct kp_request *req);

/* api_formele_hulp.c */
void api_formele_hulp_list(struct kp_request *req);
void api_formele_hulp_post(struct kp_request *req);
void api_formele_hulp_get(struct kp_request *req);
void api_formele_hulp_patch(struct kp_request *req);

/* api_wachtlijst.c */
void api_wachten_get(struct kp_request *req);
void api_wachten_put(struct kp_request *req);
void api_wachten_bericht_post(struct kp_request *req);

/* api_gezinsplan.c */
void api_gezinsplan_get(struct kp_request *req);
void api_gezinsplan_put(struct kp_request *req);
void api_gezinsplan_evaluatie_post(struct kp_request *req);
void api_gezinsplan_versies_list(struct kp_request *req);
void api_gezinsplan_versie_get(struct kp_request *req);
struct kp_conn;
/*
 * Anonymisation of gezin gezin_id's plan on the writer w, inside the
 * caller's transaction, after the gezin was marked anonymised (the trigger
 * of 0026 refuses it before): every version keeps only what
 * kp_gezinsplan_anoniem keeps. SQLITE_OK or an error.
 */
int kp_gezinsplan_wis(struct kp_conn *w, int64_t gezin_id);

/* api_koppelingen.c */
void api_koppelingen_list(struct kp_request *req);
void api_koppelingen_post(struct kp_request *req);
void api_koppelingen_get(struct kp_request *req);
void api_koppelingen_patch(struct kp_request *req);
void api_faseovergangen_post(struct kp_request *req);
void api_afspraken_post(struct kp_request *req);
void api_verloop_post(struct kp_request *req);
void api_verlengingen_post(struct kp_request *req);

/*
 * Shared by api_koppelingen.c and api_evaluaties.c: reads koppeling id
 * back on the writer w, commits, and answers with it (status 200 or 201,
 * with ETag; Location for 201).
 */
struct kp_conn;
void kp_reply_koppeling(struct kp_request *req, struct kp_conn *w, int64_t id, unsigned status);

/*
 * Proposes a koppeling on the writer w under every linking rule
 * (api_koppelingen.c). true: *out_id set, w still open; false: w rolled
 * back and the request answered. Used by POST /koppelingen and when a
 * match round's proposal is accepted.
 */
#include <stdbool.h>
#include <jansson.h>

#include "json_spec.h"

bool kp_koppeling_propose(struct kp_request *req, struct kp_conn *w, int64_t vid, int64_t sid, int64_t pid,
			  const json_t *kinderen, const char *datum, const json_t *coord, int64_t *out_id);

/*
 * Raises koppeling id's version (and gewijzigd_op) on the writer w, for a
 * change recorded under it (agreements, verloop, evaluations), so that a
 * page showing the old state gets 412 on its next change. SQLITE_OK or an
 * error.
 */
int kp_koppeling_touch(struct kp_conn *w, int64_t id);

/* api_evaluaties.c */
void api_evaluaties_post(struct kp_request *req);
void api_evaluaties_patch(struct kp_request *req);
void api_evaluaties_list(struct kp_request *req);

/* api_programmas.c */
void api_programmas_list(struct kp_request *req);
void api_programmas_get(struct kp_request *req);
void api_programmas_patch(struct kp_request *req);
void api_programmas_post(struct kp_request *req);
void api_programmas_delete(struct kp_request *req);
/*
 * 1 when programme programma is not archived and is offered in werkgebied
 * werkgebied, 0 when not (or it does not exist), -1 on a database error.
 * The rule for every new koppeling and match round.
 */
int kp_programma_aangeboden(struct kp_conn *c, int64_t programma, int64_t werkgebied);

/* api_matching.c */
void api_suggesties_get(struct kp_request *req);
void api_uitsluitingen_list(struct kp_request *req);
void api_uitsluitingen_post(struct kp_request *req);
void api_uitsluitingen_delete(struct kp_request *req);
void api_matchrondes_post(struct kp_request *req);
void api_matchrondes_get(struct kp_request *req);
void api_matchrondes_list(struct kp_request *req);
void api_matchvoorstel_besluit(struct kp_request *req);

/* api_overzichten.c */
void api_caseload_get(struct kp_request *req);
void api_kwartaal_get(struct kp_request *req);
void api_agenda_get(struct kp_request *req);

/* api_audit.c */
void api_audit_list(struct kp_request *req);

/*
 * For a handler that answered with a list naming families: records one
 * read entry ("lijst", soort) with the ids of the gezinnen and koppelingen
 * shown (either may be NULL; borrowed, not stolen) and whether a search text
 * was used (the text itself is not kept). Call after the kp_reply_*; the
 * answer leaves only once the entry is committed (kp_req_audit_read).
 */
void kp_req_audit_list(struct kp_request *req, const char *soort, json_t *gezinnen, json_t *koppelingen,
		       bool gezocht);

/* api_avg.c */
void api_inzage_get(struct kp_request *req);
void api_anonimisering_post(struct kp_request *req);
void api_anonimisering_kandidaten(struct kp_request *req);

/*
 * 1 when gezin id is anonymised (no edit is accepted any more: answer 409
 * with KP_GEANONIMISEERD), 0 when not or when it does not exist, -1 on a
 * database error.
 */
int kp_gezin_geanonimiseerd(struct kp_conn *c, int64_t id);
#define KP_GEANONIMISEERD "Dit gezin is geanonimiseerd en kan niet meer worden gewijzigd."

struct kp_actor;
struct kp_principal;
struct kp_if_match;
/*
 * Anonymises gezin id on the writer w, inside the caller's transaction, as
 * actor (principal NULL: sees everything) with reason reden (kept in the
 * audit entry "anonimiseren", never in the gezin). im (NULL: none) must
 * match the gezin's version. Removes names (the gezin becomes
 * "Geanonimiseerd gezin", members "Lid 1", ...), contact details, the
 * address below PC4, birth dates (the year stays), the referrer's
 * organisation and contact, and every free text of the gezin, its logboek,
 * consents, exclusions and koppelingen (agreements, phase and course notes,
 * extension reasons, evaluation notes and goal texts); keeps roles,
 * statuses and dates, koppelingen, phases, stop reasons, scores and
 * children. Returns 0, or the HTTP status with *problem set (404, 409: already
 * anonymised, an open koppeling or a status other than afgerond/gestopt;
 * 412), or 503 on a database error (problem NULL).
 */
int kp_gezin_anonimiseer(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			 const char *reden, json_t **problem);

/*
 * The gezinnen visible to p (NULL: all) that are past the retention period
 * of maanden months on today ("YYYY-MM-DD"): not anonymised, status
 * afgerond or gestopt, no open koppeling, and the later of their last
 * koppeling's end, their last status change and their registration lies
 * at least maanden months back. An array of {id, naam, rol, status, versie,
 * werkgebied, koppelingen, sinds}, oldest first; NULL on an error.
 */
json_t *kp_anonimisering_kandidaten(struct kp_conn *c, const struct kp_principal *p, unsigned maanden,
				    const char *today);

/*
 * api_wachtlijst.c: the wachtlijst data of gezin id for its inzage (urgency,
 * contact person, the told-about-the-wait log) on date today ("YYYY-MM-DD");
 * no visibility check (the caller has checked the gezin). NULL on a
 * database error. kp_specs_wachtlijst: its request specs (json_spec.h).
 */
json_t *kp_wachten_inzage_json(struct kp_conn *c, int64_t id, const char *today);
extern const struct kp_spec kp_specs_wachtlijst[];

#endif
