// No panic crosses into Kotlin but as KooperacjeException.Internal (INTERNAL_ERROR), from every
// entry point of the library. The entry points are read from the generated bindings themselves:
// every FFI function of `UniffiLib` (uniffi_kooperacje_mobile_fn_func_* for the top-level functions,
// fn_constructor_model_* and fn_method_model_* for the Model), so an entry point added on the Rust
// side makes this test fail until it has a call below (Kotlin's typed arguments cannot be made up).
// For each, the test build's trigger (`armPanicForTests`: only in a debug build or one with the
// feature `test-hooks`, as build.sh makes) is armed, which makes the next guarded call panic inside
// its guard; the call must throw Internal with code INTERNAL_ERROR. Afterwards a function works
// again, and a model that panicked refuses every later call (its poisoning rule), while other
// models are unaffected.
package pl.kooperacje.tests

import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import pl.kooperacje.KooperacjeException
import pl.kooperacje.Model
import pl.kooperacje.ScenarioDriver
import pl.kooperacje.armPanicForTests
import pl.kooperacje.basketExport
import pl.kooperacje.basketImport
import pl.kooperacje.canonicalJson
import pl.kooperacje.catalogueJson
import pl.kooperacje.commandFromJson
import pl.kooperacje.commandToJson
import pl.kooperacje.errorCodes
import pl.kooperacje.eventFromJson
import pl.kooperacje.eventSchemaVersion
import pl.kooperacje.eventToJson
import pl.kooperacje.label
import pl.kooperacje.labels
import pl.kooperacje.pseudonym
import pl.kooperacje.runScenario
import pl.kooperacje.types.BasketQuery
import pl.kooperacje.types.Command
import pl.kooperacje.types.CommandEnvelope
import pl.kooperacje.types.EventEnvelope
import pl.kooperacje.types.Lang
import pl.kooperacje.types.PzkStage
import pl.kooperacje.types.SuspensionGround
import pl.kooperacje.version
import java.time.Instant
import java.time.LocalDate
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import kotlin.test.fail

private const val PREFIX = "uniffi_kooperacje_mobile_fn_"

/** FFI functions that are not entry points of the library's code, and why. */
private val NOT_ENTRY_POINTS = mapOf(
    "func_arm_panic_for_tests" to "the trigger itself",
    "clone_model" to "uniffi's reference counting of the Model handle",
    "free_model" to "uniffi's reference counting of the Model handle",
    "clone_scenariodriver" to "uniffi's handle of a Kotlin ScenarioDriver",
    "free_scenariodriver" to "uniffi's handle of a Kotlin ScenarioDriver",
    "init_callback_vtable_scenariodriver" to "registers the Kotlin side of the callback interface",
    "method_scenariodriver_execute" to "calls a ScenarioDriver, which Kotlin implements",
    "method_scenariodriver_state_json" to "calls a ScenarioDriver, which Kotlin implements",
)

/** Methods of the error itself (`e.code()`, `e.messagePl()`, …): they read the fields of the error
 * they are called on and cannot answer with another; uniffi still catches a panic in them (as its
 * own InternalException), so none crosses the FFI. */
private const val ERROR_METHODS = "method_kooperacjeerror_"

/** Every FFI function of the generated bindings that calls the library, by its name after PREFIX. */
fun entryPoints(): Set<String> =
    Class.forName("pl.kooperacje.UniffiLib").declaredMethods.map { it.name }
        .filter { it.startsWith(PREFIX) }.map { it.removePrefix(PREFIX) }
        .filter { it !in NOT_ENTRY_POINTS && !it.startsWith(ERROR_METHODS) }.toSet()

class PanicTest {
    private val at = Instant.parse("2026-05-04T09:00:00Z")
    private val command = CommandEnvelope(at, "sw-ewa",
        Command.SuspendZzk("zzk-kowalscy", SuspensionGround.CRISIS, LocalDate.of(2026, 12, 1), null, null))
    private val day = LocalDate.of(2026, 5, 4)
    private val event: EventEnvelope = modelAt("active_zzk").events().first()
    private val driver = object : ScenarioDriver {
        override fun execute(command: CommandEnvelope): List<EventEnvelope> = fail("not called")
        override fun stateJson(): String = fail("not called")
    }

    /** A call of every top-level function and Model constructor, by FFI name. */
    private val functions: Map<String, () -> Any?> = mapOf(
        "func_basket_export" to { basketExport(Model(), "pzk-1", "csv") },
        "func_basket_import" to { basketImport(Model(), "pzk-1", ByteArray(0), "csv", at, "ops-head") },
        "func_canonical_json" to { canonicalJson("{}") },
        "func_catalogue_json" to { catalogueJson() },
        "func_command_from_json" to { commandFromJson("{}") },
        "func_command_to_json" to { commandToJson(command) },
        "func_error_codes" to { errorCodes() },
        "func_event_from_json" to { eventFromJson("{}") },
        "func_event_schema_version" to { eventSchemaVersion() },
        "func_event_to_json" to { eventToJson(event) },
        "func_label" to { label("ZzkStage", "active", Lang.PL) },
        "func_labels" to { labels("ZzkStage") },
        "func_pseudonym" to { pseudonym(ByteArray(16), "zzk", "zzk-kowalscy") },
        "func_run_scenario" to { runScenario("{}", emptyMap(), driver) },
        "func_version" to { version() },
        "constructor_model_new" to { Model() },
        "constructor_model_with_options" to { Model.withOptions(false) },
        "constructor_model_from_events" to { Model.fromEvents(listOf(event)) },
        "constructor_model_from_jsonl" to { Model.fromJsonl("") },
    )

