#!/usr/bin/env python3
"""Checks the deployment files against each other and against the programs they deploy.

  check_deploy.py --source DIR --ingestd BIN --metrics-dump BIN

  (--only PREFIX runs the checks whose name starts with PREFIX.)

Every check prints one line, "ok  name" or "FAIL name: why"; the exit status is 1 when any
failed. Needs python3-yaml, promtool (Debian's prometheus) and systemd-analyze (systemd); a
missing tool is a failure that says what to install, never a skip.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("FAIL setup: python3 has no yaml module: apt-get install python3-yaml "
          "(deploy/install-deps.sh)")
    sys.exit(1)

PARTITIONS_RAW = 6  # articles.raw, the team's fixed topic layout
MEMORY_BUDGET = 256 * 1024 * 1024

FAILURES = []


class CheckFailed(Exception):
    pass


def check(name):
    """Runs the decorated function as one named check; any exception fails that check, and the
    other checks still run."""
    def wrap(fn):
        def run(*args):
            try:
                fn(*args)
                print(f"ok   {name}")
            except CheckFailed as e:
                FAILURES.append(name)
                print(f"FAIL {name}: {e}")
            except Exception as e:  # a missing key or a wrong shape in a file is a failure too
                FAILURES.append(name)
                print(f"FAIL {name}: {type(e).__name__}: {e}")
        run.check_name = name
        return run
    return wrap


def need(cond, msg):
    if not cond:
        raise CheckFailed(msg)


def tool(name, package):
    path = shutil.which(name)
    need(path is not None, f"{name} not found in PATH: install Debian's {package} "
                           "(deploy/install-deps.sh)")
    return path


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def load_yaml_docs(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def duration_seconds(text):
    """ingestd's duration syntax: ms, s, m, h; a bare number is milliseconds."""
    m = re.fullmatch(r"\s*(\d+)\s*(ms|s|m|h)?\s*", str(text))
    need(m is not None, f"not a duration: {text!r}")
    n, unit = int(m.group(1)), m.group(2) or "ms"
    return n * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]


def quantity_bytes(text):
    """A Kubernetes memory quantity (Mi, Gi, M, G, or bytes)."""
    m = re.fullmatch(r"(\d+)(Ki|Mi|Gi|K|M|G)?", str(text))
    need(m is not None, f"not a memory quantity: {text!r}")
    mult = {None: 1, "Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "K": 10**3, "M": 10**6,
            "G": 10**9}
    return int(m.group(1)) * mult[m.group(2)]


class Repo:
    def __init__(self, source, ingestd, dump):
        self.source = source
        self.ingestd = ingestd
        self.dump = dump
        self.k8s = os.path.join(source, "deploy", "k8s")
        self._resources = None

    def path(self, *parts):
        return os.path.join(self.source, *parts)

    def k8s_resources(self):
        """(file, document) for every manifest in deploy/k8s except the kustomization."""
        if self._resources is None:
            self._resources = []
            for path in sorted(glob.glob(os.path.join(self.k8s, "*.yaml"))):
                if os.path.basename(path) == "kustomization.yaml":
                    continue
                for doc in load_yaml_docs(path):
                    self._resources.append((os.path.basename(path), doc))
        return self._resources

    def k8s_one(self, kind, name=None):
        found = [d for _, d in self.k8s_resources()
                 if d.get("kind") == kind and (name is None or d["metadata"]["name"] == name)]
        need(len(found) == 1, f"expected one {kind} {name or ''} in deploy/k8s, found "
                              f"{len(found)}")
        return found[0]


@check("yaml parses (deploy/k8s, deploy/prometheus, docker-compose.yml)")
def check_yaml(repo):
    files = (glob.glob(repo.path("deploy", "k8s", "*.y*ml")) +
             glob.glob(repo.path("deploy", "prometheus", "*.y*ml")))
    need(len(files) >= 8, f"only {len(files)} YAML files found under deploy/k8s and "
                          "deploy/prometheus")
    if os.path.exists(repo.path("docker-compose.yml")):
        files.append(repo.path("docker-compose.yml"))
    for path in files:
        try:
            docs = load_yaml_docs(path)
        except yaml.YAMLError as e:
            raise CheckFailed(f"{os.path.relpath(path, repo.source)}: {e}")
        need(docs, f"{os.path.relpath(path, repo.source)}: empty")
        for doc in docs:
            need(isinstance(doc, dict), f"{os.path.relpath(path, repo.source)}: a document "
                                        "is not a mapping")


