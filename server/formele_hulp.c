/*
 * formele_hulp.c - see formele_hulp.h.
 */
#include "formele_hulp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "audit.h"
#include "db.h"
#include "problem.h"
#include "scope.h"
#include "steun.h"
#include "util.h"

const struct kp_field kp_formele_hulp_spec[KP_FORMELE_HULP_VELDEN] = {
	{ .name = "soort", .type = KP_F_STRING, .required = true, .one_of = kp_formele_hulp_soorten_codes },
	{ .name = "kader", .type = KP_F_STRING, .required = true, .one_of = kp_formele_hulp_kaders_codes },
	{ .name = "omvang", .type = KP_F_STRING, .nullable = true, .max_len = 100 },
	{ .name = "contact", .type = KP_F_STRING, .nullable = true, .max_len = 200 },
	{ .name = "toelichting", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 2000 },
	{ .name = "van", .type = KP_F_STRING, .required = true, .check = kp_check_date },
	{ .name = "tot", .type = KP_F_STRING, .nullable = true, .check = kp_check_date },
};
const size_t kp_formele_hulp_spec_count = sizeof kp_formele_hulp_spec / sizeof kp_formele_hulp_spec[0];

/* The columns of an item (and of a history row), in the order item_from_row reads them from column 0. */
#define ITEM_COLS "soort, kader, omvang, contact, toelichting, van, tot, versie, gewijzigd_op, gebruikersnaam"

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* One item or history version from columns first..first+9 of st (ITEM_COLS). */
static json_t *item_from_row(sqlite3_stmt *st, int first)
{
	return json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s?, s:I, s:s, s:s?}", "soort", col(st, first), "kader",
			 col(st, first + 1), "omvang", col(st, first + 2), "contact", col(st, first + 3), "toelichting",
			 col(st, first + 4), "van", col(st, first + 5), "tot", col(st, first + 6), "versie",
			 (json_int_t)sqlite3_column_int64(st, first + 7), "gewijzigdOp", col(st, first + 8), "door",
			 col(st, first + 9));
}

/* The earlier versions of item id, oldest first; NULL on a database error. */
static json_t *geschiedenis(struct kp_conn *c, int64_t id)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT " ITEM_COLS " FROM formele_hulp_historie WHERE formele_hulp_id = ?1 "
					   "ORDER BY versie");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *arr = json_array();
	int rc;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, item_from_row(st, 0));
	sqlite3_reset(st);
	return arr;
}

/* Completes an item read with its id: lopend and geschiedenis. Takes o; NULL on an error. */
static json_t *complete(struct kp_conn *c, json_t *o, int64_t id, const char *today)
{
	if (!o)
		return NULL;
	const char *tot = json_string_value(json_object_get(o, "tot"));
	json_t *g = geschiedenis(c, id);
	if (!g) {
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "lopend", json_boolean(!tot || strcmp(tot, today) >= 0));
	json_object_set_new(o, "geschiedenis", g);
	return o;
}

json_t *kp_formele_hulp_json(struct kp_conn *c, int64_t gezin_id, const char *today)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT id, " ITEM_COLS " FROM formele_hulp WHERE gezin_id = ?1 "
					   "ORDER BY van, id");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, gezin_id);
	/* collect the rows first: geschiedenis() uses the connection's statements too */
	json_t *rows = json_array(), *ids = json_array();
	int rc = SQLITE_ROW;
	while (rows && ids && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_array_append_new(rows, item_from_row(st, 1));
		json_array_append_new(ids, json_integer(sqlite3_column_int64(st, 0)));
	}
	sqlite3_reset(st);
	json_t *out = rc == SQLITE_DONE && rows && ids ? json_array() : NULL;
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o)
	{
		if (!out)
			break;
		json_t *item = complete(c, json_incref(o), json_integer_value(json_array_get(ids, i)), today);
		if (!item) {
			json_decref(out);
			out = NULL;
			break;
		}
		json_array_append_new(out, item);
	}
	json_decref(rows);
	json_decref(ids);
	return out;
}

