/*
 * regels.c - see regels.h.
 */
#include "regels.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Appends printf-style text to buf (of len bytes, NUL-terminated); truncates silently. */
__attribute__((format(printf, 3, 4))) static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	if (used + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* "7 december 2026" into out. */
static void dutch_date(struct kp_date d, char *out, size_t len)
{
	static const char *const maanden[] = { "januari", "februari", "maart",	   "april",   "mei",	  "juni",
					       "juli",	  "augustus", "september", "oktober", "november", "december" };
	snprintf(out, len, "%d %s %d", d.d, maanden[(d.m >= 1 && d.m <= 12) ? d.m - 1 : 0], d.y);
}

static const char *lid_naam(const struct kp_regels_lid *l)
{
	return l->naam && *l->naam ? l->naam : "een lid";
}

void kp_regels_standaard(struct kp_regels *r)
{
	*r = (struct kp_regels){ .rollen = 0x1E, .vog_vrij = 0, .vog_maanden = KP_REGELS_VOG_STANDAARD, .max_km = 0 };
}

bool kp_regels_rol_toegestaan(uint8_t rollen, int rol)
{
	return rol >= 0 && rol < 8 && (rollen & (1u << rol)) != 0;
}

bool kp_regels_te_ver(int max_km, double km)
{
	return max_km > 0 && km > (double)max_km;
}

struct kp_date kp_regels_achttien(struct kp_date geboorte)
{
	struct kp_date d = { geboorte.y + 18, geboorte.m, geboorte.d };
	if (d.d > kp_date_days_in_month(d.y, d.m)) /* 29 February in a common year */
		d = (struct kp_date){ d.y, 3, 1 };
	return d;
}

bool kp_regels_vog_nodig(const struct kp_regels_lid *l, struct kp_date today)
{
	if (!l->geboorte_bekend)
		return l->volwassene;
	return kp_date_cmp(kp_regels_achttien(l->geboorte), today) <= 0;
}

bool kp_regels_vog_geldig(struct kp_date vog, int maanden, struct kp_date today)
{
	return kp_date_cmp(vog, today) <= 0 && kp_date_cmp(kp_date_add_months(vog, maanden), today) >= 0;
}

/*
 * The VOG part of the check: members who need a VOG on today and have no
 * valid one (named in the reason), needed VOGs that run out soon, and
 * members turning 18 soon without a VOG valid on that day.
 */
static void check_vog(const struct kp_regels *r, const struct kp_regels_steun *s, struct kp_date today,
		      struct kp_regels_uitkomst *out)
{
	struct kp_date soon = kp_date_add_months(today, KP_REGELS_SIGNAAL_MAANDEN);
	char names[256] = "";
	for (size_t i = 0; i < s->n_leden; i++) {
		const struct kp_regels_lid *l = &s->leden[i];
		if (kp_regels_vog_nodig(l, today)) {
			if (l->vog_bekend && kp_regels_vog_geldig(l->vog, r->vog_maanden, today)) {
				if (kp_date_cmp(kp_date_add_months(l->vog, r->vog_maanden), soon) < 0)
					out->vog_verloopt = true;
				continue;
			}
			append(names, sizeof names, "%s%s", out->zonder_vog ? ", " : "", lid_naam(l));
			out->zonder_vog++;
			continue;
		}
		if (!l->geboorte_bekend)
			continue;
		struct kp_date achttien = kp_regels_achttien(l->geboorte);
		if (kp_date_cmp(achttien, soon) > 0)
			continue;
		if (l->vog_bekend && kp_date_cmp(l->vog, achttien) <= 0 &&
		    kp_regels_vog_geldig(l->vog, r->vog_maanden, achttien))
			continue;
		char datum[32];
		dutch_date(achttien, datum, sizeof datum);
		append(out->signaal, sizeof out->signaal, "%s%s: %s", out->vog_binnenkort ? "; vanaf " : "VOG nodig vanaf ",
		       datum, lid_naam(l));
		if (!out->vog_binnenkort || kp_date_cmp(achttien, out->vog_nodig_vanaf) < 0)
			out->vog_nodig_vanaf = achttien;
		out->vog_binnenkort = true;
	}
	if (out->vog_binnenkort)
		append(out->signaal, sizeof out->signaal, ".");
	if (out->zonder_vog) {
		out->gebroken |= KP_REGEL_GEEN_VOG;
		snprintf(out->reden[2], sizeof out->reden[2], "Geen geldige VOG (hoogstens %d maanden oud) voor: %s.",
			 r->vog_maanden, names);
	}
}

void kp_regels_check(const struct kp_regels *r, const struct kp_regels_steun *s, struct kp_date today,
		     struct kp_regels_uitkomst *out)
{
	memset(out, 0, sizeof *out);
	if (!kp_regels_rol_toegestaan(r->rollen, s->rol)) {
		out->gebroken |= KP_REGEL_ROL;
		snprintf(out->reden[0], sizeof out->reden[0], "Dit programma werkt niet met deze soort steunbiedend gezin.");
	}
	if (!s->beschikbaar) {
		out->gebroken |= KP_REGEL_NIET_BESCHIKBAAR;
		snprintf(out->reden[1], sizeof out->reden[1], "Dit gezin is nu niet beschikbaar.");
	}
	if (!(s->rol >= 0 && s->rol < 8 && (r->vog_vrij & (1u << s->rol))))
		check_vog(r, s, today, out);
	if (s->vrij == 0) {
		out->gebroken |= KP_REGEL_VOL;
		snprintf(out->reden[3], sizeof out->reden[3], "Dit gezin heeft geen ruimte meer voor nog een koppeling.");
	}
	if (s->afstand_bekend && kp_regels_te_ver(r->max_km, s->afstand_km)) {
		out->gebroken |= KP_REGEL_TE_VER;
		snprintf(out->reden[4], sizeof out->reden[4], "Woont verder weg dan de %d km van dit programma.", r->max_km);
	}
}

const char *kp_regels_reden(const struct kp_regels_uitkomst *u)
{
	for (int k = 0; k < KP_REGEL_COUNT; k++)
		if (u->gebroken & (1u << k))
			return u->reden[k];
	return NULL;
}
