/*
 * api_koppelingen.c - a koppeling links one vraaggezin with one supporting
 * gezin and walks the phases of its programme's course.
 *
 *   GET   /api/v1/koppelingen                      list (filters fase, gezin, coordinator)
 *   POST  /api/v1/koppelingen                      propose -> 201, phase voorstel; in a professional
 *                                                  programme a trajectory: coach instead of steungezin
 *   GET   /api/v1/koppelingen/{id}                 the koppeling with history, agreements, evaluations
 *   PATCH /api/v1/koppelingen/{id}                 If-Match; coordinator, contactNaAfloop
 *   POST  /api/v1/koppelingen/{id}/faseovergangen  {"naar","datum","toelichting","reden","contractGetekendOp"}
 *   POST  /api/v1/koppelingen/{id}/afspraken       a new version of the agreements
 *   POST  /api/v1/koppelingen/{id}/verloop         how it is going (soepel / hick-ups / stagnatie)
 *   POST  /api/v1/koppelingen/{id}/verlengingen    {"totOp","reden"}: a later maximum end, when the
 *                                                  programme's course allows it; re-plans
 *
 * The handlers parse and check the request (body, If-Match), take the
 * writer, and leave the write itself to koppeling_write.c: the linking
 * rules, the phase moves with their consent gate and the family's choice
 * between candidates, visibility and version checks, the audit entries.
 * They turn its outcome into the answer: the koppeling read back and
 * committed, or the problem. Reads (and their audit) stay here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auth.h"
#include "db.h"
#include "fasen.h"
#include "gezinnen_lijst.h"
#include "http.h"
#include "json_spec.h"
#include "koppeling_write.h"
#include "koppelingen.h"
#include "scope.h"
#include "server.h"
#include "steun.h"
#include "toestemmingen.h"
#include "util.h"

/* Answers 400 or 422 naming one field. */
static void field_problem(struct kp_request *req, enum kp_problem kind, const char *pointer, const char *reason)
{
	json_t *p = kp_problem_json(kind, kind == KP_P_UNPROCESSABLE ? reason : "Controleer de gemarkeerde velden.");
	kp_problem_add_invalid_param(p, pointer, reason);
	kp_reply_problem_json(req, p);
}

void kp_reply_koppeling(struct kp_request *req, struct kp_conn *w, int64_t id, unsigned status)
{
	char t[16];
	kp_today(t);
	int64_t versie = 0;
	json_t *k = kp_koppeling_json(w, id, t, NULL, &versie);
	if (!kp_req_commit(req, w, k))
		return;
	if (status == 201) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/koppelingen/%lld", (long long)id);
		kp_reply_header(req, MHD_HTTP_HEADER_LOCATION, loc);
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, status, k);
}

/*
 * Answers the refusal u of a koppeling write (koppeling_write.h): 503, the
 * consent gate's problem, a problem naming a field, or a plain one.
 */
static void reply_refusal(struct kp_request *req, const struct kp_koppeling_uitkomst *u)
{
	if (u->status == 503)
		kp_reply_db_error(req);
	else if (u->toestemming.geweigerd)
		kp_reply_problem_json(req, kp_toestemming_probleem(&u->toestemming));
	else if (u->veld)
		field_problem(req, u->soort, u->veld, u->reden);
	else
		kp_reply_problem(req, u->soort, "%s", u->reden);
}

/*
 * Ends a koppeling write on w with outcome u: when done, koppeling id read
 * back, committed and answered with status ok_status; otherwise w rolled
 * back and the refusal answered.
 */
static void finish_write(struct kp_request *req, struct kp_conn *w, int64_t id, const struct kp_koppeling_uitkomst *u,
			 unsigned ok_status)
{
	if (u->status == 0) {
		kp_reply_koppeling(req, w, id, ok_status);
		return;
	}
	kp_db_write_rollback(kp_req_server(req)->db, w);
	reply_refusal(req, u);
}

/* --- proposing --------------------------------------------------------------- */

