/*
 * test_grenzen.c - werkgebied boundaries on every route of the production
 * route table.
 *
 * Fixture: werkgebied A (AMS) with coordinator A, werkgebied B (PUR) with
 * coordinator B, and a beheerder. Each werkgebied has families, a koppeling
 * with agreements and evaluations, a logboek, consents, an exclusion and a
 * match round. A vraaggezin of A with a running koppeling (KM, whose
 * supporter SM stays in A) is then moved to B by the beheerder. Every family
 * of B and the moved family carry "Geheim" in their names (members too);
 * every family of A carries "Zichtbaar-A".
 *
 * The walk is driven by one table that classifies every route of kp_routes
 * (method and path template). Every route that takes an id in its path is
 * called by coordinator A with B's ids, with the moved family's ids and
 * with ids that do not exist, and the answers must be identical (status;
 * the problem's type, title, detail and invalidParams). Koppeling routes are
 * also called by coordinator B with KM, which B may not see either (its
 * supporter is in A). The beheerder then calls each route with B's ids and
 * must not get a 404, so the ids are real and the walk is not vacuous. Ids
 * in bodies, list filters and cursors get the same comparison. Every answer
 * coordinator A receives must not contain "Geheim" (headers and body), and
 * every answer coordinator B receives must not contain "Zichtbaar-A".
 *
 * Violations are collected (one "GRENS:" line each on stderr) and the test
 * fails at its end with their number, so one run lists them all.
 *
 * A route added to kp_routes without a row in the table below fails the
 * test every_route_is_classified: classify it (and walk it) when adding it.
 */
#include <check.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "harness.h"
#include "routes.h"
#include "util.h"

#define NX 987654 /* an id no row of the fixture reaches */

static struct hs_session ca, cb, beheer;

/* The fixture's ids. */
static struct {
	int64_t coord_a, coord_b, rap;
	int64_t wg_b;
	int64_t va, sa, sm, vm;   /* A's families; vm is moved to B */
	int64_t vb, vb2, sb, sb2; /* B's families */
	int64_t ka, km, kb;       /* koppelingen: va-sa, vm-sm, vb-sb */
	int64_t ea, em, eb;       /* an open evaluation of each */
	int64_t tm, tb;           /* consents of vm and vb */
	int64_t um, ub;           /* exclusions of vm and vb */
	int64_t ra, rb;           /* match rounds of A (made before the move) and B */
	int64_t vpm, vpb;         /* proposals: vm's in ra, one of rb */
	int64_t token_b;          /* coordinator B's API token */
	int64_t hm, hb;           /* formal help of vm and vb */
	int64_t rolm, rolb;       /* the running role periods of vm and vb */
} f;

static char today_s[11], vog_s[11];

/* --- collecting violations ------------------------------------------------------ */

static int n_fail;
static char first_fail[700];

/* Records one violation: a GRENS line on stderr; the test fails at finish(). */
static void violation(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void violation(const char *fmt, ...)
{
	char msg[1400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	for (char *c = msg; *c; c++) /* one line per violation, also for CSV and iCalendar excerpts */
		if ((unsigned char)*c < 0x20)
			*c = ' ';
	fprintf(stderr, "GRENS: %s\n", msg);
	if (n_fail++ == 0)
		snprintf(first_fail, sizeof first_fail, "%.690s", msg);
}

static void finish(void)
{
	ck_assert_msg(n_fail == 0, "%d boundary violation(s), each on a GRENS line on stderr; the first: %s", n_fail,
		      first_fail);
}

/* --- requests ----------------------------------------------------------------- */

/* One answer, kept for comparison. */
struct ans {
	struct http_response r;
	json_t *j;
};

static void ans_free(struct ans *a)
{
	json_decref(a->j);
	http_response_free(&a->r);
}

/* Where needle occurs in the first len bytes of hay, or NULL. */
static const char *find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; hay && n <= len && i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

static const char *who(const struct hs_session *s)
{
	return s == &ca ? "coordinator A" : s == &cb ? "coordinator B" : s == &beheer ? "the beheerder" : "?";
}

/*
 * The names one caller must never see in any answer: coordinator A nothing of
 * B's families or the moved one ("Geheim"), coordinator B nothing of A's
 * ("Zichtbaar-A"). Records a violation with the surrounding text.
 */
static void scan(const struct hs_session *s, const char *what, const struct ans *a)
{
	const char *secret = s == &ca ? "Geheim" : s == &cb ? "Zichtbaar-A" : NULL;
	if (!secret)
		return;
	const char *head = a->r.head ? a->r.head : "";
	const char *at = find(head, strlen(head), secret);
	if (at) {
		violation("%s: %s gets \"%s\" in a header: %.160s", what, who(s), secret, at);
		return;
	}
	/* iCalendar folds long lines ("\r\n" and a space) anywhere, also inside a name: look at the unfolded text */
	char *text = malloc(a->r.body_len + 1);
	ck_assert_ptr_nonnull(text);
	size_t n = 0;
	for (size_t i = 0; i < a->r.body_len; i++) {
		if (a->r.body[i] == '\r' && i + 2 < a->r.body_len && a->r.body[i + 1] == '\n' &&
		    (a->r.body[i + 2] == ' ' || a->r.body[i + 2] == '\t')) {
			i += 2;
			continue;
		}
		text[n++] = a->r.body[i];
	}
	text[n] = '\0';
	at = find(text, n, secret);
	if (at) {
		const char *from = at - text > 80 ? at - 80 : text;
		violation("%s: %s gets \"%s\" (status %d): ...%.200s...", what, who(s), secret, a->r.status, from);
	}
	free(text);
}

/* Sends a request as s (with the CSRF header) and scans the answer; free with ans_free. */
static void ask(struct hs_session *s, const char *method, const char *path, const char *body, const char *hdr,
		struct ans *a, const char *what)
{
	a->j = harness_call(s, method, path, body, 1, hdr, &a->r);
	scan(s, what ? what : path, a);
}

/* A request whose answer is only scanned for names. Returns its status. */
static int look(struct hs_session *s, const char *path, const char *hdr)
{
	struct ans a;
	char what[300];
	snprintf(what, sizeof what, "GET %s%s", path, hdr && strstr(hdr, "text/csv") ? " (CSV)" : "");
	ask(s, "GET", path, NULL, hdr, &a, what);
	int status = a.r.status;
	ans_free(&a);
	return status;
}

static bool is_problem(const struct ans *a)
{
	char ct[96];
	return http_header(&a->r, "Content-Type", ct, sizeof ct) && strcmp(ct, "application/problem+json") == 0;
}

/* jansson's json_equal is false when either side is NULL; here two absent members are the same. */
static bool json_same(const json_t *x, const json_t *y)
{
	if (!x || !y)
		return !x && !y;
	return json_equal(x, y);
}

static const char *text_of(const json_t *j)
{
	static char buf[2][400];
	static int k;
	k ^= 1;
	char *t = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	snprintf(buf[k], sizeof buf[k], "%s", t ? t : "(absent)");
	free(t);
	return buf[k];
}

/*
 * Records a violation unless x answers exactly as nx (the same request for
 * something that does not exist): the same status and, for problems, the
 * same type, title, detail and invalidParams; other answers byte for byte
 * (or as equal JSON).
 */
static void same(const char *what, const struct ans *x, const struct ans *nx)
{
	if (x->r.status != nx->r.status) {
		violation("%s: status %d, but %d for a non-existent one; it answered: %.300s", what, x->r.status, nx->r.status,
		     x->r.body ? x->r.body : "");
		return;
	}
	if (is_problem(x) != is_problem(nx)) {
		violation("%s: one answer is a problem and the other is not: %.200s / %.200s", what, x->r.body, nx->r.body);
		return;
	}
	if (is_problem(x)) {
		static const char *const keys[] = { "type", "title", "detail", "invalidParams" };
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			const json_t *a = json_object_get(x->j, keys[i]), *b = json_object_get(nx->j, keys[i]);
			if (!json_same(a, b)) {
				violation("%s: problem %s differs from a non-existent one's: %s / %s", what, keys[i], text_of(a),
				     text_of(b));
				return;
			}
		}
		return;
	}
	if (x->j && nx->j ? !json_equal(x->j, nx->j)
			  : x->r.body_len != nx->r.body_len || memcmp(x->r.body, nx->r.body, x->r.body_len) != 0)
		violation("%s: the answer differs from a non-existent one's: %.300s / %.300s", what, x->r.body, nx->r.body);
}

/* Asks the same method twice, with x and with nx (paths and bodies), and compares the answers. */
static void compare(struct hs_session *s, const char *what, const char *method, const char *path_x, const char *path_nx,
		    const char *body_x, const char *body_nx, const char *hdr)
{
	struct ans x, nx;
	ask(s, method, path_x, body_x, hdr, &x, what);
	ask(s, method, path_nx, body_nx, hdr, &nx, what);
	same(what, &x, &nx);
	ans_free(&x);
	ans_free(&nx);
}

/* compare() for GET with two query strings on one path. */
static void compare_get(struct hs_session *s, const char *path, const char *q_x, const char *q_nx, const char *hdr)
{
	char px[300], pn[300], what[800];
	snprintf(px, sizeof px, "%s?%s", path, q_x);
	snprintf(pn, sizeof pn, "%s?%s", path, q_nx);
	snprintf(what, sizeof what, "GET %s%s as %s (vs ?%s)", px, hdr && strstr(hdr, "text/csv") ? " (CSV)" : "", who(s),
		 q_nx);
	compare(s, what, "GET", px, pn, NULL, NULL, hdr);
}

/* --- fixture helpers (not scanned: they set the scene) --------------------------------- */

/* Sends a request that must answer `expect`; returns the JSON (new reference, may be NULL). */
static json_t *must(struct hs_session *s, const char *method, const char *path, const char *body, const char *hdr,
		    int expect)
{
	struct http_response r;
	json_t *j = harness_call(s, method, path, body, 1, hdr, &r);
	ck_assert_msg(r.status == expect, "%s %s: %d (expected %d): %s", method, path, r.status, expect, r.body);
	http_response_free(&r);
	return j;
}

static int64_t id_of(json_t *j)
{
	int64_t id = json_integer_value(json_object_get(j, "id"));
	ck_assert_int_gt(id, 0);
	return id;
}

/* A date relative to today as YYYY-MM-DD. */
static void rel(int months, int days, char out[11])
{
	kp_date_format(kp_date_add_days(kp_date_add_months(kp_date_from_unix(kp_now()), months), days), out);
}

/*
 * The body of a new gezin of werkgebied wg: one adult (ouder) and one child
 * (kind), address in gemeente, the side that fits the role; coordinator 0
 * leaves it out. Malloc'ed.
 */
static char *gezin_body(const char *naam, const char *wg, bool vraag, const char *status, const char *ouder,
			const char *kind, int64_t coordinator)
{
	bool b = strcmp(wg, "PUR") == 0;
	json_t *g = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:[{s:s, s:s, s:o}, {s:s, s:s, s:s, s:b}], "
			      "s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}]}",
			      "naam", naam, "rol", vraag ? "vraaggezin" : "steungezin", "werkgebied", wg, "status", status,
			      "adres", "postcode", b ? "1441 AA" : "1015 AB", "plaats", b ? "Purmerend" : "Amsterdam",
			      "gemeente", b ? "Purmerend" : "Amsterdam", "leden", "soort", "volwassene", "voornaam", ouder,
			      "vogDatum", vraag ? json_null() : json_string(vog_s), "soort", "kind", "voornaam", kind,
			      "geboortedatum", "2019-06-01", "steunVoor", vraag, "toestemmingen", "doel", "registratie",
			      "gegevenOp", "2026-01-01", "gegevenDoor", ouder, "doel", "contactgegevens-delen", "gegevenOp",
			      "2026-01-01", "gegevenDoor", ouder);
	ck_assert_ptr_nonnull(g);
	if (vraag)
		json_object_set_new(g, "vraag",
				    json_pack("{s:s, s:[s], s:[s], s:{s:b}}", "tekst", "Even lucht", "steunvormen",
					      "opvang-overdag", "dagdelen", "wo-middag", "wensen", "nietRoken", 1));
	else
		json_object_set_new(g, "aanbod",
				    json_pack("{s:i, s:[s], s:[s], s:i, s:i, s:b}", "capaciteit", 3, "steunvormen",
					      "opvang-overdag", "dagdelen", "wo-middag", "leeftijdVan", 0, "leeftijdTot", 12,
					      "rookt", 0));
	if (coordinator)
		json_object_set_new(g, "coordinator", json_integer(coordinator));
	char *text = json_dumps(g, JSON_COMPACT);
	json_decref(g);
	ck_assert_ptr_nonnull(text);
	return text;
}

