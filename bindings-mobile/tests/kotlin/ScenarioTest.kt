// Every file of tests/scenarios/ through the Kotlin API: the core's runner reads the file and
// judges the results, and every command is carried out here, by a Kotlin ScenarioDriver over a
// Kotlin Model (so each command crosses into Kotlin as a typed CommandEnvelope and back into
// Model.execute). The canonical result is written to target/conformance/kotlin/NAME.json, which
// scripts/test compares byte for byte with the other languages' results.
package pl.kooperacje.tests

import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import pl.kooperacje.KooperacjeException
import pl.kooperacje.Model
import pl.kooperacje.ScenarioDriver
import pl.kooperacje.runScenario
import pl.kooperacje.types.CommandEnvelope
import pl.kooperacje.types.EventEnvelope
import java.io.File
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** A driver over a fresh Kotlin model; counts the commands it carried out. */
class ModelDriver : ScenarioDriver {
    val model = Model()
    var executed = 0

    override fun execute(command: CommandEnvelope): List<EventEnvelope> {
        executed += 1
        return model.execute(command)
    }

    override fun stateJson(): String = model.stateJson()
}

class ScenarioTest {
    private val out = File(System.getProperty("kooperacje.conformance") ?: File(ROOT, "target/conformance/kotlin").path)

    @Test
    fun thereAreAtLeastTwentyScenarios() {
        assertTrue(scenarioFiles().size >= 20, "only ${scenarioFiles().size} scenario files")
    }

    @TestFactory
    fun everyScenario(): List<DynamicTest> {
        val fixtures = fixtures()
        return scenarioFiles().map { file ->
            DynamicTest.dynamicTest("scenario ${file.nameWithoutExtension}") {
                val driver = ModelDriver()
                val outcome = runScenario(file.readText(), fixtures, driver)
                assertEquals(file.nameWithoutExtension, outcome.name, "the name must equal the file's stem")
                assertEquals(emptyList(), outcome.failures, outcome.failures.joinToString("\n"))
                assertTrue(driver.executed > 0, "the Kotlin driver carried out no command")
                out.mkdirs()
                File(out, "${outcome.name}.json").writeText(outcome.canonicalJson)
            }
        }
    }

    @Test
    fun aWrongExpectationIsReported() {
        // The runner can fail: a file expecting another error code than the model gives.
        val file = scenarioFiles().first { it.readText().contains("\"error\"") }
        val broken = Regex("\"error\"\\s*:\\s*\"[A-Z_]+\"").replaceFirst(file.readText(), "\"error\": \"SOMETHING_ELSE\"")
        val outcome = runScenario(broken, fixtures(), ModelDriver())
        assertTrue(outcome.failures.any { it.contains("unexpected error") }, outcome.failures.toString())
    }

    @Test
    fun aDriverThatRejectsEverythingFailsTheScenario() {
        // The judge is the runner, not the driver: a driver that refuses every command fails.
        val refusing = object : ScenarioDriver {
            val model = Model()
            override fun execute(command: CommandEnvelope): List<EventEnvelope> =
                throw KooperacjeException.Rule("NOTHING_CHANGED", "rule", "refused by the test", "odmowa", null, null)
            override fun stateJson(): String = model.stateJson()
        }
        val file = scenarioFiles().first()
        val outcome = runScenario(file.readText(), fixtures(), refusing)
        assertTrue(outcome.failures.isNotEmpty())
    }

    @Test
    fun aFileThatIsNotAScenarioIsMalformedJson() {
        val err = kotlin.runCatching { runScenario("{\"steps\": 1}", fixtures(), ModelDriver()) }.exceptionOrNull()
        assertTrue(err is KooperacjeException.Decode, "$err")
        assertEquals("MALFORMED_JSON", err.code())
    }
}
