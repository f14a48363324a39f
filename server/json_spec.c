/*
 * json_spec.c - see json_spec.h.
 */
#include "json_spec.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "problem.h"
#include "util.h"

const char *kp_check_date(const char *s)
{
	int y, m, d;
	return kp_parse_date(s, &y, &m, &d) ? NULL : "Geef een bestaande datum als JJJJ-MM-DD.";
}

const char *kp_check_past_date(const char *s)
{
	const char *why = kp_check_date(s);
	if (why)
		return why;
	char today[16];
	kp_today(today);
	return strncmp(s, today, 10) > 0 ? "Mag niet in de toekomst liggen." : NULL;
}

const char *kp_check_email(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);
	if (!at || at == s || strchr(at + 1, '@') || n > 254 || (size_t)(at - s) > 64)
		return "Geen geldig e-mailadres.";
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0' || strlen(dot + 1) < 2)
		return "Geen geldig e-mailadres.";
	for (const char *p = s; *p; p++)
		if (*p == ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>' || *p == '"')
			return "Geen geldig e-mailadres.";
	return NULL;
}

const char *kp_check_phone(const char *s)
{
	char digits[32];
	size_t n = 0;
	bool plus = s[0] == '+';
	for (const char *p = s + plus; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof digits)
				return "Geen geldig telefoonnummer.";
			digits[n++] = *p;
		} else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')') {
			return "Geen geldig telefoonnummer.";
		}
	}
	digits[n] = '\0';
	if (plus) {
		if (n >= 2 && digits[0] == '3' && digits[1] == '1')
			return n == 11 && digits[2] != '0' ? NULL : "Een Nederlands nummer is +31 en negen cijfers.";
		return n >= 8 && n <= 15 && digits[0] != '0' ? NULL : "Geen geldig internationaal nummer.";
	}
	return n == 10 && digits[0] == '0' && digits[1] != '0' ? NULL
							       : "Een telefoonnummer is tien cijfers, zoals 06 12345678.";
}

const char *kp_check_postcode(const char *s)
{
	/* four digits, not starting with 0, optional space, two letters; SA, SD and SS are not issued */
	size_t n = strlen(s);
	if ((n != 6 && n != 7) || (n == 7 && s[4] != ' '))
		return "Een postcode is vier cijfers en twee letters, zoals 1234 AB.";
	const char *l = s + (n == 7 ? 5 : 4);
	if (s[0] < '1' || s[0] > '9')
		return "Een postcode begint niet met 0.";
	for (int i = 1; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return "Een postcode is vier cijfers en twee letters, zoals 1234 AB.";
	for (int i = 0; i < 2; i++) {
		char c = (char)(l[i] & ~0x20);
		if (c < 'A' || c > 'Z')
			return "Een postcode is vier cijfers en twee letters, zoals 1234 AB.";
	}
	char a = (char)(l[0] & ~0x20), b = (char)(l[1] & ~0x20);
	if (a == 'S' && (b == 'A' || b == 'D' || b == 'S'))
		return "Deze lettercombinatie bestaat niet in postcodes.";
	return NULL;
}

void kp_postcode_normalise(const char *s, char out[8])
{
	const char *l = s + (strlen(s) == 7 ? 5 : 4);
	memcpy(out, s, 4);
	out[4] = ' ';
	out[5] = (char)(l[0] & ~0x20);
	out[6] = (char)(l[1] & ~0x20);
	out[7] = '\0';
}

size_t kp_utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

bool kp_is_bidi_control(uint32_t c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F ||
	       c == 0x061C;
}

bool kp_is_invisible(uint32_t c)
{
	return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

const char *kp_check_text(const char *s, bool multiline, char *buf, size_t buflen)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t len = kp_utf8_decode(s + i, n - i, &c);
		if (len == 0)
			return "Bevat geen geldige UTF-8.";
		i += len;
		if (multiline && (c == '\n' || c == '\t' || c == '\r'))
			continue;
		if (kp_is_bidi_control(c)) {
			snprintf(buf, buflen, "Bevat een teken dat de leesrichting omkeert (U+%04X); dat mag niet.", (unsigned)c);
			return buf;
		}
		/* joiners (U+200C, U+200D) belong to emoji and some scripts: allowed in free text only */
		bool invisible = kp_is_invisible(c) && !(multiline && (c == 0x200C || c == 0x200D));
		if (invisible) {
			snprintf(buf, buflen, "Bevat een onzichtbaar teken (U+%04X); dat mag niet.", (unsigned)c);
			return buf;
		}
		if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || (!multiline && (c == 0x2028 || c == 0x2029))) {
			snprintf(buf, buflen, "Bevat een stuurteken (U+%04X); dat mag niet%s.", (unsigned)c,
				 multiline ? "" : " in een veld van één regel");
			return buf;
		}
	}
	return NULL;
}

