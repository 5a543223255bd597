-- The article row alone, for writers that compute the detail rows themselves (issue 4).
--
-- ingest_upsert_article() parses the enriched record on the server and inserts its entity,
-- date and figure rows one JSON element at a time; that was half of the server's CPU per
-- article (tests/bench/e2e.d/sql_upsert.py: 2.67 ms per article with it, 1.30 ms with the
-- detail rows sent by COPY). pgw now computes those rows from the record on the client
-- (common/pgw/pgw_details.c, checked against this function by pgw_details_test) and writes
-- them by COPY in the same transaction, after this function has said which articles were
-- inserted or updated.
--
-- ingest_upsert_article_row(): the same arguments, outcomes and revisions as
-- ingest_upsert_article(), and the old detail rows of an updated article deleted; it inserts
-- no detail rows. ingest_upsert_article() becomes this plus the detail rows from the record,
-- so that the upsert's rules are written once.

CREATE FUNCTION ingest_upsert_article_row(
    p_id text, p_source text, p_url text, p_title text, p_published_at timestamptz,
    p_lang text, p_text text, p_content_hash text, p_raw text, p_enriched text,
    p_kafka_topic text, p_kafka_partition int, p_kafka_offset bigint,
    OUT outcome text, OUT revision int)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    stored_hash text;
    stored_topic text;
    stored_partition int;
    stored_offset bigint;
    inserted boolean;
BEGIN
    -- Replays are common (after a restart, everything after the last committed offset is read
    -- again), so they are answered by a read alone, without taking a row lock or parsing JSON.
    SELECT a.content_hash, a.revision, a.kafka_topic, a.kafka_partition, a.kafka_offset
    INTO stored_hash, revision, stored_topic, stored_partition, stored_offset
    FROM articles a WHERE a.id = p_id;
    IF FOUND AND stored_hash = p_content_hash THEN
        outcome := 'unchanged';
        RETURN;
    END IF;
    IF FOUND AND stored_topic = p_kafka_topic AND stored_partition = p_kafka_partition
       AND stored_offset > p_kafka_offset THEN
        outcome := 'stale';
        RETURN;
    END IF;

    INSERT INTO articles AS a (id, source, url, title, published_at, lang, text, content_hash,
                               raw, enriched, kafka_topic, kafka_partition, kafka_offset)
    VALUES (p_id, p_source, p_url, p_title, p_published_at, p_lang, p_text, p_content_hash,
            p_raw::jsonb, p_enriched::jsonb, p_kafka_topic, p_kafka_partition, p_kafka_offset)
    ON CONFLICT (id) DO UPDATE
        SET source = EXCLUDED.source, url = EXCLUDED.url, title = EXCLUDED.title,
            published_at = EXCLUDED.published_at, lang = EXCLUDED.lang, text = EXCLUDED.text,
            content_hash = EXCLUDED.content_hash, raw = EXCLUDED.raw,
            enriched = EXCLUDED.enriched, kafka_topic = EXCLUDED.kafka_topic,
            kafka_partition = EXCLUDED.kafka_partition, kafka_offset = EXCLUDED.kafka_offset,
            revision = a.revision + 1, updated_at = now()
        WHERE a.content_hash IS DISTINCT FROM EXCLUDED.content_hash
          AND NOT (a.kafka_topic IS NOT DISTINCT FROM EXCLUDED.kafka_topic
                   AND a.kafka_topic IS NOT NULL
                   AND a.kafka_partition IS NOT DISTINCT FROM EXCLUDED.kafka_partition
                   AND a.kafka_offset > EXCLUDED.kafka_offset)
    -- xmax is 0 on a freshly inserted row version and set on one written by DO UPDATE.
    RETURNING a.revision, a.xmax = 0 INTO revision, inserted;

    IF NOT FOUND THEN
        -- Another session stored this same content, or newer content from a later offset,
        -- between the read above and the insert.
        SELECT a.revision, a.content_hash INTO revision, stored_hash
        FROM articles a WHERE a.id = p_id;
        outcome := CASE WHEN stored_hash = p_content_hash THEN 'unchanged' ELSE 'stale' END;
        RETURN;
    END IF;

    IF inserted THEN
        outcome := 'inserted';
    ELSE
        outcome := 'updated';
        DELETE FROM article_entities WHERE article_id = p_id;
        DELETE FROM article_dates WHERE article_id = p_id;
        DELETE FROM article_figures WHERE article_id = p_id;
    END IF;
END
$$;

-- Same arguments and results as in 005, so CREATE OR REPLACE. The record is parsed a second
-- time here (the row function stored it already); this path now serves rows sent alone after
-- their batch failed, and writers that do not compute detail rows.
CREATE OR REPLACE FUNCTION ingest_upsert_article(
    p_id text, p_source text, p_url text, p_title text, p_published_at timestamptz,
    p_lang text, p_text text, p_content_hash text, p_raw text, p_enriched text,
    p_kafka_topic text, p_kafka_partition int, p_kafka_offset bigint,
    OUT outcome text, OUT revision int)
LANGUAGE plpgsql AS $$
DECLARE
    enriched_doc jsonb;
BEGIN
    SELECT r.outcome, r.revision INTO outcome, revision
    FROM ingest_upsert_article_row(p_id, p_source, p_url, p_title, p_published_at, p_lang,
                                   p_text, p_content_hash, p_raw, p_enriched, p_kafka_topic,
                                   p_kafka_partition, p_kafka_offset) AS r;
    IF outcome NOT IN ('inserted', 'updated') THEN
        RETURN;
    END IF;
    enriched_doc := p_enriched::jsonb;

    INSERT INTO article_entities (article_id, ordinal, type, text, normalized, start_offset,
                                  end_offset, mention_count, titles, expansion)
    SELECT p_id, e.ordinal, e.obj ->> 'type', e.obj ->> 'text',
           left(e.obj ->> 'normalized', 500), ingest_jsonb_int(e.obj -> 'start'),
           ingest_jsonb_int(e.obj -> 'end'), ingest_jsonb_int(e.obj -> 'count'),
           ingest_jsonb_text_array(e.obj -> 'titles'), e.obj ->> 'expansion'
    FROM ingest_jsonb_objects(enriched_doc -> 'entities') AS e;

    INSERT INTO article_dates (article_id, ordinal, text, kind, value, range_start, range_end,
                               role, start_offset, end_offset)
    SELECT p_id, d.ordinal, d.obj ->> 'text', d.obj ->> 'kind', d.obj ->> 'value',
           r.range_start, r.range_end, d.obj ->> 'role', ingest_jsonb_int(d.obj -> 'start'),
           ingest_jsonb_int(d.obj -> 'end')
    FROM ingest_jsonb_objects(enriched_doc -> 'dates') AS d
    CROSS JOIN LATERAL ingest_iso_date_range(d.obj ->> 'value') AS r;

    INSERT INTO article_figures (article_id, ordinal, text, value, unit, qualifier, context,
                                 start_offset, end_offset)
    SELECT p_id, f.ordinal, f.obj ->> 'text', ingest_jsonb_numeric(f.obj -> 'value'),
           f.obj ->> 'unit', f.obj ->> 'qualifier', f.obj ->> 'context',
           ingest_jsonb_int(f.obj -> 'start'), ingest_jsonb_int(f.obj -> 'end')
    FROM ingest_jsonb_objects(enriched_doc -> 'figures') AS f;
END
$$;