static int64_t gezin(struct hs_session *s, const char *naam, const char *wg, bool vraag, const char *status,
		     const char *ouder, const char *kind)
{
	char *body = gezin_body(naam, wg, vraag, status, ouder, kind, 0);
	json_t *j = must(s, "POST", "/api/v1/gezinnen", body, NULL, 201);
	free(body);
	int64_t id = id_of(j);
	json_decref(j);
	return id;
}

/* The ETag of a resource as an If-Match header line, read by s. */
static void etag_of(struct hs_session *s, const char *path, char *hdr, size_t len)
{
	struct http_response r;
	json_t *j = harness_call(s, "GET", path, NULL, 0, NULL, &r);
	ck_assert_msg(r.status == 200, "GET %s: %d", path, r.status);
	char etag[64];
	ck_assert_ptr_nonnull(http_header(&r, "ETag", etag, sizeof etag));
	snprintf(hdr, len, "If-Match: %s\r\n", etag);
	json_decref(j);
	http_response_free(&r);
}

/* POSTs body to /koppelingen/{k}{suffix} as s with the koppeling's current ETag; returns the koppeling. */
static json_t *kop(struct hs_session *s, int64_t k, const char *suffix, const char *body)
{
	char path[128], hdr[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)k);
	etag_of(s, path, hdr, sizeof hdr);
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld%s", (long long)k, suffix);
	return must(s, "POST", path, body, hdr, 201);
}

/* Proposes vraag+steun (programme 1) on datum as s; returns the koppeling id. */
static int64_t propose(struct hs_session *s, int64_t v, int64_t st, const char *datum)
{
	char body[200];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1,\"datum\":\"%s\"}",
		 (long long)v, (long long)st, datum);
	json_t *j = must(s, "POST", "/api/v1/koppelingen", body, NULL, 201);
	int64_t id = id_of(j);
	json_decref(j);
	return id;
}

static void phase(struct hs_session *s, int64_t k, const char *naar, const char *datum)
{
	char body[128];
	snprintf(body, sizeof body, "{\"naar\":\"%s\",\"datum\":\"%s\"}", naar, datum);
	json_decref(kop(s, k, "/faseovergangen", body));
}

/* Plans an evaluation of soort on datum for koppeling k; returns its id. */
static int64_t plan(struct hs_session *s, int64_t k, const char *soort, const char *datum)
{
	char body[128];
	snprintf(body, sizeof body, "{\"soort\":\"%s\",\"geplandOp\":\"%s\"}", soort, datum);
	json_t *j = kop(s, k, "/evaluaties", body);
	int64_t id = 0;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "evaluaties"), i, e)
	{
		const char *so = json_string_value(json_object_get(e, "soort")), *g = json_string_value(json_object_get(e, "geplandOp"));
		if (so && g && strcmp(so, soort) == 0 && strcmp(g, datum) == 0)
			id = json_integer_value(json_object_get(e, "id"));
	}
	json_decref(j);
	ck_assert_int_gt(id, 0);
	return id;
}

/* Adds a consent (contactgegevens-delen) to gezin g as s; returns its id. */
/* Adds an item of formal help to gezin g; returns its id. */
static int64_t formele_hulp(struct hs_session *s, int64_t g)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/formele-hulp", (long long)g);
	json_t *j = must(s, "POST", path, "{\"soort\":\"wijkteam\",\"kader\":\"vrijwillig\",\"van\":\"2026-01-05\","
			 "\"contact\":\"Geheim wijkteam\"}", NULL, 201);
	int64_t id = id_of(j);
	json_decref(j);
	return id;
}

/* Writes a gezinsplan (version 1, one goal) for gezin g as s. */
static void gezinsplan(struct hs_session *s, int64_t g)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/gezinsplan", (long long)g);
	json_decref(must(s, "PUT", path, "{\"opgesteldOp\":\"2026-01-05\",\"afspraken\":\"Geheime afspraak\",\"doelen\":["
			 "{\"doel\":\"Geheim doel\",\"eigenaar\":{\"soort\":\"netwerk\",\"naam\":\"Geheime oma\"},"
			 "\"startScore\":3}]}",
			 NULL, 201));
}

static int64_t toestemming(struct hs_session *s, int64_t g)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/toestemmingen", (long long)g);
	json_t *j = must(s, "POST", path, "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-02-01\",\"gegevenDoor\":\"Ouder\"}",
			 NULL, 201);
	int64_t id = 0;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "toestemmingen"), i, e)
	{
		const char *d = json_string_value(json_object_get(e, "doel"));
		if (d && strcmp(d, "contactgegevens-delen") == 0)
			id = json_integer_value(json_object_get(e, "id"));
	}
	json_decref(j);
	ck_assert_int_gt(id, 0);
	return id;
}

/* Excludes steungezin sg for vraaggezin v as s; returns the exclusion's id. */
static int64_t uitsluiting(struct hs_session *s, int64_t v, int64_t sg, const char *reden)
{
	char path[96], body[200];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/uitsluitingen", (long long)v);
	snprintf(body, sizeof body, "{\"steungezin\":%lld,\"reden\":\"%s\"}", (long long)sg, reden);
	json_t *j = must(s, "POST", path, body, NULL, 201);
	int64_t id = json_integer_value(json_object_get(json_array_get(json_object_get(j, "uitsluitingen"), 0), "id"));
	json_decref(j);
	ck_assert_int_gt(id, 0);
	return id;
}

/* Runs a match round in werkgebied code as s; returns its id, *vp the proposal for vraaggezin v (any when v is 0). */
static int64_t ronde(struct hs_session *s, const char *code, int64_t v, int64_t *vp)
{
	char body[96];
	snprintf(body, sizeof body, "{\"werkgebied\":\"%s\",\"programma\":1}", code);
	json_t *j = must(s, "POST", "/api/v1/matchrondes", body, NULL, 201);
	int64_t id = id_of(j);
	*vp = 0;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "voorstellen"), i, e) if (!*vp && (v == 0 || json_integer_value(json_object_get(
											     json_object_get(e, "vraaggezin"), "id")) == v))
		*vp = json_integer_value(json_object_get(e, "id"));
	json_decref(j);
	ck_assert_msg(*vp > 0, "round %s has no proposal for %lld", code, (long long)v);
	return id;
}

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	f.wg_b = harness_werkgebied("PUR");
	f.coord_a = harness_user("coord-a", "coordinator", "AMS", 1);
	f.coord_b = harness_user("coord-b", "coordinator", "PUR", 1);
	f.rap = harness_user("rap-a", "rapportage", "AMS", 1);
	harness_user("beheer", "beheerder", NULL, 1);
	harness_sql("INSERT INTO postcodes VALUES (1015, 'Amsterdam', 52.378, 4.883), (1441, 'Purmerend', 52.50, 4.95)");
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &beheer), 201);
	rel(0, 0, today_s);
	rel(-6, 0, vog_s);

	/* A: two waiting vraaggezinnen (one of them moves later) and two supporters */
	f.va = gezin(&ca, "Gezin Zichtbaar-A-Vraag", "AMS", true, "wachtend", "Zichtbaar-A-ouder", "Zichtbaar-A-kind");
	f.vm = gezin(&ca, "Gezin Geheim-Verhuisd", "AMS", true, "wachtend", "Geheimouder", "Geheimkind");
	f.sa = gezin(&ca, "Gezin Zichtbaar-A-Steun", "AMS", false, "beschikbaar", "Zichtbaar-A-steunouder", "Zichtbaar-A-tiener");
	f.sm = gezin(&ca, "Gezin Zichtbaar-A-Steun-SM", "AMS", false, "beschikbaar", "Zichtbaar-A-smouder", "Zichtbaar-A-smkind");
	/* B */
	f.vb = gezin(&cb, "Gezin Geheim-B-Vraag", "PUR", true, "wachtend", "Geheimmoeder", "Geheimzoon");
	f.vb2 = gezin(&cb, "Gezin Geheim-B-Wacht", "PUR", true, "wachtend", "Geheimvader", "Geheimdochter");
	f.sb = gezin(&cb, "Gezin Geheim-B-Steun", "PUR", false, "beschikbaar", "Geheimoma", "Geheimneef");
	f.sb2 = gezin(&cb, "Gezin Geheim-B-Steun-Twee", "PUR", false, "beschikbaar", "Geheimopa", "Geheimnicht");

	/* match rounds: A's while the family that moves later is still waiting in A */
	f.ra = ronde(&ca, "AMS", f.vm, &f.vpm);
	f.rb = ronde(&cb, "PUR", 0, &f.vpb);

	char d0[11], d1[11], d2[11], soon[11];
	/* KA: A's own */
	f.ka = propose(&ca, f.va, f.sa, today_s);
	phase(&ca, f.ka, "kennismaking", today_s);
	rel(0, 5, soon);
	f.ea = plan(&ca, f.ka, "kennismakingsgesprek", soon);
	/* KM: started 23 months ago, so it is in the te-laat and bijna-afgelopen lists too */
	rel(-23, -10, d0);
	rel(-23, 0, d1);
	rel(-22, 0, d2);
	f.km = propose(&ca, f.vm, f.sm, d0);
	phase(&ca, f.km, "kennismaking", d1);
	phase(&ca, f.km, "proefperiode", d2);
	json_decref(kop(&ca, f.km, "/afspraken", "{\"frequentie\":\"elke woensdag\",\"doelen\":[\"Geheimkind speelt buiten\"]}"));
	json_decref(kop(&ca, f.km, "/verloop", "{\"verloop\":\"soepel\",\"toelichting\":\"Geheimkind geniet\"}"));
	rel(0, 7, soon);
	f.em = plan(&ca, f.km, "voortgangsgesprek", soon);
	/* KB */
	rel(-3, -5, d0);
	rel(-3, 0, d1);
	rel(-2, 0, d2);
	f.kb = propose(&cb, f.vb, f.sb, d0);
	phase(&cb, f.kb, "kennismaking", d1);
	phase(&cb, f.kb, "proefperiode", d2);
	json_decref(kop(&cb, f.kb, "/afspraken", "{\"frequentie\":\"om de week\",\"doelen\":[\"Geheimzoon heeft rust\"]}"));
	rel(0, 10, soon);
	f.eb = plan(&cb, f.kb, "voortgangsgesprek", soon);

	/* B's logboek, consent, exclusion and token */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)f.vb);
	json_decref(must(&cb, "POST", path, "{\"soort\":\"notitie\",\"tekst\":\"Geheim: zorg over slaap\"}", NULL, 201));
	f.tb = toestemming(&cb, f.vb);
	f.hb = formele_hulp(&cb, f.vb);
	gezinsplan(&cb, f.vb);
	f.ub = uitsluiting(&cb, f.vb, f.sb2, "Geheim: kennen elkaar");
	json_t *j = must(&cb, "POST", "/api/v1/api-tokens", "{\"naam\":\"Agenda B\"}", NULL, 201);
	f.token_b = id_of(j);
	json_decref(j);
	/* the family that moves: a logboek, a consent and an exclusion from its time in A */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)f.vm);
	json_decref(must(&ca, "POST", path, "{\"soort\":\"notitie\",\"tekst\":\"Geheimkind slaapt slecht\"}", NULL, 201));
	f.tm = toestemming(&ca, f.vm);
	f.hm = formele_hulp(&ca, f.vm);
	gezinsplan(&ca, f.vm);
	char rsql[96];
	snprintf(rsql, sizeof rsql, "SELECT id FROM gezin_rollen WHERE gezin_id = %lld AND tot IS NULL", (long long)f.vm);
	f.rolm = harness_sql_int(rsql);
	snprintf(rsql, sizeof rsql, "SELECT id FROM gezin_rollen WHERE gezin_id = %lld AND tot IS NULL", (long long)f.vb);
	f.rolb = harness_sql_int(rsql);
	f.um = uitsluiting(&ca, f.vm, f.sa, "Kennen elkaar");

	/* the beheerder moves it to B (with a coordinator of B), its koppeling KM running */
	char hdr[96], body[128];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)f.vm);
	etag_of(&beheer, path, hdr, sizeof hdr);
	snprintf(body, sizeof body, "{\"werkgebied\":\"PUR\",\"coordinator\":%lld}", (long long)f.coord_b);
	json_decref(must(&beheer, "PATCH", path, body, hdr, 200));
}