/* NULL when s is an acceptable string for f, else a Dutch reason. */
static const char *check_string(const struct kp_field *f, const char *s, char *buf, size_t buflen)
{
	const char *bad = kp_check_text(s, f->multiline, buf, buflen);
	if (bad)
		return bad;
	size_t len = kp_utf8_length(s);
	if (len < f->min_len || (f->max_len && len > f->max_len)) {
		if (f->min_len == 1 && f->max_len)
			snprintf(buf, buflen, "Vul dit in (hoogstens %zu tekens).", f->max_len);
		else if (f->max_len)
			snprintf(buf, buflen, "Moet %zu tot %zu tekens lang zijn.", f->min_len, f->max_len);
		else
			snprintf(buf, buflen, "Moet minstens %zu tekens lang zijn.", f->min_len);
		return buf;
	}
	if (f->one_of) {
		size_t used = (size_t)snprintf(buf, buflen, "Kies uit:");
		bool found = false;
		for (const char *const *v = f->one_of; *v; v++) {
			if (strcmp(*v, s) == 0)
				found = true;
			if (used < buflen)
				used += (size_t)snprintf(buf + used, buflen - used, "%s %s", v == f->one_of ? "" : ",", *v);
		}
		if (!found) {
			if (used < buflen)
				snprintf(buf + used, buflen - used, ".");
			return buf;
		}
	}
	return f->check ? f->check(s) : NULL;
}

static void validate_object(const json_t *obj, const struct kp_field *spec, size_t n, bool partial, const char *prefix,
			    json_t **problem);

/* NULL when v is acceptable for f, else a Dutch reason (may point into buf). */
static const char *check_value(const struct kp_field *f, const json_t *v, char *buf, size_t buflen)
{
	if (json_is_null(v))
		return f->nullable ? NULL : "Mag niet leeg (null) zijn.";
	switch (f->type) {
	case KP_F_STRING:
		if (!json_is_string(v))
			return "Moet tekst zijn.";
		return check_string(f, json_string_value(v), buf, buflen);
	case KP_F_INTEGER:
		if (!json_is_integer(v))
			return "Moet een geheel getal zijn.";
		if (json_integer_value(v) < f->min || json_integer_value(v) > f->max) {
			snprintf(buf, buflen, "Moet tussen %lld en %lld liggen.", f->min, f->max);
			return buf;
		}
		return NULL;
	case KP_F_BOOLEAN:
		return json_is_boolean(v) ? NULL : "Moet true of false zijn.";
	case KP_F_NUMBER:
		if (!json_is_number(v))
			return "Moet een getal zijn.";
		if (json_number_value(v) < (double)f->min || json_number_value(v) > (double)f->max) {
			snprintf(buf, buflen, "Moet tussen %lld en %lld liggen.", f->min, f->max);
			return buf;
		}
		return NULL;
	case KP_F_OBJECT:
		return json_is_object(v) ? NULL : "Moet een object zijn.";
	case KP_F_OBJECT_ARRAY: {
		if (!json_is_array(v))
			return "Moet een lijst zijn.";
		if (json_array_size(v) < f->min_len) {
			snprintf(buf, buflen, "Minstens %zu nodig.", f->min_len);
			return buf;
		}
		if (f->max_items && json_array_size(v) > f->max_items) {
			snprintf(buf, buflen, "Hoogstens %zu.", f->max_items);
			return buf;
		}
		size_t i;
		const json_t *item;
		json_array_foreach(v, i, item) if (!json_is_object(item)) return "Elk element moet een object zijn.";
		return NULL;
	}
	case KP_F_STRING_ARRAY: {
		if (!json_is_array(v))
			return "Moet een lijst zijn.";
		if (f->max_items && json_array_size(v) > f->max_items) {
			snprintf(buf, buflen, "Hoogstens %zu waarden.", f->max_items);
			return buf;
		}
		size_t i;
		const json_t *item;
		json_array_foreach(v, i, item)
		{
			if (!json_is_string(item))
				return "Elke waarde moet tekst zijn.";
			const char *why = check_string(f, json_string_value(item), buf, buflen);
			if (why)
				return why;
			for (size_t j = 0; j < i; j++)
				if (strcmp(json_string_value(json_array_get(v, j)), json_string_value(item)) == 0)
					return "Bevat een waarde twee keer.";
		}
		return NULL;
	}
	}
	return "Onbekend type.";
}

