/*
 * test_regels.c - the programme's hard rules over plain structs: VOG by age
 * (the 18th birthday on the day, 29 February, a kind of 18, an adult of
 * unknown age), "VOG nodig vanaf", VOG validity on calendar months and its
 * boundaries, exemption per role, the distance limit, a role the programme
 * does not take, availability and capacity.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "regels.h"

enum { STEUNGEZIN = 1, STEUNMAATJE = 2, BUDDY = 3, ESTAFETTE = 4 }; /* kp_rollen indices */

static struct kp_date D(const char *s)
{
	struct kp_date d;
	ck_assert_msg(kp_date_parse(s, &d), "bad date %s", s);
	return d;
}

static struct kp_regels programma(void)
{
	struct kp_regels r;
	kp_regels_standaard(&r);
	return r;
}

/* A member; birth and vog may be NULL. */
static struct kp_regels_lid lid(const char *naam, bool volwassene, const char *geboorte, const char *vog)
{
	struct kp_regels_lid l = { .naam = naam, .volwassene = volwassene };
	if (geboorte) {
		l.geboorte_bekend = true;
		l.geboorte = D(geboorte);
	}
	if (vog) {
		l.vog_bekend = true;
		l.vog = D(vog);
	}
	return l;
}

static struct kp_regels_uitkomst check(const struct kp_regels *r, int rol, const struct kp_regels_lid *leden, size_t n,
				       const char *today)
{
	struct kp_regels_steun s = { .rol = rol, .beschikbaar = true, .leden = leden, .n_leden = n, .vrij = -1 };
	struct kp_regels_uitkomst u;
	kp_regels_check(r, &s, D(today), &u);
	return u;
}

START_TEST(eighteenth_birthday_on_the_day)
{
	struct kp_regels r = programma();
	/* entered as kind: from the 18th birthday on, a VOG is needed all the same */
	struct kp_regels_lid kind = lid("Sam", false, "2008-12-07", NULL);
	struct kp_regels_uitkomst u = check(&r, STEUNGEZIN, &kind, 1, "2026-12-06");
	ck_assert_uint_eq(u.gebroken, 0);
	ck_assert(u.vog_binnenkort);
	ck_assert_str_eq(u.signaal, "VOG nodig vanaf 7 december 2026: Sam.");
	ck_assert_int_eq(kp_date_cmp(u.vog_nodig_vanaf, D("2026-12-07")), 0);
	u = check(&r, STEUNGEZIN, &kind, 1, "2026-12-07");
	ck_assert_uint_eq(u.gebroken, KP_REGEL_GEEN_VOG);
	ck_assert_str_eq(kp_regels_reden(&u), "Geen geldige VOG (hoogstens 36 maanden oud) voor: Sam.");
	ck_assert(!u.vog_binnenkort);
	/* with a VOG it passes */
	kind = lid("Sam", false, "2008-12-07", "2026-12-01");
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &kind, 1, "2026-12-07").gebroken, 0);
	/* a VOG already valid on the birthday: nothing to flag beforehand */
	ck_assert(!check(&r, STEUNGEZIN, &kind, 1, "2026-12-06").vog_binnenkort);
	/* the flag starts three calendar months ahead */
	kind = lid("Sam", false, "2008-12-07", NULL);
	ck_assert(!check(&r, STEUNGEZIN, &kind, 1, "2026-09-06").vog_binnenkort);
	ck_assert(check(&r, STEUNGEZIN, &kind, 1, "2026-09-07").vog_binnenkort);
	/* entered as volwassene but 17: no VOG needed yet */
	struct kp_regels_lid jong = lid("Noa", true, "2008-12-07", NULL);
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &jong, 1, "2026-12-06").gebroken, 0);
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &jong, 1, "2026-12-07").gebroken, KP_REGEL_GEEN_VOG);
}
END_TEST

START_TEST(leap_day_birthdays)
{
	ck_assert_int_eq(kp_date_cmp(kp_regels_achttien(D("2008-02-29")), D("2026-03-01")), 0); /* 2026: common year */
	ck_assert_int_eq(kp_date_cmp(kp_regels_achttien(D("2006-02-28")), D("2024-02-28")), 0);
	ck_assert_int_eq(kp_date_cmp(kp_regels_achttien(D("2012-02-29")), D("2030-03-01")), 0);
	ck_assert_int_eq(kp_date_cmp(kp_regels_achttien(D("1996-02-29")), D("2014-03-01")), 0);
	ck_assert_int_eq(kp_date_cmp(kp_regels_achttien(D("2004-02-29")), D("2022-03-01")), 0);
	ck_assert_int_eq(kp_date_cmp(kp_regels_achttien(D("2008-12-07")), D("2026-12-07")), 0);
}
END_TEST