static void teardown(void)
{
	harness_stop();
}

/* --- the route table ------------------------------------------------------------- */

/* How a route concerns coordinator A. */
enum use {
	U_PUBLIC,    /* no credentials; nothing of any werkgebied */
	U_BEHEERDER, /* beheerder only: A gets 403 before any lookup (checked) */
	U_OWN,       /* the caller's own session, account or tokens */
	U_SHARED,    /* the same for every user and no family data: werkgebieden, programmes, vocabularies */
	U_CHECK,     /* no id in the path: lists, filters, cursors and ids in the body, by its check function */
	U_WALK,      /* ids in the path: walked with B's, the moved family's and non-existent ids (and a check, if any) */
};

/* What a route's path placeholders name, in order. */
enum fill {
	P_NONE,
	P_ANY,                  /* not walked; filled with a non-existent id */
	P_WERKGEBIED,           /* B's werkgebied */
	P_PROGRAMMA,            /* programme 1 */
	P_GEZIN,                /* {id} a gezin */
	P_GEZIN_TOESTEMMING,    /* {id} a gezin, {tid} its consent */
	P_GEZIN_FORMELE_HULP,   /* {id} a gezin, {fid} an item of its formal help */
	P_GEZIN_ROL,            /* {id} a gezin, {rid} one of its role periods */
	P_GEZIN_PLANVERSIE,     /* {id} a vraaggezin, {n} version 1 of its gezinsplan */
	P_GEZIN_UITSLUITING,    /* {id} a vraaggezin, {uid} its exclusion */
	P_KOPPELING,            /* {id} a koppeling */
	P_KOPPELING_EVALUATIE,  /* {id} a koppeling, {eid} its evaluation */
	P_RONDE,                /* {id} a match round */
	P_RONDE_VOORSTEL,       /* {id} a match round, {vid} its proposal */
	P_TOKEN,                /* {id} another user's API token */
};

struct route_case {
	enum kp_method method;
	const char *path;
	enum use use;
	enum fill fill;
	const char *body;     /* the walk's body ("$SB2" = B's second supporter), or NULL */
	const char *if_match; /* the walk's If-Match header line, or NULL */
	void (*check)(void);  /* ids in bodies, filters, cursors, names in lists; or NULL */
};

#define IM "If-Match: *\r\n"

static void check_gezinnen_list(void);
static void check_gezinnen_post(void);
static void check_gezinnen_patch(void);
static void check_uitsluitingen_post(void);
static void check_koppelingen_list(void);
static void check_koppelingen_post(void);
static void check_koppelingen_patch(void);
static void check_evaluaties_list(void);
static void check_caseload(void);
static void check_kwartaal(void);
static void check_periode(void);
static void check_vaststellingen_post(void);
static void check_vaststellingen_list(void);
static void check_vaststelling_get(void);
static void check_agenda(void);
static void check_matchrondes_post(void);
static void check_matchrondes_list(void);
static void check_zorgsignalen(void);
static void check_effecten(void);
static void check_zorgsignaal_opvolging(void);
static void check_gemeenten(void);
static void check_doelen_list(void);
static void check_doel_get(void);

/*
 * Every route of kp_routes, classified. Reads come before writes and the
 * writes that change the most (phase moves, deletes) last, because the
 * beheerder's calls with B's ids really happen.
 */
