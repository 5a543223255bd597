/*
 * Parsers for the value types of the configuration table, and the masking of secrets inside
 * values. Strict on purpose: a value that is not exactly one number with one known unit is an
 * error, so "10 MB" or "5sec" never silently means something else.
 */
#include "config_internal.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int config_error(char *err, size_t errlen, int code, const char *fmt, ...)
{
    if (err && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* Parses the leading decimal digits of text as a non-negative number; *end is the first byte
 * after them. Returns 0, -EINVAL (no digits) or -ERANGE. */
static int config_parse_digits(const char *text, int64_t *out, const char **end)
{
    const char *p = text;
    int64_t value = 0;
    if (!isdigit((unsigned char)*p)) {
        return -EINVAL;
    }
    while (isdigit((unsigned char)*p)) {
        int digit = *p - '0';
        if (value > (INT64_MAX - digit) / 10) {
            return -ERANGE;
        }
        value = value * 10 + digit;
        p++;
    }
    *out = value;
    *end = p;
    return 0;
}

int config_parse_int(const char *text, int64_t *out, char *err, size_t errlen)
{
    const char *p = text;
    bool negative = false;
    if (*p == '-' || *p == '+') {
        negative = *p == '-';
        p++;
    }
    int64_t value;
    const char *end;
    int rc = config_parse_digits(p, &value, &end);
    if (rc == -ERANGE) {
        return config_error(err, errlen, -ERANGE, "\"%s\" is out of range", text);
    }
    if (rc < 0 || *end != '\0') {
        return config_error(err, errlen, -EINVAL, "\"%s\" is not an integer", text);
    }
    *out = negative ? -value : value;
    return 0;
}

struct config_unit {
    const char *name;
    int64_t factor;
};

/* Binary units only; "KB"/"MB" are refused because people disagree on what they mean. */
static const struct config_unit config_size_units[] = {
    {"", 1},
    {"b", 1},
    {"k", INT64_C(1) << 10},
    {"kib", INT64_C(1) << 10},
    {"m", INT64_C(1) << 20},
    {"mib", INT64_C(1) << 20},
    {"g", INT64_C(1) << 30},
    {"gib", INT64_C(1) << 30},
    {"t", INT64_C(1) << 40},
    {"tib", INT64_C(1) << 40},
    {NULL, 0},
};

static const struct config_unit config_duration_units[] = {
    {"", 1}, {"ms", 1}, {"s", 1000}, {"m", 60 * 1000}, {"h", 60 * 60 * 1000}, {NULL, 0},
};

/* Parses "<digits><unit>" with one optional space before the unit; unit names compare
 * case-insensitively (exact case for durations, where "m" and "M" could be confused). */
static int config_parse_with_unit(const char *text, const struct config_unit *units,
                                  bool case_insensitive, int64_t *out, const char **unit_out)
{
    int64_t value;
    const char *end;
    int rc = config_parse_digits(text, &value, &end);
    if (rc < 0) {
        return rc;
    }
    const char *unit = end;
    if (*unit == ' ') {
        unit++;
    }
    *unit_out = unit;
    for (const struct config_unit *u = units; u->name; u++) {
        bool same = case_insensitive ? strcasecmp(unit, u->name) == 0 : strcmp(unit, u->name) == 0;
        if (same && (*u->name != '\0' || unit == end)) {
            if (value > INT64_MAX / u->factor) {
                return -ERANGE;
            }
            *out = value * u->factor;
            return 0;
        }
    }
    return -ENOENT;
}

int config_parse_size(const char *text, int64_t *out, char *err, size_t errlen)
{
    const char *unit = "";
    int rc = config_parse_with_unit(text, config_size_units, true, out, &unit);
    if (rc == -ERANGE) {
        return config_error(err, errlen, -ERANGE, "\"%s\" is out of range", text);
    }
    if (rc == -ENOENT && (strcasecmp(unit, "kb") == 0 || strcasecmp(unit, "mb") == 0 ||
                          strcasecmp(unit, "gb") == 0 || strcasecmp(unit, "tb") == 0)) {
        return config_error(err, errlen, -EINVAL,
                            "\"%s\": unit %s is ambiguous; use KiB, MiB or GiB (powers of 1024)",
                            text, unit);
    }
    if (rc < 0) {
        return config_error(err, errlen, -EINVAL,
                            "\"%s\" is not a size (a whole number of bytes, optionally with B, "
                            "KiB, MiB, GiB or k, M, G)",
                            text);
    }
    return 0;
}

int config_parse_duration_ms(const char *text, int64_t *out, char *err, size_t errlen)
{
    const char *unit = "";
    int rc = config_parse_with_unit(text, config_duration_units, false, out, &unit);
    if (rc == -ERANGE) {
        return config_error(err, errlen, -ERANGE, "\"%s\" is out of range", text);
    }
    if (rc < 0) {
        return config_error(err, errlen, -EINVAL,
                            "\"%s\" is not a duration (a whole number with ms, s, m or h; a bare "
                            "number is milliseconds)",
                            text);
    }
    return 0;
}

int config_parse_bool(const char *text, bool *out, char *err, size_t errlen)
{
    static const char *const yes[] = {"true", "yes", "on", "1", NULL};
    static const char *const no[] = {"false", "no", "off", "0", NULL};
    for (size_t i = 0; yes[i]; i++) {
        if (strcasecmp(text, yes[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcasecmp(text, no[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    return config_error(err, errlen, -EINVAL,
                        "\"%s\" is not a boolean (true/false, yes/no, on/off, 1/0)", text);
}

/* Picks the largest unit that represents value exactly. compact: "1MiB" (parseable) rather
 * than "1 MiB" (for prose). */
static void config_format_units(int64_t value, const struct config_unit *units, size_t count,
                                bool compact, char *buf, size_t buflen)
{
    for (size_t i = count; i-- > 0;) {
        const struct config_unit *u = &units[i];
        if (value != 0 && value % u->factor == 0) {
            snprintf(buf, buflen, "%" PRId64 "%s%s", value / u->factor, compact ? "" : " ",
                     u->name);
            return;
        }
    }
    snprintf(buf, buflen, "%" PRId64 "%s%s", value, compact ? "" : " ", units[0].name);
}

void config_format_size(int64_t bytes, bool compact, char *buf, size_t buflen)
{
    static const struct config_unit units[] = {
        {"B", 1},
        {"KiB", INT64_C(1) << 10},
        {"MiB", INT64_C(1) << 20},
        {"GiB", INT64_C(1) << 30},
        {"TiB", INT64_C(1) << 40},
    };
    config_format_units(bytes, units, sizeof(units) / sizeof(units[0]), compact, buf, buflen);
}

void config_format_duration(int64_t ms, bool compact, char *buf, size_t buflen)
{
    static const struct config_unit units[] = {
        {"ms", 1},
        {"s", 1000},
        {"m", 60 * 1000},
        {"h", 60 * 60 * 1000},
    };
    config_format_units(ms, units, sizeof(units) / sizeof(units[0]), compact, buf, buflen);
}

/* Appends text to buf (always NUL-terminated, truncating). */
static void config_append(char *buf, size_t buflen, size_t *used, const char *text, size_t len)
{
    if (*used >= buflen) {
        return;
    }
    size_t room = buflen - *used - 1;
    if (len > room) {
        len = room;
    }
    memcpy(buf + *used, text, len);
    *used += len;
    buf[*used] = '\0';
}

/* Length of the masked value starting at p: a quoted 'value' or up to whitespace or '&'. */
static size_t config_secret_len(const char *p)
{
    if (*p == '\'') {
        const char *q = p + 1;
        while (*q && *q != '\'') {
            q += (*q == '\\' && q[1]) ? 2 : 1;
        }
        return (size_t)(q - p) + (*q == '\'' ? 1 : 0);
    }
    size_t n = 0;
    while (p[n] && !isspace((unsigned char)p[n]) && p[n] != '&') {
        n++;
    }
    return n;
}

void config_mask_passwords(const char *value, char *buf, size_t buflen)
{
    static const char mask[] = "********";
    size_t used = 0;
    if (buflen == 0) {
        return;
    }
    buf[0] = '\0';
    const char *p = value;

    /* URI form: scheme://user:password@host... */
    const char *scheme = strstr(p, "://");
    if (scheme) {
        const char *userinfo = scheme + 3;
        size_t span = strcspn(userinfo, "/?#");
        const char *at = memchr(userinfo, '@', span);
        const char *colon = at ? memchr(userinfo, ':', (size_t)(at - userinfo)) : NULL;
        if (colon) {
            config_append(buf, buflen, &used, p, (size_t)(colon + 1 - p));
            config_append(buf, buflen, &used, mask, sizeof(mask) - 1);
            p = at;
        }
    }

    /* key=value form, and URI query parameters: password=... */
    while (*p) {
        const char *hit = strcasestr(p, "password");
        if (!hit) {
            break;
        }
        bool word_start =
            hit == value || isspace((unsigned char)hit[-1]) || hit[-1] == '?' || hit[-1] == '&';
        const char *q = hit + strlen("password");
        while (*q == ' ') {
            q++;
        }
        if (!word_start || *q != '=') {
            config_append(buf, buflen, &used, p, (size_t)(hit + 1 - p));
            p = hit + 1;
            continue;
        }
        q++;
        while (*q == ' ') {
            q++;
        }
        config_append(buf, buflen, &used, p, (size_t)(q - p));
        size_t secret = config_secret_len(q);
        if (secret > 0) {
            config_append(buf, buflen, &used, mask, sizeof(mask) - 1);
        }
        p = q + secret;
    }
    config_append(buf, buflen, &used, p, strlen(p));
}

bool config_passthrough_is_secret(const char *property)
{
    return strcasestr(property, "password") || strcasestr(property, "secret") ||
           strcasestr(property, "key");
}

const char *config_source_name(enum config_source source)
{
    switch (source) {
    case CONFIG_SOURCE_DEFAULT:
        return "default";
    case CONFIG_SOURCE_FILE:
        return "file";
    case CONFIG_SOURCE_ENV:
        return "env";
    case CONFIG_SOURCE_FLAG:
        return "flag";
    }
    return "unknown";
}
