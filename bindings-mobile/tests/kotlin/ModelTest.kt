// The Kotlin API of the mobile bindings on the JVM: typed commands and events, the error mapping
// (one KooperacjeException subclass per kind, with the core's code and Polish message), dates as
// java.time types, reports, the catalogue, event logs, and panics caught at the boundary.
package pl.kooperacje.tests

import pl.kooperacje.Kooperacje
import pl.kooperacje.KooperacjeException
import pl.kooperacje.Model
import pl.kooperacje.code
import pl.kooperacje.labelEn
import pl.kooperacje.labelPl
import pl.kooperacje.message
import pl.kooperacje.messagePl
import pl.kooperacje.ScenarioDriver
import pl.kooperacje.commandFromJson
import pl.kooperacje.commandToJson
import pl.kooperacje.errorCodes
import pl.kooperacje.eventFromJson
import pl.kooperacje.eventToJson
import pl.kooperacje.label
import pl.kooperacje.labels
import pl.kooperacje.armPanicForTests
import pl.kooperacje.catalogueJson
import pl.kooperacje.runScenario
import pl.kooperacje.types.BasketQuery
import pl.kooperacje.types.ClientInput
import pl.kooperacje.types.ClientKind
import pl.kooperacje.types.Command
import pl.kooperacje.types.CommandEnvelope
import pl.kooperacje.types.ConsentCapacity
import pl.kooperacje.types.ConsentForm
import pl.kooperacje.types.ConsentScope
import pl.kooperacje.types.Event
import pl.kooperacje.types.EventEnvelope
import pl.kooperacje.types.GoalInput
import pl.kooperacje.types.Lang
import pl.kooperacje.types.PlanInput
import pl.kooperacje.types.PzkStage
import pl.kooperacje.types.Responsible
import pl.kooperacje.types.ServiceStatus
import pl.kooperacje.types.SituationArea
import pl.kooperacje.types.SocialWorkPhase
import pl.kooperacje.types.SuspensionGround
import pl.kooperacje.types.TaskInput
import pl.kooperacje.types.ZzkMeetingKind
import pl.kooperacje.types.ZzkStage
import java.time.Instant
import java.time.LocalDate
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue

/** A model in the state a fixture of tests/scenarios/fixtures sets up (run by the core's runner). */
fun modelAt(fixture: String): Model {
    val driver = ModelDriver()
    val outcome = runScenario("""{"name": "setup", "given": ["$fixture"], "steps": []}""", fixtures(), driver)
    assertEquals(emptyList(), outcome.failures)
    return driver.model
}

class ModelTest {
    /** After the latest event of every fixture (a ZZK's commands must not go back in time). */
    private val at = Instant.parse("2026-05-04T09:00:00Z")

    private fun firstMeeting(heldOn: LocalDate) = Command.HoldZzkMeeting(
        zzkId = "zzk-kowalscy", meetingId = "mt-1", kind = ZzkMeetingKind.FIRST, heldOn = heldOn,
        familyPresent = true, representativePresent = false, attending = listOf("zm-nurse"), remote = false,
        minutes = "note-mt-1", assessment = null,
        plan = PlanInput(
            caseNumber = "OPS.5120.14.2026", situation = mapOf(SituationArea.HOUSING to "note-housing"),
            problems = null, mainGoal = "Samodzielność rodziny",
            goals = listOf(GoalInput("g-health", "Leczenie Jana")),
            tasks = listOf(TaskInput("t-clinic", "g-health", "Zapisanie do poradni", Responsible.Family, LocalDate.of(2026, 5, 15))),
        ),
        project = null, moderator = null, minutesBy = null, venue = null, relatives = listOf(),
    )

