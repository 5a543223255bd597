/*
 * Test fixture for common/kafka: a cluster (librdkafka's in-process mock cluster, or the real
 * broker of the local stack), topics, committed-offset lookups, and a loop runner. The same
 * scenarios (kafka_scenarios.c) run against both.
 */
#ifndef KAFKA_FIXTURE_H
#define KAFKA_FIXTURE_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "kafka.h"

struct kt_cluster {
    char brokers[256];
    rd_kafka_t *mock_owner; /* NULL for a real broker */
    rd_kafka_mock_cluster_t *mock;
    char created[16][128]; /* topics created on a real broker, deleted at close */
    size_t created_count;
};

/* Mock cluster with broker_count brokers. Fails the test on error. */
void kt_cluster_open_mock(struct kt_cluster *cl, int broker_count);

/* The broker at INGEST_KAFKA_BROKERS (default 127.0.0.1:9092). Returns 0, or -1 with a reason
 * in why when it cannot be reached within a few seconds. */
int kt_cluster_open_broker(struct kt_cluster *cl, char *why, size_t whylen);
void kt_cluster_close(struct kt_cluster *cl);

/* A name unique to this process and call, e.g. "kt-<pid>-<n>-<base>". */
void kt_unique_name(const char *base, char *buf, size_t len);

/* Creates a topic with the given partitions and waits until it has leaders. */
void kt_create_topic(struct kt_cluster *cl, const char *topic, int partitions);

/* Committed offset of (group, topic, partition) as the group coordinator has it; -1001
 * (RD_KAFKA_OFFSET_INVALID) when none. Blocking: call it between loop runs. */
int64_t kt_committed(struct kt_cluster *cl, const char *group, const char *topic,
                     int32_t partition);

/* Runs the loop until done(arg) returns non-zero or timeout_ms passes. Returns done's result. */
int kt_run_until(uv_loop_t *loop, int (*done)(void *arg), void *arg, unsigned timeout_ms);

/* Runs the loop for ms milliseconds. */
void kt_run_for(uv_loop_t *loop, unsigned ms);

/* Runs the loop until it has no more active handles (bounded), then uv_loop_close(). Returns
 * uv_loop_close()'s result. */
int kt_loop_finish(uv_loop_t *loop);

#endif
