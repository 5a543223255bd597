/*
 * ingest_metrics_dump: prints ingestd's metric catalogue in the text exposition format, with
 * one consumer-lag series so that every family appears. tests/deploy checks the metric names
 * used by the alert rules, the dashboard and the runbook against this output.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ingest_metrics.h"

int main(void)
{
    struct metrics_buffer buf = METRICS_BUFFER_INIT;
    struct ingest_metrics *m = NULL;
    size_t lag;
    int rc;

    rc = ingest_metrics_create(INGEST_VERSION, 0, 256u << 20, &m);
    if (rc == 0) {
        rc = ingest_metrics_lag_series(m, "articles.raw", 0, &lag);
    }
    if (rc == 0) {
        rc = metrics_render(m->registry, &buf);
    }
    if (rc == 0) {
        fwrite(buf.data, 1, buf.len, stdout);
    } else {
        fprintf(stderr, "ingest_metrics_dump: error %d\n", rc);
    }
    metrics_buffer_free(&buf);
    ingest_metrics_destroy(m);
    return rc == 0 ? 0 : 1;
}
