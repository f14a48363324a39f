/*
 * test_matching.c - the scorer and the assignment: every hard rule and
 * every criterion in isolation (table-driven), the explanation sentences,
 * determinism of the ranking, and the assignment against brute force on
 * random small instances (exactly optimal, never over capacity).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matching.h"

static struct kp_match_vraag base_vraag(void)
{
	struct kp_match_vraag v = { .has_coord = true, .lat = 52.378, .lon = 4.883, .frequentie = -1, .steunstijl = -1 };
	return v;
}

static struct kp_match_steun base_steun(void)
{
	struct kp_match_steun s = { .id = 1, .rol = 1, .beschikbaar = true, .vog_geldig = true, .capaciteit = 1,
				    .has_coord = true, .lat = 52.378, .lon = 4.883, .frequentie = -1, .leeftijd_tot = 18,
				    .steunstijl = -1 };
	return s;
}

static struct kp_match_regels regels(void)
{
	struct kp_match_regels r;
	kp_match_default_regels(&r, false);
	return r;
}

START_TEST(hard_rules_each_alone)
{
	struct kp_match_vraag v = base_vraag();
	struct kp_match_regels r = regels();
	struct kp_match_uitkomst u;
	struct kp_match_steun s = base_steun();
	kp_match_score(&v, &s, &r, &u);
	ck_assert_uint_eq(u.uitgesloten, 0);
	struct {
		void (*change)(struct kp_match_steun *, struct kp_match_regels *);
		unsigned want;
	} cases[8];
	size_t n = 0;
#define CASE(body, bit)                                                                                           \
	do {                                                                                                      \
		s = base_steun();                                                                                 \
		r = regels();                                                                                     \
		body;                                                                                             \
		kp_match_score(&v, &s, &r, &u);                                                                   \
		ck_assert_msg(u.uitgesloten == (bit), "case %s: %u", #body, u.uitgesloten);                       \
		ck_assert_str_ne(kp_match_hard_zin(bit), "");                                                     \
		n++;                                                                                              \
	} while (0)
	CASE(s.beschikbaar = false, KP_HARD_NIET_BESCHIKBAAR);
	CASE(s.vog_geldig = false, KP_HARD_GEEN_VOG);
	CASE((s.capaciteit = 2, s.actief = 2), KP_HARD_VOL);
	CASE(r.rollen = 1u << 2, KP_HARD_ROL);
	CASE(s.gestopt_paar = true, KP_HARD_GESTOPT);
	CASE(s.uitgesloten = true, KP_HARD_UITGESLOTEN);
	CASE((s.lat = 52.50, s.max_km = 5), KP_HARD_TE_VER);       /* ~13.5 km, supporter's limit */
	CASE((s.lat = 52.50, r.max_km = 10), KP_HARD_TE_VER);      /* programme's limit */
	(void)cases;
	ck_assert_uint_eq(n, 8);
	/* unknown coordinates never exclude on distance */
	s = base_steun();
	r = regels();
	s.has_coord = false;
	s.max_km = 1;
	kp_match_score(&v, &s, &r, &u);
	ck_assert_uint_eq(u.uitgesloten, 0);
	ck_assert(u.afstand_km < 0);
	/* several rules at once are all reported */
	s = base_steun();
	s.beschikbaar = false;
	s.gestopt_paar = true;
	kp_match_score(&v, &s, &r, &u);
	ck_assert_uint_eq(u.uitgesloten, KP_HARD_NIET_BESCHIKBAAR | KP_HARD_GESTOPT);
}
END_TEST

