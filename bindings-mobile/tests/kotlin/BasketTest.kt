// The basket sheet and the HSDS export from Kotlin: the conformance sheet
// (tests/formats/basket_sheet.csv) imported into the scenarios' pzk-1, exports, refusals. The
// canonical result is written to target/conformance/kotlin/basket_sheet.json, which must be
// byte-identical to the Rust reference (scripts/test compares them).
package pl.kooperacje.tests

import pl.kooperacje.KooperacjeException
import pl.kooperacje.basketExport
import pl.kooperacje.basketImport
import pl.kooperacje.canonicalJson
import java.io.File
import java.time.Instant
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

class BasketTest {
    private val sheet = File(ROOT, "tests/formats/basket_sheet.csv").readBytes()
    private val at = Instant.parse("2026-03-10T10:00:00Z")
    private val out = File(System.getProperty("kooperacje.conformance") ?: File(ROOT, "target/conformance/kotlin").path)

    @Test
    fun theConformanceSheetAddsRevisesChangesStatusAndReportsEachBadRow() {
        val model = modelAt("operating_pzk")
        val before = model.eventCount()
        val report = basketImport(model, "pzk-1", sheet, "csv", at, "ops-head", skipInvalid = true)
        // Rows 3 and 5 revise (5 also withdraws), 4 changes a status, 7 adds, 2 and 6 are unchanged.
        assertEquals(listOf(1UL, 2UL, 1UL, 2UL), listOf(report.added, report.revised, report.statusChanged, report.unchanged))
        assertEquals(
            listOf(
                8UL to "UNKNOWN_AREA", 8UL to "BAD_DATE", 9UL to "DUPLICATE_SERVICE", 10UL to "MEMBER_NOT_FOUND",
                11UL to "DATE_IN_FUTURE", 13UL to "BAD_NUMBER", 13UL to "UNKNOWN_VALUE",
            ),
            report.skipped.map { it.row to it.code },
        )
        // An addition, two revisions and two changes of status, kept like any command's events.
        assertEquals(before + 5UL, model.eventCount())
        val rows = String(basketExport(model, "pzk-1", "json"), Charsets.UTF_8)
        assertTrue(rows.contains("\"=1+1 to nie formuła, tylko opis\""), rows)
        val hsds = String(basketExport(model, "pzk-1", "hsds"), Charsets.UTF_8)

        val again = basketImport(model, "pzk-1", sheet, "csv", at, "ops-head", skipInvalid = true)
        assertEquals(listOf(0UL, 0UL, 0UL, 6UL), listOf(again.added, again.revised, again.statusChanged, again.unchanged))

        out.mkdirs()
        val result = canonicalJson("""{"report": ${report.json}, "sheet": $rows, "hsds": $hsds}""")
        File(out, "basket_sheet.json").writeText(result)
    }

    @Test
    fun badRowsWithoutLeaveToSkipThemChangeNothing() {
        val model = modelAt("operating_pzk")
        val before = model.stateJson()
        val e = assertFailsWith<KooperacjeException.Invalid> {
            basketImport(model, "pzk-1", sheet, "csv", at, "ops-head")
        }
        assertEquals("INVALID_ROWS", e.code)
        assertTrue(e.messagePl.contains("wiersz 8: [BAD_DATE]"), e.messagePl)
        assertEquals(before, model.stateJson())
    }

    @Test
    fun everyFormatReadsBackWhatItWroteAsUnchanged() {
        for (format in listOf("xlsx", "csv", "json")) {
            val model = modelAt("operating_pzk")
            val data = basketExport(model, "pzk-1", format)
            val report = basketImport(model, "pzk-1", data, format, at, "ops-head")
            assertEquals(5UL, report.unchanged, format)
            assertEquals(emptyList(), report.skipped, format)
        }
    }

    @Test
    fun refusalsHaveCodes() {
        val model = modelAt("operating_pzk")
        assertEquals("UNKNOWN_FORMAT", assertFailsWith<KooperacjeException.Invalid> { basketExport(model, "pzk-1", "ods") }.code)
        assertEquals("PARTNERSHIP_NOT_FOUND", assertFailsWith<KooperacjeException.NotFound> { basketExport(model, "pzk-none", "csv") }.code)
        val bad = assertFailsWith<KooperacjeException.Invalid> {
            basketImport(model, "pzk-1", "[1, 2]".toByteArray(), "json", at, "ops-head")
        }
        assertEquals("BAD_FILE", bad.code)
    }
}
