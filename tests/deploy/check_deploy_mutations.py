#!/usr/bin/env python3
"""Shows that check_deploy.py can fail: each case copies the deployment files, breaks one
thing the way a careless edit would, and expects the check that guards it to fail (run alone,
to keep this quick); the untouched copy must pass every check.

  check_deploy_mutations.py --source DIR --ingestd BIN --metrics-dump BIN
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# (file, text to replace, replacement, start of the check name expected to fail)
CASES = [
    ("deploy/k8s/configmap.yaml", '  INGEST_LOG_LEVEL: "info"\n',
     '  INGEST_LOG_LEVEL: "info"\n  INGEST_LOG_LEVL: "debug"\n', "every INGEST_* variable"),
    ("deploy/systemd/ingestd.env.example", "#INGEST_KAFKA__SASL_PASSWORD=change-me",
     "#INGEST_KAFKA_SASL_PASSWORD=change-me", "every INGEST_* variable"),
    ("deploy/k8s/secret.yaml", "  INGEST_PG_CONNINFO:", "  INGEST_PG_CONNINF:",
     "k8s: Deployment"),
    ("deploy/k8s/keda-scaledobject.yaml", 'topic: "articles.raw"', 'topic: "articles.raws"',
     "k8s: Service, PDB and KEDA"),
    ("deploy/k8s/keda-scaledobject.yaml", "maxReplicaCount: 6", "maxReplicaCount: 12",
     "k8s: Service, PDB and KEDA"),
    ("deploy/k8s/deployment.yaml", "terminationGracePeriodSeconds: 45",
     "terminationGracePeriodSeconds: 20", "k8s: Deployment"),
    ("deploy/k8s/deployment.yaml", "path: /readyz", "path: /healthz", "k8s: Deployment"),
    ("deploy/k8s/deployment.yaml", "readOnlyRootFilesystem: true",
     "readOnlyRootFilesystem: false", "k8s: Deployment"),
    ("deploy/k8s/deployment.yaml", "memory: 320Mi", "memory: 200Mi", "k8s: Deployment"),
    ("deploy/k8s/kustomization.yaml", "  - pdb.yaml\n", "", "k8s: kustomization"),
    ("deploy/k8s/pdb.yaml", "kind: PodDisruptionBudget\n", "kind: PodDisruptionBudget\n  x: [\n",
     "yaml parses"),
    ("deploy/grafana/ingestd-dashboard.json", '"uid": "ingestd"', '"uid": "ingestd",',
     "json parses"),
    ("deploy/systemd/ingestd.service", "KillMode=mixed", "KillMode=mixed\nKillSignl=SIGTERM",
     "systemd-analyze verify"),
    ("deploy/systemd/ingestd.service", "ProtectSystem=strict", "ProtectSystem=full",
     "systemd unit: hardening"),
    ("deploy/systemd/ingestd.service", "TimeoutStopSec=45s", "TimeoutStopSec=20s",
     "systemd unit: hardening"),
    ("deploy/prometheus/alerts.yml", "expr: ingest_db_connected == 0",
     "expr: ingest_db_connected = 0", "promtool check rules"),
    ("deploy/prometheus/alerts.yml", "expr: ingest_ready == 0", "expr: ingest_ready == 1",
     "promtool check rules"),
    ("deploy/RUNBOOK.md", "### IngestCommitFailures", "### Commit failures",
     "every alert has a unit test"),
    ("deploy/prometheus/alerts.yml", "ingest_partitions_paused > 0",
     "ingest_paused_partitions > 0", "alerts, dashboard and runbook use only"),
    ("deploy/grafana/ingestd-dashboard.json", "sum(rate(ingest_commit_failures_total",
     "sum(rate(ingest_commit_failure_total", "alerts, dashboard and runbook use only"),
    ("deploy/grafana/ingestd-dashboard.json", "sum by (code) (rate(",
     "sum by (code) (rate((", "grafana dashboard"),
]


def copy_tree(source, dest):
    for name in ("deploy", "schemas"):
        shutil.copytree(os.path.join(source, name), os.path.join(dest, name),
                        ignore=shutil.ignore_patterns("local", "kafka"))
    shutil.copy(os.path.join(source, "docker-compose.yml"), dest)


def run_checks(source, args, only=None):
    cmd = [sys.executable, os.path.join(HERE, "check_deploy.py"), "--source", source,
           "--ingestd", args.ingestd, "--metrics-dump", args.metrics_dump]
    if only:
        cmd += ["--only", only]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--ingestd", required=True)
    ap.add_argument("--metrics-dump", required=True)
    args = ap.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        pristine = os.path.join(tmp, "pristine")
        copy_tree(args.source, pristine)
        r = run_checks(pristine, args)
        if r.returncode != 0:
            print("FAIL the unmodified copy does not pass:\n" + r.stdout + r.stderr)
            return 1
        for i, (path, old, new, expected) in enumerate(CASES):
            root = os.path.join(tmp, f"case{i}")
            shutil.copytree(pristine, root)
            with open(os.path.join(root, path), encoding="utf-8") as f:
                text = f.read()
            if text.count(old) < 1:
                print(f"FAIL case {i}: {path} no longer contains {old!r}; update the case")
                failures += 1
                continue
            with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                f.write(text.replace(old, new, 1))
            r = run_checks(root, args, expected)
            failed = [line for line in r.stdout.splitlines() if line.startswith("FAIL ")]
            if r.returncode != 1 or not any(line[5:].startswith(expected) for line in failed):
                print(f"FAIL case {i} ({path}: {old.strip()!r} -> {new.strip()!r}): expected "
                      f"check '{expected}...' to fail; exit {r.returncode}, failed: {failed}")
                failures += 1
            else:
                print(f"ok   case {i}: {path} caught by '{expected}...'")
            shutil.rmtree(root)
    print(f"{len(CASES) - failures} of {len(CASES)} broken copies caught")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
