/*
 * test_effecten.c - the effectencalculator through the API: tariffs (the
 * beheerder writes, everyone reads; amounts with more than two decimals,
 * overlapping versions and another unit refused naming the field), the CSV
 * import of the example file and its all-or-nothing refusal naming bad
 * rows by line, the reference scenario with its formulas to the cent, the
 * tariff version valid on each item's own date, the bad input of issue 14
 * refused with nothing half-saved, If-Match, outcomes per formal-help item,
 * another werkgebied's ids answered as non-existent, and the effect report
 * (letters not names, totals that add up, CSV for Dutch Excel, the
 * rapportage role's aggregates only, audited).
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct hs_session ca, cb, bh, rap;
static int64_t va, vb, steun_a, fh_a, fh_b;

/* A request as s with extra headers hdr (may be NULL); returns the status, *out the body (or NULL). */
static int call(struct hs_session *s, const char *method, const char *path, const char *body, const char *hdr, json_t **out)
{
	struct http_response r;
	json_t *j = harness_call(s, method, path, body, 1, hdr, &r);
	int status = r.status;
	http_response_free(&r);
	if (out)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* Asserts that problem j names field name in invalidParams. */
static void names(json_t *j, const char *name)
{
	json_t *ip = json_object_get(j, "invalidParams");
	size_t i;
	json_t *x;
	json_array_foreach(ip, i, x) if (strcmp(json_string_value(json_object_get(x, "name")), name) == 0) return;
	char *d = json_dumps(j, 0);
	ck_abort_msg("%s not named in %s", name, d ? d : "(null)");
}

/* Inserts a gezin directly; returns its id. */
static int64_t gezin(const char *naam, const char *rol, const char *wg, const char *gemeente)
{
	char q[768];
	snprintf(q, sizeof q,
		 "INSERT INTO gezinnen(naam, rol, status, werkgebied_id, gemeente, aangemeld_op, profiel, aangemaakt_op, gewijzigd_op) "
		 "VALUES ('%s', '%s', 'gekoppeld', (SELECT id FROM werkgebieden WHERE code = '%s'), '%s', '2023-01-01', '{}', "
		 "'2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z')",
		 naam, rol, wg, gemeente);
	harness_sql(q);
	snprintf(q, sizeof q, "SELECT max(id) FROM gezinnen WHERE naam = '%s'", naam);
	return harness_sql_int(q);
}

/* A koppeling of v with s in Buurtgezinnen from datum (lopend). */
static void koppeling(int64_t v, int64_t s, const char *datum)
{
	char q[768];
	snprintf(q, sizeof q,
		 "INSERT INTO koppelingen(vraaggezin_id, steungezin_id, programma_id, werkgebied_id, fase, voorgesteld_op, "
		 "koppeling_datum, aangemaakt_op, gewijzigd_op) SELECT %lld, %lld, (SELECT id FROM programmas WHERE naam = "
		 "'Buurtgezinnen'), werkgebied_id, 'lopend', '%s', '%s', '%sT00:00:00Z', '%sT00:00:00Z' FROM gezinnen WHERE id = %lld",
		 (long long)v, (long long)s, datum, datum, datum, datum, (long long)v);
	harness_sql(q);
}

/* A formal-help item of gezin g; returns its id. */
static int64_t formele_hulp(int64_t g)
{
	char q[256];
	snprintf(q, sizeof q,
		 "INSERT INTO formele_hulp(gezin_id, soort, kader, van, gewijzigd_op) VALUES (%lld, 'wijkteam', 'vrijwillig', "
		 "'2023-01-01', '2023-01-01T00:00:00Z')",
		 (long long)g);
	harness_sql(q);
	return harness_sql_int("SELECT max(id) FROM formele_hulp");
}

/* Posts the CSV text as the beheerder; returns the status, *out the answer. */
static int import_csv(const char *csv, json_t **out)
{
	json_t *b = json_pack("{s:s}", "csv", csv);
	char *text = json_dumps(b, 0);
	int status = call(&bh, "POST", "/api/v1/tarief-imports", text, NULL, out);
	free(text);
	json_decref(b);
	return status;
}

/* The example tariff file of the repository. */
static char *voorbeeld(void)
{
	FILE *f = fopen(KOPPEL_SOURCE_DIR "/config/tarieven-voorbeeld.csv", "rb");
	ck_assert_ptr_nonnull(f);
	static char buf[16384];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("PUR");
	harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "PUR", 1);
	harness_user("beheer", "beheerder", NULL, 1);
	harness_user("rapport", "rapportage", "AMS", 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &bh), 201);
	ck_assert_int_eq(harness_login("rapport", HS_PASSWORD, &rap), 201);
	va = gezin("Gezin Jansen-Zichtbaar", "vraaggezin", "AMS", "Amsterdam");
	steun_a = gezin("Gezin Steun-A", "steungezin", "AMS", "Amsterdam");
	vb = gezin("Gezin Geheim-B", "vraaggezin", "PUR", "Purmerend");
	int64_t sb = gezin("Gezin Steun-B", "steungezin", "PUR", "Purmerend");
	koppeling(va, steun_a, "2023-03-01");
	koppeling(vb, sb, "2023-03-01");
	fh_a = formele_hulp(va);
	fh_b = formele_hulp(vb);
	ck_assert_int_eq(import_csv(voorbeeld(), NULL), 201);
}

