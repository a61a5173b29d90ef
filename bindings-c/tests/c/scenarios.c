/*
 * Every file of tests/scenarios/ through the C interface: the core's runner
 * (kooperacje_run_scenario) reads the file and judges the results, while every command is carried
 * out here, by a driver over a session of this program (kooperacje_session_execute). The
 * canonical results are written to OUT/NAME.json, which scripts/test compares byte for byte with
 * the other languages'. Then the basket sheet of tests/formats/ imported into the scenarios'
 * pzk-1, written to OUT/basket_sheet.json.
 *
 *   scenarios ROOT OUT      (ROOT: the repository; prints TAP)
 */
#include "kooperacje.h"
#include "support.h"

#include <dirent.h>
#include <sys/stat.h>

/* The driver: a session, and how many commands it carried out. */
struct driver {
    KooperacjeSession session;
    size_t executed;
};

static void execute(void *user_data, const char *command_json, KooperacjeReply *reply) {
    struct driver *d = user_data;
    char *events = NULL;
    KooperacjeError *error = NULL;
    d->executed++;
    if (kooperacje_session_execute(d->session, command_json, &events, &error) == KOOPERACJE_STATUS_OK) {
        kooperacje_reply_ok(reply, events, NULL);
        kooperacje_string_free(events);
    } else {
        kooperacje_reply_error(reply, error->code, error->message, NULL);
        kooperacje_error_free(error);
    }
}

