/*
 * Scenarios that run the same way against the mock cluster and the real broker.
 */
#ifndef KAFKA_SCENARIOS_H
#define KAFKA_SCENARIOS_H

#include "kafka_fixture.h"

/* Produce records with keys, null and empty keys, null values and headers; every delivery
 * report hands back its opaque; a group consumer driven by the loop reads them all, in order
 * per partition, byte for byte; both close and the loop closes with uv_loop_close() == 0. */
void kt_scenario_roundtrip(struct kt_cluster *cl);

/* Paused partitions deliver nothing (the queue is still served), resume delivers the rest. */
void kt_scenario_pause_resume(struct kt_cluster *cl);

/* Only stored offsets are committed; a new member of the group starts after them. */
void kt_scenario_offsets_only_when_stored(struct kt_cluster *cl);

/* A producer that cannot reach the broker purges at close and reports every record. */
void kt_scenario_producer_close_purges(struct kt_cluster *cl, const char *unreachable_brokers);

/* Partitions held on assignment until released (at an offset, or where Kafka says), a resume
 * that leaves them held, and kafka_scan_since() reading a topic by time. */
void kt_scenario_hold_release_scan(struct kt_cluster *cl);

/* Pause and resume every few milliseconds while held partitions are released (one where Kafka
 * says, one at an offset): every offset is delivered once, in order, from the release point. */
void kt_scenario_pause_storm(struct kt_cluster *cl);

#endif