static void teardown(void)
{
	harness_stop();
}

static void prepare(void)
{
	harness_prepare_hash();
}

/* PUTs scenario body for gezin g as s with header hdr; returns the status. */
static int put_scenario(struct hs_session *s, int64_t g, const char *body, const char *hdr, json_t **out)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/referentiescenario", (long long)g);
	return call(s, "PUT", path, body, hdr, out);
}

/* The scenario of the worked example: hours a week, a waiting-time chain, a range, an unknown quantity. */
static const char scenario[] =
	"{\"startdatum\":\"2023-03-01\",\"opgesteldMetOnafhankelijkeProfessional\":true,\"items\":["
	"{\"tarief\":\"ambulant-gezin\",\"per\":\"week\",\"hoeveelheid\":1.5,\"duur\":28},"
	"{\"tarief\":\"raad-onderzoek\",\"per\":\"totaal\",\"hoeveelheid\":1},"
	"{\"tarief\":\"ots\",\"per\":\"maand\",\"doorlopend\":true,\"wachtOp\":1,\"wachtMaanden\":3},"
	"{\"tarief\":\"crisispleegzorg\",\"per\":\"maand\",\"doorlopend\":true,\"wachtOp\":2,\"wachtMaanden\":2},"
	"{\"tarief\":\"ggz-opname\",\"per\":\"totaal\",\"hoeveelheid\":14,\"hoeveelheidTot\":21}"
	"]}";

START_TEST(tarieven_schrijven_en_lezen)
{
	json_t *j;
	const char *t = "{\"code\":\"test\",\"omschrijving\":\"Test\",\"bedrag\":\"12,34\",\"eenheid\":\"uur\",\"bron\":\"Proef\","
			"\"bronDatum\":\"2022-01-01\",\"betaler\":\"gemeente-wmo\",\"geldigVan\":\"2022-01-01\",\"geldigTot\":\"2022-12-31\"}";
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/tarieven", t, NULL, NULL), 403);
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/tarieven", t, NULL, &j), 201);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "bedragCent")), 1234);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	/* more than two decimals: refused, never rounded */
	const char *drie = "{\"code\":\"test\",\"omschrijving\":\"Test\",\"bedrag\":\"12,345\",\"eenheid\":\"uur\",\"bron\":\"Proef\","
			   "\"bronDatum\":\"2022-01-01\",\"betaler\":\"gemeente-wmo\",\"geldigVan\":\"2023-01-01\"}";
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/tarieven", drie, NULL, &j), 422);
	names(j, "/bedrag");
	json_decref(j);
	/* an overlapping version and another unit */
	const char *over = "{\"code\":\"test\",\"omschrijving\":\"Test\",\"bedrag\":\"13\",\"eenheid\":\"dag\",\"bron\":\"Proef\","
			   "\"bronDatum\":\"2022-01-01\",\"betaler\":\"gemeente-wmo\",\"geldigVan\":\"2022-06-01\"}";
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/tarieven", over, NULL, &j), 422);
	names(j, "/geldigVan");
	names(j, "/eenheid");
	json_decref(j);
	/* the next version */
	const char *volgende = "{\"code\":\"test\",\"omschrijving\":\"Test\",\"bedrag\":\"13.50\",\"eenheid\":\"uur\",\"bron\":\"Proef\","
			       "\"bronDatum\":\"2023-01-01\",\"betaler\":\"gemeente-wmo\",\"geldigVan\":\"2023-01-01\"}";
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/tarieven", volgende, NULL, NULL), 201);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/tarieven?code=test&peildatum=2023-05-01", NULL, NULL, &j), 200);
	ck_assert_int_eq(json_array_size(json_object_get(j, "items")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "bedragCent")), 1350);
	json_decref(j);
	/* a change needs the version read */
	char path[64], im[96];
	snprintf(path, sizeof path, "/api/v1/tarieven/%lld", (long long)id);
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"vervanging\":\"tarief maatschappelijk werker aangehouden\"}", NULL, NULL), 428);
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"bedrag\":\"12,40\"}", "If-Match: \"7\"\r\n", NULL), 412);
	harness_if_match(&bh, path, im, sizeof im);
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"bedrag\":\"12,40\",\"vervanging\":\"tarief onduidelijk\"}", im, &j), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "bedragCent")), 1240);
	ck_assert_str_eq(json_string_value(json_object_get(j, "vervanging")), "tarief onduidelijk");
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'tarief' AND actie = 'wijzigen'"), 1);
}
END_TEST