static const struct kp_field koppeling_spec[] = {
	{ .name = "vraaggezin", .type = KP_F_INTEGER, .required = true, .min = 1, .max = INT64_MAX },
	{ .name = "steungezin", .type = KP_F_INTEGER, .min = 1, .max = INT64_MAX }, /* or steungezinnen */
	{ .name = "coach", .type = KP_F_INTEGER, .min = 1, .max = INT64_MAX },	/* professional programmes */
	{ .name = "programma", .type = KP_F_INTEGER, .required = true, .min = 1, .max = INT64_MAX },
	{ .name = "coordinator", .type = KP_F_INTEGER, .nullable = true, .min = 1, .max = INT64_MAX },
	{ .name = "datum", .type = KP_F_STRING, .check = kp_check_past_date },
};

/* Copies the member ids of arr (integers, at most KP_VOORSTEL_KINDEREN_MAX) into out; returns how many. */
static size_t kinderen_ids(const json_t *arr, int64_t out[KP_VOORSTEL_KINDEREN_MAX])
{
	size_t i, n = 0;
	const json_t *kid;
	json_array_foreach(arr, i, kid)
	{
		if (n < KP_VOORSTEL_KINDEREN_MAX)
			out[n++] = json_integer_value(kid);
	}
	return n;
}

bool kp_koppeling_propose(struct kp_request *req, struct kp_conn *w, int64_t vid, int64_t sid, int64_t pid,
			  const json_t *kinderen, const char *datum, const json_t *coord, int64_t *out_id)
{
	int64_t kids[KP_VOORSTEL_KINDEREN_MAX];
	struct kp_voorstel v = { .vraaggezin = vid,
				 .steungezinnen = { sid },
				 .n_steungezinnen = 1,
				 .programma = pid,
				 .kinderen = kids,
				 .n_kinderen = kinderen_ids(kinderen, kids),
				 .datum = datum,
				 .coordinator_gegeven = coord != NULL,
				 .coordinator = json_integer_value(coord) };
	struct kp_actor actor = kp_req_actor(req);
	struct kp_koppeling_uitkomst u;
	char t[16];
	kp_today(t);
	if (kp_koppeling_voorstellen(w, &actor, &v, t, out_id, &u) == 0)
		return true;
	kp_db_write_rollback(kp_req_server(req)->db, w);
	reply_refusal(req, &u);
	return false;
}

void api_koppelingen_post(struct kp_request *req)
{
	json_t *body = kp_req_body(req);
	/* kinderen are member ids and steungezinnen a choice: validated here rather than by the spec */
	json_t *kinderen = json_object_get(body, "kinderen");
	json_t *rest = json_deep_copy(body);
	json_object_del(rest, "kinderen");
	json_object_del(rest, "steungezinnen");
	json_t *problem = kp_json_validate(rest, koppeling_spec, sizeof koppeling_spec / sizeof koppeling_spec[0], false);
	json_decref(rest);
	size_t i;
	json_t *kid;
	if (!problem && kinderen) {
		bool ok = json_is_array(kinderen) && json_array_size(kinderen) <= KP_VOORSTEL_KINDEREN_MAX;
		json_array_foreach(kinderen, i, kid) ok = ok && json_is_integer(kid) && json_integer_value(kid) > 0;
		if (!ok) {
			field_problem(req, KP_P_INVALID_INPUT, "/kinderen", "Geef de nummers van kinderen van het vraaggezin.");
			return;
		}
	}
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	int64_t kids[KP_VOORSTEL_KINDEREN_MAX];
	const json_t *coord = json_object_get(body, "coordinator");
	struct kp_voorstel v = { .vraaggezin = json_integer_value(json_object_get(body, "vraaggezin")),
				 .programma = json_integer_value(json_object_get(body, "programma")),
				 .kinderen = kids,
				 .n_kinderen = kinderen_ids(kinderen, kids),
				 .datum = json_string_value(json_object_get(body, "datum")),
				 .coordinator_gegeven = coord != NULL,
				 .coordinator = json_integer_value(coord),
				 .coach = json_integer_value(json_object_get(body, "coach")) };
	struct kp_koppeling_uitkomst u;
	/* no steungezin at all: kp_koppeling_voorstellen asks for the one the programme needs (a coach or a gezin) */
	bool steun = json_object_get(body, "steungezin") || json_object_get(body, "steungezinnen");
	if (steun)
		v.n_steungezinnen = kp_voorstel_steungezinnen(json_object_get(body, "steungezin"),
							      json_object_get(body, "steungezinnen"), v.steungezinnen, &u);
	if (steun && !v.n_steungezinnen) {
		reply_refusal(req, &u);
		return;
	}
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	struct kp_actor actor = kp_req_actor(req);
	char t[16];
	kp_today(t);
	int64_t id = 0;
	kp_koppeling_voorstellen(w, &actor, &v, t, &id, &u);
	finish_write(req, w, id, &u, 201);
}