/* Appends one invalid parameter at pointer prefix/name. */
static void fail(json_t **problem, const char *prefix, const char *name, const char *reason)
{
	if (!*problem)
		*problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
	char pointer[256];
	snprintf(pointer, sizeof pointer, "%s/%s", prefix, name);
	kp_utf8_cut(pointer);
	kp_problem_add_invalid_param(*problem, pointer, reason);
}

static void validate_object(const json_t *obj, const struct kp_field *spec, size_t n, bool partial, const char *prefix,
			    json_t **problem)
{
	char buf[256];
	const char *key;
	const json_t *value;
	json_object_foreach((json_t *)(uintptr_t)obj, key, value)
	{
		const struct kp_field *f = NULL;
		for (size_t i = 0; i < n; i++)
			if (strcmp(spec[i].name, key) == 0)
				f = &spec[i];
		if (!f) {
			/* JSON pointer escaping: ~ -> ~0, / -> ~1; long names cut short */
			char name[64];
			size_t k = 0;
			for (const char *c = key; *c && k + 2 < sizeof name; c++) {
				if (*c == '~' || *c == '/') {
					name[k++] = '~';
					name[k++] = *c == '~' ? '0' : '1';
				} else {
					name[k++] = *c;
				}
			}
			name[k] = '\0';
			kp_utf8_cut(name); /* never half a character: the name goes into a JSON string */
			fail(problem, prefix, name, "Onbekend veld.");
			continue;
		}
		const char *why = check_value(f, value, buf, sizeof buf);
		if (why) {
			fail(problem, prefix, f->name, why);
			continue;
		}
		char sub[256];
		if (f->type == KP_F_OBJECT && json_is_object(value)) {
			snprintf(sub, sizeof sub, "%s/%s", prefix, f->name);
			validate_object(value, f->fields, f->n_fields, false, sub, problem);
		} else if (f->type == KP_F_OBJECT_ARRAY && json_is_array(value)) {
			size_t i;
			const json_t *item;
			json_array_foreach(value, i, item)
			{
				snprintf(sub, sizeof sub, "%s/%s/%zu", prefix, f->name, i);
				validate_object(item, f->fields, f->n_fields, false, sub, problem);
			}
		}
	}
	if (!partial) {
		for (size_t i = 0; i < n; i++)
			if (spec[i].required && !json_object_get(obj, spec[i].name))
				fail(problem, prefix, spec[i].name, "Verplicht veld.");
	}
}

json_t *kp_json_validate(const json_t *obj, const struct kp_field *spec, size_t n, bool partial)
{
	json_t *problem = NULL;
	validate_object(obj, spec, n, partial, "", &problem);
	return problem;
}

json_t *kp_json_parse_body(const char *body, size_t len, json_t **problem)
{
	*problem = NULL;
	if (len == 0) {
		*problem = kp_problem_json(KP_P_INVALID_JSON, "De body is leeg; verwacht wordt een JSON-object.");
		return NULL;
	}
	json_error_t jerr;
	json_t *obj = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!obj) {
		/* jansson quotes the input near the error byte by byte: cut it where
		 * well-formed UTF-8 ends, or the problem could not be built at all */
		kp_utf8_cut(jerr.text);
		char detail[400];
		snprintf(detail, sizeof detail, "De body is geen geldige JSON: regel %d, kolom %d: %s.", jerr.line,
			 jerr.column, jerr.text);
		kp_utf8_cut(detail);
		*problem = kp_problem_json(KP_P_INVALID_JSON, detail);
		return NULL;
	}
	if (!json_is_object(obj)) {
		json_decref(obj);
		*problem = kp_problem_json(KP_P_INVALID_JSON, "De body moet een JSON-object zijn.");
		return NULL;
	}
	return obj;
}
