/*
 * api_overzichten.c - what a coordinator needs each morning and what the
 * funder asks every quarter.
 *
 *   GET /api/v1/overzichten/caseload   wachtlijst, beschikbare steun, koppelingen per fase,
 *                                      evaluaties (binnen 30 dagen, te laat), bijna afgelopen,
 *                                      VOG verloopt, kinderen bereikt. JSON: the first 100
 *                                      rows of each list and every list's count (aantallen).
 *                                      With Accept: text/csv one whole list (?lijst=) for
 *                                      Dutch Excel, streamed from its own snapshot.
 *   (GET /api/v1/overzichten/kwartaal, the quarterly report, is in api_kwartaal.c.)
 *
 * Scope: the requester's werkgebieden (beheerders: all), narrowed by the
 * filters. Reads and exports are audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auth.h"
#include "datum.h"
#include "db.h"
#include "fasen.h"
#include "http.h"
#include "json_spec.h"
#include "overzichten.h"
#include "rapport.h"
#include "scope.h"
#include "server.h"
#include "steun.h"
#include "util.h"
#include "wachtlijst.h"

/*
 * The common WHERE on a werkgebied and coordinator column: scope and filters
 * ?1 visible-all flag, ?2 ids, ?3 werkgebied code, ?4 coordinator. SCOPE(g)
 * for a gezin alias g; K_SCOPE for a koppeling k, by the copy of its
 * vraaggezin's (schema/0007), and its programme (filter ?6). A supporting
 * gezin belongs to a programme by its rol (PROG_ROL); a vraaggezin belongs
 * to none until a koppeling is proposed, so the wachtlijst is not narrowed
 * by ?6.
 */
#define SCOPE_OF(wg, co)                                                                                 \
	"(?1 = 1 OR " wg " IN (SELECT value FROM json_each(?2))) "                                          \
	"AND (?3 IS NULL OR " wg " = (SELECT id FROM werkgebieden WHERE code = ?3)) "                      \
	"AND (?4 IS NULL OR " co " = ?4) "
#define SCOPE(g) SCOPE_OF(g ".werkgebied_id", g ".coordinator_id")
#define PROG_K(k) "AND (?6 IS NULL OR " k ".programma_id = ?6) "
#define PROG_ROL(g) \
	"AND (?6 IS NULL OR " g ".rol IN (SELECT value FROM programmas p, json_each(p.rollen) WHERE p.id = ?6)) "
/*
 * A koppeling is visible only when both its gezinnen are (scope.h): the
 * supporter's current werkgebied is checked too, so a family moved to
 * another werkgebied never shows the supporter it left behind. The counts
 * read both werkgebieden from the koppeling's copies (schema 0007 and 0015),
 * which triggers keep current in the same transaction as a move.
 */
#define K_SCOPE                                                                                         \
	SCOPE_OF("k.vraag_werkgebied_id", "k.vraag_coordinator_id")                                     \
	PROG_K("k") "AND (?1 = 1 OR k.steun_werkgebied_id IN (SELECT value FROM json_each(?2))) "

/* Rows per list in the JSON overview; aantallen has the full counts, the CSV export every row. */
#define JSON_ROWS "100"
/* Streamed CSV exports at once, each with its own read-only connection; more get 503. */
#define MAX_EXPORTS 2
/* An export buffers about this many bytes of rows before handing them out. */
#define EXPORT_CHUNK (64 * 1024)

#define ACTIEF "('kennismaking', 'proefperiode', 'contract', 'lopend')"

/*
 * Each list is a FROM ... WHERE (scope parameters 1-4, ?5 = the as-of date),
 * the columns shown and an order. The JSON overview takes the first
 * JSON_ROWS rows and the count; the CSV export every row in the same order.
 * The counts leave out joins that cannot change the number of rows (a
 * NOT NULL foreign key to werkgebieden, the koppeling or a gezin), take a
 * koppeling's scope from its copy of the vraaggezin's werkgebied and
 * coordinator, and read them from narrow indexes (schema/0006 and 0007)
 * instead of the wide rows; an open evaluation's scope comes from its own
 * copy (E_SCOPE).
 */
/*
 * An evaluation's scope from its own copies of its koppeling's (schema/0024),
 * the same rule as K_SCOPE, so its counts read one index and no koppeling.
 */
#define E_SCOPE                                                                                         \
	SCOPE_OF("e.vraag_werkgebied_id", "e.vraag_coordinator_id")                                     \
	PROG_K("e") "AND (?1 = 1 OR e.steun_werkgebied_id IN (SELECT value FROM json_each(?2))) "
#define WACHT_FROM                                                                                      \
	"FROM gezinnen g INDEXED BY gezinnen_wachtlijst JOIN werkgebieden w ON w.id = g.werkgebied_id "    \
	"LEFT JOIN wachtlijst wl ON wl.gezin_id = g.id LEFT JOIN gebruikers cp ON cp.id = wl.contactpersoon_id " \
	"WHERE g.rol = 'vraaggezin' AND g.status IN ('aangemeld', 'intake', 'wachtend') AND " SCOPE("g")
