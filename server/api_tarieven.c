/*
 * api_tarieven.c - the tariff list (maatschappelijke prijslijst) of the
 * effectencalculator, and its settings.
 *
 *   GET   /api/v1/tarieven[?code=&peildatum=]  every version (or those valid on peildatum)
 *   POST  /api/v1/tarieven             a new version -> 201 + Location (beheerder)
 *   GET   /api/v1/tarieven/{id}        one version, with ETag
 *   PATCH /api/v1/tarieven/{id}        If-Match; change a version (beheerder)
 *   POST  /api/v1/tarief-imports       {"csv": text}: versions from a CSV file, all or nothing (beheerder)
 *   GET   /api/v1/effect-instellingen  the band and the programme costs
 *   PUT   /api/v1/effect-instellingen  replace them (beheerder)
 *
 * A tariff is known by its code; each version is valid from geldigVan up to
 * and including geldigTot (null: open). Versions of one code never overlap
 * and share one unit, so a scenario item always finds at most one version
 * for its date (kp_tarief_op) and its quantity keeps fitting. Amounts are
 * written as text ("86,40" or "86.40") and kept in whole cents; more than
 * two decimals is refused, never rounded. Tariffs hold no family data:
 * every role reads them.
 *
 * The CSV import takes the file as Dutch Excel writes it (';' separated,
 * optional BOM, quoted fields, dates as jjjj-mm-dd or dd-mm-jjjj) with a
 * header line naming the columns code, omschrijving, bedrag, eenheid, bron,
 * bronDatum, betaler, geldigVan, geldigTot, vervanging (the last two may be
 * left out or empty). A row whose code and geldigVan match an existing
 * version replaces it; any other row adds a version. Every bad row is named
 * by its line in the file ("/regels/<line>/<column>") and then nothing is
 * saved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_effecten.h"
#include "db.h"
#include "http.h"
#include "server.h"
#include "util.h"

static const char *const betalers[] = { "gemeente-jeugdwet", "gemeente-wmo", "gemeente-participatiewet",
					"zorgverzekeraar-zvw", "rijk", NULL };

static const struct kp_field tarief_spec[] = {
	{ .name = "code", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 40 },
	{ .name = "omschrijving", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 200 },
	{ .name = "bedrag", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 20 },
	{ .name = "eenheid", .type = KP_F_STRING, .required = true, .one_of = kp_eff_eenheden },
	{ .name = "bron", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 200 },
	{ .name = "bronDatum", .type = KP_F_STRING, .required = true, .check = kp_check_date },
	{ .name = "betaler", .type = KP_F_STRING, .required = true, .one_of = betalers },
	{ .name = "geldigVan", .type = KP_F_STRING, .required = true, .check = kp_check_date },
	{ .name = "geldigTot", .type = KP_F_STRING, .nullable = true, .check = kp_check_date },
	{ .name = "vervanging", .type = KP_F_STRING, .nullable = true, .max_len = 300 },
};
#define N_TARIEF (sizeof tarief_spec / sizeof tarief_spec[0])

static const struct kp_field import_spec[] = {
	{ .name = "csv", .type = KP_F_STRING, .required = true, .multiline = true, .min_len = 1, .max_len = 500000 },
};

static const struct kp_field kosten_spec[] = {
	{ .name = "programma", .type = KP_F_INTEGER, .required = true, .min = 1, .max = INT32_MAX },
	{ .name = "jaar1Cent", .type = KP_F_INTEGER, .required = true, .min = 0, .max = 100000000 },
	{ .name = "laterCent", .type = KP_F_INTEGER, .required = true, .min = 0, .max = 100000000 },
	{ .name = "perGezin", .type = KP_F_BOOLEAN, .required = true },
};
static const struct kp_field instellingen_spec[] = {
	{ .name = "bandCent", .type = KP_F_INTEGER, .required = true, .min = 0, .max = 100000000 },
	{ .name = "programmakosten", .type = KP_F_OBJECT_ARRAY, .required = true, .max_items = 100, .fields = kosten_spec,
	  .n_fields = 4 },
};

const struct kp_spec kp_specs_tarieven[] = {
	KP_SPEC(tarief_spec),
	KP_SPEC(import_spec),
	KP_SPEC(instellingen_spec),
	{ NULL, NULL, 0 },
};

static const char columns[] = "SELECT id, code, omschrijving, bedrag_cent, eenheid, bron, bron_datum, betaler, geldig_van, "
			      "geldig_tot, vervanging, versie FROM tarieven ";

/* A nullable text column as a JSON value. */
static json_t *text_or_null(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? json_null() : json_string((const char *)sqlite3_column_text(st, col));
}

