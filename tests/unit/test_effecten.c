/*
 * test_effecten.c - the effectencalculator's arithmetic against examples
 * checked by hand from the tariffs of ../shared/domain.md §8, to the cent:
 * hours a week, a waiting-time chain with per-etmaal items over the rest of
 * the year (365/12 days a month), a range, a cap, an unknown quantity,
 * several children, three steungezinnen, a second year, a family with no
 * formal help, the class band, circles refused, the formulas written out,
 * unit checks and the amount parser.
 */
#include <check.h>
#include <string.h>

#include "effecten.h"

/* An item with nothing optional set. */
static struct kp_eff_item item(int64_t tarief, enum kp_eff_eenheid e, enum kp_eff_per per, int64_t h, int64_t duur)
{
	struct kp_eff_item it = {
		.tarief_cent = tarief, .eenheid = e, .per = per, .hoeveelheid = h, .hoeveelheid_tot = KP_EFF_GEEN,
		.duur = duur, .kinderen = 1, .maximum = KP_EFF_GEEN, .wacht_op = KP_EFF_GEEN, .wacht_maanden = 0,
	};
	return it;
}

static struct kp_date d(int y, int m, int dd)
{
	struct kp_date x = { y, m, dd };
	return x;
}

START_TEST(uren_per_week)
{
	/* the issue's own example: 1,5 uur/week x 28 weken x €86,40 = €3.628,80 */
	struct kp_eff_item it = item(8640, KP_EFF_UUR, KP_EFF_PER_WEEK, 150, 2800);
	struct kp_eff_fout f;
	ck_assert(kp_eff_item_check(&it, &f));
	struct kp_eff_regel r;
	ck_assert_int_eq(kp_eff_bereken(&it, 1, &r), -1);
	ck_assert_int_eq(r.min_cent, 362880);
	ck_assert_int_eq(r.max_cent, 362880);
	ck_assert_str_eq(r.formule, "1,5 uur/week × 28 weken × €86,40 = €3.628,80");
}
END_TEST

START_TEST(wachttijdketen)
{
	/*
	 * Raad investigation (€3.500 per gezin per jaar) from month 0; an OTS
	 * (€27,05 per etmaal) after its 3 months; a crisis placement (€58,29
	 * per etmaal) after the OTS request's 2 months. Each per-etmaal item
	 * covers the rest of the first year, every day:
	 *   OTS   9 x 365/12 = 273,75 etmalen x 2705 = 740.493,75 -> 740.494 cent
	 *   pleeg 7 x 365/12 = 212,9166.. etmalen x 5829 = 1.241.091,25 -> 1.241.091 cent
	 */
	struct kp_eff_item it[3];
	it[0] = item(350000, KP_EFF_GEZIN_PER_JAAR, KP_EFF_TOTAAL, 100, KP_EFF_GEEN);
	it[1] = item(2705, KP_EFF_ETMAAL, KP_EFF_PER_MAAND, KP_EFF_GEEN, KP_EFF_GEEN);
	it[1].doorlopend = true;
	it[1].wacht_op = 0;
	it[1].wacht_maanden = 3;
	it[2] = item(5829, KP_EFF_ETMAAL, KP_EFF_PER_MAAND, KP_EFF_GEEN, KP_EFF_GEEN);
	it[2].doorlopend = true;
	it[2].wacht_op = 1;
	it[2].wacht_maanden = 2;
	struct kp_eff_fout f;
	for (int i = 0; i < 3; i++)
		ck_assert_msg(kp_eff_item_check(&it[i], &f), "item %d: %s", i, f.reden);
	struct kp_eff_regel r[3];
	ck_assert_int_eq(kp_eff_bereken(it, 3, r), -1);
	ck_assert_int_eq(r[0].start_maand, 0);
	ck_assert_int_eq(r[1].start_maand, 3);
	ck_assert_int_eq(r[2].start_maand, 5);
	ck_assert_int_eq(r[0].min_cent, 350000);
	ck_assert_int_eq(r[1].min_cent, 740494);
	ck_assert_int_eq(r[2].min_cent, 1241091);
	ck_assert_str_eq(r[0].formule, "1 gezinsjaar × €3.500,00 = €3.500,00");
	ck_assert_str_eq(r[1].formule, "9 maanden × 365/12 etmalen × €27,05 = €7.404,94");
	ck_assert_str_eq(r[2].formule, "7 maanden × 365/12 etmalen × €58,29 = €12.410,91");
	struct kp_eff_gezin g;
	kp_eff_gezin_bereken(r, 3, 315000, 50000, &g);
	ck_assert_int_eq(g.referentie_min, 350000 + 740494 + 1241091);
	ck_assert_int_eq(g.besparing_min, 350000 + 740494 + 1241091 - 315000);
	ck_assert_int_eq(g.klasse, KP_EFF_GOEDKOPER);

	/* a given duration beyond the first year counts only the months left */
	it[2].duur = 1000;
	ck_assert_int_eq(kp_eff_bereken(it, 3, r), -1);
	ck_assert_int_eq(r[2].min_cent, 1241091);
	/* a chain past the first year costs nothing in it */
	it[2].wacht_maanden = 12;
	ck_assert_int_eq(kp_eff_bereken(it, 3, r), -1);
	ck_assert_int_eq(r[2].start_maand, 15);
	ck_assert_int_eq(r[2].min_cent, 0);
}
END_TEST

