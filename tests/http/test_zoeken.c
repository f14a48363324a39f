/*
 * test_zoeken.c - finding and sorting gezinnen and koppelingen through the
 * API: search over every member's names, postcode with or without space,
 * phone in any notation, e-mail and accents ("Celik" finds "Çelik"); the
 * Dutch name order with pages; the sorteer and mijn parameters and their
 * validation; another werkgebied's family is never found; the koppelingen
 * list searched by either family and sorted.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "harness.h"
#include "util.h"
#include "zoeken.h"

static struct hs_session ca, cb, bh;
static int64_t id_ca;
static char vog[16];

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("ZST");
	id_ca = harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "ZST", 1);
	harness_user("beheer", "beheerder", NULL, 1);
	harness_sql("INSERT INTO postcodes VALUES (1015, 'Amsterdam', 52.378149, 4.88321), (1501, 'Zaandam', 52.44, 4.82)");
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &bh), 201);
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);
}

static void teardown(void)
{
	harness_stop();
}

/* One gezin to create: rol NULL is a vraaggezin; leden is the JSON array's inside. */
struct gezin {
	const char *naam, *wg, *rol, *postcode, *aangemeld, *leden, *extra;
};

/* Creates g as s; returns its id (asserting 201). */
static int64_t maak(const struct hs_session *s, const struct gezin *g)
{
	bool vraag = !g->rol || strcmp(g->rol, "vraaggezin") == 0;
	char body[4096];
	snprintf(body, sizeof body,
		 "{\"naam\":\"%s\",\"rol\":\"%s\",\"werkgebied\":\"%s\",%s"
		 "\"adres\":{\"postcode\":\"%s\",\"plaats\":\"Amsterdam\",\"gemeente\":\"Amsterdam\"},"
		 "\"aangemeldOp\":\"%s\",\"leden\":[%s],\"%s\":%s,"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 g->naam, vraag ? "vraaggezin" : g->rol, g->wg ? g->wg : "AMS", g->extra ? g->extra : "",
		 g->postcode ? g->postcode : "1015 KK", g->aangemeld ? g->aangemeld : "2026-01-05",
		 g->leden ? g->leden : "{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\"}", vraag ? "vraag" : "aanbod",
		 vraag ? "{\"tekst\":\"Even lucht\"}" : "{\"capaciteit\":2}");
	struct http_response r;
	json_t *j = harness_call(s, "POST", "/api/v1/gezinnen", body, 1, NULL, &r);
	ck_assert_msg(r.status == 201, "create %s: %d %s", g->naam, r.status, r.body);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_response_free(&r);
	return id;
}

/* GETs path as s and returns the names in list member key joined with '|' (asserting 200). */
static const char *namen(const struct hs_session *s, const char *path, const char *key)
{
	static char out[1024];
	out[0] = '\0';
	struct http_response r;
	json_t *j = harness_call(s, "GET", path, NULL, 0, NULL, &r);
	ck_assert_msg(r.status == 200, "%s: %d %s", path, r.status, r.body);
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, key), i, e)
	{
		const char *n = json_string_value(json_object_get(e, "naam"));
		if (!n) /* a koppeling: its two families */
			snprintf(out + strlen(out), sizeof out - strlen(out), "%s+%s|",
				 json_string_value(json_object_get(json_object_get(e, "vraaggezin"), "naam")),
				 json_string_value(json_object_get(json_object_get(e, "steungezin"), "naam")));
		else
			snprintf(out + strlen(out), sizeof out - strlen(out), "%s|", n);
	}
	json_decref(j);
	http_response_free(&r);
	return out;
}

/* The status of GET path as s and the name of its first invalid parameter (or ""). */
static int fout(const struct hs_session *s, const char *path, char *name, size_t len)
{
	struct http_response r;
	json_t *j = harness_call(s, "GET", path, NULL, 0, NULL, &r);
	int status = r.status;
	const char *n = json_string_value(json_object_get(json_array_get(json_object_get(j, "invalidParams"), 0), "name"));
	snprintf(name, len, "%s", n ? n : "");
	json_decref(j);
	http_response_free(&r);
	return status;
}

