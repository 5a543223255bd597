"""Numbers and pictures of the end-to-end benchmark: end-to-end latency from the stored rows,
throughput over time, the machine description, and the gnuplot chart."""

import os
import platform
import subprocess


def percentile(sorted_values, q):
    """Nearest-rank percentile (q in 0..100) of an ascending list; None when empty."""
    if not sorted_values:
        return None
    import math
    # The rank of the smallest value with q% of the values at or below it; the epsilon keeps
    # 0.99 * 100 from rounding up to rank 100.
    rank = max(1, math.ceil(q * len(sorted_values) / 100.0 - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def track_commit_timestamp(conn):
    return conn.execute("SHOW track_commit_timestamp").fetchone()[0] == "on"


def row_times(conn, exact):
    """[(id, partition, offset, transaction start epoch, commit epoch or None)] of every stored
    article. The commit epoch is pg_xact_commit_timestamp(xmin), the exact commit time of the
    transaction that wrote the row, when track_commit_timestamp is on (exact true); updated_at
    is now(), the *start* of that transaction."""
    commit = "extract(epoch FROM pg_xact_commit_timestamp(xmin))" if exact else "NULL"
    q = (f"SELECT id, kafka_partition, kafka_offset, extract(epoch FROM updated_at), {commit} "
         "FROM articles")
    return conn.execute(q).fetchall()


def commit_times(rows, produced):
    """{(partition, offset): commit epoch} and what the times are.

    Best: the exact commit time (track_commit_timestamp on). Otherwise the CreateTime of the
    row's enriched record (produced: {id bytes: ms}): ingestd produces it right after the
    commit, so it is late by the produce call only; it is an upper bound. Rows without either
    fall back to updated_at, a lower bound (the transaction's start)."""
    out, sources = {}, {"exact": 0, "enriched_record": 0, "transaction_start": 0}
    for article_id, part, off, started, committed in rows:
        if committed is not None:
            out[(part, off)] = float(committed)
            sources["exact"] += 1
            continue
        ts = produced.get(article_id.encode()) if produced else None
        if ts is not None:
            out[(part, off)] = ts / 1000.0
            sources["enriched_record"] += 1
        else:
            out[(part, off)] = float(started)
            sources["transaction_start"] += 1
    return out, sources


COMMIT_SOURCES_DOC = {
    "exact": "pg_xact_commit_timestamp(xmin): the exact commit time",
    "enriched_record": "Kafka CreateTime of the row's enriched record, produced by ingestd "
                       "right after the commit: an upper bound, late by the produce call",
    "transaction_start": "updated_at = now(), the start of the writing transaction: a lower "
                         "bound, early by up to the transaction's (batch's) duration",
}


def latency_stats(commit_by_offset, delivered):
    """End-to-end latency (ms) of each row: commit time - Kafka CreateTime of its message
    (delivered: {partition: {offset: ms}} from the publisher's delivery reports)."""
    lat = []
    missing = 0
    for (part, off), commit in commit_by_offset.items():
        ts = delivered.get(part, {}).get(off)
        if ts is None:
            missing += 1
            continue
        lat.append(commit * 1000.0 - ts)
    lat.sort()
    out = {"rows_matched": len(lat), "rows_unmatched": missing}
    for name, q in (("p50_ms", 50), ("p90_ms", 90), ("p99_ms", 99), ("max_ms", 100)):
        v = percentile(lat, q)
        out[name] = None if v is None else round(v, 1)
    out["min_ms"] = None if not lat else round(lat[0], 1)
    return out


def per_second(commit_epochs):
    """[(epoch at the start of each second, rows committed in it)] from sorted commit times,
    with the empty seconds in between and an empty second after the last."""
    if not commit_epochs:
        return []
    import math
    first = math.floor(commit_epochs[0])
    counts = [0] * (int(commit_epochs[-1]) - first + 1)
    for t in commit_epochs:
        counts[int(t) - first] += 1
    counts.append(0)
    return [(first + i, c) for i, c in enumerate(counts)]


def rebin(per_second_counts, bin_s):
    """[(epoch, mean per second)] over bins of bin_s seconds of per_second() output."""
    out = []
    for k in range(0, len(per_second_counts), bin_s):
        chunk = per_second_counts[k:k + bin_s]
        out.append((chunk[0][0], sum(c for _, c in chunk) / float(bin_s)))
    return out


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def machine(pg_conn, ingestd_binary, repo):
    cpu = ""
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    settings = {}
    for name in ("server_version", "shared_buffers", "synchronous_commit", "wal_level",
                 "max_wal_size", "default_toast_compression", "track_commit_timestamp",
                 "fsync", "full_page_writes", "checkpoint_timeout", "wal_compression"):
        settings[name] = pg_conn.execute(f"SHOW {name}").fetchone()[0]

    def run(args):
        try:
            return subprocess.run(args, capture_output=True, text=True, timeout=20,
                                  cwd=repo).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    build_dir = os.path.dirname(os.path.dirname(ingestd_binary))
    build_type = ""
    for line in _read(os.path.join(build_dir, "CMakeCache.txt")).splitlines():
        if line.startswith("CMAKE_BUILD_TYPE:"):
            build_type = line.split("=", 1)[1]
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_kb / 1048576, 1),
        "kernel": platform.release(), "os": _read("/etc/debian_version").strip(),
        "postgresql": settings,
        "kafka": run(["sh", "-c", "sed -n 's:.*<kafka.version>\\(.*\\)</kafka.version>.*:\\1:p' "
                      "deploy/kafka/pom.xml | head -n1"]),
        "ingestd_version": run([ingestd_binary, "--version"]),
        "ingestd_build_type": build_type,
        "git_commit": run(["git", "rev-parse", "HEAD"]),
        "git_dirty_paths": len(run(["git", "status", "--porcelain", "--untracked-files=no"])
                               .splitlines()),
        "python": platform.python_version(),
    }


