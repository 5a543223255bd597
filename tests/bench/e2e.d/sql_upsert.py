"""Server CPU per article of the SQL write path, without Kafka or ingestd: the cost that bounds
one database connection, for comparing migrations, server settings and write paths.

  .local/bench-venv/bin/python tests/bench/e2e.d/sql_upsert.py --ingestctl build/bin/ingestctl \\
      --conninfo 'host=127.0.0.1 port=55432 dbname=newsingest_bench user=ingest password=ingest' \\
      [--articles 3000] [--rounds 3] [--mode function[,MODE...]] [--no-verify]

Generates articles with gen.py (seed 11, no invalid lines), enriches them with
`ingestctl enrich` (the code ingestd runs), then writes them 200 per transaction (ingestd's
default batch) into an empty set of tables (TRUNCATE first: the database must be a benchmark
one, never the stack's own), once per round and mode (the modes alternate inside each round).
Prints per round and mode: the backend's CPU time per article (from /proc/<pid>/stat: the
server must be local), the wall time per article, WAL bytes per article (from the WAL
position: of the whole server, so other databases' writes count too) and checkpoints during
the round; at the end the median and mean per mode.

Write paths (--mode, comma-separated; all give the same rows, outcomes and revisions):
  function           ingest_upsert_article() per article, the articles already on the server
                     (a temporary table, filled before the clock starts), one statement per
                     batch: the function's own cost, as measured for migrations 004-007.
  function-pipeline  the same function, one call per article sent from the client with its
                     parameters in pipeline mode (prepared): what ingestd does.
  copy-details       per batch: ingest_upsert_article_row() (migration 008: the article row
                     only, and the old detail rows of an updated one deleted) per article in
                     pipeline mode; then the detail rows of the inserted/updated articles,
                     computed by the client, by COPY straight into the three detail tables:
                     what pgw does since migration 008 (common/pgw/pgw_copy.c).
  copy-details-binary  copy-details with the detail rows in COPY's binary format.
  staging            per batch: COPY of the articles and of their detail rows (computed by the
                     client; the date ranges computed by SQL) into TEMP staging tables, then
                     one set-based INSERT ... SELECT ... ON CONFLICT for the articles and one
                     INSERT ... SELECT per detail table for the inserted/updated ids.
  stage-copy         per batch: COPY of the articles into a TEMP staging table and the same
                     set-based upsert, then the detail rows of the inserted/updated ids by COPY
                     straight into the detail tables (date ranges computed by the client).
  copy               not a write path, the reference: plain COPY of the final rows into the
                     four tables per batch (no upsert, no outcomes), as the e2e ceiling does
                     but on this connection and in 200-article transactions. Not verified
                     (it cannot store a second pass).
Every mode runs in one transaction per batch. The client's work (JSON to rows, COPY text) is
done before the clock starts, as a C writer would have it from enrichment: wall time is the
server's work plus the round trips. A set-based mode writes a batch that holds an id twice in
parts, each id once per part, so that the second version sees the first as the function does.

Unless --no-verify, each mode then stores the articles again in a second pass that mixes
unchanged, updated (other content at a later offset), stale (other content at an earlier
offset), new and twice-updated-in-one-batch articles; every mode must give the same outcome and
revision per call and the same table contents (md5 of every column but the timestamps) as the
function, else the exit status is 1.
"""

import argparse
import datetime
import decimal
import json
import os
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import time

import psycopg
from psycopg.adapt import PyFormat, Transformer
from psycopg.pq import Format

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import gen  # noqa: E402

MODES = ("function", "function-pipeline", "copy-details", "copy-details-binary", "staging",
         "stage-copy", "copy")
BATCH = 200
TOPIC = "bench"

ARTICLE_COLUMNS = ("id", "source", "url", "title", "published_at", "lang", "text",
                   "content_hash", "raw", "enriched", "kafka_topic", "kafka_partition",
                   "kafka_offset")