/*
 * The wachtlijst (wachtlijst.h): urgency, contact person, the last time the
 * family was told about its wait and the flag; by urgency rank, then the
 * longest wait, then id.
 */
#define WACHT_LAATST "(SELECT max(b.op) FROM wachtlijst_berichten b WHERE b.gezin_id = g.id)"
#define WACHT_ROWS                                                                                           \
	"SELECT g.id, g.naam, g.status, w.code, g.aangemeld_op, CAST(julianday(?5) - julianday(g.aangemeld_op) " \
	"AS INTEGER), coalesce(wl.urgentie, '" KP_WACHT_URGENTIE_STANDAARD "'), cp.naam, " WACHT_LAATST ", "       \
	KP_SQL_WACHT_SIGNAAL("wl.contactpersoon_id IS NOT NULL AND "                                             \
			     KP_SQL_WACHT_CONTACT_GELDIG("wl.contactpersoon_id", "g.werkgebied_id"),                \
			     WACHT_LAATST, "g.aangemeld_op", "?5")                                                   \
	" " WACHT_FROM "ORDER BY " KP_SQL_WACHT_RANG("wl.urgentie") ", g.aangemeld_op, g.id"
#define WACHT_COUNT                                                                                       \
	"SELECT count(*) FROM gezinnen g INDEXED BY gezinnen_wachtlijst_scope "                              \
	"WHERE g.rol = 'vraaggezin' AND g.status IN ('aangemeld', 'intake', 'wachtend') "                        \
	"AND " SCOPE("g")
#define STEUN_FROM                                                                                      \
	"FROM gezinnen g INDEXED BY gezinnen_beschikbaar JOIN werkgebieden w ON w.id = g.werkgebied_id "   \
	"WHERE g.rol != 'vraaggezin' AND g.status = 'beschikbaar' AND " SCOPE("g") PROG_ROL("g")
#define STEUN_ROWS                                                                                           \
	"SELECT g.id, g.naam, g.rol, w.code, coalesce(json_extract(g.profiel, '$.aanbod.capaciteit'), 1), "     \
	"coalesce(json_extract(g.profiel, '$.aanbod.capaciteit'), 1) - (SELECT count(*) FROM koppelingen k "    \
	" WHERE k.steungezin_id = g.id AND k.fase IN " ACTIEF ") " STEUN_FROM "AND ?5 = ?5 ORDER BY g.naam, g.id"
#define STEUN_COUNT                                                                                              \
	"SELECT count(*) FROM gezinnen g INDEXED BY gezinnen_beschikbaar_scope WHERE g.rol != 'vraaggezin' AND " \
	"g.status = 'beschikbaar' AND " SCOPE("g") PROG_ROL("g")
/* the supporter's werkgebied and name: the steungezin's, or for a trajectory (no steungezin, schema 0027)
 * the vraaggezin's werkgebied and the gezinscoach's name */
#define STEUN_WG "coalesce(s.werkgebied_id, v.werkgebied_id)"
#define STEUN_NAAM "coalesce(s.naam, (SELECT c.naam FROM gebruikers c WHERE c.id = k.coach_id), '')"
#define EVAL_FROM(cond)                                                                                       \
	"FROM evaluaties e JOIN koppelingen k ON k.id = e.koppeling_id JOIN gezinnen v ON v.id = k.vraaggezin_id " \
	"LEFT JOIN gezinnen s ON s.id = k.steungezin_id WHERE e.gehouden_op IS NULL AND e.vervallen = 0 AND " cond \
	" AND " SCOPE("v") PROG_K("k") "AND (?1 = 1 OR " STEUN_WG " IN (SELECT value FROM json_each(?2))) "
#define EVAL_ROWS(cond) "SELECT e.id, k.id, e.soort, e.gepland_op, v.naam, " STEUN_NAAM " " EVAL_FROM(cond) "ORDER BY e.gepland_op, e.id"
#define EVAL_COUNT(cond)                                                                                      \
	"SELECT count(*) FROM evaluaties e INDEXED BY evaluaties_open_scope WHERE e.gehouden_op IS NULL AND e.vervallen = 0 " \
	"AND " cond " AND " E_SCOPE
#define TE_LAAT "e.gepland_op < ?5"
#define BINNEN_30 "e.gepland_op BETWEEN ?5 AND date(?5, '+30 days')"
#define EIND_FROM                                                                                             \
	"FROM koppelingen k JOIN gezinnen v ON v.id = k.vraaggezin_id LEFT JOIN gezinnen s ON s.id = k.steungezin_id " \
	"JOIN evaluaties e INDEXED BY evaluaties_afsluitend ON e.koppeling_id = k.id AND e.soort = 'afsluitend-gesprek' " \
	"AND e.sleutel = 'afsluitend-gesprek#1' WHERE k.fase IN " ACTIEF " "                                      \
	"AND e.gepland_op <= date(?5, '+2 months') AND " SCOPE("v") PROG_K("k")                                    \
	"AND (?1 = 1 OR " STEUN_WG " IN (SELECT value FROM json_each(?2))) "
