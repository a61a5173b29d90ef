package pl.kooperacje.c.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pl.kooperacje.c.Kooperacje;
import pl.kooperacje.c.KooperacjeInvalidException;
import pl.kooperacje.c.KooperacjeNotFoundException;
import pl.kooperacje.c.KooperacjeStageException;
import pl.kooperacje.c.Native;
import pl.kooperacje.c.Session;

/** A session through the wrapper: commands, events, reports, privacy, the basket, and its end. */
class SessionTest {
    static final String INVITE_AGAIN = "{\"at\": \"2026-04-10T10:00:00Z\", \"actor\": \"u-0012\", \"command\": "
            + "{\"type\": \"invite_to_first_meeting\", \"zzk_id\": \"zzk-2026-0021\", \"planned_on\": \"2026-04-11\"}}";

    @Test
    void theVersionsAreTheLibrarysContract() {
        assertEquals(1, Kooperacje.abiVersion());
        assertTrue(Kooperacje.version().matches("\\d+\\.\\d+\\.\\d+.*"), Kooperacje.version());
        assertEquals(2, Kooperacje.eventSchemaVersion());
    }

    @Test
    void theQuickStartReachesTheFirstMeetingAndItsStage() {
        try (Session session = Repo.invitedZzk()) {
            assertTrue(session.eventCount() > 38, "the PZK's 38 events and the ZZK's");
            assertEquals("first_meeting_invited", Json.at(Json.parse(session.zzkJson("zzk-2026-0021")), "stage"));
            List<?> events = (List<?>) Json.parse(session.execute(Repo.FIRST_MEETING));
            assertFalse(events.isEmpty());
            String stage = (String) Json.at(Json.parse(session.zzkJson("zzk-2026-0021")), "stage");
            assertEquals("active", stage);
            assertEquals("Praca ZZK", Kooperacje.label("ZzkStage", stage, "pl"));
            assertEquals("Zawieszony", Kooperacje.label("ZzkStage", "suspended", "pl"));
        }
    }

    @Test
    void aRefusedCommandChangesNothing() {
        try (Session session = Repo.invitedZzk()) {
            String state = session.stateJson();
            long count = session.eventCount();
            // Inviting again: the ZZK is already invited.
            KooperacjeStageException e = assertThrows(KooperacjeStageException.class,
                    () -> session.execute(INVITE_AGAIN));
            assertFalse(e.messagePl().isBlank());
            assertEquals(state, session.stateJson());
            assertEquals(count, session.eventCount());
        }
    }

    @Test
    void decideGivesTheEventsAndChangesNothing() {
        try (Session session = Repo.invitedZzk()) {
            String state = session.stateJson();
            String decided = session.decide(Repo.FIRST_MEETING);
            assertEquals(state, session.stateJson());
            assertEquals(decided, session.execute(Repo.FIRST_MEETING));
            assertNotEquals(state, session.stateJson());
        }
    }

    @Test
    void eventsWrittenAndLoadedAgainGiveTheSameState() {
        try (Session session = Repo.invitedZzk()) {
            String jsonl = session.eventsJsonl();
            assertEquals(session.eventCount(), jsonl.lines().count());
            try (Session again = Session.fromJsonl(jsonl)) {
                assertEquals(session.stateJson(), again.stateJson());
            }
            String lastTwo = "[" + String.join(",", jsonl.lines().skip(session.eventCount() - 2).toList()) + "]";
            try (Session partial = Session.fromJsonl(String.join("\n", jsonl.lines().limit(session.eventCount() - 2)
                    .toList()))) {
                assertEquals(2, partial.apply(lastTwo));
                assertEquals(session.stateJson(), partial.stateJson());
            }
        }
    }

    @Test
    void aSessionWithoutEventsKeepsOnlyTheState() {
        try (Session session = new Session(false)) {
            assertEquals(38, session.loadJsonl(Repo.read("tests/quickstart/pzk.jsonl")));
            assertEquals(0, session.eventCount());
            assertEquals("", session.eventsJsonl());
            assertEquals("pzk-1", Json.at(Json.parse(session.partnershipJson("pzk-1")), "id"));
        }
    }

    @Test
    void afterCloseEveryCallIsAnInvalidHandle() {
        Session session = Repo.invitedZzk();
        session.close();
        KooperacjeInvalidException e = assertThrows(KooperacjeInvalidException.class, session::stateJson);
        assertEquals("INVALID_HANDLE", e.code());
        assertFalse(e.messagePl().isBlank());
        assertThrows(KooperacjeInvalidException.class, () -> session.execute(Repo.FIRST_MEETING));
        assertThrows(KooperacjeInvalidException.class, () -> session.basketExport("pzk-1", "csv"));
        assertDoesNotThrow(session::close, "closing twice is harmless");
    }

    @Test
    void aSessionNeverClosedIsFreedOnceUnreachable() throws InterruptedException {
        long handle = new Session().handle();
        long deadline = System.nanoTime() + 10_000_000_000L;
        int status = Native.STATUS_OK;
        // The cleaner frees it after a collection; the raw call then finds no such session.
        while (status == Native.STATUS_OK && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
            status = Native.LIB.kooperacje_session_event_count(handle, new Native.SizeTByReference(), null);
        }
        assertEquals(Native.STATUS_ERROR, status, "the forgotten session was not freed");
    }

