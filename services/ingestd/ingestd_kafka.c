/*
 * ingestd's side of Kafka: the consumer's and the producer's callbacks, the partitions this
 * instance owns, storing offsets, and backpressure (pause above the high watermark of in-flight
 * messages, resume at the low one; each change logged once).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ingestd.h"
#include "log.h"

static struct ingestd_partition *partition_find(struct ingestd *d, const char *topic,
                                                int32_t partition)
{
    for (struct ingestd_partition *p = d->partitions; p != NULL; p = p->next) {
        if (!p->revoked && p->partition == partition && strcmp(p->topic, topic) == 0) {
            return p;
        }
    }
    return NULL;
}

static struct ingestd_partition *partition_add(struct ingestd *d, const char *topic,
                                               int32_t partition)
{
    struct ingestd_partition *p = calloc(1, sizeof(*p));

    if (p == NULL) {
        return NULL;
    }
    p->topic = strdup(topic);
    if (p->topic == NULL || kafka_tracker_create(&p->tracker) < 0) {
        free(p->topic);
        free(p);
        return NULL;
    }
    p->d = d;
    p->partition = partition;
    p->published = -1;
    p->published_stored = -1;
    p->next = d->partitions;
    d->partitions = p;
    return p;
}

void ingestd_partitions_sweep(struct ingestd *d, bool all)
{
    struct ingestd_partition **link = &d->partitions, *p;

    while ((p = *link) != NULL) {
        if ((all || p->revoked) && p->head == NULL && p->claim == NULL) {
            *link = p->next;
            kafka_tracker_destroy(p->tracker);
            free(p->delivered);
            free(p->topic);
            free(p);
        } else {
            link = &p->next;
        }
    }
}

void ingestd_store_offset(struct ingestd_partition *part, int64_t next_offset)
{
    struct ingestd *d = part->d;
    struct kafka_offset off = {
        .topic = part->topic, .partition = part->partition, .offset = next_offset};
    int rc;

    if (part->revoked || d->consumer == NULL) {
        return; /* the partition moved on: its next owner starts from its claim */
    }
    /* Goes to PostgreSQL with the partition's next transaction. */
    part->published = next_offset;
    rc = kafka_consumer_store_offsets(d->consumer, &off, 1);
    if (rc < 0) {
        log_debug("offset not stored", LOG_ERRNO(rc), LOG_STR("topic", part->topic),
                  LOG_INT("partition", part->partition), LOG_INT("offset", next_offset));
    }
}

static void on_position_done(void *arg, const struct pgw_result *res)
{
    struct ingestd *d = arg;

    if (res->status != 0 && res->status != PGW_ERR_CANCELED && res->status != PGW_ERR_FENCED) {
        log_warn("storing a published position failed", LOG_STR("sqlstate", res->sqlstate),
                 LOG_STR("db_error", res->message));
    }
    d->positions_pending--;
    ingestd_check_drained(d);
}

void ingestd_positions_flush(struct ingestd *d)
{
    if (d->closing) {
        return;
    }
    for (struct ingestd_partition *p = d->partitions; p != NULL; p = p->next) {
        if (p->revoked || p->epoch <= 0 || p->published <= p->published_stored) {
            continue;
        }
        struct pgw_row row = {
            .kind = PGW_ROW_POSITION,
            .topic = p->topic,
            .partition = p->partition,
            .epoch = p->epoch,
            .published = p->published,
        };
        struct pgw *w = ingestd_pgw_for(p);
        if (w != NULL && pgw_submit(w, &row, on_position_done, d) == 0) {
            p->published_stored = p->published;
            d->positions_pending++;
        }
    }
}

/* Why consumption must pause now, or NULL. A full producer queue and a slow or stalled database
 * both keep jobs in flight, so they raise these same two numbers. */
static const char *backpressure_reason(const struct ingestd *d)
{
    if (d->inflight >= d->high_watermark) {
        return "too many messages in flight";
    }
    if (d->inflight_bytes >= d->bytes_high_watermark) {
        return "too many bytes in flight";
    }
    return NULL;
}

void ingestd_backpressure(struct ingestd *d)
{
    const char *why;
    int rc;

    if (d->consumer == NULL || d->closing) {
        return;
    }
    if (!d->paused && (why = backpressure_reason(d)) != NULL) {
        rc = kafka_consumer_pause(d->consumer);
        if (rc == 0) {
            d->paused = true;
            log_info("consumption paused", LOG_STR("reason", why),
                     LOG_UINT("inflight", d->inflight),
                     LOG_UINT("inflight_bytes", d->inflight_bytes),
                     LOG_UINT("high_watermark", d->high_watermark),
                     LOG_UINT("bytes_high_watermark", d->bytes_high_watermark));
        } else {
            log_warn("pausing consumption failed", LOG_ERRNO(rc));
        }
    } else if (d->paused && !d->draining && d->inflight <= d->low_watermark &&
               d->inflight_bytes <= d->bytes_low_watermark) {
        rc = kafka_consumer_resume(d->consumer);
        if (rc == 0) {
            d->paused = false;
            log_info("consumption resumed", LOG_UINT("inflight", d->inflight),
                     LOG_UINT("inflight_bytes", d->inflight_bytes),
                     LOG_UINT("low_watermark", d->low_watermark),
                     LOG_UINT("bytes_low_watermark", d->bytes_low_watermark));
        } else {
            log_warn("resuming consumption failed", LOG_ERRNO(rc));
        }
    }
}