START_TEST(bandbreedte_en_maximum)
{
	/* GGZ admission 14 to 21 days at €265: €3.710,00 to €5.565,00 */
	struct kp_eff_item it = item(26500, KP_EFF_DAG, KP_EFF_TOTAAL, 1400, KP_EFF_GEEN);
	it.hoeveelheid_tot = 2100;
	struct kp_eff_fout f;
	ck_assert(kp_eff_item_check(&it, &f));
	struct kp_eff_regel r;
	kp_eff_bereken(&it, 1, &r);
	ck_assert_int_eq(r.min_cent, 371000);
	ck_assert_int_eq(r.max_cent, 556500);
	ck_assert_str_eq(r.formule, "14–21 dagen × €265,00 = €3.710,00–€5.565,00");
	/* capped at 18 days: only the upper end moves */
	it.maximum = 1800;
	kp_eff_bereken(&it, 1, &r);
	ck_assert_int_eq(r.min_cent, 371000);
	ck_assert_int_eq(r.max_cent, 477000);
	ck_assert(r.begrensd);
	/* an admission of every day for 2 months, at most 14 days: 60,83 days -> 14 x €265 */
	struct kp_eff_item o = item(26500, KP_EFF_DAG, KP_EFF_PER_MAAND, KP_EFF_GEEN, 200);
	o.doorlopend = true;
	o.maximum = 1400;
	ck_assert(kp_eff_item_check(&o, &f));
	kp_eff_bereken(&o, 1, &r);
	ck_assert_int_eq(r.min_cent, 371000);
	ck_assert_str_eq(r.formule, "2 maanden × 365/12 dagen = 60,83 dagen, begrensd op 14 dagen × €265,00 = €3.710,00");

	/* a family whose reference is a range that straddles the programme cost is "ongeveer gelijk" */
	struct kp_eff_gezin g;
	it.maximum = KP_EFF_GEEN;
	kp_eff_bereken(&it, 1, &r);
	kp_eff_gezin_bereken(&r, 1, 450000, 50000, &g);
	ck_assert_int_eq(g.besparing_min, -79000);
	ck_assert_int_eq(g.besparing_max, 106500);
	ck_assert_int_eq(g.klasse, KP_EFF_GELIJK);
}
END_TEST

START_TEST(kinderen_per_maand)
{
	/* weekend foster care: 4 etmalen/maand x 12 maanden x 2 kinderen x €42,75 = €4.104,00 */
	struct kp_eff_item it = item(4275, KP_EFF_ETMAAL, KP_EFF_PER_MAAND, 400, 1200);
	it.kinderen = 2;
	struct kp_eff_fout f;
	ck_assert(kp_eff_item_check(&it, &f));
	struct kp_eff_regel r;
	kp_eff_bereken(&it, 1, &r);
	ck_assert_int_eq(r.min_cent, 410400);
	ck_assert_str_eq(r.formule, "4 etmalen/maand × 12 maanden × 2 kinderen × €42,75 = €4.104,00");
	/* without a duration, a month-based item runs to the end of the first year */
	it.duur = KP_EFF_GEEN;
	it.wacht_maanden = 6;
	kp_eff_bereken(&it, 1, &r);
	ck_assert_int_eq(r.min_cent, 205200);
}
END_TEST

START_TEST(onbekende_hoeveelheid)
{
	struct kp_eff_item it[2];
	it[0] = item(6500, KP_EFF_UUR, KP_EFF_PER_WEEK, 200, 2000); /* 2 x 20 x 65 = €2.600 */
	it[1] = item(15000, KP_EFF_UUR, KP_EFF_TOTAAL, KP_EFF_GEEN, KP_EFF_GEEN);
	it[1].onbekend = true;
	struct kp_eff_fout f;
	ck_assert(kp_eff_item_check(&it[1], &f));
	struct kp_eff_regel r[2];
	kp_eff_bereken(it, 2, r);
	ck_assert(r[1].onbekend);
	ck_assert_str_eq(r[1].formule, "? uur × €150,00 = onbekend");
	struct kp_eff_gezin g;
	kp_eff_gezin_bereken(r, 2, 315000, 50000, &g);
	ck_assert(g.onbekend);
	ck_assert_int_eq(g.klasse, KP_EFF_ONBEKEND);
	ck_assert_str_eq(kp_eff_klasse_naam(g.klasse), "besparing-onbekend");
	ck_assert_int_eq(g.referentie_min, 260000); /* at least the known part, never 0 */
}
END_TEST

