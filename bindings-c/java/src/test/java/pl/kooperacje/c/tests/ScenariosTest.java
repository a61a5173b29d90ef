package pl.kooperacje.c.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import pl.kooperacje.c.Driver;
import pl.kooperacje.c.Kooperacje;
import pl.kooperacje.c.ScenarioResult;
import pl.kooperacje.c.Session;

/**
 * Every file of tests/scenarios/ through the library's runner, every command carried out by a
 * driver over this wrapper's {@link Session}; the canonical results go to
 * target/conformance/java/, which scripts/test compares byte for byte with Rust's. Then the
 * basket sheet, as the C reference client (bindings-c/tests/c/scenarios.c) does it.
 */
class ScenariosTest {
    static final Path OUT = Repo.path("target/conformance/java");
    static final String FIXTURES = Repo.fixtures();

    /** A driver over a session that counts the commands it carried out. */
    static final class CountingDriver implements Driver {
        final Session session;
        final AtomicInteger executed = new AtomicInteger();

        CountingDriver(Session session) {
            this.session = session;
        }

        @Override
        public String execute(String commandJson) {
            executed.incrementAndGet();
            return session.execute(commandJson);
        }

        @Override
        public String state() {
            return session.stateJson();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioPassesAndIsWritten() throws IOException {
        Files.createDirectories(OUT);
        List<Path> files = Repo.jsonFiles("tests/scenarios");
        assertTrue(files.size() >= 20, "there are at least twenty scenarios, found " + files.size());
        return files.stream().map(file -> dynamicTest("scenario " + Repo.stem(file), () -> {
            try (Session session = new Session()) {
                CountingDriver driver = new CountingDriver(session);
                ScenarioResult result = Kooperacje.runScenario(Files.readString(file), FIXTURES, driver);
                Files.writeString(OUT.resolve(file.getFileName()), result.canonical());
                assertEquals(List.of(), result.failures(), "the scenario's mismatches");
                assertTrue(driver.executed.get() > 0, "the Java driver carried out no command");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> basketSheet() {
        return Stream.of(dynamicTest("basket sheet imported, exported and written", () -> {
            try (Session session = new Session()) {
                ScenarioResult scene = Kooperacje.runScenario(
                        "{\"name\": \"basket_sheet\", \"given\": [\"operating_pzk\"], \"steps\": []}", FIXTURES,
                        Driver.of(session));
                assertTrue(scene.passed(), scene.failures().toString());
                String report = session.basketImport("pzk-1", Repo.bytes("tests/formats/basket_sheet.csv"), "csv",
                        "2026-03-10T10:00:00Z", "ops-head", null, true);
                String rows = new String(session.basketExport("pzk-1", "json"), "UTF-8");
                String hsds = new String(session.basketExport("pzk-1", "hsds"), "UTF-8");
                String whole = Kooperacje.canonicalJson(
                        "{\"report\": " + report + ", \"sheet\": " + rows + ", \"hsds\": " + hsds + "}");
                Files.createDirectories(OUT);
                Files.writeString(OUT.resolve("basket_sheet.json"), whole);
                assertEquals("pzk-1", Json.at(Json.parse(report), "partnership_id"));
            }
        }));
    }

    /** The first scenario file that expects an error, with that expectation changed. */
    static String withWrongExpectation(String scenario) {
        String changed = scenario.replaceFirst("\"error\"\\s*:\\s*\"[A-Z_]+\"", "\"error\": \"SOMETHING_ELSE\"");
        assertNotEquals(scenario, changed, "the scenario expects no error to change");
        return changed;
    }

    @Test
    void aWrongExpectationIsReportedAsAFailure() {
        String scenario = Repo.read("tests/scenarios/11_zzk_consent_refused.json");
        try (Session right = new Session(); Session wrong = new Session()) {
            assertTrue(Kooperacje.runScenario(scenario, FIXTURES, Driver.of(right)).passed(),
                    "the scenario as written passes");
            ScenarioResult result = Kooperacje.runScenario(withWrongExpectation(scenario), FIXTURES, Driver.of(wrong));
            assertFalse(result.passed());
            assertEquals(1, result.failures().size(), result.failures().toString());
            // The library's runner names the step and the error it got instead of the one expected.
            assertTrue(result.failures().get(0).matches("step \\d+: unexpected error [A-Z_]+: .*"),
                    result.failures().get(0));
        }
    }

    @Test
    void aWrongExpectationOfEventsIsOneFailureOfTwoLines() {
        String scenario = Repo.read("tests/scenarios/11_zzk_consent_refused.json");
        String expected = "{\"events\": [{\"type\": \"helping_relationship_established\", \"zzk_id\": \"zzk-wisniewski\"}]}";
        assertTrue(scenario.contains(expected), "scenario 11 expects the helping relationship");
        String changed = scenario.replace(expected, expected.replace("zzk-wisniewski", "zzk-someone-else"));
        try (Session session = new Session()) {
            ScenarioResult result = Kooperacje.runScenario(changed, FIXTURES, Driver.of(session));
            assertEquals(1, result.failures().size(), result.failures().toString());
            String failure = result.failures().get(0);
            assertTrue(failure.startsWith("step 2: expected events") && failure.contains("zzk-someone-else"), failure);
            assertTrue(failure.contains("\n  got "), failure);
        }
    }

    @Test
    void aDriverThatThrowsIsAFailureNotACrash() {
        Driver broken = new Driver() {
            @Override
            public String execute(String commandJson) {
                throw new IllegalStateException("the host's database is down");
            }

            @Override
            public String state() {
                throw new IllegalStateException("the host's database is down");
            }
        };
        ScenarioResult result = Kooperacje.runScenario(Repo.read("tests/scenarios/11_zzk_consent_refused.json"),
                FIXTURES, broken);
        assertFalse(result.passed());
        // The callback caught the host's exception and answered with it as INTERNAL_ERROR.
        assertTrue(result.failures().stream().anyMatch(
                f -> f.contains("INTERNAL_ERROR") && f.contains("the host's database is down")),
                result.failures().toString());
    }
}
