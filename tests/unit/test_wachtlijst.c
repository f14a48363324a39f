/*
 * test_wachtlijst.c - the rules of the wachtlijst (server/wachtlijst.c):
 * the urgency list and its rank, the order (urgency, then the longest
 * wait, then id), the flag (no contact person; not told for more than
 * KP_WACHT_INFORMEER_DAGEN days), and that the SQL forms used by the
 * caseload overview sort and flag exactly like the C rules.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "wachtlijst.h"

START_TEST(urgenties_huiselijk_geweld_eerst_normaal_laatst)
{
	ck_assert_uint_ge(kp_wacht_urgenties.n, 4);
	ck_assert_str_eq(kp_wacht_urgenties.terms[0].code, "huiselijk-geweld");
	ck_assert_str_eq(kp_wacht_urgenties.terms[kp_wacht_urgenties.n - 1].code, "normaal");
	ck_assert_int_eq(kp_wacht_urgentie_rang("huiselijk-geweld"), 0);
	ck_assert_int_eq(kp_wacht_urgentie_rang("normaal"), (int)kp_wacht_urgenties.n - 1);
	ck_assert_int_eq(kp_wacht_urgentie_rang(NULL), (int)kp_wacht_urgenties.n - 1);
	ck_assert_int_eq(kp_wacht_urgentie_rang("onbekend"), -1);
	for (size_t i = 0; i < kp_wacht_urgenties.n; i++) {
		ck_assert_str_eq(kp_wacht_urgenties_codes[i], kp_wacht_urgenties.terms[i].code);
		ck_assert_ptr_nonnull(kp_wacht_urgenties.terms[i].naam);
	}
	ck_assert_ptr_null(kp_wacht_urgenties_codes[kp_wacht_urgenties.n]);
	ck_assert_str_eq(kp_vocab_naam(&kp_wacht_urgenties, "uithuisplaatsing"), "Dreigende uithuisplaatsing");
}
END_TEST

/* The families of the order tests: urgency, waiting days, id. */
static const struct kp_wachtend gezinnen[] = {
	{ "normaal", 90, 1 },     { "huiselijk-geweld", 3, 2 }, { NULL, 120, 3 },        { "acute-crisis", 10, 4 },
	{ "acute-crisis", 40, 5 }, { "normaal", 90, 6 },         { "uithuisplaatsing", 1, 7 }, { "huiselijk-geweld", 30, 8 },
};
#define N_GEZINNEN (sizeof gezinnen / sizeof gezinnen[0])

START_TEST(volgorde_urgentie_dan_langste_wachttijd_dan_id)
{
	struct kp_wachtend v[N_GEZINNEN];
	memcpy(v, gezinnen, sizeof v);
	qsort(v, N_GEZINNEN, sizeof v[0], kp_wacht_vergelijk);
	static const int64_t verwacht[] = { 8, 2, 7, 5, 4, 3, 1, 6 };
	for (size_t i = 0; i < N_GEZINNEN; i++)
		ck_assert_int_eq(v[i].gezin_id, verwacht[i]);
	/* urgent after 3 days before normaal after 90 */
	struct kp_wachtend urgent = { "huiselijk-geweld", 3, 9 }, normaal = { "normaal", 90, 1 };
	ck_assert_int_lt(kp_wacht_vergelijk(&urgent, &normaal), 0);
	ck_assert_int_gt(kp_wacht_vergelijk(&normaal, &urgent), 0);
	/* an unknown urgency after every known one */
	struct kp_wachtend raar = { "onbekend", 500, 1 };
	ck_assert_int_gt(kp_wacht_vergelijk(&raar, &normaal), 0);
	ck_assert_int_eq(kp_wacht_vergelijk(&normaal, &normaal), 0);
}
END_TEST

