package pl.kooperacje.c.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import pl.kooperacje.c.Session;

/** One session used from several threads at once: the library serialises the calls. */
class ThreadsTest {
    static final int THREADS = 4;
    static final int NEEDS_PER_THREAD = 5;

    /** A new case, {@code zzk-t<thread>-<n>}, reported on the quick start's PZK. */
    static String reportNeed(int thread, int n) {
        return "{\"at\": \"2026-04-12T09:00:00Z\", \"actor\": \"u-0012\", \"command\": {\"type\": \"report_need\", "
                + "\"zzk_id\": \"zzk-t" + thread + "-" + n + "\", \"partnership_id\": \"pzk-1\", \"client\": "
                + "{\"kind\": \"person\", \"household\": [\"os-t" + thread + "-" + n + "\"], \"group_kind\": null}, "
                + "\"social_worker\": \"u-0012\"}}";
    }

    @Test
    void fourThreadsReadAndCommandOneSession() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Session session = Repo.invitedZzk()) {
            long before = session.eventCount();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int n = 0; n < NEEDS_PER_THREAD; n++) {
                        session.execute(reportNeed(thread, n));
                        assertTrue(session.stateJson().contains("zzk-t" + thread + "-" + n));
                        session.registry("pzk-1", null);
                        session.zzkJson("zzk-2026-0021");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
            // Each report of a need is one event; none lost, none doubled.
            assertEquals(before + THREADS * NEEDS_PER_THREAD, session.eventCount());
            for (int t = 0; t < THREADS; t++) {
                for (int n = 0; n < NEEDS_PER_THREAD; n++) {
                    assertEquals("need_reported", Json.at(Json.parse(session.zzkJson("zzk-t" + t + "-" + n)), "stage"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