@check("json parses (deploy/, schemas/)")
def check_json(repo):
    files = (glob.glob(repo.path("deploy", "**", "*.json"), recursive=True) +
             glob.glob(repo.path("schemas", "**", "*.json"), recursive=True))
    need(any(f.endswith("ingestd-dashboard.json") for f in files), "no Grafana dashboard")
    need(any("schemas" in f for f in files), "no JSON schema under schemas/")
    for path in files:
        with open(path, encoding="utf-8") as f:
            try:
                json.load(f)
            except json.JSONDecodeError as e:
                raise CheckFailed(f"{os.path.relpath(path, repo.source)}: {e}")


@check("systemd-analyze verify deploy/systemd/ingestd.service")
def check_systemd_verify(repo):
    analyze = tool("systemd-analyze", "systemd")
    need(os.access(repo.ingestd, os.X_OK), f"ingestd not built: {repo.ingestd}")
    with open(repo.path("deploy", "systemd", "ingestd.service"), encoding="utf-8") as f:
        unit = f.read()
    need(re.search(r"^ExecStart=/usr/local/bin/ingestd$", unit, re.M),
         "ExecStart is not /usr/local/bin/ingestd")
    # The installed path does not exist here: verify a copy that runs the binary just built.
    unit = re.sub(r"^ExecStart=.*$", f"ExecStart={repo.ingestd}", unit, flags=re.M)
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "ingestd.service")
        with open(copy, "w", encoding="utf-8") as f:
            f.write(unit)
        # Warnings (unknown keys, bad values) exit 0 but print: any output is a failure.
        r = run([analyze, "verify", copy])
        need(r.returncode == 0 and not r.stdout.strip() and not r.stderr.strip(),
             f"exit {r.returncode}: {r.stdout}{r.stderr}")
        # Exposure 0.0 (locked down) .. 10.0 (unsafe); the threshold is in tenths.
        r = run([analyze, "security", "--offline=yes", "--threshold=20", copy])
        last = (r.stdout.strip().splitlines() or [""])[-1]
        need(r.returncode == 0, f"exposure above 2.0: {last}")