static void on_message(struct kafka_consumer *c, const struct kafka_message *msg, void *arg)
{
    struct ingestd *d = arg;
    struct ingestd_partition *part;
    struct ingestd_job *job;
    int rc;

    (void)c;
    if (d->draining) {
        return; /* not started, so not stored: consumed again after the restart */
    }
    part = partition_find(d, msg->topic, msg->partition);
    if (part == NULL && (part = partition_add(d, msg->topic, msg->partition)) == NULL) {
        goto fail;
    }
    rc = ingestd_job_create(part, msg, &job);
    if (rc == -EINVAL) {
        /* The consumer drops what it delivered before, so this is a bug somewhere below us;
         * the message was taken already, so skipping it loses nothing. */
        log_warn("message skipped: its offset is not after one already taken",
                 LOG_STR("topic", msg->topic), LOG_INT("partition", msg->partition),
                 LOG_INT("offset", msg->offset));
        return;
    }
    if (rc < 0) {
        goto fail;
    }
    ingestd_job_start(job);
    ingestd_backpressure(d);
    return;

fail:
    /* Without memory the message cannot even be remembered; stop rather than skip it. */
    log_error("out of memory taking a message; shutting down", LOG_STR("topic", msg->topic),
              LOG_INT("partition", msg->partition), LOG_INT("offset", msg->offset));
    d->exit_code = 1;
    ingestd_shutdown(d, "out of memory");
}

static void on_assigned(struct kafka_consumer *c, const struct kafka_partition *parts, size_t count,
                        void *arg)
{
    struct ingestd *d = arg;

    struct ingestd_partition *p;

    for (size_t i = 0; i < count; i++) {
        p = partition_find(d, parts[i].topic, parts[i].partition);
        if (p == NULL && (p = partition_add(d, parts[i].topic, parts[i].partition)) == NULL) {
            log_error("out of memory tracking an assigned partition; shutting down");
            d->exit_code = 1;
            ingestd_shutdown(d, "out of memory");
            return;
        }
        /* Held by the consumer (hold_assigned) until the claim releases it. */
        if (p->claim == NULL && p->epoch == 0 && ingestd_claim_start(p) < 0) {
            log_error("out of memory claiming an assigned partition; shutting down");
            d->exit_code = 1;
            ingestd_shutdown(d, "out of memory");
            return;
        }
        ingestd_metrics_lag_add(p);
    }
    /* A cooperative rebalance often hands out nothing new: not worth an info line. */
    log_write(count > 0 ? LOG_LEVEL_INFO : LOG_LEVEL_DEBUG, "partitions assigned",
              LOG_UINT("count", count), LOG_UINT("assigned", kafka_consumer_assignment_count(c)),
              LOG_STR("protocol", kafka_consumer_rebalance_protocol(c)));
}

static void on_revoked(struct kafka_consumer *c, const struct kafka_partition *parts, size_t count,
                       int lost, void *arg)
{
    struct ingestd *d = arg;
    struct ingestd_partition *p;
    size_t busy = 0;

    (void)c;
    for (size_t i = 0; i < count; i++) {
        p = partition_find(d, parts[i].topic, parts[i].partition);
        if (p != NULL) {
            /* Its finished work was stored as it finished; what is still in flight completes
             * (idempotently) but is left for the next owner to commit. */
            p->revoked = true;
            busy += kafka_tracker_pending(p->tracker);
            ingestd_metrics_lag_remove(p);
        }
    }
    ingestd_partitions_sweep(d, false);
    if (lost) {
        log_warn("partitions lost to the group", LOG_UINT("count", count),
                 LOG_UINT("inflight", busy));
    } else {
        log_info("partitions revoked", LOG_UINT("count", count), LOG_UINT("inflight", busy));
    }
}

