// Paths and files shared by the JVM tests of the mobile bindings.
package pl.kooperacje.tests

import java.io.File

/** The workspace root: the system property `kooperacje.root` (scripts/test sets it). */
val ROOT: File = File(System.getProperty("kooperacje.root") ?: ".").absoluteFile

val SCENARIOS: File = File(ROOT, "tests/scenarios")

/** Every JSON file directly in tests/scenarios, sorted by name, as the other runners read them. */
fun scenarioFiles(): List<File> =
    (SCENARIOS.listFiles() ?: emptyArray()).filter { it.isFile && it.name.endsWith(".json") }.sortedBy { it.name }

/** Every fixture's JSON text by name. */
fun fixtures(): Map<String, String> =
    (File(SCENARIOS, "fixtures").listFiles() ?: emptyArray())
        .filter { it.name.endsWith(".json") }
        .associate { it.nameWithoutExtension to it.readText() }