START_TEST(criteria_each_alone)
{
	struct kp_match_regels r = regels();
	struct kp_match_uitkomst u;
	char zin[256];
	struct {
		enum kp_crit c;
		void (*unused)(void);
	} dummy = { 0, NULL };
	(void)dummy;
#define CRIT(c, vbody, sbody, want, text)                                                                         \
	do {                                                                                                      \
		struct kp_match_vraag v = base_vraag();                                                           \
		struct kp_match_steun s = base_steun();                                                           \
		vbody;                                                                                            \
		sbody;                                                                                            \
		kp_match_score(&v, &s, &r, &u);                                                                   \
		ck_assert_msg(u.deel[c] > (want) - 0.01f && u.deel[c] < (want) + 0.01f, "%s: %f want %f", #vbody " " #sbody, \
			      (double)u.deel[c], (double)(want));                                                 \
		kp_match_zin(c, &v, &s, &u, zin, sizeof zin);                                                     \
		ck_assert_msg(strstr(zin, text) != NULL, "sentence '%s' lacks '%s'", zin, text);                   \
	} while (0)
	CRIT(KP_CRIT_AFSTAND, (void)0, (void)0, 1.0f, "Woont op 0,0 km.");
	CRIT(KP_CRIT_AFSTAND, (void)0, (s.lat = 52.3955), 1.0f, "Woont op 1,9 km.");      /* within 2 km: full score */
	CRIT(KP_CRIT_AFSTAND, (void)0, (s.lat = 52.4994), 0.5f, "Woont op 13,5 km.");     /* halfway 2..25 km */
	CRIT(KP_CRIT_AFSTAND, (void)0, (s.lat = 52.630), 0.0f, "Woont op 28,0 km.");      /* beyond the 25 km default */
	CRIT(KP_CRIT_AFSTAND, (void)0, (s.lat = 52.4795, s.max_km = 15), 0.29f, "Woont op 11,3 km."); /* own limit */
	CRIT(KP_CRIT_AFSTAND, (v.has_coord = false), (void)0, 0.5f, "Afstand onbekend");
	CRIT(KP_CRIT_STEUNVORMEN, (v.steunvormen = 0x3), (s.steunvormen = 0x1), 0.5f, "Biedt 1 van de 2");
	CRIT(KP_CRIT_STEUNVORMEN, (void)0, (void)0, 0.5f, "Geen steunvormen gevraagd");
	CRIT(KP_CRIT_DAGDELEN, (v.dagdelen = (1u << 9) | (1u << 20)), (s.dagdelen = 1u << 9), 0.5f,
	     "Kan op woensdag middag, gevraagd: woensdag middag en zaterdag ochtend.");
	CRIT(KP_CRIT_DAGDELEN, (v.dagdelen = 1u << 9), (s.dagdelen = 1u << 10), 0.0f, "Kan niet op de gevraagde dagdelen");
	CRIT(KP_CRIT_FREQUENTIE, (v.frequentie = 0), (s.frequentie = 0), 1.0f, "Dezelfde frequentie: Wekelijks.");
	CRIT(KP_CRIT_FREQUENTIE, (v.frequentie = 0), (s.frequentie = 2), 0.3f, "Andere frequentie");
	CRIT(KP_CRIT_LEEFTIJD, (v.n_kinderen = 2, v.leeftijden[0] = 5, v.leeftijden[1] = 14), (s.leeftijd_van = 4, s.leeftijd_tot = 12),
	     0.5f, "Kan kinderen van 4 tot 12 jaar aan; de kinderen zijn 5 en 14 jaar.");
	CRIT(KP_CRIT_TAAL, (v.n_talen = 1, v.talen[0] = kp_match_hash("ar")), (s.n_talen = 2, s.talen[0] = kp_match_hash("nl"), s.talen[1] = kp_match_hash("ar")),
	     1.0f, "Spreekt een taal van het gezin.");
	CRIT(KP_CRIT_TAAL, (v.n_talen = 1, v.talen[0] = kp_match_hash("ar")), (s.n_talen = 1, s.talen[0] = kp_match_hash("nl")), 0.0f,
	     "Spreekt geen van de talen");
	CRIT(KP_CRIT_WENSEN, (v.geen_huisdieren = true, v.niet_roken = true), (s.huisdieren = true), 0.5f,
	     "1 van de 2 wensen vervuld; niet: geen huisdieren.");
	CRIT(KP_CRIT_WENSEN, (v.wil_man = true), (s.man = true), 1.0f, "Alle 1 wensen vervuld.");
	CRIT(KP_CRIT_WENSEN, (void)0, (void)0, 0.5f, "Geen wensen opgegeven.");
	CRIT(KP_CRIT_ERVARING, (v.n_themas = 2, v.themas[0] = kp_match_hash("alleen opvoeden"), v.themas[1] = kp_match_hash("schulden")),
	     (s.n_themas = 1, s.themas[0] = kp_match_hash("Alleen opvoeden")), 0.5f, "Herkent 1 van de 2 thema's");
	CRIT(KP_CRIT_INTERESSES, (v.n_interesses = 1, v.interesses[0] = kp_match_hash("voetbal")), (s.n_interesses = 1, s.interesses[0] = kp_match_hash("voetbal")),
	     0.7f, "1 gedeelde interesse");
	CRIT(KP_CRIT_STEUNSTIJL, (v.steunstijl = 0), (s.steunstijl = 2), 0.0f, "Andere steunstijl: gewenst Activerend, aangeboden Overnemend.");
	CRIT(KP_CRIT_STEUNSTIJL, (v.steunstijl = 0), (s.steunstijl = 1), 0.6f, "Andere steunstijl");
}
END_TEST