START_TEST(programmakosten)
{
	struct kp_eff_kosten bg = { 315000, 115000, false };
	struct kp_eff_koppeling k[3] = {
		{ d(2023, 3, 1), false, { 0, 0, 0 } },
		{ d(2023, 3, 1), false, { 0, 0, 0 } },
		{ d(2023, 4, 15), false, { 0, 0, 0 } },
	};
	struct kp_eff_programma p;
	/* three steungezinnen cost three times the first-year amount: €9.450 */
	kp_eff_programmakosten(&bg, k, 3, d(2023, 12, 31), &p);
	ck_assert_int_eq(p.cent, 945000);
	ck_assert_str_eq(p.formule, "3 × €3.150,00 (eerste jaar per steungezin) = €9.450,00");
	/* a second year: the first koppeling's anniversary has passed, the third's not yet */
	kp_eff_programmakosten(&bg, k, 3, d(2024, 3, 31), &p);
	ck_assert_int_eq(p.cent, 3 * 315000 + 2 * 115000);
	ck_assert_int_eq(p.later, 2);
	/* a koppeling that ended before its anniversary has no second year */
	k[0].beeindigd = true;
	k[0].eind = d(2024, 2, 1);
	kp_eff_programmakosten(&bg, k, 3, d(2024, 3, 31), &p);
	ck_assert_int_eq(p.cent, 3 * 315000 + 115000);
	ck_assert_str_eq(p.formule, "3 × €3.150,00 (eerste jaar per steungezin) + 1 × €1.150,00 (later jaar) = €10.600,00");
	/* not started yet on the peildatum: nothing */
	kp_eff_programmakosten(&bg, k, 3, d(2023, 1, 1), &p);
	ck_assert_int_eq(p.cent, 0);
	/* a buddy programme counts per family: €2.400 a year however many koppelingen */
	k[0].beeindigd = false;
	struct kp_eff_kosten gb = { 240000, 240000, true };
	kp_eff_programmakosten(&gb, k, 3, d(2024, 3, 1), &p);
	ck_assert_int_eq(p.cent, 480000);
}
END_TEST

START_TEST(geen_formele_hulp)
{
	struct kp_eff_gezin g;
	kp_eff_gezin_bereken(NULL, 0, 315000, 50000, &g);
	ck_assert(g.geen_hulp);
	ck_assert_int_eq(g.besparing_min, -315000);
	ck_assert_int_eq(g.klasse, KP_EFF_EXTRA);
	/* even when the programme costs less than the band */
	kp_eff_gezin_bereken(NULL, 0, 10000, 50000, &g);
	ck_assert_int_eq(g.klasse, KP_EFF_EXTRA);
}
END_TEST

START_TEST(band)
{
	struct kp_eff_regel r = { .min_cent = 350000, .max_cent = 350000 };
	struct kp_eff_gezin g;
	kp_eff_gezin_bereken(&r, 1, 315000, 50000, &g); /* saves €350: within €500 */
	ck_assert_int_eq(g.klasse, KP_EFF_GELIJK);
	kp_eff_gezin_bereken(&r, 1, 315000, 30000, &g);
	ck_assert_int_eq(g.klasse, KP_EFF_GOEDKOPER);
	kp_eff_gezin_bereken(&r, 1, 415000, 50000, &g); /* €650 more */
	ck_assert_int_eq(g.klasse, KP_EFF_EXTRA);
}
END_TEST

START_TEST(kringen_geweigerd)
{
	struct kp_eff_item it[3];
	for (int i = 0; i < 3; i++)
		it[i] = item(6500, KP_EFF_UUR, KP_EFF_TOTAAL, 100, KP_EFF_GEEN);
	int start[3];
	it[0].wacht_op = 0;
	ck_assert_int_eq(kp_eff_starts(it, 3, start), 0); /* on itself */
	it[0].wacht_op = 2;
	it[1].wacht_op = 0;
	it[2].wacht_op = 1;
	ck_assert_int_ge(kp_eff_starts(it, 3, start), 0); /* a circle of three */
	struct kp_eff_regel r[3];
	ck_assert_int_ge(kp_eff_bereken(it, 3, r), 0);
	it[0].wacht_op = 5;
	ck_assert_int_eq(kp_eff_starts(it, 3, start), 0); /* out of range */
	it[0].wacht_op = KP_EFF_GEEN;
	ck_assert_int_eq(kp_eff_starts(it, 3, start), -1);
}
END_TEST