    /** A call of every Model method, by FFI name. */
    private val methods: Map<String, (Model) -> Any?> = mapOf(
        "method_model_analytics_tables" to { m -> m.analyticsTables(day, null) },
        "method_model_apply" to { m -> m.apply(emptyList()) },
        "method_model_apply_jsonl" to { m -> m.applyJsonl("") },
        "method_model_consent_receipt_json" to { m -> m.consentReceiptJson("zzk-kowalscy", "cons-kow-1", at, null, Lang.PL) },
        "method_model_decide" to { m -> m.decide(command) },
        "method_model_event_count" to { m -> m.eventCount() },
        "method_model_events" to { m -> m.events() },
        "method_model_events_jsonl" to { m -> m.eventsJsonl() },
        "method_model_execute" to { m -> m.execute(command) },
        "method_model_execute_json" to { m -> m.executeJson("{}") },
        "method_model_indicators" to { m -> m.indicators("pzk-1", day) },
        "method_model_monitoring" to { m -> m.monitoring("pzk-1", "2026-05") },
        "method_model_overdue" to { m -> m.overdue(day) },
        "method_model_partnership_ids" to { m -> m.partnershipIds() },
        "method_model_partnership_json" to { m -> m.partnershipJson("pzk-1") },
        "method_model_pzk_stage" to { m -> m.pzkStage("pzk-1") },
        "method_model_read" to { m -> m.read("{}", "{}", at, null, null) },
        "method_model_receipt_for_event_json" to { m -> m.receiptForEventJson(event, null, Lang.PL) },
        "method_model_registry" to { m -> m.registry("pzk-1") },
        "method_model_run" to { m -> m.run(command.at, command.actor, command.command) },
        "method_model_search_basket" to { m -> m.searchBasket("pzk-1", BasketQuery(null, null, null, null, null, null, false)) },
        "method_model_state_json" to { m -> m.stateJson() },
        "method_model_zzk_ids" to { m -> m.zzkIds() },
        "method_model_zzk_json" to { m -> m.zzkJson("zzk-kowalscy") },
        "method_model_zzk_stage" to { m -> m.zzkStage("zzk-kowalscy") },
    )

    /** Arms the trigger, runs `call`, and checks that it threw INTERNAL_ERROR from the panic. */
    private fun panicsAsInternalError(name: String, call: () -> Any?) {
        armPanicForTests(true)
        val e = try {
            assertFailsWith<KooperacjeException.Internal>("$name: no INTERNAL_ERROR") { call() }
        } finally {
            if (armPanicForTests(false)) fail("$name did not use the trigger: its body does not run inside the guard")
        }
        assertEquals("INTERNAL_ERROR", e.code, name)
        assertTrue(e.messageEn.contains("a panic requested by a test"), "$name: ${e.messageEn}")
        assertTrue(e.messagePl.isNotEmpty())
    }

    @Test
    fun everyEntryPointOfTheBindingsHasACall() {
        val found = entryPoints()
        assertTrue(found.size >= 30, "only ${found.size} entry points: $found")
        assertEquals(found.sorted(), (functions.keys + methods.keys).sorted(),
            "the generated bindings' entry points and the calls of this test differ: give a new one a call")
    }

    @Test
    fun theTriggerFiresOnceAndCanBeDisarmed() {
        assertFalse(armPanicForTests(true))
        assertTrue(armPanicForTests(false))
        assertTrue(catalogueJson().isNotEmpty(), "a disarmed trigger does nothing")
        panicsAsInternalError("catalogueJson") { catalogueJson() }
        assertTrue(catalogueJson().isNotEmpty())
    }

    @TestFactory
    fun aPanicInAFunctionIsAnInternalErrorAndTheFunctionWorksAgain(): List<DynamicTest> =
        functions.map { (name, call) ->
            DynamicTest.dynamicTest(name) {
                panicsAsInternalError(name, call)
                try {
                    call()
                } catch (e: KooperacjeException) {
                    assertFalse(e is KooperacjeException.Internal, "$name after the panic: ${e.messageEn()}")
                }
            }
        }

    @TestFactory
    fun aPanicInAModelMethodIsAnInternalErrorAndPoisonsThatModel(): List<DynamicTest> =
        methods.map { (name, call) ->
            DynamicTest.dynamicTest(name) {
                val model = modelAt("active_zzk")
                panicsAsInternalError(name) { call(model) }
                val later = assertFailsWith<KooperacjeException.Internal> { model.stateJson() }
                assertTrue(later.messageEn.contains("earlier call panicked"), later.messageEn)
                assertEquals(PzkStage.OPERATING, modelAt("active_zzk").pzkStage("pzk-1"), "other models are unaffected")
            }
        }
}