START_TEST(risks_and_weights)
{
	struct kp_match_regels r = regels();
	struct kp_match_vraag v = base_vraag();
	struct kp_match_steun s = base_steun();
	struct kp_match_uitkomst u;
	s.capaciteit = 2;
	s.actief = 1;
	s.vog_verloopt = true;
	s.lat = 52.49; /* ~12 km */
	v.niet_roken = true;
	s.rookt = true;
	kp_match_score(&v, &s, &r, &u);
	ck_assert_uint_eq(u.risico, KP_RISICO_BIJNA_VOL | KP_RISICO_VOG_VERLOOPT | KP_RISICO_VER | KP_RISICO_WENS);
	for (unsigned b = 1; b < (1u << KP_RISICO_COUNT); b <<= 1)
		ck_assert_str_ne(kp_match_risico_zin(b), "");
	/* all criteria neutral or perfect: a perfect pair scores 100 */
	v = base_vraag();
	s = base_steun();
	v.steunvormen = s.steunvormen = 0x5;
	v.dagdelen = s.dagdelen = 0x30;
	v.frequentie = s.frequentie = 1;
	v.n_kinderen = 1;
	v.leeftijden[0] = 6;
	v.n_talen = s.n_talen = 1;
	v.talen[0] = s.talen[0] = kp_match_hash("nl");
	v.wil_man = s.man = true;
	v.n_themas = s.n_themas = 1;
	v.themas[0] = s.themas[0] = 7;
	v.n_interesses = s.n_interesses = 2;
	v.interesses[0] = s.interesses[0] = 8;
	v.interesses[1] = s.interesses[1] = 9;
	v.steunstijl = s.steunstijl = 1;
	kp_match_score(&v, &s, &r, &u);
	ck_assert_uint_eq(u.score, 100);
	/* estafette weighs lived experience heavily */
	struct kp_match_regels e;
	kp_match_default_regels(&e, true);
	v.themas[0] = 99;
	kp_match_score(&v, &s, &r, &u);
	uint8_t normal = u.score;
	kp_match_score(&v, &s, &e, &u);
	ck_assert_uint_lt(u.score, normal);
}
END_TEST

START_TEST(ranking_is_deterministic)
{
	enum { N = 200 };
	static struct kp_match_steun s[N], shuffled[N];
	struct kp_match_vraag v = base_vraag();
	v.steunvormen = 0x7;
	v.dagdelen = 0xF0;
	struct kp_match_regels r = regels();
	unsigned seed = 42;
	for (int i = 0; i < N; i++) {
		s[i] = base_steun();
		s[i].id = 1000 - i;
		seed = seed * 1103515245u + 12345u;
		s[i].steunvormen = (uint16_t)(seed >> 16) & 0x7;
		s[i].dagdelen = (uint32_t)(seed >> 8) & 0xF0;
		s[i].lat = 52.3 + (double)((seed >> 4) % 100) / 1000.0;
		s[i].beschikbaar = (seed % 7) != 0;
	}
	static struct kp_match_uitkomst u1[N], u2[N];
	static uint32_t o1[N], o2[N];
	size_t k1 = kp_match_rank(&v, s, N, &r, u1, o1);
	for (int i = 0; i < N; i++)
		shuffled[i] = s[(i * 37) % N];
	size_t k2 = kp_match_rank(&v, shuffled, N, &r, u2, o2);
	ck_assert_uint_eq(k1, k2);
	for (size_t i = 0; i < k1; i++) {
		ck_assert_int_eq(s[o1[i]].id, shuffled[o2[i]].id);
		if (i)
			ck_assert(u1[o1[i - 1]].score > u1[o1[i]].score ||
				  (u1[o1[i - 1]].score == u1[o1[i]].score && s[o1[i - 1]].id < s[o1[i]].id));
	}
}
END_TEST

/* Brute force: the best total over all assignments respecting capacities. */
static long best(const int16_t *score, size_t n, size_t m, uint8_t *cap, size_t i)
{
	if (i == n)
		return 0;
	long b = best(score, n, m, cap, i + 1); /* i unassigned */
	for (size_t j = 0; j < m; j++) {
		if (!cap[j] || score[i * m + j] < 0)
			continue;
		cap[j]--;
		long t = score[i * m + j] + best(score, n, m, cap, i + 1);
		cap[j]++;
		if (t > b)
			b = t;
	}
	return b;
}