DETAIL_TABLES = ("article_entities", "article_dates", "article_figures")
DETAIL_COLUMNS = {
    "article_entities": ("article_id", "ordinal", "type", "text", "normalized", "start_offset",
                         "end_offset", "mention_count", "titles", "expansion"),
    "article_dates": ("article_id", "ordinal", "text", "kind", "value", "range_start",
                      "range_end", "role", "start_offset", "end_offset"),
    "article_figures": ("article_id", "ordinal", "text", "value", "unit", "qualifier",
                        "context", "start_offset", "end_offset"),
}
# PostgreSQL type oids of the detail columns, for binary COPY.
TEXT, INT4, DATE, NUMERIC, TEXT_ARRAY = 25, 23, 1082, 1700, 1009
DETAIL_TYPES = {
    "article_entities": (TEXT, INT4, TEXT, TEXT, TEXT, INT4, INT4, INT4, TEXT_ARRAY, TEXT),
    "article_dates": (TEXT, INT4, TEXT, TEXT, TEXT, DATE, DATE, TEXT, INT4, INT4),
    "article_figures": (TEXT, INT4, TEXT, NUMERIC, TEXT, TEXT, TEXT, INT4, INT4),
}
BINARY_HEADER = b"PGCOPY\n\xff\r\n\0" + struct.pack(">ii", 0, 0)
BINARY_TRAILER = struct.pack(">h", -1)

UPSERT_FROM_TABLE = """SELECT r.outcome, r.revision FROM bench_in s
CROSS JOIN LATERAL ingest_upsert_article(s.id, s.source, s.url, s.title, s.published_at,
    s.lang, s.text, s.content_hash, s.raw, s.enriched, s.kafka_topic, s.kafka_partition,
    s.kafka_offset) r
WHERE s.n >= %s AND s.n < %s ORDER BY s.n"""

UPSERT_CALL = ("SELECT outcome, revision FROM ingest_upsert_article(%s, %s, %s, %s, "
               "%s::timestamptz, %s, %s, %s, %s, %s, %s, %s::int, %s::bigint)")

# The article row alone (migration 008): what pgw calls for a row that brings its detail rows.
ARTICLE_ONLY_CALL = ("SELECT outcome, revision FROM ingest_upsert_article_row(%s, %s, "
                     "%s, %s, %s::timestamptz, %s, %s, %s, %s, %s, %s, %s::int, %s::bigint)")

# The upsert's conflict clause, as in ingest_upsert_article() (005): newer content replaces
# older, a replay from an earlier offset of the same partition never does.
ON_CONFLICT_UPDATE = """ON CONFLICT (id) DO UPDATE
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
               AND a.kafka_offset > EXCLUDED.kafka_offset)"""

STAGE_TABLES = """
CREATE TEMP TABLE stage_articles (n int, id text, source text, url text, title text,
    published_at timestamptz, lang text, text text, content_hash text, raw text, enriched text,
    kafka_topic text, kafka_partition int, kafka_offset bigint) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE stage_entities (LIKE article_entities) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE stage_dates (article_id text, ordinal int, text text, kind text, value text,
    role text, start_offset int, end_offset int) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE stage_figures (LIKE article_figures) ON COMMIT DELETE ROWS
"""

# The function's read-before-write (a replay parses no JSON and takes no row lock) as NOT
# EXISTS, its ON CONFLICT clause unchanged; rows in input order. Returns the rows written.
STAGE_UPSERT = """INSERT INTO articles AS a (id, source, url, title, published_at, lang, text,
    content_hash, raw, enriched, kafka_topic, kafka_partition, kafka_offset)
SELECT s.id, s.source, s.url, s.title, s.published_at, s.lang, s.text, s.content_hash,
       s.raw::jsonb, s.enriched::jsonb, s.kafka_topic, s.kafka_partition, s.kafka_offset
FROM stage_articles s
WHERE NOT EXISTS (SELECT FROM articles o WHERE o.id = s.id
                  AND (o.content_hash = s.content_hash
                       OR (o.kafka_topic = s.kafka_topic AND o.kafka_partition = s.kafka_partition
                           AND o.kafka_offset > s.kafka_offset)))
ORDER BY s.n
""" + ON_CONFLICT_UPDATE + """
RETURNING a.id, a.revision, a.xmax = 0"""

STAGE_INSERT = {
    "article_entities": "INSERT INTO article_entities SELECT * FROM stage_entities",
    "article_dates": """INSERT INTO article_dates (article_id, ordinal, text, kind, value,
    range_start, range_end, role, start_offset, end_offset)
SELECT d.article_id, d.ordinal, d.text, d.kind, d.value, r.range_start, r.range_end, d.role,
       d.start_offset, d.end_offset
FROM stage_dates d CROSS JOIN LATERAL ingest_iso_date_range(d.value) r""",
    "article_figures": "INSERT INTO article_figures SELECT * FROM stage_figures",
}
STAGE_ALIAS = {"article_entities": "stage_entities", "article_dates": "d",
               "article_figures": "stage_figures"}