static void on_committed(struct kafka_consumer *c, int err, const struct kafka_offset *offsets,
                         size_t count, void *arg)
{
    (void)c;
    struct ingestd *d = arg;
    bool failed = false;

    if (err != 0 && err != -ENODATA) {
        log_warn("offset commit failed", LOG_ERRNO(err), LOG_UINT("partitions", count));
        if (d->metrics != NULL) {
            metrics_counter_inc(d->metrics->commit_failures, 0);
        }
        return;
    }
    for (size_t i = 0; i < count; i++) {
        if (offsets[i].err != 0) {
            failed = true;
            log_warn("offset commit failed", LOG_ERRNO(offsets[i].err),
                     LOG_STR("topic", offsets[i].topic),
                     LOG_INT("partition", offsets[i].partition));
        } else {
            log_debug("offset committed", LOG_STR("topic", offsets[i].topic),
                      LOG_INT("partition", offsets[i].partition),
                      LOG_INT("offset", offsets[i].offset));
        }
    }
    if (d->metrics != NULL && err == 0 && count > 0) {
        if (failed) {
            metrics_counter_inc(d->metrics->commit_failures, 0);
        } else {
            ingest_metrics_commit_succeeded(d->metrics, (int64_t)uv_now(d->loop));
        }
    }
}

static void on_kafka_error(struct ingestd *d, const char *client, int fatal, const char *code,
                           const char *reason)
{
    if (fatal) {
        log_error("fatal Kafka error; shutting down", LOG_STR("client", client),
                  LOG_STR("kafka_error", code), LOG_STR("reason", reason));
        d->exit_code = 1;
        ingestd_shutdown(d, "fatal Kafka error");
    } else {
        log_warn("Kafka error", LOG_STR("client", client), LOG_STR("kafka_error", code),
                 LOG_STR("reason", reason));
    }
}

static void on_consumer_error(void *arg, int fatal, const char *code, const char *reason)
{
    on_kafka_error(arg, "consumer", fatal, code, reason);
}

static void on_producer_error(void *arg, int fatal, const char *code, const char *reason)
{
    on_kafka_error(arg, "producer", fatal, code, reason);
}

static void on_kafka_log(void *arg, int level, const char *facility, const char *message)
{
    (void)arg;
    /* Connection failures also arrive through the error callback, once; here they would
     * repeat every reconnect. */
    if (level <= 4 && strcmp(facility, "FAIL") != 0) {
        log_warn("librdkafka", LOG_STR("facility", facility), LOG_STR("message", message));
    } else {
        log_debug("librdkafka", LOG_INT("syslog_level", level), LOG_STR("facility", facility),
                  LOG_STR("message", message));
    }
}

static void on_delivered(struct kafka_producer *p, const struct kafka_delivery *dr,
                         void *msg_opaque, void *arg)
{
    (void)p;
    (void)arg;
    ingestd_job_delivered(msg_opaque, dr);
}

/* Both clients' configurations, built from the settings and the pass-through properties. */
struct kafka_configs {
    struct kafka_property *consumer_props, *producer_props;
    char max_bytes[32];
    char consumer_queue_kbytes[24], fetch_max_bytes[24], partition_fetch_bytes[24];
    char producer_queue_kbytes[24];
    const char *topics[1];
    struct kafka_consumer_config consumer;
    struct kafka_producer_config producer;
};

static void kafka_configs_free(struct kafka_configs *k)
{
    free(k->consumer_props);
    free(k->producer_props);
}

static int kafka_configs_build(const struct ingestd_settings *s, const struct config *cfg,
                               struct kafka_configs *k)
{
    size_t ccount = 0, pcount = 0;
    int rc;
    struct kafka_property *cpass = NULL, *pass = NULL;
    struct ingestd_budget budget;

    memset(k, 0, sizeof(*k));
    rc = ingestd_kafka_properties(cfg, true, &cpass, &ccount);
    if (rc < 0) {
        return rc;
    }
    rc = ingestd_kafka_properties(cfg, false, &pass, &pcount);
    if (rc < 0) {
        free(cpass);
        return rc;
    }
    k->consumer_props = calloc(ccount + 3, sizeof(*k->consumer_props));
    k->producer_props = calloc(pcount + 3, sizeof(*k->producer_props));
    if (k->consumer_props == NULL || k->producer_props == NULL) {
        free(cpass);
        free(pass);
        kafka_configs_free(k);
        return -ENOMEM;
    }
    /* librdkafka's prefetch (64 MB queue by default, plus fetch responses) and producer queue
     * (1 GB by default) sized from memory.budget; pass-through settings come after and win. */
    ingestd_budget_split((uint64_t)s->memory_budget, (uint64_t)s->max_message_bytes, &budget);
    snprintf(k->consumer_queue_kbytes, sizeof(k->consumer_queue_kbytes), "%llu",
             (unsigned long long)budget.consumer_queue_kbytes);
    snprintf(k->fetch_max_bytes, sizeof(k->fetch_max_bytes), "%llu",
             (unsigned long long)budget.fetch_max_bytes);
    snprintf(k->partition_fetch_bytes, sizeof(k->partition_fetch_bytes), "%llu",
             (unsigned long long)budget.partition_fetch_bytes);
    snprintf(k->producer_queue_kbytes, sizeof(k->producer_queue_kbytes), "%llu",
             (unsigned long long)budget.producer_queue_kbytes);
    k->consumer_props[0] =
        (struct kafka_property){"queued.max.messages.kbytes", k->consumer_queue_kbytes};
    k->consumer_props[1] = (struct kafka_property){"fetch.max.bytes", k->fetch_max_bytes};
    k->consumer_props[2] =
        (struct kafka_property){"max.partition.fetch.bytes", k->partition_fetch_bytes};
    memcpy(&k->consumer_props[3], cpass, ccount * sizeof(*cpass));
    free(cpass);
    ccount += 3;

