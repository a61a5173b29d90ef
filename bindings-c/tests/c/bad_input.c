/*
 * Bad input through the C interface: null and freed handles, null pointers, text that is not
 * UTF-8, JSON of the wrong shape, 100 MB of text, a panic inside the library, and one session
 * used (and freed) by several threads at once. Each call gets its error, with code and messages,
 * and the session's state stays as it was.
 *
 *   bad_input ROOT [MEGABYTES]      (prints TAP; MEGABYTES of the large inputs, 100 by default)
 */
#include "kooperacje.h"
#include "support.h"

#include <pthread.h>

static const char *root;

/* Whether a call failed with this code (the error is freed). The error is read through its
 * address, after the call: an argument `e` would be read in an unspecified order with the call. */
static int failed_with(KooperacjeStatus status, KooperacjeError **place, const char *code) {
    KooperacjeError *error = *place;
    *place = NULL;
    int ok = status == KOOPERACJE_STATUS_ERROR && error != NULL && strcmp(error->code, code) == 0 &&
             error->message[0] != '\0' && error->message_pl[0] != '\0' &&
             strcmp(error->message, error->message_pl) != 0;
    if (!ok) {
        printf("# expected %s, got status %d and %s: %s\n", code, (int)status,
               error ? error->code : "no error", error ? error->message : "");
    }
    kooperacje_error_free(error);
    return ok;
}

static char *state_of(KooperacjeSession s) {
    char *json = NULL;
    if (kooperacje_session_state(s, &json, NULL) != KOOPERACJE_STATUS_OK) return NULL;
    return json;
}

/* A session with the quick start's PZK (tests/quickstart/pzk.jsonl). */
static KooperacjeSession operating(void) {
    char path[4096];
    size_t len = 0, count = 0;
    KooperacjeSession s = 0;
    snprintf(path, sizeof path, "%s/tests/quickstart/pzk.jsonl", root);
    char *jsonl = read_file(path, &len);
    if (jsonl == NULL || kooperacje_session_new(true, &s, NULL) != KOOPERACJE_STATUS_OK ||
        kooperacje_session_load_jsonl(s, (const uint8_t *)jsonl, len, &count, NULL) != KOOPERACJE_STATUS_OK) {
        printf("# could not load %s\n", path);
        exit(1);
    }
    free(jsonl);
    return s;
}

/* A report_need of a new case: valid in any order, as each is a stream of its own. */
static void need(char *out, size_t size, int n) {
    snprintf(out, size,
             "{\"at\": \"2026-04-01T09:00:00Z\", \"actor\": \"u-0012\", \"command\": {\"type\": \"report_need\", "
             "\"zzk_id\": \"zzk-t-%d\", \"partnership_id\": \"pzk-1\", \"client\": {\"kind\": \"family\", "
             "\"household\": [\"os-t-%d\"], \"group_kind\": null}, \"social_worker\": \"u-0012\"}}",
             n, n);
}

static void handles(void) {
    char *out = NULL, command[1024];
    KooperacjeError *e = NULL;
    KooperacjeSession s = 0;
    need(command, sizeof command, 1);
    tap(failed_with(kooperacje_session_execute(0, command, &out, &e), &e, "INVALID_HANDLE"),
        "the handle 0 is refused", NULL);
    e = NULL;
    tap(failed_with(kooperacje_session_execute(987654321, command, &out, &e), &e, "INVALID_HANDLE"),
        "a handle never made is refused", NULL);
    kooperacje_session_new(true, &s, NULL);
    tap(kooperacje_session_free(s, NULL) == KOOPERACJE_STATUS_OK, "a session is freed", NULL);
    e = NULL;
    tap(failed_with(kooperacje_session_execute(s, command, &out, &e), &e, "INVALID_HANDLE"),
        "a freed handle is refused", NULL);
    e = NULL;
    tap(failed_with(kooperacje_session_free(s, &e), &e, "INVALID_HANDLE"), "a second free is refused", NULL);
    tap(out == NULL, "a refused call leaves its output untouched", NULL);
    /* Freeing nothing is allowed. */
    kooperacje_string_free(NULL);
    kooperacje_error_free(NULL);
    kooperacje_bytes_free(NULL, 0);
    tap(kooperacje_error_json(NULL) == NULL, "the JSON of no error is null", NULL);
}