# Table contents without the timestamps (ingested_at, updated_at are now() of the writing
# transaction); instead, how many rows were updated after their first insert.
FINGERPRINT = {
    "articles": """SELECT count(*), md5(string_agg(t::text, ',' ORDER BY t.id)),
    (SELECT count(*) FROM articles WHERE updated_at <> ingested_at)
FROM (SELECT id, source, url, title, published_at, lang, text, content_hash, revision, raw,
             enriched, kafka_topic, kafka_partition, kafka_offset FROM articles) t""",
}
for _t in DETAIL_TABLES:
    FINGERPRINT[_t] = (f"SELECT count(*), md5(string_agg(t::text, ',' ORDER BY t.article_id, "
                       f"t.ordinal)) FROM {_t} t")


def backend_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---- The detail rows as ingest_upsert_article() (migrations 003-005) computes them ----------

class JNum(str):
    """A JSON number, kept as its token: PostgreSQL's jsonb and numeric read the same text."""


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def parse_json(text):
    return json.loads(text, parse_int=JNum, parse_float=JNum, parse_constant=_no_constant)


def numeric_out(token):
    """numeric's text output of a numeric read from token (scale kept, no exponent, no -0)."""
    d = decimal.Decimal(token)
    if d == 0:
        d = abs(d)
    return format(d, "f")


_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n",
                 "\r": "\\r", "\t": "\\t"}


def _escape_json(s):
    """A string as PostgreSQL's escape_json() writes it (jsonb's text output)."""
    return '"' + "".join(_JSON_ESCAPES.get(ch) or ("\\u%04x" % ord(ch) if ord(ch) < 0x20 else ch)
                         for ch in s) + '"'


def jsonb_out(v):
    """jsonb's text output: keys by byte length then bytes, ', ' and ': ' separators."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, JNum):
        return numeric_out(v)
    if isinstance(v, str):
        return _escape_json(v)
    if isinstance(v, list):
        return "[" + ", ".join(jsonb_out(x) for x in v) + "]"
    keys = sorted(v, key=lambda k: (len(k.encode()), k.encode()))
    return "{" + ", ".join(_escape_json(k) + ": " + jsonb_out(v[k]) for k in keys) + "}"


def jtext(v):
    """obj ->> 'key' for the value v (None when the key is missing or the value is null)."""
    if v is None:
        return None
    if isinstance(v, str) and not isinstance(v, JNum):
        return v
    return jsonb_out(v)


INT_MIN, INT_MAX = -2147483648, 2147483647


def jsonb_int(v):
    """ingest_jsonb_int(): a JSON number in int range, rounded half away from zero."""
    if not isinstance(v, JNum):
        return None
    d = decimal.Decimal(v)
    if d < INT_MIN or d > INT_MAX:
        return None
    return int(d.quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))


NUMERIC_STRING = re.compile(r"[-+]?[0-9]{1,60}(\.[0-9]{1,60})?")


def jsonb_numeric(v):
    """ingest_jsonb_numeric(), as text that numeric_in reads to the same value."""
    if isinstance(v, JNum):
        return str(v)
    if isinstance(v, str) and NUMERIC_STRING.fullmatch(v):
        return v
    return None


def jsonb_text_array(v):
    if not isinstance(v, list):
        return None
    return [jtext(x) for x in v]


def jsonb_objects(doc, key):
    """ingest_jsonb_objects(doc -> key): (0-based index, element) of the array's objects."""
    arr = doc.get(key) if isinstance(doc, dict) else None
    if not isinstance(arr, list):
        return []
    return [(i, o) for i, o in enumerate(arr) if isinstance(o, dict)]


# Dates as proleptic Gregorian day numbers (1 = 0001-01-01), so that an ISO week of year 1 or
# 9999 may leave Python's date range as it may leave nothing in PostgreSQL's.
def days_from_civil(y, m, d):
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468 + 719163


def date_text(day):
    """PostgreSQL's ISO output of the day number ('0001-12-29 BC' before year 1)."""
    z = day - 719163 + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    y = yoe + era * 400 + (m <= 2)
    if y <= 0:
        return "%04d-%02d-%02d BC" % (1 - y, m, d)
    return "%04d-%02d-%02d" % (y, m, d)


def _last_day(y, mo):
    if mo in (4, 6, 9, 11):
        return 30
    if mo != 2:
        return 31
    return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28


