/* Unit tests for common/config: precedence, every type's parsing and bounds, sources named in
 * errors, unknown keys, pass-through, masking, help and the effective dump. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

struct settings {
    char *brokers;
    char *conninfo;
    char *topic_raw;
    char *group_id;
    char *http_addr;
    int log_level;
    int64_t max_message_bytes;
    int64_t commit_interval_ms;
    int64_t workers;
    bool check_config;
    bool tls;
    char *token;
};

static const char *const levels[] = {"debug", "info", "warn", "error", NULL};

static int check_no_space(const void *field, char *err, size_t errlen)
{
    const char *value = *(char *const *)field;
    if (strchr(value, ' ')) {
        snprintf(err, errlen, "must not contain spaces");
        return -EINVAL;
    }
    return 0;
}

static const struct config_option options[] = {
    CONFIG_OPT_STRING("kafka.brokers", struct settings, brokers, "127.0.0.1:9092", 0,
                      "Kafka bootstrap servers."),
    CONFIG_OPT_STRING("pg.conninfo", struct settings, conninfo,
                      "host=127.0.0.1 port=55432 dbname=newsingest user=ingest password=ingest",
                      CONFIG_MASK_PASSWORD, "PostgreSQL connection string."),
    CONFIG_OPT_STRING("topic.raw", struct settings, topic_raw, "articles.raw", CONFIG_REQUIRED,
                      "Topic of raw submissions."),
    {"group.id", CONFIG_STRING, offsetof(struct settings, group_id), "ingestd", 0, 0, NULL, 0,
     "Consumer group.", check_no_space},
    CONFIG_OPT_STRING("http.addr", struct settings, http_addr, "127.0.0.1:8080", 0,
                      "Address of the HTTP endpoint."),
    CONFIG_OPT_ENUM("log.level", struct settings, log_level, "info", levels, 0, "Log level."),
    CONFIG_OPT_SIZE("max.message.bytes", struct settings, max_message_bytes, "1MiB", 1024,
                    64 * 1024 * 1024, 0, "Largest raw message."),
    CONFIG_OPT_DURATION("commit.interval", struct settings, commit_interval_ms, "5s", 100,
                        60 * 60 * 1000, 0, "Offset commit interval."),
    CONFIG_OPT_INT("workers", struct settings, workers, "2", 1, 64, 0, "Enrichment threads."),
    CONFIG_OPT_BOOL("check-config", struct settings, check_config, NULL, CONFIG_CLI_ONLY,
                    "Print the effective configuration and exit."),
    CONFIG_OPT_BOOL("tls", struct settings, tls, "false", 0, "Use TLS."),
    {"api.token", CONFIG_STRING, offsetof(struct settings, token), "", 0, 0, NULL, CONFIG_SECRET,
     "API token.", check_no_space},
    CONFIG_OPTION_END,
};

static const char *const passthrough[] = {"kafka.", NULL};
static const char *const ignored[] = {"INGEST_SOURCE_DIR", NULL};

static const struct config_spec spec = {
    .program = "ingestd",
    .options = options,
    .env_prefix = "INGEST_",
    .passthrough_prefixes = passthrough,
    .env_ignore = ignored,
    .allow_positional = false,
};

struct fixture {
    struct settings s;
    struct config *cfg;
    char err[512];
    char path[64];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    assert_int_equal(config_create(&spec, &f->s, &f->cfg, f->err, sizeof(f->err)), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    config_destroy(f->cfg);
    if (f->path[0]) {
        unlink(f->path);
    }
    free(f);
    return 0;
}

static const char *write_file(struct fixture *f, const char *text)
{
    snprintf(f->path, sizeof(f->path), "/tmp/test_config_XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return f->path;
}

static char *capture(void (*print)(const struct config *, FILE *), const struct config *cfg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    print(cfg, out);
    fclose(out);
    return text;
}

static void test_defaults(void **state)
{
    struct fixture *f = *state;
    assert_string_equal(f->s.brokers, "127.0.0.1:9092");
    assert_string_equal(f->s.topic_raw, "articles.raw");
    assert_int_equal(f->s.log_level, 1);
    assert_int_equal(f->s.max_message_bytes, 1048576);
    assert_int_equal(f->s.commit_interval_ms, 5000);
    assert_int_equal(f->s.workers, 2);
    assert_false(f->s.check_config);
    assert_string_equal(f->s.token, "");
    enum config_source source = CONFIG_SOURCE_FLAG;
    assert_string_equal(config_origin(f->cfg, "kafka.brokers", &source), "default");
    assert_int_equal(source, CONFIG_SOURCE_DEFAULT);
    assert_null(config_origin(f->cfg, "nope", &source));
}

static void test_env_names_are_the_team_contract(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"kafka.brokers", "INGEST_KAFKA_BROKERS"},
        {"pg.conninfo", "INGEST_PG_CONNINFO"},
        {"topic.raw", "INGEST_TOPIC_RAW"},
        {"topic.enriched", "INGEST_TOPIC_ENRICHED"},
        {"topic.dlq", "INGEST_TOPIC_DLQ"},
        {"group.id", "INGEST_GROUP_ID"},
        {"http.addr", "INGEST_HTTP_ADDR"},
        {"log.level", "INGEST_LOG_LEVEL"},
        {"max.message.bytes", "INGEST_MAX_MESSAGE_BYTES"},
        {"check-config", "INGEST_CHECK_CONFIG"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        assert_int_equal(config_env_name("INGEST_", pairs[i][0], buf, sizeof(buf)), 0);
        assert_string_equal(buf, pairs[i][1]);
    }
    assert_int_equal(config_env_name(NULL, "kafka.brokers", buf, sizeof(buf)), 0);
    assert_string_equal(buf, "INGEST_KAFKA_BROKERS");
    assert_int_equal(config_env_name("INGEST_", "kafka.brokers", buf, 10), -ENOSPC);
}

static void test_precedence(void **state)
{
    struct fixture *f = *state;
    const char *path = write_file(f, "kafka.brokers = file:1\n"
                                     "topic.raw = file.raw\n"
                                     "group.id = file-group\n"
                                     "workers = 3\n");
    char config_env[128];
    snprintf(config_env, sizeof(config_env), "INGEST_CONFIG=%s", path);
    char *envp[] = {config_env, "INGEST_KAFKA_BROKERS=env:1", "INGEST_TOPIC_RAW=env.raw",
                    "PATH=/usr/bin", NULL};
    char *argv[] = {"ingestd", "--kafka.brokers=flag:1", NULL};
    assert_int_equal(config_load(f->cfg, 2, argv, envp, f->err, sizeof(f->err)), 0);
    /* flag > env > file > default, each one visible in the origin. */
    assert_string_equal(f->s.brokers, "flag:1");
    assert_string_equal(config_origin(f->cfg, "kafka.brokers", NULL), "flag --kafka.brokers");
    assert_string_equal(f->s.topic_raw, "env.raw");
    assert_string_equal(config_origin(f->cfg, "topic.raw", NULL), "env INGEST_TOPIC_RAW");
    assert_string_equal(f->s.group_id, "file-group");
    char where[128];
    snprintf(where, sizeof(where), "file %s line 3", path);
    assert_string_equal(config_origin(f->cfg, "group.id", NULL), where);
    assert_int_equal(f->s.workers, 3);
    assert_string_equal(f->s.http_addr, "127.0.0.1:8080");
    assert_string_equal(config_origin(f->cfg, "http.addr", NULL), "default");
    assert_string_equal(config_file_path(f->cfg), path);

    /* --config on the command line wins over INGEST_CONFIG. */
    struct settings s2;
    struct config *cfg2;
    assert_int_equal(config_create(&spec, &s2, &cfg2, f->err, sizeof(f->err)), 0);
    char *envp2[] = {"INGEST_CONFIG=/nonexistent/file.conf", NULL};
    char *argv2[] = {"ingestd", "--config", (char *)path, NULL};
    assert_int_equal(config_load(cfg2, 3, argv2, envp2, f->err, sizeof(f->err)), 0);
    assert_string_equal(s2.brokers, "file:1");
    config_destroy(cfg2);
}