START_TEST(leap_day_member)
{
	struct kp_regels r = programma();
	struct kp_regels_lid l = lid("Lotte", false, "2008-02-29", NULL);
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &l, 1, "2026-02-28").gebroken, 0);
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &l, 1, "2026-03-01").gebroken, KP_REGEL_GEEN_VOG);
	struct kp_regels_uitkomst u = check(&r, STEUNGEZIN, &l, 1, "2026-02-28");
	ck_assert_str_eq(u.signaal, "VOG nodig vanaf 1 maart 2026: Lotte.");
	/* born on 29 February of a leap year, turning 18 in a leap year: that day itself */
	l = lid("Jip", false, "2012-02-29", NULL);
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &l, 1, "2030-02-28").gebroken, 0);
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &l, 1, "2030-03-01").gebroken, KP_REGEL_GEEN_VOG);
}
END_TEST

START_TEST(unknown_age)
{
	struct kp_regels r = programma();
	struct kp_regels_lid leden[] = { lid("Piet Jansen", true, NULL, NULL), lid("Tim", false, "2019-06-01", NULL) };
	struct kp_regels_uitkomst u = check(&r, STEUNGEZIN, leden, 2, "2026-06-01");
	ck_assert_uint_eq(u.gebroken, KP_REGEL_GEEN_VOG);
	ck_assert_uint_eq(u.zonder_vog, 1);
	ck_assert_str_eq(u.reden[2], "Geen geldige VOG (hoogstens 36 maanden oud) voor: Piet Jansen.");
	leden[0] = lid("Piet Jansen", true, NULL, "2025-01-01");
	ck_assert_uint_eq(check(&r, STEUNGEZIN, leden, 2, "2026-06-01").gebroken, 0);
	/* two members without: both named */
	struct kp_regels_lid twee[] = { lid("Ans", true, "1980-01-01", NULL), lid("Bo", false, "2000-01-01", NULL) };
	u = check(&r, STEUNGEZIN, twee, 2, "2026-06-01");
	ck_assert_uint_eq(u.zonder_vog, 2);
	ck_assert_str_eq(u.reden[2], "Geen geldige VOG (hoogstens 36 maanden oud) voor: Ans, Bo.");
}
END_TEST

START_TEST(validity_on_calendar_months)
{
	struct kp_regels r = programma();
	struct kp_regels_lid l = lid("Ans", true, "1980-01-01", "2023-06-15");
	/* 36 months: valid up to and including 2026-06-15 */
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &l, 1, "2026-06-15").gebroken, 0);
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &l, 1, "2026-06-16").gebroken, KP_REGEL_GEEN_VOG);
	/* the programme's own validity */
	r.vog_maanden = 12;
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &l, 1, "2024-06-15").gebroken, 0);
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &l, 1, "2024-06-16").gebroken, KP_REGEL_GEEN_VOG);
	ck_assert_ptr_null(kp_regels_reden(&(struct kp_regels_uitkomst){ 0 }));
	struct kp_regels_uitkomst u = check(&r, STEUNGEZIN, &l, 1, "2024-06-16");
	ck_assert_str_eq(kp_regels_reden(&u), "Geen geldige VOG (hoogstens 12 maanden oud) voor: Ans.");
	/* month ends clamp: 31 August + 6 months is 28 February (2026), 29 February (2028) */
	r.vog_maanden = 6;
	l = lid("Ans", true, "1980-01-01", "2025-08-31");
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &l, 1, "2026-02-28").gebroken, 0);
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &l, 1, "2026-03-01").gebroken, KP_REGEL_GEEN_VOG);
	l = lid("Ans", true, "1980-01-01", "2027-08-31");
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &l, 1, "2028-02-29").gebroken, 0);
	ck_assert_uint_eq(check(&r, STEUNGEZIN, &l, 1, "2028-03-01").gebroken, KP_REGEL_GEEN_VOG);
	/* expiring within three months: a risk, not a broken rule */
	r.vog_maanden = 36;
	l = lid("Ans", true, "1980-01-01", "2023-06-15");
	u = check(&r, STEUNGEZIN, &l, 1, "2026-03-16"); /* no longer valid on 2026-06-16 */
	ck_assert_uint_eq(u.gebroken, 0);
	ck_assert(u.vog_verloopt);
	ck_assert(!check(&r, STEUNGEZIN, &l, 1, "2026-03-15").vog_verloopt);
	ck_assert(kp_regels_vog_geldig(D("2023-06-15"), 36, D("2026-06-15")));
	ck_assert(!kp_regels_vog_geldig(D("2023-06-15"), 36, D("2026-06-16")));
}
END_TEST