START_TEST(csv_import)
{
	/* the example file: every tariff of domain.md §8, amounts to the cent */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM tarieven"), 19);
	ck_assert_int_eq(harness_sql_int("SELECT bedrag_cent FROM tarieven WHERE code = 'bijstand-alleenstaande-ouder'"), 107870);
	ck_assert_int_eq(harness_sql_int("SELECT bedrag_cent FROM tarieven WHERE code = 'ggz-deeltijd'"), 800000);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM tarieven WHERE code = 'moeder-kindhuis' AND vervanging LIKE "
					 "'Tarief onduidelijk; %'"),
			 1);
	/* importing it again replaces the same versions */
	json_t *j;
	ck_assert_int_eq(import_csv(voorbeeld(), &j), 201);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "ingelezen")), 19);
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM tarieven"), 19);
	/* bad rows named by line; nothing saved, not even the good row */
	const char *csv = "\xEF\xBB\xBF" "code;omschrijving;bedrag;eenheid;bron;bronDatum;betaler;geldigVan\r\n"
			  "nieuw;Nieuw;10,00;uur;Proef;01-01-2024;rijk;01-01-2024\r\n"
			  "fout1;Fout;10,005;uur;Proef;2024-01-01;rijk;2024-01-01\r\n"
			  "\r\n"
			  "fout2;Fout;10;per-kwartaal;Proef;2024-01-01;rijk;2024-01-01\r\n"
			  "ots;OTS;30,00;etmaal;Proef;2019-01-01;gemeente-jeugdwet;2020-01-01\r\n";
	ck_assert_int_eq(import_csv(csv, &j), 422);
	names(j, "/regels/3/bedrag");
	names(j, "/regels/5/eenheid");
	names(j, "/regels/6/geldigVan"); /* overlaps the example's open version */
	ck_assert_int_eq(json_array_size(json_object_get(j, "invalidParams")), 3);
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM tarieven WHERE code = 'nieuw'"), 0);
	/* a missing column is named on the header line */
	ck_assert_int_eq(import_csv("code;omschrijving;bedrag\nx;y;1\n", &j), 422);
	names(j, "/regels/1/eenheid");
	json_decref(j);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/tarief-imports", "{\"csv\":\"x\"}", NULL, NULL), 403);
}
END_TEST

