/*
 * gebruikers.h - users and werkgebieden in the database: the SQL that the
 * API handlers (api_gebruikers.c, api_werkgebieden.c, api_sessies.c) and
 * the command line (`koppel user ...`, `koppel werkgebied ...`) share, so
 * both write the same rows and the same audit entries. Every function
 * works on a connection the caller holds; writes expect the caller's
 * write transaction. Results are SQLite codes unless said otherwise.
 */
#ifndef KOPPEL_GEBRUIKERS_H
#define KOPPEL_GEBRUIKERS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "routes.h"

struct kp_conn;

#define KP_NAAM_MAX 200

/* Validity of a user name: 3-64 of a-z 0-9 . _ - ; NULL if fine, else a Dutch reason. */
const char *kp_gebruikersnaam_check(const char *s);
/* Validity of a werkgebied code: 2-32 of A-Z a-z 0-9 - ; NULL if fine, else a Dutch reason. */
const char *kp_werkgebied_code_check(const char *s);

/*
 * The API view of user id: {"id","gebruikersnaam","naam","rol",
 * "werkgebieden":[codes],"actief","aangemaaktOp","gewijzigdOp"}. Sets
 * *versie when not NULL. Returns NULL when there is no such user.
 */
json_t *kp_gebruiker_json(struct kp_conn *c, int64_t id, int64_t *versie);
/* All users, ordered by user name, as a JSON array of the same views. */
json_t *kp_gebruikers_json(struct kp_conn *c);

/* Looks up a user by name: id, rol, actief and the password hash (hash may be NULL). */
int kp_gebruiker_find(struct kp_conn *c, const char *gebruikersnaam, int64_t *id, enum kp_role *rol, bool *actief,
		      char *hash, size_t hashlen);

enum kp_gebruiker_error {
	KP_GB_OK,
	KP_GB_NAME_TAKEN,          /* user name already exists */
	KP_GB_UNKNOWN_WERKGEBIED,  /* *bad names the code */
	KP_GB_DB,                  /* database error */
};

/*
 * Inserts a user with its werkgebieden (a JSON array of codes, or NULL). On
 * KP_GB_UNKNOWN_WERKGEBIED *bad points to the unknown code.
 */
enum kp_gebruiker_error kp_gebruiker_insert(struct kp_conn *w, const char *gebruikersnaam, const char *naam,
					    enum kp_role rol, const char *hash, const json_t *codes,
					    int64_t *id, const char **bad);

/* Replaces the werkgebieden of a user with codes (a JSON array of strings). */
enum kp_gebruiker_error kp_gebruiker_set_werkgebieden(struct kp_conn *w, int64_t id, const json_t *codes,
						      const char **bad);

/* Number of active beheerders other than user `except` (0: count all). */
int kp_gebruikers_active_beheerders(struct kp_conn *c, int64_t except, int64_t *count);

/* Ends every session of a user (after disabling or a new password). */
int kp_gebruiker_end_sessions(struct kp_conn *w, int64_t id);

/* The API view of werkgebied id ({"id","code","naam","aangemaaktOp"}), or NULL. */
json_t *kp_werkgebied_json(struct kp_conn *c, int64_t id, int64_t *versie);
json_t *kp_werkgebieden_json(struct kp_conn *c);

/* Inserts a werkgebied. Returns KP_GB_NAME_TAKEN when the code exists. */
enum kp_gebruiker_error kp_werkgebied_insert(struct kp_conn *w, const char *code, const char *naam, int64_t *id);

#endif
