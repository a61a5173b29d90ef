package pl.kooperacje.c.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.sun.jna.Pointer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import pl.kooperacje.c.Kooperacje;
import pl.kooperacje.c.KooperacjeConflictException;
import pl.kooperacje.c.KooperacjeDecodeException;
import pl.kooperacje.c.KooperacjeException;
import pl.kooperacje.c.KooperacjeInternalException;
import pl.kooperacje.c.KooperacjeInvalidException;
import pl.kooperacje.c.KooperacjeNotFoundException;
import pl.kooperacje.c.Native;
import pl.kooperacje.c.Session;

/** The library's errors as Java exceptions: the class by kind, the code, the Polish message, the position in a batch. */
class ErrorsTest {
    /** The kinds the header lists for {@code KooperacjeError.kind}. */
    static final Set<String> HEADER_KINDS = Set.of("invalid", "not_found", "conflict", "stage", "consent", "rule",
            "forbidden", "decode", "store", "internal");

    /** The distinct kinds of the catalogue's error codes, and the header's. */
    static Set<String> catalogueKinds() {
        Set<String> kinds = new TreeSet<>(HEADER_KINDS);
        for (Object error : (List<?>) Json.at(Json.parse(Kooperacje.catalogueJson()), "errors")) {
            kinds.add((String) Json.at(error, "kind"));
        }
        return kinds;
    }

    @TestFactory
    Stream<DynamicTest> everyKindOfTheCatalogueHasItsOwnSubclass() {
        Set<String> kinds = catalogueKinds();
        Set<Class<?>> seen = new HashSet<>();
        // A kind the library adds to its catalogue shows as one more test here, which fails.
        return kinds.stream().map(kind -> dynamicTest("kind " + kind, () -> {
            KooperacjeException e = KooperacjeException.of("SOME_CODE", kind, "area", "message", "komunikat", -1, -1);
            assertNotEquals(KooperacjeException.class, e.getClass(), "kind " + kind + " has no subclass");
            assertTrue(seen.add(e.getClass()), "kind " + kind + " shares " + e.getClass().getSimpleName());
            String expected = "Kooperacje" + camel(kind) + "Exception";
            assertEquals(expected, e.getClass().getSimpleName());
            assertEquals(kind, e.kind());
        }));
    }

    /** {@code not_found} as {@code NotFound}. */
    static String camel(String kind) {
        StringBuilder b = new StringBuilder();
        for (String part : kind.split("_")) b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return b.toString();
    }

    @Test
    void anUnknownKindStaysAKooperacjeException() {
        KooperacjeException e = KooperacjeException.of("NEW_CODE", "brand_new", "area", "message", "komunikat", 3, -1);
        assertSame(KooperacjeException.class, e.getClass());
        assertEquals(OptionalLong.of(3), e.index());
        assertEquals(OptionalLong.empty(), e.line());
    }

    @Test
    void aCommandOnAnUnknownZzkIsNotFoundWithItsPolishMessage() {
        try (Session session = Repo.invitedZzk()) {
            KooperacjeNotFoundException e = assertThrows(KooperacjeNotFoundException.class, () -> session.execute(
                    "{\"at\": \"2026-04-12T09:00:00Z\", \"actor\": \"u-0012\", \"command\": "
                            + "{\"type\": \"establish_helping_relationship\", \"zzk_id\": \"zzk-none\"}}"));
            assertEquals("ZZK_NOT_FOUND", e.code());
            assertEquals("not_found", e.kind());
            assertEquals(areaInTheCatalogue("ZZK_NOT_FOUND"), e.area());
            assertTrue(e.getMessage().contains("zzk-none"), e.getMessage());
            assertTrue(e.messagePl().startsWith("Nie znaleziono"), e.messagePl());
            assertTrue(e.messagePl().contains("zzk-none"), e.messagePl());
            assertEquals(OptionalLong.empty(), e.index());
            assertEquals(OptionalLong.empty(), e.line());
        }
    }

    /** The area the catalogue gives a code. */
    static String areaInTheCatalogue(String code) {
        for (Object error : (List<?>) Json.at(Json.parse(Kooperacje.catalogueJson()), "errors")) {
            if (code.equals(Json.at(error, "code"))) return (String) Json.at(error, "area");
        }
        throw new AssertionError(code + " is not in the catalogue");
    }

