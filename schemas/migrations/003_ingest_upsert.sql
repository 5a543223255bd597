-- The idempotent article upsert and the helpers that copy the enriched record's arrays into
-- article_entities, article_dates and article_figures. The helpers read values defensively:
-- an odd value inside the enriched record becomes NULL, it never fails the article's insert
-- (a refused row would go to the dead-letter topic, which is for real data errors).

-- A JSON number as int, rounded; NULL for anything else or out of range.
CREATE FUNCTION ingest_jsonb_int(j jsonb) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(j) = 'number' THEN
        CASE WHEN j::numeric BETWEEN -2147483648 AND 2147483647 THEN round(j::numeric)::int END
    END
$$;

-- A JSON number, or a string holding a plain decimal number, as numeric; NULL otherwise.
CREATE FUNCTION ingest_jsonb_numeric(j jsonb) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN jsonb_typeof(j) = 'number' THEN j::numeric
        WHEN jsonb_typeof(j) = 'string' AND j #>> '{}' ~ '^[-+]?[0-9]{1,60}(\.[0-9]{1,60})?$'
            THEN (j #>> '{}')::numeric
    END
$$;

-- A JSON array as text[] (each element as text); NULL when not an array.
CREATE FUNCTION ingest_jsonb_text_array(j jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(j) = 'array' THEN
        ARRAY(SELECT jsonb_array_elements_text(j))
    END
$$;

-- The elements of j when it is an array, with their 0-based index; nothing otherwise.
CREATE FUNCTION ingest_jsonb_objects(j jsonb, OUT ordinal int, OUT obj jsonb) RETURNS SETOF record
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (e.ord - 1)::int, e.v
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END)
         WITH ORDINALITY AS e(v, ord)
    WHERE jsonb_typeof(e.v) = 'object'
$$;

-- The calendar days, both inclusive, that an ISO 8601 value covers, in the value's own local
-- time: date 2020-07-15, datetime 2020-07-15T21:29:00+07:00 (its date), month 2022-10, year
-- 2023, quarter 2023-Q2, ISO week 2023-W05, and intervals start/end of those. NULL, NULL for
-- durations (P3D), times of day, and anything unreadable.
CREATE FUNCTION ingest_iso_date_range(value text, OUT range_start date, OUT range_end date)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    m text[];
    y int;
    mo int;
    d int;
    last_day int;
    a record;
    b record;
BEGIN
    IF value IS NULL OR length(value) > 80 THEN
        RETURN;
    END IF;

    IF value ~ '^[^/]+/[^/]+$' THEN
        SELECT * INTO a FROM ingest_iso_date_range(split_part(value, '/', 1));
        SELECT * INTO b FROM ingest_iso_date_range(split_part(value, '/', 2));
        IF a.range_start IS NOT NULL AND b.range_end IS NOT NULL
           AND a.range_start <= b.range_end THEN
            range_start := a.range_start;
            range_end := b.range_end;
        END IF;
        RETURN;
    END IF;

    -- Date, optionally with a time of day and an offset.
    m := regexp_match(value, '^([0-9]{4})-([0-9]{2})-([0-9]{2})'
                             '(T([0-9]{2}):([0-9]{2})(:([0-9]{2})([.,][0-9]+)?)?'
                             '(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$');
    IF m IS NOT NULL THEN
        y := m[1]::int;
        mo := m[2]::int;
        d := m[3]::int;
        IF y < 1 OR mo NOT BETWEEN 1 AND 12 THEN
            RETURN;
        END IF;
        last_day := CASE WHEN mo IN (4, 6, 9, 11) THEN 30
                         WHEN mo <> 2 THEN 31
                         WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29
                         ELSE 28 END;
        IF d NOT BETWEEN 1 AND last_day THEN
            RETURN;
        END IF;
        IF m[4] IS NOT NULL AND (m[5]::int > 24 OR m[6]::int > 59
                                 OR coalesce(m[8]::int, 0) > 60) THEN
            RETURN;
        END IF;
        range_start := make_date(y, mo, d);
        range_end := range_start;
        RETURN;
    END IF;

    m := regexp_match(value, '^([0-9]{4})-([0-9]{2})$');
    IF m IS NOT NULL THEN
        y := m[1]::int;
        mo := m[2]::int;
        IF y >= 1 AND mo BETWEEN 1 AND 12 THEN
            range_start := make_date(y, mo, 1);
            range_end := (range_start + interval '1 month' - interval '1 day')::date;
        END IF;
        RETURN;
    END IF;

    m := regexp_match(value, '^([0-9]{4})$');
    IF m IS NOT NULL THEN
        y := m[1]::int;
        IF y >= 1 THEN
            range_start := make_date(y, 1, 1);
            range_end := make_date(y, 12, 31);
        END IF;
        RETURN;
    END IF;

    m := regexp_match(value, '^([0-9]{4})-Q([1-4])$');
    IF m IS NOT NULL THEN
        y := m[1]::int;
        IF y >= 1 THEN
            range_start := make_date(y, 3 * m[2]::int - 2, 1);
            range_end := (range_start + interval '3 months' - interval '1 day')::date;
        END IF;
        RETURN;
    END IF;

    m := regexp_match(value, '^([0-9]{4})-W([0-9]{2})$');
    IF m IS NOT NULL THEN
        y := m[1]::int;
        d := m[2]::int;
        IF y >= 1 AND d BETWEEN 1 AND 53 THEN
            -- Monday of ISO week 1 is the Monday on or before January 4th.
            range_start := make_date(y, 1, 4) - (extract(isodow FROM make_date(y, 1, 4))::int - 1)
                           + 7 * (d - 1);
            range_end := range_start + 6;
        END IF;
        RETURN;
    END IF;
END
$$;

-- Upserts one article and, when its content is new, its entities, dates and figures, all in
-- the caller's transaction (one statement: one round trip per article).
--   outcome 'inserted'  new id: revision 1;
--           'updated'   same id, different content_hash: row replaced, revision + 1,
--                       updated_at = now(), detail rows replaced from p_enriched;
--           'unchanged' same id, same content_hash: nothing is written at all.
-- ingested_at keeps the time the id was first stored.
CREATE FUNCTION ingest_upsert_article(
    p_id text, p_source text, p_url text, p_title text, p_published_at timestamptz,
    p_lang text, p_text text, p_content_hash text, p_raw jsonb, p_enriched jsonb,
    p_kafka_topic text, p_kafka_partition int, p_kafka_offset bigint,
    OUT outcome text, OUT revision int)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    stored_hash text;
    inserted boolean;
BEGIN
    -- Replays are common (after a restart, everything after the last committed offset is read
    -- again), so they are answered by a read alone, without taking a row lock.
    SELECT a.content_hash, a.revision INTO stored_hash, revision
    FROM articles a WHERE a.id = p_id;
    IF FOUND AND stored_hash = p_content_hash THEN
        outcome := 'unchanged';
        RETURN;
    END IF;

    INSERT INTO articles AS a (id, source, url, title, published_at, lang, text, content_hash,
                               raw, enriched, kafka_topic, kafka_partition, kafka_offset)
    VALUES (p_id, p_source, p_url, p_title, p_published_at, p_lang, p_text, p_content_hash,
            p_raw, p_enriched, p_kafka_topic, p_kafka_partition, p_kafka_offset)
    ON CONFLICT (id) DO UPDATE
        SET source = EXCLUDED.source, url = EXCLUDED.url, title = EXCLUDED.title,
            published_at = EXCLUDED.published_at, lang = EXCLUDED.lang, text = EXCLUDED.text,
            content_hash = EXCLUDED.content_hash, raw = EXCLUDED.raw,
            enriched = EXCLUDED.enriched, kafka_topic = EXCLUDED.kafka_topic,
            kafka_partition = EXCLUDED.kafka_partition, kafka_offset = EXCLUDED.kafka_offset,
            revision = a.revision + 1, updated_at = now()
        WHERE a.content_hash IS DISTINCT FROM EXCLUDED.content_hash
    -- xmax is 0 on a freshly inserted row version and set on one written by DO UPDATE.
    RETURNING a.revision, a.xmax = 0 INTO revision, inserted;

    IF NOT FOUND THEN
        -- Another session stored this same content between the read above and the insert.
        SELECT a.revision INTO revision FROM articles a WHERE a.id = p_id;
        outcome := 'unchanged';
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

    INSERT INTO article_entities (article_id, ordinal, type, text, normalized, start_offset,
                                  end_offset, mention_count, titles, expansion)
    SELECT p_id, e.ordinal, e.obj ->> 'type', e.obj ->> 'text',
           left(e.obj ->> 'normalized', 500), ingest_jsonb_int(e.obj -> 'start'),
           ingest_jsonb_int(e.obj -> 'end'), ingest_jsonb_int(e.obj -> 'count'),
           ingest_jsonb_text_array(e.obj -> 'titles'), e.obj ->> 'expansion'
    FROM ingest_jsonb_objects(p_enriched -> 'entities') AS e;

    INSERT INTO article_dates (article_id, ordinal, text, kind, value, range_start, range_end,
                               role, start_offset, end_offset)
    SELECT p_id, d.ordinal, d.obj ->> 'text', d.obj ->> 'kind', d.obj ->> 'value',
           r.range_start, r.range_end, d.obj ->> 'role', ingest_jsonb_int(d.obj -> 'start'),
           ingest_jsonb_int(d.obj -> 'end')
    FROM ingest_jsonb_objects(p_enriched -> 'dates') AS d
    CROSS JOIN LATERAL ingest_iso_date_range(d.obj ->> 'value') AS r;

    INSERT INTO article_figures (article_id, ordinal, text, value, unit, qualifier, context,
                                 start_offset, end_offset)
    SELECT p_id, f.ordinal, f.obj ->> 'text', ingest_jsonb_numeric(f.obj -> 'value'),
           f.obj ->> 'unit', f.obj ->> 'qualifier', f.obj ->> 'context',
           ingest_jsonb_int(f.obj -> 'start'), ingest_jsonb_int(f.obj -> 'end')
    FROM ingest_jsonb_objects(p_enriched -> 'figures') AS f;
END
$$;