/* --- reading --------------------------------------------------------------------- */

/*
 * Checks on c that koppeling id exists and is visible to the requester (both
 * its gezinnen, scope.h, in the same statement). Returns true, or false
 * after answering (404 or 503); c stays the caller's.
 */
static bool koppeling_visible(struct kp_request *req, struct kp_conn *c, int64_t id)
{
	sqlite3_stmt *st = kp_scope_stmt(c, "SELECT 1 FROM koppelingen k WHERE k.id = ?1 AND "
					 KP_SQL_KOPPELING_ZICHTBAAR("k"), kp_req_principal(req));
	if (st)
		sqlite3_bind_int64(st, 1, id);
	int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
	if (st)
		sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return true;
	if (rc == SQLITE_DONE)
		kp_reply_problem(req, KP_P_NOT_FOUND, "Deze koppeling bestaat niet.");
	else
		kp_reply_db_error(req);
	return false;
}

void api_koppelingen_get(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	if (!koppeling_visible(req, c, id)) {
		kp_db_read_end(srv->db, c);
		return;
	}
	char t[16];
	kp_today(t);
	int64_t versie = 0;
	json_t *k = kp_koppeling_json(c, id, t, NULL, &versie);
	kp_db_read_end(srv->db, c);
	if (!k) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, 200, k);
	/* reading a koppeling shows both families: recorded before the answer goes */
	kp_req_audit_read(req, "lezen", "koppeling", id, NULL);
}

/* The orders of the koppelingen list (sorteer) and their SQL; absent: newest first. */
static const char *const lijst_sorteer_namen[] = { "vraaggezin", "steungezin", "fase", "koppelingDatum", "voorgesteldOp", NULL };
static const char *const lijst_sorteer_sql[] = {
	"v.sorteersleutel",
	"s.sorteersleutel",
	"CASE k.fase WHEN 'voorstel' THEN 0 WHEN 'kennismaking' THEN 1 WHEN 'proefperiode' THEN 2 WHEN 'contract' THEN 3 "
	"WHEN 'lopend' THEN 4 WHEN 'afronding' THEN 5 ELSE 6 END",
	"coalesce(k.koppeling_datum, '')",
	"coalesce(k.voorgesteld_op, '')",
};