#define EIND_ROWS "SELECT k.id, v.naam, " STEUN_NAAM ", e.gepland_op " EIND_FROM "ORDER BY e.gepland_op, e.koppeling_id"
/* +k.fase: the koppeling is sought by id alone and its phase read from the index, not one seek per active phase */
#define EIND_COUNT                                                                                              \
	"SELECT count(*) FROM evaluaties e INDEXED BY evaluaties_afsluitend "                                        \
	"JOIN koppelingen k INDEXED BY koppelingen_id_scope ON k.id = e.koppeling_id WHERE e.soort = 'afsluitend-gesprek' AND e.sleutel = 'afsluitend-gesprek#1' AND +k.fase IN " ACTIEF " " \
	"AND e.gepland_op <= date(?5, '+2 months') AND " K_SCOPE
/* The VOG is valid 36 months. The first range (a few days wider) lets the
 * index on vog_datum find the candidates; the second is the rule itself. */
#define VOG_FROM VOG_FROM_G("gezinnen g")
#define VOG_FROM_G(g)                                                                                                   \
	"FROM leden l INDEXED BY leden_vog JOIN " g " ON g.id = l.gezin_id WHERE g.rol != 'vraaggezin' AND g.status NOT IN ('gestopt') " \
	"AND l.soort = 'volwassene' AND l.vog_datum IS NOT NULL "                                                     \
	"AND l.vog_datum BETWEEN date(?5, '-36 months', '-3 days') AND date(?5, '+3 months', '-36 months', '+3 days') " \
	"AND date(l.vog_datum, '+36 months') BETWEEN ?5 AND date(?5, '+3 months') AND " SCOPE("g") PROG_ROL("g")
#define VOG_ROWS "SELECT g.id, g.naam, l.voornaam, l.vog_datum " VOG_FROM "ORDER BY l.vog_datum, l.gezin_id, l.id"
#define VOG_COUNT "SELECT count(*) " VOG_FROM_G("gezinnen g INDEXED BY gezinnen_scope")

static const char *const wacht_names[] = { "id", "naam", "status", "werkgebied", "aangemeldOp", "wachtdagen",
					   "urgentie", "contactpersoon", "laatstGeinformeerdOp", "signaal" };
static const char *const steun_names[] = { "id", "naam", "rol", "werkgebied", "capaciteit", "vrij" };
static const char *const eval_names[] = { "id", "koppeling", "soort", "geplandOp", "vraaggezin", "steungezin" };
static const char *const eind_names[] = { "koppeling", "vraaggezin", "steungezin", "maximaleEinddatum" };
static const char *const vog_names[] = { "gezin", "naam", "lid", "vogDatum" };

/* The CSV header of each list: Dutch words, for people who open the file in a spreadsheet. */
static const char *const wacht_koppen[] = { "Gezinsnummer", "Naam", "Status", "Werkgebied", "Aangemeld op", "Wachtdagen",
					    "Urgentie", "Contactpersoon", "Laatst geïnformeerd op", "Aandacht" };
static const char *const steun_koppen[] = { "Gezinsnummer", "Naam", "Rol", "Werkgebied", "Capaciteit", "Vrije plaatsen" };
static const char *const eval_koppen[] = { "Evaluatienummer", "Koppelingsnummer", "Soort", "Gepland op", "Vraaggezin",
					   "Steungezin" };
static const char *const eind_koppen[] = { "Koppelingsnummer", "Vraaggezin", "Steungezin", "Maximale einddatum" };
static const char *const vog_koppen[] = { "Gezinsnummer", "Naam", "Lid", "VOG-datum" };

/* One caseload list. */
struct lijst {
	const char *naam;                /* ?lijst= and the CSV file name */
	const char *key;                 /* its key in aantallen */
	const char *const *kolommen;     /* JSON member names */
	const char *const *koppen;       /* the CSV header, in words */
	int n;                           /* columns */
	const char *first;               /* the first JSON_ROWS rows */
	const char *all;                 /* every row */
	const char *count;               /* how many rows */
};

static const struct lijst lijsten[] = {
	{ "wachtlijst", "wachtlijst", wacht_names, wacht_koppen, 10, WACHT_ROWS " LIMIT " JSON_ROWS, WACHT_ROWS, WACHT_COUNT },
	{ "beschikbaar", "beschikbaar", steun_names, steun_koppen, 6, STEUN_ROWS " LIMIT " JSON_ROWS, STEUN_ROWS, STEUN_COUNT },
	{ "te-laat", "teLaat", eval_names, eval_koppen, 6, EVAL_ROWS(TE_LAAT) " LIMIT " JSON_ROWS, EVAL_ROWS(TE_LAAT), EVAL_COUNT(TE_LAAT) },
	{ "binnen-30-dagen", "binnen30Dagen", eval_names, eval_koppen, 6, EVAL_ROWS(BINNEN_30) " LIMIT " JSON_ROWS, EVAL_ROWS(BINNEN_30),
	  EVAL_COUNT(BINNEN_30) },
	{ "bijna-afgelopen", "bijnaAfgelopen", eind_names, eind_koppen, 4, EIND_ROWS " LIMIT " JSON_ROWS, EIND_ROWS, EIND_COUNT },
	{ "vog-verloopt", "vogVerloopt", vog_names, vog_koppen, 4, VOG_ROWS " LIMIT " JSON_ROWS, VOG_ROWS, VOG_COUNT },
};
#define N_LIJSTEN (sizeof lijsten / sizeof lijsten[0])