    @Test
    void theReportsOfAPartnership() {
        try (Session session = Repo.invitedZzk()) {
            session.execute(Repo.FIRST_MEETING);
            List<?> registry = (List<?>) Json.parse(session.registry("pzk-1", null));
            assertEquals(1, registry.size());
            assertEquals("zzk-2026-0021", Json.at(registry, 0, "zzk_id"));
            assertEquals("active", Json.at(registry, 0, "stage"));
            // On 8 April the nurse was added: the stage the registry gives for that day.
            assertEquals("partners_invited", Json.at(Json.parse(session.registry("pzk-1", "2026-04-08")), 0, "stage"));
            assertEquals(1.0, Json.at(Json.parse(session.indicators("pzk-1", "2026-04-30")), "zzks_by_stage", "active"));
            // April's monitoring form of the active ZZK is due by the end of May: overdue in June.
            String overdue = session.overdue("2026-06-15");
            assertTrue(overdue.contains("\"kind\":\"monitoring_missing\""), overdue);
            assertTrue(Json.parse(session.monitoring("pzk-1", "2026-04")) instanceof List);
            assertThrows(KooperacjeNotFoundException.class, () -> session.registry("pzk-none", null));
            assertThrows(KooperacjeNotFoundException.class, () -> session.partnershipJson("pzk-none"));
            assertThrows(KooperacjeNotFoundException.class, () -> session.zzkJson("zzk-none"));
            assertThrows(KooperacjeInvalidException.class, () -> session.monitoring("pzk-1", "April"));
        }
    }

    @Test
    void theBasketIsSearchedExportedAndImported() {
        try (Session session = Repo.invitedZzk()) {
            List<?> all = (List<?>) Json.parse(session.searchBasket("pzk-1", "{}"));
            assertFalse(all.isEmpty());
            List<?> none = (List<?>) Json.parse(session.searchBasket("pzk-1", "{\"text\": \"no such service xyz\"}"));
            assertTrue(none.isEmpty());
            byte[] csv = session.basketExport("pzk-1", "csv");
            byte[] xlsx = session.basketExport("pzk-1", "xlsx");
            assertEquals("PK", new String(xlsx, 0, 2, StandardCharsets.US_ASCII), "an Excel file is a zip");
            List<?> rows = (List<?>) Json.parse(new String(session.basketExport("pzk-1", "json"), StandardCharsets.UTF_8));
            assertEquals(all.size(), rows.size());
            String state = session.stateJson();
            // The basket's own sheet brought back: nothing to change.
            Map<?, ?> report = (Map<?, ?>) Json.parse(session.basketImport("pzk-1", csv, "csv",
                    "2026-04-12T09:00:00Z", "ops-head", null, false));
            assertEquals((double) all.size(), report.get("unchanged"));
            assertEquals(state, session.stateJson());
            assertArrayEquals(csv, session.basketExport("pzk-1", "csv"));
            assertThrows(KooperacjeInvalidException.class, () -> session.basketExport("pzk-1", "pdf"));
        }
    }

    static final String NURSE = "{\"role\": \"zzk_member\", \"person\": \"nurse-1\", \"institution\": \"health\"}";
    static final String ZZK = "{\"subject\": \"zzk\", \"zzk_id\": \"zzk-2026-0021\"}";
    static final byte[] KEY = "a key the OPS keeps from its analysts".getBytes(StandardCharsets.UTF_8);

    @Test
    void readersSeeWhatTheirRoleMay() {
        try (Session session = Repo.invitedZzk()) {
            Object nurse = Json.parse(session.read(NURSE, ZZK, "2026-04-10T12:00:00Z", null, null));
            assertNull(Json.at(nurse, "refusal"));
            assertEquals("zzk_member", Json.at(nurse, "record", "role"));
            Object stranger = Json.parse(session.read("{\"role\": \"social_worker\", \"person\": \"sw-other\"}", ZZK,
                    "2026-04-10T12:00:00Z", null, null));
            assertNull(Json.at(stranger, "view"));
            assertEquals("ACCESS_DENIED", Json.at(stranger, "refusal", "code"));
            String analyst = session.read("{\"role\": \"analyst\"}", ZZK, "2026-04-10T12:00:00Z", null, KEY);
            String pseudonym = Kooperacje.pseudonym(KEY, "zzk", "zzk-2026-0021");
            assertTrue(pseudonym.matches("ps-[0-9a-f]{32}"), pseudonym);
            assertEquals(pseudonym, Kooperacje.pseudonym(KEY, "zzk", "zzk-2026-0021"));
            Object view = Json.at(Json.parse(analyst), "view");
            assertEquals(pseudonym, Json.at(view, "zzk_id"));
            assertNotEquals("u-0012", Json.at(view, "social_worker"));
        }
    }

    @Test
    void consentReceiptsInBothLanguages() {
        try (Session session = Repo.invitedZzk()) {
            String pl = session.consentReceipt("zzk-2026-0021", "zg-0021", "2026-04-10T12:00:00Z", null, "pl");
            String en = session.consentReceipt("zzk-2026-0021", "zg-0021", "2026-04-10T12:00:00Z", null, "en");
            assertEquals("kooperacje-consent-receipt/1", Json.at(Json.parse(pl), "header", "schema_version"));
            assertNotEquals(pl, en);
            String consentEvent = session.eventsJsonl().lines().filter(l -> l.contains("\"consent_given\""))
                    .findFirst().orElseThrow();
            String fromEvent = session.receiptForEvent(consentEvent, null, "pl");
            assertTrue(fromEvent.contains("zg-0021"), fromEvent);
            String other = session.eventsJsonl().lines().findFirst().orElseThrow();
            assertEquals("null", session.receiptForEvent(other, null, "pl"));
        }
    }

    @Test
    void textsCrossAsUtf8() {
        assertEquals("{\n  \"a\": \"zażółć gęślą jaźń\",\n  \"b\": 1\n}\n",
                Kooperacje.canonicalJson("{\"b\": 1, \"a\": \"zażółć gęślą jaźń\"}"));
        String catalogue = Kooperacje.catalogueJson();
        assertTrue(catalogue.contains("\"Praca ZZK\""));
    }
}
