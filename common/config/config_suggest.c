/*
 * "Did you mean ...?" for unknown keys: the table name with the smallest edit distance, if it is
 * close enough to be a plausible typo rather than an unrelated word.
 */
#include "config_internal.h"

#include <stdlib.h>
#include <string.h>

size_t config_edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a);
    size_t lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > cap) {
        return cap + 1;
    }
    /* Two rows of the Levenshtein matrix; keys are short, so a fixed bound is fine. */
    enum { MAX_KEY = 128 };
    if (lb >= MAX_KEY) {
        return cap + 1;
    }
    size_t prev[MAX_KEY + 1];
    size_t cur[MAX_KEY + 1];
    for (size_t j = 0; j <= lb; j++) {
        prev[j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev[j - 1] + cost;
            if (prev[j] + 1 < best) {
                best = prev[j] + 1;
            }
            if (cur[j - 1] + 1 < best) {
                best = cur[j - 1] + 1;
            }
            cur[j] = best;
            if (best < row_min) {
                row_min = best;
            }
        }
        if (row_min > cap) {
            return cap + 1;
        }
        memcpy(prev, cur, (lb + 1) * sizeof(prev[0]));
    }
    return prev[lb];
}

const char *config_suggest(const struct config *cfg, const char *name)
{
    /* Up to a third of the name may be wrong, at least 2 edits, so "kafak.brokers" and
     * "pg.coninfo" find their key but "foo" does not match "pg.conninfo". */
    size_t cap = strlen(name) / 3;
    if (cap < 2) {
        cap = 2;
    }
    const char *best = NULL;
    size_t best_distance = cap + 1;
    for (size_t i = 0; i < cfg->option_count; i++) {
        const char *candidate = cfg->spec->options[i].name;
        size_t d = config_edit_distance(name, candidate, cap);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}