struct scope {
	int all;
	char *ids;
	const char *werkgebied;
	int64_t coordinator;
	bool has_coordinator;
	int64_t programma; /* 0: every programme */
	char datum[16];
};

/* Binds the scope parameters 1-4, the as-of date ?5 and the programme ?6 (a statement without ?5 or ?6 ignores it). */
static void bind_scope(sqlite3_stmt *st, const struct scope *s)
{
	sqlite3_bind_int(st, 1, s->all);
	sqlite3_bind_text(st, 2, s->ids, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, s->werkgebied, -1, SQLITE_TRANSIENT);
	if (s->has_coordinator)
		sqlite3_bind_int64(st, 4, s->coordinator);
	sqlite3_bind_text(st, 5, s->datum, -1, SQLITE_TRANSIENT);
	if (s->programma)
		sqlite3_bind_int64(st, 6, s->programma);
}

/* Runs sql (scope parameters 1-5) and returns its rows as objects named by `names`, or NULL on an error. */
static json_t *rows(struct kp_conn *c, const char *sql, const struct scope *s, const char *const *names, int n)
{
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	if (!st)
		return NULL;
	bind_scope(st, s);
	json_t *arr = json_array();
	int rc;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();
		for (int i = 0; i < n; i++) {
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_INTEGER:
				json_object_set_new(o, names[i], json_integer(sqlite3_column_int64(st, i)));
				break;
			case SQLITE_NULL:
				json_object_set_new(o, names[i], json_null());
				break;
			default:
				json_object_set_new(o, names[i], json_string((const char *)sqlite3_column_text(st, i)));
			}
		}
		json_array_append_new(arr, o);
	}
	if (arr && rc != SQLITE_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* One count (scope parameters 1-5); clears *ok on an error. */
static int64_t count(struct kp_conn *c, const char *sql, const struct scope *s, bool *ok)
{
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	if (!st) {
		*ok = false;
		return 0;
	}
	bind_scope(st, s);
	if (sqlite3_step(st) != SQLITE_ROW) {
		*ok = false;
		return 0;
	}
	return sqlite3_column_int64(st, 0);
}

/* 1 when programme id exists, 0 when not, -1 on a database error. */
static int programme_exists(struct kp_server *srv, int64_t id)
{
	struct kp_conn *c = kp_db_read_single(srv->db);
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT 1 FROM programmas WHERE id = ?1");
	int rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	kp_db_read_end(srv->db, c);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Reads the caseload filters; answers 400 and returns false when one is wrong. */
static bool read_scope(struct kp_request *req, struct scope *s)
{
	memset(s, 0, sizeof *s);
	const struct kp_principal *p = kp_req_principal(req);
	s->all = p->rol == KP_ROLE_BEHEERDER;
	s->werkgebied = kp_req_query(req, "werkgebied");
	const char *co = kp_req_query(req, "coordinator"), *d = kp_req_query(req, "datum"),
		   *pr = kp_req_query(req, "programma");
	const char *bad = NULL, *why = "Ongeldige waarde.";
	if (co && !kp_parse_id(co, &s->coordinator))
		bad = "coordinator";
	if (pr && !kp_parse_id(pr, &s->programma)) {
		bad = "programma";
	} else if (pr) {
		int known = programme_exists(kp_req_server(req), s->programma);
		if (known < 0) {
			kp_reply_db_error(req);
			return false;
		}
		if (!known) {
			bad = "programma";
			why = "Dit programma bestaat niet.";
		}
	}
	s->has_coordinator = co != NULL;
	if (d && kp_check_date(d))
		bad = "datum";
	if (s->werkgebied && strlen(s->werkgebied) > 32)
		bad = "werkgebied";
	if (bad) {
		json_t *problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
		kp_problem_add_invalid_param(problem, bad, why);
		kp_reply_problem_json(req, problem);
		return false;
	}
	if (d)
		snprintf(s->datum, sizeof s->datum, "%s", d);
	else
		kp_today(s->datum);
	s->ids = kp_principal_werkgebieden_json(p);
	if (!s->ids) {
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
		return false;
	}
	return true;
}

/* True when the request prefers CSV (shared with api_kwartaal.c, see overzichten.h). */
bool kp_overzicht_wants_csv(struct kp_request *req)
{
	const char *accept = kp_req_header(req, "Accept");
	return accept && strstr(accept, "text/csv") != NULL;
}

/*
 * The Dutch word for a code in column `name` of a CSV export (a status, a
 * role, a kind of evaluation), or the text itself for other columns. The
 * words are those of /keuzelijsten (steun.h, fasen.h).
 */
static const char *csv_word(const char *name, const char *text)
{
	if (!text)
		return NULL;
	if (strcmp(name, "status") == 0)
		return kp_vocab_has(&kp_statussen_vraag, text) ? kp_vocab_naam(&kp_statussen_vraag, text)
								: kp_vocab_naam(&kp_statussen_aanbod, text);
	if (strcmp(name, "rol") == 0)
		return kp_vocab_naam(&kp_rollen, text);
	if (strcmp(name, "urgentie") == 0)
		return kp_vocab_naam(&kp_wacht_urgenties, text);
	if (strcmp(name, "signaal") == 0)
		return kp_wacht_signaal_naam(text);
	if (strcmp(name, "soort") == 0)
		for (int i = 0; i < KP_EVAL_SOORT_COUNT; i++)
			if (strcmp(kp_evaluatie_soort_name((enum kp_evaluatie_soort)i), text) == 0)
				return kp_evaluatie_soort_label((enum kp_evaluatie_soort)i);
	return text;
}

/*
 * Appends the current row of st as a CSV record: numbers with a decimal
 * comma, dates as dd-mm-jjjj, codes as words (csv_word).
 */
static void csv_row(struct kp_buf *b, sqlite3_stmt *st, const struct lijst *l)
{
	for (int i = 0; i < l->n; i++) {
		bool last = i + 1 == l->n;
		const char *name = l->kolommen[i];
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			kp_csv_number(b, (double)sqlite3_column_int64(st, i), 0, last);
			break;
		case SQLITE_FLOAT:
			kp_csv_number(b, sqlite3_column_double(st, i), 2, last);
			break;
		case SQLITE_NULL:
			kp_csv_field(b, NULL, last);
			break;
		default:
			if (strstr(name, "Op") || strstr(name, "Datum") || strstr(name, "datum"))
				kp_csv_date(b, (const char *)sqlite3_column_text(st, i), last);
			else
				kp_csv_field(b, csv_word(name, (const char *)sqlite3_column_text(st, i)), last);
		}
	}
}

/*
 * A streamed CSV export of one list. It reads from its own read-only
 * connection (one snapshot for every row), never from the pool: the HTTP
 * thread serves other connections between two calls of export_fill.
 */
struct export {
	struct kp_server *srv;
	const struct lijst *l;
	struct kp_conn *snap; /* NULL once every row is read */
	sqlite3_stmt *st;
	struct kp_buf buf;    /* CSV not yet handed out, from off */
	size_t off;
	bool done;            /* every row is in buf */
	int64_t rows;
};

/* Reading is over: lets go of the snapshot before the last bytes are sent. */
static void export_finish_reading(struct export *x)
{
	x->done = true;
	kp_db_snapshot_close(x->srv->db, x->snap);
	x->snap = NULL;
	x->st = NULL;
}

/*
 * Steps rows into x->buf until it holds about EXPORT_CHUNK bytes or the rows
 * run out. Returns false (after logging) on a database error or when out of memory.
 */
static bool export_refill(struct export *x)
{
	while (!x->done && x->buf.len - x->off < EXPORT_CHUNK) {
		int rc = sqlite3_step(x->st);
		if (rc == SQLITE_ROW) {
			csv_row(&x->buf, x->st, x->l);
			x->rows++;
		} else if (rc == SQLITE_DONE) {
			export_finish_reading(x);
		} else {
			kp_log_warn(&x->srv->log, "CSV export %s broken off after %lld rows: %s", x->l->naam, (long long)x->rows,
				    kp_conn_errmsg(x->snap));
			return false;
		}
	}
	if (x->buf.failed) {
		kp_log_warn(&x->srv->log, "CSV export %s broken off after %lld rows: out of memory", x->l->naam,
			    (long long)x->rows);
		return false;
	}
	return true;
}

/* kp_stream_fill_fn: hands out buffered CSV, refilling the buffer when it is empty. */
static ssize_t export_fill(void *ctx, char *out, size_t max)
{
	struct export *x = ctx;
	if (x->off == x->buf.len) {
		x->off = x->buf.len = 0;
		if (!export_refill(x))
			return KP_STREAM_ERROR;
		if (x->buf.len == 0)
			return KP_STREAM_END;
	}
	size_t n = x->buf.len - x->off;
	if (n > max)
		n = max;
	memcpy(out, x->buf.data + x->off, n);
	x->off += n;
	return (ssize_t)n;
}

/* Frees an export: the body is done, the client went away or the server stops. */
static void export_free(void *ctx)
{
	struct export *x = ctx;
	if (!x->done)
		kp_log_info(&x->srv->log, "CSV export %s ended early after %lld rows", x->l->naam, (long long)x->rows);
	kp_db_snapshot_close(x->srv->db, x->snap);
	kp_buf_free(&x->buf);
	free(x);
}

/*
 * Answers list l as a streamed CSV file. The snapshot is taken (by reading
 * the first row) and the export audited before anything is sent: 503 when
 * either fails, or when MAX_EXPORTS exports are running already.
 */
static void caseload_export(struct kp_request *req, const struct scope *s, const struct lijst *l)
{
	struct kp_server *srv = kp_req_server(req);
	struct export *x = calloc(1, sizeof *x);
	if (!x) {
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen voor de export.");
		return;
	}
	x->srv = srv;
	x->l = l;
	int rc = kp_db_snapshot_open(srv->db, MAX_EXPORTS, &x->snap);
	if (rc == SQLITE_BUSY) {
		free(x);
		kp_reply_header(req, "Retry-After", "10");
		kp_reply_problem(req, KP_P_UNAVAILABLE, "Er lopen al %d exports. Probeer het zo opnieuw.", MAX_EXPORTS);
		return;
	}
	if (rc != SQLITE_OK) {
		free(x);
		kp_reply_db_error(req);
		return;
	}
	x->st = kp_conn_stmt(x->snap, l->all);
	bool ok = x->st != NULL;
	if (ok) {
		bind_scope(x->st, s);
		kp_csv_begin(&x->buf);
		for (int i = 0; i < l->n; i++)
			kp_csv_field(&x->buf, l->koppen[i], i + 1 == l->n);
		/* the first row fixes the snapshot, so a database error is still a 503 */
		rc = sqlite3_step(x->st);
		if (rc == SQLITE_ROW) {
			csv_row(&x->buf, x->st, l);
			x->rows++;
		} else if (rc == SQLITE_DONE) {
			export_finish_reading(x);
		} else {
			ok = false;
		}
	}
	ok = ok && !x->buf.failed;
	struct kp_conn *w = ok ? kp_db_write_begin(srv->db) : NULL;
	if (w) {
		char details[96];
		snprintf(details, sizeof details, "{\"lijst\":\"%s\",\"formaat\":\"csv\"}", l->naam);
		if (kp_req_audit(req, w, "exporteren", "caseload", 0, details) != SQLITE_OK) {
			kp_db_write_rollback(srv->db, w);
			ok = false;
		} else if (kp_db_write_commit(srv->db, w) != SQLITE_OK) {
			ok = false;
		}
	} else {
		ok = false;
	}
	if (!ok) {
		x->done = true; /* nothing was sent: not an early end */
		export_free(x);
		kp_reply_db_error(req);
		return;
	}
	char disp[96];
	snprintf(disp, sizeof disp, "attachment; filename=\"koppel-%s-%s.csv\"", l->naam, s->datum);
	kp_reply_header(req, "Content-Disposition", disp);
	kp_reply_stream(req, 200, "text/csv; charset=utf-8", export_fill, x, export_free);
}

void api_caseload_get(struct kp_request *req)
{
	struct scope s;
	if (!read_scope(req, &s))
		return;
	const char *lijst = kp_req_query(req, "lijst");
	bool csv = kp_overzicht_wants_csv(req);
	const struct lijst *which = NULL;
	for (size_t i = 0; lijst && i < N_LIJSTEN; i++)
		if (strcmp(lijst, lijsten[i].naam) == 0)
			which = &lijsten[i];
	if ((csv || lijst) && !which) { /* an unknown ?lijst= is refused for JSON too */
		free(s.ids);
		json_t *pr = kp_problem_json(KP_P_INVALID_INPUT,
					     csv ? "Kies welke lijst je als CSV wilt." : "Deze lijst bestaat niet.");
		kp_problem_add_invalid_param(pr, "lijst", "Kies wachtlijst, beschikbaar, te-laat, binnen-30-dagen, bijna-afgelopen of vog-verloopt.");
		kp_reply_problem_json(req, pr);
		return;
	}
	if (csv) {
		caseload_export(req, &s, which);
		free(s.ids);
		return;
	}
	/* everything from one read snapshot, then the audit entry in a short write */
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	if (!c) {
		free(s.ids);
		kp_reply_db_error(req);
		return;
	}
	bool ok = true;
	json_t *lists[N_LIJSTEN], *aantallen = json_object(), *fasen = json_object();
	ok = aantallen && fasen;
	for (size_t i = 0; i < N_LIJSTEN; i++) {
		lists[i] = rows(c, lijsten[i].first, &s, lijsten[i].kolommen, lijsten[i].n);
		ok = ok && lists[i];
		int64_t n = count(c, lijsten[i].count, &s, &ok);
		if (aantallen)
			json_object_set_new(aantallen, lijsten[i].key, json_integer(n));
	}
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT k.fase, count(*) FROM koppelingen k INDEXED BY koppelingen_fase_scope "
					   "WHERE " K_SCOPE "AND ?5 = ?5 GROUP BY k.fase");
	if (st && fasen) {
		bind_scope(st, &s);
		int rc_step;
		while ((rc_step = sqlite3_step(st)) == SQLITE_ROW)
			json_object_set_new(fasen, (const char *)sqlite3_column_text(st, 0), json_integer(sqlite3_column_int64(st, 1)));
		ok = ok && rc_step == SQLITE_DONE;
	} else {
		ok = false;
	}
	/* CROSS JOIN keeps this order: active koppelingen, then the children of their vraaggezin */
	int64_t kinderen = count(c, "SELECT count(DISTINCT l.id) FROM koppelingen k INDEXED BY koppelingen_fase_scope "
				    "CROSS JOIN leden l INDEXED BY leden_kind ON l.gezin_id = k.vraaggezin_id AND l.soort = 'kind' AND (l.steun_voor = 1 OR l.id IN "
				    "(SELECT lid_id FROM koppeling_kinderen WHERE koppeling_id = k.id)) "
				    "WHERE k.fase IN " ACTIEF " AND " K_SCOPE "AND ?5 = ?5",
				 &s, &ok);
	/* open zorgsignalen (logboek entries without a follow-up, api_zorgsignalen.c) of the gezinnen in scope */
	if (aantallen)
		json_object_set_new(aantallen, "zorgsignalen",
				    json_integer(count(c, "SELECT count(*) FROM logboek lb JOIN gezinnen g ON g.id = lb.gezin_id "
							  "WHERE lb.soort = 'zorgsignaal' AND NOT EXISTS (SELECT 1 FROM "
							  "zorgsignaal_opvolgingen o WHERE o.logboek_id = lb.id) AND " SCOPE("g") "AND ?5 = ?5",
						       &s, &ok)));
	kp_db_read_end(srv->db, c);
	free(s.ids);
	if (!ok) {
		for (size_t i = 0; i < N_LIJSTEN; i++)
			json_decref(lists[i]);
		json_decref(aantallen);
		json_decref(fasen);
		kp_reply_db_error(req);
		return;
	}
	json_t *out = json_pack("{s:s, s:o, s:o, s:o, s:{s:o, s:o}, s:o, s:o, s:I, s:o}", "datum", s.datum, "wachtlijst",
				lists[0], "beschikbaar", lists[1], "koppelingenPerFase", fasen, "evaluaties", "teLaat", lists[2],
				"binnen30Dagen", lists[3], "bijnaAfgelopen", lists[4], "vogVerloopt", lists[5], "kinderenBereikt",
				(json_int_t)kinderen, "aantallen", aantallen);
	/* overviews of families are audited before the answer goes, with the ids they show */
	json_t *details = json_pack("{s:s, s:s, s:[], s:[]}", "lijst", which ? which->naam : "alles", "formaat", "json",
				    "gezinnen", "koppelingen");
	static const char *const gezin_lists[] = { "wachtlijst", "beschikbaar", "vogVerloopt" };
	static const char *const gezin_keys[] = { "id", "id", "gezin" };
	static const char *const koppeling_lists[] = { "teLaat", "binnen30Dagen", "bijnaAfgelopen" };
	size_t i;
	json_t *row;
	for (size_t l = 0; details && l < 3; l++) {
		json_t *list = json_object_get(out, gezin_lists[l]);
		if (!list)
			list = json_object_get(json_object_get(out, "evaluaties"), gezin_lists[l]);
		json_array_foreach(list, i, row) json_array_append(json_object_get(details, "gezinnen"),
							       json_object_get(row, gezin_keys[l]));
		list = json_object_get(out, koppeling_lists[l]);
		if (!list)
			list = json_object_get(json_object_get(out, "evaluaties"), koppeling_lists[l]);
		json_array_foreach(list, i, row) json_array_append(json_object_get(details, "koppelingen"),
							       json_object_get(row, "koppeling"));
	}
	char *text = details ? json_dumps(details, JSON_COMPACT) : NULL;
	json_decref(details);
	kp_reply_json(req, 200, out);
	kp_req_audit_read(req, "lezen", "caseload", 0, text);
	free(text);
}