static const struct route_case table[] = {
	{ KP_GET, "/api/v1/health", U_PUBLIC, P_NONE, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/openapi.json", U_PUBLIC, P_NONE, NULL, NULL, NULL },
	{ KP_POST, "/api/v1/sessies", U_PUBLIC, P_NONE, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/sessies/huidig", U_OWN, P_NONE, NULL, NULL, NULL },
	{ KP_DELETE, "/api/v1/sessies/huidig", U_OWN, P_NONE, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gebruikers/mij", U_OWN, P_NONE, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gebruikers", U_BEHEERDER, P_NONE, NULL, NULL, NULL },
	{ KP_POST, "/api/v1/gebruikers", U_BEHEERDER, P_NONE, "{}", NULL, NULL },
	{ KP_GET, "/api/v1/gebruikers/{id}", U_BEHEERDER, P_ANY, NULL, NULL, NULL },
	{ KP_PATCH, "/api/v1/gebruikers/{id}", U_BEHEERDER, P_ANY, "{}", IM, NULL },
	{ KP_GET, "/api/v1/werkgebieden", U_SHARED, P_NONE, NULL, NULL, NULL },
	{ KP_POST, "/api/v1/werkgebieden", U_BEHEERDER, P_NONE, "{}", NULL, NULL },
	{ KP_GET, "/api/v1/werkgebieden/{id}", U_SHARED, P_WERKGEBIED, NULL, NULL, NULL },
	{ KP_PATCH, "/api/v1/werkgebieden/{id}", U_BEHEERDER, P_WERKGEBIED, "{}", IM, NULL },
	{ KP_POST, "/api/v1/api-tokens", U_OWN, P_NONE, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/api-tokens", U_OWN, P_NONE, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/api-tokens/{id}", U_WALK, P_TOKEN, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gebruikers/{id}/api-tokens", U_BEHEERDER, P_ANY, NULL, NULL, NULL },
	{ KP_DELETE, "/api/v1/gebruikers/{id}/api-tokens/{tid}", U_BEHEERDER, P_ANY, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/audit", U_BEHEERDER, P_NONE, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/anonimisering/kandidaten", U_BEHEERDER, P_NONE, NULL, NULL, NULL },
	{ KP_POST, "/api/v1/gezinnen/{id}/anonimisering", U_BEHEERDER, P_ANY, "{\"reden\":\"Grenstest\"}", IM, NULL },
	{ KP_GET, "/api/v1/keuzelijsten", U_SHARED, P_NONE, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/steunvormen", U_SHARED, P_NONE, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/programmas", U_SHARED, P_NONE, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/programmas/{id}", U_SHARED, P_PROGRAMMA, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/tarieven", U_SHARED, P_NONE, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/tarieven/{id}", U_SHARED, P_ANY, NULL, NULL, NULL },
	{ KP_POST, "/api/v1/tarieven", U_BEHEERDER, P_NONE, "{}", NULL, NULL },
	{ KP_PATCH, "/api/v1/tarieven/{id}", U_BEHEERDER, P_ANY, "{}", IM, NULL },
	{ KP_POST, "/api/v1/tarief-imports", U_BEHEERDER, P_NONE, "{}", NULL, NULL },
	{ KP_GET, "/api/v1/effect-instellingen", U_SHARED, P_NONE, NULL, NULL, NULL },
	{ KP_PUT, "/api/v1/effect-instellingen", U_BEHEERDER, P_NONE, "{}", NULL, NULL },
	{ KP_GET, "/api/v1/rapportages/effecten", U_CHECK, P_NONE, NULL, NULL, check_effecten },
	{ KP_PATCH, "/api/v1/programmas/{id}", U_BEHEERDER, P_PROGRAMMA, "{}", IM, NULL },
	{ KP_POST, "/api/v1/programmas", U_BEHEERDER, P_NONE, "{}", NULL, NULL },
	{ KP_DELETE, "/api/v1/programmas/{id}", U_BEHEERDER, P_PROGRAMMA, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gemeenten", U_CHECK, P_NONE, NULL, NULL, check_gemeenten },
	{ KP_GET, "/api/v1/doelen", U_CHECK, P_NONE, NULL, NULL, check_doelen_list },
	{ KP_GET, "/api/v1/doelen/{id}", U_CHECK, P_ANY, NULL, NULL, check_doel_get },
	{ KP_POST, "/api/v1/doelen", U_BEHEERDER, P_NONE, "{}", NULL, NULL },
	{ KP_PATCH, "/api/v1/doelen/{id}", U_BEHEERDER, P_ANY, "{}", IM, NULL },
	{ KP_DELETE, "/api/v1/doelen/{id}", U_BEHEERDER, P_ANY, NULL, IM, NULL },

	{ KP_GET, "/api/v1/gezinnen", U_CHECK, P_NONE, NULL, NULL, check_gezinnen_list },
	{ KP_GET, "/api/v1/koppelingen", U_CHECK, P_NONE, NULL, NULL, check_koppelingen_list },
	{ KP_GET, "/api/v1/evaluaties", U_CHECK, P_NONE, NULL, NULL, check_evaluaties_list },
	{ KP_GET, "/api/v1/overzichten/caseload", U_CHECK, P_NONE, NULL, NULL, check_caseload },
	{ KP_GET, "/api/v1/overzichten/kwartaal", U_CHECK, P_NONE, NULL, NULL, check_kwartaal },
	{ KP_GET, "/api/v1/rapportages/periode", U_CHECK, P_NONE, NULL, NULL, check_periode },
	{ KP_GET, "/api/v1/rapportages/vaststellingen", U_CHECK, P_NONE, NULL, NULL, check_vaststellingen_list },
	{ KP_GET, "/api/v1/rapportages/vaststellingen/{id}", U_CHECK, P_ANY, NULL, NULL, check_vaststelling_get },
	{ KP_POST, "/api/v1/rapportages/vaststellingen", U_CHECK, P_NONE, NULL, NULL, check_vaststellingen_post },
	{ KP_GET, "/api/v1/agenda.ics", U_CHECK, P_NONE, NULL, NULL, check_agenda },
	{ KP_POST, "/api/v1/gezinnen", U_CHECK, P_NONE, NULL, NULL, check_gezinnen_post },
	{ KP_POST, "/api/v1/koppelingen", U_CHECK, P_NONE, NULL, NULL, check_koppelingen_post },
	{ KP_POST, "/api/v1/matchrondes", U_CHECK, P_NONE, NULL, NULL, check_matchrondes_post },
	{ KP_GET, "/api/v1/matchrondes", U_CHECK, P_NONE, NULL, NULL, check_matchrondes_list },
	{ KP_GET, "/api/v1/zorgsignalen", U_CHECK, P_NONE, NULL, NULL, check_zorgsignalen },
	{ KP_POST, "/api/v1/zorgsignalen/{id}/opvolging", U_CHECK, P_ANY, NULL, NULL, check_zorgsignaal_opvolging },

	{ KP_GET, "/api/v1/gezinnen/{id}", U_WALK, P_GEZIN, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gezinnen/{id}/logboek", U_WALK, P_GEZIN, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gezinnen/{id}/inzage", U_WALK, P_GEZIN, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gezinnen/{id}/suggesties", U_WALK, P_GEZIN, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gezinnen/{id}/uitsluitingen", U_WALK, P_GEZIN, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gezinnen/{id}/formele-hulp", U_WALK, P_GEZIN, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gezinnen/{id}/formele-hulp/{fid}", U_WALK, P_GEZIN_FORMELE_HULP, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gezinnen/{id}/wachten", U_WALK, P_GEZIN, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gezinnen/{id}/referentiescenario", U_WALK, P_GEZIN, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gezinnen/{id}/gezinsplan", U_WALK, P_GEZIN, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gezinnen/{id}/gezinsplan/versies", U_WALK, P_GEZIN, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/gezinnen/{id}/gezinsplan/versies/{n}", U_WALK, P_GEZIN_PLANVERSIE, NULL, NULL, NULL },
	{ KP_PUT, "/api/v1/gezinnen/{id}/gezinsplan", U_WALK, P_GEZIN,
	  "{\"opgesteldOp\":\"2026-01-05\",\"doelen\":[{\"id\":1,\"doel\":\"Grenstest\",\"eigenaar\":{\"soort\":\"gezin\","
	  "\"naam\":\"Ouder\"},\"startScore\":4}]}",
	  IM, NULL },
	{ KP_POST, "/api/v1/gezinnen/{id}/gezinsplan/evaluaties", U_WALK, P_GEZIN,
	  "{\"datum\":\"2026-02-01\",\"scores\":[{\"doel\":1,\"score\":5}]}", IM, NULL },
	{ KP_PUT, "/api/v1/gezinnen/{id}/referentiescenario", U_WALK, P_GEZIN, "{\"startdatum\":\"2026-01-01\",\"items\":[]}", IM,
	  NULL },
	{ KP_GET, "/api/v1/koppelingen/{id}", U_WALK, P_KOPPELING, NULL, NULL, NULL },
	{ KP_GET, "/api/v1/matchrondes/{id}", U_WALK, P_RONDE, NULL, NULL, NULL },
	{ KP_PATCH, "/api/v1/gezinnen/{id}", U_WALK, P_GEZIN, "{\"naam\":\"Gezin Geheim-B-Vraag\"}", IM, check_gezinnen_patch },
	{ KP_POST, "/api/v1/gezinnen/{id}/logboek", U_WALK, P_GEZIN, "{\"soort\":\"notitie\",\"tekst\":\"Grenstest\"}", NULL,
	  NULL },
	{ KP_POST, "/api/v1/gezinnen/{id}/toestemmingen", U_WALK, P_GEZIN,
	  "{\"doel\":\"anonieme-rapportage\",\"gegevenOp\":\"2026-02-01\",\"gegevenDoor\":\"Ouder\"}", NULL, NULL },
	{ KP_PATCH, "/api/v1/gezinnen/{id}/toestemmingen/{tid}", U_WALK, P_GEZIN_TOESTEMMING, "{\"ingetrokkenOp\":\"2026-03-01\"}",
	  IM, NULL },
	{ KP_POST, "/api/v1/gezinnen/{id}/formele-hulp", U_WALK, P_GEZIN,
	  "{\"soort\":\"ggz\",\"kader\":\"vrijwillig\",\"van\":\"2026-02-01\"}", NULL, NULL },
	{ KP_PATCH, "/api/v1/gezinnen/{id}/formele-hulp/{fid}", U_WALK, P_GEZIN_FORMELE_HULP, "{\"tot\":\"2026-03-01\"}", IM,
	  NULL },
	{ KP_PUT, "/api/v1/gezinnen/{id}/wachten", U_WALK, P_GEZIN, "{\"urgentie\":\"acute-crisis\",\"contactpersoon\":null}", IM,
	  NULL },
	{ KP_POST, "/api/v1/gezinnen/{id}/wachten/berichten", U_WALK, P_GEZIN, "{\"op\":\"2026-02-01\",\"wijze\":\"telefoon\"}",
	  NULL, NULL },
	{ KP_PATCH, "/api/v1/gezinnen/{id}/rollen/{rid}", U_WALK, P_GEZIN_ROL, "{\"status\":\"wachtend\"}", IM, NULL },
	{ KP_POST, "/api/v1/gezinnen/{id}/rollen", U_WALK, P_GEZIN, "{\"rol\":\"buddy\",\"aanbod\":{\"capaciteit\":1}}", IM,
	  NULL },
	{ KP_POST, "/api/v1/gezinnen/{id}/uitsluitingen", U_WALK, P_GEZIN, "{\"steungezin\":$SB2,\"reden\":\"Grenstest\"}", NULL,
	  check_uitsluitingen_post },
	{ KP_PATCH, "/api/v1/koppelingen/{id}", U_WALK, P_KOPPELING, "{\"contactNaAfloop\":\"onbekend\"}", IM,
	  check_koppelingen_patch },
	{ KP_POST, "/api/v1/koppelingen/{id}/afspraken", U_WALK, P_KOPPELING, "{\"frequentie\":\"wekelijks\"}", IM, NULL },
	{ KP_POST, "/api/v1/koppelingen/{id}/verloop", U_WALK, P_KOPPELING, "{\"verloop\":\"stagnatie\"}", IM, NULL },
	{ KP_POST, "/api/v1/koppelingen/{id}/verlengingen", U_WALK, P_KOPPELING,
	  "{\"totOp\":\"2030-01-01\",\"reden\":\"Grenstest\"}", IM, NULL },
	{ KP_POST, "/api/v1/koppelingen/{id}/evaluaties", U_WALK, P_KOPPELING,
	  "{\"soort\":\"voortgangsgesprek\",\"geplandOp\":\"2027-03-01\"}", IM, NULL },
	{ KP_PATCH, "/api/v1/koppelingen/{id}/evaluaties/{eid}", U_WALK, P_KOPPELING_EVALUATIE,
	  "{\"geplandOp\":\"2027-02-01\",\"reden\":\"Grenstest\"}", IM, NULL },
	{ KP_POST, "/api/v1/matchrondes/{id}/voorstellen/{vid}/besluit", U_WALK, P_RONDE_VOORSTEL, "{\"besluit\":\"afwijzen\"}",
	  NULL, NULL },
	{ KP_POST, "/api/v1/koppelingen/{id}/faseovergangen", U_WALK, P_KOPPELING,
	  "{\"naar\":\"gestopt\",\"reden\":\"geen-klik\"}", IM, NULL },
	{ KP_DELETE, "/api/v1/gezinnen/{id}/uitsluitingen/{uid}", U_WALK, P_GEZIN_UITSLUITING, NULL, NULL, NULL },
	{ KP_DELETE, "/api/v1/api-tokens/{id}", U_WALK, P_TOKEN, NULL, NULL, NULL },
};
#define N_TABLE (sizeof table / sizeof table[0])

static const char *method_name(enum kp_method m)
{
	switch (m) {
	case KP_GET:
		return "GET";
	case KP_HEAD:
		return "HEAD";
	case KP_POST:
		return "POST";
	case KP_PUT:
		return "PUT";
	case KP_PATCH:
		return "PATCH";
	case KP_DELETE:
		return "DELETE";
	default:
		return "OTHER";
	}
}

/* --- the id walk -------------------------------------------------------------------- */

/* Whose ids fill a path. */
enum variant {
	V_B,        /* B's */
	V_MOVED,    /* the moved family's, KM's */
	V_MIXED,    /* A's own outer id, B's inner id (two-placeholder routes) */
	V_NX,       /* ids that do not exist */
	V_MIXED_NX, /* A's own outer id, an inner id that does not exist */
	V_KM,       /* KM (for coordinator B, who must not see it either) */
	V_OWN,      /* A's own (reads only: scanned for names) */
	V_OWN_SM,   /* A's supporter of KM (reads only: scanned) */
};

static const char *const variant_names[] = { "B's ids", "the moved family's ids", "its own id and B's",
					     "non-existent ids", "its own id and a non-existent one", "KM's ids",
					     "its own ids", "SM" };

/* Fills v[0..1] with the ids of variant for fill; false when the variant does not apply. */
static bool ids_for(enum fill fl, enum variant va, int64_t v[2])
{
	v[0] = v[1] = NX;
	switch (fl) {
	case P_GEZIN:
		switch (va) {
		case V_B: v[0] = f.vb; return true;
		case V_MOVED: v[0] = f.vm; return true;
		case V_NX: return true;
		case V_OWN: v[0] = f.va; return true;
		case V_OWN_SM: v[0] = f.sm; return true;
		default: return false;
		}
	case P_GEZIN_ROL:
		switch (va) {
		case V_B: v[0] = f.vb, v[1] = f.rolb; return true;
		case V_MOVED: v[0] = f.vm, v[1] = f.rolm; return true;
		case V_MIXED: v[0] = f.va, v[1] = f.rolb; return true;
		case V_NX: return true;
		case V_MIXED_NX: v[0] = f.va; return true;
		default: return false;
		}
	case P_GEZIN_PLANVERSIE:
		/* version numbers count per gezin: A's own gezin with B's number is not a mix */
		switch (va) {
		case V_B: v[0] = f.vb, v[1] = 1; return true;
		case V_MOVED: v[0] = f.vm, v[1] = 1; return true;
		case V_NX: return true;
		case V_OWN: v[0] = f.va, v[1] = 1; return true;
		default: return false;
		}
	case P_GEZIN_FORMELE_HULP:
		switch (va) {
		case V_B: v[0] = f.vb, v[1] = f.hb; return true;
		case V_MOVED: v[0] = f.vm, v[1] = f.hm; return true;
		case V_MIXED: v[0] = f.va, v[1] = f.hb; return true;
		case V_NX: return true;
		case V_MIXED_NX: v[0] = f.va; return true;
		default: return false;
		}
	case P_GEZIN_TOESTEMMING:
	case P_GEZIN_UITSLUITING: {
		bool t = fl == P_GEZIN_TOESTEMMING;
		switch (va) {
		case V_B: v[0] = f.vb, v[1] = t ? f.tb : f.ub; return true;
		case V_MOVED: v[0] = f.vm, v[1] = t ? f.tm : f.um; return true;
		case V_MIXED: v[0] = f.va, v[1] = t ? f.tb : f.ub; return true;
		case V_NX: return true;
		case V_MIXED_NX: v[0] = f.va; return true;
		default: return false;
		}
	}
	case P_KOPPELING:
		switch (va) {
		case V_B: v[0] = f.kb; return true;
		case V_MOVED:
		case V_KM: v[0] = f.km; return true;
		case V_NX: return true;
		case V_OWN: v[0] = f.ka; return true;
		default: return false;
		}
	case P_KOPPELING_EVALUATIE:
		switch (va) {
		case V_B: v[0] = f.kb, v[1] = f.eb; return true;
		case V_MOVED:
		case V_KM: v[0] = f.km, v[1] = f.em; return true;
		case V_MIXED: v[0] = f.ka, v[1] = f.eb; return true;
		case V_NX: return true;
		case V_MIXED_NX: v[0] = f.ka; return true;
		default: return false;
		}
	case P_RONDE:
		switch (va) {
		case V_B: v[0] = f.rb; return true;
		case V_NX: return true;
		case V_OWN: v[0] = f.ra; return true;
		default: return false;
		}
	case P_RONDE_VOORSTEL:
		switch (va) {
		case V_B: v[0] = f.rb, v[1] = f.vpb; return true;
		case V_MOVED: v[0] = f.ra, v[1] = f.vpm; return true; /* A's own round, the moved family's proposal */
		case V_MIXED: v[0] = f.ra, v[1] = f.vpb; return true;
		case V_NX: return true;
		case V_MIXED_NX: v[0] = f.ra; return true;
		default: return false;
		}
	case P_TOKEN:
		if (va == V_B)
			v[0] = f.token_b;
		return va == V_B || va == V_NX;
	case P_WERKGEBIED:
		v[0] = f.wg_b;
		return true;
	case P_PROGRAMMA:
		v[0] = 1;
		return true;
	case P_ANY:
		return true;
	case P_NONE:
		return va == V_NX;
	}
	return false;
}

/* The variant whose answer variant va must equal: the non-existent ids of the same shape. */
static enum variant base_of(enum fill fl, enum variant va)
{
	if (va == V_MIXED || (va == V_MOVED && fl == P_RONDE_VOORSTEL))
		return V_MIXED_NX;
	return V_NX;
}

/* tpl with its placeholders replaced by v[0], v[1] in order. */
static void fill_path(const char *tpl, const int64_t v[2], char *out, size_t len)
{
	size_t o = 0;
	int k = 0;
	for (const char *p = tpl; *p && o + 1 < len;) {
		if (*p == '{') {
			const char *e = strchr(p, '}');
			ck_assert_ptr_nonnull(e);
			int n = snprintf(out + o, len - o, "%lld", (long long)v[k < 2 ? k : 1]);
			ck_assert(n > 0 && (size_t)n < len - o);
			o += (size_t)n;
			k++;
			p = e + 1;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
}

/* The walk's body of rc with "$SB2" replaced by B's second supporter's id (NULL when it has none). */
static const char *body_for(const struct route_case *rc, char *buf, size_t len)
{
	if (!rc->body)
		return NULL;
	const char *at = strstr(rc->body, "$SB2");
	if (!at)
		return rc->body;
	snprintf(buf, len, "%.*s%lld%s", (int)(at - rc->body), rc->body, (long long)f.sb2, at + 4);
	return buf;
}

/*
 * Walks one route with ids in its path: A with B's ids, the moved family's
 * and the mixed ones against the non-existent ids of the same shape; B with
 * KM against non-existent ids; for reads also A's own ids (scanned only) and
 * B's view of the moved family (scanned for A's names).
 */
static void walk(const struct route_case *rc)
{
	const char *m = method_name(rc->method);
	char bodybuf[300], px[256], pn[256], what[400];
	const char *body = body_for(rc, bodybuf, sizeof bodybuf);
	int64_t v[2], nv[2];
	static const enum variant probes[] = { V_B, V_MOVED, V_MIXED };
	for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		if (!ids_for(rc->fill, probes[i], v))
			continue;
		ck_assert(ids_for(rc->fill, base_of(rc->fill, probes[i]), nv));
		fill_path(rc->path, v, px, sizeof px);
		fill_path(rc->path, nv, pn, sizeof pn);
		snprintf(what, sizeof what, "%s %s as coordinator A with %s", m, px, variant_names[probes[i]]);
		compare(&ca, what, m, px, pn, body, body, rc->if_match);
	}
	if (ids_for(rc->fill, V_KM, v)) {
		ck_assert(ids_for(rc->fill, V_NX, nv));
		fill_path(rc->path, v, px, sizeof px);
		fill_path(rc->path, nv, pn, sizeof pn);
		snprintf(what, sizeof what, "%s %s as coordinator B with KM (its supporter stays in A)", m, px);
		compare(&cb, what, m, px, pn, body, body, rc->if_match);
	}
	if (rc->method != KP_GET)
		return;
	static const enum variant own[] = { V_OWN, V_OWN_SM };
	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
		if (ids_for(rc->fill, own[i], v)) {
			fill_path(rc->path, v, px, sizeof px);
			look(&ca, px, NULL);
		}
	if (rc->fill == P_GEZIN) { /* B's view of the family that moved in: nothing of A through it */
		ck_assert(ids_for(rc->fill, V_MOVED, v));
		fill_path(rc->path, v, px, sizeof px);
		look(&cb, px, NULL);
	}
}

/*
 * The same route as the beheerder with B's ids (coordinator B for B's own
 * token): must not be a 404 (the ids are real) nor a 400 (the walk's body is
 * valid), or the walk above proves nothing for this route.
 */
static void reality(const struct route_case *rc)
{
	const char *m = method_name(rc->method);
	char bodybuf[300], px[256], what[400];
	const char *body = body_for(rc, bodybuf, sizeof bodybuf);
	int64_t v[2];
	ck_assert(ids_for(rc->fill, V_B, v));
	fill_path(rc->path, v, px, sizeof px);
	struct hs_session *s = rc->fill == P_TOKEN ? &cb : &beheer;
	snprintf(what, sizeof what, "%s %s as %s", m, px, who(s));
	struct ans a;
	ask(s, m, px, body, rc->if_match, &a, what);
	if (a.r.status == 404 || a.r.status == 400 || a.r.status >= 500)
		violation("%s: %d, so the walk of %s %s with these ids and this body proves nothing: %.300s", what, a.r.status, m,
		     rc->path, a.r.body);
	ans_free(&a);
}

/* --- checks of ids in bodies --------------------------------------------------------------------- */

/* POST /gezinnen: a werkgebied or coordinator of B answers as one that does not exist. */
static void check_gezinnen_post(void)
{
	char *x = gezin_body("Gezin Zichtbaar-A-Nieuw", "PUR", true, "aangemeld", "Zichtbaar-A-nieuw", "Zichtbaar-A-klein", 0);
	char *nx = gezin_body("Gezin Zichtbaar-A-Nieuw", "NERGENS", true, "aangemeld", "Zichtbaar-A-nieuw", "Zichtbaar-A-klein", 0);
	compare(&ca, "POST /gezinnen as coordinator A with werkgebied B (vs one that does not exist)", "POST",
		"/api/v1/gezinnen", "/api/v1/gezinnen", x, nx, NULL);
	free(x);
	free(nx);
	const int64_t others[] = { f.coord_b, f.rap };
	const char *const names[] = { "B's coordinator", "a rapportage user" };
	for (size_t i = 0; i < 2; i++) {
		x = gezin_body("Gezin Zichtbaar-A-Nieuw", "AMS", true, "aangemeld", "Zichtbaar-A-nieuw", "Zichtbaar-A-klein", others[i]);
		nx = gezin_body("Gezin Zichtbaar-A-Nieuw", "AMS", true, "aangemeld", "Zichtbaar-A-nieuw", "Zichtbaar-A-klein", NX);
		char what[200];
		snprintf(what, sizeof what, "POST /gezinnen as coordinator A with coordinator = %s (vs a non-existent user)", names[i]);
		compare(&ca, what, "POST", "/api/v1/gezinnen", "/api/v1/gezinnen", x, nx, NULL);
		free(x);
		free(nx);
	}
}

/* PATCH one of A's own records at its current version with body x, then nx, and compares. */
static void compare_patch(const char *what, const char *path, const char *x, const char *nx)
{
	char hdr[96];
	etag_of(&ca, path, hdr, sizeof hdr);
	compare(&ca, what, "PATCH", path, path, x, nx, hdr);
}

/* PATCH /gezinnen/{A's own}: B's werkgebied and B's coordinator answer as ones that do not exist. */
static void check_gezinnen_patch(void)
{
	char path[96], x[96], nx[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)f.va);
	compare_patch("PATCH /gezinnen/{A's own} as coordinator A with werkgebied B (vs one that does not exist)", path,
		      "{\"werkgebied\":\"PUR\"}", "{\"werkgebied\":\"NERGENS\"}");
	snprintf(nx, sizeof nx, "{\"coordinator\":%d}", NX);
	snprintf(x, sizeof x, "{\"coordinator\":%lld}", (long long)f.coord_b);
	compare_patch("PATCH /gezinnen/{A's own} as coordinator A with coordinator = B's coordinator (vs a non-existent user)",
		      path, x, nx);
	snprintf(x, sizeof x, "{\"coordinator\":%lld}", (long long)f.rap);
	compare_patch("PATCH /gezinnen/{A's own} as coordinator A with coordinator = a rapportage user (vs a non-existent user)",
		      path, x, nx);
}

/* POST /gezinnen/{A's own}/uitsluitingen: B's supporter answers as one that does not exist. */
static void check_uitsluitingen_post(void)
{
	char path[96], x[128], nx[128];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/uitsluitingen", (long long)f.va);
	snprintf(x, sizeof x, "{\"steungezin\":%lld,\"reden\":\"Grenstest\"}", (long long)f.sb);
	snprintf(nx, sizeof nx, "{\"steungezin\":%d,\"reden\":\"Grenstest\"}", NX);
	compare(&ca, "POST /gezinnen/{A's own}/uitsluitingen as coordinator A with steungezin = B's (vs a non-existent one)",
		"POST", path, path, x, nx, NULL);
}

/* POST /koppelingen: B's families, the moved family and B's coordinator answer as ones that do not exist. */
static void check_koppelingen_post(void)
{
	struct {
		const char *what;
		int64_t v, s, co, nv, ns, nco;
	} cases[] = {
		{ "steungezin = B's", f.va, f.sb, 0, f.va, NX, 0 },
		{ "vraaggezin = B's", f.vb, f.sa, 0, NX, f.sa, 0 },
		{ "vraaggezin = the moved family", f.vm, f.sm, 0, NX, f.sm, 0 },
		{ "coordinator = B's coordinator", f.va, f.sa, f.coord_b, f.va, f.sa, NX },
		{ "coordinator = a rapportage user", f.va, f.sa, f.rap, f.va, f.sa, NX },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char x[200], nx[200], what[200];
		int n = snprintf(x, sizeof x, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1", (long long)cases[i].v,
				 (long long)cases[i].s);
		if (cases[i].co)
			snprintf(x + n, sizeof x - (size_t)n, ",\"coordinator\":%lld}", (long long)cases[i].co);
		else
			snprintf(x + n, sizeof x - (size_t)n, "}");
		n = snprintf(nx, sizeof nx, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1", (long long)cases[i].nv,
			     (long long)cases[i].ns);
		if (cases[i].nco)
			snprintf(nx + n, sizeof nx - (size_t)n, ",\"coordinator\":%lld}", (long long)cases[i].nco);
		else
			snprintf(nx + n, sizeof nx - (size_t)n, "}");
		snprintf(what, sizeof what, "POST /koppelingen as coordinator A with %s (vs a non-existent one)", cases[i].what);
		compare(&ca, what, "POST", "/api/v1/koppelingen", "/api/v1/koppelingen", x, nx, NULL);
	}
}

/* PATCH /koppelingen/{A's own}: B's coordinator (or a rapportage user) answers as a user that does not exist. */
static void check_koppelingen_patch(void)
{
	char path[96], x[96], nx[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)f.ka);
	snprintf(nx, sizeof nx, "{\"coordinator\":%d}", NX);
	snprintf(x, sizeof x, "{\"coordinator\":%lld}", (long long)f.coord_b);
	compare_patch("PATCH /koppelingen/{A's own} as coordinator A with coordinator = B's coordinator (vs a non-existent user)",
		      path, x, nx);
	snprintf(x, sizeof x, "{\"coordinator\":%lld}", (long long)f.rap);
	compare_patch("PATCH /koppelingen/{A's own} as coordinator A with coordinator = a rapportage user (vs a non-existent user)",
		      path, x, nx);
}

/* POST /matchrondes: B's werkgebied answers as one that does not exist. */
static void check_matchrondes_post(void)
{
	compare(&ca, "POST /matchrondes as coordinator A with werkgebied B (vs one that does not exist)", "POST",
		"/api/v1/matchrondes", "/api/v1/matchrondes", "{\"werkgebied\":\"PUR\",\"programma\":1}",
		"{\"werkgebied\":\"NERGENS\",\"programma\":1}", NULL);
}

/* True when the list of rounds in j holds round id. */
static bool lists_ronde(const json_t *j, int64_t id)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "matchrondes"), i, e) if (json_integer_value(json_object_get(e, "id")) == id) return true;
	return false;
}

/* GET /matchrondes: coordinator A's list holds A's round and not B's; B's holds B's; the beheerder's both. */
static void check_matchrondes_list(void)
{
	json_t *a = must(&ca, "GET", "/api/v1/matchrondes", NULL, NULL, 200);
	ck_assert_msg(lists_ronde(a, f.ra), "A's own round is not in A's list");
	ck_assert_msg(!lists_ronde(a, f.rb), "A's list holds B's round");
	json_decref(a);
	json_t *b = must(&cb, "GET", "/api/v1/matchrondes", NULL, NULL, 200);
	ck_assert_msg(lists_ronde(b, f.rb) && !lists_ronde(b, f.ra), "B's list is not B's rounds");
	json_decref(b);
	json_t *all = must(&beheer, "GET", "/api/v1/matchrondes", NULL, NULL, 200);
	ck_assert_msg(lists_ronde(all, f.ra) && lists_ronde(all, f.rb), "the beheerder misses a round");
	json_decref(all);
	look(&ca, "/api/v1/matchrondes", NULL);
}

/* --- checks of lists, filters and cursors ------------------------------------------------------------ */

/* GET /gezinnen: raw ids as cursor, B's filter values, search, every page; B sees nothing of A. */
static void check_gezinnen_list(void)
{
	const char *p = "/api/v1/gezinnen";
	char q[96];
	const int64_t raw[] = { f.vb, f.vm, f.sa };
	for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
		snprintf(q, sizeof q, "limit=200&na=%lld", (long long)raw[i]);
		compare_get(&ca, p, q, "limit=200&na=987654", NULL);
		/* the cursor is opaque: a bare id is refused, naming na */
		struct ans a;
		char path[160];
		snprintf(path, sizeof path, "%s?%s", p, q);
		ask(&ca, "GET", path, NULL, NULL, &a, path);
		const char *name = json_string_value(json_object_get(json_array_get(json_object_get(a.j, "invalidParams"), 0), "name"));
		if (a.r.status != 400 || !name || strcmp(name, "na") != 0)
			violation("GET %s as coordinator A: %d, not a 400 naming na (a bare id is no cursor): %.300s", path, a.r.status,
			     a.r.body);
		ans_free(&a);
	}
	snprintf(q, sizeof q, "coordinator=%lld", (long long)f.coord_b);
	compare_get(&ca, p, q, "coordinator=987654", NULL);
	compare_get(&ca, p, "werkgebied=PUR", "werkgebied=NERGENS", NULL);
	compare_get(&ca, p, "gemeente=Purmerend", "gemeente=Nergensdorp", NULL);
	compare_get(&ca, p, "zoek=geheim", "zoek=qxzqxz", NULL);
	compare_get(&ca, p, "zoek=verhuisd", "zoek=qxzqxz", NULL);
	compare_get(&ca, p, "zoek=eh", "zoek=qx", NULL); /* two characters (of "Geheim", in no name of A): the other search path */
	/* every page of A's own list, through the cursor the server hands out */
	char next[512];
	snprintf(next, sizeof next, "%s?limit=1", p);
	int pages = 0;
	while (next[0] && pages < 50) {
		struct ans a;
		ask(&ca, "GET", next, NULL, NULL, &a, next);
		ck_assert_msg(a.r.status == 200, "GET %s: %d %s", next, a.r.status, a.r.body);
		pages++;
		const char *v = json_string_value(json_object_get(a.j, "volgende"));
		snprintf(next, sizeof next, "%s", v ? v : "");
		ans_free(&a);
	}
	ck_assert_int_ge(pages, 3); /* A sees at least VA, SA, SM */
	look(&ca, "/api/v1/gezinnen?limit=200", NULL);
	look(&cb, "/api/v1/gezinnen?limit=200", NULL);
}

/* GET /koppelingen: B's ids and the moved family's as filters; both views scanned. */
static void check_koppelingen_list(void)
{
	const char *p = "/api/v1/koppelingen";
	char q[64];
	const int64_t gezinnen[] = { f.vb, f.sb, f.vm, f.sm };
	for (size_t i = 0; i < sizeof gezinnen / sizeof gezinnen[0]; i++) {
		snprintf(q, sizeof q, "gezin=%lld", (long long)gezinnen[i]);
		compare_get(&ca, p, q, "gezin=987654", NULL);
	}
	snprintf(q, sizeof q, "coordinator=%lld", (long long)f.coord_b);
	compare_get(&ca, p, q, "coordinator=987654", NULL);
	/* B: the family that moved in has no koppeling B may see; A's supporter is nobody to B */
	snprintf(q, sizeof q, "gezin=%lld", (long long)f.vm);
	compare_get(&cb, p, q, "gezin=987654", NULL);
	snprintf(q, sizeof q, "gezin=%lld", (long long)f.sm);
	compare_get(&cb, p, q, "gezin=987654", NULL);
	look(&ca, p, NULL);
	look(&cb, p, NULL);
}

/* GET /evaluaties: B's coordinator as filter; both views scanned. */
static void check_evaluaties_list(void)
{
	const char *p = "/api/v1/evaluaties";
	char q[64];
	snprintf(q, sizeof q, "coordinator=%lld", (long long)f.coord_b);
	compare_get(&ca, p, q, "coordinator=987654", NULL);
	snprintf(q, sizeof q, "coordinator=%lld", (long long)f.coord_a);
	compare_get(&cb, p, q, "coordinator=987654", NULL);
	look(&ca, p, NULL);
	look(&ca, "/api/v1/evaluaties?status=te-laat", NULL);
	look(&cb, p, NULL);
	look(&cb, "/api/v1/evaluaties?status=te-laat", NULL);
}

/*
 * The zorgsignalen of the checks below: both coordinators are leidinggevende,
 * and B's family and the moved one each have a zorgsignaal (ids[0], ids[1]).
 * Made once per test.
 */
static int64_t zorg_ids[2];
static void zorg_fixture(void)
{
	if (zorg_ids[0])
		return;
	harness_sql("UPDATE gebruikers SET leidinggevende = 1 WHERE rol = 'coordinator'");
	int64_t gezinnen[] = { f.vb, f.vm }; /* both in B's werkgebied now */
	for (int i = 0; i < 2; i++) {
		char path[96];
		snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)gezinnen[i]);
		struct ans a;
		ask(&cb, "POST", path, "{\"soort\":\"zorgsignaal\",\"tekst\":\"Grenstest zorg\"}", NULL, &a, "zorgsignaal");
		ck_assert_int_eq(a.r.status, 201);
		ans_free(&a);
		zorg_ids[i] = harness_sql_int("SELECT max(id) FROM logboek");
	}
}

