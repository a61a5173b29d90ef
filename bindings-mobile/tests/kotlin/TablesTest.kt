// The analytics tables from Kotlin (Model.analyticsTables): the core computes every column (its
// own tests, core/tests/analytics.rs, check the numbers); these tests check that Kotlin gets the
// tables of its model whole, typed, and in the form for analysts with the same pseudonyms as
// `pseudonym` gives.
package pl.kooperacje.tests

import pl.kooperacje.AnalyticsTable
import pl.kooperacje.ColumnValues
import pl.kooperacje.KooperacjeException
import pl.kooperacje.Model
import pl.kooperacje.pseudonym
import java.time.LocalDate
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

private val ANALYSTS_KEY = "a key the OPS keeps from its analysts".toByteArray()

class TablesTest {
    private val asOf = LocalDate.of(2026, 5, 4)

    private fun List<AnalyticsTable>.named(name: String) = single { it.name == name }

    private fun AnalyticsTable.texts(column: String): List<String?> =
        (columns.single { it.name == column }.values as ColumnValues.Utf8).values

    private fun ColumnValues.size(): Int = when (this) {
        is ColumnValues.Utf8 -> values.size
        is ColumnValues.Int64 -> values.size
        is ColumnValues.Float64 -> values.size
        is ColumnValues.Bool -> values.size
        is ColumnValues.Date -> values.size
        is ColumnValues.Timestamp -> values.size
        is ColumnValues.Utf8List -> values.size
    }

    @Test
    fun theTablesHoldEveryZzkAndEveryEventOfTheModel() {
        val model = modelAt("active_zzk")
        val tables = model.analyticsTables(asOf, null)
        assertEquals(listOf("zzks", "tasks", "services", "partnerships", "events"), tables.map { it.name })
        val zzks = tables.named("zzks")
        assertEquals(model.zzkIds(), zzks.texts("zzk_id"))
        assertEquals(listOf("active"), zzks.texts("stage"))
        assertEquals(model.partnershipIds(), tables.named("partnerships").texts("partnership_id"))
        assertEquals(model.eventCount(), tables.named("events").rows)
        for (table in tables) {
            for (column in table.columns) {
                assertEquals(table.rows.toInt(), column.values.size(), "${table.name}.${column.name}")
                assertTrue(column.description.isNotBlank(), "${table.name}.${column.name} has no description")
            }
        }
        assertTrue(zzks.columns.any { it.name == "registry_number" })
        assertTrue(zzks.columns.any { it.values is ColumnValues.Date }, "days are LocalDate values")
    }

    @Test
    fun theFormForAnalystsHasThePseudonymsOfTheViewsAndNoRegistryNumbers() {
        val model = modelAt("active_zzk")
        val zzks = model.analyticsTables(asOf, ANALYSTS_KEY).named("zzks")
        assertEquals(listOf(pseudonym(ANALYSTS_KEY, "zzk", "zzk-kowalscy")), zzks.texts("zzk_id"))
        assertTrue(zzks.columns.none { it.name == "registry_number" })
        val days = zzks.columns.mapNotNull { it.values as? ColumnValues.Date }.flatMap { it.values }.filterNotNull()
        assertTrue(days.isNotEmpty())
        assertTrue(days.all { it.dayOfMonth == 1 }, "days to the month: $days")
    }

    @Test
    fun aModelWithoutItsEventsHasNoEventsTableAndAShortKeyIsRefused() {
        val model = Model.withOptions(false)
        model.apply(modelAt("active_zzk").events())
        assertEquals(listOf("zzks", "tasks", "services", "partnerships"), model.analyticsTables(asOf, null).map { it.name })
        val e = assertFailsWith<KooperacjeException> { model.analyticsTables(asOf, "short".toByteArray()) }
        assertEquals("PSEUDONYM_KEY_INVALID", e.code())
    }
}
