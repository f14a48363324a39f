/*
 * gebruikers.c - see gebruikers.h.
 */
#include "gebruikers.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "db.h"
#include "util.h"

const char *kp_gebruikersnaam_check(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > KP_USERNAME_MAX)
		return "Een gebruikersnaam is 3 tot 64 tekens lang.";
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return "Gebruik alleen kleine letters, cijfers, punt, liggend streepje en koppelteken.";
	return NULL;
}

const char *kp_werkgebied_code_check(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 32)
		return "Een code is 2 tot 32 tekens lang.";
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return "Gebruik alleen letters, cijfers en koppeltekens.";
	return NULL;
}

static const char user_columns[] = "SELECT g.id, g.gebruikersnaam, g.naam, g.rol, g.actief, g.aangemaakt_op, "
				   "g.gewijzigd_op, g.versie, "
				   "(SELECT json_group_array(code) FROM (SELECT w.code FROM gebruiker_werkgebieden gw "
				   "JOIN werkgebieden w ON w.id = gw.werkgebied_id WHERE gw.gebruiker_id = g.id "
				   "ORDER BY w.code)), g.leidinggevende FROM gebruikers g ";

/* Builds the API view from a row of user_columns. */
static json_t *user_row_json(sqlite3_stmt *st)
{
	json_t *codes = json_loads((const char *)sqlite3_column_text(st, 8), 0, NULL);
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:b, s:b, s:s, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0),
			 "gebruikersnaam", (const char *)sqlite3_column_text(st, 1), "naam",
			 (const char *)sqlite3_column_text(st, 2), "rol", (const char *)sqlite3_column_text(st, 3),
			 "werkgebieden", codes ? codes : json_array(), "actief", sqlite3_column_int(st, 4),
			 "leidinggevende", sqlite3_column_int(st, 9),
			 "aangemaaktOp", (const char *)sqlite3_column_text(st, 5), "gewijzigdOp",
			 (const char *)sqlite3_column_text(st, 6));
}

json_t *kp_gebruiker_json(struct kp_conn *c, int64_t id, int64_t *versie)
{
	char sql[sizeof user_columns + 32];
	snprintf(sql, sizeof sql, "%sWHERE g.id = ?1", user_columns);
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return NULL;
	if (versie)
		*versie = sqlite3_column_int64(st, 7);
	return user_row_json(st);
}

json_t *kp_gebruikers_json(struct kp_conn *c)
{
	char sql[sizeof user_columns + 32];
	snprintf(sql, sizeof sql, "%sORDER BY g.gebruikersnaam", user_columns);
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	if (!st)
		return NULL;
	json_t *arr = json_array();
	int rc;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, user_row_json(st));
	return arr;
}

int kp_gebruiker_find(struct kp_conn *c, const char *gebruikersnaam, int64_t *id, enum kp_role *rol, bool *actief,
		      char *hash, size_t hashlen)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT id, rol, actief, wachtwoord_hash FROM gebruikers "
					   "WHERE gebruikersnaam = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, gebruikersnaam, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return rc;
	*id = sqlite3_column_int64(st, 0);
	*rol = kp_role_parse((const char *)sqlite3_column_text(st, 1));
	*actief = sqlite3_column_int(st, 2) != 0;
	if (hash)
		snprintf(hash, hashlen, "%s", (const char *)sqlite3_column_text(st, 3));
	return SQLITE_ROW;
}

enum kp_gebruiker_error kp_gebruiker_set_werkgebieden(struct kp_conn *w, int64_t id, const json_t *codes,
						      const char **bad)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "DELETE FROM gebruiker_werkgebieden WHERE gebruiker_id = ?1");
	if (!st)
		return KP_GB_DB;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return KP_GB_DB;
	size_t i;
	const json_t *code;
	json_array_foreach(codes, i, code)
	{
		st = kp_conn_stmt(w, "INSERT OR IGNORE INTO gebruiker_werkgebieden(gebruiker_id, werkgebied_id) "
				     "SELECT ?1, id FROM werkgebieden WHERE code = ?2");
		if (!st)
			return KP_GB_DB;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, json_string_value(code), -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			return KP_GB_DB;
		if (sqlite3_changes(kp_conn_handle(w)) == 0) {
			*bad = json_string_value(code);
			return KP_GB_UNKNOWN_WERKGEBIED;
		}
	}
	return KP_GB_OK;
}

enum kp_gebruiker_error kp_gebruiker_insert(struct kp_conn *w, const char *gebruikersnaam, const char *naam,
					    enum kp_role rol, const char *hash, const json_t *codes, int64_t *id,
					    const char **bad)
{
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO gebruikers(gebruikersnaam, naam, rol, wachtwoord_hash, "
					   "aangemaakt_op, gewijzigd_op) VALUES (?1, ?2, ?3, ?4, ?5, ?5) "
					   "ON CONFLICT(gebruikersnaam) DO NOTHING");
	if (!st)
		return KP_GB_DB;
	sqlite3_bind_text(st, 1, gebruikersnaam, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, naam, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, kp_role_name(rol), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		return KP_GB_DB;
	if (sqlite3_changes(kp_conn_handle(w)) == 0)
		return KP_GB_NAME_TAKEN;
	*id = sqlite3_last_insert_rowid(kp_conn_handle(w));
	return codes ? kp_gebruiker_set_werkgebieden(w, *id, codes, bad) : KP_GB_OK;
}

int kp_gebruikers_active_beheerders(struct kp_conn *c, int64_t except, int64_t *count)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT count(*) FROM gebruikers "
					   "WHERE rol = 'beheerder' AND actief = 1 AND id != ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, except);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return rc;
	*count = sqlite3_column_int64(st, 0);
	return SQLITE_OK;
}

int kp_gebruiker_end_sessions(struct kp_conn *w, int64_t id)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "DELETE FROM sessies WHERE gebruiker_id = ?1");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

static json_t *werkgebied_row_json(sqlite3_stmt *st)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0), "code",
			 (const char *)sqlite3_column_text(st, 1), "naam", (const char *)sqlite3_column_text(st, 2),
			 "aangemaaktOp", (const char *)sqlite3_column_text(st, 3));
}

json_t *kp_werkgebied_json(struct kp_conn *c, int64_t id, int64_t *versie)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT id, code, naam, aangemaakt_op, versie FROM werkgebieden WHERE id = ?1");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return NULL;
	if (versie)
		*versie = sqlite3_column_int64(st, 4);
	return werkgebied_row_json(st);
}

json_t *kp_werkgebieden_json(struct kp_conn *c)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT id, code, naam, aangemaakt_op FROM werkgebieden ORDER BY naam, code");
	if (!st)
		return NULL;
	json_t *arr = json_array();
	while (arr && sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(arr, werkgebied_row_json(st));
	return arr;
}

enum kp_gebruiker_error kp_werkgebied_insert(struct kp_conn *w, const char *code, const char *naam, int64_t *id)
{
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO werkgebieden(code, naam, aangemaakt_op, gewijzigd_op) "
					   "VALUES (?1, ?2, ?3, ?3) ON CONFLICT(code) DO NOTHING");
	if (!st)
		return KP_GB_DB;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, naam, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		return KP_GB_DB;
	if (sqlite3_changes(kp_conn_handle(w)) == 0)
		return KP_GB_NAME_TAKEN;
	*id = sqlite3_last_insert_rowid(kp_conn_handle(w));
	return KP_GB_OK;
}
