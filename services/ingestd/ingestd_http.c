/*
 * Operational endpoints. /healthz answers 200 while the loop runs (if it does not answer, the
 * process is stuck). /readyz answers 200 only when this instance can make progress: partitions
 * assigned, the database connected, the producer delivering, and an offset committed within
 * ready.commit.max.age while messages are in flight; otherwise 503 naming each failed check,
 * with every check in the body ("ok" for the ones that pass). /metrics is the
 * Prometheus exposition of ingest_metrics.h (ingestd_metrics.c).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ingestd.h"
#include "log.h"

static void http_json(struct http_response *resp, int status, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);

    json_decref(body);
    if (text == NULL) {
        http_response_set(resp, 500, "application/json", "{\"status\":\"error\"}", 18);
        return;
    }
    http_response_status(resp, status, "application/json");
    http_response_body_take(resp, text, strlen(text));
}

static void on_healthz(const struct http_request *req, struct http_response *resp, void *arg)
{
    (void)req;
    (void)arg;
    http_response_set(resp, 200, "application/json", "{\"status\":\"ok\"}", 15);
}

/* Messages are waiting and no offset has been committed for ready.commit.max.age: something
 * downstream is stuck even though every connection looks fine. */
static bool commit_stale(const struct ingestd *d, int64_t *age_ms)
{
    if (d->metrics == NULL || d->inflight == 0) {
        return false;
    }
    int64_t since =
        d->metrics->last_commit_ms >= 0 ? d->metrics->last_commit_ms : d->metrics->start_ms;
    *age_ms = (int64_t)uv_now(d->loop) - since;
    return *age_ms > d->settings->ready_commit_max_age_ms;
}

/* A partition cannot be read until its claim succeeds (ingestd_claim.c). */
static bool claims_failing(const struct ingestd *d)
{
    return d->claims > 0 && d->claim_error[0] != '\0';
}

bool ingestd_ready(const struct ingestd *d)
{
    int64_t age_ms;
    return !d->draining && d->consumer != NULL &&
           kafka_consumer_assignment_count(d->consumer) > 0 && ingestd_db_connected(d) &&
           d->producer_error[0] == '\0' && !claims_failing(d) && !commit_stale(d, &age_ms);
}

static void on_readyz(const struct http_request *req, struct http_response *resp, void *arg)
{
    struct ingestd *d = arg;
    json_t *checks = json_object();
    bool ready = true;
    const char *db_error;

    (void)req;
    if (d->draining) {
        json_object_set_new(checks, "shutdown", json_string("shutting down"));
        ready = false;
    }
    if (d->consumer == NULL || kafka_consumer_assignment_count(d->consumer) == 0) {
        json_object_set_new(checks, "kafka", json_string("no partitions assigned"));
        ready = false;
    } else {
        json_object_set_new(checks, "kafka", json_string("ok"));
    }
    if (!ingestd_db_connected(d)) {
        db_error = ingestd_db_error(d);
        json_object_set_new(checks, "database",
                            json_string(db_error[0] != '\0' ? db_error : "not connected"));
        ready = false;
    } else {
        json_object_set_new(checks, "database", json_string("ok"));
    }
    if (d->producer_error[0] != '\0') {
        json_object_set_new(checks, "producer", json_string(d->producer_error));
        ready = false;
    } else {
        json_object_set_new(checks, "producer", json_string("ok"));
    }
    json_object_set_new(checks, "claims", json_string(claims_failing(d) ? d->claim_error : "ok"));
    ready = ready && !claims_failing(d);
    int64_t age_ms = 0;
    if (commit_stale(d, &age_ms)) {
        char why[96];
        snprintf(why, sizeof why, "no offset committed for %lld s with messages in flight",
                 (long long)(age_ms / 1000));
        json_object_set_new(checks, "commit", json_string(why));
        ready = false;
    } else {
        json_object_set_new(checks, "commit", json_string("ok"));
    }
    http_json(resp, ready ? 200 : 503,
              json_pack("{s:s, s:o}", "status", ready ? "ready" : "not ready", "checks", checks));
}

int ingestd_http_start(struct ingestd *d)
{
    struct http_server_options opts;
    char err[256];
    int rc;

    http_server_options_init(&opts);
    opts.addr = d->settings->http_addr;
    rc = http_server_create(d->loop, &opts, &d->http);
    if (rc < 0) {
        log_error("cannot create the HTTP server", LOG_ERRNO(rc),
                  LOG_STR("addr", d->settings->http_addr));
        return rc;
    }
    if ((rc = http_server_route(d->http, "GET", "/healthz", on_healthz, d)) < 0 ||
        (rc = http_server_route(d->http, "GET", "/readyz", on_readyz, d)) < 0 ||
        (rc = http_server_route(d->http, "GET", "/metrics", ingestd_metrics_serve, d)) < 0) {
        log_error("cannot register the HTTP routes", LOG_ERRNO(rc));
        return rc;
    }
    rc = http_server_start(d->http, err, sizeof(err));
    if (rc < 0) {
        log_error("cannot listen for HTTP", LOG_STR("addr", d->settings->http_addr),
                  LOG_STR("reason", err));
        return rc;
    }
    log_info("HTTP listening", LOG_STR("addr", d->settings->http_addr),
             LOG_INT("port", http_server_port(d->http)));
    return 0;
}