static void arguments(void) {
    KooperacjeSession s = operating();
    char *before = state_of(s), *out = NULL, command[1024];
    KooperacjeError *e = NULL;
    size_t count = 0;
    need(command, sizeof command, 2);
    tap(failed_with(kooperacje_session_execute(s, NULL, &out, &e), &e, "NULL_ARGUMENT"),
        "a null command is NULL_ARGUMENT", NULL);
    e = NULL;
    tap(failed_with(kooperacje_session_execute(s, command, NULL, &e), &e, "NULL_ARGUMENT"),
        "a null output is NULL_ARGUMENT", NULL);
    e = NULL;
    tap(failed_with(kooperacje_session_load_jsonl(s, NULL, 10, &count, &e), &e, "NULL_ARGUMENT"),
        "null bytes of a length are NULL_ARGUMENT", NULL);
    /* The same command with a byte that is not UTF-8 in a text. */
    char broken[1024];
    strcpy(broken, command);
    *strstr(broken, "os-t-2") = (char)0xC3;
    e = NULL;
    tap(failed_with(kooperacje_session_execute(s, broken, &out, &e), &e, "NOT_UTF8"),
        "a command that is not UTF-8 is NOT_UTF8", NULL);
    e = NULL;
    tap(failed_with(kooperacje_session_execute(s, "{\"at\": 1}", &out, &e), &e, "MALFORMED_JSON"),
        "a command of the wrong shape is MALFORMED_JSON", NULL);
    e = NULL;
    tap(failed_with(kooperacje_session_execute(s, "[]", &out, &e), &e, "MALFORMED_JSON"),
        "an array for a command is MALFORMED_JSON", NULL);
    e = NULL;
    tap(failed_with(kooperacje_session_registry(s, "pzk-1", "2026-13-01", &out, &e), &e, "MALFORMED_JSON"),
        "a day that is no day is MALFORMED_JSON", NULL);
    e = NULL;
    tap(failed_with(kooperacje_session_monitoring(s, "pzk-1", "2026-5", &out, &e), &e, "BAD_PERIOD"),
        "a month that is no month is BAD_PERIOD", NULL);
    e = NULL;
    tap(failed_with(kooperacje_session_zzk(s, "zzk-nikt", &out, &e), &e, "ZZK_NOT_FOUND"),
        "an unknown ZZK is ZZK_NOT_FOUND", NULL);
    /* A batch refused at its third line names it, and applies none of it. */
    char lines[4096];
    size_t before_count = 0, after_count = 0;
    kooperacje_session_event_count(s, &before_count, NULL);
    char *kept = NULL;
    kooperacje_session_events_jsonl(s, &kept, NULL);
    char *second = strchr(kept, '\n') + 1;
    snprintf(lines, sizeof lines, "%.*s\n\n{\"at\": 1}\n", (int)(strchr(second, '\n') - kept), kept);
    e = NULL;
    KooperacjeStatus status = kooperacje_session_load_jsonl(s, (const uint8_t *)lines, strlen(lines), &count, &e);
    int placed = e != NULL && e->index == 2 && e->line == 4;
    char *json = kooperacje_error_json(e);
    int described = json != NULL && strstr(json, "\"code\":\"MALFORMED_JSON\"") && strstr(json, "\"line\":4");
    kooperacje_string_free(json);
    tap(failed_with(status, &e, "MALFORMED_JSON") && placed, "a refused batch names the event's index and line", NULL);
    tap(described, "the error reads as JSON", NULL);
    kooperacje_session_event_count(s, &after_count, NULL);
    kooperacje_string_free(kept);
    char *after = state_of(s);
    tap(before_count == after_count && before != NULL && after != NULL && strcmp(before, after) == 0,
        "nothing of the refused calls changed the session", NULL);
    kooperacje_string_free(before);
    kooperacje_string_free(after);
    kooperacje_session_free(s, NULL);
}

