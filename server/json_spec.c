/*
 * json_spec.c - see json_spec.h.
 */
#include "json_spec.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "problem.h"

size_t kp_utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* NULL when s is an acceptable string for f, else a Dutch reason. */
static const char *check_string(const struct kp_field *f, const char *s, char *buf, size_t buflen)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0x7F || (*p < 0x20 && !(f->multiline && (*p == '\n' || *p == '\t' || *p == '\r'))))
			return "Bevat niet-toegestane tekens.";
	}
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

json_t *kp_json_validate(const json_t *obj, const struct kp_field *spec, size_t n, bool partial)
{
	json_t *problem = NULL;
	char pointer[160], buf[256];
#define FAIL(name, reason)                                                                                   \
	do {                                                                                                 \
		if (!problem)                                                                                \
			problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");   \
		snprintf(pointer, sizeof pointer, "/%s", (name));                                            \
		kp_problem_add_invalid_param(problem, pointer, (reason));                                    \
	} while (0)

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
			FAIL(name, "Onbekend veld.");
			continue;
		}
		const char *why = check_value(f, value, buf, sizeof buf);
		if (why)
			FAIL(f->name, why);
	}
	if (!partial) {
		for (size_t i = 0; i < n; i++)
			if (spec[i].required && !json_object_get(obj, spec[i].name))
				FAIL(spec[i].name, "Verplicht veld.");
	}
#undef FAIL
	return problem;
}