START_TEST(scenario_formules)
{
	json_t *j;
	ck_assert_int_eq(put_scenario(&ca, va, scenario, NULL, &j), 200);
	json_t *items = json_object_get(j, "items");
	ck_assert_int_eq(json_array_size(items), 5);
	static const char *const formules[] = {
		"1,5 uur/week × 28 weken × €86,40 = €3.628,80",
		"1 gezinsjaar × €3.500,00 = €3.500,00",
		"9 maanden × 365/12 etmalen × €27,05 = €7.404,94",
		"7 maanden × 365/12 etmalen × €58,29 = €12.410,91",
		"14–21 dagen × €265,00 = €3.710,00–€5.565,00",
	};
	for (size_t i = 0; i < 5; i++)
		ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, i), "formule")), formules[i]);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 3), "startOp")), "2023-08-01");
	json_t *t = json_object_get(j, "totaal");
	int64_t min = 362880 + 350000 + 740494 + 1241091 + 371000, max = min - 371000 + 556500;
	ck_assert_int_eq(json_integer_value(json_object_get(t, "referentieMinCent")), min);
	ck_assert_int_eq(json_integer_value(json_object_get(t, "referentieMaxCent")), max);
	/* one steungezin since 2023-03-01, past its anniversary today: €3.150 + €1.150 (and more later years) */
	int64_t kosten = json_integer_value(json_object_get(t, "programmakostenCent"));
	ck_assert_int_ge(kosten, 315000 + 115000);
	ck_assert_int_eq((kosten - 315000) % 115000, 0);
	ck_assert_int_eq(json_integer_value(json_object_get(t, "besparingMinCent")), min - kosten);
	ck_assert_str_eq(json_string_value(json_object_get(t, "klasse")), "goedkoper");
	ck_assert(json_is_true(json_object_get(j, "opgesteldMetOnafhankelijkeProfessional")));
	json_decref(j);

	/* an unknown quantity: besparing onbekend, the total says tenminste */
	const char *onbekend = "{\"startdatum\":\"2023-03-01\",\"items\":["
			       "{\"tarief\":\"ambulant-gezin\",\"per\":\"week\",\"hoeveelheid\":1.5,\"duur\":28},"
			       "{\"tarief\":\"traumabehandeling\",\"per\":\"totaal\",\"onbekend\":true}]}";
	char im[96];
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/referentiescenario", (long long)va);
	ck_assert_int_eq(put_scenario(&ca, va, onbekend, NULL, NULL), 428);
	ck_assert_int_eq(put_scenario(&ca, va, onbekend, "If-Match: \"99\"\r\n", NULL), 412);
	harness_if_match(&ca, path, im, sizeof im);
	ck_assert_int_eq(put_scenario(&ca, va, onbekend, im, &j), 200);
	t = json_object_get(j, "totaal");
	ck_assert_str_eq(json_string_value(json_object_get(t, "klasse")), "besparing-onbekend");
	ck_assert_str_eq(json_string_value(json_object_get(t, "referentie")), "tenminste €3.628,80");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 1), "formule")),
			 "? uur × €150,00 = onbekend");
	json_decref(j);

	/* no formal help at all: extra kosten */
	harness_if_match(&ca, path, im, sizeof im);
	ck_assert_int_eq(put_scenario(&ca, va, "{\"startdatum\":\"2023-03-01\",\"items\":[]}", im, &j), 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "totaal"), "klasse")), "extra-kosten");
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'referentiescenario' AND actie = 'wijzigen'"), 3);
}
END_TEST

START_TEST(tarief_op_de_datum_van_het_item)
{
	const char *v1 = "{\"code\":\"wijk\",\"omschrijving\":\"Wijkteam\",\"bedrag\":\"60\",\"eenheid\":\"uur\",\"bron\":\"P\","
			 "\"bronDatum\":\"2022-01-01\",\"betaler\":\"gemeente-wmo\",\"geldigVan\":\"2022-01-01\",\"geldigTot\":\"2022-06-30\"}";
	const char *v2 = "{\"code\":\"wijk\",\"omschrijving\":\"Wijkteam\",\"bedrag\":\"70\",\"eenheid\":\"uur\",\"bron\":\"P\","
			 "\"bronDatum\":\"2022-07-01\",\"betaler\":\"gemeente-wmo\",\"geldigVan\":\"2022-07-01\"}";
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/tarieven", v1, NULL, NULL), 201);
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/tarieven", v2, NULL, NULL), 201);
	json_t *j;
	const char *s = "{\"startdatum\":\"2022-03-01\",\"items\":["
			"{\"tarief\":\"wijk\",\"per\":\"totaal\",\"hoeveelheid\":10},"
			"{\"tarief\":\"wijk\",\"per\":\"totaal\",\"hoeveelheid\":10,\"wachtOp\":0,\"wachtMaanden\":6}]}";
	ck_assert_int_eq(put_scenario(&ca, va, s, NULL, &j), 200);
	json_t *items = json_object_get(j, "items");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 0), "minCent")), 60000);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 1), "minCent")), 70000);
	json_decref(j);
}
END_TEST