static void test_flag_spellings(void **state)
{
    struct fixture *f = *state;
    char *argv[] = {"ingestd",     "--kafka-brokers", "b:1",
                    "--topic.raw", "t.raw",           "--tls",
                    "--workers=7", "--check-config",  "--log-level=debug",
                    NULL};
    assert_int_equal(config_load_args(f->cfg, 9, argv, f->err, sizeof(f->err)), 0);
    assert_string_equal(f->s.brokers, "b:1");
    assert_string_equal(config_origin(f->cfg, "kafka.brokers", NULL), "flag --kafka-brokers");
    assert_string_equal(f->s.topic_raw, "t.raw");
    assert_true(f->s.tls);
    assert_int_equal(f->s.workers, 7);
    assert_true(f->s.check_config);
    assert_int_equal(f->s.log_level, 0);

    char *argv_false[] = {"ingestd", "--tls=false", NULL};
    assert_int_equal(config_load_args(f->cfg, 2, argv_false, f->err, sizeof(f->err)), 0);
    assert_false(f->s.tls);

    /* A bool never takes the next word as its value. */
    char *argv_word[] = {"ingestd", "--tls", "false", NULL};
    assert_int_equal(config_load_args(f->cfg, 3, argv_word, f->err, sizeof(f->err)), -EINVAL);
    assert_string_equal(f->err, "unexpected argument \"false\"");

    char *argv_missing[] = {"ingestd", "--kafka.brokers", NULL};
    assert_int_equal(config_load_args(f->cfg, 2, argv_missing, f->err, sizeof(f->err)), -EINVAL);
    assert_string_equal(f->err, "flag --kafka.brokers needs a value");

    char *argv_missing2[] = {"ingestd", "--kafka.brokers", "--tls", NULL};
    assert_int_equal(config_load_args(f->cfg, 3, argv_missing2, f->err, sizeof(f->err)), -EINVAL);
    assert_string_equal(f->err, "flag --kafka.brokers needs a value");

    char *argv_short[] = {"ingestd", "-v", NULL};
    assert_int_equal(config_load_args(f->cfg, 2, argv_short, f->err, sizeof(f->err)), -EINVAL);
    assert_string_equal(f->err, "unknown flag -v (flags are spelled --name or --name=value)");

    assert_true(config_args_has_flag(3, (char *[]){"x", "--help", "y", NULL}, "help"));
    assert_true(config_args_has_flag(2, (char *[]){"x", "--help=1", NULL}, "help"));
    assert_false(config_args_has_flag(3, (char *[]){"x", "--", "--help", NULL}, "help"));
    assert_false(config_args_has_flag(2, (char *[]){"x", "--helpme", NULL}, "help"));
}