RE_YEAR4 = re.compile(r"[0-9]{4}")
RE_DATE = re.compile(r".{4}-[0-9]{2}-[0-9]{2}"
                     r"(T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?"
                     r"(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?",
                     re.DOTALL)
RE_MONTH = re.compile(r".{4}-[0-9]{2}", re.DOTALL)
RE_QUARTER = re.compile(r".{4}-Q[1-4]", re.DOTALL)
RE_WEEK = re.compile(r".{4}-W[0-9]{2}", re.DOTALL)


def iso_date_range(value):
    """ingest_iso_date_range() of migration 004, as two day numbers (or None, None)."""
    if value is None or len(value) > 80:
        return None, None
    slash = value.find("/")
    if slash >= 0:
        if "/" in value[slash + 1:]:
            return None, None
        a, _ = iso_date_range(value[:slash])
        _, b = iso_date_range(value[slash + 1:])
        if a is not None and b is not None and a <= b:
            return a, b
        return None, None
    if not RE_YEAR4.match(value):
        return None, None
    y = int(value[0:4])
    if y < 1:
        return None, None
    if len(value) == 4:
        return days_from_civil(y, 1, 1), days_from_civil(y, 12, 31)
    if RE_DATE.fullmatch(value):
        mo, d = int(value[5:7]), int(value[8:10])
        if not 1 <= mo <= 12 or not 1 <= d <= _last_day(y, mo):
            return None, None
        if len(value) > 10 and (int(value[11:13]) > 24 or int(value[14:16]) > 59
                                or (value[16:17] == ":" and int(value[17:19]) > 60)):
            return None, None
        day = days_from_civil(y, mo, d)
        return day, day
    if RE_MONTH.fullmatch(value):
        mo = int(value[5:7])
        if 1 <= mo <= 12:
            return days_from_civil(y, mo, 1), days_from_civil(y, mo, _last_day(y, mo))
        return None, None
    if RE_QUARTER.fullmatch(value):
        q = int(value[6])
        return (days_from_civil(y, 3 * q - 2, 1),
                days_from_civil(y, 3 * q, _last_day(y, 3 * q)))
    if RE_WEEK.fullmatch(value):
        w = int(value[6:8])
        if 1 <= w <= 53:
            jan4 = days_from_civil(y, 1, 4)
            isodow = (jan4 - 1) % 7 + 1  # day 1 (0001-01-01) was a Monday
            start = jan4 - (isodow - 1) + 7 * (w - 1)
            return start, start + 6
    return None, None


def detail_rows(enriched_text):
    """The detail rows of one enriched record, without their article_id column."""
    doc = parse_json(enriched_text)
    ents = []
    for i, o in jsonb_objects(doc, "entities"):
        norm = jtext(o.get("normalized"))
        ents.append((i, jtext(o.get("type")), jtext(o.get("text")),
                     None if norm is None else norm[:500], jsonb_int(o.get("start")),
                     jsonb_int(o.get("end")), jsonb_int(o.get("count")),
                     jsonb_text_array(o.get("titles")), jtext(o.get("expansion"))))
    dates = []
    for i, o in jsonb_objects(doc, "dates"):
        value = jtext(o.get("value"))
        rs, re_ = iso_date_range(value)
        dates.append((i, jtext(o.get("text")), jtext(o.get("kind")), value,
                      None if rs is None else date_text(rs),
                      None if re_ is None else date_text(re_), jtext(o.get("role")),
                      jsonb_int(o.get("start")), jsonb_int(o.get("end"))))
    figs = []
    for i, o in jsonb_objects(doc, "figures"):
        figs.append((i, jtext(o.get("text")), jsonb_numeric(o.get("value")),
                     jtext(o.get("unit")), jtext(o.get("qualifier")), jtext(o.get("context")),
                     jsonb_int(o.get("start")), jsonb_int(o.get("end"))))
    return {"article_entities": ents, "article_dates": dates, "article_figures": figs}


# ---- COPY text format ------------------------------------------------------------------------

