/*
 * routes.c - the route table (nothing else lives here but the matcher).
 *
 * To add an endpoint: write its handler in api_<resource>.c, declare it in
 * api.h, add one row below and describe it in openapi.json; the HTTP tests
 * fail when a route is missing from the API description.
 */
#include "routes.h"

#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_effecten.h"
#include "api_rapportages.h"
#include "gemeenten.h"

#define B KP_ROLE_BEHEERDER
#define BC (KP_ROLE_BEHEERDER | KP_ROLE_COORDINATOR)
#define ALL KP_ROLES_ALL
/* the routes a gezinscoach also uses: its own session, shared lists, and its trajectories and their families */
#define ALLG (KP_ROLES_ALL | KP_ROLE_GEZINSCOACH)
#define BCG (BC | KP_ROLE_GEZINSCOACH)

const struct kp_route kp_routes[] = {
	{ .method = KP_GET, .path = "/api/v1/health", .handler = api_health_get, .public = true },
	{ .method = KP_GET, .path = "/api/v1/openapi.json", .handler = api_openapi_get, .public = true },

	{ .method = KP_POST, .path = "/api/v1/sessies", .handler = api_sessies_post, .public = true },
	{ .method = KP_GET, .path = "/api/v1/sessies/huidig", .handler = api_sessies_huidig_get, .roles = ALLG },
	{ .method = KP_DELETE, .path = "/api/v1/sessies/huidig", .handler = api_sessies_huidig_delete, .roles = ALLG },

	{ .method = KP_GET, .path = "/api/v1/gebruikers/mij", .handler = api_gebruikers_mij_get, .roles = ALLG },
	{ .method = KP_GET, .path = "/api/v1/gebruikers", .handler = api_gebruikers_list, .roles = B },
	{ .method = KP_POST, .path = "/api/v1/gebruikers", .handler = api_gebruikers_post, .roles = B },
	{ .method = KP_GET, .path = "/api/v1/gebruikers/{id}", .handler = api_gebruikers_get, .roles = B },
	{ .method = KP_PATCH, .path = "/api/v1/gebruikers/{id}", .handler = api_gebruikers_patch, .roles = B },

	{ .method = KP_GET, .path = "/api/v1/werkgebieden", .handler = api_werkgebieden_list, .roles = ALLG },
	{ .method = KP_POST, .path = "/api/v1/werkgebieden", .handler = api_werkgebieden_post, .roles = B },
	{ .method = KP_GET, .path = "/api/v1/werkgebieden/{id}", .handler = api_werkgebieden_get, .roles = ALLG },
	{ .method = KP_PATCH, .path = "/api/v1/werkgebieden/{id}", .handler = api_werkgebieden_patch, .roles = B },
	{ .method = KP_GET, .path = "/api/v1/gemeenten", .handler = api_gemeenten_list, .roles = ALL },
	{ .method = KP_GET, .path = "/api/v1/doelen", .handler = api_doelen_list, .roles = ALL },
	{ .method = KP_POST, .path = "/api/v1/doelen", .handler = api_doelen_post, .roles = B },
	{ .method = KP_GET, .path = "/api/v1/doelen/{id}", .handler = api_doelen_get, .roles = ALL },
	{ .method = KP_PATCH, .path = "/api/v1/doelen/{id}", .handler = api_doelen_patch, .roles = B },
	{ .method = KP_DELETE, .path = "/api/v1/doelen/{id}", .handler = api_doelen_delete, .roles = B },

	{ .method = KP_POST, .path = "/api/v1/api-tokens", .handler = api_tokens_post, .roles = ALL },
	{ .method = KP_GET, .path = "/api/v1/api-tokens", .handler = api_tokens_list, .roles = ALL },
	{ .method = KP_GET, .path = "/api/v1/api-tokens/{id}", .handler = api_tokens_get, .roles = ALL },
	{ .method = KP_DELETE, .path = "/api/v1/api-tokens/{id}", .handler = api_tokens_delete, .roles = ALL },
	{ .method = KP_GET, .path = "/api/v1/gebruikers/{id}/api-tokens", .handler = api_gebruiker_tokens_list, .roles = B },
	{ .method = KP_DELETE, .path = "/api/v1/gebruikers/{id}/api-tokens/{tid}", .handler = api_gebruiker_tokens_delete,
	  .roles = B },

	{ .method = KP_GET, .path = "/api/v1/audit", .handler = api_audit_list, .roles = B },

	{ .method = KP_GET, .path = "/api/v1/keuzelijsten", .handler = api_keuzelijsten_get, .roles = ALLG },
	{ .method = KP_GET, .path = "/api/v1/steunvormen", .handler = api_steunvormen_get, .roles = ALLG },
	{ .method = KP_GET, .path = "/api/v1/gezinnen", .handler = api_gezinnen_list, .roles = BCG },
	{ .method = KP_POST, .path = "/api/v1/gezinnen", .handler = api_gezinnen_post, .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}", .handler = api_gezinnen_get, .roles = BCG },
	{ .method = KP_PATCH, .path = "/api/v1/gezinnen/{id}", .handler = api_gezinnen_patch, .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}/logboek", .handler = api_logboek_list, .roles = BCG },
	{ .method = KP_POST, .path = "/api/v1/gezinnen/{id}/logboek", .handler = api_logboek_post, .roles = BCG },
	{ .method = KP_POST, .path = "/api/v1/gezinnen/{id}/toestemmingen", .handler = api_toestemmingen_post, .roles = BC },
	{ .method = KP_PATCH, .path = "/api/v1/gezinnen/{id}/toestemmingen/{tid}", .handler = api_toestemmingen_patch,
	  .roles = BC },
	{ .method = KP_POST, .path = "/api/v1/gezinnen/{id}/rollen", .handler = api_gezin_rollen_post, .roles = BC },
	{ .method = KP_PATCH, .path = "/api/v1/gezinnen/{id}/rollen/{rid}", .handler = api_gezin_rollen_patch, .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}/formele-hulp", .handler = api_formele_hulp_list, .roles = BC },
	{ .method = KP_POST, .path = "/api/v1/gezinnen/{id}/formele-hulp", .handler = api_formele_hulp_post, .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}/formele-hulp/{fid}", .handler = api_formele_hulp_get,
	  .roles = BC },
	{ .method = KP_PATCH, .path = "/api/v1/gezinnen/{id}/formele-hulp/{fid}", .handler = api_formele_hulp_patch,
	  .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}/wachten", .handler = api_wachten_get, .roles = BC },
	{ .method = KP_PUT, .path = "/api/v1/gezinnen/{id}/wachten", .handler = api_wachten_put, .roles = BC },
	{ .method = KP_POST, .path = "/api/v1/gezinnen/{id}/wachten/berichten", .handler = api_wachten_bericht_post,
	  .roles = BC },

	{ .method = KP_GET, .path = "/api/v1/zorgsignalen", .handler = api_zorgsignalen_list, .roles = BC },
	{ .method = KP_POST, .path = "/api/v1/zorgsignalen/{id}/opvolging", .handler = api_zorgsignaal_opvolging_post,
	  .roles = BC },

	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}/gezinsplan", .handler = api_gezinsplan_get, .roles = BCG },
	{ .method = KP_PUT, .path = "/api/v1/gezinnen/{id}/gezinsplan", .handler = api_gezinsplan_put, .roles = BCG },
	{ .method = KP_POST, .path = "/api/v1/gezinnen/{id}/gezinsplan/evaluaties", .handler = api_gezinsplan_evaluatie_post,
	  .roles = BCG },
	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}/gezinsplan/versies", .handler = api_gezinsplan_versies_list,
	  .roles = BCG },
	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}/gezinsplan/versies/{n}", .handler = api_gezinsplan_versie_get,
	  .roles = BCG },
	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}/inzage", .handler = api_inzage_get, .roles = BC },
	{ .method = KP_POST, .path = "/api/v1/gezinnen/{id}/anonimisering", .handler = api_anonimisering_post, .roles = B },
	{ .method = KP_GET, .path = "/api/v1/anonimisering/kandidaten", .handler = api_anonimisering_kandidaten,
	  .roles = B },

	{ .method = KP_GET, .path = "/api/v1/programmas", .handler = api_programmas_list, .roles = ALLG },
	{ .method = KP_GET, .path = "/api/v1/programmas/{id}", .handler = api_programmas_get, .roles = ALLG },
	{ .method = KP_PATCH, .path = "/api/v1/programmas/{id}", .handler = api_programmas_patch, .roles = B },
	{ .method = KP_POST, .path = "/api/v1/programmas", .handler = api_programmas_post, .roles = B },
	{ .method = KP_DELETE, .path = "/api/v1/programmas/{id}", .handler = api_programmas_delete, .roles = B },

	{ .method = KP_GET, .path = "/api/v1/koppelingen", .handler = api_koppelingen_list, .roles = BCG },
	{ .method = KP_POST, .path = "/api/v1/koppelingen", .handler = api_koppelingen_post, .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/koppelingen/{id}", .handler = api_koppelingen_get, .roles = BCG },
	{ .method = KP_PATCH, .path = "/api/v1/koppelingen/{id}", .handler = api_koppelingen_patch, .roles = BC },
	{ .method = KP_POST, .path = "/api/v1/koppelingen/{id}/faseovergangen", .handler = api_faseovergangen_post,
	  .roles = BC },
	{ .method = KP_POST, .path = "/api/v1/koppelingen/{id}/afspraken", .handler = api_afspraken_post, .roles = BC },
	{ .method = KP_POST, .path = "/api/v1/koppelingen/{id}/verloop", .handler = api_verloop_post, .roles = BC },
	{ .method = KP_POST, .path = "/api/v1/koppelingen/{id}/verlengingen", .handler = api_verlengingen_post,
	  .roles = BC },
	{ .method = KP_POST, .path = "/api/v1/koppelingen/{id}/evaluaties", .handler = api_evaluaties_post, .roles = BC },
	{ .method = KP_PATCH, .path = "/api/v1/koppelingen/{id}/evaluaties/{eid}", .handler = api_evaluaties_patch,
	  .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/evaluaties", .handler = api_evaluaties_list, .roles = BC },

	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}/suggesties", .handler = api_suggesties_get, .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}/uitsluitingen", .handler = api_uitsluitingen_list, .roles = BC },
	{ .method = KP_POST, .path = "/api/v1/gezinnen/{id}/uitsluitingen", .handler = api_uitsluitingen_post, .roles = BC },
	{ .method = KP_DELETE, .path = "/api/v1/gezinnen/{id}/uitsluitingen/{uid}", .handler = api_uitsluitingen_delete,
	  .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/overzichten/caseload", .handler = api_caseload_get, .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/overzichten/kwartaal", .handler = api_kwartaal_get, .roles = ALL },
	{ .method = KP_GET, .path = "/api/v1/agenda.ics", .handler = api_agenda_get, .roles = BC, .query_token = true },
	{ .method = KP_POST, .path = "/api/v1/matchrondes", .handler = api_matchrondes_post, .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/matchrondes", .handler = api_matchrondes_list, .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/matchrondes/{id}", .handler = api_matchrondes_get, .roles = BC },
	{ .method = KP_POST, .path = "/api/v1/matchrondes/{id}/voorstellen/{vid}/besluit", .handler = api_matchvoorstel_besluit,
	  .roles = BC },

	{ .method = KP_GET, .path = "/api/v1/tarieven", .handler = api_tarieven_list, .roles = ALL },
	{ .method = KP_POST, .path = "/api/v1/tarieven", .handler = api_tarieven_post, .roles = B },
	{ .method = KP_GET, .path = "/api/v1/tarieven/{id}", .handler = api_tarieven_get, .roles = ALL },
	{ .method = KP_PATCH, .path = "/api/v1/tarieven/{id}", .handler = api_tarieven_patch, .roles = B },
	{ .method = KP_POST, .path = "/api/v1/tarief-imports", .handler = api_tarief_imports_post, .roles = B },
	{ .method = KP_GET, .path = "/api/v1/effect-instellingen", .handler = api_effect_instellingen_get, .roles = ALL },
	{ .method = KP_PUT, .path = "/api/v1/effect-instellingen", .handler = api_effect_instellingen_put, .roles = B },
	{ .method = KP_GET, .path = "/api/v1/gezinnen/{id}/referentiescenario", .handler = api_referentiescenario_get,
	  .roles = BC },
	{ .method = KP_PUT, .path = "/api/v1/gezinnen/{id}/referentiescenario", .handler = api_referentiescenario_put,
	  .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/rapportages/effecten", .handler = api_rapportage_effecten_get, .roles = ALL },
	{ .method = KP_GET, .path = "/api/v1/rapportages/periode", .handler = api_rapportage_periode_get, .roles = ALL },
	{ .method = KP_POST, .path = "/api/v1/rapportages/vaststellingen", .handler = api_vaststellingen_post, .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/rapportages/vaststellingen", .handler = api_vaststellingen_list, .roles = BC },
	{ .method = KP_GET, .path = "/api/v1/rapportages/vaststellingen/{id}", .handler = api_vaststellingen_get,
	  .roles = BC },
};
const size_t kp_routes_count = sizeof kp_routes / sizeof kp_routes[0];

enum kp_method kp_method_parse(const char *s)
{
	static const struct {
		const char *name;
		enum kp_method m;
	} names[] = {
		{ "GET", KP_GET },	   { "HEAD", KP_HEAD },	    { "POST", KP_POST },
		{ "PUT", KP_PUT },	   { "PATCH", KP_PATCH },   { "DELETE", KP_DELETE },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].m;
	return KP_OTHER;
}

/*
 * Matches one template against path. On success fills params (when not
 * NULL) and returns true.
 */
static bool match_template(const char *tpl, const char *path, struct kp_route_match *m)
{
	size_t n_params = 0;
	while (*tpl && *path) {
		if (*tpl != '/' || *path != '/')
			return false;
		tpl++;
		path++;
		const char *tend = strchr(tpl, '/');
		size_t tlen = tend ? (size_t)(tend - tpl) : strlen(tpl);
		const char *pend = strchr(path, '/');
		size_t plen = pend ? (size_t)(pend - path) : strlen(path);
		if (tlen >= 2 && tpl[0] == '{' && tpl[tlen - 1] == '}') {
			if (plen == 0 || plen >= KP_ROUTE_PARAM_MAX || n_params == KP_ROUTE_MAX_PARAMS)
				return false;
			if (m) {
				struct kp_route_param *p = &m->params[n_params];
				p->name = tpl + 1;
				p->name_len = tlen - 2;
				memcpy(p->value, path, plen);
				p->value[plen] = '\0';
			}
			n_params++;
		} else if (tlen != plen || memcmp(tpl, path, tlen) != 0) {
			return false;
		}
		tpl += tlen;
		path += plen;
	}
	if (*tpl || *path)
		return false;
	if (m)
		m->n_params = n_params;
	return true;
}

int kp_route_match(const struct kp_route *routes, size_t n, enum kp_method method, const char *path,
		   struct kp_route_match *m)
{
	memset(m, 0, sizeof *m);
	enum kp_method want = method == KP_HEAD ? KP_GET : method;
	for (size_t i = 0; i < n; i++) {
		const struct kp_route *r = &routes[i];
		if (r->method == want && want != KP_OTHER) {
			if (match_template(r->path, path, m)) {
				m->route = r;
				return 0;
			}
		} else if (match_template(r->path, path, NULL)) {
			m->allowed |= r->method;
			if (r->method == KP_GET)
				m->allowed |= KP_HEAD;
		}
	}
	return -1;
}

const char *kp_route_param(const struct kp_route_match *m, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < m->n_params; i++)
		if (m->params[i].name_len == len && memcmp(m->params[i].name, name, len) == 0)
			return m->params[i].value;
	return NULL;
}

void kp_allow_header(unsigned allowed, char *buf, size_t len)
{
	static const char *const names[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE" };
	size_t used = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < 6; i++) {
		if (!(allowed & (1u << i)))
			continue;
		int k = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", names[i]);
		if (k < 0 || (size_t)k >= len - used)
			return;
		used += (size_t)k;
	}
}