static void maak_zoekgezinnen(void)
{
	maak(&ca, &(struct gezin){ .naam = "Gezin Çelik",
				   .postcode = "1015 KK",
				   .leden = "{\"soort\":\"volwassene\",\"voornaam\":\"Tineke\",\"achternaam\":\"Çelik\","
					    "\"telefoon\":\"06 12345678\",\"email\":\"tineke@voorbeeld.nl\"},"
					    "{\"soort\":\"kind\",\"voornaam\":\"Floortje\",\"geboortedatum\":\"2019-03-01\"}" });
	maak(&ca, &(struct gezin){ .naam = "Gezin Şahin",
				   .postcode = "1015 AB",
				   .leden = "{\"soort\":\"volwassene\",\"voornaam\":\"Emre\",\"telefoon\":\"+31 6 87654321\"},"
					    "{\"soort\":\"kind\",\"voornaam\":\"Aylin\",\"geboortedatum\":\"2020-03-01\"}" });
	maak(&ca, &(struct gezin){ .naam = "Gezin Bakker", .postcode = "1501 AA" });
	/* another werkgebied: the same child's name, a name like Çelik, the same phone */
	maak(&cb, &(struct gezin){ .naam = "Gezin Celikkaya",
				   .wg = "ZST",
				   .postcode = "1015 KK",
				   .leden = "{\"soort\":\"volwassene\",\"voornaam\":\"Tineke\",\"telefoon\":\"0612345678\"},"
					    "{\"soort\":\"kind\",\"voornaam\":\"Floortje\",\"geboortedatum\":\"2019-03-01\"}" });
}