static void test_positional(void **state)
{
    (void)state;
    struct config_spec with_args = spec;
    with_args.allow_positional = true;
    struct settings s;
    struct config *cfg;
    char err[256];
    assert_int_equal(config_create(&with_args, &s, &cfg, err, sizeof(err)), 0);
    char *argv[] = {"ingestctl", "publish", "--topic.raw", "x", "a.json", "-", "--", "--tls", NULL};
    assert_int_equal(config_load_args(cfg, 8, argv, err, sizeof(err)), 0);
    int count = 0;
    char *const *args = config_positional(cfg, &count);
    assert_int_equal(count, 4);
    assert_string_equal(args[0], "publish");
    assert_string_equal(args[1], "a.json");
    assert_string_equal(args[2], "-");
    assert_string_equal(args[3], "--tls");
    assert_false(s.tls);
    config_destroy(cfg);
}

struct value_case {
    const char *key;
    const char *text;
    int rc;
    int64_t expect;      /* for numeric options */
    const char *message; /* exact error, origin "flag --KEY" */
};

static void test_numeric_values(void **state)
{
    struct fixture *f = *state;
    static const struct value_case cases[] = {
        {"max.message.bytes", "2048", 0, 2048, NULL},
        {"max.message.bytes", "1k", 0, 1024, NULL},
        {"max.message.bytes", "1KiB", 0, 1024, NULL},
        {"max.message.bytes", "3 KiB", 0, 3072, NULL},
        {"max.message.bytes", "2MiB", 0, 2097152, NULL},
        {"max.message.bytes", "2M", 0, 2097152, NULL},
        {"max.message.bytes", "2mib", 0, 2097152, NULL},
        {"max.message.bytes", "4096B", 0, 4096, NULL},
        {"max.message.bytes", "64MiB", 0, 67108864, NULL},
        {"max.message.bytes", "1G", -ERANGE, 0,
         "flag --max.message.bytes: max.message.bytes: \"1G\" is out of range: must be 1 KiB to "
         "64 MiB"},
        {"max.message.bytes", "1023", -ERANGE, 0,
         "flag --max.message.bytes: max.message.bytes: \"1023\" is out of range: must be 1 KiB "
         "to 64 MiB"},
        {"max.message.bytes", "10MB", -EINVAL, 0,
         "flag --max.message.bytes: max.message.bytes: \"10MB\": unit MB is ambiguous; use KiB, "
         "MiB or GiB (powers of 1024)"},
        {"max.message.bytes", "1.5MiB", -EINVAL, 0,
         "flag --max.message.bytes: max.message.bytes: \"1.5MiB\" is not a size (a whole number "
         "of bytes, optionally with B, KiB, MiB, GiB or k, M, G)"},
        {"max.message.bytes", "-1", -EINVAL, 0, NULL},
        {"max.message.bytes", "", -EINVAL, 0, NULL},
        {"max.message.bytes", "99999999999999999999", -ERANGE, 0,
         "flag --max.message.bytes: max.message.bytes: \"99999999999999999999\" is out of range"},
        {"max.message.bytes", "9007199254740993T", -ERANGE, 0, NULL},
        {"commit.interval", "250", 0, 250, NULL},
        {"commit.interval", "250ms", 0, 250, NULL},
        {"commit.interval", "2s", 0, 2000, NULL},
        {"commit.interval", "3m", 0, 180000, NULL},
        {"commit.interval", "1h", 0, 3600000, NULL},
        {"commit.interval", "2h", -ERANGE, 0,
         "flag --commit.interval: commit.interval: \"2h\" is out of range: must be 100 ms to 1 h"},
        {"commit.interval", "5sec", -EINVAL, 0,
         "flag --commit.interval: commit.interval: \"5sec\" is not a duration (a whole number "
         "with ms, s, m or h; a bare number is milliseconds)"},
        {"commit.interval", "5S", -EINVAL, 0, NULL},
        {"workers", "64", 0, 64, NULL},
        {"workers", "+5", 0, 5, NULL},
        {"workers", "0", -ERANGE, 0,
         "flag --workers: workers: \"0\" is out of range: must be 1 to 64"},
        {"workers", "-3", -ERANGE, 0, NULL},
        {"workers", "4x", -EINVAL, 0, "flag --workers: workers: \"4x\" is not an integer"},
        {"workers", " 4", -EINVAL, 0, NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct value_case *c = &cases[i];
        char origin[64];
        snprintf(origin, sizeof(origin), "flag --%s", c->key);
        f->s.max_message_bytes = -7;
        f->s.commit_interval_ms = -7;
        f->s.workers = -7;
        f->err[0] = '\0';
        int rc =
            config_set(f->cfg, c->key, c->text, CONFIG_SOURCE_FLAG, origin, f->err, sizeof(f->err));
        if (rc != c->rc) {
            fail_msg("%s=\"%s\": rc %d, expected %d (%s)", c->key, c->text, rc, c->rc, f->err);
        }
        int64_t got = strcmp(c->key, "workers") == 0           ? f->s.workers
                      : strcmp(c->key, "commit.interval") == 0 ? f->s.commit_interval_ms
                                                               : f->s.max_message_bytes;
        /* A rejected value leaves the field as it was. */
        assert_int_equal(got, c->rc == 0 ? c->expect : -7);
        if (c->message) {
            assert_string_equal(f->err, c->message);
        } else if (c->rc != 0) {
            assert_true(strncmp(f->err, origin, strlen(origin)) == 0);
        }
    }
}

static void test_bool_enum_string_values(void **state)
{
    struct fixture *f = *state;
    static const char *const truthy[] = {"true", "TRUE", "yes", "on", "1", "On"};
    static const char *const falsy[] = {"false", "no", "off", "0", "NO"};
    for (size_t i = 0; i < sizeof(truthy) / sizeof(truthy[0]); i++) {
        f->s.tls = false;
        assert_int_equal(config_set(f->cfg, "tls", truthy[i], CONFIG_SOURCE_ENV, "env INGEST_TLS",
                                    f->err, sizeof(f->err)),
                         0);
        assert_true(f->s.tls);
    }
    for (size_t i = 0; i < sizeof(falsy) / sizeof(falsy[0]); i++) {
        f->s.tls = true;
        assert_int_equal(config_set(f->cfg, "tls", falsy[i], CONFIG_SOURCE_ENV, "env INGEST_TLS",
                                    f->err, sizeof(f->err)),
                         0);
        assert_false(f->s.tls);
    }
    assert_int_equal(config_set(f->cfg, "tls", "maybe", CONFIG_SOURCE_ENV, "env INGEST_TLS", f->err,
                                sizeof(f->err)),
                     -EINVAL);
    assert_string_equal(f->err, "env INGEST_TLS: tls: \"maybe\" is not a boolean (true/false, "
                                "yes/no, on/off, 1/0)");

    assert_int_equal(config_set(f->cfg, "log.level", "warn", CONFIG_SOURCE_ENV,
                                "env INGEST_LOG_LEVEL", f->err, sizeof(f->err)),
                     0);
    assert_int_equal(f->s.log_level, 2);
    assert_int_equal(config_set(f->cfg, "log.level", "verbose", CONFIG_SOURCE_ENV,
                                "env INGEST_LOG_LEVEL", f->err, sizeof(f->err)),
                     -EINVAL);
    assert_string_equal(f->err, "env INGEST_LOG_LEVEL: log.level: \"verbose\" is not one of: "
                                "debug, info, warn, error");
    assert_int_equal(f->s.log_level, 2);

    /* The custom check runs and its reason is reported with the key. */
    assert_int_equal(config_set(f->cfg, "group.id", "a b", CONFIG_SOURCE_FLAG, "flag --group.id",
                                f->err, sizeof(f->err)),
                     -EINVAL);
    assert_string_equal(f->err, "flag --group.id: group.id: must not contain spaces");
    assert_string_equal(f->s.group_id, "ingestd");
}

static void test_file_syntax(void **state)
{
    struct fixture *f = *state;
    const char *text = "# comment line\n"
                       "\n"
                       "   kafka.brokers   =   h1:9092,h2:9092   \r\n"
                       "group.id = g1   # trailing comment\n"
                       "topic.raw = \"raw # not a comment \\\"quoted\\\"\"  # comment\n"
                       "http.addr=127.0.0.1:9999\n"
                       "api.token = \"\"\n";
    assert_int_equal(config_load_string(f->cfg, text, "app.conf", f->err, sizeof(f->err)), 0);
    assert_string_equal(f->s.brokers, "h1:9092,h2:9092");
    assert_string_equal(f->s.group_id, "g1");
    assert_string_equal(f->s.topic_raw, "raw # not a comment \"quoted\"");
    assert_string_equal(f->s.http_addr, "127.0.0.1:9999");
    assert_string_equal(config_origin(f->cfg, "http.addr", NULL), "file app.conf line 6");

    static const char *const bad[][2] = {
        {"kafka.brokers\n", "file app.conf line 1: expected \"key = value\""},
        {"\n = x\n", "file app.conf line 2: missing key before '='"},
        {"topic.raw = \"open\n", "file app.conf line 1: topic.raw: missing closing quote"},
        {"topic.raw = \"a\" b\n", "file app.conf line 1: topic.raw: text after the closing quote"},
        {"workers = 2\nworkers = 3\n", "file app.conf line 2: workers already set on line 1"},
        {"kafak.brokers = x\n",
         "file app.conf line 1: unknown key \"kafak.brokers\" (did you mean kafka.brokers?)"},
        {"# ok\nfrobnicate = 1\n", "file app.conf line 2: unknown key \"frobnicate\""},
        {"check-config = true\n",
         "file app.conf line 1: check-config can only be given on the command line"},
        {"workers = many\n", "file app.conf line 1: workers: \"many\" is not an integer"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(config_load_string(f->cfg, bad[i][0], "app.conf", f->err, sizeof(f->err)),
                         -EINVAL);
        assert_string_equal(f->err, bad[i][1]);
    }
}

static void test_file_errors(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(config_load_file(f->cfg, "/nonexistent/ingest.conf", f->err, sizeof(f->err)),
                     -ENOENT);
    assert_string_equal(f->err, "config file /nonexistent/ingest.conf: No such file or directory");
    assert_int_equal(config_load_file(f->cfg, "/tmp", f->err, sizeof(f->err)), -EINVAL);
    assert_string_equal(f->err, "config file /tmp: not a regular file under 1 MiB");

    snprintf(f->path, sizeof(f->path), "/tmp/test_config_XXXXXX");
    int fd = mkstemp(f->path);
    assert_int_equal(write(fd, "workers = 2\n\0x", 14), 14);
    close(fd);
    assert_int_equal(config_load_file(f->cfg, f->path, f->err, sizeof(f->err)), -EINVAL);
    char expect[128];
    snprintf(expect, sizeof(expect), "config file %s: contains a NUL byte", f->path);
    assert_string_equal(f->err, expect);

    char *argv[] = {"ingestd", "--config", NULL};
    assert_int_equal(config_load(f->cfg, 2, argv, (char *[]){NULL}, f->err, sizeof(f->err)),
                     -EINVAL);
    assert_string_equal(f->err, "flag --config needs a file name");
}

static void test_unknown_keys(void **state)
{
    struct fixture *f = *state;
    char *argv[] = {"ingestd", "--kafka.brokrs=x", NULL};
    assert_int_equal(config_load_args(f->cfg, 2, argv, f->err, sizeof(f->err)), -EINVAL);
    assert_string_equal(f->err, "flag --kafka.brokrs: unknown key \"kafka.brokrs\" (did you mean "
                                "kafka.brokers? other kafka.* keys are passed through)");
    char *argv1[] = {"ingestd", "--workrs=3", NULL};
    assert_int_equal(config_load_args(f->cfg, 2, argv1, f->err, sizeof(f->err)), -EINVAL);
    assert_string_equal(f->err, "unknown flag --workrs (did you mean --workers?)");
    char *argv2[] = {"ingestd", "--frobnicate", NULL};
    assert_int_equal(config_load_args(f->cfg, 2, argv2, f->err, sizeof(f->err)), -EINVAL);
    assert_string_equal(f->err, "unknown flag --frobnicate (see --help)");

    /* Unknown INGEST_* variables are warnings, never fatal; ignored names are silent. */
    char *envp[] = {"INGEST_RAW_PARTITIONS=6", "INGEST_KAFKA_BROKER=x",
                    "INGEST_SOURCE_DIR=/src",  "INGEST_KAFKA_SECURITY_PROTOCOL=SSL",
                    "INGEST_CHECK_CONFIG=1",   "INGEST_WORKERS=",
                    "OTHER_THING=1",           NULL};
    int rc = config_load_env(f->cfg, envp, f->err, sizeof(f->err));
    if (rc != 0) {
        fail_msg("config_load_env: %d %s", rc, f->err);
    }
    size_t count = 0;
    const char *const *warnings = config_warnings(f->cfg, &count);
    assert_int_equal(count, 4);
    assert_string_equal(warnings[0], "unknown environment variable INGEST_RAW_PARTITIONS ignored");
    assert_string_equal(warnings[1], "unknown environment variable INGEST_KAFKA_BROKER ignored "
                                     "(did you mean INGEST_KAFKA_BROKERS?)");
    assert_string_equal(
        warnings[2], "unknown environment variable INGEST_KAFKA_SECURITY_PROTOCOL ignored (for a "
                     "kafka.* pass-through setting write INGEST_KAFKA__...)");
    assert_string_equal(warnings[3], "unknown environment variable INGEST_CHECK_CONFIG ignored");
    /* An empty value means unset. */
    assert_int_equal(f->s.workers, 2);
    size_t pass_count = 5;
    config_passthrough(f->cfg, &pass_count);
    assert_int_equal(pass_count, 0);

    /* A bad value in a known variable is fatal and names the variable. */
    char *envp_bad[] = {"INGEST_MAX_MESSAGE_BYTES=lots", NULL};
    assert_int_equal(config_load_env(f->cfg, envp_bad, f->err, sizeof(f->err)), -EINVAL);
    assert_string_equal(f->err, "env INGEST_MAX_MESSAGE_BYTES: max.message.bytes: \"lots\" is not "
                                "a size (a whole number of bytes, optionally with B, KiB, MiB, "
                                "GiB or k, M, G)");
}

static void test_passthrough(void **state)
{
    struct fixture *f = *state;
    const char *path = write_file(f, "kafka.security.protocol = SASL_SSL\n"
                                     "kafka.sasl.mechanism = PLAIN\n"
                                     "kafka.sasl.password = file-secret\n");
    char *envp[] = {"INGEST_KAFKA__SASL_MECHANISM=SCRAM-SHA-512", "INGEST_KAFKA__SASL_USERNAME=svc",
                    NULL};
    char *argv[] = {"ingestd",    "--config",
                    (char *)path, "--kafka.ssl.key.password",
                    "kp",         "--kafka-linger-ms=5",
                    NULL};
    assert_int_equal(config_load(f->cfg, 6, argv, envp, f->err, sizeof(f->err)), 0);
    size_t count = 0;
    const struct config_passthrough *pass = config_passthrough(f->cfg, &count);
    assert_int_equal(count, 6);
    static const char *const expect[][4] = {
        {"security.protocol", "SASL_SSL", "file", "line 1"},
        {"sasl.mechanism", "SCRAM-SHA-512", "env", "env INGEST_KAFKA__SASL_MECHANISM"},
        {"sasl.password", "file-secret", "file", "line 3"},
        {"sasl.username", "svc", "env", "env INGEST_KAFKA__SASL_USERNAME"},
        {"ssl.key.password", "kp", "flag", "flag --kafka.ssl.key.password"},
        {"linger.ms", "5", "flag", "flag --kafka-linger-ms"},
    };
    for (size_t i = 0; i < count; i++) {
        assert_string_equal(pass[i].prefix, "kafka.");
        assert_string_equal(pass[i].property, expect[i][0]);
        assert_string_equal(pass[i].value, expect[i][1]);
        assert_string_equal(config_source_name(pass[i].source), expect[i][2]);
        assert_non_null(strstr(pass[i].origin, expect[i][3]));
    }
    /* Table keys under the prefix are not pass-through. */
    assert_string_equal(f->s.brokers, "127.0.0.1:9092");

    char *text = capture(config_print_effective, f->cfg);
    assert_non_null(strstr(text, "kafka.security.protocol = SASL_SSL  # file "));
    assert_non_null(strstr(text, "kafka.sasl.password = ********  # file "));
    assert_non_null(strstr(text, "kafka.ssl.key.password = ********  # flag "
                                 "--kafka.ssl.key.password (pass-through)\n"));
    assert_non_null(strstr(text, "kafka.sasl.username = svc  # env INGEST_KAFKA__SASL_USERNAME "
                                 "(pass-through)\n"));
    assert_null(strstr(text, "file-secret"));
    assert_null(strstr(text, "= kp"));
    free(text);

    char *bad_argv[] = {"ingestd", "--kafka.bad/prop=1", NULL};
    assert_int_equal(config_load_args(f->cfg, 2, bad_argv, f->err, sizeof(f->err)), -EINVAL);
    assert_string_equal(f->err, "flag --kafka.bad/prop: bad property name \"bad/prop\"");
}

static void test_masking(void **state)
{
    struct fixture *f = *state;
    char buf[256];
    config_mask_passwords("host=db port=5432 password=hunter2 user=x", buf, sizeof(buf));
    assert_string_equal(buf, "host=db port=5432 password=******** user=x");
    config_mask_passwords("password = 'two words' host=db", buf, sizeof(buf));
    assert_string_equal(buf, "password = ******** host=db");
    config_mask_passwords("postgresql://ingest:s3cret@db:5432/news?sslmode=require", buf,
                          sizeof(buf));
    assert_string_equal(buf, "postgresql://ingest:********@db:5432/news?sslmode=require");
    config_mask_passwords("postgresql://db/news?user=a&password=p&sslmode=disable", buf,
                          sizeof(buf));
    assert_string_equal(buf, "postgresql://db/news?user=a&password=********&sslmode=disable");
    config_mask_passwords("host=db passwordless=1", buf, sizeof(buf));
    assert_string_equal(buf, "host=db passwordless=1");
    config_mask_passwords("host=db mypassword=1", buf, sizeof(buf));
    assert_string_equal(buf, "host=db mypassword=1");

    assert_int_equal(config_set(f->cfg, "api.token", "tok-123", CONFIG_SOURCE_ENV,
                                "env INGEST_API_TOKEN", f->err, sizeof(f->err)),
                     0);
    assert_int_equal(config_format_value(f->cfg, "api.token", true, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "********");
    assert_int_equal(config_format_value(f->cfg, "api.token", false, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "tok-123");
    assert_int_equal(config_format_value(f->cfg, "pg.conninfo", true, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "host=127.0.0.1 port=55432 dbname=newsingest user=ingest "
                             "password=********");
    assert_int_equal(config_format_value(f->cfg, "max.message.bytes", true, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "1MiB");
    assert_int_equal(config_format_value(f->cfg, "commit.interval", true, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "5s");
    assert_int_equal(config_format_value(f->cfg, "kafka.brokers", true, buf, 5), -ENOSPC);
    assert_string_equal(buf, "127.");
    assert_int_equal(config_format_value(f->cfg, "nope", true, buf, sizeof(buf)), -ENOENT);

    char *text = capture(config_print_effective, f->cfg);
    assert_non_null(strstr(text, "api.token = ********  # env INGEST_API_TOKEN\n"));
    assert_null(strstr(text, "tok-123"));
    assert_null(strstr(text, "password=ingest"));
    free(text);

    /* An invalid secret is rejected without echoing it. */
    assert_int_equal(config_set(f->cfg, "api.token", "tok 456", CONFIG_SOURCE_ENV,
                                "env INGEST_API_TOKEN", f->err, sizeof(f->err)),
                     -EINVAL);
    assert_string_equal(f->err, "env INGEST_API_TOKEN: api.token: invalid value (not shown: "
                                "secret)");
    assert_int_equal(config_format_value(f->cfg, "api.token", false, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "tok-123");
}

static void test_effective_round_trip(void **state)
{
    struct fixture *f = *state;
    const char *text = "topic.raw = \" spaced # raw \"\n"
                       "group.id = grp\n"
                       "max.message.bytes = 1536\n"
                       "commit.interval = 90s\n"
                       "tls = on\n"
                       "log.level = error\n";
    assert_int_equal(config_load_string(f->cfg, text, "in.conf", f->err, sizeof(f->err)), 0);
    char *dump = capture(config_print_effective, f->cfg);
    assert_non_null(strstr(dump, "topic.raw = \" spaced # raw \"  # file in.conf line 1\n"));
    assert_non_null(strstr(dump, "max.message.bytes = 1536B  # file in.conf line 3\n"));
    assert_non_null(strstr(dump, "commit.interval = 90s  # file in.conf line 4\n"));
    assert_non_null(strstr(dump, "kafka.brokers = 127.0.0.1:9092  # default\n"));
    assert_null(strstr(dump, "check-config"));

    /* The dump reads back to the same values (secrets aside). */
    struct settings s2;
    struct config *cfg2;
    assert_int_equal(config_create(&spec, &s2, &cfg2, f->err, sizeof(f->err)), 0);
    assert_int_equal(config_load_string(cfg2, dump, "dump", f->err, sizeof(f->err)), 0);
    assert_string_equal(s2.topic_raw, " spaced # raw ");
    assert_string_equal(s2.group_id, "grp");
    assert_int_equal(s2.max_message_bytes, 1536);
    assert_int_equal(s2.commit_interval_ms, 90000);
    assert_true(s2.tls);
    assert_int_equal(s2.log_level, 3);
    config_destroy(cfg2);
    free(dump);
}

static void test_help_lists_every_option(void **state)
{
    struct fixture *f = *state;
    char *help = capture(config_print_help, f->cfg);
    char env[64];
    for (const struct config_option *opt = options; opt->name; opt++) {
        char flag[80];
        snprintf(flag, sizeof(flag), "--%s", opt->name);
        if (!strstr(help, flag)) {
            fail_msg("help misses %s:\n%s", flag, help);
        }
        assert_non_null(strstr(help, opt->help));
        config_env_name("INGEST_", opt->name, env, sizeof(env));
        if (opt->flags & CONFIG_CLI_ONLY) {
            assert_null(strstr(help, env));
        } else {
            assert_non_null(strstr(help, env));
        }
    }
    assert_non_null(strstr(help, "Usage: ingestd [OPTIONS]\n"));
    assert_non_null(strstr(help, "--max.message.bytes=SIZE"));
    assert_non_null(strstr(help, "Largest raw message. Default: 1MiB. Range: 1 KiB to 64 MiB. "
                                 "(size)\n"));
    assert_non_null(strstr(help, "Offset commit interval. Default: 5s. Range: 100 ms to 1 h. "
                                 "(duration)\n"));
    assert_non_null(strstr(help, "Enrichment threads. Default: 2. Range: 1 to 64. (integer)\n"));
    assert_non_null(strstr(help, "--log.level=debug|info|warn|error"));
    assert_non_null(strstr(help, "password=********"));
    assert_null(strstr(help, "password=ingest"));
    assert_non_null(strstr(help, "--config=FILE"));
    assert_non_null(strstr(help, "INGEST_CONFIG"));
    assert_non_null(strstr(help, "INGEST_KAFKA__<PROPERTY"));
    free(help);
}

static void test_required(void **state)
{
    struct fixture *f = *state;
    char *envp[] = {"INGEST_TOPIC_RAW=x", NULL};
    char *argv[] = {"ingestd", "--topic.raw=", NULL};
    assert_int_equal(config_load(f->cfg, 2, argv, envp, f->err, sizeof(f->err)), -EINVAL);
    assert_string_equal(f->err, "topic.raw is required: set --topic.raw, INGEST_TOPIC_RAW or "
                                "\"topic.raw = ...\" in the config file");
}

struct bad_table_case {
    struct config_option options[3];
    const char *message;
};

struct one_int {
    int64_t a;
    int64_t b;
};

static void test_table_errors(void **state)
{
    (void)state;
    static const struct bad_table_case cases[] = {
        {{CONFIG_OPT_INT("Bad.Name", struct one_int, a, "1", 0, 0, 0, "h"), CONFIG_OPTION_END},
         "config table: bad option name \"Bad.Name\""},
        {{CONFIG_OPT_INT("a..b", struct one_int, a, "1", 0, 0, 0, "h"), CONFIG_OPTION_END},
         "config table: bad option name \"a..b\""},
        {{CONFIG_OPT_INT("a.b", struct one_int, a, "1", 0, 0, 0, "h"),
          CONFIG_OPT_INT("a-b", struct one_int, b, "1", 0, 0, 0, "h"), CONFIG_OPTION_END},
         "config table: a.b and a-b share environment variable INGEST_A_B"},
        {{CONFIG_OPT_INT("a", struct one_int, a, "100", 1, 10, 0, "h"), CONFIG_OPTION_END},
         "config table: default of a: \"100\" is out of range: must be 1 to 10"},
        {{CONFIG_OPT_INT("a", struct one_int, a, "1", 10, 1, 0, "h"), CONFIG_OPTION_END},
         "config table: a has min > max"},
        {{CONFIG_OPT_INT("config", struct one_int, a, "1", 0, 0, 0, "h"), CONFIG_OPTION_END},
         "config table: \"config\" is reserved for --config FILE"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct config_spec bad = {.program = "t", .options = cases[i].options};
        struct one_int s;
        struct config *cfg = NULL;
        char err[256];
        assert_int_equal(config_create(&bad, &s, &cfg, err, sizeof(err)), -EINVAL);
        assert_null(cfg);
        assert_string_equal(err, cases[i].message);
    }
}

static void test_destroy_clears_strings(void **state)
{
    (void)state;
    struct settings s;
    struct config *cfg;
    char err[128];
    assert_int_equal(config_create(&spec, &s, &cfg, err, sizeof(err)), 0);
    assert_non_null(s.brokers);
    config_destroy(cfg);
    assert_null(s.brokers);
    assert_null(s.conninfo);
    config_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
        cmocka_unit_test(test_env_names_are_the_team_contract),
        cmocka_unit_test_setup_teardown(test_precedence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flag_spellings, setup, teardown),
        cmocka_unit_test(test_positional),
        cmocka_unit_test_setup_teardown(test_numeric_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bool_enum_string_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_syntax, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_passthrough, setup, teardown),
        cmocka_unit_test_setup_teardown(test_masking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_effective_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_help_lists_every_option, setup, teardown),
        cmocka_unit_test_setup_teardown(test_required, setup, teardown),
        cmocka_unit_test(test_table_errors),
        cmocka_unit_test(test_destroy_clears_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
