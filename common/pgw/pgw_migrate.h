/*
 * pgw_migrate: applies the SQL migrations (schemas/migrations/NNN_name.sql) for `ingestctl
 * migrate`. Blocking libpq: for command-line use only, never on the daemon's loop.
 *
 * The rule, shared with deploy/local/stack (psql): files ending in ".sql" are applied in byte
 * order of their names; each in its own transaction together with its row in
 * schema_migrations(version text primary key, applied_at timestamptz not null default now()),
 * version being the file name without ".sql"; a version already recorded is skipped. The whole
 * run holds the advisory lock hashtext(PGW_MIGRATE_LOCK_NAME), the key deploy/local/stack's psql
 * runner takes per file, so that concurrent runners of either kind wait for each other.
 * Migration files must not contain transaction control (BEGIN/COMMIT) or psql meta-commands.
 */
#ifndef PGW_MIGRATE_H
#define PGW_MIGRATE_H

#include <stddef.h>

/* The advisory lock's key is the server's hashtext() of this name. */
#define PGW_MIGRATE_LOCK_NAME "newsingest.schema_migrations"

/*
 * Connects with conninfo and applies the pending migrations found in dir. progress(version, arg)
 * is called after each version is committed (may be NULL). Returns the number of versions
 * applied (0 when up to date), or a negative code with a one-line reason in err (the file name
 * and the server's message for a failing migration): -ECONNREFUSED when the database is
 * unreachable, -ENOENT when dir cannot be read, -EIO when a statement fails, -ENOMEM.
 */
int pgw_migrate_apply(const char *conninfo, const char *dir, char *err, size_t errlen,
                      void (*progress)(const char *version, void *arg), void *arg);

#endif
