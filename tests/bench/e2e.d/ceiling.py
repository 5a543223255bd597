"""The ceiling of the end-to-end benchmark: how fast PostgreSQL loads the rows ingestd wrote
when nothing but COPY runs. The four tables are dumped with \\copy ... to FILE, truncated,
and loaded again with psql's \\copy ... from FILE, one table after the other (each its own
psql and transaction, parents first), each timed alone. The tables keep their indexes and
foreign keys, as ingestd has them."""

import os
import subprocess
import time

TABLES = ["articles", "article_entities", "article_dates", "article_figures"]


def psql_env(pg):
    env = dict(os.environ)
    env.update({"PGHOST": pg["host"], "PGPORT": str(pg["port"]), "PGDATABASE": pg["dbname"],
                "PGUSER": pg["user"], "PGPASSWORD": pg["password"],
                "PGOPTIONS": "-c client_min_messages=warning"})
    return env


def psql(pg, *commands, timeout):
    args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    for c in commands:
        args += ["-c", c]
    subprocess.run(args, env=psql_env(pg), check=True, timeout=timeout)


def quote_path(path):
    return "'" + path.replace("'", "''") + "'"


def truncate(pg, timeout=600):
    psql(pg, "TRUNCATE " + ", ".join(TABLES), timeout=timeout)


def measure(pg, work_dir, rows_expected, timeout=3600):
    """Dumps, truncates and reloads the tables; returns the ceiling's numbers."""
    files = {t: os.path.join(work_dir, f"ceiling_{t}.copy") for t in TABLES}
    t0 = time.monotonic()
    psql(pg, *[f"\\copy {t} to {quote_path(files[t])}" for t in TABLES], timeout=timeout)
    dump_s = time.monotonic() - t0
    sizes = {t: os.path.getsize(files[t]) for t in TABLES}
    truncate(pg)
    # Not timed: let autovacuum's and the truncate's work settle so that COPY runs alone.
    time.sleep(2)
    per_table = {}
    for t in TABLES:
        t0 = time.monotonic()
        psql(pg, f"\\copy {t} from {quote_path(files[t])}", timeout=timeout)
        per_table[t] = round(time.monotonic() - t0, 3)
    load_s = sum(per_table.values())
    for f in files.values():
        os.unlink(f)
    return {
        "articles_per_s": round(rows_expected / load_s, 1),
        "seconds": round(load_s, 3),
        "seconds_per_table": per_table,
        "rows": rows_expected,
        "copy_file_bytes": sizes,
        "copy_mb_per_s": round(sum(sizes.values()) / load_s / 1e6, 2),
        "dump_seconds": round(dump_s, 3),
        "method": "psql -c '\\copy TABLE from FILE' for articles, article_entities, "
                  "article_dates, article_figures in turn (one transaction each, indexes and "
                  "foreign keys in place), after \\copy ... to FILE and TRUNCATE",
    }