START_TEST(slechte_invoer)
{
	json_t *j;
	ck_assert_int_eq(put_scenario(&ca, va, scenario, NULL, NULL), 200);
	int64_t versie = harness_sql_int("SELECT versie FROM referentiescenarios");
	char path[96], im[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/referentiescenario", (long long)va);
	harness_if_match(&ca, path, im, sizeof im);
	static const struct {
		const char *body;
		int status;
		const char *veld;
	} cases[] = {
		/* negative */
		{ "{\"startdatum\":\"2023-03-01\",\"items\":[{\"tarief\":\"ots\",\"per\":\"totaal\",\"hoeveelheid\":-3}]}", 400,
		  "/items/0/hoeveelheid" },
		/* absurd: 200 hours a week */
		{ "{\"startdatum\":\"2023-03-01\",\"items\":[{\"tarief\":\"ambulant-gezin\",\"per\":\"week\",\"hoeveelheid\":200,"
		  "\"duur\":10}]}",
		  422, "/items/0/hoeveelheid" },
		/* a unit that does not fit the tariff */
		{ "{\"startdatum\":\"2023-03-01\",\"items\":[{\"tarief\":\"ots\",\"eenheid\":\"uur\",\"per\":\"totaal\",\"hoeveelheid\":3}]}",
		  422, "/items/0/eenheid" },
		{ "{\"startdatum\":\"2023-03-01\",\"items\":[{\"tarief\":\"ggz-deeltijd\",\"per\":\"week\",\"hoeveelheid\":1,\"duur\":16}]}",
		  422, "/items/0/per" },
		/* a waiting time on itself, and in a circle */
		{ "{\"startdatum\":\"2023-03-01\",\"items\":[{\"tarief\":\"ots\",\"per\":\"totaal\",\"hoeveelheid\":3,\"wachtOp\":0}]}",
		  422, "/items/0/wachtOp" },
		{ "{\"startdatum\":\"2023-03-01\",\"items\":[{\"tarief\":\"ots\",\"per\":\"totaal\",\"hoeveelheid\":3,\"wachtOp\":1},"
		  "{\"tarief\":\"ots\",\"per\":\"totaal\",\"hoeveelheid\":3,\"wachtOp\":0}]}",
		  422, "/items/0/wachtOp" },
		/* no version of the tariff valid on the item's date */
		{ "{\"startdatum\":\"2015-03-01\",\"items\":[{\"tarief\":\"ots\",\"per\":\"totaal\",\"hoeveelheid\":3}]}", 422,
		  "/items/0/tarief" },
		/* more than two decimals */
		{ "{\"startdatum\":\"2023-03-01\",\"items\":[{\"tarief\":\"ambulant-gezin\",\"per\":\"week\",\"hoeveelheid\":1.555,"
		  "\"duur\":10}]}",
		  422, "/items/0/hoeveelheid" },
		/* outcomes: another family's formal help, a mate with alleen-extra */
		{ "{\"startdatum\":\"2023-03-01\",\"items\":[],\"uitkomsten\":[{\"formeleHulp\":$FHB,\"uitkomst\":\"voorkomen\","
		  "\"mate\":\"dankzij\"}]}",
		  422, "/uitkomsten/0/formeleHulp" },
		{ "{\"startdatum\":\"2023-03-01\",\"items\":[],\"uitkomsten\":[{\"formeleHulp\":$FHA,\"uitkomst\":\"alleen-extra\","
		  "\"mate\":\"dankzij\"}]}",
		  422, "/uitkomsten/0/mate" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char body[1024], num[24];
		snprintf(body, sizeof body, "%s", cases[i].body);
		char *p;
		while ((p = strstr(body, "$FH")) != NULL) {
			snprintf(num, sizeof num, "%lld", (long long)(p[3] == 'A' ? fh_a : fh_b));
			char rest[1024];
			snprintf(rest, sizeof rest, "%s", p + 4);
			snprintf(p, sizeof body - (size_t)(p - body), "%s%s", num, rest);
		}
		ck_assert_msg(put_scenario(&ca, va, body, im, &j) == cases[i].status, "case %zu", i);
		names(j, cases[i].veld);
		json_decref(j);
	}
	/* nothing half-saved */
	ck_assert_int_eq(harness_sql_int("SELECT versie FROM referentiescenarios"), versie);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM scenario_items"), 5);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM hulp_uitkomsten"), 0);
}
END_TEST

