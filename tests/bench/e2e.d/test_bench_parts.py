"""Unit tests of the benchmark's own arithmetic and generator (no Kafka, no database):
  python3 -m unittest discover -s tests/bench/e2e.d -p 'test_*.py'
The generator's validity labels are checked against ingestd's real validation by
`ingestctl enrich` when INGESTCTL names the binary (see test_labels_match_ingestctl)."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gen  # noqa: E402
import report  # noqa: E402


class ReportTest(unittest.TestCase):
    def test_percentile_nearest_rank(self):
        values = list(range(1, 101))  # 1..100
        self.assertEqual(report.percentile(values, 50), 50)
        self.assertEqual(report.percentile(values, 99), 99)
        self.assertEqual(report.percentile(values, 100), 100)
        self.assertEqual(report.percentile([7], 99), 7)
        self.assertIsNone(report.percentile([], 50))

    def test_per_second_fills_empty_seconds(self):
        self.assertEqual(report.per_second([10.2, 10.7, 12.1]),
                         [(10, 2), (11, 0), (12, 1), (13, 0)])
        self.assertEqual(report.per_second([]), [])

    def test_paused_intervals_pairs_pause_with_next_resume(self):
        events = [(5.0, "resume", None), (1.0, "pause", None), (3.0, "pause", None),
                  (7.0, "pause", None)]
        # The second pause before a resume is the same paused stretch; the last is still open.
        self.assertEqual(report.paused_intervals(events, 9.0), [(1.0, 5.0), (7.0, 9.0)])

    def test_commit_times_prefers_exact_then_enriched_then_start(self):
        rows = [("a", 0, 1, 100.0, 100.5), ("b", 0, 2, 200.0, None), ("c", 1, 0, 300.0, None)]
        times, sources = report.commit_times(rows, {b"b": 201500})
        self.assertEqual(times, {(0, 1): 100.5, (0, 2): 201.5, (1, 0): 300.0})
        self.assertEqual(sources, {"exact": 1, "enriched_record": 1, "transaction_start": 1})

    def test_latency_stats(self):
        delivered = {0: {1: 1000, 2: 2000}}
        stats = report.latency_stats({(0, 1): 1.25, (0, 2): 2.5, (3, 9): 9.0}, delivered)
        self.assertEqual(stats["rows_matched"], 2)
        self.assertEqual(stats["rows_unmatched"], 1)
        self.assertEqual(stats["p50_ms"], 250.0)
        self.assertEqual(stats["max_ms"], 500.0)
        self.assertEqual(stats["min_ms"], 250.0)


class GeneratorTest(unittest.TestCase):
    def setUp(self):
        fd, self.path = tempfile.mkstemp(suffix=".jsonl")
        os.close(fd)

    def tearDown(self):
        os.unlink(self.path)

    def test_sizes_ids_and_invalid_share(self):
        s = gen.Generator(3, "t").write(self.path, 2000)
        with open(self.path, encoding="utf-8") as f:
            lines = f.read().split("\n")[:-1]
        self.assertEqual(len(lines), 2000)
        self.assertEqual(s["valid"] + s["invalid"], 2000)
        self.assertEqual(len(s["invalid_lines"]), s["invalid"])
        self.assertTrue(5 <= s["invalid"] <= 50, s["invalid"])  # ~1%
        g = gen.Generator(0, "t")
        ids = set()
        invalid = set(s["invalid_lines"])
        for i, line in enumerate(lines):
            if i in invalid:
                continue
            doc = json.loads(line)
            body = doc["body"].encode()
            self.assertTrue(1900 <= len(body) <= 6500, len(body))
            ids.add(g.article_id(doc))
        self.assertEqual(len(ids), s["valid"])  # one row per valid line

    def test_same_seed_same_file(self):
        other = self.path + ".2"
        try:
            gen.Generator(5, "t").write(self.path, 50)
            gen.Generator(5, "t").write(other, 50)
            with open(self.path, "rb") as a, open(other, "rb") as b:
                self.assertEqual(a.read(), b.read())
        finally:
            os.unlink(other)

    @unittest.skipUnless(os.environ.get("INGESTCTL"), "set INGESTCTL=build/bin/ingestctl")
    def test_labels_match_ingestctl(self):
        s = gen.Generator(7, "t").write(self.path, 3000)
        out = subprocess.run([os.environ["INGESTCTL"], "enrich", self.path],
                             capture_output=True, text=True).stdout.splitlines()
        self.assertEqual(len(out), 3000)
        rejected = {i for i, line in enumerate(out) if line.startswith('{"error"')}
        self.assertEqual(rejected, set(s["invalid_lines"]))


if __name__ == "__main__":
    unittest.main()