/* Cents as the text the API takes ("86,40"). */
static json_t *bedrag_text(int64_t cent)
{
	char b[32];
	snprintf(b, sizeof b, "%lld,%02lld", (long long)(cent / 100), (long long)(cent % 100));
	return json_string(b);
}

/* The API view of the row under st (the columns above). */
static json_t *row_json(sqlite3_stmt *st)
{
	json_t *j = json_object();
	if (!j)
		return NULL;
	int64_t cent = sqlite3_column_int64(st, 3);
	json_object_set_new(j, "id", json_integer(sqlite3_column_int64(st, 0)));
	json_object_set_new(j, "code", json_string((const char *)sqlite3_column_text(st, 1)));
	json_object_set_new(j, "omschrijving", json_string((const char *)sqlite3_column_text(st, 2)));
	json_object_set_new(j, "bedrag", bedrag_text(cent));
	json_object_set_new(j, "bedragCent", json_integer(cent));
	json_object_set_new(j, "eenheid", json_string((const char *)sqlite3_column_text(st, 4)));
	json_object_set_new(j, "bron", json_string((const char *)sqlite3_column_text(st, 5)));
	json_object_set_new(j, "bronDatum", json_string((const char *)sqlite3_column_text(st, 6)));
	json_object_set_new(j, "betaler", json_string((const char *)sqlite3_column_text(st, 7)));
	json_object_set_new(j, "geldigVan", json_string((const char *)sqlite3_column_text(st, 8)));
	json_object_set_new(j, "geldigTot", text_or_null(st, 9));
	json_object_set_new(j, "vervanging", text_or_null(st, 10));
	json_object_set_new(j, "versie", json_integer(sqlite3_column_int64(st, 11)));
	return j;
}

/* Tariff version id, *versie set; NULL when there is none or on an error (*db_error set). */
static json_t *tarief_json(struct kp_conn *c, int64_t id, int64_t *versie, bool *db_error)
{
	char sql[sizeof columns + 32];
	snprintf(sql, sizeof sql, "%sWHERE id = ?1", columns);
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	*db_error = false;
	if (!st || sqlite3_bind_int64(st, 1, id) != SQLITE_OK) {
		*db_error = true;
		return NULL;
	}
	json_t *j = NULL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*versie = sqlite3_column_int64(st, 11);
		j = row_json(st);
		if (!j)
			*db_error = true;
	} else if (rc != SQLITE_DONE) {
		*db_error = true;
	}
	sqlite3_reset(st);
	return j;
}