START_TEST(signaal_geen_contactpersoon_of_te_lang_niet_geinformeerd)
{
	ck_assert_int_eq(KP_WACHT_INFORMEER_DAGEN, 30);
	/* no contact person: flagged, whatever the dates */
	ck_assert_int_eq(kp_wacht_signaal(false, "2026-12-07", "2026-12-01", "2026-12-08"), KP_WACHT_GEEN_CONTACTPERSOON);
	/* told 30 days ago: fine; 31: flagged */
	ck_assert_int_eq(kp_wacht_signaal(true, "2026-11-08", "2026-01-01", "2026-12-08"), KP_WACHT_IN_ORDE);
	ck_assert_int_eq(kp_wacht_signaal(true, "2026-11-07", "2026-01-01", "2026-12-08"), KP_WACHT_NIET_GEINFORMEERD);
	/* never told: counted from the registration */
	ck_assert_int_eq(kp_wacht_signaal(true, NULL, "2026-11-20", "2026-12-08"), KP_WACHT_IN_ORDE);
	ck_assert_int_eq(kp_wacht_signaal(true, NULL, "2026-10-01", "2026-12-08"), KP_WACHT_NIET_GEINFORMEERD);
	/* across a year end and a leap day */
	ck_assert_int_eq(kp_wacht_signaal(true, "2027-12-31", NULL, "2028-01-31"), KP_WACHT_NIET_GEINFORMEERD);
	ck_assert_int_eq(kp_wacht_signaal(true, "2028-02-01", NULL, "2028-03-02"), KP_WACHT_IN_ORDE);
	ck_assert_int_eq(kp_wacht_signaal(true, "2028-01-31", NULL, "2028-03-02"), KP_WACHT_NIET_GEINFORMEERD);
	/* unparsable: not flagged */
	ck_assert_int_eq(kp_wacht_signaal(true, "gisteren", NULL, "2026-12-08"), KP_WACHT_IN_ORDE);
	ck_assert_str_eq(kp_wacht_signaal_code(KP_WACHT_GEEN_CONTACTPERSOON), "geen-contactpersoon");
	ck_assert_str_eq(kp_wacht_signaal_code(KP_WACHT_NIET_GEINFORMEERD), "niet-geinformeerd");
	ck_assert_ptr_null(kp_wacht_signaal_code(KP_WACHT_IN_ORDE));
	ck_assert_str_eq(kp_wacht_signaal_naam("niet-geinformeerd"), "Langer dan 30 dagen niet geïnformeerd");
	ck_assert_str_eq(kp_wacht_signaal_naam("geen-contactpersoon"), "Geen contactpersoon");
}
END_TEST

START_TEST(sql_sorteert_als_de_vergelijking)
{
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE w(id INTEGER, urgentie TEXT, dagen INTEGER)", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_stmt *ins;
	ck_assert_int_eq(sqlite3_prepare_v2(db, "INSERT INTO w VALUES (?1, ?2, ?3)", -1, &ins, NULL), SQLITE_OK);
	for (size_t i = 0; i < N_GEZINNEN; i++) {
		sqlite3_bind_int64(ins, 1, gezinnen[i].gezin_id);
		sqlite3_bind_text(ins, 2, gezinnen[i].urgentie, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, gezinnen[i].wachtdagen);
		ck_assert_int_eq(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	struct kp_wachtend v[N_GEZINNEN];
	memcpy(v, gezinnen, sizeof v);
	qsort(v, N_GEZINNEN, sizeof v[0], kp_wacht_vergelijk);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT id FROM w ORDER BY " KP_SQL_WACHT_RANG("urgentie") ", dagen DESC, id",
					    -1, &st, NULL),
			 SQLITE_OK);
	for (size_t i = 0; i < N_GEZINNEN; i++) {
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		ck_assert_int_eq(sqlite3_column_int64(st, 0), v[i].gezin_id);
	}
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
}
END_TEST

START_TEST(sql_signaleert_als_de_regel)
{
	static const struct {
		int contact;
		const char *laatst, *aangemeld, *vandaag;
	} gevallen[] = {
		{ 0, "2026-12-07", "2026-12-01", "2026-12-08" }, { 1, "2026-11-08", "2026-01-01", "2026-12-08" },
		{ 1, "2026-11-07", "2026-01-01", "2026-12-08" }, { 1, NULL, "2026-11-20", "2026-12-08" },
		{ 1, NULL, "2026-10-01", "2026-12-08" },         { 1, "2027-12-31", "2027-01-01", "2028-01-31" },
		{ 1, "2028-02-01", "2027-01-01", "2028-03-02" },
	};
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT " KP_SQL_WACHT_SIGNAAL("?1", "?2", "?3", "?4"), -1, &st, NULL),
			 SQLITE_OK);
	for (size_t i = 0; i < sizeof gevallen / sizeof gevallen[0]; i++) {
		sqlite3_bind_int(st, 1, gevallen[i].contact);
		sqlite3_bind_text(st, 2, gevallen[i].laatst, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, gevallen[i].aangemeld, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, gevallen[i].vandaag, -1, SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		const char *sql = (const char *)sqlite3_column_text(st, 0);
		const char *c = kp_wacht_signaal_code(kp_wacht_signaal(gevallen[i].contact, gevallen[i].laatst,
									gevallen[i].aangemeld, gevallen[i].vandaag));
		if (c)
			ck_assert_str_eq(sql ? sql : "(null)", c);
		else
			ck_assert_msg(sql == NULL, "case %zu: SQL flags %s, the rule does not", i, sql);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("wachtlijst");
	TCase *tc = tcase_create("regels");
	tcase_add_test(tc, urgenties_huiselijk_geweld_eerst_normaal_laatst);
	tcase_add_test(tc, volgorde_urgentie_dan_langste_wachttijd_dan_id);
	tcase_add_test(tc, signaal_geen_contactpersoon_of_te_lang_niet_geinformeerd);
	tcase_add_test(tc, sql_sorteert_als_de_vergelijking);
	tcase_add_test(tc, sql_signaleert_als_de_regel);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