def copy_field(v):
    if v is None:
        return "\\N"
    if isinstance(v, list):
        v = "{" + ",".join("NULL" if e is None else
                           '"' + e.replace("\\", "\\\\").replace('"', '\\"') + '"'
                           for e in v) + "}"
    s = v if isinstance(v, str) else str(v)
    return (s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def copy_line(values):
    return "\t".join(copy_field(v) for v in values) + "\n"


# ---- Source articles and the calls of a pass -------------------------------------------------

def load_articles(ingestctl, n):
    """n generated, enriched articles: (source, url, title, published_at, lang, text,
    content_hash, raw, enriched) each, and their detail rows."""
    fd, path = tempfile.mkstemp(suffix=".jsonl")
    os.close(fd)
    try:
        gen.Generator(11, "sqlb").write(path, n, invalid_ratio=0)
        with open(path, encoding="utf-8") as f:
            raw_lines = f.read().splitlines()
    finally:
        os.unlink(path)
    out = subprocess.run([ingestctl, "enrich", "-"], input="\n".join(raw_lines) + "\n",
                         capture_output=True, text=True, check=True).stdout.splitlines()
    arts, details = [], []
    for raw, line in zip(raw_lines, out):
        d = json.loads(line)
        if "error" in d:
            continue
        arts.append((d["id"], d["source"], d.get("url"), d.get("title"), d.get("published_at"),
                     d.get("lang"), d["text"], d["content_hash"], raw, line))
        details.append(detail_rows(line))
    return arts, details


def call(arts, src, suffix, offset):
    """One upsert call: the article src under id + suffix, read at offset of TOPIC/0."""
    a = arts[src]
    return (a[0] + suffix,) + a[1:] + (TOPIC, 0, offset), src


def insert_pass(arts, suffix):
    return [call(arts, i, suffix, i) for i in range(len(arts))]


def mixed_pass(arts, suffix):
    """Against the rows of insert_pass(arts, suffix): per article i, by i % 4, the same
    content (unchanged), other content at a later offset (updated; for i % 40 == 1 a third
    version right after it in the same batch), other content at an earlier offset (stale, also
    against a newer stored offset), or a new id (inserted)."""
    n = len(arts)

    def version(i, content, offset):
        c, src = call(arts, content, suffix, offset)
        return (arts[i][0] + suffix,) + c[1:], src

    calls = []
    for i in range(n):
        k = i % 4
        if k == 0:
            calls.append(call(arts, i, suffix, i))
        elif k == 1:
            calls.append(version(i, (i + 1) % n, i + n))
            if i % 40 == 1:
                calls.append(version(i, (i + 2) % n, i + 2 * n))
        elif k == 2:
            calls.append(version(i, (i + 1) % n, i - 1))
        else:
            calls.append(call(arts, i, suffix + "-new", i + n))
    return calls


# ---- The write paths -------------------------------------------------------------------------

class Writer:
    def __init__(self, conn, details):
        self.conn = conn
        self.details = details
        self.transformers = {}
        for stmt in STAGE_TABLES.split(";"):
            conn.execute(stmt)
        conn.execute("CREATE TEMP TABLE bench_in (n int, id text, source text, url text, "
                     "title text, published_at timestamptz, lang text, text text, "
                     "content_hash text, raw text, enriched text, kafka_topic text, "
                     "kafka_partition int, kafka_offset bigint)")

    def prepare(self, mode, calls):
        """Work done before the clock starts: the function's input on the server, or the
        COPY text of every call's article and detail rows."""
        self.calls = calls
        if mode == "function":
            self.conn.execute("TRUNCATE bench_in")
            with self.conn.cursor().copy("COPY bench_in FROM STDIN") as cp:
                for n, (c, _) in enumerate(calls):
                    cp.write_row((n,) + c)
            self.conn.execute("ANALYZE bench_in")
            return
        self.article_lines = [copy_line(c if mode == "copy" else (n,) + c).encode()
                              for n, (c, _) in enumerate(calls)]
        self.binary = mode == "copy-details-binary"
        self.detail_lines = []
        for c, src in calls:
            per = {}
            for t in DETAIL_TABLES:
                rows = self.details[src][t]
                if mode == "staging" and t == "article_dates":
                    rows = [r[:4] + r[6:] for r in rows]
                if self.binary:
                    per[t] = b"".join(self.binary_row(t, (c[0],) + r) for r in rows)
                else:
                    per[t] = "".join(copy_line((c[0],) + r) for r in rows).encode()
            self.detail_lines.append(per)

    def binary_row(self, table, row):
        """One row in COPY's binary format, the values dumped by psycopg's binary dumpers."""
        types = DETAIL_TYPES[table]
        values = []
        for v, oid in zip(row, types):
            if v is not None and oid == DATE:
                v = datetime.date.fromisoformat(v)
            elif v is not None and oid == NUMERIC:
                v = decimal.Decimal(v)
            values.append(v)
        tx = self.transformers.get(table)
        if tx is None:
            tx = self.transformers[table] = Transformer(self.conn)
            tx.set_dumper_types(list(types), Format.BINARY)
        out = [struct.pack(">h", len(values))]
        for b in tx.dump_sequence(values, [PyFormat.BINARY] * len(values)):
            out.append(struct.pack(">i", -1) if b is None else struct.pack(">i", len(b)) + bytes(b))
        return b"".join(out)

    def run(self, mode, lo, hi):
        """Writes calls[lo:hi] in one transaction; returns [(outcome, revision)]."""
        with self.conn.transaction():
            if mode == "function":
                return self.conn.execute(UPSERT_FROM_TABLE, (lo, hi)).fetchall()
            if mode == "copy":
                with self.conn.cursor().copy(
                        f"COPY articles ({', '.join(ARTICLE_COLUMNS)}) FROM STDIN") as cp:
                    cp.write(b"".join(self.article_lines[lo:hi]))
                self.copy_details(list(range(lo, hi)))
                return [("inserted", 1)] * (hi - lo)
            if mode in ("function-pipeline", "copy-details", "copy-details-binary"):
                sql = UPSERT_CALL if mode == "function-pipeline" else ARTICLE_ONLY_CALL
                cur = self.conn.cursor()
                cur.executemany(sql, [c for c, _ in self.calls[lo:hi]], returning=True)
                out = []
                while True:
                    out.append(cur.fetchone())
                    if not cur.nextset():
                        break
                if mode != "function-pipeline":
                    self.copy_details([n for n, o in zip(range(lo, hi), out)
                                       if o[0] in ("inserted", "updated")])
                return out
            out = []
            for part in unique_id_parts(self.calls, lo, hi):
                if len(out):
                    for t in ("stage_articles", "stage_entities", "stage_dates",
                              "stage_figures"):
                        self.conn.execute(f"DELETE FROM {t}")
                out += self.set_based(mode, part)
            return out

    def copy_details(self, written):
        # An id written twice in one batch keeps the detail rows of its last version only.
        last = {self.calls[n][0][0]: n for n in written}
        written = [n for n in written if last[self.calls[n][0][0]] == n]
        for t in DETAIL_TABLES:
            if not written:
                break
            data = b"".join(self.detail_lines[n][t] for n in written)
            fmt = ""
            if self.binary:
                data = BINARY_HEADER + data + BINARY_TRAILER
                fmt = " (FORMAT binary)"
            with self.conn.cursor().copy(
                    f"COPY {t} ({', '.join(DETAIL_COLUMNS[t])}) FROM STDIN{fmt}") as cp:
                cp.write(data)

    def set_based(self, mode, part):
        cur = self.conn.cursor()
        with cur.copy("COPY stage_articles FROM STDIN") as cp:
            cp.write(b"".join(self.article_lines[n] for n in part))
        if mode == "staging":
            for t, stage in zip(DETAIL_TABLES, ("stage_entities", "stage_dates",
                                                "stage_figures")):
                with cur.copy(f"COPY {stage} FROM STDIN") as cp:
                    cp.write(b"".join(self.detail_lines[n][t] for n in part))
        written = {r[0]: (r[1], r[2]) for r in cur.execute(STAGE_UPSERT).fetchall()}
        ids = [self.calls[n][0][0] for n in part]
        stored = {}
        missing = [i for i in ids if i not in written]
        if missing:
            stored = {r[0]: (r[1], r[2]) for r in cur.execute(
                "SELECT id, content_hash, revision FROM articles WHERE id = ANY(%s)",
                (missing,)).fetchall()}
        out = []
        updated = []
        for n, i in zip(part, ids):
            if i in written:
                rev, inserted = written[i]
                out.append(("inserted" if inserted else "updated", rev))
                if not inserted:
                    updated.append(i)
            else:
                h, rev = stored[i]
                out.append(("unchanged" if h == self.calls[n][0][7] else "stale", rev))
        if updated:
            for t in DETAIL_TABLES:
                cur.execute(f"DELETE FROM {t} WHERE article_id = ANY(%s)", (updated,))
        if mode == "stage-copy":
            self.copy_details([n for n, i in zip(part, ids) if i in written])
        elif written:
            every = len(written) == len(part)
            for t in DETAIL_TABLES:
                if every:
                    cur.execute(STAGE_INSERT[t])
                else:
                    cur.execute(STAGE_INSERT[t] + f" WHERE {STAGE_ALIAS[t]}.article_id = ANY(%s)",
                                (list(written),))
        return out


def unique_id_parts(calls, lo, hi):
    """calls[lo:hi] cut before each id seen earlier in the same part."""
    part, seen = [], set()
    for n in range(lo, hi):
        i = calls[n][0][0]
        if i in seen:
            yield part
            part, seen = [], set()
        part.append(n)
        seen.add(i)
    if part:
        yield part


def truncate(conn):
    conn.execute("TRUNCATE articles, article_entities, article_dates, article_figures")


def write_pass(conn, writer, pid, mode, calls):
    """Writes calls in batches; returns the outcomes and the measurements."""
    writer.prepare(mode, calls)
    n = len(calls)

    # WAL position rather than pg_stat_wal (flushed at most once a second): exact, but of the
    # whole server, so other databases' writes during the pass count too.
    def wal():
        return conn.execute("SELECT pg_current_wal_lsn(), (SELECT checkpoints_timed + "
                            "checkpoints_req FROM pg_stat_bgwriter)").fetchone()

    w0, c0, t0 = wal(), backend_cpu(pid), time.monotonic()
    outcomes = []
    for lo in range(0, n, BATCH):
        outcomes += writer.run(mode, lo, min(n, lo + BATCH))
    c1, t1, w1 = backend_cpu(pid), time.monotonic(), wal()
    wal_bytes = conn.execute("SELECT pg_wal_lsn_diff(%s, %s)", (w1[0], w0[0])).fetchone()[0]
    return outcomes, {
        "server_cpu_ms_per_article": round(1000 * (c1 - c0) / n, 3),
        "wall_ms_per_article": round(1000 * (t1 - t0) / n, 3),
        "server_wal_kb_per_article": round(float(wal_bytes) / n / 1024, 1),
        "checkpoints": w1[1] - w0[1], "loadavg": round(os.getloadavg()[0], 2)}


def fingerprint(conn):
    return {t: [str(x) for x in conn.execute(q).fetchone()] for t, q in FINGERPRINT.items()}


EDGE_DATES = ["2020", "0000", "0001", "2020-02-29", "2019-02-29", "2100-02-29", "2000-02-29",
              "2020-04-31", "2020-13-01", "2020-00-10", "2020-12", "2020-13", "2020-Q1",
              "2020-Q4", "2020-Q5", "2020-W01", "2020-W53", "2021-W00", "0001-W01",
              "9999-W53", "9999-12", "2020-07-15T21:29:00+07:00", "2020-07-15T24:00",
              "2020-07-15T25:00", "2020-07-15T10:60", "2020-07-15T10:00:61",
              "2020-07-15T10:00:60.5Z", "2020-07-15T10:00Z", "2020-07-15T10:00+0700",
              "2020-07-15T10", "2020-07-15 10:00", "2020/2021", "2021/2020", "2020-01/2020-03",
              "2020/2021/2022", "/2020", "2020/", "P3D", "abcd", "20201", "2020-7-1",
              "2020-07-15\n", "2020\n", "x" * 81, "２０２０", None]
EDGE_JSON = ["1", "1.5", "2.5", "-2.5", "0.5", "-0.5", "1e2", "1.50", "-0", "-0.0", "1E-2",
             "2147483647.4", "2147483647.5", "-2147483648.5", "-2147483648.4", "1e400",
             '"12"', '"+1.50"', '"-007"', '"1e2"', '"12\\n"', '" 12"', '"1."', '".5"',
             "true", "false", "null", '"x"', '""', '{"b": 1, "aa": [1, "x"], "a": null}',
             '[1, {"a": "\\u0001\\t\\"/"}, null, 2.50, "s"]', "[]", "{}",
             '{"é": 1, "z": 2}']


def check_helpers(conn, details):
    """The Python ports against the SQL helpers: every date value of the data and edge cases,
    and odd JSON values, through ingest_iso_date_range, ->>, ingest_jsonb_int,
    ingest_jsonb_numeric and ingest_jsonb_text_array. Returns the number of differences."""
    values = sorted({r[3] for d in details for r in d["article_dates"] if r[3] is not None})
    values += EDGE_DATES
    bad = 0
    rows = conn.execute("SELECT r.range_start::text, r.range_end::text "
                        "FROM unnest(%s::text[]) WITH ORDINALITY AS v(v, o) "
                        "CROSS JOIN LATERAL ingest_iso_date_range(v.v) r ORDER BY v.o",
                        (values,)).fetchall()
    for v, (s, e) in zip(values, rows):
        ps, pe = iso_date_range(v)
        mine = (None if ps is None else date_text(ps), None if pe is None else date_text(pe))
        if mine != (s, e):
            bad += 1
            print(json.dumps({"helper": "ingest_iso_date_range", "value": v, "sql": [s, e],
                              "python": mine}))
    for t in EDGE_JSON:
        doc = '{"k": ' + t + '}'
        sql = conn.execute("SELECT j ->> 'k', ingest_jsonb_int(j -> 'k'), "
                           "ingest_jsonb_numeric(j -> 'k')::text, "
                           "ingest_jsonb_text_array(j -> 'k') FROM (SELECT %s::jsonb) AS x(j)",
                           (doc,)).fetchone()
        v = parse_json(doc)["k"]
        num = jsonb_numeric(v)
        mine = (jtext(v), jsonb_int(v), None if num is None else numeric_out(num),
                jsonb_text_array(v))
        if tuple(sql) != mine:
            bad += 1
            print(json.dumps({"helper": "json", "value": t, "sql": list(map(str, sql)),
                              "python": list(map(str, mine))}, ensure_ascii=False))
    print(json.dumps({"helpers_checked": len(values) + len(EDGE_JSON), "differences": bad}),
          flush=True)
    return bad


def verify(conn, writer, pid, arts, modes):
    """Both passes per mode; every mode against the first (the function when given)."""
    ref = None
    ok = check_helpers(conn, writer.details) == 0
    modes = [m for m in modes if m != "copy"]
    for mode in modes:
        truncate(conn)
        out1, _ = write_pass(conn, writer, pid, mode, insert_pass(arts, "-v"))
        out2, m2 = write_pass(conn, writer, pid, mode, mixed_pass(arts, "-v"))
        fp = fingerprint(conn)
        counts = {}
        for o, _ in out2:
            counts[o] = counts.get(o, 0) + 1
        res = {"outcomes": [tuple(o) for o in out1 + out2], "tables": fp}
        same = ref is None or res == ref
        if ref is None:
            ref = res
        ok = ok and same
        print(json.dumps({"verify": mode, "same_as": modes[0], "equal": same,
                          "second_pass_outcomes": counts, "second_pass": m2, "tables": fp}),
              flush=True)
    truncate(conn)
    return ok


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ingestctl", required=True)
    ap.add_argument("--conninfo", required=True)
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--mode", default="function",
                    help="comma-separated write paths: " + ", ".join(MODES))
    ap.add_argument("--no-verify", action="store_true")
    a = ap.parse_args(argv)
    modes = a.mode.split(",")
    for m in modes:
        if m not in MODES:
            ap.error(f"--mode: {m!r} is not one of {', '.join(MODES)}")
    conn = psycopg.connect(a.conninfo, autocommit=True)
    if conn.info.dbname == "newsingest":
        sys.exit("sql_upsert: refusing to truncate the stack's own database newsingest")
    arts, details = load_articles(a.ingestctl, a.articles)
    n = len(arts)
    writer = Writer(conn, details)
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    results = {m: [] for m in modes}
    for k in range(a.rounds):
        for mode in modes:
            truncate(conn)
            outcomes, m = write_pass(conn, writer, pid, mode, insert_pass(arts, f"-{k}"))
            inserted = sum(1 for o in outcomes if o[0] == "inserted")
            results[mode].append(m)
            print(json.dumps({"round": k + 1, "mode": mode, "articles": inserted, **m}),
                  flush=True)
    for mode in modes:
        rs = results[mode]
        cpu = [r["server_cpu_ms_per_article"] for r in rs]
        wall = [r["wall_ms_per_article"] for r in rs]
        print(json.dumps({
            "mode": mode, "rounds": len(rs), "articles_per_round": n,
            "server_cpu_ms_per_article_median": round(statistics.median(cpu), 3),
            "server_cpu_ms_per_article_mean": round(statistics.mean(cpu), 3),
            "wall_ms_per_article_median": round(statistics.median(wall), 3),
            "wall_ms_per_article_mean": round(statistics.mean(wall), 3),
            "server_cpu_ms_per_article": cpu, "wall_ms_per_article": wall,
            "loadavg": [r["loadavg"] for r in rs]}), flush=True)
    truncate(conn)
    if not a.no_verify and not verify(conn, writer, pid, arts, modes):
        print("sql_upsert: the modes differ (see the verify lines)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