void api_koppelingen_list(struct kp_request *req)
{
	const char *fase = kp_req_query(req, "fase"), *gezin_s = kp_req_query(req, "gezin"),
		   *coord_s = kp_req_query(req, "coordinator"), *zoek = kp_req_query(req, "zoek"),
		   *sorteer = kp_req_query(req, "sorteer");
	enum kp_fase f;
	int64_t gezin = 0, coord = 0;
	int key = 0;
	bool desc = false;
	json_t *problem = NULL;
#define BAD(name, reason)                                                                                 \
	do {                                                                                              \
		if (!problem)                                                                             \
			problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");  \
		kp_problem_add_invalid_param(problem, name, reason);                                      \
	} while (0)
	if (fase && !kp_fase_parse(fase, &f))
		BAD("fase", "Onbekende fase.");
	if (gezin_s && !kp_parse_id(gezin_s, &gezin))
		BAD("gezin", "Geef een nummer.");
	if (coord_s && !kp_parse_id(coord_s, &coord))
		BAD("coordinator", "Geef een nummer.");
	size_t zlen = zoek ? kp_utf8_length(zoek) : 0;
	if (zoek && (zlen < 2 || zlen > 100))
		BAD("zoek", "Zoek op minstens 2 en hoogstens 100 tekens.");
	if (sorteer && !kp_sorteer_parse(sorteer, lijst_sorteer_namen, &key, &desc))
		BAD("sorteer", "Sorteer op vraaggezin, steungezin, fase, koppelingDatum of voorgesteldOp; met een - ervoor "
			       "aflopend.");
#undef BAD
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	char *pattern = NULL;
	bool fts = false;
	if (zoek && !kp_zoek_patroon(zoek, &pattern, &fts)) {
		kp_reply_db_error(req);
		return;
	}
	/* the statement from the filters present; visibility of both gezinnen in it (scope.h) */
	struct kp_sql q = { 0 };
	kp_sql_add(&q, "SELECT k.id, k.fase, v.id, v.naam, s.id, s.naam, " KP_SQL_STEUN_ROL("s") ", p.naam, "
		       "k.koppeling_datum, k.voorgesteld_op, k.coordinator_id, k.coach_id, c.naam "
		       "FROM koppelingen k JOIN gezinnen v ON v.id = k.vraaggezin_id "
		       /* a trajectory has a coach instead of a steungezin (schema 0027) */
		       "LEFT JOIN gezinnen s ON s.id = k.steungezin_id LEFT JOIN gebruikers c ON c.id = k.coach_id "
		       "JOIN programmas p ON p.id = k.programma_id "
		       "WHERE " KP_SQL_GEZIN_ZICHTBAAR("v") " AND (k.steungezin_id IS NULL OR " KP_SQL_GEZIN_ZICHTBAAR("s")
		       ") AND (:kp_coach IS NULL OR k.coach_id = :kp_coach)");
	if (fase)
		kp_sql_add(&q, " AND k.fase = :fase");
	if (gezin_s)
		kp_sql_add(&q, " AND :gezin IN (k.vraaggezin_id, k.steungezin_id)");
	if (coord_s)
		kp_sql_add(&q, " AND k.coordinator_id = :coordinator");
	if (zoek) /* either family's name, place or members */
		kp_sql_add(&q, fts ? " AND (k.vraaggezin_id IN (SELECT rowid FROM gezinnen_zoek WHERE gezinnen_zoek MATCH :zoek) "
				     "OR k.steungezin_id IN (SELECT rowid FROM gezinnen_zoek WHERE gezinnen_zoek MATCH :zoek))"
				   : " AND (k.vraaggezin_id IN (SELECT rowid FROM gezinnen_zoek WHERE tekst LIKE :zoek ESCAPE '\\') "
				     "OR k.steungezin_id IN (SELECT rowid FROM gezinnen_zoek WHERE tekst LIKE :zoek ESCAPE '\\'))");
	if (sorteer) {
		kp_sql_add(&q, " ORDER BY ");
		kp_sql_add(&q, lijst_sorteer_sql[key]);
		kp_sql_add(&q, desc ? " DESC, k.id DESC" : ", k.id DESC");
	} else {
		kp_sql_add(&q, " ORDER BY k.id DESC");
	}
	kp_sql_add(&q, " LIMIT 500");
	const struct kp_principal *p = kp_req_principal(req);
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = q.fout ? NULL : kp_db_read_begin(srv->db);
	sqlite3_stmt *st = c ? kp_scope_stmt(c, q.s, p) : NULL;
	kp_sql_free(&q);
	json_t *list = st ? json_array() : NULL;
	json_t *gezinnen = json_array(), *koppelingen = json_array();
	int step = SQLITE_DONE; /* a list ended by anything but SQLITE_DONE is an error, never a short list */
	if (st) {
		int i;
		if ((i = sqlite3_bind_parameter_index(st, ":fase")) > 0)
			sqlite3_bind_text(st, i, fase, -1, SQLITE_TRANSIENT);
		if ((i = sqlite3_bind_parameter_index(st, ":gezin")) > 0)
			sqlite3_bind_int64(st, i, gezin);
		if ((i = sqlite3_bind_parameter_index(st, ":coordinator")) > 0)
			sqlite3_bind_int64(st, i, coord);
		if ((i = sqlite3_bind_parameter_index(st, ":zoek")) > 0)
			sqlite3_bind_text(st, i, pattern, -1, SQLITE_TRANSIENT);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			json_array_append_new(koppelingen, json_integer(sqlite3_column_int64(st, 0)));
			json_array_append_new(gezinnen, json_integer(sqlite3_column_int64(st, 2)));
			bool traject = sqlite3_column_type(st, 4) == SQLITE_NULL;
			if (!traject)
				json_array_append_new(gezinnen, json_integer(sqlite3_column_int64(st, 4)));
			json_t *item = json_pack("{s:I, s:s, s:{s:I, s:s}, s:s, s:s?, s:s}", "id",
						 (json_int_t)sqlite3_column_int64(st, 0), "fase",
						 (const char *)sqlite3_column_text(st, 1), "vraaggezin", "id",
						 (json_int_t)sqlite3_column_int64(st, 2), "naam",
						 (const char *)sqlite3_column_text(st, 3), "programma",
						 (const char *)sqlite3_column_text(st, 7), "koppelingDatum",
						 (const char *)sqlite3_column_text(st, 8), "voorgesteldOp",
						 (const char *)sqlite3_column_text(st, 9));
			/* the supporter: a steungezin, or for a trajectory its gezinscoach; the other is null */
			json_object_set_new(item, "steungezin",
					    traject ? json_null()
						    : json_pack("{s:I, s:s, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 4),
								"naam", (const char *)sqlite3_column_text(st, 5), "rol",
								(const char *)sqlite3_column_text(st, 6)));
			json_object_set_new(item, "coach",
					    sqlite3_column_type(st, 11) == SQLITE_NULL
						    ? json_null()
						    : json_pack("{s:I, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 11), "naam",
								(const char *)sqlite3_column_text(st, 12)));
			json_array_append_new(list, item);
		}
	}
	if (c)
		kp_db_read_end(srv->db, c);
	free(pattern);
	if (!list || !gezinnen || !koppelingen || step != SQLITE_DONE) {
		json_decref(list);
		json_decref(gezinnen);
		json_decref(koppelingen);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "koppelingen", list));
	kp_req_audit_list(req, "koppelingen", gezinnen, koppelingen, zoek != NULL);
	json_decref(gezinnen);
	json_decref(koppelingen);
}