START_TEST(search_by_members_postcode_phone_and_accents)
{
	maak_zoekgezinnen();
	struct {
		const char *q, *expect;
	} cases[] = {
		{ "Floortje", "Gezin Çelik|" },		   /* a child's first name */
		{ "floor", "Gezin Çelik|" },		   /* part of it, any case */
		{ "Tineke", "Gezin Çelik|" },		   /* a parent's first name */
		{ "Emre", "Gezin Şahin|" },
		{ "Celik", "Gezin Çelik|" },		   /* no accent typed */
		{ "çelik", "Gezin Çelik|" },
		{ "Sahin", "Gezin Şahin|" },
		{ "1015%20KK", "Gezin Çelik|" },	   /* postcode with space */
		{ "1015kk", "Gezin Çelik|" },		   /* and without */
		{ "1501AA", "Gezin Bakker|" },
		{ "0612345678", "Gezin Çelik|" },	   /* phone, as stored */
		{ "06-1234%205678", "Gezin Çelik|" },	   /* other notation */
		{ "%2B31612345678", "Gezin Çelik|" },	   /* +31 */
		{ "0031%206%2012345678", "Gezin Çelik|" }, /* 0031 */
		{ "0687654321", "Gezin Şahin|" },	   /* stored as +31 */
		{ "tineke%40voorbeeld", "Gezin Çelik|" },  /* e-mail */
		{ "Geheim", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[160];
		snprintf(path, sizeof path, "/api/v1/gezinnen?zoek=%s", cases[i].q);
		ck_assert_msg(strcmp(namen(&ca, path, "gezinnen"), cases[i].expect) == 0, "%s: %s", cases[i].q,
			      namen(&ca, path, "gezinnen"));
	}
	/* the beheerder finds both werkgebieden's families: the ZST one exists, coord-a never sees it */
	ck_assert_str_eq(namen(&bh, "/api/v1/gezinnen?zoek=Floortje", "gezinnen"), "Gezin Çelik|Gezin Celikkaya|");
	ck_assert_str_eq(namen(&bh, "/api/v1/gezinnen?zoek=0612345678", "gezinnen"), "Gezin Çelik|Gezin Celikkaya|");
	ck_assert_str_eq(namen(&cb, "/api/v1/gezinnen?zoek=celik", "gezinnen"), "Gezin Celikkaya|");
	/* a change of a member is found at once, the old name no more */
	char path[96], hdr[64];
	int64_t id = harness_sql_int("SELECT id FROM gezinnen WHERE naam = 'Gezin Bakker'");
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	struct http_response r;
	json_decref(harness_call(&ca, "PATCH", path,
				 "{\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ömer\",\"achternaam\":\"Bakker\"}]}",
				 1, harness_if_match(&ca, path, hdr, sizeof hdr), &r));
	ck_assert_msg(r.status == 200, "%d %s", r.status, r.body);
	http_response_free(&r);
	ck_assert_str_eq(namen(&ca, "/api/v1/gezinnen?zoek=omer", "gezinnen"), "Gezin Bakker|");
	ck_assert_str_eq(namen(&ca, "/api/v1/gezinnen?zoek=Ouder", "gezinnen"), "");
}
END_TEST

START_TEST(dutch_order_with_pages)
{
	const char *in[] = { "Gezin Ziani", "Gezin Şahin",   "Gezin van Dijk", "Gezin Bakker",
			     "Gezin Çelik", "Gezin de Boer", "Gezin Dekker",   "Gezin Cohen" };
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
		maak(&ca, &(struct gezin){ .naam = in[i] });
	const char *dutch = "Gezin Bakker|Gezin de Boer|Gezin Çelik|Gezin Cohen|Gezin Dekker|Gezin van Dijk|Gezin Şahin|"
			    "Gezin Ziani|";
	ck_assert_str_eq(namen(&ca, "/api/v1/gezinnen", "gezinnen"), dutch);
	ck_assert_str_eq(namen(&ca, "/api/v1/gezinnen?sorteer=naam", "gezinnen"), dutch);
	ck_assert_str_eq(namen(&ca, "/api/v1/gezinnen?sorteer=-naam", "gezinnen"),
			 "Gezin Ziani|Gezin Şahin|Gezin van Dijk|Gezin Dekker|Gezin Cohen|Gezin Çelik|Gezin de Boer|"
			 "Gezin Bakker|");
	/* page by page (limit 3) the same order, both ways */
	for (int d = 0; d < 2; d++) {
		char next[8192], all[1024] = "";
		snprintf(next, sizeof next, "/api/v1/gezinnen?limit=3%s", d ? "&sorteer=-naam" : "");
		int pages = 0;
		while (next[0]) {
			struct http_response r;
			json_t *j = harness_call(&ca, "GET", next, NULL, 0, NULL, &r);
			ck_assert_int_eq(r.status, 200);
			size_t i;
			json_t *e;
			json_array_foreach(json_object_get(j, "gezinnen"), i, e)
				snprintf(all + strlen(all), sizeof all - strlen(all), "%s|",
					 json_string_value(json_object_get(e, "naam")));
			const char *v = json_string_value(json_object_get(j, "volgende"));
			ck_assert(!v || strstr(v, d ? "sorteer=-naam" : "limit=3"));
			snprintf(next, sizeof next, "%s", v ? v : "");
			json_decref(j);
			http_response_free(&r);
			pages++;
		}
		ck_assert_int_eq(pages, 3);
		if (!d)
			ck_assert_str_eq(all, dutch);
		else
			ck_assert_str_eq(all, namen(&ca, "/api/v1/gezinnen?sorteer=-naam", "gezinnen"));
	}
}
END_TEST

START_TEST(sort_by_date_waiting_and_mine)
{
	maak(&ca, &(struct gezin){ .naam = "Gezin Oud", .aangemeld = "2025-03-01" });
	maak(&ca, &(struct gezin){ .naam = "Gezin Nieuw", .aangemeld = "2026-01-20" });
	char coord[96];
	snprintf(coord, sizeof coord, "\"coordinator\":%lld,", (long long)id_ca);
	maak(&ca, &(struct gezin){ .naam = "Gezin Midden", .aangemeld = "2025-09-01", .extra = coord });
	ck_assert_str_eq(namen(&ca, "/api/v1/gezinnen?sorteer=aangemeld", "gezinnen"), "Gezin Oud|Gezin Midden|Gezin Nieuw|");
	ck_assert_str_eq(namen(&ca, "/api/v1/gezinnen?sorteer=-aangemeld", "gezinnen"), "Gezin Nieuw|Gezin Midden|Gezin Oud|");
	ck_assert_str_eq(namen(&ca, "/api/v1/gezinnen?sorteer=-wachtdagen", "gezinnen"), "Gezin Oud|Gezin Midden|Gezin Nieuw|");
	/* pages in a date order */
	struct http_response r;
	json_t *j = harness_call(&ca, "GET", "/api/v1/gezinnen?sorteer=-wachtdagen&limit=2", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	char next[2048];
	snprintf(next, sizeof next, "%s", json_string_value(json_object_get(j, "volgende")));
	json_decref(j);
	http_response_free(&r);
	ck_assert_str_eq(namen(&ca, next, "gezinnen"), "Gezin Nieuw|");
	/* Mijn gezinnen: the ones coordinated by the caller */
	ck_assert_str_eq(namen(&ca, "/api/v1/gezinnen?mijn=ja", "gezinnen"), "Gezin Midden|");
	ck_assert_str_eq(namen(&bh, "/api/v1/gezinnen?mijn=ja", "gezinnen"), "");
}
END_TEST

START_TEST(sorteer_and_cursor_validation)
{
	maak(&ca, &(struct gezin){ .naam = "Gezin Een" });
	maak(&ca, &(struct gezin){ .naam = "Gezin Twee" });
	char name[64];
	ck_assert_int_eq(fout(&ca, "/api/v1/gezinnen?sorteer=leeftijd", name, sizeof name), 400);
	ck_assert_str_eq(name, "sorteer");
	ck_assert_int_eq(fout(&ca, "/api/v1/gezinnen?sorteer=--naam", name, sizeof name), 400);
	ck_assert_str_eq(name, "sorteer");
	ck_assert_int_eq(fout(&ca, "/api/v1/gezinnen?mijn=nee", name, sizeof name), 400);
	ck_assert_str_eq(name, "mijn");
	ck_assert_int_eq(fout(&ca, "/api/v1/koppelingen?sorteer=naam", name, sizeof name), 400);
	ck_assert_str_eq(name, "sorteer");
	ck_assert_int_eq(fout(&ca, "/api/v1/koppelingen?zoek=x", name, sizeof name), 400);
	ck_assert_str_eq(name, "zoek");
	/* a cursor belongs to the order it was made for */
	struct http_response r;
	json_t *j = harness_call(&ca, "GET", "/api/v1/gezinnen?limit=1", NULL, 0, NULL, &r);
	const char *v = json_string_value(json_object_get(j, "volgende"));
	ck_assert_ptr_nonnull(v);
	char path[2048];
	snprintf(path, sizeof path, "%s&sorteer=aangemeld", v);
	json_decref(j);
	http_response_free(&r);
	ck_assert_int_eq(fout(&ca, path, name, sizeof name), 400);
	ck_assert_str_eq(name, "na");
}
END_TEST

/* Proposes vraag + steun in programme 1 as s (asserting 201). */
static void koppel(const struct hs_session *s, int64_t v, int64_t st)
{
	char body[128];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1}", (long long)v, (long long)st);
	struct http_response r;
	json_decref(harness_call(s, "POST", "/api/v1/koppelingen", body, 1, NULL, &r));
	ck_assert_msg(r.status == 201, "%d %s", r.status, r.body);
	http_response_free(&r);
}

/* Sets the status of gezin id as s. */
static void status(const struct hs_session *s, int64_t id, const char *st)
{
	char path[64], hdr[64], body[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	snprintf(body, sizeof body, "{\"status\":\"%s\"}", st);
	struct http_response r;
	json_decref(harness_call(s, "PATCH", path, body, 1, harness_if_match(s, path, hdr, sizeof hdr), &r));
	ck_assert_msg(r.status == 200, "%d %s", r.status, r.body);
	http_response_free(&r);
}

START_TEST(koppelingen_search_and_order)
{
	char steun_leden[256];
	snprintf(steun_leden, sizeof steun_leden,
		 "{\"soort\":\"volwassene\",\"voornaam\":\"Wim\",\"achternaam\":\"Ziani\",\"vogDatum\":\"%s\"}", vog);
	int64_t v1 = maak(&ca, &(struct gezin){ .naam = "Gezin Çelik",
						.leden = "{\"soort\":\"volwassene\",\"voornaam\":\"Tineke\"},"
							 "{\"soort\":\"kind\",\"voornaam\":\"Floortje\",\"geboortedatum\":\"2019-03-01\"}" });
	int64_t v2 = maak(&ca, &(struct gezin){ .naam = "Gezin Aksoy" });
	int64_t s1 = maak(&ca, &(struct gezin){ .naam = "Gezin Ziani", .rol = "steungezin", .leden = steun_leden });
	int64_t vz = maak(&cb, &(struct gezin){ .naam = "Gezin Celikkaya", .wg = "ZST" });
	snprintf(steun_leden, sizeof steun_leden,
		 "{\"soort\":\"volwassene\",\"voornaam\":\"Wim\",\"vogDatum\":\"%s\"}", vog);
	int64_t sz = maak(&cb, &(struct gezin){ .naam = "Gezin Zwart", .wg = "ZST", .rol = "steungezin", .leden = steun_leden });
	status(&ca, v1, "wachtend");
	status(&ca, v2, "wachtend");
	status(&ca, s1, "beschikbaar");
	status(&cb, vz, "wachtend");
	status(&cb, sz, "beschikbaar");
	koppel(&ca, v1, s1);
	koppel(&ca, v2, s1);
	koppel(&cb, vz, sz);
	/* by either family's name or a member's, accents folded; ZST's koppeling never */
	ck_assert_str_eq(namen(&ca, "/api/v1/koppelingen?zoek=celik", "koppelingen"), "Gezin Çelik+Gezin Ziani|");
	ck_assert_str_eq(namen(&ca, "/api/v1/koppelingen?zoek=Floortje", "koppelingen"), "Gezin Çelik+Gezin Ziani|");
	ck_assert_str_eq(namen(&ca, "/api/v1/koppelingen?zoek=Wim", "koppelingen"),
			 "Gezin Aksoy+Gezin Ziani|Gezin Çelik+Gezin Ziani|");
	ck_assert_str_eq(namen(&bh, "/api/v1/koppelingen?zoek=celik", "koppelingen"),
			 "Gezin Celikkaya+Gezin Zwart|Gezin Çelik+Gezin Ziani|");
	ck_assert_str_eq(namen(&cb, "/api/v1/koppelingen?zoek=Ziani", "koppelingen"), "");
	/* sorted by the vraaggezin's name, Dutch order, both ways */
	ck_assert_str_eq(namen(&ca, "/api/v1/koppelingen?sorteer=vraaggezin", "koppelingen"),
			 "Gezin Aksoy+Gezin Ziani|Gezin Çelik+Gezin Ziani|");
	ck_assert_str_eq(namen(&ca, "/api/v1/koppelingen?sorteer=-vraaggezin", "koppelingen"),
			 "Gezin Çelik+Gezin Ziani|Gezin Aksoy+Gezin Ziani|");
}
END_TEST

/* n copies of the UTF-8 character c after prefix, in out (cap bytes). */
static void herhaal(char *out, size_t cap, const char *prefix, const char *c, int n)
{
	snprintf(out, cap, "%s", prefix);
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), cap - strlen(out), "%s", c);
}