    @Test
    void malformedJsonIsADecodeError() {
        try (Session session = new Session()) {
            KooperacjeDecodeException e = assertThrows(KooperacjeDecodeException.class,
                    () -> session.execute("{\"at\": "));
            assertEquals("MALFORMED_JSON", e.code());
            assertEquals("decode", e.kind());
            assertNotEquals(e.getMessage(), e.messagePl());
        }
        KooperacjeDecodeException e = assertThrows(KooperacjeDecodeException.class,
                () -> Kooperacje.canonicalJson("not json"));
        assertEquals("MALFORMED_JSON", e.code());
        assertThrows(KooperacjeDecodeException.class, () -> Kooperacje.label("ZzkStage", "no_such_stage", "pl"));
    }

    @Test
    void aRefusedLineOfJsonLinesGivesItsIndexAndLineAndChangesNothing() {
        List<String> lines = Repo.read("tests/quickstart/pzk.jsonl").lines().toList();
        // Line 4 repeats line 1: the PZK registered twice.
        String jsonl = String.join("\n", lines.get(0), lines.get(1), lines.get(2), lines.get(0)) + "\n";
        try (Session session = new Session()) {
            KooperacjeConflictException e = assertThrows(KooperacjeConflictException.class,
                    () -> session.loadJsonl(jsonl));
            assertEquals(OptionalLong.of(3), e.index());
            assertEquals(OptionalLong.of(4), e.line());
            assertEquals(0, session.eventCount());
            assertEquals(3, session.loadJsonl(String.join("\n", lines.subList(0, 3))));
        }
    }

    @Test
    void aRefusedEventOfABatchGivesItsIndex() {
        List<String> lines = Repo.read("tests/quickstart/pzk.jsonl").lines().toList();
        try (Session session = new Session()) {
            String batch = "[" + lines.get(0) + ", " + lines.get(0) + "]";
            KooperacjeConflictException e = assertThrows(KooperacjeConflictException.class, () -> session.apply(batch));
            assertEquals(OptionalLong.of(1), e.index());
            assertEquals(OptionalLong.empty(), e.line());
            assertEquals(0, session.eventCount());
        }
    }

    @Test
    void aPanicInsideTheLibraryIsAnInternalException() {
        try (Session session = Repo.invitedZzk()) {
            String before = session.stateJson();
            Native.LIB.kooperacje_test_arm_panic(true);
            KooperacjeInternalException e = assertThrows(KooperacjeInternalException.class, session::stateJson);
            assertEquals("INTERNAL_ERROR", e.code());
            assertEquals("internal", e.kind());
            // The trigger fires once: the next call works, on the same session.
            assertEquals(before, session.stateJson());
        } finally {
            Native.LIB.kooperacje_test_arm_panic(false);
        }
    }

    @Test
    void theErrorStructureReadsAsTheLibrarysOwnJson() {
        // The raw interface, to check the structure's layout against the library's JSON of it.
        com.sun.jna.ptr.PointerByReference out = new com.sun.jna.ptr.PointerByReference();
        com.sun.jna.ptr.PointerByReference error = new com.sun.jna.ptr.PointerByReference();
        assertEquals(Native.STATUS_ERROR, Native.LIB.kooperacje_canonical_json("{", out, error));
        Pointer p = error.getValue();
        Native.KooperacjeError fields = new Native.KooperacjeError(p);
        Pointer json = Native.LIB.kooperacje_error_json(p);
        Map<?, ?> whole = (Map<?, ?>) Json.parse(json.getString(0, "UTF-8"));
        assertEquals(whole.get("code"), fields.code.getString(0, "UTF-8"));
        assertEquals(whole.get("kind"), fields.kind.getString(0, "UTF-8"));
        assertEquals(whole.get("message_pl"), fields.message_pl.getString(0, "UTF-8"));
        assertEquals(-1, fields.index);
        assertEquals(-1, fields.line);
        Native.LIB.kooperacje_string_free(json);
        Native.LIB.kooperacje_error_free(p);
    }

    @Test
    void invalidArgumentsAreInvalid() {
        KooperacjeInvalidException e = assertThrows(KooperacjeInvalidException.class,
                () -> Kooperacje.pseudonym("short".getBytes(), "zzk", "zzk-1"));
        assertEquals("PSEUDONYM_KEY_INVALID", e.code());
    }
}
