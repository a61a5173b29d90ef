// Who may see what (Model.read), consent receipts and pseudonyms from Kotlin. The rules are the
// core's (role by role in core/tests/access.rs); these tests check that Kotlin gets them: the view
// and the access record as JSON, a refusal as an answer with its record, personal data passed in
// and checked, receipts in both languages.
package pl.kooperacje.tests

import pl.kooperacje.KooperacjeException
import pl.kooperacje.pseudonym
import pl.kooperacje.types.Command
import pl.kooperacje.types.CommandEnvelope
import pl.kooperacje.types.Event
import pl.kooperacje.types.Lang
import java.time.Instant
import java.time.LocalDate
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

private val KEY = "a key the OPS keeps from its analysts".toByteArray()
private const val ZZK = """{"subject": "zzk", "zzk_id": "zzk-kowalscy"}"""
private const val TEACHER = """{"role": "zzk_member", "person": "w-school-marta", "institution": "school"}"""

/** The host's personal data of the active_zzk fixture's family: every text is a marker. */
private const val PERSONAL = """{
  "persons": [{"id": "anna-k", "given_name": "Anna", "family_name": "KOWALSKA-MARKER",
               "pesel": "44051401359", "birth_year": 1944}],
  "notes": [{"id": "note-kow-diagnoza", "text": "DIAGNOSIS-MARKER"},
            {"id": "note-kow-kons", "text": "CONSULTATION-MARKER"}]
}"""

class PrivacyTest {
    /** After the latest event of the active_zzk fixture. */
    private val at = Instant.parse("2026-05-04T09:00:00Z")

    @Test
    fun aMemberSeesTheFamilyOnlyWhileConsentCoversTheirInstitution() {
        val model = modelAt("active_zzk")
        val read = model.read(TEACHER, ZZK, at, PERSONAL, null)
        assertNull(read.refusal)
        val view = assertNotNull(read.viewJson)
        assertTrue(view.contains("KOWALSKA-MARKER") && view.contains("DIAGNOSIS-MARKER"), view)
        assertTrue(read.recordJson.contains(""""outcome":"granted""""), read.recordJson)

        model.execute(CommandEnvelope(at, "sw-ewa",
            Command.WithdrawConsent("zzk-kowalscy", "cons-kow-1", LocalDate.of(2026, 6, 1), null, null)))
        val after = model.read(TEACHER, ZZK, at.plusSeconds(60), PERSONAL, null)
        val withheld = assertNotNull(after.viewJson)
        assertFalse(withheld.contains("KOWALSKA-MARKER") || withheld.contains("DIAGNOSIS-MARKER"), withheld)
        assertTrue(after.recordJson.contains(""""granted":["case_summary","team"]"""), after.recordJson)
    }

    @Test
    fun aRefusalIsAnAnswerWithItsRecordAndChangesNothing() {
        val model = modelAt("active_zzk")
        val before = model.stateJson()
        val read = model.read("""{"role": "social_worker", "person": "sw-other"}""", ZZK, at, PERSONAL, null)
        assertNull(read.viewJson)
        val refusal = assertNotNull(read.refusal)
        assertEquals("ACCESS_DENIED", refusal.code)
        assertNotEquals(refusal.messageEn, refusal.messagePl)
        assertTrue(read.recordJson.contains(""""outcome":"denied""""), read.recordJson)
        assertTrue(read.recordJson.contains(""""error_code":"ACCESS_DENIED""""), read.recordJson)
        assertEquals(before, model.stateJson())
    }

    @Test
    fun malformedArgumentsThrow() {
        val model = modelAt("active_zzk")
        assertFailsWith<KooperacjeException.Decode> {
            model.read("""{"role": "zzk_member", "person": "x", "institution": "school", "all": true}""", ZZK, at, null, null)
        }
        assertFailsWith<KooperacjeException.Decode> { model.read(TEACHER, """{"subject": "all"}""", at, null, null) }
        val badPesel = PERSONAL.replace("44051401359", "44051401358")
        val e = assertFailsWith<KooperacjeException.Invalid> { model.read(TEACHER, ZZK, at, badPesel, null) }
        assertEquals("PESEL_CHECKSUM", e.code)
        assertFailsWith<KooperacjeException.Invalid> { pseudonym("short".toByteArray(), "zzk", "zzk-kowalscy") }
    }

    @Test
    fun analystsSeeKeyedPseudonymsOnly() {
        val model = modelAt("active_zzk")
        val read = model.read("""{"role": "analyst"}""", ZZK, at, PERSONAL, KEY)
        val view = assertNotNull(read.viewJson)
        for (secret in listOf("zzk-kowalscy", "KOWALSKA", "44051401359", "DIAGNOSIS", "sw-ewa")) {
            assertFalse(view.contains(secret), "$secret in $view")
        }
        val pseudonym = pseudonym(KEY, "zzk", "zzk-kowalscy")
        assertTrue(view.contains(pseudonym), view)
        assertTrue(pseudonym.startsWith("ps-") && pseudonym.length == 35, pseudonym)
        assertNotEquals(pseudonym, pseudonym(KEY + 1.toByte(), "zzk", "zzk-kowalscy"))
    }

    @Test
    fun consentReceiptsInPolishAndEnglish() {
        val model = modelAt("active_zzk")
        val pl = model.consentReceiptJson("zzk-kowalscy", "cons-kow-1", at, PERSONAL, Lang.PL)
        val en = model.consentReceiptJson("zzk-kowalscy", "cons-kow-1", at, PERSONAL, Lang.EN)
        assertTrue(pl.contains(""""schema_version":"kooperacje-consent-receipt/1""""), pl)
        assertTrue(pl.contains("KOWALSKA-MARKER"), pl)
        assertTrue(pl.contains("Obowiązuje") && en.contains(""""label":"Active""""), en)
        assertFailsWith<KooperacjeException.NotFound> {
            model.consentReceiptJson("zzk-kowalscy", "no-such-consent", at, null, Lang.PL)
        }

        val events = model.execute(CommandEnvelope(at, "sw-ewa",
            Command.WithdrawConsent("zzk-kowalscy", "cons-kow-1", LocalDate.of(2026, 6, 1), null, null)))
        val withdrawn = events.first { it.event is Event.ConsentWithdrawn }
        val receipt = assertNotNull(model.receiptForEventJson(withdrawn, null, Lang.EN))
        assertTrue(receipt.contains(""""label":"Consent withdrawn""""), receipt)
        assertNull(model.receiptForEventJson(model.events().first(), null, Lang.EN))
    }
}
