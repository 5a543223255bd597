-- One row per article id: the latest content, the submission it came from, the enriched record,
-- and where in Kafka it was read. Written only through ingest_upsert_article() (003).
CREATE TABLE articles (
    id              text PRIMARY KEY,
    source          text NOT NULL,
    url             text,
    title           text,
    published_at    timestamptz,
    lang            text,
    text            text NOT NULL,
    -- Same id and same content_hash means same content: a replay writes nothing.
    content_hash    text NOT NULL,
    -- 1 when first stored, raised by one each time the content under this id changes.
    revision        int NOT NULL DEFAULT 1,
    raw             jsonb NOT NULL,
    enriched        jsonb NOT NULL,
    kafka_topic     text,
    kafka_partition int,
    kafka_offset    bigint,
    ingested_at     timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Time-window queries ("articles of 2020"), alone or per source.
CREATE INDEX articles_published_at_idx ON articles (published_at);
CREATE INDEX articles_source_published_at_idx ON articles (source, published_at);
