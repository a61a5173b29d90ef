package pl.kooperacje.c;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * What the library offers without a session: its versions, the catalogue of labels and error
 * codes, canonical JSON, keyed pseudonyms, and the conformance scenarios' runner.
 */
public final class Kooperacje {
    private Kooperacje() {}

    /** The library's version, e.g. {@code "0.1.0"}. */
    public static String version() {
        return Native.LIB.kooperacje_version();
    }

    /**
     * The library's interface contract; loading the library already checked that it is
     * {@link Native#ABI_VERSION}, the one this wrapper was written for.
     */
    public static int abiVersion() {
        return Native.LIB.kooperacje_abi_version();
    }

    /** The version of the events' JSON form the library writes (every event's {@code schema}). */
    public static int eventSchemaVersion() {
        return Native.LIB.kooperacje_event_schema_version();
    }

    /**
     * The catalogue as JSON: every user-facing enum's codes with Polish and English labels, and
     * every error code with its area and kind ({@code {"enums": {…}, "errors": [{"code", "area",
     * "kind"}, …]}}).
     */
    public static String catalogueJson() {
        return Calls.text(Native.LIB::kooperacje_catalogue);
    }

    /** The label of one value of an enum in {@code lang}: ({@code "ZzkStage", "active", "pl"}) is {@code "Praca ZZK"}. */
    public static String label(String enumName, String code, String lang) {
        return Calls.text((out, e) -> Native.LIB.kooperacje_label(enumName, code, lang, out, e));
    }

    /** A JSON text in the conformance files' form: members sorted, two spaces, a final line feed. */
    public static String canonicalJson(String jsonText) {
        return Calls.text((out, e) -> Native.LIB.kooperacje_canonical_json(jsonText, out, e));
    }

    /**
     * The value at a JSON Pointer (RFC 6901, {@code "/stage"}) of a JSON text the library gave: a
     * string as its text, any other value as its JSON text, {@code null} when the pointer finds
     * nothing. The JDK reads no JSON; this reads what a host needs of the library's.
     */
    public static String jsonPointer(String jsonText, String pointer) {
        return Calls.text((out, e) -> Native.LIB.kooperacje_json_pointer(jsonText, pointer, out, e));
    }

    /** The keyed pseudonym of an id as analysts see it ({@code ps-} and 32 hex digits); the key has at least 16 bytes. */
    public static String pseudonym(byte[] key, String kind, String id) {
        Native.SizeT len = new Native.SizeT(key.length);
        return Calls.text((out, e) -> Native.LIB.kooperacje_pseudonym(key, len, kind, id, out, e));
    }

    /**
     * Runs one scenario file (its JSON text) with the fixtures ({@code {"operating_pzk": {…},
     * …}}, the files of {@code tests/scenarios/fixtures/}) through {@code driver}, which must
     * start from an empty session. The runner is the library's; the driver's commands and state
     * cross back into Java through two callbacks, which never let an exception into the library:
     * a {@link KooperacjeException} answers with its code, anything else with
     * {@code INTERNAL_ERROR}, which the runner reports as a failure.
     */
    public static ScenarioResult runScenario(String scenarioJson, String fixturesJson, Driver driver) {
        Native.ExecuteCallback execute = (userData, commandJson, reply) -> {
            try {
                Native.LIB.kooperacje_reply_ok(reply, driver.execute(commandJson.getString(0, "UTF-8")), null);
            } catch (KooperacjeException refused) {
                Native.LIB.kooperacje_reply_error(reply, refused.code(), String.valueOf(refused.getMessage()), null);
            } catch (Throwable broken) {
                Native.LIB.kooperacje_reply_error(reply, "INTERNAL_ERROR", "the Java driver failed: " + broken, null);
            }
        };
        Native.StateCallback state = (userData, reply) -> {
            try {
                Native.LIB.kooperacje_reply_ok(reply, driver.state(), null);
            } catch (Throwable broken) {
                Native.LIB.kooperacje_reply_error(reply, "INTERNAL_ERROR", "the Java driver failed: " + broken, null);
            }
        };
        PointerByReference canonical = new PointerByReference();
        PointerByReference failures = new PointerByReference();
        Native.SizeTByReference count = new Native.SizeTByReference();
        try {
            Calls.check(e -> Native.LIB.kooperacje_run_scenario(scenarioJson, fixturesJson, execute, state,
                    Pointer.NULL, canonical, failures, count, e));
        } finally {
            // The library calls them until run_scenario returns: they must not be collected before.
            Reference.reachabilityFence(execute);
            Reference.reachabilityFence(state);
        }
        String text = Calls.take(canonical.getValue());
        // A JSON array of texts (a failure may span lines), read item by item.
        String listed = Calls.take(failures.getValue());
        List<String> each = new ArrayList<>();
        for (long i = 0; i < count.getValue(); i++) {
            each.add(jsonPointer(listed, "/" + i));
        }
        return new ScenarioResult(text, each);
    }
}
