-- Exactly once into PostgreSQL. Each transaction that stores rows read from Kafka also stores,
-- per partition, the offset after the last message it stored (ingest_store_offset), so that the
-- rows and the position can never disagree. On assignment a consumer claims the partition
-- (ingest_claim_partition): that raises the partition's epoch, which fences off any instance
-- still writing for it under an older assignment (its transaction fails with SQLSTATE IG001
-- and rolls back), and tells the new owner where to start.
--
-- next_offset: every message below it is stored, as an article row or a dead letter.
-- published_offset: every message below it also had its output (enriched record or dead
-- letter) delivered to Kafka. A new owner starts reading at published_offset: messages in
-- [published_offset, next_offset) are read again, find their rows already stored (outcome
-- unchanged) and publish their output again; a dead letter already on the dead-letter topic is
-- recognised there (ingest.topic/partition/offset headers) and not published twice.
-- -1 means not known yet (the Kafka committed offset or auto.offset.reset then decides).
CREATE TABLE ingest_offsets (
    group_id         text NOT NULL,
    topic            text NOT NULL,
    partition        int NOT NULL,
    next_offset      bigint NOT NULL DEFAULT -1,
    published_offset bigint NOT NULL DEFAULT -1,
    epoch            bigint NOT NULL DEFAULT 1,
    claimed_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition)
);

-- Every message that could not be stored as an article, byte for byte (key and value as
-- received, NULL for a null key or value), with the reason. Written in the same transaction as
-- the offsets, then published to the dead-letter topic. A message larger than the dead-letter
-- topic accepts lives only here (ingestd logs it and counts it in
-- ingest_dead_letters_unpublished_total).
CREATE TABLE dead_letters (
    group_id     text NOT NULL,
    topic        text NOT NULL,
    partition    int NOT NULL,
    kafka_offset bigint NOT NULL,
    key          bytea,
    value        bytea,
    reason       text NOT NULL,   -- snake_case code, as the ingest.reason header
    path         text,            -- JSON pointer of the offending field
    error        text,            -- human message
    sqlstate     text,            -- for db_rejected: what PostgreSQL said
    rejected_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition, kafka_offset)
);
CREATE INDEX dead_letters_rejected_at_idx ON dead_letters (rejected_at);

-- Claims a partition for a new owner: raises its epoch and returns where to start and since
-- when dead letters of the replayed range [published_offset, next_offset) were written (NULL
-- when there are none), so that the owner knows how far back to look on the dead-letter topic.
CREATE FUNCTION ingest_claim_partition(p_group text, p_topic text, p_partition int,
                                       OUT next_offset bigint, OUT published_offset bigint,
                                       OUT epoch bigint, OUT dead_letters_since timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    INSERT INTO ingest_offsets AS o (group_id, topic, partition)
    VALUES (p_group, p_topic, p_partition)
    ON CONFLICT (group_id, topic, partition) DO UPDATE
        SET epoch = o.epoch + 1, claimed_at = now()
    RETURNING o.next_offset, o.published_offset, o.epoch
    INTO next_offset, published_offset, epoch;

    SELECT min(d.rejected_at) INTO dead_letters_since
    FROM dead_letters d
    WHERE d.group_id = p_group AND d.topic = p_topic AND d.partition = p_partition
      AND d.kafka_offset >= published_offset AND d.kafka_offset < next_offset;
END
$$;

-- Records, inside the transaction that stored the rows, that every message of the partition
-- below p_next is stored and every one below p_published was published. Neither ever moves
-- back. Fails with SQLSTATE IG001 when the partition was claimed since (another epoch): the
-- caller no longer owns it, and its transaction must not commit.
CREATE FUNCTION ingest_store_offset(p_group text, p_topic text, p_partition int, p_next bigint,
                                    p_published bigint, p_epoch bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ingest_offsets o
    SET next_offset = greatest(o.next_offset, p_next),
        published_offset = greatest(o.published_offset, p_published),
        updated_at = now()
    WHERE o.group_id = p_group AND o.topic = p_topic AND o.partition = p_partition
      AND o.epoch = p_epoch;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'partition %/% of group % was claimed by another owner (epoch % is over)',
            p_topic, p_partition, p_group, p_epoch
            USING ERRCODE = 'IG001';
    END IF;
END
$$;

-- Stores a dead letter; a message stored before (a replay) keeps its first record.
-- outcome: 'inserted', or 'unchanged' when it was already there.
CREATE FUNCTION ingest_store_dead_letter(p_group text, p_topic text, p_partition int,
                                         p_offset bigint, p_key bytea, p_value bytea,
                                         p_reason text, p_path text, p_error text,
                                         p_sqlstate text, OUT outcome text, OUT revision int)
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dead_letters (group_id, topic, partition, kafka_offset, key, value, reason, path,
                              error, sqlstate)
    VALUES (p_group, p_topic, p_partition, p_offset, p_key, p_value, p_reason,
            nullif(p_path, ''), p_error, nullif(p_sqlstate, ''))
    ON CONFLICT DO NOTHING;
    outcome := CASE WHEN FOUND THEN 'inserted' ELSE 'unchanged' END;
    revision := 0;
END
$$;

-- The upsert for a row sent alone after its batch failed: a data error (classes 22, 23, 54) on
-- this row is caught and the message becomes a dead letter 'db_rejected' in the same
-- transaction, so that the partition's offset can move past it without losing it. Every value
-- arrives as text and is converted inside the protected block, so that a bad timestamp is this
-- row's error rather than the statement's. outcome: as ingest_upsert_article(), or 'rejected'
-- (dead letter stored now) / 'rejected_again' (it was stored before), with the SQLSTATE and the
-- message.
CREATE FUNCTION ingest_upsert_or_reject(
    p_id text, p_source text, p_url text, p_title text, p_published_at text,
    p_lang text, p_text text, p_content_hash text, p_raw text, p_enriched text,
    p_kafka_topic text, p_kafka_partition int, p_kafka_offset bigint,
    p_group text, p_key bytea, p_value bytea,
    OUT outcome text, OUT revision int, OUT err_sqlstate text, OUT err_message text)
LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    BEGIN
        SELECT * INTO r FROM ingest_upsert_article(p_id, p_source, p_url, p_title,
            p_published_at::timestamptz, p_lang, p_text, p_content_hash, p_raw, p_enriched,
            p_kafka_topic, p_kafka_partition, p_kafka_offset);
        outcome := r.outcome;
        revision := r.revision;
        RETURN;
    EXCEPTION
        WHEN data_exception OR integrity_constraint_violation OR program_limit_exceeded THEN
            err_sqlstate := SQLSTATE;
            err_message := SQLERRM;
    END;
    SELECT d.outcome INTO outcome
    FROM ingest_store_dead_letter(p_group, p_kafka_topic, p_kafka_partition, p_kafka_offset,
                                  p_key, p_value, 'db_rejected', '', err_message,
                                  err_sqlstate) AS d;
    outcome := CASE WHEN outcome = 'inserted' THEN 'rejected' ELSE 'rejected_again' END;
    revision := 0;
END
$$;