    @Test
    fun typedCommandsFormAZzkWithConsentAndHoldItsFirstMeeting() {
        val model = modelAt("operating_pzk")
        val zzk = "zzk-kowalscy"
        val steps = listOf(
            Command.ReportNeed(zzk, "pzk-1", ClientInput(ClientKind.FAMILY, listOf("anna-k", "jan-k"), null), "sw-ewa"),
            Command.EstablishHelpingRelationship(zzk),
            Command.RecordInitialDiagnosis(zzk, LocalDate.of(2026, 4, 1), "note-diagnosis"),
            Command.RecordGrounds(zzk, "note-grounds", listOf("health")),
            Command.ProposeZzkWork(zzk),
            Command.GiveConsent(zzk, "cons-1", "anna-k", ConsentCapacity.ADULT_FAMILY_MEMBER, ConsentForm.WRITTEN,
                ConsentScope(zzkWork = true, shareWith = listOf("health"), evaluation = true), null),
            Command.AppointZzk(zzk, SocialWorkPhase.DIAGNOSIS),
            Command.AddZzkMember(zzk, "zm-nurse", "health", "nurse-1", "pielęgniarka"),
            Command.HoldZzkMeeting(zzk, "mt-cons", ZzkMeetingKind.CONSULTATION, LocalDate.of(2026, 4, 9), false, false,
                listOf("zm-nurse"), false, "note-cons", null, null, null, null, null, null, listOf()),
            Command.InviteToFirstMeeting(zzk, LocalDate.of(2026, 4, 12)),
        )
        // One command a day from 1 April 2026.
        steps.forEachIndexed { i, command -> model.run(Instant.parse("2026-04-01T09:00:00Z").plusSeconds(86_400L * i), "sw-ewa", command) }
        assertEquals(ZzkStage.FIRST_MEETING_INVITED, model.zzkStage(zzk))
        val events = model.run(Instant.parse("2026-04-12T10:00:00Z"), "sw-ewa", firstMeeting(LocalDate.of(2026, 4, 12)))
        assertEquals(ZzkStage.ACTIVE, model.zzkStage(zzk))
        val held = events.map { it.event }.filterIsInstance<Event.ZzkMeetingHeld>().single()
        assertEquals(LocalDate.of(2026, 4, 12), held.heldOn)
        assertTrue(events.any { it.event is Event.PlanAdopted }, events.toString())
        assertEquals(1u, model.registry("pzk-1").single().number)
    }

    @Test
    fun datesCrossAsJavaTimeTypesBothWays() {
        val model = modelAt("active_zzk")
        val precise = Instant.parse("2026-05-04T10:15:30.123456789Z")
        val suspend = Command.SuspendZzk("zzk-kowalscy", SuspensionGround.CRISIS, LocalDate.of(2026, 12, 1), null, null)
        val env = model.run(precise, "sw-ewa", suspend).first()
        assertEquals(precise, env.at, "an instant keeps its nanoseconds")
        val suspended = assertIs<Event.ZzkSuspended>(env.event)
        assertEquals(LocalDate.of(2026, 12, 1), suspended.reviewOn)
        // The canonical JSON written by the core from the Kotlin values.
        val json = eventToJson(env)
        assertTrue(json.contains("\"at\":\"2026-05-04T10:15:30.123456789Z\""), json)
        assertTrue(json.contains("\"review_on\":\"2026-12-01\""), json)
        assertEquals(env, eventFromJson(json), "an event survives its JSON form")
        val cmd = CommandEnvelope(precise, "sw-ewa", suspend)
        assertEquals(cmd, commandFromJson(commandToJson(cmd)))
    }