json_t *kp_formele_hulp_item_json(struct kp_conn *c, const struct kp_principal *p, int64_t gezin_id, int64_t item_id,
				  const char *today, int64_t *versie, bool *db_error)
{
	*db_error = false;
	sqlite3_stmt *st = kp_scope_stmt(c, "SELECT f.soort, f.kader, f.omvang, f.contact, f.toelichting, f.van, f.tot, "
					    "f.versie, f.gewijzigd_op, f.gebruikersnaam FROM formele_hulp f "
					    "JOIN gezinnen g ON g.id = f.gezin_id WHERE f.id = ?1 AND f.gezin_id = ?2 AND "
					    KP_SQL_GEZIN_ZICHTBAAR("g"), p);
	if (!st) {
		*db_error = true;
		return NULL;
	}
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int64(st, 2, gezin_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		*db_error = rc != SQLITE_DONE;
		return NULL;
	}
	json_t *o = item_from_row(st, 0);
	if (versie)
		*versie = sqlite3_column_int64(st, 7);
	sqlite3_reset(st);
	o = complete(c, o, item_id, today);
	if (!o)
		*db_error = true;
	return o;
}

/* A 400 naming pointer, or one more field of it. */
static void invalid(json_t **p, const char *pointer, const char *reason)
{
	if (!*p)
		*p = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
	kp_problem_add_invalid_param(*p, pointer, reason);
}

/* Appends the audit entry of a write of item id of gezin gezin_id (the names of the fields sent, no values). */
static int audit(struct kp_conn *w, const struct kp_actor *actor, const char *actie, int64_t id, int64_t gezin_id,
		 const json_t *body)
{
	json_t *velden = json_array();
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)(uintptr_t)body, key, v) json_array_append_new(velden, json_string(key));
	json_t *d = json_pack("{s:I, s:o}", "gezin", (json_int_t)gezin_id, "velden", velden);
	char *details = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	struct kp_audit_entry e = { .gebruiker_id = actor->gebruiker_id,
				    .gebruikersnaam = actor->gebruikersnaam,
				    .actie = actie,
				    .object_soort = "formele-hulp",
				    .object_id = oid,
				    .client = actor->client,
				    .details = details };
	int rc = details ? kp_audit_append(w, &e) : SQLITE_NOMEM;
	free(details);
	return rc;
}

