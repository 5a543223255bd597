-- Cheaper detail rows: the foreign keys of article_entities, article_dates and article_figures
-- to articles are replaced by triggers on articles that keep deletes consistent.
--
-- Why: a foreign key checks every inserted child row with a query of its own (an index probe
-- of articles and a FOR KEY SHARE lock of the parent row), ~50 times per article with the
-- benchmark's articles. Measured on the local stack (server CPU per article of
-- ingest_upsert_article, 2,000 generated articles with ~50 detail rows each, 200 per
-- transaction; tests/bench/e2e.d/README.md, "SQL write path"): 3.4-3.65 ms with the foreign
-- keys, 2.5-2.85 ms without. The check protects nothing we rely on: detail rows are written
-- only by ingest_upsert_article() (003-005), in the same statement that has just inserted or
-- updated their article, so a detail row without its article cannot be written by it.
--
-- What the foreign keys also did, and what does it now:
--   ON DELETE CASCADE   DELETE FROM articles ... deletes the article's detail rows: a
--                       statement-level trigger, one DELETE per detail table per statement
--                       (not per row), reading the deleted ids from the transition table.
--   TRUNCATE            TRUNCATE articles refused to run without its detail tables; now it
--                       empties them too (a trigger; TRUNCATE all four together is faster).
--   id changes          changing articles.id while detail rows name it was refused (23503,
--                       NO ACTION); a trigger refuses it the same way.
-- Writing detail rows directly (not through ingest_upsert_article) is no longer checked: the
-- tables are the function's output, not an input.
--
-- Tried and not adopted (within the noise of the same measurement, about +-0.2 ms): reading
-- the arrays with jsonb_to_recordset() in one pass instead of -> per field; an inlinable SQL
-- version of ingest_iso_date_range() (same results on 49,451 values, no difference
-- measurable per article); default_toast_compression = lz4 alone. Dropping
-- the two secondary indexes saved ~0.3 ms but they serve the documented queries (002).
-- ingest_upsert_article() itself is unchanged (same signature, same outcomes): only the
-- checks around its inserts go.

ALTER TABLE article_entities DROP CONSTRAINT article_entities_article_id_fkey;
ALTER TABLE article_dates DROP CONSTRAINT article_dates_article_id_fkey;
ALTER TABLE article_figures DROP CONSTRAINT article_figures_article_id_fkey;

-- The detail tables' primary keys start with article_id, so each DELETE below is an index
-- scan per deleted article.
CREATE FUNCTION ingest_articles_delete_details() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM article_entities WHERE article_id IN (SELECT id FROM deleted_articles);
    DELETE FROM article_dates WHERE article_id IN (SELECT id FROM deleted_articles);
    DELETE FROM article_figures WHERE article_id IN (SELECT id FROM deleted_articles);
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_delete_details
    AFTER DELETE ON articles
    REFERENCING OLD TABLE AS deleted_articles
    FOR EACH STATEMENT EXECUTE FUNCTION ingest_articles_delete_details();

-- DELETE rather than TRUNCATE: `TRUNCATE articles, article_entities, ...` in one statement
-- (as the benchmark does) has the detail tables open while this runs, and a TRUNCATE of them
-- here would be refused; by then they are empty and the DELETEs cost nothing.
CREATE FUNCTION ingest_articles_truncate_details() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM article_entities;
    DELETE FROM article_dates;
    DELETE FROM article_figures;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_truncate_details
    AFTER TRUNCATE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION ingest_articles_truncate_details();

CREATE FUNCTION ingest_articles_refuse_id_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM article_entities WHERE article_id = OLD.id)
       OR EXISTS (SELECT FROM article_dates WHERE article_id = OLD.id)
       OR EXISTS (SELECT FROM article_figures WHERE article_id = OLD.id) THEN
        RAISE EXCEPTION 'article id % still has detail rows', OLD.id
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'delete the article and store it again under the new id';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_refuse_id_change
    AFTER UPDATE OF id ON articles
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION ingest_articles_refuse_id_change();
