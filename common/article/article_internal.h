/*
 * Contracts between the parts of the article module. Not installed; only common/article and
 * its tests include this.
 */
#ifndef ARTICLE_INTERNAL_H
#define ARTICLE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "article.h"

/* UTF-8 (article_utf8.c). */

/* Returns the offset of the first byte that does not belong to a well-formed UTF-8 sequence
 * (overlong forms, surrogates and code points above U+10FFFF are ill-formed), or len when all
 * of s[0..len) is UTF-8. */
size_t article_utf8_invalid_at(const unsigned char *s, size_t len);

/* Length of the well-formed sequence at s[0..avail) (avail >= 1), or 0 when it is ill-formed
 * or cut short. */
size_t article_utf8_sequence_len(const unsigned char *s, size_t avail);

/* Shortens the NUL-terminated s so that it does not end inside a multi-byte sequence. Used after
 * snprintf() cut a string to fit a fixed buffer. */
void article_utf8_trim_partial(char *s);

/* Decodes the code point at s[*i] (s is valid UTF-8) and advances *i past it. */
unsigned article_utf8_next(const unsigned char *s, size_t len, size_t *i);

/* Errors (article_error.c). */

/* Fills err: reason, path (copied, cut at a character boundary) and a printf-formatted message
 * whose control characters are replaced by '?' and which is cut at a character boundary.
 * Returns ARTICLE_ERR_REJECTED so that callers can `return article_reject(...)`. */
int article_reject(struct article_error *err, enum article_reason reason, const char *path,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* JSON pointers (article_pointer.c). */

/* Appends "/" and the escaped key (~ as ~0, / as ~1) to the NUL-terminated pointer in
 * path[0..cap). Stops at a character boundary when path is full. */
void article_pointer_append(char *path, size_t cap, const char *key, size_t key_len);

/* Best-effort JSON pointer of the member or element being read at byte pos of buf[0..len),
 * found by scanning the text before pos; any bytes are allowed (no parse needs to succeed).
 * Writes "" when pos is outside every member, e.g. at the top level. */
void article_pointer_at(const char *buf, size_t len, size_t pos, char *path, size_t cap);

/* Field values (article_values.c). Each returns true when the value is allowed and otherwise
 * writes a short explanation (no trailing period) to why[0..cap). */
bool article_value_source(const char *s, size_t len, char *why, size_t cap);
bool article_value_id(const char *s, size_t len, char *why, size_t cap);
bool article_value_url(const char *s, size_t len, char *why, size_t cap);
bool article_value_published_at(const char *s, size_t len, char *why, size_t cap);
bool article_value_lang(const char *s, size_t len, char *why, size_t cap);
bool article_value_content_type(const char *s, size_t len, char *why, size_t cap);

/* True when s[0..len) (valid UTF-8) holds only whitespace and invisible format characters
 * (Unicode White_Space, zero-width spaces and joiners, the byte order mark). */
bool article_text_is_blank(const char *s, size_t len);

/* Fields (article_fields.c). */

/* Checks every member of the object root against the schema and fills a->sub with borrowed
 * pointers into root. Returns 0 or ARTICLE_ERR_REJECTED with err filled in. */
int article_fields_check(json_t *root, const struct article_limits *lim, struct article *a,
                         struct article_error *err);

/* Name of a schema field, in schema order, for i < article_field_count(); NULL otherwise. */
const char *article_field_name(size_t i);
size_t article_field_count(void);

#endif