/* GET /zorgsignalen: B's zorgsignalen (also the moved family's) are never listed for A, and A's never for B. */
static void check_zorgsignalen(void)
{
	zorg_fixture();
	look(&ca, "/api/v1/zorgsignalen", NULL);
	look(&ca, "/api/v1/zorgsignalen?alle=ja", NULL);
	look(&cb, "/api/v1/zorgsignalen", NULL);
}

/* GET /rapportages/effecten: B's family with a scenario is not counted for A (the beheerder counts it). */
static void check_effecten(void)
{
	char q[256];
	snprintf(q, sizeof q,
		 "INSERT OR IGNORE INTO referentiescenarios(gezin_id, startdatum, gewijzigd_op) "
		 "VALUES (%lld, '2026-01-01', '2026-01-01T00:00:00Z')",
		 (long long)f.vb);
	harness_sql(q);
	json_t *j = must(&ca, "GET", "/api/v1/rapportages/effecten", NULL, NULL, 200);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "totaal"), "gezinnen")), 0);
	json_decref(j);
	j = must(&beheer, "GET", "/api/v1/rapportages/effecten?gemeente=", NULL, NULL, 200);
	json_decref(j);
	j = must(&beheer, "GET", "/api/v1/rapportages/effecten", NULL, NULL, 200);
	ck_assert_int_ge(json_integer_value(json_object_get(json_object_get(j, "totaal"), "gezinnen")), 1);
	json_decref(j);
	look(&ca, "/api/v1/rapportages/effecten", "Accept: text/csv\r\n");
}