/* --- changes under a koppeling: parsed here, written by koppeling_write.c ---------- */

static const char *const contact_waarden[] = { "ja", "nee", "onbekend", NULL };
static const struct kp_field wijziging_spec[] = {
	{ .name = "coordinator", .type = KP_F_INTEGER, .nullable = true, .min = 1, .max = INT64_MAX },
	{ .name = "contactNaAfloop", .type = KP_F_STRING, .one_of = contact_waarden },
};

void api_koppelingen_patch(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body;
	struct kp_conn *w = kp_req_write_body(req, wijziging_spec, 2, true, &body);
	if (!w)
		return;
	struct kp_actor actor = kp_req_actor(req);
	const json_t *coord = json_object_get(body, "coordinator");
	struct kp_koppeling_uitkomst u;
	kp_koppeling_wijzigen(w, &actor, id, &im, coord != NULL, json_integer_value(coord),
			      json_string_value(json_object_get(body, "contactNaAfloop")), &u);
	finish_write(req, w, id, &u, 200);
}

static const char *const fase_codes[] = { "voorstel", "kennismaking", "proefperiode", "contract", "lopend",
					  "afronding", "gestopt", NULL };
static const struct kp_field overgang_spec[] = {
	{ .name = "naar", .type = KP_F_STRING, .required = true, .one_of = fase_codes },
	{ .name = "datum", .type = KP_F_STRING, .check = kp_check_past_date },
	{ .name = "toelichting", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 2000 },
	{ .name = "reden", .type = KP_F_STRING, .nullable = true, .one_of = kp_stopredenen },
	{ .name = "contractGetekendOp", .type = KP_F_STRING, .check = kp_check_past_date },
	KP_TOESTEMMING_OVERRIDE_VELD,
};

