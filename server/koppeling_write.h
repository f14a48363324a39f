/*
 * koppeling_write.h - every write of a koppeling without HTTP: proposing
 * one (or a choice of candidates as one voorstel), a phase move with its
 * consent gate and the closing of the candidates not chosen, a new version
 * of the agreements, how it is going (verloop), an extension, and a change
 * of coordinator or contact after the end.
 *
 * The way gezin writes work (kp_gezin_write in gezinnen.h): each function
 * runs inside the caller's write transaction w as actor (its principal
 * limits what it sees: visibility is checked in the same statements, see
 * scope.h), checks the If-Match against the current version, writes, plans
 * the evaluations again and appends the audit entries. It returns 0 when
 * done, or the HTTP status of the refusal with the outcome filled in for
 * the caller to answer and to roll w back. Nothing here knows a request.
 */
#ifndef KOPPEL_KOPPELING_WRITE_H
#define KOPPEL_KOPPELING_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "fasen.h"
#include "problem.h"
#include "toestemmingen.h"
#include "versie.h"

struct kp_conn;
struct kp_actor;

/* At most this many candidates in one voorstel (the vraaggezin chooses between them). */
#define KP_KANDIDATEN_MAX 3
/* At most this many children named in a proposal. */
#define KP_VOORSTEL_KINDEREN_MAX 20

/*
 * Why a koppeling write was refused. status 0: done. 503: a database
 * error (nothing else set). Otherwise the HTTP status of the problem kind
 * soort, and either:
 *   - toestemming.geweigerd: the consent gate refused (kp_toestemming_probleem);
 *   - veld set: a problem naming that field (a JSON pointer) with reason
 *     reden (the detail is reden for a 422, the common "check the fields"
 *     text for a 400);
 *   - veld NULL: a problem with detail reden.
 */
struct kp_koppeling_uitkomst {
	int status;
	enum kp_problem soort;
	const char *veld;
	char reden[512];
	struct kp_toestemming_poort toestemming;
};

/* A proposal: one supporter, or 2..3 candidates for the vraaggezin to choose from. */
struct kp_voorstel {
	int64_t vraaggezin;
	int64_t steungezinnen[KP_KANDIDATEN_MAX];
	size_t n_steungezinnen; /* 1 .. KP_KANDIDATEN_MAX */
	int64_t programma;
	const int64_t *kinderen; /* member ids of the vraaggezin's children concerned; may be NULL */
	size_t n_kinderen;
	const char *datum; /* voorgesteld op ("YYYY-MM-DD"), NULL: today */
	bool coordinator_gegeven; /* false: the actor when a coordinator, else none */
	int64_t coordinator;	  /* when given: the user, 0 for none */
	int64_t coach;		  /* a professional programme's gezinscoach (then no steungezinnen), 0: none */
};

/*
 * The supporters of a proposal from the request members steungezin (one
 * id) and steungezinnen (an array of 2 or 3 distinct positive ids), either
 * may be NULL. Fills ids and returns how many; 0 with *u a 400 naming the
 * field when both, neither or a wrong array is given. Pure.
 */
size_t kp_voorstel_steungezinnen(const json_t *steungezin, const json_t *steungezinnen,
				 int64_t ids[KP_KANDIDATEN_MAX], struct kp_koppeling_uitkomst *u);

/*
 * Proposes v on w under every linking rule: both gezinnen visible to the
 * actor and in the same werkgebied, the programme known and offered there
 * and offering that many candidates, the supporter passing the
 * programme's hard rules (regels.h), the coordinator allowed, capacity
 * left, the pair never stopped before (except as a candidate not chosen),
 * the children the vraaggezin's. Each candidate becomes a koppeling in
 * phase voorstel (several linked as one voorstel) with its history row and
 * audit entry "aanmaken". today is "YYYY-MM-DD". Returns 0 with *out_id the
 * first koppeling, or 400, 409, 422 or 503 (*u filled).
 */
int kp_koppeling_voorstellen(struct kp_conn *w, const struct kp_actor *actor, const struct kp_voorstel *v,
			     const char *today, int64_t *out_id, struct kp_koppeling_uitkomst *u);

/* A phase move as asked for. */
struct kp_overgang {
	enum kp_fase naar;
	const char *datum;		 /* NULL: today */
	const char *toelichting;	 /* may be NULL */
	const char *reden;		 /* a stop reason code, may be NULL */
	const char *contract_getekend_op; /* may be NULL */
	const char *override_reden;	 /* toestemmingOverride.reden, may be NULL */
};

/*
 * Moves koppeling id as o says when the actor sees it (else 404) and im
 * matches its version (else 412): the programme's course must allow the
 * move (409, detail naming where it can go) and its conditions hold (422),
 * the date not lie before the previous move (400), and entering
 * kennismaking passes the consent gate (422 with u->toestemming, or an
 * audited override). Then the phase, its history row, both gezinnen's
 * statuses, the candidates not chosen (gestopt, niet-gekozen, each
 * audited), the evaluation plan and the audit entry "faseovergang".
 * Returns 0 or the status of the refusal.
 */
int kp_koppeling_overgang(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			  const struct kp_overgang *o, const char *today, struct kp_koppeling_uitkomst *u);

/*
 * Records afspraken (the validated request object) as the next version of
 * koppeling id's agreements; refused when not visible (404), stale (412)
 * or already ended (409). Audit "afspraken". Returns 0 or the status.
 */
int kp_koppeling_afspraken(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			   const json_t *afspraken, struct kp_koppeling_uitkomst *u);

/*
 * Records how koppeling id is going (verloop: soepel, hick-ups or
 * stagnatie) on datum (NULL: today) with toelichting (may be NULL); 404 or
 * 412 as above. Audit "verloop". Returns 0 or the status.
 */
int kp_koppeling_verloop(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			 const char *verloop, const char *datum, const char *toelichting, const char *today,
			 struct kp_koppeling_uitkomst *u);

/*
 * Extends koppeling id to tot_op for reden when its programme allows
 * extension and it runs (409 otherwise) and tot_op lies after the current
 * end (422 naming /totOp); the closing conversation moves to the new end
 * and everything is planned again. 404 or 412 as above. Audit "verlengen".
 * Returns 0 or the status.
 */
int kp_koppeling_verlengen(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			   const char *tot_op, const char *reden, struct kp_koppeling_uitkomst *u);

/*
 * Changes koppeling id's coordinator (when coordinator_gegeven: the user,
 * 0 for none; 422 naming /coordinator when that user may not be
 * responsible in its werkgebied) and contact_na_afloop (NULL: unchanged).
 * 404 or 412 as above. Audit "wijzigen". Returns 0 or the status.
 */
int kp_koppeling_wijzigen(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
			  bool coordinator_gegeven, int64_t coordinator, const char *contact_na_afloop,
			  struct kp_koppeling_uitkomst *u);

#endif