int kp_tarief_op(struct kp_conn *c, const char *code, const char *datum, struct kp_tarief *t)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT id, bedrag_cent, eenheid, betaler, omschrijving FROM tarieven "
					   "WHERE code = ?1 AND geldig_van <= ?2 AND (geldig_tot IS NULL OR geldig_tot >= ?2)");
	if (!st || sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, datum, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	int out = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
	if (out == 1) {
		t->id = sqlite3_column_int64(st, 0);
		t->bedrag_cent = sqlite3_column_int64(st, 1);
		if (!kp_eff_eenheid_parse((const char *)sqlite3_column_text(st, 2), &t->eenheid))
			out = -1;
		snprintf(t->betaler, sizeof t->betaler, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(t->omschrijving, sizeof t->omschrijving, "%s", (const char *)sqlite3_column_text(st, 4));
	}
	sqlite3_reset(st);
	return out;
}

/* Adds invalid param prefix + name to problem. */
static void bad(json_t *problem, const char *prefix, const char *name, const char *reason)
{
	char n[96];
	snprintf(n, sizeof n, "%s/%s", prefix, name);
	kp_problem_add_invalid_param(problem, n, reason);
}

/* A string member of b, or NULL (absent or null). */
static const char *str(const json_t *b, const char *name)
{
	return json_string_value(json_object_get(b, name));
}

/*
 * Writes tariff version id (0: a new one; for an import, the version with
 * the same code and geldigVan when there is one) from b, a body valid
 * against tarief_spec as a whole. Rules broken are added to problem under
 * prefix ("" for a request body, "/regels/<line>" for an import). im (NULL:
 * none) must match the version of id. Returns 0 (*out_id set), 1 when a rule
 * was broken, 412 for a stale version, 404 when id does not exist, -1 on a
 * database error. Inside the caller's transaction.
 */
static int tarief_schrijf(struct kp_conn *w, int64_t id, bool import, const json_t *b, const struct kp_if_match *im,
			  const char *prefix, json_t *problem, int64_t *out_id)
{
	int64_t cent = 0;
	int rc = kp_eff_parse_bedrag(str(b, "bedrag"), &cent);
	bool ok = true;
	if (rc == 1) {
		bad(problem, prefix, "bedrag", "Een bedrag heeft hoogstens twee decimalen.");
		ok = false;
	} else if (rc != 0 || cent <= 0 || cent > 100000000) {
		bad(problem, prefix, "bedrag", "Geef een bedrag in euro groter dan 0, zoals 86,40.");
		ok = false;
	}
	const char *code = str(b, "code"), *van = str(b, "geldigVan"), *tot = str(b, "geldigTot");
	if (tot && strcmp(tot, van) < 0) {
		bad(problem, prefix, "geldigTot", "Geldig tot ligt voor geldig van.");
		ok = false;
	}
	if (import) {
		sqlite3_stmt *f = kp_conn_stmt(w, "SELECT id FROM tarieven WHERE code = ?1 AND geldig_van = ?2");
		if (!f || sqlite3_bind_text(f, 1, code, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
		    sqlite3_bind_text(f, 2, van, -1, SQLITE_TRANSIENT) != SQLITE_OK)
			return -1;
		int s = sqlite3_step(f);
		if (s == SQLITE_ROW)
			id = sqlite3_column_int64(f, 0);
		sqlite3_reset(f);
		if (s != SQLITE_ROW && s != SQLITE_DONE)
			return -1;
	}
	/* the other versions of the code: one unit, no overlap */
	sqlite3_stmt *o = kp_conn_stmt(w, "SELECT sum(eenheid != ?3), sum(geldig_van <= coalesce(?5, '9999-12-31') "
					  "AND coalesce(geldig_tot, '9999-12-31') >= ?4) FROM tarieven WHERE code = ?1 AND id != ?2");
	if (!o || sqlite3_bind_text(o, 1, code, -1, SQLITE_TRANSIENT) != SQLITE_OK || sqlite3_bind_int64(o, 2, id) != SQLITE_OK ||
	    sqlite3_bind_text(o, 3, str(b, "eenheid"), -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_text(o, 4, van, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    (tot ? sqlite3_bind_text(o, 5, tot, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(o, 5)) != SQLITE_OK)
		return -1;
	if (sqlite3_step(o) != SQLITE_ROW) {
		sqlite3_reset(o);
		return -1;
	}
	bool andere_eenheid = sqlite3_column_int64(o, 0) > 0, overlap = sqlite3_column_int64(o, 1) > 0;
	sqlite3_reset(o);
	if (andere_eenheid) {
		bad(problem, prefix, "eenheid", "Andere versies van dit tarief hebben een andere eenheid.");
		ok = false;
	}
	if (overlap) {
		bad(problem, prefix, "geldigVan", "De geldigheid overlapt met een andere versie van dit tarief.");
		ok = false;
	}
	if (!ok)
		return 1;
	char now[32], versies[KP_IF_MATCH_JSON_LEN];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st;
	if (id == 0)
		st = kp_conn_stmt(w, "INSERT INTO tarieven(code, omschrijving, bedrag_cent, eenheid, bron, bron_datum, betaler, "
				     "geldig_van, geldig_tot, vervanging, aangemaakt_op, gewijzigd_op) "
				     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)");
	else
		st = kp_conn_stmt(w, "UPDATE tarieven SET code = ?1, omschrijving = ?2, bedrag_cent = ?3, eenheid = ?4, bron = ?5, "
				     "bron_datum = ?6, betaler = ?7, geldig_van = ?8, geldig_tot = ?9, vervanging = ?10, "
				     "gewijzigd_op = ?11, versie = versie + 1 WHERE id = ?12 "
				     "AND (?13 IS NULL OR versie IN (SELECT value FROM json_each(?13)))");
	if (!st)
		return -1;
	static const char *const velden[] = { "code", "omschrijving", NULL, "eenheid", "bron", "bronDatum", "betaler",
					      "geldigVan", "geldigTot", "vervanging" };
	for (int i = 0; i < 10; i++) {
		const char *v = velden[i] ? str(b, velden[i]) : NULL;
		if (i == 2)
			sqlite3_bind_int64(st, 3, cent);
		else if (v)
			sqlite3_bind_text(st, i + 1, v, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, i + 1);
	}
	sqlite3_bind_text(st, 11, now, -1, SQLITE_TRANSIENT);
	if (id != 0) {
		sqlite3_bind_int64(st, 12, id);
		const char *m = im ? kp_if_match_json(im, versies, sizeof versies) : NULL;
		if (m)
			sqlite3_bind_text(st, 13, m, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 13);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (id == 0) {
		*out_id = sqlite3_last_insert_rowid(kp_conn_handle(w));
		return 0;
	}
	if (sqlite3_changes(kp_conn_handle(w)) == 1) {
		*out_id = id;
		return 0;
	}
	/* nothing changed: a stale version, or no such tariff */
	sqlite3_stmt *e = kp_conn_stmt(w, "SELECT 1 FROM tarieven WHERE id = ?1");
	if (!e || sqlite3_bind_int64(e, 1, id) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(e);
	sqlite3_reset(e);
	return rc == SQLITE_ROW ? 412 : rc == SQLITE_DONE ? 404 : -1;
}

/* Reads version id back on w, commits and answers with it (status 200 or 201). */
static void reply_tarief(struct kp_request *req, struct kp_conn *w, int64_t id, unsigned status)
{
	int64_t versie = 0;
	bool dberr;
	json_t *j = tarief_json(w, id, &versie, &dberr);
	if (!kp_req_commit(req, w, j))
		return;
	if (status == 201) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/tarieven/%lld", (long long)id);
		kp_reply_header(req, MHD_HTTP_HEADER_LOCATION, loc);
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, status, j);
}

/* Answers the outcome rc of tarief_schrijf that is not 0, rolling w back. */
static void reply_schrijf_fout(struct kp_request *req, struct kp_conn *w, int rc, json_t *problem)
{
	kp_db_write_rollback(kp_req_server(req)->db, w);
	if (rc == 1) {
		kp_reply_problem_json(req, problem);
		return;
	}
	json_decref(problem);
	if (rc == 412)
		kp_reply_problem(req, KP_P_PRECONDITION_FAILED, "Dit tarief is intussen gewijzigd. Laad het opnieuw.");
	else if (rc == 404)
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit tarief bestaat niet.");
	else
		kp_reply_db_error(req);
}

/* A new 422 problem for rules broken in a valid body. */
static json_t *rule_problem(const char *detail)
{
	return kp_problem_json(KP_P_UNPROCESSABLE, detail);
}

void api_tarieven_list(struct kp_request *req)
{
	const char *code = kp_req_query(req, "code"), *peil = kp_req_query(req, "peildatum");
	if (peil && kp_check_date(peil)) {
		json_t *problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(problem, "peildatum", kp_check_date(peil));
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_single(srv->db);
	char sql[sizeof columns + 256];
	snprintf(sql, sizeof sql,
		 "%sWHERE (?1 IS NULL OR code = ?1) AND (?2 IS NULL OR (geldig_van <= ?2 AND (geldig_tot IS NULL OR "
		 "geldig_tot >= ?2))) ORDER BY code, geldig_van",
		 columns);
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	json_t *items = json_array();
	int rc = SQLITE_ERROR;
	if (st && items) {
		if (code)
			sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
		if (peil)
			sqlite3_bind_text(st, 2, peil, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			json_array_append_new(items, row_json(st));
		sqlite3_reset(st);
	}
	kp_db_read_end(srv->db, c);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

void api_tarieven_get(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_single(srv->db);
	int64_t versie = 0;
	bool dberr;
	json_t *j = tarief_json(c, id, &versie, &dberr);
	kp_db_read_end(srv->db, c);
	if (!j) {
		if (dberr)
			kp_reply_db_error(req);
		else
			kp_reply_problem(req, KP_P_NOT_FOUND, "Dit tarief bestaat niet.");
		return;
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, 200, j);
}

void api_tarieven_post(struct kp_request *req)
{
	json_t *body;
	struct kp_conn *w = kp_req_write_body(req, tarief_spec, N_TARIEF, false, &body);
	if (!w)
		return;
	json_t *problem = rule_problem("Dit tarief kan zo niet worden opgeslagen.");
	int64_t id = 0;
	int rc = tarief_schrijf(w, 0, false, body, NULL, "", problem, &id);
	if (rc == 0 && kp_req_audit(req, w, "aanmaken", "tarief", id, NULL) != SQLITE_OK)
		rc = -1;
	if (rc != 0) {
		reply_schrijf_fout(req, w, rc, problem);
		return;
	}
	json_decref(problem);
	reply_tarief(req, w, id, 201);
}

void api_tarieven_patch(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body;
	struct kp_conn *w = kp_req_write_body(req, tarief_spec, N_TARIEF, true, &body);
	if (!w)
		return;
	int64_t versie = 0;
	bool dberr;
	json_t *cur = tarief_json(w, id, &versie, &dberr);
	if (!cur) {
		kp_db_write_rollback(kp_req_server(req)->db, w);
		if (dberr)
			kp_reply_db_error(req);
		else
			kp_reply_problem(req, KP_P_NOT_FOUND, "Dit tarief bestaat niet.");
		return;
	}
	/* the merged version, checked whole */
	json_object_del(cur, "id");
	json_object_del(cur, "bedragCent");
	json_object_del(cur, "versie");
	json_object_update(cur, body);
	const char *keys[] = { "geldigTot", "vervanging" };
	for (int i = 0; i < 2; i++)
		if (json_is_null(json_object_get(cur, keys[i])))
			json_object_del(cur, keys[i]);
	json_t *problem = rule_problem("Dit tarief kan zo niet worden opgeslagen.");
	int rc = tarief_schrijf(w, id, false, cur, &im, "", problem, &id);
	json_decref(cur);
	if (rc == 0 && kp_req_audit(req, w, "wijzigen", "tarief", id, NULL) != SQLITE_OK)
		rc = -1;
	if (rc != 0) {
		reply_schrijf_fout(req, w, rc, problem);
		return;
	}
	json_decref(problem);
	reply_tarief(req, w, id, 200);
}

/* --- CSV import ------------------------------------------------------------------ */

#define CSV_MAX_VELDEN 16

static void free_fields(char **fields, int n)
{
	for (int i = 0; i < n; i++)
		free(fields[i]);
}

/*
 * Splits the next record of the CSV text at *p (separator sep, quotes as
 * RFC 4180, CRLF or LF) into fields (copies, malloc'd; the caller frees
 * them). Sets *line_end to the record's last line number (records may span
 * lines). Returns the number of fields, 0 at the end, -1 for an unclosed
 * quote or too many fields.
 */
static int csv_record(const char **p, char sep, char **fields, int *line)
{
	const char *s = *p;
	if (!*s)
		return 0;
	int n = 0;
	for (;;) {
		if (n == CSV_MAX_VELDEN) {
			free_fields(fields, n);
			return -1;
		}
		size_t cap = 64, k = 0;
		char *f = malloc(cap);
		if (!f) {
			free_fields(fields, n);
			return -1;
		}
		fields[n++] = f;
		bool quoted = *s == '"';
		if (quoted)
			s++;
		for (;;) {
			char ch = *s;
			if (quoted) {
				if (!ch) {
					free_fields(fields, n);
					return -1;
				}
				if (ch == '"' && s[1] == '"') {
					s += 2;
				} else if (ch == '"') {
					s++;
					quoted = false;
					continue;
				} else {
					if (ch == '\n')
						(*line)++;
					s++;
				}
			} else {
				if (!ch || ch == sep || ch == '\n' || ch == '\r')
					break;
				s++;
			}
			if (k + 2 > cap) {
				char *g = realloc(f, cap *= 2);
				if (!g) {
					free_fields(fields, n);
					return -1;
				}
				fields[n - 1] = f = g;
			}
			f[k++] = ch;
		}
		f[k] = '\0';
		if (*s == sep) {
			s++;
			continue;
		}
		if (*s == '\r')
			s++;
		if (*s == '\n')
			s++;
		break;
	}
	*p = s;
	return n;
}

/* Trims spaces at both ends of s in place. */
static char *trim(char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* A date dd-mm-jjjj rewritten as jjjj-mm-dd in place (anything else untouched). */
static void iso_datum(char *s)
{
	if (strlen(s) == 10 && s[2] == '-' && s[5] == '-') {
		char t[11];
		memcpy(t, s + 6, 4);
		t[4] = '-';
		memcpy(t + 5, s + 3, 2);
		t[7] = '-';
		memcpy(t + 8, s, 2);
		t[10] = '\0';
		memcpy(s, t, 11);
	}
}

static const char *const csv_kolommen[] = { "code", "omschrijving", "bedrag", "eenheid", "bron", "bronDatum", "betaler",
					    "geldigVan", "geldigTot", "vervanging" };
#define N_KOLOM 10

/* Prefixes each invalidParams name of the validation problem v with prefix and moves them into problem. */
static void move_params(json_t *problem, json_t *v, const char *prefix)
{
	json_t *ip = json_object_get(v, "invalidParams");
	size_t i;
	json_t *x;
	json_array_foreach(ip, i, x)
	{
		char n[128];
		snprintf(n, sizeof n, "%s%s", prefix, json_string_value(json_object_get(x, "name")));
		kp_problem_add_invalid_param(problem, n, json_string_value(json_object_get(x, "reason")));
	}
}

void api_tarief_imports_post(struct kp_request *req)
{
	json_t *body = kp_req_body(req);
	/* Excel's byte order mark is not text: drop it before the character check */
	const char *raw = str(body, "csv");
	if (raw && strncmp(raw, "\xEF\xBB\xBF", 3) == 0 && json_object_set_new(body, "csv", json_string(raw + 3)) != 0) {
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
		return;
	}
	json_t *problem = kp_json_validate(body, import_spec, 1, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	const char *p = str(body, "csv");
	const char *eol = strchr(p, '\n');
	size_t hl = eol ? (size_t)(eol - p) : strlen(p);
	char sep = memchr(p, ';', hl) ? ';' : ',';
	problem = rule_problem("Het bestand is niet ingelezen: verbeter de genoemde regels. Er is niets opgeslagen.");
	char *f[CSV_MAX_VELDEN];
	int line = 1;
	int n = csv_record(&p, sep, f, &line);
	int kol[N_KOLOM];
	for (int k = 0; k < N_KOLOM; k++)
		kol[k] = -1;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < N_KOLOM; k++)
			if (strcmp(trim(f[i]), csv_kolommen[k]) == 0)
				kol[k] = i;
	if (n > 0)
		free_fields(f, n);
	for (int k = 0; k < 8; k++)
		if (kol[k] < 0)
			bad(problem, "/regels/1", csv_kolommen[k], "Deze kolom ontbreekt in de kopregel.");
	if (n <= 0 || json_array_size(json_object_get(problem, "invalidParams")) > 0) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w) {
		json_decref(problem);
		return;
	}
	int aantal = 0, rc = 0;
	for (;;) {
		int start = ++line;
		n = csv_record(&p, sep, f, &line);
		if (n == 0)
			break;
		char prefix[32];
		snprintf(prefix, sizeof prefix, "/regels/%d", start);
		if (n < 0) {
			bad(problem, prefix, "csv", "Deze regel heeft een aanhalingsteken dat niet wordt gesloten of te veel kolommen.");
			break;
		}
		if (n == 1 && f[0][0] == '\0') { /* an empty line */
			free_fields(f, n);
			continue;
		}
		json_t *row = json_object();
		for (int k = 0; k < N_KOLOM; k++) {
			if (kol[k] < 0 || kol[k] >= n)
				continue;
			char *v = trim(f[kol[k]]);
			if (!*v)
				continue;
			if (k == 5 || k == 7 || k == 8)
				iso_datum(v);
			json_object_set_new(row, csv_kolommen[k], json_string(v));
		}
		free_fields(f, n);
		json_t *v = kp_json_validate(row, tarief_spec, N_TARIEF, false);
		if (v) {
			char pre[40];
			snprintf(pre, sizeof pre, "%s", prefix);
			move_params(problem, v, pre);
			json_decref(v);
		} else {
			int64_t id;
			rc = tarief_schrijf(w, 0, true, row, NULL, prefix, problem, &id);
			if (rc == 0)
				aantal++;
		}
		json_decref(row);
		if (rc < 0)
			break;
		rc = 0;
	}
	if (rc < 0) {
		kp_db_write_rollback(kp_req_server(req)->db, w);
		json_decref(problem);
		kp_reply_db_error(req);
		return;
	}
	if (json_array_size(json_object_get(problem, "invalidParams")) > 0 || aantal == 0) {
		kp_db_write_rollback(kp_req_server(req)->db, w);
		if (aantal == 0 && json_array_size(json_object_get(problem, "invalidParams")) == 0)
			bad(problem, "/regels/2", "code", "Het bestand heeft geen tarieven onder de kopregel.");
		kp_reply_problem_json(req, problem);
		return;
	}
	json_decref(problem);
	char details[48];
	snprintf(details, sizeof details, "{\"regels\":%d}", aantal);
	if (kp_req_audit(req, w, "importeren", "tarief", 0, details) != SQLITE_OK) {
		kp_db_write_rollback(kp_req_server(req)->db, w);
		kp_reply_db_error(req);
		return;
	}
	json_t *out = json_pack("{s:i}", "ingelezen", aantal);
	if (!kp_req_commit(req, w, out))
		return;
	kp_reply_json(req, 201, out);
}

/* --- settings -------------------------------------------------------------------- */

/* The band and the programme costs as the API shows them; NULL on an error. */
static json_t *instellingen_json(struct kp_conn *c)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT band_cent FROM effect_instellingen WHERE id = 1");
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		if (st)
			sqlite3_reset(st);
		return NULL;
	}
	json_t *j = json_pack("{s:I, s:[]}", "bandCent", (json_int_t)sqlite3_column_int64(st, 0), "programmakosten");
	sqlite3_reset(st);
	st = kp_conn_stmt(c, "SELECT p.id, p.naam, k.jaar1_cent, k.later_cent, k.per_gezin FROM programma_kosten k "
			     "JOIN programmas p ON p.id = k.programma_id ORDER BY p.naam");
	if (!st || !j) {
		json_decref(j);
		return NULL;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(json_object_get(j, "programmakosten"),
				      json_pack("{s:I, s:s, s:I, s:I, s:b}", "programma", (json_int_t)sqlite3_column_int64(st, 0),
						"naam", (const char *)sqlite3_column_text(st, 1), "jaar1Cent",
						(json_int_t)sqlite3_column_int64(st, 2), "laterCent",
						(json_int_t)sqlite3_column_int64(st, 3), "perGezin", sqlite3_column_int(st, 4)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(j);
		return NULL;
	}
	return j;
}

void api_effect_instellingen_get(struct kp_request *req)
{
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	json_t *j = instellingen_json(c);
	kp_db_read_end(srv->db, c);
	if (!j) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, j);
}

void api_effect_instellingen_put(struct kp_request *req)
{
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, instellingen_spec, 2, false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	problem = rule_problem("Deze instellingen kunnen zo niet worden opgeslagen.");
	bool ok = true;
	int rc = SQLITE_OK;
	sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE effect_instellingen SET band_cent = ?1 WHERE id = 1");
	if (!st || sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(body, "bandCent"))) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		rc = SQLITE_ERROR;
	if (st)
		sqlite3_reset(st);
	st = rc == SQLITE_OK ? kp_conn_stmt(w, "DELETE FROM programma_kosten") : NULL;
	if (!st || sqlite3_step(st) != SQLITE_DONE)
		rc = SQLITE_ERROR;
	if (st)
		sqlite3_reset(st);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(body, "programmakosten"), i, x)
	{
		if (rc != SQLITE_OK)
			break;
		st = kp_conn_stmt(w, "INSERT INTO programma_kosten(programma_id, jaar1_cent, later_cent, per_gezin) "
				     "SELECT id, ?2, ?3, ?4 FROM programmas WHERE id = ?1 ON CONFLICT DO NOTHING");
		if (!st) {
			rc = SQLITE_ERROR;
			break;
		}
		sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(x, "programma")));
		sqlite3_bind_int64(st, 2, json_integer_value(json_object_get(x, "jaar1Cent")));
		sqlite3_bind_int64(st, 3, json_integer_value(json_object_get(x, "laterCent")));
		sqlite3_bind_int(st, 4, json_is_true(json_object_get(x, "perGezin")));
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = SQLITE_ERROR;
		else if (sqlite3_changes(kp_conn_handle(w)) != 1) {
			char n[48];
			snprintf(n, sizeof n, "/programmakosten/%zu/programma", i);
			kp_problem_add_invalid_param(problem, n, "Dit programma bestaat niet of staat al in de lijst.");
			ok = false;
		}
		sqlite3_reset(st);
	}
	if (rc == SQLITE_OK && ok && kp_req_audit(req, w, "wijzigen", "effect-instellingen", 1, NULL) != SQLITE_OK)
		rc = SQLITE_ERROR;
	if (rc != SQLITE_OK || !ok) {
		kp_db_write_rollback(srv->db, w);
		if (rc != SQLITE_OK) {
			json_decref(problem);
			kp_reply_db_error(req);
		} else {
			kp_reply_problem_json(req, problem);
		}
		return;
	}
	json_decref(problem);
	json_t *j = instellingen_json(w);
	if (!kp_req_commit(req, w, j))
		return;
	kp_reply_json(req, 200, j);
}