START_TEST(eenheden_gecontroleerd)
{
	struct kp_eff_fout f;
	/* a fixed sum cannot be counted per week */
	struct kp_eff_item it = item(800000, KP_EFF_VAST, KP_EFF_PER_WEEK, 100, 1600);
	ck_assert(!kp_eff_item_check(&it, &f));
	ck_assert_str_eq(f.veld, "per");
	/* doorlopend only per etmaal or dag */
	it = item(8640, KP_EFF_UUR, KP_EFF_PER_MAAND, KP_EFF_GEEN, 300);
	it.doorlopend = true;
	ck_assert(!kp_eff_item_check(&it, &f));
	ck_assert_str_eq(f.veld, "doorlopend");
	/* negative and absurd quantities */
	it = item(8640, KP_EFF_UUR, KP_EFF_PER_WEEK, -100, 1000);
	ck_assert(!kp_eff_item_check(&it, &f));
	ck_assert_str_eq(f.veld, "hoeveelheid");
	it = item(8640, KP_EFF_UUR, KP_EFF_PER_WEEK, 20000, 5200); /* 200 hours a week */
	ck_assert(!kp_eff_item_check(&it, &f));
	ck_assert_str_eq(f.veld, "hoeveelheid");
	it = item(4275, KP_EFF_ETMAAL, KP_EFF_TOTAAL, 40000, KP_EFF_GEEN); /* 400 etmalen in a year */
	ck_assert(!kp_eff_item_check(&it, &f));
	it = item(4275, KP_EFF_ETMAAL, KP_EFF_TOTAAL, 36500, KP_EFF_GEEN);
	ck_assert(kp_eff_item_check(&it, &f));
	it = item(4275, KP_EFF_ETMAAL, KP_EFF_PER_MAAND, 400, 1300); /* 13 months */
	ck_assert(!kp_eff_item_check(&it, &f));
	ck_assert_str_eq(f.veld, "duur");
	it = item(26500, KP_EFF_DAG, KP_EFF_TOTAAL, 2100, KP_EFF_GEEN);
	it.hoeveelheid_tot = 1400;
	ck_assert(!kp_eff_item_check(&it, &f));
	ck_assert_str_eq(f.veld, "hoeveelheidTot");
}
END_TEST

START_TEST(bedragen)
{
	int64_t c;
	ck_assert_int_eq(kp_eff_parse_bedrag("86,40", &c), 0);
	ck_assert_int_eq(c, 8640);
	ck_assert_int_eq(kp_eff_parse_bedrag("86.40", &c), 0);
	ck_assert_int_eq(c, 8640);
	ck_assert_int_eq(kp_eff_parse_bedrag("1.078,70", &c), 0);
	ck_assert_int_eq(c, 107870);
	ck_assert_int_eq(kp_eff_parse_bedrag("€ 8000", &c), 0);
	ck_assert_int_eq(c, 800000);
	ck_assert_int_eq(kp_eff_parse_bedrag("42,5", &c), 0);
	ck_assert_int_eq(c, 4250);
	ck_assert_int_eq(kp_eff_parse_bedrag("86,405", &c), 1);
	ck_assert_int_eq(kp_eff_parse_bedrag("3.500", &c), 1); /* ambiguous: refused, never read as 3,5 */
	ck_assert_int_eq(kp_eff_parse_bedrag("-5", &c), -1);
	ck_assert_int_eq(kp_eff_parse_bedrag("1.07,70", &c), -1);
	ck_assert_int_eq(kp_eff_parse_bedrag("", &c), -1);
	ck_assert_int_eq(kp_eff_parse_bedrag("12,", &c), -1);
	char b[32];
	kp_eff_euro(-12000, b, sizeof b);
	ck_assert_str_eq(b, "-€120,00");
	kp_eff_euro(123456789, b, sizeof b);
	ck_assert_str_eq(b, "€1.234.567,89");
	kp_eff_getal(6083, b, sizeof b);
	ck_assert_str_eq(b, "60,83");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("effecten");
	TCase *t = tcase_create("core");
	tcase_add_test(t, uren_per_week);
	tcase_add_test(t, wachttijdketen);
	tcase_add_test(t, bandbreedte_en_maximum);
	tcase_add_test(t, kinderen_per_maand);
	tcase_add_test(t, onbekende_hoeveelheid);
	tcase_add_test(t, programmakosten);
	tcase_add_test(t, geen_formele_hulp);
	tcase_add_test(t, band);
	tcase_add_test(t, kringen_geweigerd);
	tcase_add_test(t, eenheden_gecontroleerd);
	tcase_add_test(t, bedragen);
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