    @Test
    fun rejectedCommandsThrowTheKindsExceptionWithCodeAndPolishMessage() {
        val model = modelAt("active_zzk")
        val before = model.stateJson()
        val notFound = assertFailsWith<KooperacjeException.NotFound> {
            model.run(at, "sw-ewa", Command.SuspendZzk("zzk-nikt", SuspensionGround.CRISIS, LocalDate.of(2026, 12, 1), null, null))
        }
        assertEquals("ZZK_NOT_FOUND", notFound.code)
        assertEquals("ZZK_NOT_FOUND", notFound.code())
        assertEquals("not_found", notFound.kind())
        assertTrue(notFound.messagePl.isNotBlank() && notFound.messagePl != notFound.messageEn, notFound.messagePl)
        assertEquals(notFound.messagePl, notFound.messagePl())
        // The exception's message is the English message, not a dump of its fields; the Polish one
        // is `messagePl` on any KooperacjeException (Java: e.messagePl(), Kooperacje.messagePl(e)).
        assertEquals(notFound.messageEn, notFound.message)
        assertFalse(notFound.message!!.contains("code="), notFound.message)
        assertTrue(notFound.message!!.contains("zzk-nikt"), notFound.message)
        val any: KooperacjeException = notFound
        assertEquals(notFound.messagePl, any.messagePl)
        assertEquals(notFound.messagePl, any.message(Lang.PL))
        assertEquals(notFound.messageEn, any.message(Lang.EN))
        assertEquals(notFound.messagePl, Kooperacje.messagePl(any))
        val conflict = assertFailsWith<KooperacjeException.Conflict> {
            model.run(at, "sw-ewa", Command.AddZzkMember("zzk-kowalscy", "zm-nurse", "health", "nurse-2", "pielęgniarka"))
        }
        assertEquals("conflict", conflict.kind())
        val stage = assertFailsWith<KooperacjeException.Stage> {
            model.run(at, "sw-ewa", Command.AppointZzk("zzk-kowalscy", SocialWorkPhase.DIAGNOSIS))
        }
        assertEquals("ZZK_WRONG_STAGE", stage.code)
        val forbidden = assertFailsWith<KooperacjeException.Forbidden> {
            model.run(at, "sw-tomasz", Command.AppointZzk("zzk-kowalscy", SocialWorkPhase.DIAGNOSIS))
        }
        assertEquals("ACTOR_NOT_PERMITTED", forbidden.code)
        assertEquals("forbidden", forbidden.kind())
        assertEquals(before, model.stateJson(), "a rejected command changes nothing")
        val invalid = assertFailsWith<KooperacjeException.Invalid> {
            model.run(at, "sw-ewa", Command.ReportNeed("", "pzk-1", ClientInput(ClientKind.PERSON, listOf("p-1"), null), "sw-ewa"))
        }
        assertEquals("INVALID_ID", invalid.code)
        val decode = assertFailsWith<KooperacjeException.Decode> { model.executeJson("{\"at\": 1}") }
        assertEquals("MALFORMED_JSON", decode.code)
    }

    @Test
    fun everyCodeHasAKindThatIsAnExceptionClass() {
        val kinds = errorCodes().map { it.kind }.toSet()
        assertEquals(setOf("invalid", "not_found", "conflict", "stage", "consent", "rule", "forbidden", "decode", "internal"), kinds)
        assertTrue(errorCodes().any { it.code == "ZZK_SUSPENDED" && it.kind == "stage" })
        val subclasses = KooperacjeException::class.java.declaredClasses
            .filter { KooperacjeException::class.java.isAssignableFrom(it) }.map { it.simpleName }.toSet()
        // One subclass per kind of the core; `Store` is for hosts that keep a store (STORE_* codes)
        // and is never thrown by this package.
        assertEquals(setOf("Invalid", "NotFound", "Conflict", "Stage", "Consent", "Rule", "Forbidden", "Decode", "Store", "Internal"), subclasses)
    }

    @Test
    fun aPanicIsAnInternalErrorAndThePanickedModelRefusesLaterCalls() {
        // The test build's trigger makes the next guarded call panic inside its guard (every entry
        // point: PanicTest).
        armPanicForTests(true)
        val e = assertFailsWith<KooperacjeException.Internal> { catalogueJson() }
        assertEquals("INTERNAL_ERROR", e.code)
        assertTrue(e.messageEn.contains("a panic requested by a test"), e.messageEn)
        val model = modelAt("operating_pzk")
        armPanicForTests(true)
        assertFailsWith<KooperacjeException.Internal> { model.zzkIds() }
        val later = assertFailsWith<KooperacjeException.Internal> { model.pzkStage("pzk-1") }
        assertTrue(later.messageEn.contains("earlier call panicked"), later.messageEn)
        assertEquals(PzkStage.OPERATING, modelAt("operating_pzk").pzkStage("pzk-1"), "other models are unaffected")
    }

