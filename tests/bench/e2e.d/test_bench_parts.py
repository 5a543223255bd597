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

import density  # noqa: E402
import gen  # noqa: E402
import report  # noqa: E402
import scenarios  # noqa: E402


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


class ScenarioTest(unittest.TestCase):
    def test_stall_plan_counts_the_whole_publishing_time(self):
        # 300/s for 30 s before, 60 s stalled, 30 s after: 36,000 messages in 120 s.
        self.assertEqual(scenarios.stall_plan(300, 30, 60, 30, 10**6), (36000, 120.0))
        # Fewer lines than wanted: all of them, and the time they take at that rate.
        self.assertEqual(scenarios.stall_plan(200, 30, 60, 30, 5000), (5000, 25.0))
        self.assertEqual(scenarios.stall_plan(2.5, 1, 1, 1, 100), (8, 3.2))  # 7.5 rounds up
        with self.assertRaises(ValueError):
            scenarios.stall_plan(0, 30, 60, 30, 100)

    def test_expected_ids_skip_invalid_lines_and_respect_the_limit(self):
        ids = ["a", None, "b", "c", None, "d"]
        self.assertEqual(scenarios.expected_ids(ids), {"a", "b", "c", "d"})
        self.assertEqual(scenarios.expected_ids(ids, 3), {"a", "b"})
        self.assertEqual(scenarios.expected_ids(ids, 0), set())

    def test_compare_ids_reports_missing_and_unexpected(self):
        r = scenarios.compare_ids({"a", "b", "c"}, {"b", "c", "x"}, show=5)
        self.assertEqual((r["ids_expected"], r["ids_stored"], r["ids_missing"],
                          r["ids_unexpected"]), (3, 3, 1, 1))
        self.assertEqual(r["missing_examples"], ["a"])
        self.assertEqual(r["unexpected_examples"], ["x"])
        self.assertFalse(r["none_lost"])
        ok = scenarios.compare_ids(["a", "b"], ["b", "a"])
        self.assertTrue(ok["none_lost"])
        self.assertEqual((ok["ids_missing"], ok["ids_unexpected"]), (0, 0))

    def test_rss_verdict(self):
        self.assertEqual(scenarios.rss_verdict(200.0, 256),
                         {"peak_rss_mb": 200.0, "budget_mb": 256, "under_budget": True,
                          "share_of_budget": 0.781})
        self.assertFalse(scenarios.rss_verdict(256.0, 256)["under_budget"])
        self.assertIsNone(scenarios.rss_verdict(None, 256)["under_budget"])

    def test_stall_method_is_checked(self):
        with self.assertRaises(ValueError):
            scenarios.Stall("", "nap", 1, 1, print)


class DensityTest(unittest.TestCase):
    def test_per_kb_and_summary(self):
        self.assertEqual(density.per_kb({"entities": 5, "dates": 0}, 2500),
                         {"entities": 2.0, "dates": 0.0})
        self.assertEqual(density.per_kb({"entities": 5}, 0), {"entities": 0.0})
        recs = [{"text": "é" * 500, "entities": [{}] * 4, "dates": [{}], "figures": []},
                {"text": "a" * 1000, "entities": [{}] * 2, "dates": [], "figures": [{}] * 3}]
        s = density.summarize(recs)
        self.assertEqual(s["text_bytes"], 2000)  # é is two bytes in UTF-8
        self.assertEqual(s["counts"], {"entities": 6, "dates": 1, "figures": 3})
        self.assertEqual(s["per_kb"], {"entities": 3.0, "dates": 0.5, "figures": 1.5})
        self.assertEqual(s["per_article"], {"entities": 3.0, "dates": 0.5, "figures": 1.5})
        self.assertEqual(s["child_rows_per_article"], 5.0)


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

    def test_ids_by_line_match_the_lines(self):
        s = gen.Generator(4, "t").write(self.path, 500, collect_ids=True)
        ids = s["ids_by_line"]
        self.assertEqual(len(ids), 500)
        self.assertEqual([i for i, x in enumerate(ids) if x is None], s["invalid_lines"])
        g = gen.Generator(0, "t")
        with open(self.path, encoding="utf-8") as f:
            for i, line in enumerate(f):
                if ids[i] is not None:
                    self.assertEqual(g.article_id(json.loads(line)), ids[i])
        self.assertIsNone(gen.Generator(4, "t").write(self.path, 5)["ids_by_line"])

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