void api_faseovergangen_post(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, overgang_spec, sizeof overgang_spec / sizeof overgang_spec[0], false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_overgang o = {
		.naar = KP_FASE_VOORSTEL,
		.datum = json_string_value(json_object_get(body, "datum")),
		.toelichting = json_string_value(json_object_get(body, "toelichting")),
		.reden = json_string_value(json_object_get(body, "reden")),
		.contract_getekend_op = json_string_value(json_object_get(body, "contractGetekendOp")),
		.override_reden = json_string_value(json_object_get(json_object_get(body, "toestemmingOverride"), "reden")),
	};
	kp_fase_parse(json_string_value(json_object_get(body, "naar")), &o.naar);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	struct kp_actor actor = kp_req_actor(req);
	char t[16];
	kp_today(t);
	struct kp_koppeling_uitkomst u;
	kp_koppeling_overgang(w, &actor, id, &im, &o, t, &u);
	finish_write(req, w, id, &u, 201);
}

static const struct kp_field afspraken_spec[] = {
	{ .name = "frequentie", .type = KP_F_STRING, .nullable = true, .max_len = 200 },
	{ .name = "dagEnTijd", .type = KP_F_STRING, .nullable = true, .max_len = 200 },
	{ .name = "halenBrengen", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 1000 },
	{ .name = "huisregels", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 2000 },
	{ .name = "doelen", .type = KP_F_STRING_ARRAY, .max_items = 10, .min_len = 1, .max_len = 300 },
};

void api_afspraken_post(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, afspraken_spec, sizeof afspraken_spec / sizeof afspraken_spec[0], false);
	if (!problem && json_object_size(body) == 0) {
		problem = kp_problem_json(KP_P_INVALID_INPUT, "Leg minstens één afspraak vast.");
		kp_problem_add_invalid_param(problem, "/doelen", "Leg minstens één afspraak vast.");
	}
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	struct kp_actor actor = kp_req_actor(req);
	struct kp_koppeling_uitkomst u;
	kp_koppeling_afspraken(w, &actor, id, &im, body, &u);
	finish_write(req, w, id, &u, 201);
}

static const char *const verloop_waarden[] = { "soepel", "hick-ups", "stagnatie", NULL };
static const struct kp_field verloop_spec[] = {
	{ .name = "verloop", .type = KP_F_STRING, .required = true, .one_of = verloop_waarden },
	{ .name = "datum", .type = KP_F_STRING, .check = kp_check_past_date },
	{ .name = "toelichting", .type = KP_F_STRING, .nullable = true, .multiline = true, .max_len = 2000 },
};

void api_verloop_post(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body;
	struct kp_conn *w = kp_req_write_body(req, verloop_spec, 3, false, &body);
	if (!w)
		return;
	struct kp_actor actor = kp_req_actor(req);
	char t[16];
	kp_today(t);
	struct kp_koppeling_uitkomst u;
	kp_koppeling_verloop(w, &actor, id, &im, json_string_value(json_object_get(body, "verloop")),
			     json_string_value(json_object_get(body, "datum")),
			     json_string_value(json_object_get(body, "toelichting")), t, &u);
	finish_write(req, w, id, &u, 201);
}

static const struct kp_field verlenging_spec[] = {
	{ .name = "totOp", .type = KP_F_STRING, .required = true, .check = kp_check_date },
	{ .name = "reden", .type = KP_F_STRING, .required = true, .multiline = true, .min_len = 1, .max_len = 1000 },
};

void api_verlengingen_post(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body;
	struct kp_conn *w = kp_req_write_body(req, verlenging_spec, sizeof verlenging_spec / sizeof verlenging_spec[0], false, &body);
	if (!w)
		return;
	struct kp_actor actor = kp_req_actor(req);
	struct kp_koppeling_uitkomst u;
	kp_koppeling_verlengen(w, &actor, id, &im, json_string_value(json_object_get(body, "totOp")),
			       json_string_value(json_object_get(body, "reden")), &u);
	finish_write(req, w, id, &u, 201);
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_koppelingen[] = {
	KP_SPEC(koppeling_spec),
	KP_SPEC(wijziging_spec),
	KP_SPEC(overgang_spec),
	KP_SPEC(afspraken_spec),
	KP_SPEC(verloop_spec),
	KP_SPEC(verlenging_spec),
	{ NULL, NULL, 0 },
};