def unit_settings(text):
    """Key -> list of values of a unit file (comments and sections ignored)."""
    settings = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;[":
            continue
        key, _, value = line.partition("=")
        settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def env_file(path):
    """VAR -> value from an env file; commented-out assignments are returned too (as
    suggestions they must name real settings), marked by a leading '#'."""
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\s*(#)?\s*([A-Z][A-Z0-9_]*)=(.*)$", line)
            if m:
                values[(m.group(1) or "") + m.group(2)] = m.group(3).strip()
    return values


@check("systemd unit: hardening, memory budget, stop timeout > shutdown.timeout")
def check_systemd_settings(repo):
    with open(repo.path("deploy", "systemd", "ingestd.service"), encoding="utf-8") as f:
        s = unit_settings(f.read())
    expect = {
        "NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
        "PrivateTmp": "yes", "PrivateDevices": "yes", "ProtectKernelTunables": "yes",
        "ProtectKernelModules": "yes", "ProtectKernelLogs": "yes", "Restart": "on-failure",
        "KillSignal": "SIGTERM", "EnvironmentFile": "/etc/newsingest/ingestd.env",
        "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
    }
    for key, value in expect.items():
        need(s.get(key) == [value], f"{key} is {s.get(key)}, expected {value}")
    need("@system-service" in s.get("SystemCallFilter", []), "SystemCallFilter lacks "
                                                               "@system-service")
    need(s.get("DynamicUser") == ["yes"] or s.get("User"), "neither DynamicUser nor User")
    m = re.fullmatch(r"(\d+)M", s["MemoryMax"][0])
    need(m and int(m.group(1)) * (1 << 20) > MEMORY_BUDGET,
         f"MemoryMax {s['MemoryMax']} not above the {MEMORY_BUDGET >> 20} MiB budget")
    env = env_file(repo.path("deploy", "systemd", "ingestd.env.example"))
    shutdown = duration_seconds(env.get("INGEST_SHUTDOWN_TIMEOUT", "30s"))
    stop = duration_seconds(s["TimeoutStopSec"][0])
    need(stop > shutdown, f"TimeoutStopSec {stop}s not above shutdown.timeout {shutdown}s")


def ingestd_env_names(repo):
    """The INGEST_* names ingestd's --help lists, and its pass-through prefixes."""
    need(os.access(repo.ingestd, os.X_OK), f"ingestd not built: {repo.ingestd}")
    r = run([repo.ingestd, "--help"], env={"PATH": "/usr/bin:/bin"})
    need(r.returncode == 0, f"ingestd --help exited {r.returncode}: {r.stderr}")
    names = set(re.findall(r"\benv (INGEST_[A-Z0-9_]+)\b", r.stdout))
    prefixes = set(re.findall(r"\benv (INGEST_[A-Z0-9_]+__)<", r.stdout))
    # A help text whose format changed must not make this check vacuous.
    need(len(names) >= 10 and "INGEST_PG_CONNINFO" in names and "INGEST_KAFKA__" in prefixes,
         f"could not read the settings from ingestd --help ({len(names)} names, prefixes "
         f"{sorted(prefixes)})")
    return names, prefixes


def compose_env_names(path):
    names = set()
    for doc in load_yaml_docs(path):
        for service in (doc.get("services") or {}).values():
            env = service.get("environment") or {}
            if isinstance(env, list):
                env = dict(item.partition("=")[::2] for item in env)
            names.update(k for k in env if k.startswith("INGEST_"))
    return names


def k8s_env_names(repo):
    names = {}
    for file, doc in repo.k8s_resources():
        kind = doc.get("kind")
        if kind == "ConfigMap":
            keys = (doc.get("data") or {}).keys()
        elif kind == "Secret":
            keys = list((doc.get("stringData") or {}).keys()) + list((doc.get("data") or {}).keys())
        elif kind in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
            containers = doc["spec"]["template"]["spec"].get("containers", [])
            keys = [e["name"] for c in containers for e in c.get("env", [])]
        else:
            keys = []
        for key in keys:
            names.setdefault(key, file)
    return names


@check("every INGEST_* variable in k8s, systemd and compose is an ingestd setting")
def check_env_names(repo):
    known, prefixes = ingestd_env_names(repo)
    used = {}
    for name, file in k8s_env_names(repo).items():
        used[name] = f"deploy/k8s/{file}"
    for name in env_file(repo.path("deploy", "systemd", "ingestd.env.example")):
        used[name.lstrip("#")] = "deploy/systemd/ingestd.env.example"
    with open(repo.path("deploy", "systemd", "ingestd.service"), encoding="utf-8") as f:
        for value in unit_settings(f.read()).get("Environment", []):
            for assignment in value.split():
                used[assignment.strip('"').partition("=")[0]] = "deploy/systemd/ingestd.service"
    compose = repo.path("docker-compose.yml")
    need(os.path.exists(compose), "docker-compose.yml is missing")
    for name in compose_env_names(compose):
        used[name] = "docker-compose.yml"
    need(len(used) >= 10, f"only {len(used)} INGEST_* variables found in the deployment files")
    unknown = sorted(f"{name} ({where})" for name, where in used.items()
                     if name.startswith("INGEST_") and name not in known
                     and not any(name.startswith(p) and len(name) > len(p) for p in prefixes))
    need(not unknown, "not in ingestd --help: " + ", ".join(unknown))
    not_ingest = sorted(n for n, w in used.items() if not n.startswith("INGEST_")
                        and w.startswith("deploy/k8s"))
    need(not not_ingest, "non-INGEST_ keys handed to ingestd: " + ", ".join(not_ingest))


@check("k8s: Deployment probes, security, resources, env sources, grace period")
def check_k8s_deployment(repo):
    dep = repo.k8s_one("Deployment", "ingestd")
    pod = dep["spec"]["template"]["spec"]
    labels = dep["spec"]["template"]["metadata"]["labels"]
    need(dep["spec"]["selector"]["matchLabels"].items() <= labels.items(),
         "selector does not match the pod labels")
    need("replicas" not in dep["spec"], "replicas is set although KEDA owns it")
    need(pod["securityContext"].get("runAsNonRoot") is True, "runAsNonRoot is not true")
    need(pod["securityContext"].get("runAsUser", 0) != 0, "runAsUser is root")
    (container,) = [c for c in pod["containers"] if c["name"] == "ingestd"]
    sc = container["securityContext"]
    need(sc.get("readOnlyRootFilesystem") is True, "readOnlyRootFilesystem is not true")
    need(sc.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation is not false")
    need(sc.get("capabilities", {}).get("drop") == ["ALL"], "capabilities not dropped")
    limit = quantity_bytes(container["resources"]["limits"]["memory"])
    request = quantity_bytes(container["resources"]["requests"]["memory"])
    need(request >= MEMORY_BUDGET and limit > MEMORY_BUDGET,
         f"memory request {request} / limit {limit} below the {MEMORY_BUDGET} budget")
    need(limit <= 2 * MEMORY_BUDGET, f"memory limit {limit} hides budget overruns")
    need(container["livenessProbe"]["httpGet"]["path"] == "/healthz", "liveness not /healthz")
    need(container["readinessProbe"]["httpGet"]["path"] == "/readyz", "readiness not /readyz")
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    need(ports.get("http") == 8080, f"container ports {ports}")
    for probe in ("livenessProbe", "readinessProbe"):
        need(container[probe]["httpGet"]["port"] in ("http", 8080), f"{probe} port")

    cm_refs = [e["configMapRef"]["name"] for e in container["envFrom"] if "configMapRef" in e]
    secret_refs = [e["secretRef"]["name"] for e in container["envFrom"] if "secretRef" in e]
    need(len(cm_refs) == 1 and len(secret_refs) == 1, "envFrom needs one ConfigMap and one "
                                                      "Secret")
    cm = repo.k8s_one("ConfigMap", cm_refs[0])["data"]
    secret = repo.k8s_one("Secret", secret_refs[0])
    secret_keys = set(secret.get("stringData", {})) | set(secret.get("data", {}))
    need("INGEST_PG_CONNINFO" in secret_keys, "INGEST_PG_CONNINFO is not in the Secret")
    need("INGEST_PG_CONNINFO" not in cm, "INGEST_PG_CONNINFO is in the ConfigMap")
    need(cm.get("INGEST_HTTP_ADDR", "").startswith("0.0.0.0:8080"),
         "INGEST_HTTP_ADDR must listen on the pod's interfaces, port 8080")
    need(all(isinstance(v, str) for v in cm.values()), "ConfigMap values must be strings")
    shutdown = duration_seconds(cm.get("INGEST_SHUTDOWN_TIMEOUT", "30s"))
    grace = pod["terminationGracePeriodSeconds"]
    need(grace > shutdown, f"terminationGracePeriodSeconds {grace} not above "
                           f"shutdown.timeout {shutdown}s")


@check("k8s: Service, PDB and KEDA ScaledObject agree with the Deployment and ConfigMap")
def check_k8s_wiring(repo):
    dep = repo.k8s_one("Deployment", "ingestd")
    labels = dep["spec"]["template"]["metadata"]["labels"]
    cm = repo.k8s_one("ConfigMap")["data"]

    svc = repo.k8s_one("Service")
    need(svc["spec"]["selector"].items() <= labels.items(), "Service selects no ingestd pod")
    ann = svc["metadata"].get("annotations", {})
    need(ann.get("prometheus.io/scrape") == "true" and ann.get("prometheus.io/port") == "8080"
         and ann.get("prometheus.io/path") == "/metrics", f"scrape annotations: {ann}")
    need([p["port"] for p in svc["spec"]["ports"]] == [8080], "Service port is not 8080")

    pdb = repo.k8s_one("PodDisruptionBudget")
    need(pdb["spec"]["selector"]["matchLabels"].items() <= labels.items(),
         "PDB selects no ingestd pod")

    so = repo.k8s_one("ScaledObject")
    need(so["spec"]["scaleTargetRef"]["name"] == dep["metadata"]["name"],
         "ScaledObject targets another Deployment")
    need(so["spec"]["maxReplicaCount"] == PARTITIONS_RAW,
         f"maxReplicaCount {so['spec']['maxReplicaCount']} != {PARTITIONS_RAW} partitions")
    (trigger,) = [t for t in so["spec"]["triggers"] if t["type"] == "kafka"]
    meta = trigger["metadata"]
    for key, env in (("bootstrapServers", "INGEST_KAFKA_BROKERS"),
                     ("consumerGroup", "INGEST_GROUP_ID"), ("topic", "INGEST_TOPIC_RAW")):
        need(meta.get(key) == cm.get(env), f"trigger {key} {meta.get(key)!r} != ConfigMap "
                                           f"{env} {cm.get(env)!r}")
    need(meta.get("consumerGroup") == "ingestd" and meta.get("topic") == "articles.raw",
         "trigger must watch group ingestd on articles.raw")
    need(int(meta["lagThreshold"]) > 0, "lagThreshold must be positive")


@check("k8s: kustomization lists exactly the manifests")
def check_kustomization(repo):
    (kust,) = load_yaml_docs(os.path.join(repo.k8s, "kustomization.yaml"))
    listed = sorted(kust["resources"])
    present = sorted(os.path.basename(p) for p in glob.glob(os.path.join(repo.k8s, "*.yaml"))
                     if os.path.basename(p) != "kustomization.yaml")
    need(listed == present, f"resources {listed} != files {present}")


def catalogue(repo):
    """Metric name -> type from ingest_metrics_dump, plus the series names a histogram adds."""
    need(os.access(repo.dump, os.X_OK), f"ingest_metrics_dump not built: {repo.dump}")
    r = run([repo.dump])
    need(r.returncode == 0, f"ingest_metrics_dump exited {r.returncode}: {r.stderr}")
    types = dict(re.findall(r"^# TYPE (\S+) (\S+)$", r.stdout, re.M))
    need(len(types) >= 20, f"only {len(types)} families in the catalogue")
    names = set(types)
    for name, kind in types.items():
        if kind == "histogram":
            names.update({name + "_bucket", name + "_sum", name + "_count"})
    return types, names


def metric_names_in(text):
    return set(re.findall(r"\bingest_[a-z0-9_]+\b", text))


def schema_names(repo):
    """Tables and functions of schemas/migrations: they share the ingest_ prefix with the
    metrics, and the runbook names them in its queries."""
    names = set()
    for path in sorted(glob.glob(repo.path("schemas", "migrations", "*.sql"))):
        with open(path, encoding="utf-8") as f:
            names |= set(re.findall(r"CREATE (?:OR REPLACE )?(?:TABLE|FUNCTION) (ingest_[a-z0-9_]+)",
                                    f.read()))
    return names


def alert_rules(repo):
    (doc,) = load_yaml_docs(repo.path("deploy", "prometheus", "alerts.yml"))
    return [r for g in doc["groups"] for r in g["rules"] if "alert" in r]


@check("promtool check rules, test rules, check config (deploy/prometheus)")
def check_promtool_rules(repo):
    promtool = tool("promtool", "prometheus")
    r = run([promtool, "check", "rules", "alerts.yml"], cwd=repo.path("deploy", "prometheus"))
    need(r.returncode == 0, r.stdout + r.stderr)
    rules = len(alert_rules(repo))
    need(f"SUCCESS: {rules} rules found" in r.stdout, f"expected {rules} rules: {r.stdout}")
    r = run([promtool, "test", "rules", "alerts_test.yml"],
            cwd=repo.path("deploy", "prometheus"))
    need(r.returncode == 0, r.stdout + r.stderr)
    r = run([promtool, "check", "config", "prometheus.yml"],
            cwd=repo.path("deploy", "prometheus"))
    need(r.returncode == 0, r.stdout + r.stderr)
    (config,) = load_yaml_docs(repo.path("deploy", "prometheus", "prometheus.yml"))
    jobs = [j["job_name"] for j in config["scrape_configs"]]
    need(jobs == ["ingestd"], f"scrape jobs {jobs}: the rules expect job=\"ingestd\"")


@check("every alert has a unit test, a runbook annotation and a RUNBOOK.md section")
def check_alerts_documented(repo):
    with open(repo.path("deploy", "prometheus", "alerts_test.yml"), encoding="utf-8") as f:
        tests = yaml.safe_load(f)
    fired = {a["alertname"] for t in tests["tests"] for a in t.get("alert_rule_test", [])
             if a.get("exp_alerts")}
    with open(repo.path("deploy", "RUNBOOK.md"), encoding="utf-8") as f:
        runbook = f.read()
    anchors = {re.sub(r"[^a-z0-9_ -]", "", h.strip().lower()).replace(" ", "-")
               for h in re.findall(r"^#{2,4} (.+)$", runbook, re.M)}
    problems = []
    for rule in alert_rules(repo):
        name = rule["alert"]
        if name not in fired:
            problems.append(f"{name}: no test case where it fires")
        link = rule.get("annotations", {}).get("runbook", "")
        anchor = link.partition("#")[2]
        if not link.startswith("RUNBOOK.md#") or anchor not in anchors:
            problems.append(f"{name}: runbook {link!r} has no RUNBOOK.md heading")
        if name not in runbook:
            problems.append(f"{name}: not named in RUNBOOK.md")
        if rule.get("labels", {}).get("severity") not in ("warning", "critical"):
            problems.append(f"{name}: severity must be warning or critical")
        if "for" not in rule:
            problems.append(f"{name}: no for-duration")
    need(not problems, "; ".join(problems))


@check("alerts, dashboard and runbook use only metrics ingestd exports")
def check_metric_names(repo):
    _, names = catalogue(repo)
    sources = {
        "deploy/prometheus/alerts.yml": repo.path("deploy", "prometheus", "alerts.yml"),
        "deploy/grafana/ingestd-dashboard.json": repo.path("deploy", "grafana",
                                                           "ingestd-dashboard.json"),
        "deploy/RUNBOOK.md": repo.path("deploy", "RUNBOOK.md"),
    }
    unknown = []
    schema = schema_names(repo)
    for label, path in sources.items():
        with open(path, encoding="utf-8") as f:
            used = metric_names_in(f.read()) - schema
        need(used, f"{label} names no ingest_ metric")
        unknown += [f"{n} ({label})" for n in sorted(used - names)]
    need(not unknown, "unknown metrics: " + ", ".join(unknown))


@check("grafana dashboard: panels, variables, PromQL accepted by promtool")
def check_dashboard(repo):
    promtool = tool("promtool", "prometheus")
    types, _ = catalogue(repo)
    with open(repo.path("deploy", "grafana", "ingestd-dashboard.json"), encoding="utf-8") as f:
        dash = json.load(f)
    need(dash.get("uid") and dash.get("title"), "uid and title are required")
    variables = {v["name"] for v in dash["templating"]["list"]}
    need({"datasource", "instance"} <= variables, f"variables {variables}")
    panels = dash["panels"]
    ids = [p["id"] for p in panels]
    need(len(ids) == len(set(ids)), "panel ids repeat")
    exprs = [t["expr"] for p in panels for t in p.get("targets", [])]
    text = "\n".join(exprs)
    # What the issue asks the dashboard to show.
    for metric in ("ingest_messages_consumed_total", "ingest_messages_dead_lettered_total",
                   "ingest_consumer_lag_messages", "ingest_end_to_end_latency_seconds_bucket",
                   "ingest_partitions_paused", "ingest_inflight_messages",
                   "ingest_resident_memory_bytes", "ingest_memory_budget_bytes",
                   "ingest_db_connected", "ingest_last_commit_age_seconds"):
        need(metric in text, f"no panel shows {metric}")
    need("histogram_quantile" in text and "by (reason)" in text and "partition" in text,
         "latency quantiles, dead letters by reason and lag per partition are required")
    # promtool parses PromQL only inside rule files: wrap each query in a recording rule, with
    # Grafana's variables replaced by what they expand to.
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:query_{i}",
         "expr": e.replace("$__rate_interval", "5m").replace("$instance", ".*")}
        for i, e in enumerate(exprs)]}]}
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
        yaml.safe_dump(rules, f)
        path = f.name
    try:
        r = run([promtool, "check", "rules", path])
    finally:
        os.unlink(path)
    need(r.returncode == 0, r.stdout + r.stderr)
    # Counters are only ever read through rate()/increase().
    for e in exprs:
        for name in metric_names_in(e):
            if types.get(name) == "counter":
                need(re.search(r"(rate|increase)\(" + name, e), f"raw counter in: {e}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", required=True)
    ap.add_argument("--ingestd", required=True)
    ap.add_argument("--metrics-dump", required=True)
    ap.add_argument("--only", help="run only the checks whose name starts with this")
    args = ap.parse_args()
    repo = Repo(os.path.abspath(args.source), os.path.abspath(args.ingestd),
                os.path.abspath(args.metrics_dump))
    checks = [check_yaml, check_json, check_systemd_verify, check_systemd_settings,
              check_env_names, check_k8s_deployment, check_k8s_wiring, check_kustomization,
              check_promtool_rules, check_alerts_documented, check_metric_names,
              check_dashboard]
    if args.only:
        checks = [c for c in checks if c.check_name.startswith(args.only)]
        if not checks:
            print(f"FAIL setup: no check named {args.only}...")
            return 1
    for c in checks:
        c(repo)
    if FAILURES:
        print(f"{len(FAILURES)} of {len(checks)} checks failed")
        return 1
    print(f"all {len(checks)} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
