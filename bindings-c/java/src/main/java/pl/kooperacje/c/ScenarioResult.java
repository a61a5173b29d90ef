package pl.kooperacje.c;

import java.util.List;

/**
 * What {@link Kooperacje#runScenario} gives: the canonical result (the text of
 * {@code target/conformance/<language>/NAME.json}, the same bytes in every language that agrees)
 * and every mismatch against the scenario's expectations, one per line.
 */
public record ScenarioResult(String canonical, List<String> failures) {
    public ScenarioResult {
        failures = List.copyOf(failures);
    }

    /** Whether every step went as the scenario expects. */
    public boolean passed() {
        return failures.isEmpty();
    }
}
