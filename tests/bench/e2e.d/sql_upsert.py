"""Server CPU per article of ingest_upsert_article(), without Kafka or ingestd: the cost that
bounds one database connection, for comparing migrations and server settings.

  .local/bench-venv/bin/python tests/bench/e2e.d/sql_upsert.py --ingestctl build/bin/ingestctl \\
      --conninfo 'host=127.0.0.1 port=55432 dbname=newsingest_bench user=ingest password=ingest' \\
      [--articles 3000] [--rounds 3]

Generates articles with gen.py (seed 11, no invalid lines), enriches them with
`ingestctl enrich` (the code ingestd runs), loads them into a temporary table, then calls
ingest_upsert_article() for every article, 200 per transaction (ingestd's default batch), one
statement per batch, on an empty set of tables (TRUNCATE first: the database must be a
benchmark one, never the stack's own). Prints per round: the backend's CPU time per article
(from /proc/<pid>/stat: the server must be local), the wall time per article, WAL bytes and
full-page images per article (pg_stat_wal) and checkpoints during the round.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import psycopg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import gen  # noqa: E402

COLUMNS = ("n", "id", "source", "url", "title", "published_at", "lang", "text", "content_hash",
           "raw", "enriched")

UPSERT = """SELECT count(*) FILTER (WHERE r.outcome = 'inserted') FROM bench_src s
CROSS JOIN LATERAL ingest_upsert_article(s.id || %s, s.source, s.url, s.title, s.published_at,
    s.lang, s.text, s.content_hash, s.raw, s.enriched, 'bench', 0, s.n) r
WHERE s.n >= %s AND s.n < %s"""


def backend_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_source(conn, ingestctl, n):
    fd, path = tempfile.mkstemp(suffix=".jsonl")
    os.close(fd)
    try:
        gen.Generator(11, "sqlb").write(path, n, invalid_ratio=0)
        with open(path, encoding="utf-8") as f:
            raw_lines = f.read().splitlines()
    finally:
        os.unlink(path)
    out = subprocess.run([ingestctl, "enrich", "-"], input="\n".join(raw_lines) + "\n",
                         capture_output=True, text=True).stdout.splitlines()
    conn.execute("CREATE TEMP TABLE bench_src (n int, id text, source text, url text, "
                 "title text, published_at timestamptz, lang text, text text, "
                 "content_hash text, raw text, enriched text)")
    rows = 0
    with conn.cursor().copy(f"COPY bench_src ({', '.join(COLUMNS)}) FROM STDIN") as cp:
        for raw, line in zip(raw_lines, out):
            d = json.loads(line)
            if "error" in d:
                continue
            cp.write_row((rows, d["id"], d["source"], d.get("url"), d.get("title"),
                          d.get("published_at"), d.get("lang"), d["text"], d["content_hash"],
                          raw, line))
            rows += 1
    return rows


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ingestctl", required=True)
    ap.add_argument("--conninfo", required=True)
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args(argv)
    conn = psycopg.connect(a.conninfo, autocommit=True)
    if conn.info.dbname == "newsingest":
        sys.exit("sql_upsert: refusing to truncate the stack's own database newsingest")
    n = load_source(conn, a.ingestctl, a.articles)
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]

    def wal():
        return conn.execute("SELECT wal_bytes, wal_fpi, (SELECT checkpoints_timed + "
                            "checkpoints_req FROM pg_stat_bgwriter) FROM pg_stat_wal").fetchone()

    for k in range(a.rounds):
        conn.execute("TRUNCATE articles, article_entities, article_dates, article_figures")
        w0, c0, t0 = wal(), backend_cpu(pid), time.monotonic()
        inserted = 0
        for lo in range(0, n, 200):
            with conn.transaction():
                inserted += conn.execute(UPSERT, (f"-{k}", lo, lo + 200)).fetchone()[0]
        c1, t1, w1 = backend_cpu(pid), time.monotonic(), wal()
        print(json.dumps({
            "round": k + 1, "articles": inserted,
            "server_cpu_ms_per_article": round(1000 * (c1 - c0) / n, 2),
            "wall_ms_per_article": round(1000 * (t1 - t0) / n, 2),
            "wal_kb_per_article": round((int(w1[0]) - int(w0[0])) / n / 1024, 1),
            "full_page_images_per_article": round((w1[1] - w0[1]) / n, 2),
            "checkpoints": w1[2] - w0[2], "loadavg": os.getloadavg()[0]}), flush=True)
    conn.execute("TRUNCATE articles, article_entities, article_dates, article_figures")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