/* --- the calendar feed ------------------------------------------------------------- */

/* "2026-03-31" -> "20260331" (9 bytes). */
static void ical_date(const char *iso, char out[9])
{
	snprintf(out, 9, "%.4s%.2s%.2s", iso, iso + 5, iso + 8);
}

void api_agenda_get(struct kp_request *req)
{
	const struct kp_principal *p = kp_req_principal(req);
	const char *namen_s = kp_req_query(req, "namen");
	if (namen_s && strcmp(namen_s, "ja") != 0 && strcmp(namen_s, "nee") != 0) {
		json_t *pr = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de parameters.");
		kp_problem_add_invalid_param(pr, "namen", "Kies ja of nee.");
		kp_reply_problem_json(req, pr);
		return;
	}
	bool namen = namen_s && strcmp(namen_s, "ja") == 0;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	/* the requester's own koppelingen that it may see (a beheerder: every koppeling) */
	sqlite3_stmt *st = c ? kp_scope_stmt(c, "SELECT e.id, e.soort, e.gepland_op, k.id, v.naam, " STEUN_NAAM ", v.id, s.id "
					      "FROM evaluaties e "
					      "JOIN koppelingen k ON k.id = e.koppeling_id JOIN gezinnen v ON v.id = k.vraaggezin_id "
					      "LEFT JOIN gezinnen s ON s.id = k.steungezin_id WHERE e.gehouden_op IS NULL AND e.vervallen = 0 "
					      "AND (:kp_alles = 1 OR k.coordinator_id = ?2) AND " KP_SQL_GEZIN_ZICHTBAAR("v")
					      " AND (k.steungezin_id IS NULL OR " KP_SQL_GEZIN_ZICHTBAAR("s") ") ORDER BY e.gepland_op, e.id LIMIT 5000", p)
			     : NULL;
	json_t *gezinnen = json_array(), *koppelingen = json_array();
	struct kp_buf b = { 0 };
	char stamp[32];
	kp_format_time(kp_now(), stamp); /* YYYY-MM-DDTHH:MM:SSZ -> YYYYMMDDTHHMMSSZ */
	char dtstamp[20];
	snprintf(dtstamp, sizeof dtstamp, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", stamp, stamp + 5, stamp + 8, stamp + 11, stamp + 14, stamp + 17);
	kp_ical_line(&b, "BEGIN:VCALENDAR");
	kp_ical_line(&b, "VERSION:2.0");
	kp_ical_line(&b, "PRODID:-//Koppel//Koppel " KOPPEL_VERSION "//NL");
	kp_ical_line(&b, "CALSCALE:GREGORIAN");
	kp_ical_line(&b, "METHOD:PUBLISH");
	kp_ical_text(&b, "X-WR-CALNAME", "Koppel: evaluaties");
	if (st) {
		sqlite3_bind_int64(st, 2, p->gebruiker_id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			json_array_append_new(koppelingen, json_integer(sqlite3_column_int64(st, 3)));
			if (namen) {
				json_array_append_new(gezinnen, json_integer(sqlite3_column_int64(st, 6)));
				if (sqlite3_column_type(st, 7) != SQLITE_NULL)
					json_array_append_new(gezinnen, json_integer(sqlite3_column_int64(st, 7)));
			}
			const char *soort = (const char *)sqlite3_column_text(st, 1), *datum = (const char *)sqlite3_column_text(st, 2);
			struct kp_date d, next;
			if (!kp_date_parse(datum, &d))
				continue;
			next = kp_date_add_days(d, 1);
			char day[11], start[9], end[9], line[160], summary[400];
			kp_date_format(next, day);
			ical_date(datum, start);
			ical_date(day, end);
			const char *what = strcmp(soort, "afsluitend-gesprek") == 0 ? "Afsluitend gesprek (maximale duur)"
					   : strcmp(soort, "evaluatie-proefperiode") == 0 ? "Evaluatie proefperiode"
					   : strcmp(soort, "tussentijdse-evaluatie") == 0 ? "Tussentijdse evaluatie"
					   : strcmp(soort, "voortgangsgesprek") == 0	 ? "Voortgangsgesprek"
											 : "Kennismakingsgesprek";
			if (namen)
				snprintf(summary, sizeof summary, "%s: %s en %s", what, (const char *)sqlite3_column_text(st, 4),
					 (const char *)sqlite3_column_text(st, 5));
			else
				snprintf(summary, sizeof summary, "%s (koppeling %lld)", what, (long long)sqlite3_column_int64(st, 3));
			kp_ical_line(&b, "BEGIN:VEVENT");
			snprintf(line, sizeof line, "UID:evaluatie-%lld@koppel", (long long)sqlite3_column_int64(st, 0));
			kp_ical_line(&b, line);
			snprintf(line, sizeof line, "DTSTAMP:%s", dtstamp);
			kp_ical_line(&b, line);
			snprintf(line, sizeof line, "DTSTART;VALUE=DATE:%s", start);
			kp_ical_line(&b, line);
			snprintf(line, sizeof line, "DTEND;VALUE=DATE:%s", end);
			kp_ical_line(&b, line);
			kp_ical_text(&b, "SUMMARY", summary);
			kp_ical_line(&b, "TRANSP:TRANSPARENT");
			kp_ical_line(&b, "END:VEVENT");
		}
	}
	kp_ical_line(&b, "END:VCALENDAR");
	if (c)
		kp_db_read_end(srv->db, c);
	if (!st || b.failed || !gezinnen || !koppelingen) {
		json_decref(gezinnen);
		json_decref(koppelingen);
		kp_buf_free(&b);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_copy(req, 200, "text/calendar; charset=utf-8", b.data, b.len);
	kp_buf_free(&b);
	kp_req_audit_list(req, "agenda", gezinnen, koppelingen, false);
	json_decref(gezinnen);
	json_decref(koppelingen);
}
