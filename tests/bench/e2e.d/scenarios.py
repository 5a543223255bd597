"""The scenarios of issue 4, item 4, beside the default benchmark (tests/bench/e2e --scenario):

  backlog  a backlog of --articles messages (default 1,000,000) is published first, then ingestd
           drains it; peak RSS against the budget; afterwards every valid id published is
           checked in the database (none lost).
  stall    ingestd runs while messages are published at --stall-rate for --stall-before
           seconds, then PostgreSQL is stalled for --stall-seconds (60) while publishing goes
           on, then publishing goes on for --stall-after seconds; ingestd must stay under the
           budget and afterwards every valid id published must be stored.

How PostgreSQL is stalled (--stall-method):
  lock     another session holds LOCK TABLE articles IN ACCESS EXCLUSIVE MODE for the stall:
           ingestd's writes wait on the lock, its connection stays up.
  sigstop  ingestd's backends (pg_stat_activity, application_name ingest-pgw, this database)
           get SIGSTOP, then SIGCONT: the server process itself stops answering.

The pure parts (plans, verdicts, comparisons) are unit-tested in test_bench_parts.py."""

import os
import signal
import threading
import time

# The application_name ingestd's PostgreSQL connections use (common/pgw/pgw_conn.c).
INGESTD_APPLICATION_NAME = "ingest-pgw"


def stall_plan(rate, before_s, stall_s, after_s, available):
    """How many messages the stall scenario publishes: rate x the whole publishing time, at
    most the lines available. Returns (messages, seconds the publishing takes at rate)."""
    if rate <= 0:
        raise ValueError("the stall scenario needs a positive publishing rate")
    wanted = int(round(rate * (before_s + stall_s + after_s)))
    messages = min(wanted, available)
    return messages, messages / rate


def expected_ids(ids_by_line, limit=None):
    """The ids that must be stored when the first `limit` lines (all when None) are published:
    ids_by_line holds one entry per generated line, None for an invalid one."""
    lines = ids_by_line if limit is None else ids_by_line[:limit]
    return {i for i in lines if i is not None}


def compare_ids(expected, stored, show=20):
    """Which published valid ids are missing from the database, and which stored ids were
    never published (both must be empty). Returns a dict for the report."""
    expected = set(expected)
    stored = set(stored)
    missing = sorted(expected - stored)
    unexpected = sorted(stored - expected)
    return {
        "ids_expected": len(expected), "ids_stored": len(stored),
        "ids_missing": len(missing), "ids_unexpected": len(unexpected),
        "missing_examples": missing[:show], "unexpected_examples": unexpected[:show],
        "none_lost": not missing,
    }


def rss_verdict(peak_mb, budget_mb):
    """Peak RSS against the memory budget, for the report."""
    if peak_mb is None or not budget_mb:
        return {"peak_rss_mb": peak_mb, "budget_mb": budget_mb, "under_budget": None}
    return {"peak_rss_mb": peak_mb, "budget_mb": budget_mb,
            "under_budget": peak_mb < budget_mb,
            "share_of_budget": round(peak_mb / budget_mb, 3)}


def stored_ids(conninfo):
    """Every id in articles, read with a server-side cursor (a million ids fit in memory, but
    not in one result buffer comfortably)."""
    import psycopg
    out = set()
    with psycopg.connect(conninfo) as conn:
        with conn.cursor(name="bench_ids") as cur:
            cur.itersize = 50000
            cur.execute("SELECT id FROM articles")
            for (i,) in cur:
                out.add(i)
    return out


class Stall:
    """Stalls PostgreSQL for `seconds`, starting `after` seconds from start(), in a thread of
    its own; records when the stall really began and ended. stop() ends a stall early (on a
    failed run), so that no lock and no stopped backend outlives the benchmark."""

    def __init__(self, conninfo, method, after, seconds, log):
        if method not in ("lock", "sigstop"):
            raise ValueError(f"unknown stall method {method!r}")
        self.conninfo = conninfo
        self.method = method
        self.after = after
        self.seconds = seconds
        self.log = log
        self.began = self.ended = None
        self.stopped_pids = []
        self.error = None
        self._cancel = threading.Event()
        self._thread = None

    def start(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        try:
            if self._cancel.wait(self.after):
                return
            if self.method == "lock":
                self._stall_with_lock()
            else:
                self._stall_with_sigstop()
        except Exception as e:  # reported in the JSON; the run's own checks still decide
            self.error = f"{type(e).__name__}: {e}"
            self.log(f"stall: {self.error}")

    def _stall_with_lock(self):
        import psycopg
        with psycopg.connect(self.conninfo) as conn:
            # The lock waits for the transaction in flight (one batch), then holds every
            # later write of ingestd until the commit below.
            conn.execute("SET lock_timeout = '30s'")
            conn.execute("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE")
            self.began = time.time()
            self.log(f"stall: articles locked (ACCESS EXCLUSIVE) for {self.seconds}s")
            self._cancel.wait(self.seconds)
            conn.commit()
            self.ended = time.time()
            self.log("stall: lock released")

    def _stall_with_sigstop(self):
        import psycopg
        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            pids = [r[0] for r in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s "
                "AND datname = current_database() AND pid <> pg_backend_pid()",
                (INGESTD_APPLICATION_NAME,)).fetchall()]
        if not pids:
            raise RuntimeError("no ingestd backend found in pg_stat_activity")
        try:
            for pid in pids:
                os.kill(pid, signal.SIGSTOP)
                self.stopped_pids.append(pid)
            self.began = time.time()
            self.log(f"stall: SIGSTOP to backends {pids} for {self.seconds}s")
            self._cancel.wait(self.seconds)
        finally:
            self._resume()
        self.ended = time.time()
        self.log("stall: SIGCONT sent")

    def _resume(self):
        for pid in self.stopped_pids:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        self.stopped_pids = []

    def stop(self):
        self._cancel.set()
        if self._thread is not None:
            self._thread.join(60)
        self._resume()

    def report(self):
        return {
            "method": self.method, "planned_seconds": self.seconds,
            "started_after_seconds": self.after,
            "began_epoch": self.began, "ended_epoch": self.ended,
            "seconds": (round(self.ended - self.began, 3)
                        if self.began is not None and self.ended is not None else None),
            "error": self.error,
        }
