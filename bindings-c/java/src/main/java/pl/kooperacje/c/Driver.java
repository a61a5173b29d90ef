package pl.kooperacje.c;

/**
 * What carries out a scenario's commands for {@link Kooperacje#runScenario}: the library's
 * runner reads the scenario and judges the results, while every command crosses back into the
 * host through this driver, which must start from an empty session.
 */
public interface Driver {
    /**
     * Executes one command (its JSON envelope) and gives its events (a JSON array); a refusal
     * is thrown as a {@link KooperacjeException}, whose code the runner compares with the
     * scenario's expectation.
     */
    String execute(String commandJson);

    /** The canonical state as JSON text. */
    String state();

    /** The driver over a session: {@link Session#execute} and {@link Session#stateJson}. */
    static Driver of(Session session) {
        return new Driver() {
            @Override
            public String execute(String commandJson) {
                return session.execute(commandJson);
            }

            @Override
            public String state() {
                return session.stateJson();
            }
        };
    }
}
