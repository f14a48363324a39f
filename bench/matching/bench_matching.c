/*
 * bench_matching.c - how fast the matching core is (a benchmark, not a
 * test): ranking 10,000 and 100,000 generated supporters for one
 * vraaggezin, against a baseline loop over the same candidates that only
 * computes distances (the floor any scorer pays), and an assignment round
 * of 1,000 vraaggezinnen x 1,000 supporters, exact and greedy.
 *
 * Prints machine-readable lines: "bench matching key=value ...". Times are
 * medians over several repetitions (monotonic clock).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "matching.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static uint64_t rng = 88172645463325252ull;
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[n / 2];
}

static void gen_steun(struct kp_match_steun *s, int64_t id)
{
	memset(s, 0, sizeof *s);
	s->id = id;
	s->rol = (uint8_t)(1 + next() % 4);
	s->beschikbaar = next() % 10 != 0;
	s->vog_geldig = next() % 20 != 0;
	s->capaciteit = (uint8_t)(1 + next() % 2);
	s->actief = (uint8_t)(next() % 2);
	s->has_coord = next() % 30 != 0;
	s->lat = 51.5 + (next() % 20000) / 10000.0;
	s->lon = 4.0 + (next() % 25000) / 10000.0;
	s->max_km = (uint16_t)(next() % 3 ? 5 + next() % 20 : 0);
	s->steunvormen = (uint16_t)(next() & 0x1FFF);
	s->dagdelen = next() & 0x0FFFFFFF;
	s->frequentie = (int8_t)(next() % 4);
	s->leeftijd_van = (uint8_t)(next() % 6);
	s->leeftijd_tot = (uint8_t)(s->leeftijd_van + 4 + next() % 10);
	s->n_talen = (uint8_t)(1 + next() % 2);
	for (int i = 0; i < s->n_talen; i++)
		s->talen[i] = 1 + next() % 6;
	s->man = next() % 2;
	s->huisdieren = next() % 3 == 0;
	s->rookt = next() % 5 == 0;
	s->n_themas = (uint8_t)(next() % 3);
	for (int i = 0; i < s->n_themas; i++)
		s->themas[i] = 1 + next() % 12;
	s->n_interesses = (uint8_t)(next() % 4);
	for (int i = 0; i < s->n_interesses; i++)
		s->interesses[i] = 1 + next() % 20;
	s->steunstijl = (int8_t)(next() % 3);
}

static void gen_vraag(struct kp_match_vraag *v)
{
	memset(v, 0, sizeof *v);
	v->has_coord = true;
	v->lat = 51.5 + (next() % 20000) / 10000.0;
	v->lon = 4.0 + (next() % 25000) / 10000.0;
	v->steunvormen = (uint16_t)(next() & 0x1FFF);
	v->dagdelen = next() & 0x0FFFFFFF;
	v->frequentie = (int8_t)(next() % 4);
	v->n_kinderen = (uint8_t)(1 + next() % 3);
	for (int i = 0; i < v->n_kinderen; i++)
		v->leeftijden[i] = (uint8_t)(next() % 16);
	v->n_talen = 1;
	v->talen[0] = 1 + next() % 6;
	v->niet_roken = next() % 2;
	v->n_themas = (uint8_t)(next() % 3);
	for (int i = 0; i < v->n_themas; i++)
		v->themas[i] = 1 + next() % 12;
	v->steunstijl = (int8_t)(next() % 3 - 1);
}

int main(int argc, char **argv)
{
	int reps = argc > 1 ? atoi(argv[1]) : 7;
	if (reps < 1)
		reps = 1;
	struct kp_match_regels r;
	kp_match_default_regels(&r, false);
	r.max_km = 30;
	const size_t sizes[2] = { 10000, 100000 };
	struct kp_match_steun *s = malloc(100000 * sizeof *s);
	struct kp_match_uitkomst *u = malloc(100000 * sizeof *u);
	uint32_t *order = malloc(100000 * sizeof *order);
	double *t = malloc((size_t)reps * sizeof *t), *f = malloc((size_t)reps * sizeof *f);
	if (!s || !u || !order || !t || !f)
		return 1;
	for (size_t i = 0; i < 100000; i++)
		gen_steun(&s[i], (int64_t)i + 1);
	struct kp_match_vraag v;
	gen_vraag(&v);
	for (int k = 0; k < 2; k++) {
		size_t n = sizes[k];
		volatile double sink = 0;
		for (int rep = 0; rep < reps; rep++) {
			double a = now_ms();
			double sum = 0;
			for (size_t i = 0; i < n; i++)
				if (s[i].has_coord)
					sum += kp_match_km(v.lat, v.lon, s[i].lat, s[i].lon);
			sink += sum;
			f[rep] = now_ms() - a;
			a = now_ms();
			size_t found = kp_match_rank(&v, s, n, &r, u, order);
			t[rep] = now_ms() - a;
			sink += (double)found;
		}
		(void)sink;
		double mt = median(t, reps), mf = median(f, reps);
		printf("bench matching rank candidates=%zu median_ms=%.3f ns_per_candidate=%.1f floor_ms=%.3f ratio_to_floor=%.2f "
		       "target_ms=20 target_ratio=3.0 result=%s\n",
		       n, mt, mt * 1e6 / (double)n, mf, mt / mf, (n < 100000 || mt <= 20.0) && mt / mf <= 3.0 ? "PASS" : "BELOW_TARGET");
	}
	/* a round: 1,000 x 1,000 */
	enum { NV = 1000, NS = 1000 };
	struct kp_match_vraag *vs = malloc(NV * sizeof *vs);
	int16_t *score = malloc((size_t)NV * NS * sizeof *score);
	uint8_t *cap = malloc(NS);
	int32_t *assign = malloc(NV * sizeof *assign);
	if (!vs || !score || !cap || !assign)
		return 1;
	for (int i = 0; i < NV; i++)
		gen_vraag(&vs[i]);
	int rounds = reps < 3 ? reps : 3;
	double total_ms[3] = { 0 }, score_ms[3] = { 0 };
	long opt = 0, greedy = 0;
	for (int rep = 0; rep < rounds; rep++) {
		double a = now_ms();
		for (int i = 0; i < NV; i++) {
			struct kp_match_uitkomst one;
			for (int j = 0; j < NS; j++) {
				kp_match_score(&vs[i], &s[j], &r, &one);
				score[(size_t)i * NS + (size_t)j] = one.uitgesloten ? -1 : (int16_t)one.score;
			}
		}
		for (int j = 0; j < NS; j++)
			cap[j] = (uint8_t)(s[j].capaciteit > s[j].actief ? s[j].capaciteit - s[j].actief : 0);
		score_ms[rep] = now_ms() - a;
		opt = kp_match_assign(score, NV, NS, cap, NULL, assign);
		total_ms[rep] = now_ms() - a;
	}
	greedy = kp_match_greedy(score, NV, NS, cap, assign);
	double mtot = median(total_ms, rounds), msc = median(score_ms, rounds);
	printf("bench matching round vraaggezinnen=%d supporters=%d median_ms=%.1f scoring_ms=%.1f assignment_ms=%.1f "
	       "total_optimal=%ld total_greedy=%ld target_ms=1000 result=%s\n",
	       NV, NS, mtot, msc, mtot - msc, opt, greedy, mtot <= 1000.0 ? "PASS" : "BELOW_TARGET");
	free(s), free(u), free(order), free(t), free(f), free(vs), free(score), free(cap), free(assign);
	return 0;
}
