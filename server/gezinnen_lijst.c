/*
 * gezinnen_lijst.c - GET /api/v1/gezinnen: the list of gezinnen the caller
 * may see, with filters, search, a chosen order and pages (an opaque
 * cursor).
 *
 * The statement is built from the filters present (never "?N IS NULL OR
 * ..."), so SQLite can use the werkgebied, sort-key and search indexes.
 * Visibility is decided in the same statement (scope.h). Search and the
 * Dutch name order come from zoeken.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "auth.h"
#include "datum.h"
#include "db.h"
#include "gezinnen.h"
#include "gezinnen_lijst.h"
#include "http.h"
#include "problem.h"
#include "scope.h"
#include "server.h"
#include "steun.h"
#include "toestemmingen.h"
#include "util.h"
#include "zoeken.h"

/* the name order's cursor holds a stored sort key as hex */
_Static_assert(2 * KP_ZOEK_SLEUTEL_MAX <= KP_CURSOR_WAARDE_MAX, "a sort key must fit a cursor");

#define LIST_DEFAULT 50
#define LIST_MAX 200

void kp_sql_add(struct kp_sql *q, const char *text)
{
	size_t n = strlen(text);
	if (q->fout)
		return;
	if (q->n + n + 1 > q->cap) {
		size_t cap = q->cap ? q->cap : 1024;
		while (cap < q->n + n + 1)
			cap *= 2;
		char *s = realloc(q->s, cap);
		if (!s) {
			q->fout = true;
			return;
		}
		q->s = s;
		q->cap = cap;
	}
	memcpy(q->s + q->n, text, n + 1);
	q->n += n;
}

void kp_sql_free(struct kp_sql *q)
{
	free(q->s);
	q->s = NULL;
	q->n = q->cap = 0;
}

bool kp_sorteer_parse(const char *s, const char *const *keys, int *key, bool *desc)
{
	*desc = false;
	*key = 0;
	if (!s)
		return true;
	if (*s == '-') {
		*desc = true;
		s++;
	}
	for (int i = 0; keys[i]; i++) {
		if (strcmp(s, keys[i]) == 0) {
			*key = i;
			return true;
		}
	}
	return false;
}

