# SQL migrations with psql, by the project's rule (the same one `ingestctl migrate` follows):
# schemas/migrations/NNN_name.sql in name order; each file in one transaction together with
# its row in schema_migrations(version = file name without .sql); applied files are skipped.
# Sourced by deploy/local/stack after common.sh.

# docker-compose.yml runs this same file in the postgres image, with STACK_PG_HOST=postgres.
MIGRATIONS_DIR="${STACK_MIGRATIONS_DIR:-$REPO_DIR/schemas/migrations}"
PG_HOST="${STACK_PG_HOST:-127.0.0.1}"

ingest_psql() {
    PGPASSWORD="$PG_PASSWORD" PGOPTIONS='-c client_min_messages=warning' \
        psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -v ON_ERROR_STOP=1 "$@"
}

migrate_up() {
    local files=() file version applied=0 skipped=0 result
    shopt -s nullglob
    files=("$MIGRATIONS_DIR"/*.sql)
    shopt -u nullglob
    # Under the same lock as the applies: two concurrent CREATE TABLE IF NOT EXISTS can fail.
    ingest_psql <<'SQL'
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('newsingest.schema_migrations')) \g /dev/null
CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now());
COMMIT;
SQL
    if [ ${#files[@]} -eq 0 ]; then
        log "migrations: none in $MIGRATIONS_DIR"
        return 0
    fi
    # Name order, byte-wise, whatever the caller's locale.
    mapfile -t files < <(printf '%s\n' "${files[@]}" | LC_ALL=C sort)
    for file in "${files[@]}"; do
        version=$(basename "$file" .sql)
        # Our BEGIN/COMMIT wraps the file; one of its own would end our transaction early and
        # record the version outside it.
        if grep -Eiq '^[[:space:]]*(BEGIN|COMMIT|ROLLBACK|START[[:space:]]+TRANSACTION)[[:space:]]*;' "$file"; then
            die "migration $file has its own BEGIN/COMMIT; remove it (each file already runs in one transaction)"
        fi
        # The advisory lock (same key as ingestctl's, PGW_MIGRATE_LOCK_NAME) serialises concurrent
        # migrators;
        # the check runs under it, inside the same transaction as the apply.
        if ! result=$(ingest_psql -t -A -v version="$version" -v file="$file" 2>&1 <<'SQL'
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('newsingest.schema_migrations')) \g /dev/null
SELECT NOT EXISTS (SELECT 1 FROM schema_migrations WHERE version = :'version') AS pending \gset
\if :pending
\i :file
INSERT INTO schema_migrations (version) VALUES (:'version');
\echo applied
\else
\echo skipped
\endif
COMMIT;
SQL
        ); then
            printf '%s\n' "$result" >&2
            die "migration $version failed; nothing of it was kept"
        fi
        # The migration's own output (if any) comes first; our marker is the last line of ours.
        case "$(printf '%s\n' "$result" | grep -xE 'applied|skipped' | tail -n1)" in
            applied) applied=$((applied + 1)); log "migrations: applied $version" ;;
            skipped) skipped=$((skipped + 1)) ;;
            *) printf '%s\n' "$result" >&2; die "migration $version: unexpected psql output" ;;
        esac
    done
    log "migrations: $applied applied, $skipped already applied"
}