/* U+FDFA, one character the transliterator writes as 18 letters and spaces; URL-encoded */
#define FDFA "\xEF\xB7\xBA"
#define FDFA_URL "%EF%B7%BA"

START_TEST(text_that_folds_long)
{
	/* in the name and a member's name and e-mail: the gezin is created and found */
	char naam[256], leden[512];
	herhaal(naam, sizeof naam, "Gezin ", FDFA, 30);
	char voornaam[256];
	herhaal(voornaam, sizeof voornaam, "", FDFA, 30);
	snprintf(leden, sizeof leden,
		 "{\"soort\":\"volwassene\",\"voornaam\":\"%s\",\"email\":\"%s@voorbeeld.nl\"}", voornaam, "a");
	maak(&ca, &(struct gezin){ .naam = naam, .leden = leden });
	maak(&ca, &(struct gezin){ .naam = "Gezin Bakker" });
	char expect[300];
	snprintf(expect, sizeof expect, "%s|", naam);
	ck_assert_str_eq(namen(&ca, "/api/v1/gezinnen?zoek=" FDFA_URL FDFA_URL, "gezinnen"), expect);
	/* a query that folds long */
	char q[512];
	herhaal(q, sizeof q, "/api/v1/gezinnen?zoek=", FDFA_URL, 30);
	ck_assert_str_eq(namen(&ca, q, "gezinnen"), expect);
	herhaal(q, sizeof q, "/api/v1/koppelingen?zoek=", FDFA_URL, 30);
	ck_assert_str_eq(namen(&ca, q, "koppelingen"), "");
}
END_TEST