    @Test
    fun decideNeverChangesTheModel() {
        val model = modelAt("active_zzk")
        val before = model.stateJson()
        val count = model.eventCount()
        val events = model.decide(CommandEnvelope(at.plusSeconds(86400L * 30), "sw-ewa",
            Command.SuspendZzk("zzk-kowalscy", SuspensionGround.CRISIS, LocalDate.of(2026, 12, 1), null, null)))
        assertIs<Event.ZzkSuspended>(events.single().event)
        assertEquals(before, model.stateJson())
        assertEquals(count, model.eventCount())
    }

    @Test
    fun eventLogsReplayAllOrNone() {
        val model = modelAt("active_zzk")
        val jsonl = model.eventsJsonl()
        val copy = Model.fromJsonl(jsonl)
        assertEquals(model.stateJson(), copy.stateJson())
        assertEquals(model.stateJson(), Model.fromEvents(model.events()).stateJson())
        // A blank line, then the log without its first event (the PZK's registration): the first
        // event cannot follow, and nothing is applied.
        val broken = "\n" + jsonl.substringAfter("\n")
        val empty = Model()
        val e = assertFailsWith<KooperacjeException.NotFound> { empty.applyJsonl(broken) }
        assertEquals("PARTNERSHIP_NOT_FOUND", e.code)
        assertEquals(0uL, e.index(), "indexes count the events")
        assertEquals(2uL, e.line(), "line numbers count the lines")
        assertEquals(0uL, empty.eventCount())
        assertEquals(Model().stateJson(), empty.stateJson())
    }

    @Test
    fun theRegistryOnADateShowsALapseOfConsentAsASuspension() {
        val model = modelAt("active_zzk")
        val zzk = "zzk-kowalscy"
        val at = Instant.parse("2026-05-04T09:00:00Z")
        model.run(at, "sw-ewa", Command.GiveConsent(zzk, "cons-short", "jan-k", ConsentCapacity.ADULT_FAMILY_MEMBER,
            ConsentForm.WRITTEN, ConsentScope(zzkWork = true, shareWith = listOf("school"), evaluation = false),
            LocalDate.of(2026, 5, 31)))
        model.run(at, "sw-ewa", Command.WithdrawConsent(zzk, "cons-kow-1", LocalDate.of(2026, 5, 20), null, null))
        assertEquals(ZzkStage.ACTIVE, model.registry("pzk-1", LocalDate.of(2026, 5, 31)).single().stage)
        val after = model.registry("pzk-1", LocalDate.of(2026, 6, 10)).single()
        assertEquals(ZzkStage.SUSPENDED, after.stage)
        assertEquals(SuspensionGround.CONSENT_WITHDRAWN, after.suspensionGround)
        assertEquals(LocalDate.of(2026, 6, 1), after.suspendedSince)
        assertEquals(9u, after.daysSuspended)
        // Without a date: the day of the latest event, before the lapse.
        assertEquals(null, model.registry("pzk-1").single().suspendedSince)
    }

    @Test
    fun reportsTakeAndGiveTypedValues() {
        val model = modelAt("active_zzk")
        val indicators = model.indicators("pzk-1", LocalDate.of(2026, 9, 30))
        assertEquals(PzkStage.OPERATING, indicators.stage)
        assertEquals(1uL, indicators.zzksAppointed)
        assertEquals(1uL, indicators.zzksByStage[ZzkStage.ACTIVE])
        val overdue = model.overdue(LocalDate.of(2026, 12, 31))
        assertTrue(overdue.any { it.subject == "t-clinic" && it.due == LocalDate.of(2026, 5, 15) }, overdue.toString())
        val entry = model.registry("pzk-1").single()
        assertEquals("zzk-kowalscy", entry.zzkId)
        assertEquals(ZzkStage.ACTIVE, entry.stage)
        val hits = model.searchBasket("pzk-1", BasketQuery("pielegniarki", null, null, null, null, null, false))
        assertTrue(hits.any { it.serviceId == "svc-nurse" }, "search ignores Polish diacritics: $hits")
        // One shape of a hit in every language: the id and the service as the basket holds it.
        val nurse = hits.single { it.serviceId == "svc-nurse" }
        assertEquals(ServiceStatus.ACTIVE, nurse.service.status)
        assertEquals(1u, nurse.service.version)
        assertFailsWith<KooperacjeException.NotFound> { model.indicators("pzk-nikt", LocalDate.of(2026, 9, 30)) }
        // Every report of an unknown PZK throws, as indicators() does.
        val unknown = assertFailsWith<KooperacjeException.NotFound> { model.registry("pzk-nikt") }
        assertEquals("PARTNERSHIP_NOT_FOUND", unknown.code)
        // A bad month is the core's BAD_PERIOD, as in a command and in every language.
        val month = assertFailsWith<KooperacjeException.Invalid> { model.monitoring("pzk-1", "2026-13") }
        assertEquals("BAD_PERIOD", month.code)
    }

