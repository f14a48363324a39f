/*
 * zoeken.h - finding and sorting families by name, with ICU.
 *
 * Search is accent- and case-insensitive: the indexed text and the query
 * pass through the same folding (ICU: NFD, combining marks removed, lower
 * case; what is then still not ASCII through the transliterator "Any-Latin;
 * Latin-ASCII; Lower"), so "Celik" finds "Çelik" and "yildiz" finds
 * "Yıldız". A phone number is indexed and searched as its digits in the
 * national form (+31 and 0031 become 0). Names sort by the ICU collator for
 * Dutch ("nl") on a sort form of the name: a leading "Gezin" is left out and
 * leading tussenvoegsels go to the end ("Gezin van Dijk" sorts as
 * "Dijk van", among the D). The collation key is stored as a BLOB column
 * (gezinnen.sorteersleutel, schema 0021), so SQLite sorts and pages by it
 * with a plain index and no custom collation.
 *
 * The search row (gezinnen_zoek) and the sort key of a gezin are rebuilt
 * from its rows by kp_zoek_gezin_bijwerken in every write that changes
 * them; kp_zoek_bijwerken_waar_nodig fills every gezin whose sort key is
 * NULL (after migration 0021, or rows inserted by plain SQL) or too long
 * at start.
 */
#ifndef KOPPEL_ZOEKEN_H
#define KOPPEL_ZOEKEN_H

#include <stddef.h>
#include <stdint.h>

struct kp_conn;
struct kp_db;

/*
 * The folded form of UTF-8 text s (see above), malloc'ed, or NULL when out
 * of memory. What the transliterator cannot fold (ICU fails, or the result
 * would exceed its bound) stays lower case without marks; when even that
 * fails, s with ASCII letters in lower case. Invalid UTF-8 sequences
 * become U+FFFD. Thread-safe.
 */
char *kp_zoek_vouw(const char *s);

/*
 * The digits of phone number s in national form ("+31 6-1234 5678" and
 * "0031612345678" give "0612345678"), malloc'ed; NULL when s does not look
 * like a phone number (other characters than digits, spaces, + - . ( ) /,
 * or fewer than 3 digits) or when out of memory. Pure.
 */
char *kp_zoek_telefoon(const char *s);

/*
 * The text to look for in the search index for the query q: its phone
 * digits when q looks like a phone number, else its folded form, with
 * surrounding spaces dropped. malloc'ed; NULL when out of memory or ICU fails.
 */
char *kp_zoek_vraag(const char *q);

/*
 * Longest stored sort key, in bytes: a longer one is cut (it has to fit a
 * list cursor as hex, see KP_CURSOR_WAARDE_MAX in gezinnen_lijst.h).
 */
#define KP_ZOEK_SLEUTEL_MAX 1000

/*
 * The Dutch collation key of name naam (sort form as above) into a
 * malloc'ed buffer *key of *len bytes, cut at KP_ZOEK_SLEUTEL_MAX bytes.
 * Returns 0, or -1 when out of memory or ICU fails. Thread-safe.
 */
int kp_zoek_sorteersleutel(const char *naam, uint8_t **key, size_t *len);

/*
 * Rebuilds gezin id's search row and sort key from its rows (naam, plaats,
 * postcode, members' names, phones and e-mail), in the caller's write
 * transaction w. Returns SQLITE_OK or an SQLite error code.
 */
int kp_zoek_gezin_bijwerken(struct kp_conn *w, int64_t id);

/*
 * Runs kp_zoek_gezin_bijwerken for every gezin whose sort key is NULL or
 * longer than KP_ZOEK_SLEUTEL_MAX (stored before keys were cut), in
 * one write transaction on db; *n (when not NULL) is set to their number.
 * Returns 0, or -1 on a database error (nothing changed).
 */
int kp_zoek_bijwerken_waar_nodig(struct kp_db *db, int64_t *n);

#endif