START_TEST(exemption_per_role)
{
	struct kp_regels r = programma();
	struct kp_regels_lid l = lid("Ans", true, "1980-01-01", NULL);
	ck_assert_uint_eq(check(&r, ESTAFETTE, &l, 1, "2026-06-01").gebroken, KP_REGEL_GEEN_VOG);
	r.vog_vrij = 1u << ESTAFETTE;
	ck_assert_uint_eq(check(&r, ESTAFETTE, &l, 1, "2026-06-01").gebroken, 0);
	ck_assert_uint_eq(check(&r, BUDDY, &l, 1, "2026-06-01").gebroken, KP_REGEL_GEEN_VOG); /* only that role */
	/* an exempt role gets no VOG flags either */
	struct kp_regels_lid kind = lid("Sam", false, "2008-12-07", NULL);
	ck_assert(!check(&r, ESTAFETTE, &kind, 1, "2026-12-01").vog_binnenkort);
	ck_assert(check(&r, BUDDY, &kind, 1, "2026-12-01").vog_binnenkort);
}
END_TEST

START_TEST(role_distance_status_capacity)
{
	struct kp_regels r = programma();
	r.rollen = 1u << STEUNGEZIN | 1u << STEUNMAATJE;
	struct kp_regels_lid l = lid("Ans", true, "1980-01-01", "2025-01-01");
	struct kp_regels_uitkomst u = check(&r, BUDDY, &l, 1, "2026-06-01");
	ck_assert_uint_eq(u.gebroken, KP_REGEL_ROL);
	ck_assert_str_eq(kp_regels_reden(&u), "Dit programma werkt niet met deze soort steunbiedend gezin.");
	ck_assert_uint_eq(check(&r, -1, &l, 1, "2026-06-01").gebroken, KP_REGEL_ROL);
	ck_assert_uint_eq(check(&r, STEUNMAATJE, &l, 1, "2026-06-01").gebroken, 0);

	r.max_km = 10;
	struct kp_regels_steun s = { .rol = STEUNGEZIN, .beschikbaar = true, .leden = &l, .n_leden = 1, .vrij = -1 };
	kp_regels_check(&r, &s, D("2026-06-01"), &u);
	ck_assert_uint_eq(u.gebroken, 0); /* distance unknown: not checked */
	s.afstand_bekend = true;
	s.afstand_km = 10.0;
	kp_regels_check(&r, &s, D("2026-06-01"), &u);
	ck_assert_uint_eq(u.gebroken, 0); /* on the limit */
	s.afstand_km = 10.01;
	kp_regels_check(&r, &s, D("2026-06-01"), &u);
	ck_assert_uint_eq(u.gebroken, KP_REGEL_TE_VER);
	ck_assert_str_eq(kp_regels_reden(&u), "Woont verder weg dan de 10 km van dit programma.");
	r.max_km = 0;
	kp_regels_check(&r, &s, D("2026-06-01"), &u);
	ck_assert_uint_eq(u.gebroken, 0); /* no limit */
	ck_assert(!kp_regels_te_ver(0, 500.0));
	ck_assert(kp_regels_te_ver(5, 5.5));

	s.beschikbaar = false;
	s.vrij = 0;
	s.leden = NULL;
	s.n_leden = 0;
	s.rol = BUDDY;
	r.rollen = 1u << STEUNGEZIN;
	kp_regels_check(&r, &s, D("2026-06-01"), &u);
	ck_assert_uint_eq(u.gebroken, KP_REGEL_ROL | KP_REGEL_NIET_BESCHIKBAAR | KP_REGEL_VOL);
	ck_assert_str_eq(u.reden[1], "Dit gezin is nu niet beschikbaar.");
	ck_assert_str_eq(u.reden[3], "Dit gezin heeft geen ruimte meer voor nog een koppeling.");
	ck_assert_str_eq(u.reden[2], "");
	s.vrij = 1;
	kp_regels_check(&r, &s, D("2026-06-01"), &u);
	ck_assert_uint_eq(u.gebroken & KP_REGEL_VOL, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("regels");
	TCase *tc = tcase_create("regels");
	tcase_add_test(tc, eighteenth_birthday_on_the_day);
	tcase_add_test(tc, leap_day_birthdays);
	tcase_add_test(tc, leap_day_member);
	tcase_add_test(tc, unknown_age);
	tcase_add_test(tc, validity_on_calendar_months);
	tcase_add_test(tc, exemption_per_role);
	tcase_add_test(tc, role_distance_status_capacity);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