START_TEST(assignment_is_optimal)
{
	unsigned seed = 7;
	for (int round = 0; round < 400; round++) {
		seed = seed * 1103515245u + 12345u;
		size_t n = 1 + (seed >> 16) % 6, m = 1 + (seed >> 8) % 5;
		int16_t score[36];
		uint8_t cap[6], cap2[6];
		for (size_t j = 0; j < m; j++) {
			seed = seed * 1103515245u + 12345u;
			cap[j] = (uint8_t)((seed >> 16) % 3); /* 0, 1 or 2 free places */
		}
		for (size_t x = 0; x < n * m; x++) {
			seed = seed * 1103515245u + 12345u;
			score[x] = (seed >> 16) % 4 == 0 ? -1 : (int16_t)((seed >> 8) % 101);
		}
		int32_t assign[6], greedy[6];
		memcpy(cap2, cap, m);
		long want = best(score, n, m, cap2, 0);
		long got = kp_match_assign(score, n, m, cap, NULL, assign);
		ck_assert_msg(got == want, "round %d: %ld, optimum %ld", round, got, want);
		long check = 0;
		int used[6] = { 0 };
		for (size_t i = 0; i < n; i++) {
			if (assign[i] < 0)
				continue;
			ck_assert(score[i * m + (size_t)assign[i]] >= 0); /* never an excluded pair */
			used[assign[i]]++;
			check += score[i * m + (size_t)assign[i]];
		}
		for (size_t j = 0; j < m; j++)
			ck_assert_int_le(used[j], cap[j]);
		ck_assert_int_eq(check, got);
		long g = kp_match_greedy(score, n, m, cap, greedy);
		ck_assert_int_le(g, got);
	}
}
END_TEST

START_TEST(assignment_priority_bonus)
{
	/* one place, two families scoring 50 and 60: the bonus for waiting decides */
	int16_t score[2] = { 50, 60 };
	uint8_t cap[1] = { 1 };
	int32_t assign[2];
	ck_assert_int_eq(kp_match_assign(score, 2, 1, cap, NULL, assign), 60);
	ck_assert_int_eq(assign[1], 0);
	ck_assert_int_eq(assign[0], -1);
	int16_t bonus[2] = { 20, 0 };
	ck_assert_int_eq(kp_match_assign(score, 2, 1, cap, bonus, assign), 50);
	ck_assert_int_eq(assign[0], 0);
	/* nothing to give */
	uint8_t none[1] = { 0 };
	ck_assert_int_eq(kp_match_assign(score, 2, 1, none, NULL, assign), 0);
	ck_assert(assign[0] == -1 && assign[1] == -1);
}
END_TEST

/*
 * A family that asks and gives at once is a candidate for others, never for
 * itself: the scorer excludes the pair by the gezin id, so ranking and the
 * assignment of a round never use it, even when it would fit best.
 */
START_TEST(never_paired_with_itself)
{
	struct kp_match_regels r = regels();
	struct kp_match_uitkomst u;
	struct kp_match_vraag v = base_vraag();
	struct kp_match_steun s[2] = { base_steun(), base_steun() };
	s[0].id = 7; /* the vraaggezin itself, by its buddy role: right next door */
	s[1].id = 8; /* another family, further away */
	s[1].lat = 52.45;
	v.id = 7;
	kp_match_score(&v, &s[0], &r, &u);
	ck_assert_uint_eq(u.uitgesloten, KP_HARD_ZELF);
	ck_assert_str_eq(kp_match_hard_zin(KP_HARD_ZELF), "Dit is het vraaggezin zelf.");
	kp_match_score(&v, &s[1], &r, &u);
	ck_assert_uint_eq(u.uitgesloten, 0);
	/* an unknown id (0) excludes nothing */
	v.id = 0;
	kp_match_score(&v, &s[0], &r, &u);
	ck_assert_uint_eq(u.uitgesloten, 0);
	/* ranking leaves it out */
	v.id = 7;
	struct kp_match_uitkomst out[2];
	uint32_t order[2];
	ck_assert_uint_eq(kp_match_rank(&v, s, 2, &r, out, order), 1);
	ck_assert_uint_eq(order[0], 1);
	/* a round: family 7 waits and could support, family 9 waits too; 7 fits both best, never itself */
	struct kp_match_vraag vs[2] = { base_vraag(), base_vraag() };
	vs[0].id = 7;
	vs[1].id = 9;
	int16_t score[4];
	for (size_t i = 0; i < 2; i++)
		for (size_t j = 0; j < 2; j++) {
			kp_match_score(&vs[i], &s[j], &r, &u);
			score[i * 2 + j] = u.uitgesloten ? -1 : (int16_t)u.score;
		}
	ck_assert_int_eq(score[0], -1);
	uint8_t cap[2] = { 1, 1 };
	int32_t assign[2], greedy[2];
	ck_assert_int_ge(kp_match_assign(score, 2, 2, cap, NULL, assign), 0);
	ck_assert_int_ge(kp_match_greedy(score, 2, 2, cap, greedy), 0);
	ck_assert_int_eq(assign[0], 1);
	ck_assert_int_eq(assign[1], 0);
	ck_assert_int_ne(greedy[0], 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("matching");
	TCase *tc = tcase_create("matching");
	tcase_add_test(tc, hard_rules_each_alone);
	tcase_add_test(tc, criteria_each_alone);
	tcase_add_test(tc, risks_and_weights);
	tcase_add_test(tc, ranking_is_deterministic);
	tcase_add_test(tc, assignment_is_optimal);
	tcase_add_test(tc, assignment_priority_bonus);
	tcase_add_test(tc, never_paired_with_itself);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
