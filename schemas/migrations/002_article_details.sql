-- The entities, dates and figures of each article's enriched record, one row per array element,
-- so that analytics can query them with plain SQL. They are copied from articles.enriched by
-- ingest_upsert_article() (003) and replaced whenever the article's content changes.
-- ordinal is the element's index in its array of the enriched record (0-based).
-- start_offset/end_offset are code-point offsets into articles.text ([start, end)), NULL when
-- the mention is outside the text (e.g. in the title).
--
-- Example: every figure in articles that name the organization "Thành ủy Cần Thơ", published
-- in 2020:
--   SELECT a.id, a.published_at, f.text, f.value, f.unit, f.context
--   FROM article_entities e
--   JOIN articles a ON a.id = e.article_id
--   JOIN article_figures f ON f.article_id = a.id
--   WHERE e.type = 'organization' AND e.normalized = 'Thành ủy Cần Thơ'
--     AND a.published_at >= '2020-01-01' AND a.published_at < '2021-01-01';
-- Dates the articles mention (rather than their publication date) use the range columns:
--   ... JOIN article_dates d ON d.article_id = a.id
--   WHERE d.range_start <= '2020-12-31' AND d.range_end >= '2020-01-01'

CREATE TABLE article_entities (
    article_id    text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal       int NOT NULL,
    type          text,          -- person, organization, location, ...
    text          text,          -- the first mention as written
    normalized    text,          -- canonical name; cut to 500 characters to stay indexable
    start_offset  int,
    end_offset    int,
    mention_count int,
    titles        text[],        -- titles or roles attached to a person
    expansion     text,          -- the full name an abbreviation stands for
    PRIMARY KEY (article_id, ordinal)
);
-- "Articles about organization X": equality on (type, normalized), article ids from the index.
CREATE INDEX article_entities_type_normalized_idx ON article_entities (type, normalized)
    INCLUDE (article_id);

CREATE TABLE article_dates (
    article_id   text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal      int NOT NULL,
    text         text,           -- as written in the article
    kind         text,           -- datetime, date, month, year, period, duration
    value        text,           -- ISO 8601 as the enrichment wrote it
    -- The calendar days the value covers, both inclusive, in the value's own local time
    -- ("2022-10" -> 2022-10-01 .. 2022-10-31); NULL for durations and unreadable values.
    range_start  date,
    range_end    date,
    role         text,           -- published, mentioned, ...
    start_offset int,
    end_offset   int,
    PRIMARY KEY (article_id, ordinal)
);
CREATE INDEX article_dates_range_idx ON article_dates (range_start, range_end);

CREATE TABLE article_figures (
    article_id   text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal      int NOT NULL,
    text         text,           -- as written ("9.720 tỷ đồng")
    value        numeric,        -- the number it denotes (9720); NULL when not a number
    unit         text,
    qualifier    text,           -- about, over, under, ...
    context      text,           -- the words around it
    start_offset int,
    end_offset   int,
    -- (article_id, ordinal) also serves "the figures of these articles".
    PRIMARY KEY (article_id, ordinal)
);