START_TEST(uitkomsten)
{
	char body[512];
	json_t *j;
	snprintf(body, sizeof body,
		 "{\"startdatum\":\"2023-03-01\",\"items\":[],\"uitkomsten\":[{\"formeleHulp\":%lld,\"uitkomst\":\"verminderd\","
		 "\"mate\":\"mede-dankzij\"}]}",
		 (long long)fh_a);
	ck_assert_int_eq(put_scenario(&ca, va, body, NULL, &j), 200);
	json_t *fh = json_array_get(json_object_get(j, "formeleHulp"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(fh, "uitkomst")), "verminderd");
	ck_assert_str_eq(json_string_value(json_object_get(fh, "mate")), "mede-dankzij");
	json_decref(j);
}
END_TEST

START_TEST(ander_werkgebied)
{
	ck_assert_int_eq(put_scenario(&cb, vb, scenario, NULL, NULL), 200);
	/* A with B's family, and with an id that does not exist: the same answer */
	char p1[96], p2[96];
	snprintf(p1, sizeof p1, "/api/v1/gezinnen/%lld/referentiescenario", (long long)vb);
	snprintf(p2, sizeof p2, "/api/v1/gezinnen/%d/referentiescenario", 987654);
	struct http_response r1, r2;
	json_t *j1 = harness_call(&ca, "GET", p1, NULL, 1, NULL, &r1);
	json_t *j2 = harness_call(&ca, "GET", p2, NULL, 1, NULL, &r2);
	ck_assert_int_eq(r1.status, 404);
	ck_assert_int_eq(r2.status, 404);
	ck_assert(json_equal(j1, j2));
	ck_assert_ptr_null(strstr(r1.body, "Geheim"));
	http_response_free(&r1);
	http_response_free(&r2);
	json_decref(j1);
	json_decref(j2);
	ck_assert_int_eq(put_scenario(&ca, vb, scenario, "If-Match: *\r\n", NULL), 404);
	ck_assert_int_eq(harness_sql_int("SELECT versie FROM referentiescenarios"), 1);
	/* A's report does not count B's family */
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/rapportages/effecten", NULL, NULL, &j), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "totaal"), "gezinnen")), 0);
	json_decref(j);
	ck_assert_int_eq(call(&cb, "GET", "/api/v1/rapportages/effecten", NULL, NULL, &j), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "totaal"), "gezinnen")), 1);
	json_decref(j);
}
END_TEST

