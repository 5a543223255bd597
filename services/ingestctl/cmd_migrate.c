/*
 * ingestctl migrate: applies the SQL migrations in schemas/migrations to PostgreSQL, with the
 * same rule as deploy/local/stack (pgw_migrate.h). Blocking libpq is fine here: no event loop.
 */
#include <stdio.h>
#include <sys/stat.h>

#include "ingestctl.h"
#include "pgw_migrate.h"

static const struct cli_option migrate_options[] = {
    {"conninfo", 'c', "CONNINFO", "INGEST_PG_CONNINFO", INGESTCTL_DEFAULT_CONNINFO, false,
     "libpq connection string of the database."},
    {"dir", 'd', "DIR", NULL, NULL, false,
     "Folder of NNN_name.sql files (default: ./schemas/migrations when it exists, else the "
     "source tree's)."},
    {NULL, 0, NULL, NULL, NULL, false, NULL},
};

const struct cli_command ingestctl_migrate_command = {
    .name = "migrate",
    .args = "",
    .summary = "Apply the pending SQL migrations (schemas/migrations) to PostgreSQL.",
    .details = "Files ending in .sql are applied in name order, each in its own transaction with\n"
               "its row in schema_migrations (version = file name without .sql); versions\n"
               "already recorded are skipped, so running it again is safe. Prints each version\n"
               "applied. Exit status 1 when the database is unreachable or a migration fails\n"
               "(that migration is rolled back; the ones before it stay applied).\n",
    .options = migrate_options,
};

static void print_applied(const char *version, void *arg)
{
    (void)arg;
    printf("applied %s\n", version);
    fflush(stdout);
}

static const char *default_dir(void)
{
    struct stat st;
    if (stat("schemas/migrations", &st) == 0 && S_ISDIR(st.st_mode)) {
        return "schemas/migrations";
    }
    return INGEST_SOURCE_DIR "/schemas/migrations";
}

int ingestctl_migrate(int argc, char **argv)
{
    const struct cli_command *cmd = &ingestctl_migrate_command;
    struct cli_args args;
    int rc = cli_parse(cmd, argc, argv, &args, stdout, stderr);
    if (rc != CLI_RUN || args.positional_count > 0) {
        if (rc == CLI_RUN) {
            fprintf(stderr, "ingestctl migrate: takes no arguments\n");
            rc = INGESTCTL_EXIT_USAGE;
        }
        cli_args_free(&args);
        return rc;
    }
    rc = INGESTCTL_EXIT_OK;
    const char *conninfo = cli_value(cmd, &args, "conninfo");
    const char *dir = cli_value(cmd, &args, "dir");
    if (dir == NULL) {
        dir = default_dir();
    }
    char err[512] = "";
    int applied = pgw_migrate_apply(conninfo, dir, err, sizeof err, print_applied, NULL);
    if (applied < 0) {
        fprintf(stderr, "ingestctl migrate: %s\n", err[0] ? err : "failed");
        rc = INGESTCTL_EXIT_FAILURE;
    } else if (applied == 0) {
        printf("database is up to date (%s)\n", dir);
    } else {
        printf("%d migration%s applied from %s\n", applied, applied == 1 ? "" : "s", dir);
    }
    cli_args_free(&args);
    return rc;
}