/* POST /zorgsignalen/{id}/opvolging: following up B's zorgsignaal as A answers like an id that does not exist. */
static void check_zorgsignaal_opvolging(void)
{
	zorg_fixture();
	for (int i = 0; i < 2; i++) {
		char px[96], what[160];
		snprintf(px, sizeof px, "/api/v1/zorgsignalen/%lld/opvolging", (long long)zorg_ids[i]);
		snprintf(what, sizeof what, "POST %s as coordinator A", px);
		compare(&ca, what, "POST", px, "/api/v1/zorgsignalen/987654/opvolging", "{\"tekst\":\"Grenstest\"}",
			"{\"tekst\":\"Grenstest\"}", NULL);
	}
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM zorgsignaal_opvolgingen"), 0);
}

/*
 * A gemeente only B's werkgebied lists (Zaanstad) and a doel for it, made
 * once by the beheerder; returns the doel's id.
 */
static int64_t doel_van_b(void)
{
	static int64_t id;
	if (id)
		return id;
	char q[160];
	snprintf(q, sizeof q, "INSERT OR IGNORE INTO werkgebied_gemeenten(werkgebied_id, gemeente) VALUES (%lld, 'Zaanstad')",
		 (long long)f.wg_b);
	harness_sql(q);
	json_t *j = must(&beheer, "POST", "/api/v1/doelen",
			 "{\"jaar\":2026,\"gemeente\":\"Zaanstad\",\"eenheid\":\"gezinnen\",\"minimum\":5}", NULL, 201);
	id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

/* GET /gemeenten: A's answer names neither a gemeente only B's werkgebied lists nor B's werkgebied. */
static void check_gemeenten(void)
{
	doel_van_b();
	json_t *j = must(&ca, "GET", "/api/v1/gemeenten", NULL, NULL, 200);
	size_t i, k;
	json_t *g, *w;
	json_array_foreach(json_object_get(j, "gemeenten"), i, g) {
		if (strcmp(json_string_value(json_object_get(g, "naam")), "Zaanstad") == 0)
			violation("GET /gemeenten as coordinator A names Zaanstad, a gemeente of B's werkgebied only");
		json_array_foreach(json_object_get(g, "werkgebieden"), k, w) if (json_integer_value(w) == f.wg_b)
			violation("GET /gemeenten as coordinator A names B's werkgebied");
	}
	json_decref(j);
	look(&ca, "/api/v1/gemeenten", NULL);
}

/* GET /doelen: B's doel is not in A's list, also not when A filters on its gemeente. */
static void check_doelen_list(void)
{
	doel_van_b();
	compare_get(&ca, "/api/v1/doelen", "gemeente=Zaanstad", "gemeente=Nergensdorp", NULL);
	json_t *j = must(&ca, "GET", "/api/v1/doelen", NULL, NULL, 200);
	ck_assert_int_eq((int)json_array_size(json_object_get(j, "doelen")), 0);
	json_decref(j);
	j = must(&cb, "GET", "/api/v1/doelen", NULL, NULL, 200);
	ck_assert_int_eq((int)json_array_size(json_object_get(j, "doelen")), 1);
	json_decref(j);
}

/* GET /doelen/{id}: B's doel answers A like one that does not exist. */
static void check_doel_get(void)
{
	char px[64];
	snprintf(px, sizeof px, "/api/v1/doelen/%lld", (long long)doel_van_b());
	compare(&ca, "GET /doelen/{B's} as coordinator A", "GET", px, "/api/v1/doelen/987654", NULL, NULL, NULL);
	json_decref(must(&cb, "GET", px, NULL, NULL, 200));
}

/* GET /overzichten/caseload: JSON and every CSV list, B's werkgebied and coordinator as filters; both views. */
static void check_caseload(void)
{
	static const char *const lijsten[] = { "wachtlijst", "beschikbaar", "te-laat", "binnen-30-dagen", "bijna-afgelopen",
					       "vog-verloopt" };
	const char *p = "/api/v1/overzichten/caseload", *csv = "Accept: text/csv\r\n";
	char q[128], qn[128];
	compare_get(&ca, p, "werkgebied=PUR", "werkgebied=NERGENS", NULL);
	snprintf(q, sizeof q, "coordinator=%lld", (long long)f.coord_b);
	compare_get(&ca, p, q, "coordinator=987654", NULL);
	look(&ca, p, NULL);
	look(&cb, p, NULL);
	for (size_t i = 0; i < sizeof lijsten / sizeof lijsten[0]; i++) {
		char path[160];
		snprintf(path, sizeof path, "%s?lijst=%s", p, lijsten[i]);
		look(&ca, path, csv);
		look(&cb, path, csv);
		snprintf(q, sizeof q, "lijst=%s&werkgebied=PUR", lijsten[i]);
		snprintf(qn, sizeof qn, "lijst=%s&werkgebied=NERGENS", lijsten[i]);
		compare_get(&ca, p, q, qn, csv);
		snprintf(q, sizeof q, "lijst=%s&coordinator=%lld", lijsten[i], (long long)f.coord_b);
		snprintf(qn, sizeof qn, "lijst=%s&coordinator=987654", lijsten[i]);
		compare_get(&ca, p, q, qn, csv);
	}
}

/* Zaanstad, a gemeente only B's werkgebied lists. */
static void zaanstad_bij_b(void)
{
	char q[160];
	snprintf(q, sizeof q, "INSERT OR IGNORE INTO werkgebied_gemeenten(werkgebied_id, gemeente) VALUES (%lld, 'Zaanstad')",
		 (long long)f.wg_b);
	harness_sql(q);
}

/* GET /rapportages/periode: A's report is that of its own werkgebied; B's werkgebied and a gemeente only B lists answer like unknown ones. */
static void check_periode(void)
{
	char y[16], q[96], qn[96], px[160];
	zaanstad_bij_b();
	snprintf(y, sizeof y, "jaar=%.4s", today_s);
	snprintf(q, sizeof q, "%s&gemeente=Zaanstad", y);
	snprintf(qn, sizeof qn, "%s&gemeente=Nergensdorp", y);
	compare_get(&ca, "/api/v1/rapportages/periode", q, qn, NULL);
	snprintf(q, sizeof q, "%s&werkgebied=%lld", y, (long long)f.wg_b);
	snprintf(qn, sizeof qn, "%s&werkgebied=987654", y);
	compare_get(&ca, "/api/v1/rapportages/periode", q, qn, NULL);
	snprintf(px, sizeof px, "/api/v1/rapportages/periode?%s", y);
	json_t *a = must(&ca, "GET", px, NULL, NULL, 200);
	snprintf(px, sizeof px, "/api/v1/rapportages/periode?%s&werkgebied=%lld", y,
		 (long long)harness_sql_int("SELECT id FROM werkgebieden WHERE code = 'AMS'"));
	json_t *b = must(&beheer, "GET", px, NULL, NULL, 200);
	if (!json_equal(json_object_get(a, "totaal"), json_object_get(b, "totaal")))
		violation("GET /rapportages/periode as coordinator A counts more than werkgebied A: %s / %s",
			  text_of(json_object_get(a, "totaal")), text_of(json_object_get(b, "totaal")));
	json_decref(a);
	json_decref(b);
	snprintf(px, sizeof px, "/api/v1/rapportages/periode?%s", y);
	look(&ca, px, NULL);
	look(&ca, px, "Accept: text/csv\r\n");
}

/* A vaststelling made by coordinator B over B's werkgebied (once); returns its id. */
static int64_t vaststelling_van_b(void)
{
	static int64_t id;
	if (id)
		return id;
	char body[64];
	snprintf(body, sizeof body, "{\"jaar\":%.4s}", today_s);
	json_t *j = must(&cb, "POST", "/api/v1/rapportages/vaststellingen", body, NULL, 201);
	id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

/* POST /rapportages/vaststellingen: B's werkgebied in the body answers like one that does not exist. */
static void check_vaststellingen_post(void)
{
	char x[96], nx[96];
	zaanstad_bij_b();
	snprintf(x, sizeof x, "{\"jaar\":%.4s,\"werkgebied\":%lld}", today_s, (long long)f.wg_b);
	snprintf(nx, sizeof nx, "{\"jaar\":%.4s,\"werkgebied\":987654}", today_s);
	compare(&ca, "POST /rapportages/vaststellingen with B's werkgebied as coordinator A", "POST",
		"/api/v1/rapportages/vaststellingen", "/api/v1/rapportages/vaststellingen", x, nx, NULL);
	snprintf(x, sizeof x, "{\"jaar\":%.4s,\"gemeente\":\"Zaanstad\"}", today_s);
	snprintf(nx, sizeof nx, "{\"jaar\":%.4s,\"gemeente\":\"Nergensdorp\"}", today_s);
	compare(&ca, "POST /rapportages/vaststellingen with a gemeente of B as coordinator A", "POST",
		"/api/v1/rapportages/vaststellingen", "/api/v1/rapportages/vaststellingen", x, nx, NULL);
}

/* GET /rapportages/vaststellingen: B's vaststelling is not in A's list. */
static void check_vaststellingen_list(void)
{
	int64_t id = vaststelling_van_b();
	json_t *j = must(&ca, "GET", "/api/v1/rapportages/vaststellingen", NULL, NULL, 200);
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "items"), i, v) if (json_integer_value(json_object_get(v, "id")) == id)
		violation("GET /rapportages/vaststellingen as coordinator A lists B's vaststelling");
	json_decref(j);
	look(&ca, "/api/v1/rapportages/vaststellingen", NULL);
}