START_TEST(rapportage)
{
	ck_assert_int_eq(put_scenario(&ca, va, scenario, NULL, NULL), 200);
	struct http_response r;
	json_t *j = harness_call(&ca, "GET", "/api/v1/rapportages/effecten?van=2023-01-01&tot=2023-12-31", NULL, 1, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_null(strstr(r.body, "Jansen")); /* letters, never names */
	http_response_free(&r);
	json_t *g = json_array_get(json_object_get(j, "gezinnen"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(g, "gezin")), "A");
	/* peildatum 2023-12-31: one steungezin in its first year */
	ck_assert_int_eq(json_integer_value(json_object_get(g, "programmakostenCent")), 315000);
	int64_t min = 362880 + 350000 + 740494 + 1241091 + 371000;
	json_t *t = json_object_get(j, "totaal");
	ck_assert_int_eq(json_integer_value(json_object_get(t, "referentieMinCent")), min);
	ck_assert_int_eq(json_integer_value(json_object_get(t, "besparingMinCent")), min - 315000);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(t, "klassen"), "goedkoper")), 1);
	/* the sum per payer is the sum of the lines */
	json_t *pb = json_object_get(j, "perBetaler");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(pb, "gemeente-jeugdwet"), "minCent")),
			 362880 + 740494 + 1241091);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(pb, "rijk"), "minCent")), 350000);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(pb, "zorgverzekeraar-zvw"), "maxCent")), 556500);
	json_decref(j);
	/* a period without koppelingen counts nobody */
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/rapportages/effecten?van=2024-01-01", NULL, NULL, &j), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "totaal"), "gezinnen")), 0);
	json_decref(j);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/rapportages/effecten?van=2024-13-01", NULL, NULL, &j), 400);
	names(j, "van");
	json_decref(j);

	/* Dutch Excel CSV */
	j = harness_call(&ca, "GET", "/api/v1/rapportages/effecten?tot=2023-12-31", NULL, 1, "Accept: text/csv\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(strncmp(r.body, "\xEF\xBB\xBF" "gezin;gemeente;klasse;", 25) == 0);
	ck_assert_ptr_nonnull(strstr(r.body, "A;Amsterdam;goedkoper;30654,65;32509,65;3150,00;"));
	ck_assert_ptr_nonnull(strstr(r.body, "1,5 uur/week × 28 weken × €86,40 = €3.628,80"));
	http_response_free(&r);
	json_decref(j);

	/* the rapportage role: aggregates only, rounded, amounts suppressed under 10 families */
	j = harness_call(&rap, "GET", "/api/v1/rapportages/effecten", NULL, 1, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_null(json_object_get(j, "gezinnen"));
	ck_assert_ptr_null(strstr(r.body, "formule"));
	t = json_object_get(j, "totaal");
	ck_assert_str_eq(json_string_value(json_object_get(t, "gezinnen")), "<5");
	ck_assert(json_is_null(json_object_get(t, "referentieMinCent")));
	http_response_free(&r);
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'effectrapportage'"), 4);
	ck_assert_int_eq(
		harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'effectrapportage' AND actie = 'exporteren'"), 1);
}
END_TEST

/* A report as s for query q (200 expected); the caller frees it. */
static json_t *effectrapport(struct hs_session *s, const char *q)
{
	char path[160];
	snprintf(path, sizeof path, "/api/v1/rapportages/effecten%s", q);
	json_t *j;
	ck_assert_int_eq(call(s, "GET", path, NULL, NULL, &j), 200);
	return j;
}

START_TEST(rapportagerol_bedragen_alleen_als_jaartotaal)
{
	/* eleven families in Amsterdam with a scenario and a koppeling in 2023 */
	static const char klein[] =
		"{\"startdatum\":\"2023-03-01\",\"items\":[{\"tarief\":\"raad-onderzoek\",\"per\":\"totaal\",\"hoeveelheid\":1}]}";
	ck_assert_int_eq(put_scenario(&ca, va, klein, NULL, NULL), 200);
	for (int i = 0; i < 10; i++) {
		char naam[64];
		snprintf(naam, sizeof naam, "Gezin Reeks-%d", i);
		int64_t v = gezin(naam, "vraaggezin", "AMS", "Amsterdam");
		snprintf(naam, sizeof naam, "Gezin Reekssteun-%d", i);
		koppeling(v, gezin(naam, "steungezin", "AMS", "Amsterdam"), "2023-03-01");
		ck_assert_int_eq(put_scenario(&ca, v, klein, NULL, NULL), 200);
	}
	/* the whole year, unfiltered: the total's amounts, never those of a gemeente, programme or payer */
	json_t *j = effectrapport(&rap, "?van=2023-01-01&tot=2023-12-31");
	json_t *t = json_object_get(j, "totaal");
	ck_assert_int_eq(json_integer_value(json_object_get(t, "gezinnen")), 10);
	ck_assert_int_eq(json_integer_value(json_object_get(t, "referentieMinCent")), 11 * 350000);
	ck_assert(json_is_boolean(json_object_get(t, "tenminste")));
	json_t *g = json_array_get(json_object_get(j, "perGemeente"), 0);
	ck_assert_ptr_nonnull(g);
	ck_assert(json_is_null(json_object_get(g, "referentieMinCent")));
	ck_assert(json_is_null(json_object_get(g, "tenminste")));
	ck_assert(json_is_null(json_object_get(json_array_get(json_object_get(j, "perProgramma"), 0), "programmakostenCent")));
	ck_assert(json_is_null(json_object_get(json_object_get(json_object_get(j, "perBetaler"), "rijk"), "minCent")));
	json_decref(j);
	/* a gemeente, a programme or another period: no amounts, so none can be subtracted from the year's */
	static const char *const gefilterd[] = { "?van=2023-01-01&tot=2023-12-31&gemeente=Amsterdam",
						 "?van=2023-01-01&tot=2023-12-31&programma=1", "?van=2023-03-01&tot=2023-12-31",
						 "" };
	for (size_t i = 0; i < sizeof gefilterd / sizeof gefilterd[0]; i++) {
		j = effectrapport(&rap, gefilterd[i]);
		t = json_object_get(j, "totaal");
		ck_assert_msg(json_is_null(json_object_get(t, "referentieMinCent")), "amounts shown for %s", gefilterd[i]);
		ck_assert(json_is_null(json_object_get(t, "besparingMaxCent")));
		json_decref(j);
	}
	/* coordinators keep every figure */
	j = effectrapport(&ca, "?gemeente=Amsterdam");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "totaal"), "referentieMinCent")), 11 * 350000);
	json_decref(j);
}
END_TEST

