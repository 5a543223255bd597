#!/usr/bin/env bash
# Installs every Debian 12 (bookworm) package the project builds, tests and runs with.
# Idempotent and quick when all is present: dpkg is asked first, apt only for what is missing
# (one `apt-get update`, then one `apt-get install`). Needs root (or sudo). Non-interactive.
#
# Packages another part of the project needs go, one per line, in deploy/extra-packages.txt
# (# starts a comment).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

PACKAGES=(
    # Build and test the C code.
    build-essential cmake pkg-config git
    librdkafka-dev libjansson-dev libpq-dev libuv1-dev libcmocka-dev libutf8proc-dev
    libgumbo-dev node-llhttp libssl-dev libmimalloc-dev
    # libFuzzer, sanitizers' runtime for clang, formatting.
    clang-14 libclang-rt-14-dev clang-format
    # Local stack: PostgreSQL 15 (server + psql) and Kafka (Java 17 + Maven fetch the jars).
    postgresql-15 postgresql-client-15 openjdk-17-jre-headless maven
    # Tools: benchmarks' plots, promtool for the alert rules, scripts.
    python3 python3-venv gnuplot-nox prometheus curl ca-certificates
    # Used by deploy/local/stack: ss (iproute2), runuser and flock (util-linux).
    iproute2 util-linux
)

if [ -f "$HERE/extra-packages.txt" ]; then
    while read -r line; do
        line=${line%%#*}
        for word in $line; do
            PACKAGES+=("$word")
        done
    done <"$HERE/extra-packages.txt"
fi

# One dpkg-query for all: "ii " marks an installed package; unknown names print nothing.
declare -A installed=()
while read -r status name; do
    [ "$status" = ii ] && installed[${name%%:*}]=1
done < <(dpkg-query -W -f='${db:Status-Abbrev} ${binary:Package}\n' "${PACKAGES[@]}" 2>/dev/null || true)
missing=()
for pkg in "${PACKAGES[@]}"; do
    [ -n "${installed[$pkg]:-}" ] || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#PACKAGES[@]} packages present"
    exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
        exit 1
    }
    SUDO=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
echo "install-deps: done"
