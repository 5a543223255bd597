"""Runs ingestd for one benchmark phase and watches it: its JSON log (pause/resume moments),
its memory (VmRSS and VmHWM from /proc every 100 ms), its CPU time, and the committed row
count (every second)."""

import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def _cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _log_epoch(line_obj):
    """The epoch seconds of a log line's "time" field (ISO 8601 UTC, ms), or None."""
    t = line_obj.get("time")
    if not isinstance(t, str):
        return None
    try:
        import datetime
        return datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


class IngestdRun:
    def __init__(self, binary, settings, log_path, extra_args=()):
        """settings: {name: value} given as --name=value; the environment is emptied of
        INGEST_* variables so that only these settings count."""
        self.binary = binary
        self.args = [binary] + [f"--{k}={v}" for k, v in settings.items()] + list(extra_args)
        self.http_addr = settings["http.addr"]
        self.log_path = log_path
        self.proc = None
        self.events = []  # (epoch, "pause" | "resume", log line object)
        self.rss = []  # (epoch, vmrss_kb, vmhwm_kb)
        self.cpu = []  # (epoch, CPU seconds used so far, user + system)
        self.log_lines = 0
        self.warnings = []
        self.cpu_start = None
        self.cpu_end = None
        self.peak_hwm_kb = 0
        self._stop = threading.Event()
        self._threads = []

    def start(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
        self.log_file = open(self.log_path, "w")
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL,
                                     stdout=self.log_file, stderr=subprocess.PIPE, env=env)
        self.started_at = time.time()
        for target in (self._read_log, self._sample_memory):
            t = threading.Thread(target=target, daemon=True)
            t.start()
            self._threads.append(t)

    def _read_log(self):
        for raw in self.proc.stderr:
            self.log_file.write(raw.decode("utf-8", "replace"))
            self.log_lines += 1
            try:
                obj = json.loads(raw)
            except ValueError:
                continue
            msg = str(obj.get("msg", ""))
            low = msg.lower()
            kind = None
            # Whatever words the backpressure code uses, a state change says paused or resumed.
            if "pause" in low and "fail" not in low:
                kind = "pause"
            elif "resume" in low and "fail" not in low:
                kind = "resume"
            level = obj.get("level")
            if level in ("warn", "error") and ("lost" in low or msg == "Kafka error"):
                kind = "outage"  # PostgreSQL or the broker went away (another test's doing)
            if kind:
                self.events.append((_log_epoch(obj) or time.time(), kind, obj))
            if obj.get("level") in ("warn", "error") and len(self.warnings) < 50:
                self.warnings.append(obj)
        self.log_file.flush()

    def _sample_memory(self):
        pid = self.proc.pid
        try:
            self.cpu_start = _cpu_seconds(pid)
        except OSError:
            return
        while not self._stop.is_set():
            try:
                rss, hwm = _status_kb(pid, "VmRSS"), _status_kb(pid, "VmHWM")
                cpu = _cpu_seconds(pid)
            except (OSError, ValueError, IndexError):
                break
            if rss is None:  # a zombie has no memory lines
                break
            now = time.time()
            self.rss.append((now, rss, hwm))
            self.cpu.append((now, cpu))
            self.peak_hwm_kb = max(self.peak_hwm_kb, hwm or 0)
            self.cpu_end = cpu
            self._stop.wait(0.1)

    def cpu_at(self, epoch):
        """CPU seconds ingestd had used at epoch (the last sample before it), or None."""
        before = [c for t, c in self.cpu if t <= epoch]
        return before[-1] if before else None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, timeout=90):
        """Waits until GET /readyz answers 200 (partitions assigned, database connected)."""
        url = f"http://{self.http_addr}/readyz"
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"ingestd exited with {self.proc.returncode} while starting "
                                   f"(log: {self.log_path})")
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        return time.time()
            except urllib.error.HTTPError as e:
                last = e.read().decode("utf-8", "replace")
            except OSError as e:
                last = str(e)
            time.sleep(0.2)
        raise TimeoutError(f"ingestd not ready after {timeout}s: {last} (log: {self.log_path})")

    def stop(self, timeout=60):
        """SIGTERM, then SIGKILL after timeout; returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._stop.set()
        for t in self._threads:
            t.join(10)
        self.log_file.close()
        return self.proc.returncode


class RowCounter:
    """Follows the committed rows of articles every second, cheaply, on its own connection.

    count(*) reads the whole heap: about 250 ms a time at 200,000 rows on this machine, a
    quarter of a core taken from the system under test and shared buffers churned. So the
    per-second samples read PostgreSQL's cumulative statistics instead
    (pg_stat_get_tuples_inserted, counted from start(); backends publish them when they go
    idle, at most once a second, so a sample can lag by about a second), and exact() does the
    real count(*) when the end is near."""

    def __init__(self, conninfo):
        from db import Db
        self.conn = Db(conninfo)
        self.exact_conn = Db(conninfo)
        self.samples = []  # (epoch, rows inserted since start(), from the statistics)
        self.base = 0
        self._stop = threading.Event()
        self._thread = None

    def _inserted(self):
        return self.conn.execute(
            "SELECT pg_stat_get_tuples_inserted('articles'::regclass)").fetchone()[0]

    def exact(self):
        return self.exact_conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def start(self):
        self.base = self._inserted()

        def loop():
            while not self._stop.is_set():
                t = time.time()
                try:
                    self.samples.append((t, self._inserted() - self.base))
                except Exception:  # a failed read is a missing sample, not a failed run
                    pass
                self._stop.wait(max(0.0, 1.0 - (time.time() - t)))

        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()

    def last(self):
        return self.samples[-1][1] if self.samples else 0

    def stop(self):
        self._stop.set()
        if self._thread:
            self._thread.join(10)
        self.conn.close()
        self.exact_conn.close()
