// A separate Kotlin project that uses the published jar as an app would: compiled against the jar,
// JNA and kotlin-stdlib only, and run with no -Djna.library.path (JNA finds the native library in
// the jar). bindings-mobile/package-test.sh compiles and runs it. Argument: the workspace root.
import pl.kooperacje.*
import pl.kooperacje.types.*
import java.io.File
import java.time.Instant
import java.time.LocalDate

fun main(args: Array<String>) {
    val root = File(args[0])
    val model = Model.fromJsonl(File(root, "tests/quickstart/pzk.jsonl").readText())
    val zzk = File(root, "tests/quickstart/zzk.jsonl").readLines()
    zzk.forEach { model.executeJson(it) }
    val plan = PlanInput(caseNumber = "OPS.5120.21.2026", situation = emptyMap(), problems = null,
        mainGoal = "Zdrowie rodziny", goals = listOf(GoalInput("g-1", "Leczenie i rehabilitacja")), tasks = emptyList())
    model.run(Instant.parse("2026-04-11T09:00:00Z"), "u-0012", Command.HoldZzkMeeting(zzkId = "zzk-2026-0021",
        meetingId = "mt-0102", kind = ZzkMeetingKind.FIRST, heldOn = LocalDate.of(2026, 4, 11), familyPresent = true,
        representativePresent = false, attending = listOf("zm-nurse"), remote = false, minutes = "nt-0104",
        assessment = null, plan = plan, project = null, moderator = "u-0012", minutesBy = "u-0012",
        venue = null, relatives = emptyList()))
    val stage = model.zzkStage("zzk-2026-0021")
    println(stage.labelPl)                                  // Praca ZZK
    println("${stage.code} ${stage.labelEn}")               // active …
    try {
        // The family's need reported again, a day after the meeting: refused (the ZZK exists).
        model.executeJson(zzk.first().replace("2026-04-01T09:00:00Z", "2026-04-12T09:00:00Z"))
        println("not refused")
    } catch (e: KooperacjeException) {
        println("${e.code()} pl: ${e.messagePl}")
        println("${e.code()} en: ${e.message}")
    }
}
