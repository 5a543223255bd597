"""The end-to-end benchmark's phases, run by tests/bench/e2e (which prepares the stack, the
venv, the database and the build, then runs this with the venv's Python).

  1. generate N raw submissions (JSON Lines file, ~1% invalid)
  2. max rate: all N messages are published to a fresh topic (a backlog), then ingestd runs on
     it with a fresh group until every valid row is committed and the group's lag is 0
  3. ceiling: the rows of 2 dumped, truncated and loaded again with psql \\copy, alone
  4. baseline: a plain Python consumer (baseline.py) loads the same topic into the same tables
  5. half rate: ingestd on fresh topics, messages published at half of 2's rate; p99 latency
  6. the JSON report and the PNG chart

Every topic it creates is deleted and every process it starts is stopped, on failure too.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import ceiling  # noqa: E402
from db import Db  # noqa: E402
import gen  # noqa: E402
import kafka_util  # noqa: E402
import report  # noqa: E402
import scenarios  # noqa: E402
from ingestd_run import IngestdRun, RowCounter, free_port  # noqa: E402


def log(msg):
    print(f"e2e [{time.strftime('%H:%M:%S')}] {msg}", flush=True)


class Bench:
    def __init__(self, a):
        self.a = a
        self.repo = a.repo
        self.brokers = a.brokers
        self.pg = {"host": "127.0.0.1", "port": a.pg_port, "dbname": a.pg_db, "user": "ingest",
                   "password": "ingest"}
        self.conninfo = " ".join(f"{k}={v}" for k, v in self.pg.items())
        self.run_id = time.strftime("bench-%Y%m%d-%H%M%S-") + str(os.getpid())
        self.work = os.path.join(self.repo, ".local", "bench", self.run_id)
        os.makedirs(self.work, exist_ok=True)
        self.topics = kafka_util.Topics(self.brokers)
        self.running = []  # IngestdRun and RowCounter objects to stop on the way out
        self.result = {"run_id": self.run_id, "articles": a.articles}
        self.conn = Db(self.conninfo)

    # ---------------------------------------------------------------- helpers

    def deadline(self, seconds):
        return time.monotonic() + seconds

    def ingestd_settings(self, raw, enriched, dlq, group):
        return {
            "kafka.brokers": self.brokers, "group.id": group, "topic.raw": raw,
            "topic.enriched": enriched, "topic.dlq": dlq, "pg.conninfo": self.conninfo,
            "http.addr": f"127.0.0.1:{free_port()}", "log.level": "info",
            "stats.interval": "5s",
        }

    def wait_stored(self, run, counter, lag, expected, timeout, label):
        """Waits until expected rows are committed and the group's lag is 0. Fails on
        ingestd's exit, on no progress for --stall-timeout seconds, and at timeout. Progress
        comes from the statistics (counter.last()); the end is confirmed with count(*)."""
        end = self.deadline(timeout)
        last_rows, last_change = -1, time.monotonic()
        last_print = last_exact = 0
        lag_zero_since = None
        while True:
            if not run.alive():
                raise RuntimeError(f"{label}: ingestd exited with {run.proc.returncode} "
                                   f"(log: {run.log_path})")
            rows = counter.last()
            now = time.monotonic()
            if rows != last_rows:
                last_rows, last_change = rows, now
            quiet = now - last_change > 5
            # The statistics can lag by up to 10 s once a backend goes idle; near the end, and
            # whenever progress stops, ask count(*).
            near = rows >= min(expected * 0.98, expected - 200)
            if (near or quiet) and now - last_exact >= 2:
                last_exact = now
                exact = counter.exact()
                current_lag = lag.lag()
                if exact >= expected and current_lag == 0:
                    return {"rows": exact, "lag": 0}
                if current_lag == 0 and quiet:
                    # Everything is committed yet rows are missing: they went elsewhere (dead
                    # letters or rejects). Settle for what is there after a grace period.
                    lag_zero_since = lag_zero_since or now
                    if now - lag_zero_since > 20:
                        return {"rows": exact, "lag": 0, "missing_rows": expected - exact}
                else:
                    lag_zero_since = None
            if now - last_change > self.a.stall_timeout:
                raise TimeoutError(f"{label}: no new row for {self.a.stall_timeout}s at "
                                   f"{rows}/{expected} rows (log: {run.log_path})")
            if now > end:
                raise TimeoutError(f"{label}: {rows}/{expected} rows after {timeout}s")
            if now - last_print >= 10:
                rss = run.rss[-1][1] / 1024 if run.rss else 0
                log(f"{label}: {rows}/{expected} rows, RSS {rss:.0f} MB, "
                    f"{len(run.events)} pause/resume events, load {report.loadavg()[0]}")
                last_print = now
            time.sleep(0.5)

    def run_ingestd_phase(self, label, tag, jsonl, limit, rate, expected, timeout,
                          on_start=None):
        """One ingestd run on fresh topics and group. With rate None: a backlog, i.e. every
        message is published first, then ingestd starts and drains it; the time counts from
        ingestd's readiness. With a rate: ingestd starts first and messages are published at
        that rate while it runs; the time counts from the first publish. on_start, when
        given, is called when the measured time starts (the stall scenario starts its clock
        there)."""
        raw, enriched, dlq = (f"{self.run_id}.{tag}.{k}" for k in ("raw", "enriched", "dlq"))
        group = f"{self.run_id}.{tag}"
        self.topics.create(raw, 6)
        self.topics.create(enriched, 6)
        self.topics.create(dlq, 1)
        ceiling.truncate(self.pg)
        counter = RowCounter(self.conninfo)
        self.running.append(counter)
        run = IngestdRun(self.a.ingestd, self.ingestd_settings(raw, enriched, dlq, group),
                         os.path.join(self.work, f"ingestd-{tag}.log"), self.a.ingestd_arg)
        pub = kafka_util.Publisher(self.brokers, raw, linger_ms=5 if rate is None else 1)

        def publish():
            log(f"{label}: publishing {limit or 'all'} messages "
                + (f"at {rate:.1f}/s" if rate else "as fast as possible"))
            t0, t1 = pub.publish_file(jsonl, limit=limit, rate=rate,
                                      deadline=self.deadline(timeout))
            log(f"{label}: published {pub.sent} messages ({pub.bytes / 1e6:.1f} MB) in "
                f"{t1 - t0:.1f}s")
            return t0, t1

        if rate is None:
            t_pub0, t_pub1 = publish()
        load_before = report.loadavg()
        counter.start()
        self.running.append(run)
        run.start()
        t_ready = run.wait_ready()
        log(f"{label}: ingestd ready in {t_ready - run.started_at:.1f}s")
        lag = kafka_util.LagProbe(self.brokers, group, raw)
        if on_start is not None:
            on_start()
        if rate is not None:
            t_pub0, t_pub1 = publish()
        t_start = t_ready if rate is None else t_pub0
        done = self.wait_stored(run, counter, lag, expected, timeout, label)
        load_after = report.loadavg()
        lag.close()
        exit_code = run.stop()
        counter.stop()
        self.running.remove(run)
        self.running.remove(counter)

        exact = report.track_commit_timestamp(self.conn)
        stored = report.row_times(self.conn, exact)
        produced = None if exact else kafka_util.first_timestamps(self.brokers, enriched)
        commit_by_offset, sources = report.commit_times(stored, produced)
        commits = sorted(commit_by_offset.values())
        lat = report.latency_stats(commit_by_offset, pub.delivered)
        # The other bound, for comparison: from the start of each row's transaction.
        lat_start = report.latency_stats(
            {(p, o): float(started) for _i, p, o, started, _c in stored}, pub.delivered)
        rows = len(stored)
        wall = (commits[-1] - t_start) if commits else None
        out = {
            "articles_per_s": round(rows / wall, 1) if wall else None,
            "mb_per_s": round(pub.bytes / wall / 1e6, 3) if wall else None,
            "p50_ms": lat["p50_ms"], "p99_ms": lat["p99_ms"],
            "peak_rss_mb": round(run.peak_hwm_kb / 1024, 1),
            "messages_published": pub.sent, "raw_bytes_published": pub.bytes,
            "rows_expected": expected, "rows_stored": rows,
            "mode": "backlog: all messages published before ingestd starts; time from "
                    "ingestd's readiness to the last row's commit" if rate is None else
                    "paced: published at publish_rate_per_s while ingestd runs; time from the "
                    "first publish to the last row's commit",
            "publish_seconds": round(t_pub1 - t_pub0, 3),
            "seconds": round(wall, 3) if wall else None,
            "seconds_start_to_last_commit": (round(commits[-1] - run.started_at, 3)
                                             if commits else None),
            "ingestd_ready_seconds": round(t_ready - run.started_at, 3),
            "latency_ms": lat, "latency_ms_to_transaction_start": lat_start,
            "commit_time_sources": {report.COMMIT_SOURCES_DOC[k]: n
                                    for k, n in sources.items() if n},
            "dead_lettered": kafka_util.message_count(self.brokers, dlq),
            "enriched_produced": kafka_util.message_count(self.brokers, enriched),
            "pause_events": sum(1 for e in run.events if e[1] == "pause"),
            "resume_events": sum(1 for e in run.events if e[1] == "resume"),
            "ingestd_cpu_seconds": (round(run.cpu_end - run.cpu_start, 2)
                                    if run.cpu_end is not None else None),
            "ingestd_exit_code": exit_code, "ingestd_log": run.log_path,
            "ingestd_warnings": [w.get("msg") for w in run.warnings][:20],
            "loadavg_before": load_before, "loadavg_after": load_after,
            "wait_result": done,
            # Non-zero when PostgreSQL went away during the run (another test restarting it):
            # then the numbers include that outage.
            "observer_db_reconnects": counter.conn.reconnects + counter.exact_conn.reconnects,
        }
        if rate is not None:
            out["publish_rate_per_s"] = round(rate, 1)
        lost = [w for w in out["ingestd_warnings"] if "lost" in w or "error" in w.lower()]
        if out["observer_db_reconnects"] or lost:
            # Another test restarted PostgreSQL or the broker under this run (the local stack
            # is shared): its numbers include that outage.
            note = (f"{label}: outage during the run (benchmark's own database connections "
                    f"lost {out['observer_db_reconnects']} times; ingestd warned: "
                    f"{sorted(set(lost))})")
            self.result.setdefault("disturbances", []).append(note)
            log("WARNING: " + note)
        if commits and wall:
            # CPU used between the start of the measured time and the last commit.
            c0, c1 = run.cpu_at(t_start), run.cpu_at(commits[-1])
            if c0 is not None and c1 is not None:
                out["ingestd_cores_used"] = round((c1 - c0) / wall, 2)
        if len(commits) >= 10:
            lo, hi = commits[len(commits) // 10], commits[len(commits) * 9 // 10]
            if hi > lo:
                out["articles_per_s_steady"] = round((len(commits) * 8 // 10) / (hi - lo), 1)
        summary = (f"{out['articles_per_s']} articles/s, {out['mb_per_s']} MB/s, latency p50 "
                   f"{lat['p50_ms']} ms, p99 {lat['p99_ms']} ms, peak RSS {out['peak_rss_mb']} MB")
        panel = {"name": f"{label}: {summary}", "t0": t_start,
                 "t0_label": "ingestd ready" if rate is None else "publishing started",
                 "rates": report.per_second(commits),
                 "rss": run.rss, "events": run.events, "budget_mb": self.a.budget_mb}
        return out, panel, raw

    # ---------------------------------------------------------------- phases

    def generate(self):
        path = os.path.join(self.work, "articles.jsonl")
        self.jsonl = path
        log(f"generating {self.a.articles} articles into {path}")
        s = gen.Generator(self.a.seed, self.run_id).write(
            path, self.a.articles, collect_ids=self.a.scenario != "default")
        self.invalid_lines = s.pop("invalid_lines")
        self.ids_by_line = s.pop("ids_by_line")
        log(f"generated {s['valid']} valid + {s['invalid']} invalid "
            f"({s['raw_bytes'] / 1e6:.1f} MB) in {s['seconds']}s")
        self.result["invalid"] = s["invalid"]
        self.result["generation"] = s
        return path, s

    def run(self):
        a = self.a
        self.result["scenario"] = a.scenario
        self.result["machine"] = report.machine(self.conn, a.ingestd, self.repo)
        self.result["machine"]["loadavg_at_start"] = report.loadavg()
        if a.scenario == "backlog":
            return self.run_backlog()
        if a.scenario == "stall":
            return self.run_stall()
        jsonl, g = self.generate()
        timeout = a.timeout or int(600 + a.articles / 20)
        panels = []

        main, panel, raw_topic = self.run_ingestd_phase(
            "max rate (backlog of every message)", "max", jsonl, None, None, g["valid"],
            timeout)
        self.result["ingestd"] = main
        panels.append(panel)
        log(f"max rate: {main['articles_per_s']} articles/s, {main['mb_per_s']} MB/s, p50 "
            f"{main['p50_ms']} ms, p99 {main['p99_ms']} ms, peak RSS {main['peak_rss_mb']} MB")
        self.write(panels)

        if not a.skip_ceiling:
            rows = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            log(f"ceiling: dumping and reloading {rows} rows with COPY")
            self.result["ceiling_copy"] = ceiling.measure(self.pg, self.work, rows)
            log(f"ceiling: {self.result['ceiling_copy']['articles_per_s']} articles/s")
            self.write(panels)

        if not a.skip_baseline:
            base = self.result["baseline_python"] = self.baseline(raw_topic, g["valid"], timeout)
            log(f"baseline: {base['articles_per_s']} articles/s")
            # The baseline's own rows (one per article, no detail rows) loaded by COPY alone:
            # what any consumer writing those rows could reach here, to set 5x the baseline
            # against.
            rows = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            log(f"baseline ceiling: dumping and reloading the baseline's {rows} rows with COPY")
            base["ceiling_copy_of_its_rows"] = ceiling.measure(self.pg, self.work, rows)
            log(f"baseline ceiling: {base['ceiling_copy_of_its_rows']['articles_per_s']} "
                "articles/s")
            self.write(panels)

        if not a.skip_half_rate and main["articles_per_s"]:
            rate = main["articles_per_s"] / 2
            limit = min(a.articles, max(200, int(rate * a.half_rate_seconds)))
            expected = limit - sum(1 for i in self.invalid_lines if i < limit)
            half, panel, _ = self.run_ingestd_phase(
                f"half rate ({rate:.1f} messages/s)", "half", jsonl, limit, rate, expected,
                timeout)
            panels.append(panel)
            self.result["ingestd"]["p99_ms_at_half_rate"] = half["p99_ms"]
            self.result["ingestd"]["p50_ms_at_half_rate"] = half["p50_ms"]
            self.result["ingestd"]["peak_rss_mb_at_half_rate"] = half["peak_rss_mb"]
            self.result["ingestd_half_rate"] = half
            log(f"half rate: p50 {half['p50_ms']} ms, p99 {half['p99_ms']} ms")
        self.summarize()
        self.write(panels)
        if not a.keep_rows:
            ceiling.truncate(self.pg)

    def verify_none_lost(self, limit):
        """Every valid id of the first `limit` published lines must be in articles."""
        check = scenarios.compare_ids(scenarios.expected_ids(self.ids_by_line, limit),
                                      scenarios.stored_ids(self.conninfo))
        log(f"verify: {check['ids_stored']} of {check['ids_expected']} valid ids stored, "
            f"{check['ids_missing']} missing, {check['ids_unexpected']} unexpected")
        return check

    def finish_scenario(self, out, panels, limit):
        out["verify"] = self.verify_none_lost(limit)
        out["rss"] = scenarios.rss_verdict(out["peak_rss_mb"], self.a.budget_mb)
        self.result["ingestd"] = out
        self.result["targets"] = {
            "meets_rss_budget": out["rss"]["under_budget"], "budget_mb": self.a.budget_mb,
            "none_lost": out["verify"]["none_lost"],
            "every_invalid_dead_lettered": out["dead_lettered"] == out["messages_published"]
            - out["verify"]["ids_expected"],
        }
        if self.result.get("disturbances"):
            self.result["targets"]["numbers_disturbed_by_outages"] = True
        self.result["machine"]["loadavg_at_end"] = report.loadavg()
        self.write(panels)
        if not self.a.keep_rows:
            ceiling.truncate(self.pg)

    def run_backlog(self):
        """Scenario backlog: every message published first, then ingestd drains them."""
        a = self.a
        jsonl, g = self.generate()
        timeout = a.timeout or int(600 + a.articles / 20)
        out, panel, _ = self.run_ingestd_phase(
            f"backlog of {a.articles} messages", "backlog", jsonl, None, None, g["valid"],
            timeout)
        log(f"backlog: {out['articles_per_s']} articles/s, peak RSS {out['peak_rss_mb']} MB "
            f"(budget {a.budget_mb} MB)")
        self.finish_scenario(out, [panel], None)

    def run_stall(self):
        """Scenario stall: publishing at --stall-rate while PostgreSQL is stalled."""
        a = self.a
        messages, seconds = scenarios.stall_plan(a.stall_rate, a.stall_before, a.stall_seconds,
                                                 a.stall_after, a.articles)
        if messages < a.articles:
            log(f"stall: publishing {messages} of the {a.articles} generated messages")
        jsonl, g = self.generate()
        expected = len(scenarios.expected_ids(self.ids_by_line, messages))
        timeout = a.timeout or int(600 + seconds + messages / 20)
        stall = scenarios.Stall(self.conninfo, a.stall_method, a.stall_before, a.stall_seconds,
                                log)
        self.running.append(stall)
        label = (f"stall: {a.stall_rate}/s published, PostgreSQL stalled ({a.stall_method}) "
                 f"{a.stall_seconds:g}s after {a.stall_before:g}s")
        out, panel, _ = self.run_ingestd_phase(label, "stall", jsonl, messages, a.stall_rate,
                                               expected, timeout, on_start=stall.start)
        stall.stop()
        self.running.remove(stall)
        out["stall"] = stall.report()
        if stall.began is not None:
            # The stall on the chart: the same shading as a paused stretch, labelled.
            panel["stall"] = (stall.began, stall.ended or time.time())
            during = [r for t, r, _h in panel["rss"] if stall.began <= t <= (stall.ended or t)]
            out["peak_rss_mb_during_stall"] = round(max(during) / 1024, 1) if during else None
        log(f"stall: peak RSS {out['peak_rss_mb']} MB (budget {a.budget_mb} MB), "
            f"{out['pause_events']} pauses")
        self.finish_scenario(out, [panel], messages)

    def baseline(self, raw_topic, expected, timeout):
        out_topic = f"{self.run_id}.baseline.out"
        self.topics.create(out_topic, 6)
        ceiling.truncate(self.pg)
        log("baseline: Python consumer (confluent-kafka + psycopg 3) on the same topic")
        load_before = report.loadavg()
        proc = subprocess.run(
            [sys.executable, os.path.join(HERE, "baseline.py"), "--brokers", self.brokers,
             "--topic", raw_topic, "--out-topic", out_topic,
             "--group", f"{self.run_id}.baseline", "--conninfo", self.conninfo,
             "--timeout", str(timeout)],
            capture_output=True, text=True, timeout=timeout + 60)
        if proc.returncode != 0:
            raise RuntimeError(f"baseline failed ({proc.returncode}): {proc.stderr[-2000:]}"
                               f"{proc.stdout[-500:]}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        rows = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        wall = r["last_commit_epoch"] - r["first_batch_epoch"]
        return {
            "articles_per_s": round(rows / wall, 1), "rows_stored": rows,
            "rows_expected": expected, "seconds_first_batch_to_last_commit": round(wall, 3),
            "skipped_invalid": r["skipped"], "consumed": r["consumed"],
            "loadavg_before": load_before, "loadavg_after": report.loadavg(),
            "method": "confluent-kafka consume(500) -> psycopg 3 executemany upsert into "
                      "articles (text = body, enriched = {}, no child rows) -> commit -> "
                      "produce each record, flush -> synchronous offset commit",
        }

    def summarize(self):
        r = self.result
        ing = r.get("ingestd", {})
        ceil = r.get("ceiling_copy", {}).get("articles_per_s")
        base = r.get("baseline_python", {}).get("articles_per_s")
        t = {}
        if ing.get("articles_per_s") and ceil:
            t["fraction_of_copy_ceiling"] = round(ing["articles_per_s"] / ceil, 3)
            t["meets_70pct_of_ceiling"] = ing["articles_per_s"] >= 0.7 * ceil
        if ing.get("articles_per_s") and base:
            t["times_python_baseline"] = round(ing["articles_per_s"] / base, 2)
            t["meets_5x_baseline"] = ing["articles_per_s"] >= 5 * base
            own = r["baseline_python"].get("ceiling_copy_of_its_rows", {}).get("articles_per_s")
            if own:
                # Above 1: 5x the baseline is faster than COPY can load even the baseline's
                # lighter rows on this machine, let alone ingestd's.
                t["five_x_baseline_over_copy_of_baseline_rows"] = round(5 * base / own, 2)
        if ing.get("p99_ms_at_half_rate") is not None:
            t["meets_p99_under_1s_at_half_rate"] = ing["p99_ms_at_half_rate"] < 1000
        if self.a.budget_mb:
            peaks = [ing.get("peak_rss_mb"), ing.get("peak_rss_mb_at_half_rate")]
            t["meets_rss_budget"] = all(p is None or p < self.a.budget_mb for p in peaks)
            t["budget_mb"] = self.a.budget_mb
        if r.get("disturbances"):
            t["numbers_disturbed_by_outages"] = True
        r["targets"] = t
        r["machine"]["loadavg_at_end"] = report.loadavg()

    def write(self, panels):
        tmp = self.a.out + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.result, f, indent=2, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, self.a.out)
        if panels:
            png = os.path.splitext(self.a.out)[0] + ".png"
            title = f"ingestd end to end: {self.a.articles} articles ({self.run_id})"
            # The chart's data, so that the picture can be redrawn (report.py replot).
            with open(os.path.join(self.work, "chart.json"), "w") as f:
                json.dump({"title": title, "panels": [
                    dict(p, events=[(t, k, None) for t, k, _ in p["events"]]) for p in panels]}, f)
            report.chart(png, title, panels)

    def cleanup(self):
        for obj in reversed(self.running):
            try:
                obj.stop()
            except Exception as e:
                log(f"cleanup: {e}")
        self.running = []
        # Hundreds of MB at 200,000 articles; kept only when asked, also after a failure.
        if getattr(self, "jsonl", None) and not self.a.keep_files and os.path.exists(self.jsonl):
            os.unlink(self.jsonl)
        errors = self.topics.delete_all()
        for e in errors:
            log(f"cleanup: topic not deleted: {e}")
        try:
            self.conn.close()
        except Exception:  # closing is best effort on the way out
            pass


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="tests/bench/e2e", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", choices=("default", "backlog", "stall"), default="default",
                    help="default: max rate, COPY ceiling, Python baseline, half rate; "
                    "backlog: drain a backlog (default 1,000,000 messages), check none lost; "
                    "stall: PostgreSQL stalled while publishing goes on, check none lost")
    ap.add_argument("--articles", type=int, default=None,
                    help="messages to generate (default 200,000; 1,000,000 for --scenario "
                    "backlog; for --scenario stall what --stall-rate and the durations need)")
    ap.add_argument("--stall-rate", type=float, default=300,
                    help="stall scenario: messages published per second (default 300)")
    ap.add_argument("--stall-before", type=float, default=30,
                    help="stall scenario: seconds of publishing before the stall (default 30)")
    ap.add_argument("--stall-seconds", type=float, default=60,
                    help="stall scenario: how long PostgreSQL is stalled (default 60)")
    ap.add_argument("--stall-after", type=float, default=30,
                    help="stall scenario: seconds of publishing after the stall (default 30)")
    ap.add_argument("--stall-method", choices=("lock", "sigstop"), default="lock",
                    help="stall scenario: hold an ACCESS EXCLUSIVE lock on articles, or "
                    "SIGSTOP ingestd's backends (default lock)")
    ap.add_argument("--out", required=True, help="the JSON report; the chart goes beside it "
                    "with the extension .png")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=int, default=0,
                    help="seconds each phase may take (default 600 + articles/20)")
    ap.add_argument("--stall-timeout", type=int, default=180,
                    help="fail when no row is committed for this many seconds")
    ap.add_argument("--half-rate-seconds", type=float, default=60,
                    help="how long the half-rate run publishes")
    ap.add_argument("--budget-mb", type=float, default=256,
                    help="memory budget drawn on the chart and checked (default 256)")
    ap.add_argument("--ingestd-arg", action="append", default=[],
                    help="extra ingestd flag, e.g. --ingestd-arg=--max.inflight.messages=5000")
    ap.add_argument("--skip-ceiling", action="store_true")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--skip-half-rate", action="store_true")
    ap.add_argument("--keep-rows", action="store_true", help="leave the last phase's rows")
    ap.add_argument("--keep-files", action="store_true", help="keep the JSON Lines file")
    # Set by tests/bench/e2e.
    ap.add_argument("--repo", required=True)
    ap.add_argument("--ingestd", required=True)
    ap.add_argument("--brokers", default="127.0.0.1:9092")
    ap.add_argument("--pg-port", type=int, default=55432)
    ap.add_argument("--pg-db", default="newsingest_bench")
    return ap.parse_args(argv)


def main(argv):
    a = parse_args(argv)
    a.out = os.path.abspath(a.out)
    if a.articles is None:
        if a.scenario == "backlog":
            a.articles = 1000000
        elif a.scenario == "stall":
            a.articles = scenarios.stall_plan(a.stall_rate, a.stall_before, a.stall_seconds,
                                              a.stall_after, float("inf"))[0]
        else:
            a.articles = 200000

    def on_signal(signum, _frame):
        # Once: a second Ctrl-C must not cut the cleanup short.
        for other in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(other, signal.SIG_IGN)
        raise SystemExit(128 + signum)

    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, on_signal)
    b = Bench(a)
    try:
        b.run()
    except BaseException as e:
        b.result["error"] = f"{type(e).__name__}: {e}"
        log(f"failed: {b.result['error']}")
        try:
            b.write([])
        except Exception:
            pass
        b.cleanup()
        return 1
    b.cleanup()
    log(f"wrote {a.out} and {os.path.splitext(a.out)[0]}.png")
    print(json.dumps({k: b.result.get(k) for k in ("ingestd", "ceiling_copy", "baseline_python",
                                                    "targets")}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