/* Binds member key of doc (a string or absent/null) to parameter i. */
static void bind_member(sqlite3_stmt *st, int i, const json_t *doc, const char *key)
{
	const char *s = json_string_value(json_object_get(doc, key));
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int kp_formele_hulp_write(struct kp_conn *w, const struct kp_actor *actor, int64_t gezin_id, int64_t item_id,
			  const struct kp_if_match *im, const json_t *body, const char *today, int64_t *out_id,
			  json_t **problem)
{
	*problem = NULL;
	/* the gezin: visible to the caller (scope.h), and not anonymised */
	int seen = kp_scope_gezin_zichtbaar(w, actor->principal, gezin_id);
	if (seen < 0)
		return 503;
	if (!seen) {
		*problem = kp_problem_json(KP_P_NOT_FOUND, "Dit gezin bestaat niet.");
		return 404;
	}
	int anon = kp_gezin_geanonimiseerd(w, gezin_id);
	if (anon != 0) {
		if (anon < 0)
			return 503;
		*problem = kp_problem_json(KP_P_CONFLICT, KP_GEANONIMISEERD);
		return 409;
	}
	json_t *doc;
	int64_t cur_versie = 0;
	if (item_id == 0) {
		doc = json_deep_copy(body);
	} else {
		bool dberr = false;
		doc = kp_formele_hulp_item_json(w, actor->principal, gezin_id, item_id, today, &cur_versie, &dberr);
		if (!doc) {
			if (dberr)
				return 503;
			*problem = kp_problem_json(KP_P_NOT_FOUND, "Deze formele hulp bestaat niet bij dit gezin.");
			return 404;
		}
		if (!im || !kp_if_match_ok(im, cur_versie)) {
			json_decref(doc);
			*problem = kp_problem_json(KP_P_PRECONDITION_FAILED, "Iemand anders heeft deze formele hulp intussen "
									     "gewijzigd. Laad opnieuw en probeer het nog eens.");
			return 412;
		}
		const char *key;
		json_t *v;
		json_object_foreach((json_t *)(uintptr_t)body, key, v)
		{
			if (json_is_null(v))
				json_object_del(doc, key);
			else
				json_object_set(doc, key, v);
		}
	}
	if (!doc)
		return 503;
	json_t *p = NULL;
	const char *van = json_string_value(json_object_get(doc, "van")),
		   *tot = json_string_value(json_object_get(doc, "tot"));
	if (item_id && !van)
		invalid(&p, "/van", "Vul in vanaf wanneer deze hulp er is.");
	if (van && tot && strcmp(tot, van) < 0)
		invalid(&p, "/tot", "Ligt voor de begindatum (van).");
	if (item_id && json_object_size(body) == 0)
		invalid(&p, "/soort", "Stuur minstens één veld om te wijzigen.");
	if (p) {
		json_decref(doc);
		*problem = p;
		return 400;
	}
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(
		w, item_id == 0 ? "INSERT INTO formele_hulp(gezin_id, soort, kader, omvang, contact, toelichting, van, tot, "
				  "gewijzigd_op, gebruikersnaam) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
				: "UPDATE formele_hulp SET soort = ?2, kader = ?3, omvang = ?4, contact = ?5, toelichting = ?6, "
				  "van = ?7, tot = ?8, gewijzigd_op = ?9, gebruikersnaam = ?10, versie = versie + 1 "
				  "WHERE id = ?11 AND gezin_id = ?1 AND versie = ?12");
	int rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, gezin_id);
		bind_member(st, 2, doc, "soort");
		bind_member(st, 3, doc, "kader");
		bind_member(st, 4, doc, "omvang");
		bind_member(st, 5, doc, "contact");
		bind_member(st, 6, doc, "toelichting");
		bind_member(st, 7, doc, "van");
		bind_member(st, 8, doc, "tot");
		sqlite3_bind_text(st, 9, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 10, actor->gebruikersnaam, -1, SQLITE_TRANSIENT);
		if (item_id) {
			sqlite3_bind_int64(st, 11, item_id);
			sqlite3_bind_int64(st, 12, cur_versie);
		}
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		if (rc == SQLITE_OK && item_id && sqlite3_changes(kp_conn_handle(w)) != 1)
			rc = SQLITE_ERROR; /* read and checked in this transaction: cannot happen */
	}
	json_decref(doc);
	if (rc != SQLITE_OK)
		return 503;
	int64_t id = item_id ? item_id : sqlite3_last_insert_rowid(kp_conn_handle(w));
	if (audit(w, actor, item_id ? "wijzigen" : "aanmaken", id, gezin_id, body) != SQLITE_OK)
		return 503;
	*out_id = id;
	return 0;
}

int kp_formele_hulp_uit_vraag(struct kp_conn *w, const struct kp_actor *actor, int64_t gezin_id, const json_t *oud,
			      const char *van)
{
	const char *kader = json_string_value(json_object_get(oud, "soort"));
	if (!kader || (strcmp(kader, "vrijwillig") != 0 && strcmp(kader, "gedwongen") != 0))
		return SQLITE_OK;
	const char *tekst = json_string_value(json_object_get(oud, "tekst"));
	if (tekst && !*tekst)
		tekst = NULL;
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT 1 FROM formele_hulp WHERE gezin_id = ?1 AND kader = ?2 "
					   "AND toelichting IS ?3 AND (tot IS NULL OR tot >= ?4)");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, gezin_id);
	sqlite3_bind_text(st, 2, kader, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, tekst, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, van, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return SQLITE_OK;
	if (rc != SQLITE_DONE)
		return rc;
	json_t *body = json_pack("{s:s, s:s, s:s?, s:s}", "soort", "overig", "kader", kader, "toelichting", tekst, "van", van);
	if (!body)
		return SQLITE_NOMEM;
	json_t *problem = NULL;
	int64_t id = 0;
	struct kp_actor internal = *actor;
	internal.principal = NULL; /* the gezin is being written by this caller already */
	int status = kp_formele_hulp_write(w, &internal, gezin_id, 0, NULL, body, van, &id, &problem);
	json_decref(body);
	json_decref(problem);
	return status == 0 ? SQLITE_OK : SQLITE_ERROR;
}