START_TEST(start_fills_rows_that_fold_long_and_cuts_long_keys)
{
	maak(&ca, &(struct gezin){ .naam = "Gezin Aap" });
	maak(&ca, &(struct gezin){ .naam = "Gezin Bakker" });
	/* as a database from before migration 0021 (or plain SQL) leaves it: no sort key, a name that folds long */
	harness_sql("UPDATE gezinnen SET naam = 'Gezin ' || replace(hex(zeroblob(30)), '00', char(0xFDFA)), "
		    "sorteersleutel = NULL WHERE naam = 'Gezin Aap'");
	int64_t n = 0;
	ck_assert_int_eq(kp_zoek_bijwerken_waar_nodig(hs.db, &n), 0);
	ck_assert_int_eq(n, 1);
	char naam[256], expect[300];
	herhaal(naam, sizeof naam, "Gezin ", FDFA, 30);
	snprintf(expect, sizeof expect, "%s|", naam);
	ck_assert_str_eq(namen(&ca, "/api/v1/gezinnen?zoek=" FDFA_URL FDFA_URL, "gezinnen"), expect);
	/* a sort key stored longer than the cursor holds (before keys were cut) is made again */
	harness_sql("UPDATE gezinnen SET sorteersleutel = zeroblob(3000) WHERE naam = 'Gezin Bakker'");
	ck_assert_int_eq(kp_zoek_bijwerken_waar_nodig(hs.db, &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(harness_sql_int("SELECT max(length(sorteersleutel)) FROM gezinnen"), KP_ZOEK_SLEUTEL_MAX);
	ck_assert_int_eq(kp_zoek_bijwerken_waar_nodig(hs.db, &n), 0);
	ck_assert_int_eq(n, 0);
}
END_TEST

/* GETs path as s (asserting 200): the first gezin's name into naam, the next link (or "") into volgende. */
static void pagina(const struct hs_session *s, const char *path, char *naam, size_t naamlen, char *volgende, size_t vlen)
{
	struct http_response r;
	json_t *j = harness_call(s, "GET", path, NULL, 0, NULL, &r);
	ck_assert_msg(r.status == 200, "%s: %d %s", path, r.status, r.body);
	const char *n = json_string_value(json_object_get(json_array_get(json_object_get(j, "gezinnen"), 0), "naam"));
	const char *v = json_string_value(json_object_get(j, "volgende"));
	snprintf(naam, naamlen, "%s", n ? n : "");
	snprintf(volgende, vlen, "%s", v ? v : "");
	json_decref(j);
	http_response_free(&r);
}

START_TEST(long_sort_key_in_a_cursor)
{
	/* U+337F has a sort key of some 20 bytes: 150 of them would not fit a cursor */
	char lang[1024];
	herhaal(lang, sizeof lang, "", "\xE3\x8D\xBF", 150);
	maak(&ca, &(struct gezin){ .naam = "Gezin Aap" });
	maak(&ca, &(struct gezin){ .naam = lang });
	char naam[1024], volgende[16384];
	pagina(&ca, "/api/v1/gezinnen?limit=1&sorteer=-naam", naam, sizeof naam, volgende, sizeof volgende);
	ck_assert_str_eq(naam, lang);
	ck_assert_str_ne(volgende, "");
	pagina(&ca, volgende, naam, sizeof naam, volgende, sizeof volgende);
	ck_assert_str_eq(naam, "Gezin Aap");
	ck_assert_str_eq(volgende, "");
	pagina(&ca, "/api/v1/gezinnen?limit=1", naam, sizeof naam, volgende, sizeof volgende);
	ck_assert_str_eq(naam, "Gezin Aap");
	pagina(&ca, volgende, naam, sizeof naam, volgende, sizeof volgende);
	ck_assert_str_eq(naam, lang);
}
END_TEST

/* The status of GET path as s. */
static int status_van(const struct hs_session *s, const char *path)
{
	struct http_response r;
	json_decref(harness_call(s, "GET", path, NULL, 0, NULL, &r));
	int st = r.status;
	http_response_free(&r);
	return st;
}

START_TEST(error_in_the_middle_of_a_list)
{
	char steun_leden[256];
	snprintf(steun_leden, sizeof steun_leden, "{\"soort\":\"volwassene\",\"voornaam\":\"Wim\",\"vogDatum\":\"%s\"}", vog);
	int64_t v1 = maak(&ca, &(struct gezin){ .naam = "Gezin Aksoy" });
	int64_t v2 = maak(&ca, &(struct gezin){ .naam = "Gezin Bakker" });
	maak(&ca, &(struct gezin){ .naam = "Gezin Cohen" });
	int64_t s1 = maak(&ca, &(struct gezin){ .naam = "Gezin Ziani", .rol = "steungezin", .leden = steun_leden });
	status(&ca, v1, "wachtend");
	status(&ca, s1, "beschikbaar");
	koppel(&ca, v1, s1);
	ck_assert_str_eq(namen(&ca, "/api/v1/gezinnen", "gezinnen"), "Gezin Aksoy|Gezin Bakker|Gezin Cohen|Gezin Ziani|");
	ck_assert_int_eq(status_van(&ca, "/api/v1/koppelingen"), 200);
	/* reading the second gezin's consents fails (an SQL error at that row): never a short list with 200 */
	harness_sql("ALTER TABLE toestemmingen RENAME TO toestemmingen_echt");
	char sql[512];
	snprintf(sql, sizeof sql,
		 "CREATE VIEW toestemmingen AS SELECT id, gezin_id, doel, gegeven_op, gegeven_door, "
		 "CASE WHEN gezin_id = %lld THEN abs(-9223372036854775807 - 1) ELSE ingetrokken_op END AS ingetrokken_op "
		 "FROM toestemmingen_echt",
		 (long long)v2);
	harness_sql(sql);
	ck_assert_int_eq(status_van(&ca, "/api/v1/gezinnen"), 503);
	ck_assert_int_eq(status_van(&ca, "/api/v1/gezinnen?sorteer=-naam"), 503);
	/* the same for the koppelingen list: its programme's name cannot be read */
	harness_sql("ALTER TABLE programmas RENAME TO programmas_echt");
	harness_sql("CREATE VIEW programmas AS SELECT id, CASE WHEN id > 0 THEN abs(-9223372036854775807 - 1) END AS naam "
		    "FROM programmas_echt");
	ck_assert_int_eq(status_van(&ca, "/api/v1/koppelingen"), 503);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

int main(void)
{
	Suite *s = suite_create("zoeken");
	TCase *tc = tcase_create("zoeken");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, search_by_members_postcode_phone_and_accents);
	tcase_add_test(tc, dutch_order_with_pages);
	tcase_add_test(tc, sort_by_date_waiting_and_mine);
	tcase_add_test(tc, sorteer_and_cursor_validation);
	tcase_add_test(tc, koppelingen_search_and_order);
	tcase_add_test(tc, text_that_folds_long);
	tcase_add_test(tc, start_fills_rows_that_fold_long_and_cuts_long_keys);
	tcase_add_test(tc, long_sort_key_in_a_cursor);
	tcase_add_test(tc, error_in_the_middle_of_a_list);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
