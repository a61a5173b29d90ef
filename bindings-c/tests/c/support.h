/* What the C tests share: reading files, and TAP output (the counts scripts/test reads). */
#ifndef KOOPERACJE_TEST_SUPPORT_H
#define KOOPERACJE_TEST_SUPPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_passed = 0, tap_failed = 0;

/* One TAP line for a check; a failed one prints why. */
static void tap(int ok, const char *name, const char *why) {
    int n = tap_passed + tap_failed + 1;
    if (ok) {
        tap_passed++;
        printf("ok %d - %s\n", n, name);
    } else {
        tap_failed++;
        printf("not ok %d - %s\n", n, name);
        if (why != NULL) printf("# %s\n", why);
    }
    fflush(stdout);
}

/* The plan and the counts; the exit status says whether every check passed. */
static int tap_done(void) {
    printf("1..%d\n# pass %d\n# fail %d\n", tap_passed + tap_failed, tap_passed, tap_failed);
    return tap_failed == 0 ? 0 : 1;
}

/* A whole file, NUL-terminated (its length in *len when len is not NULL); NULL if unreadable. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while (buf != NULL && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            cap *= 2;
            char *bigger = realloc(buf, cap);
            if (bigger == NULL) free(buf);
            buf = bigger;
        }
    }
    fclose(f);
    if (buf == NULL) return NULL;
    buf[n] = '\0';
    if (len != NULL) *len = n;
    return buf;
}

#endif