/* GET /rapportages/vaststellingen/{id}: B's answers A like one that does not exist; B reads it. */
static void check_vaststelling_get(void)
{
	char px[96];
	snprintf(px, sizeof px, "/api/v1/rapportages/vaststellingen/%lld", (long long)vaststelling_van_b());
	compare(&ca, "GET /rapportages/vaststellingen/{B's} as coordinator A", "GET", px,
		"/api/v1/rapportages/vaststellingen/987654", NULL, NULL, NULL);
	json_decref(must(&cb, "GET", px, NULL, NULL, 200));
}

/* GET /overzichten/kwartaal: scanned; B's gemeente answers as one without families (the echoed name aside). */
static void check_kwartaal(void)
{
	struct kp_date t = kp_date_from_unix(kp_now());
	for (int back = 0; back <= 3; back += 3) {
		struct kp_date d = kp_date_add_months(t, -back);
		char px[160], pn[160], what[300];
		snprintf(px, sizeof px, "/api/v1/overzichten/kwartaal?gemeente=Purmerend&jaar=%d&kwartaal=%d", d.y,
			 (d.m - 1) / 3 + 1);
		snprintf(pn, sizeof pn, "/api/v1/overzichten/kwartaal?gemeente=Nergensdorp&jaar=%d&kwartaal=%d", d.y,
			 (d.m - 1) / 3 + 1);
		snprintf(what, sizeof what, "GET %s as coordinator A (vs a gemeente without families)", px);
		struct ans x, nx;
		ask(&ca, "GET", px, NULL, NULL, &x, what);
		ask(&ca, "GET", pn, NULL, NULL, &nx, what);
		if (x.r.status != nx.r.status || !x.j || !nx.j)
			violation("%s: %d / %d: %.200s", what, x.r.status, nx.r.status, x.r.body);
		else {
			json_object_del(x.j, "gemeente");
			json_object_del(nx.j, "gemeente");
			if (!json_equal(x.j, nx.j))
				violation("%s: the figures differ: %s / %s", what, text_of(x.j), text_of(nx.j));
		}
		ans_free(&x);
		ans_free(&nx);
		snprintf(px, sizeof px, "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=%d&kwartaal=%d", d.y,
			 (d.m - 1) / 3 + 1);
		look(&ca, px, NULL);
		look(&ca, px, "Accept: text/csv\r\n");
		snprintf(pn, sizeof pn, "/api/v1/overzichten/kwartaal?gemeente=Purmerend&jaar=%d&kwartaal=%d", d.y,
			 (d.m - 1) / 3 + 1);
		look(&cb, pn, NULL);
		look(&cb, pn, "Accept: text/csv\r\n");
	}
}