char *kp_cursor_encode(const char *sorteer, int64_t id, const char *waarde)
{
	char raw[KP_CURSOR_WAARDE_MAX + 64];
	int n = snprintf(raw, sizeof raw, "%s\n%lld\n%s", sorteer, (long long)id, waarde);
	if (n < 0 || (size_t)n >= sizeof raw)
		return NULL;
	size_t len = sodium_base64_encoded_len((size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = malloc(len);
	if (out)
		sodium_bin2base64(out, len, (const unsigned char *)raw, (size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

bool kp_cursor_decode(const char *s, const char *sorteer, struct kp_cursor *c)
{
	unsigned char raw[KP_CURSOR_WAARDE_MAX + 64];
	size_t n = 0;
	if (strlen(s) > 2 * sizeof raw ||
	    sodium_base642bin(raw, sizeof raw - 1, s, strlen(s), NULL, &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return false;
	raw[n] = '\0';
	if (memchr(raw, '\0', n))
		return false;
	char *nl1 = strchr((char *)raw, '\n');
	char *nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
	if (!nl2)
		return false;
	*nl1 = *nl2 = '\0';
	if (strcmp((const char *)raw, sorteer) != 0 || !kp_parse_id(nl1 + 1, &c->id))
		return false;
	size_t len = strlen(nl2 + 1);
	if (len > KP_CURSOR_WAARDE_MAX || kp_utf8_valid_prefix(nl2 + 1, len) != len)
		return false;
	memcpy(c->waarde, nl2 + 1, len + 1);
	return true;
}

bool kp_zoek_patroon(const char *zoek, char **pattern, bool *fts)
{
	char *v = kp_zoek_vraag(zoek);
	if (!v)
		return false;
	size_t n = strlen(v);
	char *out = malloc(2 * n + 3);
	if (!out) {
		free(v);
		return false;
	}
	size_t k = 0;
	*fts = kp_utf8_length(v) >= 3;
	if (*fts) { /* an FTS5 phrase: quoted, inner quotes doubled */
		out[k++] = '"';
		for (const char *p = v; *p; p++) {
			if (*p == '"')
				out[k++] = '"';
			out[k++] = *p;
		}
		out[k++] = '"';
	} else { /* too short for the trigram index: a LIKE pattern, its wildcards escaped */
		out[k++] = '%';
		for (const char *p = v; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				out[k++] = '\\';
			out[k++] = *p;
		}
		out[k++] = '%';
	}
	out[k] = '\0';
	free(v);
	*pattern = out;
	return true;
}

/* The orders of the list: the sorteer names and their SQL expressions (g: gezinnen, :vandaag: today). */
static const char *const sorteer_namen[] = { "naam", "aangemeld", "status", "wachtdagen", "plaats", NULL };
static const char *const sorteer_sql[] = {
	"g.sorteersleutel",
	"g.aangemeld_op",
	"g.status",
	/* the list's wachtdagen; -1 for a gezin that is not a vraaggezin */
	"(CASE WHEN g.rol = 'vraaggezin' THEN max(0, CAST(julianday(coalesce((SELECT min(s.datum) FROM gezin_statussen s "
	"WHERE s.gezin_id = g.id AND s.rol = 'vraaggezin' AND +s.status = 'gekoppeld'), :vandaag)) "
	"- julianday(g.aangemeld_op) AS INTEGER)) ELSE -1 END)",
	"coalesce(g.plaats, '')",
};
enum { SORTEER_NAAM, SORTEER_AANGEMELD, SORTEER_STATUS, SORTEER_WACHTDAGEN, SORTEER_PLAATS };

/* The names of the query parameters the volgende link repeats. */
static const char *const filter_namen[] = { "rol",  "status", "werkgebied", "gemeente", "coordinator",
					    "mijn", "zoek",   "verwijderingAangevraagd", "sorteer" };
#define N_FILTERS (sizeof filter_namen / sizeof *filter_namen)

/* Binds text v to the named parameter name of st when the statement has it. */
static void bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* Binds integer v to the named parameter name of st when the statement has it. */
static void bind_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

/* "/api/v1/gezinnen?limit=..&na=.." and the filters present, URL-encoded; malloc'ed or NULL. */
static char *volgende_url(int64_t limit, const char *cursor, const char *const values[N_FILTERS])
{
	char url[8192];
	int k = snprintf(url, sizeof url, "/api/v1/gezinnen?limit=%lld&na=%s", (long long)limit, cursor);
	if (k < 0 || (size_t)k >= sizeof url)
		return NULL;
	for (size_t i = 0; i < N_FILTERS; i++) {
		if (!values[i])
			continue;
		int m = snprintf(url + k, sizeof url - (size_t)k, "&%s=", filter_namen[i]);
		if (m < 0 || (size_t)(k + m) >= sizeof url)
			return NULL;
		k += m;
		for (const unsigned char *v = (const unsigned char *)values[i]; *v; v++) {
			if ((size_t)k + 4 >= sizeof url)
				return NULL;
			if ((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') || (*v >= '0' && *v <= '9') || *v == '-' ||
			    *v == '_' || *v == '.')
				url[k++] = (char)*v;
			else
				k += snprintf(url + k, sizeof url - (size_t)k, "%%%02X", *v);
		}
		url[k] = '\0';
	}
	return strdup(url);
}

/* The cursor value of column col of row st for order key: a BLOB as hex, else its text. malloc'ed. */
static char *cursor_waarde(sqlite3_stmt *st, int c, int key)
{
	if (key == SORTEER_NAAM) {
		const unsigned char *b = sqlite3_column_blob(st, c);
		size_t n = (size_t)sqlite3_column_bytes(st, c);
		char *hex = malloc(2 * n + 1);
		if (hex)
			sodium_bin2hex(hex, 2 * n + 1, b ? b : (const unsigned char *)"", n);
		return hex;
	}
	const char *t = (const char *)sqlite3_column_text(st, c);
	return strdup(t ? t : "");
}

/*
 * Binds the cursor value waarde for order key to :na_waarde: a BLOB from
 * hex for the name order, an integer for wachtdagen, else text. False when
 * the value does not fit the order.
 */
static bool bind_cursor(sqlite3_stmt *st, int key, const char *waarde, int64_t id)
{
	int i = sqlite3_bind_parameter_index(st, ":na_waarde");
	bind_int(st, ":na_id", id);
	if (key == SORTEER_NAAM) {
		unsigned char bin[KP_CURSOR_WAARDE_MAX / 2];
		size_t n = 0;
		const char *end = NULL;
		if (sodium_hex2bin(bin, sizeof bin, waarde, strlen(waarde), NULL, &n, &end) != 0 || *end != '\0')
			return false;
		return sqlite3_bind_blob(st, i, bin, (int)n, SQLITE_TRANSIENT) == SQLITE_OK;
	}
	if (key == SORTEER_WACHTDAGEN) {
		char *e = NULL;
		long long d = strtoll(waarde, &e, 10);
		if (!*waarde || *e || d < -1)
			return false;
		return sqlite3_bind_int64(st, i, d) == SQLITE_OK;
	}
	return sqlite3_bind_text(st, i, waarde, -1, SQLITE_TRANSIENT) == SQLITE_OK;
}

void api_gezinnen_list(struct kp_request *req)
{
	const char *rol = kp_req_query(req, "rol"), *status = kp_req_query(req, "status"),
		   *werkgebied = kp_req_query(req, "werkgebied"), *gemeente = kp_req_query(req, "gemeente"),
		   *coordinator = kp_req_query(req, "coordinator"), *zoek = kp_req_query(req, "zoek"),
		   *limit_s = kp_req_query(req, "limit"), *na_s = kp_req_query(req, "na"),
		   *verwijdering = kp_req_query(req, "verwijderingAangevraagd"), *sorteer = kp_req_query(req, "sorteer"),
		   *mijn = kp_req_query(req, "mijn");
	json_t *problem = NULL;
	int64_t coordinator_id = 0, limit = LIST_DEFAULT;
	int key = 0;
	bool desc = false;
	struct kp_cursor na = { 0 };
#define BAD(name, reason)                                                                                 \
	do {                                                                                              \
		if (!problem)                                                                             \
			problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");  \
		kp_problem_add_invalid_param(problem, name, reason);                                      \
	} while (0)
	if (rol && !kp_vocab_has(&kp_rollen, rol))
		BAD("rol", "Onbekende rol.");
	if (status && !kp_vocab_has(&kp_statussen_vraag, status) && !kp_vocab_has(&kp_statussen_aanbod, status))
		BAD("status", "Onbekende status.");
	if (werkgebied && strlen(werkgebied) > 32)
		BAD("werkgebied", "Onbekend werkgebied.");
	if (gemeente && kp_utf8_length(gemeente) > 100)
		BAD("gemeente", "Te lang.");
	if (coordinator && !kp_parse_id(coordinator, &coordinator_id))
		BAD("coordinator", "Geef het nummer van een gebruiker.");
	if (mijn && strcmp(mijn, "ja") != 0)
		BAD("mijn", "Gebruik mijn=ja, of laat het weg.");
	size_t zlen = zoek ? kp_utf8_length(zoek) : 0;
	if (zoek && (zlen < 2 || zlen > 100))
		BAD("zoek", "Zoek op minstens 2 en hoogstens 100 tekens.");
	if (limit_s && (!kp_parse_id(limit_s, &limit) || limit > LIST_MAX))
		BAD("limit", "Geef een aantal van 1 tot 200.");
	if (verwijdering && strcmp(verwijdering, "ja") != 0)
		BAD("verwijderingAangevraagd", "Gebruik verwijderingAangevraagd=ja, of laat het weg.");
	if (!kp_sorteer_parse(sorteer, sorteer_namen, &key, &desc))
		BAD("sorteer", "Sorteer op naam, aangemeld, status, wachtdagen of plaats; met een - ervoor aflopend.");
	else if (na_s && !kp_cursor_decode(na_s, sorteer ? sorteer : "naam", &na))
		BAD("na", "Ongeldige cursor: gebruik de link 'volgende' van de vorige pagina.");
#undef BAD
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	const struct kp_principal *p = kp_req_principal(req);
	char *pattern = NULL;
	bool fts = false;
	if (zoek && !kp_zoek_patroon(zoek, &pattern, &fts)) {
		kp_reply_db_error(req);
		return;
	}

	/* The statement, from the filters present. The inner query picks the page's ids in order (only the
	 * sort value is computed per candidate row); the outer one computes the columns of those rows alone. */
	const char *order = sorteer_sql[key];
	struct kp_sql q = { 0 };
	kp_sql_add(&q, "SELECT g.id, g.naam, g.rol, g.status, w.code, g.plaats, g.gemeente, g.coordinator_id, u.naam, "
		       "g.aangemeld_op, (SELECT count(*) FROM leden l WHERE l.gezin_id = g.id AND l.soort = 'kind'), "
		       /* "+s.status": look the gezin up by gezin_id, never scan every 'gekoppeld' row (see gezinnen.c) */
		       "(SELECT min(s.datum) FROM gezin_statussen s WHERE s.gezin_id = g.id AND s.rol = 'vraaggezin' "
		       " AND +s.status = 'gekoppeld'), " KP_SQL_VERWIJDERING_AANGEVRAAGD("g", ":vandaag") ", k.sk "
		       "FROM (SELECT g.id AS id, ");
	kp_sql_add(&q, order);
	kp_sql_add(&q, " AS sk FROM gezinnen g WHERE ");
	/* visibility in this statement: the scope's own rule; for a caller without all werkgebieden the
	 * plain form the werkgebied indexes serve ("= its one werkgebied" even gives the order by index) */
	if (p && p->rol != KP_ROLE_BEHEERDER && p->n_werkgebieden == 1)
		kp_sql_add(&q, ":kp_alles = 0 AND g.werkgebied_id = (SELECT value FROM json_each(:kp_werkgebieden))");
	else if (p && p->rol != KP_ROLE_BEHEERDER)
		kp_sql_add(&q, ":kp_alles = 0 AND g.werkgebied_id IN " KP_SQL_SCOPE_WG);
	else
		kp_sql_add(&q, KP_SQL_GEZIN_ZICHTBAAR("g"));
	if (p && p->rol == KP_ROLE_GEZINSCOACH) /* only the families of the coach's trajectories (scope.h) */
		kp_sql_add(&q, " AND " KP_SQL_COACH_GEZIN("g.id"));
	if (rol)
		kp_sql_add(&q, " AND g.rol = :rol");
	if (status)
		kp_sql_add(&q, " AND g.status = :status");
	if (werkgebied)
		kp_sql_add(&q, " AND g.werkgebied_id = (SELECT id FROM werkgebieden WHERE code = :werkgebied)");
	if (gemeente)
		kp_sql_add(&q, " AND g.gemeente = :gemeente COLLATE NOCASE");
	if (coordinator)
		kp_sql_add(&q, " AND g.coordinator_id = :coordinator");
	if (mijn)
		kp_sql_add(&q, " AND g.coordinator_id = :mij");
	if (zoek)
		kp_sql_add(&q, fts ? " AND g.id IN (SELECT rowid FROM gezinnen_zoek WHERE gezinnen_zoek MATCH :zoek)"
				   : " AND g.id IN (SELECT rowid FROM gezinnen_zoek WHERE tekst LIKE :zoek ESCAPE '\\')");
	if (verwijdering)
		kp_sql_add(&q, " AND " KP_SQL_VERWIJDERING_AANGEVRAAGD("g", ":vandaag") " IS NOT NULL");
	/* the cursor is the sort key of the caller's own last row: nothing is looked up */
	if (na_s) {
		kp_sql_add(&q, " AND (");
		kp_sql_add(&q, order);
		kp_sql_add(&q, desc ? ", g.id) < (:na_waarde, :na_id)" : ", g.id) > (:na_waarde, :na_id)");
	}
	kp_sql_add(&q, desc ? " ORDER BY sk DESC, g.id DESC LIMIT :limit) k " : " ORDER BY sk, g.id LIMIT :limit) k ");
	kp_sql_add(&q, "JOIN gezinnen g ON g.id = k.id JOIN werkgebieden w ON w.id = g.werkgebied_id "
		       "LEFT JOIN gebruikers u ON u.id = g.coordinator_id ");
	kp_sql_add(&q, desc ? "ORDER BY k.sk DESC, k.id DESC" : "ORDER BY k.sk, k.id");

	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = q.fout ? NULL : kp_db_read_begin(srv->db);
	sqlite3_stmt *st = c ? kp_scope_stmt(c, q.s, p) : NULL;
	kp_sql_free(&q);
	json_t *list = st ? json_array() : NULL;
	json_t *ids = json_array();
	bool more = false, bad_cursor = false;
	/* the last step's result: a list ended by anything but SQLITE_DONE (or the row past the page) is an error */
	int step = SQLITE_DONE;
	int64_t last = 0;
	char *last_waarde = NULL;
	char t[16];
	kp_today(t);
	if (st) {
		bind_text(st, ":rol", rol);
		bind_text(st, ":status", status);
		bind_text(st, ":werkgebied", werkgebied);
		bind_text(st, ":gemeente", gemeente);
		bind_int(st, ":coordinator", coordinator_id);
		bind_int(st, ":mij", p ? p->gebruiker_id : 0);
		bind_text(st, ":zoek", pattern);
		bind_int(st, ":limit", limit + 1);
		bind_text(st, ":vandaag", t);
		if (na_s)
			bad_cursor = !bind_cursor(st, key, na.waarde, na.id);
		struct kp_date now;
		kp_date_parse(t, &now);
		int64_t n = 0;
		while (list && !bad_cursor && (step = sqlite3_step(st)) == SQLITE_ROW) {
			if (++n > limit) {
				more = true;
				break;
			}
			last = sqlite3_column_int64(st, 0);
			free(last_waarde);
			last_waarde = cursor_waarde(st, 13, key);
			json_array_append_new(ids, json_integer(last));
			bool vraag = strcmp((const char *)sqlite3_column_text(st, 2), "vraaggezin") == 0;
			json_t *wacht = json_null();
			struct kp_date from, until = now;
			if (vraag && kp_date_parse((const char *)sqlite3_column_text(st, 9), &from)) {
				if (sqlite3_column_type(st, 11) != SQLITE_NULL)
					kp_date_parse((const char *)sqlite3_column_text(st, 11), &until);
				int64_t d = kp_date_to_days(until) - kp_date_to_days(from);
				wacht = json_integer(d < 0 ? 0 : d);
			}
			json_t *coord = sqlite3_column_type(st, 7) == SQLITE_NULL
						? json_null()
						: json_pack("{s:I, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 7), "naam",
							    (const char *)sqlite3_column_text(st, 8));
			json_t *rij = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s?, s:o, s:s, s:I, s:o}", "id", (json_int_t)last,
						"naam", (const char *)sqlite3_column_text(st, 1), "rol",
						(const char *)sqlite3_column_text(st, 2), "status",
						(const char *)sqlite3_column_text(st, 3), "werkgebied",
						(const char *)sqlite3_column_text(st, 4), "plaats",
						(const char *)sqlite3_column_text(st, 5), "gemeente",
						(const char *)sqlite3_column_text(st, 6), "coordinator", coord, "aangemeldOp",
						(const char *)sqlite3_column_text(st, 9), "aantalKinderen",
						(json_int_t)sqlite3_column_int64(st, 10), "wachtdagen", wacht);
			/* registration consent withdrawn: the removal procedure is asked for (toestemmingen.h) */
			json_object_set_new(rij, "verwijderingAangevraagdOp",
					    sqlite3_column_type(st, 12) == SQLITE_NULL
						    ? json_null()
						    : json_string((const char *)sqlite3_column_text(st, 12)));
			json_array_append_new(list, rij);
		}
	}
	if (c)
		kp_db_read_end(srv->db, c);
	free(pattern);
	if (bad_cursor) {
		free(last_waarde);
		json_decref(list);
		json_decref(ids);
		json_t *pr = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
		kp_problem_add_invalid_param(pr, "na", "Ongeldige cursor: gebruik de link 'volgende' van de vorige pagina.");
		kp_reply_problem_json(req, pr);
		return;
	}
	char *cursor = more && last_waarde ? kp_cursor_encode(sorteer ? sorteer : "naam", last, last_waarde) : NULL;
	free(last_waarde);
	const char *values[N_FILTERS] = { rol, status, werkgebied, gemeente, coordinator, mijn, zoek, verwijdering, sorteer };
	char *url = cursor ? volgende_url(limit, cursor, values) : NULL;
	free(cursor);
	if (!list || !ids || (more && !url) || (!more && step != SQLITE_DONE)) {
		json_decref(list);
		json_decref(ids);
		free(url);
		kp_reply_db_error(req);
		return;
	}
	json_t *volgende = url ? json_string(url) : json_null();
	free(url);
	kp_reply_json(req, 200, json_pack("{s:o, s:o}", "gezinnen", list, "volgende", volgende));
	/* names of families were shown: one audit entry for the page, with the ids */
	kp_req_audit_list(req, "gezinnen", ids, NULL, zoek != NULL);
	json_decref(ids);
}
