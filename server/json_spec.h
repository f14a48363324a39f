/*
 * json_spec.h - declarative validation of JSON request bodies.
 *
 * A handler describes the members it accepts as a static array of struct
 * kp_field and calls kp_json_validate once. Every problem is collected, so
 * one 400 answer names every offending field (invalidParams, each named by
 * a JSON pointer such as "/wachtwoord"); members not in the spec are
 * refused, never silently dropped. Strings are checked for length in
 * characters (not bytes) and for the characters they may hold
 * (kp_check_text).
 */
#ifndef KOPPEL_JSON_SPEC_H
#define KOPPEL_JSON_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

enum kp_field_type {
	KP_F_STRING,
	KP_F_INTEGER,
	KP_F_BOOLEAN,
	KP_F_STRING_ARRAY, /* array of strings; min/max_len apply to each item, max_items to the count */
	KP_F_NUMBER,       /* integer or real; min/max apply */
	KP_F_OBJECT,       /* nested object validated against fields */
	KP_F_OBJECT_ARRAY, /* array (up to max_items) of objects validated against fields */
};

struct kp_field {
	const char *name;
	enum kp_field_type type;
	bool required;            /* ignored when validating a partial update */
	bool nullable;            /* JSON null accepted (clears the value) */
	bool multiline;           /* strings may contain \n and \t */
	size_t min_len, max_len;  /* characters, for strings and array items */
	size_t max_items;         /* arrays */
	long long min, max;       /* integers */
	const char *const *one_of; /* NULL-terminated allowed values for strings */
	/* Extra check for a string value; returns NULL when fine, else a Dutch reason. */
	const char *(*check)(const char *value);
	const struct kp_field *fields; /* KP_F_OBJECT, KP_F_OBJECT_ARRAY: their members */
	size_t n_fields;
};

/*
 * A request body's spec, named, for the tables each api_*.c file exports so
 * that the body fuzz target (tests/fuzz) validates against every spec the
 * API uses. Each table ends with an entry whose naam is NULL.
 */
struct kp_spec {
	const char *naam;
	const struct kp_field *fields;
	size_t n;
};
#define KP_SPEC(f) { #f, f, sizeof f / sizeof f[0] }
extern const struct kp_spec kp_specs_evaluaties[], kp_specs_gebruikers[], kp_specs_gezinnen[],
	kp_specs_koers[], kp_specs_koppelingen[], kp_specs_matching[], kp_specs_programmas[], kp_specs_sessies[], kp_specs_tokens[],
	kp_specs_werkgebieden[];

/*
 * Validates obj (a JSON object) against spec. partial: for PATCH, required
 * members may be absent (nested objects are always checked whole). Returns NULL when valid, or a new 400 problem
 * (kind KP_P_INVALID_INPUT) listing every invalid member.
 */
json_t *kp_json_validate(const json_t *obj, const struct kp_field *spec, size_t n, bool partial);

/*
 * Checks for common formats, usable as kp_field.check: NULL when fine,
 * else a Dutch reason.
 */
const char *kp_check_date(const char *s);      /* YYYY-MM-DD, a real date */
const char *kp_check_past_date(const char *s); /* the same, not after today */
const char *kp_check_email(const char *s);
const char *kp_check_phone(const char *s);     /* Dutch or +international */
const char *kp_check_postcode(const char *s);  /* 1234 AB or 1234AB */

/* Normalises a valid postcode to "1234 AB" (out: at least 8 bytes). */
void kp_postcode_normalise(const char *s, char out[8]);

/* Number of UTF-8 characters in s (jansson guarantees valid UTF-8). */
size_t kp_utf8_length(const char *s);

/*
 * Characters no name or text field may hold (README, "Input"):
 * bidirectional formatting characters, which make text display in another
 * order than it is stored (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
 * U+061C), and invisible characters (U+200B-U+200D, U+2060, U+FEFF).
 */
bool kp_is_bidi_control(uint32_t c);
bool kp_is_invisible(uint32_t c);

/*
 * The character rule every KP_F_STRING value (and string array item)
 * passes: well-formed UTF-8 without bidirectional formatting characters
 * and without control characters (C0, DEL, C1). A single-line field
 * (multiline false) also refuses the invisible characters and U+2028/U+2029;
 * a multiline field allows line feed, carriage return and tab, and the
 * joiners U+200C/U+200D (emoji sequences, some scripts). Returns NULL when
 * fine, else a Dutch reason (which may be written into buf).
 */
const char *kp_check_text(const char *s, bool multiline, char *buf, size_t buflen);

/*
 * Parses a request body as http.c does: a JSON object, duplicate keys
 * refused. Returns the object (new reference), or NULL with *problem a new
 * 400 problem (kind KP_P_INVALID_JSON) naming line and column; *problem is
 * NULL only when even that could not be allocated.
 */
json_t *kp_json_parse_body(const char *body, size_t len, json_t **problem);

#endif