static void large(size_t megabytes) {
    KooperacjeSession s = operating();
    char *before = state_of(s), *out = NULL;
    KooperacjeError *e = NULL;
    size_t size = megabytes * 1024 * 1024, count = 0;
    /* A command whose need is described by a text of that size. */
    char *big = malloc(size + 1);
    const char *head = "{\"at\": \"2026-04-01T09:00:00Z\", \"actor\": \"u-0012\", \"command\": {\"type\": "
                       "\"report_need\", \"zzk_id\": \"";
    size_t head_len = strlen(head);
    memcpy(big, head, head_len);
    memset(big + head_len, 'a', size - head_len);
    big[size] = '\0';
    tap(failed_with(kooperacje_session_execute(s, big, &out, &e), &e, "MALFORMED_JSON"),
        "a command of 100 MB that is cut short is MALFORMED_JSON", NULL);
    /* As JSON lines: the events of the quick start, then 100 MB of one line that is no event. */
    char path[4096];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/tests/quickstart/pzk.jsonl", root);
    char *jsonl = read_file(path, &len);
    char *lines = malloc(len + size + 1);
    memcpy(lines, jsonl, len);
    memset(lines + len, ' ', size);
    lines[len + size - 1] = 'x';
    KooperacjeSession fresh = 0;
    kooperacje_session_new(true, &fresh, NULL);
    e = NULL;
    KooperacjeStatus status = kooperacje_session_load_jsonl(fresh, (const uint8_t *)lines, len + size, &count, &e);
    int placed = e != NULL && e->index == 38 && e->line == 39;
    tap(failed_with(status, &e, "MALFORMED_JSON") && placed, "100 MB of JSON lines with a bad last line: none applied",
        NULL);
    size_t applied = 1;
    kooperacje_session_event_count(fresh, &applied, NULL);
    tap(applied == 0, "the refused load applied nothing", NULL);
    char *after = state_of(s);
    tap(strcmp(before, after) == 0, "the session is unchanged", NULL);
    kooperacje_session_free(fresh, NULL);
    kooperacje_session_free(s, NULL);
    kooperacje_string_free(before);
    kooperacje_string_free(after);
    free(big);
    free(lines);
    free(jsonl);
}

static void panics(void) {
    KooperacjeSession s = operating();
    char *out = NULL;
    KooperacjeError *e = NULL;
    int was = kooperacje_test_arm_panic(true);
    tap(!was && failed_with(kooperacje_session_state(s, &out, &e), &e, "INTERNAL_ERROR"),
        "a panic in the library is INTERNAL_ERROR", NULL);
    tap(kooperacje_session_state(s, &out, NULL) == KOOPERACJE_STATUS_OK, "the next call works", NULL);
    kooperacje_string_free(out);
    kooperacje_session_free(s, NULL);
}

#define THREADS 4
#define PER_THREAD 25

struct worker {
    KooperacjeSession session;
    int first, failures;
};

static void *work(void *arg) {
    struct worker *w = arg;
    char command[1024];
    for (int i = 0; i < PER_THREAD; i++) {
        char *out = NULL;
        need(command, sizeof command, w->first + i);
        if (kooperacje_session_execute(w->session, command, &out, NULL) != KOOPERACJE_STATUS_OK) w->failures++;
        kooperacje_string_free(out);
        out = NULL;
        if (kooperacje_session_registry(w->session, "pzk-1", NULL, &out, NULL) != KOOPERACJE_STATUS_OK) w->failures++;
        kooperacje_string_free(out);
    }
    return NULL;
}

/* Reads until the session is freed under it: every call answers, none crashes. */
static void *read_until_freed(void *arg) {
    struct worker *w = arg;
    for (int i = 0; i < 100000; i++) {
        char *out = NULL;
        KooperacjeError *e = NULL;
        if (kooperacje_session_state(w->session, &out, &e) == KOOPERACJE_STATUS_OK) {
            kooperacje_string_free(out);
        } else {
            w->failures = strcmp(e->code, "INVALID_HANDLE") == 0 ? 0 : 1;
            kooperacje_error_free(e);
            return NULL;
        }
    }
    w->failures = 1;
    return NULL;
}

static void threads(void) {
    KooperacjeSession s = operating();
    size_t before = 0, after = 0;
    kooperacje_session_event_count(s, &before, NULL);
    pthread_t t[THREADS];
    struct worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){s, 100 + i * PER_THREAD, 0};
        pthread_create(&t[i], NULL, work, &w[i]);
    }
    int failures = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        failures += w[i].failures;
    }
    kooperacje_session_event_count(s, &after, NULL);
    char why[128];
    snprintf(why, sizeof why, "%d calls failed; %zu events added", failures, after - before);
    tap(failures == 0 && after - before == THREADS * PER_THREAD,
        "one session used by four threads at once: every command applied once", why);

    struct worker reader = {s, 0, 0};
    pthread_t r;
    pthread_create(&r, NULL, read_until_freed, &reader);
    kooperacje_session_free(s, NULL);
    pthread_join(r, NULL);
    tap(reader.failures == 0, "a session freed while another thread reads it: that thread gets INVALID_HANDLE",
        NULL);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s ROOT [MEGABYTES]\n", argv[0]);
        return 2;
    }
    root = argv[1];
    size_t megabytes = argc > 2 ? (size_t)atoi(argv[2]) : 100;
    tap(strlen(kooperacje_version()) > 0 && kooperacje_event_schema_version() > 0, "versions are given", NULL);
    handles();
    arguments();
    large(megabytes);
    panics();
    threads();
    return tap_done();
}