static void state(void *user_data, KooperacjeReply *reply) {
    struct driver *d = user_data;
    char *json = NULL;
    if (kooperacje_session_state(d->session, &json, NULL) == KOOPERACJE_STATUS_OK) {
        kooperacje_reply_ok(reply, json, NULL);
        kooperacje_string_free(json);
    }
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the .json files of a directory, sorted; their number in *count. */
static char **json_files(const char *dir, size_t *count) {
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    if (d == NULL) return NULL;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) {
            names = realloc(names, (n + 1) * sizeof *names);
            names[n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    *count = n;
    return names;
}

/* {"name": {fixture}, ...} from the files of tests/scenarios/fixtures/. */
static char *fixtures_object(const char *root) {
    char dir[2048], path[4096];
    size_t n = 0, cap = 2, used = 1;
    snprintf(dir, sizeof dir, "%s/tests/scenarios/fixtures", root);
    char **names = json_files(dir, &n);
    char *out = malloc(cap);
    strcpy(out, "{");
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len = 0;
        char *text = read_file(path, &len);
        names[i][strlen(names[i]) - 5] = '\0';
        size_t need = used + strlen(names[i]) + len + 16;
        if (need > cap) {
            cap = need * 2;
            out = realloc(out, cap);
        }
        used += (size_t)sprintf(out + used, "%s\"%s\": %s", i ? ", " : "", names[i], text ? text : "null");
        free(text);
        free(names[i]);
    }
    free(names);
    strcat(out, "}");
    return out;
}

static int write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    if (f == NULL) return 0;
    int ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

/* Runs one scenario text on a fresh session; 1 when it passed. The canonical result is kept. */
static int run(const char *scenario, const char *fixtures, struct driver *d, char **canonical, char **why) {
    char *failures = NULL;
    size_t failure_count = 0;
    KooperacjeError *error = NULL;
    *canonical = NULL;
    *why = NULL;
    if (kooperacje_session_new(true, &d->session, &error) != KOOPERACJE_STATUS_OK) {
        *why = strdup(error->message);
        kooperacje_error_free(error);
        return 0;
    }
    if (kooperacje_run_scenario(scenario, fixtures, execute, state, d, canonical, &failures,
                                &failure_count, &error) != KOOPERACJE_STATUS_OK) {
        *why = strdup(error->message);
        kooperacje_error_free(error);
        return 0;
    }
    if (failure_count > 0) *why = strdup(failures);
    kooperacje_string_free(failures);
    return failure_count == 0;
}

static void basket_sheet(const char *root, const char *out, const char *fixtures) {
    char path[4096];
    struct driver d = {0, 0};
    char *canonical = NULL, *why = NULL, *report = NULL, *result = NULL;
    uint8_t *rows = NULL, *hsds = NULL;
    size_t rows_len = 0, hsds_len = 0, sheet_len = 0;
    KooperacjeError *error = NULL;
    /* The scene: the fixture operating_pzk, set by the runner through this driver. */
    int ok = run("{\"name\": \"basket_sheet\", \"given\": [\"operating_pzk\"], \"steps\": []}",
                 fixtures, &d, &canonical, &why);
    snprintf(path, sizeof path, "%s/tests/formats/basket_sheet.csv", root);
    char *sheet = read_file(path, &sheet_len);
    ok = ok && sheet != NULL &&
         kooperacje_session_basket_import(d.session, "pzk-1", (const uint8_t *)sheet, sheet_len, "csv",
                                          "2026-03-10T10:00:00Z", "ops-head", NULL, true, &report,
                                          &error) == KOOPERACJE_STATUS_OK &&
         kooperacje_session_basket_export(d.session, "pzk-1", "json", &rows, &rows_len, &error) ==
             KOOPERACJE_STATUS_OK &&
         kooperacje_session_basket_export(d.session, "pzk-1", "hsds", &hsds, &hsds_len, &error) ==
             KOOPERACJE_STATUS_OK;
    if (ok) {
        size_t size = strlen(report) + rows_len + hsds_len + 64;
        char *whole = malloc(size);
        snprintf(whole, size, "{\"report\": %s, \"sheet\": %.*s, \"hsds\": %.*s}", report, (int)rows_len,
                 (const char *)rows, (int)hsds_len, (const char *)hsds);
        ok = kooperacje_canonical_json(whole, &result, &error) == KOOPERACJE_STATUS_OK;
        free(whole);
    }
    if (ok) {
        snprintf(path, sizeof path, "%s/basket_sheet.json", out);
        ok = write_file(path, result);
    }
    tap(ok, "basket sheet imported, exported and written", error ? error->message : why);
    kooperacje_error_free(error);
    kooperacje_string_free(canonical);
    kooperacje_string_free(report);
    kooperacje_string_free(result);
    kooperacje_bytes_free(rows, rows_len);
    kooperacje_bytes_free(hsds, hsds_len);
    kooperacje_session_free(d.session, NULL);
    free(sheet);
    free(why);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s ROOT OUT\n", argv[0]);
        return 2;
    }
    const char *root = argv[1], *out = argv[2];
    char dir[2048], path[4096], name[512];
    size_t n = 0;
    mkdir(out, 0755);
    tap(kooperacje_abi_version() == KOOPERACJE_ABI_VERSION, "the library's ABI is the header's", NULL);
    char *fixtures = fixtures_object(root);
    snprintf(dir, sizeof dir, "%s/tests/scenarios", root);
    char **files = json_files(dir, &n);
    tap(n >= 20, "there are at least twenty scenarios", NULL);
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        snprintf(name, sizeof name, "%.*s", (int)(strlen(files[i]) - 5), files[i]);
        char *scenario = read_file(path, NULL);
        struct driver d = {0, 0};
        char *canonical = NULL, *why = NULL;
        int ok = scenario != NULL && run(scenario, fixtures, &d, &canonical, &why);
        if (ok && d.executed == 0) {
            ok = 0;
            why = strdup("the C driver carried out no command");
        }
        if (canonical != NULL) {
            snprintf(path, sizeof path, "%s/%s.json", out, name);
            if (!write_file(path, canonical)) ok = 0;
        }
        char title[600];
        snprintf(title, sizeof title, "scenario %s", name);
        tap(ok, title, why);
        kooperacje_session_free(d.session, NULL);
        kooperacje_string_free(canonical);
        free(why);
        free(scenario);
        free(files[i]);
    }
    free(files);
    basket_sheet(root, out, fixtures);
    free(fixtures);
    return tap_done();
}