def loadavg():
    return [float(x) for x in _read("/proc/loadavg").split()[:3]]


def paused_intervals(events, t_end):
    """[(start, end)] of the times consumption was paused, from the pause/resume events."""
    out, since = [], None
    for t, kind, _obj in sorted(events, key=lambda e: e[0]):
        if kind == "pause" and since is None:
            since = t
        elif kind == "resume" and since is not None:
            out.append((since, t))
            since = None
    if since is not None:
        out.append((since, t_end))
    return out


def chart(png, title, panels):
    """Draws one panel per phase: rows committed per second and RSS over time; the time
    consumption was paused is shaded red, pause moments are red marks and resume moments green
    marks at the top of the panel, lost connections (outages) black crosses at the bottom.
    panels: [{"name", "t0", "rates": [(epoch, r)], "rss": [(epoch, kb, hwm)],
              "events": [(epoch, kind, obj)], "budget_mb": float|None,
              "stall": (begin epoch, end epoch), optional: hatched}]"""
    base = os.path.splitext(png)[0]
    script = [
        "set terminal pngcairo size 1400,%d font 'DejaVu Sans,11'" % (500 * len(panels)),
        f"set output '{png}'",
        f"set multiplot layout {len(panels)},1 title '{title}' font ',13'",
        "set grid", "set key below horizontal maxcols 5 width -2",
        "set ylabel 'articles committed per second'", "set y2label 'ingestd RSS (MB)'",
        "set ytics nomirror", "set y2tics", "set autoscale xfixmin", "set autoscale xfixmax",
    ]
    for i, p in enumerate(panels):
        t0 = p["t0"]
        rate_f, rss_f, pause_f, resume_f, outage_f = (
            f"{base}.{i}.{k}.dat" for k in ("rate", "rss", "pause", "resume", "outage"))
        # About 200 bars across the run: one-second bars of a long run are a comb of whole
        # batches and empty seconds, unreadable.
        span = (p["rates"][-1][0] - p["rates"][0][0]) if p["rates"] else 0
        bin_s = max(1, int(round(span / 200.0)))
        rates = rebin(p["rates"], bin_s)
        with open(rate_f, "w") as f:
            for t, r in rates:
                f.write(f"{t - t0:.2f} {r:.1f}\n")
        with open(rss_f, "w") as f:
            for t, kb, _hwm in p["rss"][::5]:
                f.write(f"{t - t0:.2f} {kb / 1024:.1f}\n")
        peak = max([r for _, r in rates] + [1.0])
        peak_rss = max([kb / 1024 for _, kb, _ in p["rss"]] + [1.0])
        n_pause = n_resume = n_outage = 0
        with open(pause_f, "w") as fp, open(resume_f, "w") as fr, open(outage_f, "w") as fo:
            for t, kind, _obj in p["events"]:
                if kind == "pause":
                    fp.write(f"{t - t0:.3f} {peak * 1.14:.1f}\n")
                    n_pause += 1
                elif kind == "resume":
                    fr.write(f"{t - t0:.3f} {peak * 1.08:.1f}\n")
                    n_resume += 1
                elif kind == "outage":
                    fo.write(f"{t - t0:.3f} {peak * 0.04:.1f}\n")
                    n_outage += 1
        script.append(f"set title \"{p['name']}\"")
        script.append(f"set xlabel 'seconds since {p.get('t0_label', 'publishing started')}'")
        script.append(f"set yrange [0:{peak * 1.2:.1f}]")
        script.append(f"set y2range [0:{max(peak_rss, p.get('budget_mb') or 0) * 1.35:.1f}]")
        script.append("unset arrow")
        script.append("unset object")
        if p.get("budget_mb"):
            script.append(f"set arrow from graph 0, second {p['budget_mb']} to graph 1, second "
                          f"{p['budget_mb']} nohead dt 2 lw 1.5 lc rgb '#aa00aa'")
        t_end = max([t for t, _ in rates] + [t0])
        intervals = paused_intervals(p["events"], t_end)
        for k, (a, b) in enumerate(intervals[:2000]):
            script.append(f"set object {k + 1} rect from {a - t0:.3f}, graph 0 to {b - t0:.3f}, "
                          "graph 1 behind fc rgb '#f4a6a6' fs solid 0.35 noborder")
        if p.get("stall"):
            a, b = p["stall"]
            script.append(f"set object 2001 rect from {a - t0:.3f}, graph 0 to {b - t0:.3f}, "
                          "graph 1 behind fc rgb '#999999' fs pattern 4 noborder")
        plots = [f"'{rate_f}' using 1:2 with fillsteps fs solid 0.35 lc rgb '#1f77b4' "
                 f"title 'articles committed per second ({bin_s} s bars)'",
                 f"'{rss_f}' using 1:2 axes x1y2 with lines lw 2 lc rgb '#ff7f0e' "
                 "title 'RSS MB (right)'"]
        if n_pause:
            plots.append(f"'{pause_f}' using 1:2 with points pt 11 ps 1.2 lc rgb '#d62728' "
                         f"title 'paused ({n_pause}x, shaded)'")
        if n_resume:
            plots.append(f"'{resume_f}' using 1:2 with points pt 9 ps 1.2 lc rgb '#2ca02c' "
                         f"title 'resumed ({n_resume}x)'")
        if n_outage:
            plots.append(f"'{outage_f}' using 1:2 with points pt 2 ps 1.6 lw 2 lc rgb 'black' "
                         f"title 'connection lost ({n_outage}x)'")
        if p.get("stall"):
            plots.append(f"NaN with boxes fs pattern 4 lc rgb '#999999' "
                         f"title 'PostgreSQL stalled ({p['stall'][1] - p['stall'][0]:.0f} s, hatched)'")
        if p.get("budget_mb"):
            plots.append(f"NaN with lines dt 2 lw 1.5 lc rgb '#aa00aa' "
                         f"title 'budget {p['budget_mb']:g} MB (right)'")
        script.append("plot " + ", \\\n     ".join(plots))
    script.append("unset multiplot")
    script_path = base + ".gnuplot"
    with open(script_path, "w") as f:
        f.write("\n".join(script) + "\n")
    subprocess.run(["gnuplot", script_path], check=True, timeout=120)
    for i in range(len(panels)):
        for k in ("rate", "rss", "pause", "resume", "outage"):
            os.unlink(f"{base}.{i}.{k}.dat")
    os.unlink(script_path)


if __name__ == "__main__":
    import json
    import sys

    if len(sys.argv) != 4 or sys.argv[1] != "replot":
        sys.exit("usage: report.py replot .local/bench/<run>/chart.json OUT.png")
    with open(sys.argv[2]) as f:
        data = json.load(f)
    chart(sys.argv[3], data["title"], data["panels"])