START_TEST(ingetrokken_anonieme_rapportage)
{
	ck_assert_int_eq(put_scenario(&ca, va, scenario, NULL, NULL), 200);
	char q[256];
	snprintf(q, sizeof q,
		 "INSERT INTO toestemmingen(gezin_id, doel, gegeven_op, gegeven_door, ingetrokken_op) "
		 "VALUES (%lld, 'anonieme-rapportage', '2023-01-01', 'Ouder', '2024-06-01')",
		 (long long)va);
	harness_sql(q);
	/* a period that ended before the withdrawal keeps the family; one after it does not */
	json_t *j = effectrapport(&ca, "?tot=2023-12-31");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "totaal"), "gezinnen")), 1);
	json_decref(j);
	j = effectrapport(&ca, "");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "totaal"), "gezinnen")), 0);
	json_decref(j);
}
END_TEST

START_TEST(geanonimiseerd_gezin_krijgt_geen_scenario)
{
	ck_assert_int_eq(put_scenario(&ca, va, scenario, NULL, NULL), 200);
	char q[128];
	snprintf(q, sizeof q, "UPDATE gezinnen SET geanonimiseerd_op = '2026-01-01T00:00:00Z' WHERE id = %lld", (long long)va);
	harness_sql(q);
	json_t *j;
	ck_assert_int_eq(put_scenario(&ca, va, scenario, "If-Match: *\r\n", &j), 409);
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT versie FROM referentiescenarios"), 1);
}
END_TEST

START_TEST(instellingen)
{
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/effect-instellingen", NULL, NULL, &j), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "bandCent")), 50000);
	ck_assert_int_eq(json_array_size(json_object_get(j, "programmakosten")), 2);
	json_decref(j);
	int64_t bg = harness_sql_int("SELECT id FROM programmas WHERE naam = 'Buurtgezinnen'");
	char body[256];
	snprintf(body, sizeof body,
		 "{\"bandCent\":100000000,\"programmakosten\":[{\"programma\":%lld,\"jaar1Cent\":1000,\"laterCent\":0,"
		 "\"perGezin\":false}]}",
		 (long long)bg);
	ck_assert_int_eq(call(&ca, "PUT", "/api/v1/effect-instellingen", body, NULL, NULL), 403);
	ck_assert_int_eq(call(&bh, "PUT", "/api/v1/effect-instellingen", body, NULL, NULL), 200);
	ck_assert_int_eq(put_scenario(&ca, va, scenario, NULL, &j), 200);
	/* a band wider than any saving: ongeveer gelijk */
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "totaal"), "klasse")), "ongeveer-gelijk");
	json_decref(j);
	ck_assert_int_eq(call(&bh, "PUT", "/api/v1/effect-instellingen",
			      "{\"bandCent\":0,\"programmakosten\":[{\"programma\":987654,\"jaar1Cent\":1,\"laterCent\":1,"
			      "\"perGezin\":true}]}",
			      NULL, &j),
			 422);
	names(j, "/programmakosten/0/programma");
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT band_cent FROM effect_instellingen"), 100000000);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("effecten-api");
	TCase *t = tcase_create("core");
	tcase_add_unchecked_fixture(t, prepare, NULL);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 120);
	tcase_add_test(t, tarieven_schrijven_en_lezen);
	tcase_add_test(t, csv_import);
	tcase_add_test(t, scenario_formules);
	tcase_add_test(t, tarief_op_de_datum_van_het_item);
	tcase_add_test(t, slechte_invoer);
	tcase_add_test(t, uitkomsten);
	tcase_add_test(t, ander_werkgebied);
	tcase_add_test(t, rapportage);
	tcase_add_test(t, rapportagerol_bedragen_alleen_als_jaartotaal);
	tcase_add_test(t, ingetrokken_anonieme_rapportage);
	tcase_add_test(t, geanonimiseerd_gezin_krijgt_geen_scenario);
	tcase_add_test(t, instellingen);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