    /* The producer carries whole raw messages to the dead-letter topic (plus headers), and they
     * can be as large as anything the broker let in (a message over max.message.bytes is
     * rejected, then dead-lettered), and enriched records that can be larger than their
     * submission; librdkafka's default message.max.bytes (1000000) is below our own 1 MiB
     * default. Up to the producer queue's size (the budget's share), so that any record the
     * queue can hold may be sent; the topic's own limit has the last word (a dead letter it
     * refuses stays in table dead_letters). */
    uint64_t max_record = 4 * (uint64_t)s->max_message_bytes + 65536;
    if (budget.producer_queue_kbytes * 1024 > max_record) {
        max_record = budget.producer_queue_kbytes * 1024;
    }
    if (max_record > 1000000000) {
        max_record = 1000000000; /* librdkafka's ceiling */
    }
    snprintf(k->max_bytes, sizeof(k->max_bytes), "%llu", (unsigned long long)max_record);
    k->producer_props[0] = (struct kafka_property){"message.max.bytes", k->max_bytes};
    /* Java clients' partitioner, so that an id lands on the same partition whoever produces. */
    k->producer_props[1] = (struct kafka_property){"partitioner", "murmur2_random"};
    k->producer_props[2] =
        (struct kafka_property){"queue.buffering.max.kbytes", k->producer_queue_kbytes};
    memcpy(&k->producer_props[3], pass, pcount * sizeof(*pass));
    free(pass);
    pcount += 3;

    k->topics[0] = s->topic_raw;
    k->consumer = (struct kafka_consumer_config){
        .brokers = s->kafka_brokers,
        .group_id = s->group_id,
        .topics = k->topics,
        .topic_count = 1,
        .hold_assigned = 1,
        .properties = k->consumer_props,
        .property_count = ccount,
    };
    k->producer = (struct kafka_producer_config){
        .brokers = s->kafka_brokers,
        .properties = k->producer_props,
        .property_count = pcount,
    };
    return 0;
}

int ingestd_kafka_check(const struct ingestd_settings *s, const struct config *cfg, char *err,
                        size_t errlen)
{
    struct kafka_configs k;
    int rc = kafka_configs_build(s, cfg, &k);

    if (rc < 0) {
        snprintf(err, errlen, "out of memory");
        return rc;
    }
    rc = kafka_consumer_check_config(&k.consumer, err, errlen);
    if (rc == 0) {
        rc = kafka_producer_check_config(&k.producer, err, errlen);
    }
    kafka_configs_free(&k);
    return rc;
}

int ingestd_kafka_start(struct ingestd *d)
{
    static const struct kafka_consumer_events consumer_events = {
        .message = on_message,
        .assigned = on_assigned,
        .revoked = on_revoked,
        .committed = on_committed,
        .error = on_consumer_error,
        .log = on_kafka_log,
    };
    static const struct kafka_producer_events producer_events = {
        .delivered = on_delivered,
        .error = on_producer_error,
        .log = on_kafka_log,
    };
    struct ingestd_settings *s = d->settings;
    struct kafka_configs k;
    char err[512];
    int rc;

    rc = kafka_configs_build(s, d->cfg, &k);
    if (rc < 0) {
        log_error("cannot build the Kafka configuration", LOG_ERRNO(rc));
        return rc;
    }
    rc = kafka_producer_create(d->loop, &k.producer, &producer_events, d, &d->producer, err,
                               sizeof(err));
    if (rc < 0) {
        log_error("cannot create the Kafka producer", LOG_STR("reason", err));
        goto out;
    }
    rc = kafka_consumer_create(d->loop, &k.consumer, &consumer_events, d, &d->consumer, err,
                               sizeof(err));
    if (rc < 0) {
        log_error("cannot create the Kafka consumer", LOG_STR("reason", err));
        goto out;
    }
    log_info("consuming", LOG_STR("topic", s->topic_raw), LOG_STR("group", s->group_id),
             LOG_STR("brokers", s->kafka_brokers));
out:
    kafka_configs_free(&k);
    return rc;
}