    @Test
    fun labelsComeFromTheCoresCatalogue() {
        assertEquals("Zawieszony", label("ZzkStage", "suspended", Lang.PL))
        assertEquals("Suspended", label("ZzkStage", "suspended", Lang.EN))
        // The catalogue lists an enum's values in the order of the Kotlin enum class.
        val values = labels("ZzkStage")
        assertEquals(ZzkStage.entries.size, values.size)
        assertEquals("suspended", values[ZzkStage.SUSPENDED.ordinal].code)
        assertFailsWith<KooperacjeException.Decode> { label("ZzkStage", "nope", Lang.PL) }
    }

    @Test
    fun anEnumValueReadsItsOwnLabel() {
        assertEquals("Praca ZZK", ZzkStage.ACTIVE.labelPl)
        assertEquals("Zawieszony", ZzkStage.SUSPENDED.labelPl)
        assertEquals("Suspended", ZzkStage.SUSPENDED.labelEn)
        assertEquals("Zawieszony", ZzkStage.SUSPENDED.label(Lang.PL))
        assertEquals("suspended", ZzkStage.SUSPENDED.code)
    }

    /** Every generated label property (Labels.kt, written by build.sh from the core's catalogue)
     *  says what the library's own lookup (`label(enum, code, lang)`) says, for every value of every
     *  labelled enum; and every enum of the catalogue has them. */
    @Test
    fun everyGeneratedLabelIsTheCoresLabel() {
        val facade = Class.forName("pl.kooperacje.Labels")
        fun getter(name: String) = facade.methods.filter { it.name == name && it.parameterCount == 1 }
            .associateBy { it.parameterTypes[0] }
        val codes = getter("code")
        val pl = getter("labelPl")
        val en = getter("labelEn")
        val catalogue = catalogueJson()
        val enums = Regex("\"([A-Z][A-Za-z]+)\":\\[\\{\"code\"").findAll(catalogue).map { it.groupValues[1] }.toSet()
        assertEquals(enums, codes.keys.map { it.simpleName }.toSet())
        assertEquals(codes.keys, pl.keys)
        assertEquals(codes.keys, en.keys)
        for ((type, code) in codes) {
            val values = type.enumConstants
            assertEquals(labels(type.simpleName).size, values.size, type.simpleName)
            for (value in values) {
                val c = code.invoke(null, value) as String
                assertEquals(label(type.simpleName, c, Lang.PL), pl.getValue(type).invoke(null, value), "$type.$value")
                assertEquals(label(type.simpleName, c, Lang.EN), en.getValue(type).invoke(null, value), "$type.$value")
            }
        }
    }

    @Test
    fun aModelIsSharedSafelyBetweenThreads() {
        val model = modelAt("active_zzk")
        val threads = (1..4).map { n ->
            Thread { repeat(25) { model.stateJson(); model.zzkStage("zzk-kowalscy"); model.registry("pzk-1") } }
        }
        threads.forEach { it.start() }
        threads.forEach { it.join() }
        assertEquals(ZzkStage.ACTIVE, model.zzkStage("zzk-kowalscy"))
    }
}
