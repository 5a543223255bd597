#include "article.h"

/* Indexed by enum article_reason; the names are a published contract (DLQ header, README). */
static const char *const reason_codes[ARTICLE_REASON_COUNT] = {
    [ARTICLE_OK] = "ok",
    [ARTICLE_EMPTY_MESSAGE] = "empty_message",
    [ARTICLE_TOO_LARGE] = "too_large",
    [ARTICLE_INVALID_UTF8] = "invalid_utf8",
    [ARTICLE_INVALID_JSON] = "invalid_json",
    [ARTICLE_NOT_AN_OBJECT] = "not_an_object",
    [ARTICLE_MISSING_FIELD] = "missing_field",
    [ARTICLE_WRONG_TYPE] = "wrong_type",
    [ARTICLE_EMPTY_BODY] = "empty_body",
    [ARTICLE_INVALID_VALUE] = "invalid_value",
    [ARTICLE_UNKNOWN_FIELD] = "unknown_field",
    [ARTICLE_DUPLICATE_KEY] = "duplicate_key",
};

const char *article_reason_code(enum article_reason r)
{
    if ((int)r < 0 || r >= ARTICLE_REASON_COUNT) {
        return "unknown";
    }
    return reason_codes[r];
}

void article_limits_default(struct article_limits *lim)
{
    lim->max_message_bytes = ARTICLE_DEFAULT_MESSAGE_BYTES;
    lim->max_field_bytes = ARTICLE_DEFAULT_FIELD_BYTES;
}
