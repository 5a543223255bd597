"""How many entities, dates and figures enrichment finds per KB of article text: in real
articles (plain-text or HTML files) and in the benchmark's generated ones, so that the
generator's density can be checked against real news (a denser generator writes more child
rows per article and makes the database side look slower than it is in production).

  python3 tests/bench/e2e.d/density.py --ingestctl build/bin/ingestctl \\
      /work/shared/fixtures/000_f4fd15bba88c9e78.txt tests/enrich/articles/*
  python3 tests/bench/e2e.d/density.py --ingestctl build/bin/ingestctl --generated 2000

Files ending in .html are sent as text/html, others as text/plain; files ending in .json are
skipped (expected outputs). Everything goes through `ingestctl enrich`, the same code ingestd
runs. "Per KB" is per 1,000 bytes of the enriched record's text (UTF-8), which is the same
measure for plain and HTML bodies.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

KINDS = ("entities", "dates", "figures")


def per_kb(counts, text_bytes):
    """{kind: count per 1,000 bytes of text}, rounded to 2 places; zeros when no text."""
    if text_bytes <= 0:
        return {k: 0.0 for k in counts}
    return {k: round(v * 1000 / text_bytes, 2) for k, v in counts.items()}


def summarize(records):
    """Totals over enriched records (dicts): articles, text bytes, counts and per-KB density
    of the pooled text (sum of counts / sum of KB, so long articles weigh more)."""
    counts = {k: 0 for k in KINDS}
    text_bytes = 0
    for r in records:
        text_bytes += len(r.get("text", "").encode("utf-8"))
        for k in KINDS:
            counts[k] += len(r.get(k) or [])
    n = len(records)
    return {
        "articles": n,
        "text_bytes": text_bytes,
        "counts": counts,
        "per_article": {k: round(v / n, 1) if n else 0.0 for k, v in counts.items()},
        "per_kb": per_kb(counts, text_bytes),
        "child_rows_per_article": round(sum(counts.values()) / n, 1) if n else 0.0,
    }


def enrich_lines(ingestctl, lines):
    """Runs ingestctl enrich over JSON Lines; returns the enriched records (rejects dropped)."""
    proc = subprocess.run([ingestctl, "enrich", "-"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True)
    out = []
    for line in proc.stdout.splitlines():
        doc = json.loads(line)
        if "error" not in doc:
            out.append(doc)
    return out


def file_submission(path):
    with open(path, encoding="utf-8") as f:
        body = f.read()
    doc = {"source": "density", "id": "density-" + hashlib.sha256(path.encode()).hexdigest()[:16],
           "body": body}
    if path.endswith(".html"):
        doc["content_type"] = "text/html"
    return json.dumps(doc, ensure_ascii=False)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ingestctl", required=True)
    ap.add_argument("--generated", type=int, default=0,
                    help="also measure this many articles from gen.py")
    ap.add_argument("--per-file", action="store_true", help="one line per file as well")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args(argv)
    result = {}
    files = [f for f in a.files if not f.endswith(".json")]
    if files:
        records = enrich_lines(a.ingestctl, [file_submission(f) for f in files])
        result["files"] = summarize(records)
        if a.per_file:
            result["per_file"] = {os.path.basename(f): summarize([r])["per_kb"]
                                  for f, r in zip(files, records)}
    if a.generated:
        import gen
        fd, path = tempfile.mkstemp(suffix=".jsonl")
        os.close(fd)
        try:
            gen.Generator(1, "density").write(path, a.generated)
            with open(path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        finally:
            os.unlink(path)
        result["generated"] = summarize(enrich_lines(a.ingestctl, lines))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