/*
 * GET /agenda.ics with names: A sees nothing of B's or the moved family, B
 * nothing of A's; also A's feed through a calendar token in the URL (an
 * ordinary token where the server has no calendar kind).
 */
static void check_agenda(void)
{
	look(&ca, "/api/v1/agenda.ics?namen=ja", NULL);
	look(&ca, "/api/v1/agenda.ics", NULL);
	look(&cb, "/api/v1/agenda.ics?namen=ja", NULL);
	struct http_response r;
	json_t *j = harness_call(&ca, "POST", "/api/v1/api-tokens", "{\"naam\":\"Agenda A\",\"soort\":\"agenda\"}", 1, NULL, &r);
	if (r.status != 201) {
		json_decref(j);
		http_response_free(&r);
		j = harness_call(&ca, "POST", "/api/v1/api-tokens", "{\"naam\":\"Agenda A\"}", 1, NULL, &r);
	}
	ck_assert_msg(r.status == 201, "POST /api-tokens: %d %s", r.status, r.body);
	char path[200];
	snprintf(path, sizeof path, "/api/v1/agenda.ics?namen=ja&token=%s", json_string_value(json_object_get(j, "token")));
	json_decref(j);
	http_response_free(&r);
	struct ans a = { .j = NULL };
	ck_assert_int_eq(http_do(hs.port, "GET", path, NULL, NULL, &a.r), 0);
	ck_assert_msg(a.r.status == 200, "the calendar feed by token: %d", a.r.status);
	scan(&ca, "GET /agenda.ics?namen=ja&token=<A's calendar token>", &a);
	ans_free(&a);
}

/* --- the tests ----------------------------------------------------------------------------- */

/* The row of table for a route of kp_routes, or NULL. */
static const struct route_case *classify(const struct kp_route *r)
{
	for (size_t i = 0; i < N_TABLE; i++)
		if (table[i].method == r->method && strcmp(table[i].path, r->path) == 0)
			return &table[i];
	return NULL;
}

START_TEST(every_route_is_classified)
{
	int missing = 0;
	for (size_t i = 0; i < kp_routes_count; i++) {
		const struct kp_route *r = &kp_routes[i];
		const struct route_case *rc = classify(r);
		if (!rc) {
			fprintf(stderr, "GRENS: %s %s is not in the table of test_grenzen.c: classify it and walk it\n",
				method_name(r->method), r->path);
			missing++;
			continue;
		}
		/* the classification must fit the route's access rules */
		ck_assert_msg(rc->use != U_PUBLIC || r->public, "%s %s is classified public but is not", method_name(r->method),
			      r->path);
		ck_assert_msg(rc->use != U_BEHEERDER || (!r->public && r->roles == KP_ROLE_BEHEERDER),
			      "%s %s is classified beheerder-only but others may call it", method_name(r->method), r->path);
		ck_assert_msg((strchr(r->path, '{') != NULL) == (rc->fill != P_NONE),
			      "%s %s: the table's fill does not match the placeholders", method_name(r->method), r->path);
		ck_assert_msg(rc->use != U_WALK || rc->fill >= P_GEZIN, "%s %s is walked without ids to walk",
			      method_name(r->method), r->path);
		ck_assert_msg(rc->use != U_CHECK || rc->check, "%s %s has no check", method_name(r->method), r->path);
	}
	ck_assert_msg(missing == 0, "%d route(s) of kp_routes are not classified (listed on stderr)", missing);
	/* and no row is stale */
	for (size_t i = 0; i < N_TABLE; i++) {
		bool found = false;
		for (size_t k = 0; k < kp_routes_count && !found; k++)
			found = kp_routes[k].method == table[i].method && strcmp(kp_routes[k].path, table[i].path) == 0;
		ck_assert_msg(found, "the table has %s %s, which kp_routes no longer has", method_name(table[i].method),
			      table[i].path);
	}
}
END_TEST

/* Sends a GET as s, asserting status, and returns the body (malloc'ed). */
static char *fetch_body(struct hs_session *s, const char *path, const char *hdr, int expect)
{
	struct http_response r;
	json_t *j = harness_call(s, "GET", path, NULL, 0, hdr, &r);
	ck_assert_msg(r.status == expect, "GET %s as %s: %d (expected %d) %s", path, who(s), r.status, expect, r.body);
	char *body = strdup(r.body ? r.body : "");
	json_decref(j);
	http_response_free(&r);
	return body;
}

/* Asserts that s gets path with status 200 and that its body contains each of the NULL-terminated needles. */
static void assert_sees(struct hs_session *s, const char *path, const char *hdr, ...)
{
	char *body = fetch_body(s, path, hdr, 200);
	va_list ap;
	va_start(ap, hdr);
	for (const char *n = va_arg(ap, const char *); n; n = va_arg(ap, const char *))
		ck_assert_msg(strstr(body, n) != NULL, "GET %s as %s: no \"%s\" in %.300s", path, who(s), n, body);
	va_end(ap);
	free(body);
}

START_TEST(fixture_is_real)
{
	char path[128];
	/* the secret names exist, and the beheerder sees them where the walk looks */
	assert_sees(&beheer, "/api/v1/gezinnen?zoek=geheim&limit=200", NULL, "Gezin Geheim-B-Vraag", "Gezin Geheim-Verhuisd",
		    (const char *)NULL);
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)f.km);
	assert_sees(&beheer, path, NULL, "Gezin Geheim-Verhuisd", "Gezin Zichtbaar-A-Steun-SM", "Geheimkind", (const char *)NULL);
	assert_sees(&beheer, "/api/v1/overzichten/caseload?lijst=te-laat", "Accept: text/csv\r\n", "Gezin Geheim-Verhuisd",
		    "Gezin Zichtbaar-A-Steun-SM", (const char *)NULL);
	assert_sees(&beheer, "/api/v1/overzichten/caseload?lijst=bijna-afgelopen", "Accept: text/csv\r\n",
		    "Gezin Geheim-Verhuisd", (const char *)NULL);
	assert_sees(&beheer, "/api/v1/overzichten/caseload?lijst=binnen-30-dagen", "Accept: text/csv\r\n",
		    "Gezin Geheim-Verhuisd", "Gezin Geheim-B-Vraag", (const char *)NULL);
	assert_sees(&beheer, "/api/v1/agenda.ics?namen=ja", NULL, "Geheim-Verhuisd", (const char *)NULL);
	snprintf(path, sizeof path, "/api/v1/matchrondes/%lld", (long long)f.ra);
	assert_sees(&beheer, path, NULL, "Gezin Geheim-Verhuisd", (const char *)NULL);
	/* the move took: the family is B's, its supporter still A's */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)f.vm);
	assert_sees(&cb, path, NULL, "Gezin Geheim-Verhuisd", "\"PUR\"", (const char *)NULL);
	free(fetch_body(&ca, path, NULL, 404));
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)f.sm);
	assert_sees(&ca, path, NULL, "Gezin Zichtbaar-A-Steun-SM", (const char *)NULL);
	free(fetch_body(&cb, path, NULL, 404));
	/* each side's own records are there for its coordinator */
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)f.ka);
	assert_sees(&ca, path, NULL, "Gezin Zichtbaar-A-Vraag", (const char *)NULL);
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)f.kb);
	assert_sees(&cb, path, NULL, "Gezin Geheim-B-Vraag", (const char *)NULL);
	snprintf(path, sizeof path, "/api/v1/matchrondes/%lld", (long long)f.rb);
	assert_sees(&cb, path, NULL, "Geheim-B", (const char *)NULL);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/uitsluitingen", (long long)f.vb);
	assert_sees(&cb, path, NULL, "Geheim: kennen elkaar", (const char *)NULL);
}
END_TEST

START_TEST(ids_in_paths)
{
	for (size_t i = 0; i < N_TABLE; i++)
		if (table[i].use == U_WALK)
			walk(&table[i]);
	for (size_t i = 0; i < N_TABLE; i++)
		if (table[i].use == U_WALK)
			reality(&table[i]);
	finish();
}
END_TEST

START_TEST(ids_in_bodies)
{
	for (size_t i = 0; i < N_TABLE; i++)
		if (table[i].check && table[i].method != KP_GET)
			table[i].check();
	finish();
}
END_TEST

START_TEST(lists_filters_cursors_and_names)
{
	for (size_t i = 0; i < N_TABLE; i++) {
		const struct route_case *rc = &table[i];
		if (rc->check && rc->method == KP_GET)
			rc->check();
		int64_t v[2];
		char path[256];
		if (rc->method == KP_GET && (rc->use == U_OWN || rc->use == U_SHARED || rc->use == U_PUBLIC)) {
			/* nothing of any family here, whoever asks */
			ck_assert(ids_for(rc->fill, rc->fill == P_NONE ? V_NX : V_B, v));
			fill_path(rc->path, v, path, sizeof path);
			look(&ca, path, NULL);
			look(&cb, path, NULL);
		}
		if (rc->use == U_BEHEERDER) {
			ck_assert(ids_for(rc->fill, V_NX, v));
			fill_path(rc->path, v, path, sizeof path);
			struct ans a;
			ask(&ca, method_name(rc->method), path, rc->body, rc->if_match, &a, path);
			if (a.r.status != 403)
				violation("%s %s as coordinator A: %d, not 403", method_name(rc->method), path, a.r.status);
			ans_free(&a);
		}
	}
	finish();
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

int main(void)
{
	Suite *s = suite_create("grenzen");
	TCase *tabel = tcase_create("tabel");
	tcase_add_test(tabel, every_route_is_classified);
	suite_add_tcase(s, tabel);
	TCase *tc = tcase_create("grenzen");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, fixture_is_real);
	tcase_add_test(tc, ids_in_paths);
	tcase_add_test(tc, ids_in_bodies);
	tcase_add_test(tc, lists_filters_cursors_and_names);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
