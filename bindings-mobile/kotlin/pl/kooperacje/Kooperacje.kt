// The Java face of the package, and a little Kotlin sugar: thin calls of the generated bindings,
// no rule of their own. Java sees the generated top-level functions as `Kooperacje_mobileKt.*` and
// the Model's named constructors as `Model.Companion.*`; here they are static methods of one class,
// `Kooperacje`, with Java-friendly types (Long for uniffi's unsigned numbers, which Java sees only under
// mangled names such as `eventCount-s-VKNKU`). Compiled into the
// jar with the generated code (bindings-mobile/build.sh).
@file:JvmName("KooperacjeErrors")

package pl.kooperacje

import pl.kooperacje.types.EventEnvelope
import pl.kooperacje.types.Lang

/** The Polish message of any error, for the social worker (`message` is the English one). */
val KooperacjeException.messagePl: String
    get() = messagePl()

/** The message in a language. */
fun KooperacjeException.message(lang: Lang): String = when (lang) {
    Lang.PL -> messagePl()
    Lang.EN -> messageEn()
}

/** Static entry points for Java: `Kooperacje.model()`, `Kooperacje.version()`, … */
object Kooperacje {
    /** An empty model that keeps its events. */
    @JvmStatic
    @Throws(KooperacjeException::class)
    fun model(): Model = Model()

    /** An empty model; with `keepEvents = false` it keeps the state only. */
    @JvmStatic
    @Throws(KooperacjeException::class)
    fun model(keepEvents: Boolean): Model = Model.withOptions(keepEvents)

    /** A model replayed from an event log in JSON lines (all or none). */
    @JvmStatic
    @Throws(KooperacjeException::class)
    fun fromJsonl(jsonl: String): Model = Model.fromJsonl(jsonl)

    /** A model replayed from events (all or none). */
    @JvmStatic
    @Throws(KooperacjeException::class)
    fun fromEvents(events: List<EventEnvelope>): Model = Model.fromEvents(events)

    /** The number of events the model holds. */
    @JvmStatic
    @Throws(KooperacjeException::class)
    fun eventCount(model: Model): Long = model.eventCount().toLong()

    /** Applies stored events (all or none); the number applied. */
    @JvmStatic
    @Throws(KooperacjeException::class)
    fun apply(model: Model, events: List<EventEnvelope>): Long = model.apply(events).toLong()

    /** Applies an event log in JSON lines (all or none); the number applied. */
    @JvmStatic
    @Throws(KooperacjeException::class)
    fun applyJsonl(model: Model, jsonl: String): Long = model.applyJsonl(jsonl).toLong()

    /** The package's version (`"0.1.0"`). */
    @JvmStatic
    @Throws(KooperacjeException::class)
    fun version(): String = pl.kooperacje.version()

    /** The version of the events' JSON form this build writes. */
    @JvmStatic
    @Throws(KooperacjeException::class)
    fun eventSchemaVersion(): Long = pl.kooperacje.eventSchemaVersion().toLong()

    /** The label of a value of a labelled enum by name and code: `label("ZzkStage", "suspended", Lang.PL)`. */
    @JvmStatic
    @Throws(KooperacjeException::class)
    fun label(enumName: String, code: String, lang: Lang): String = pl.kooperacje.label(enumName, code, lang)

    /** The values of a labelled enum (`"ZzkStage"`) with their codes and labels, in declaration order. */
    @JvmStatic
    @Throws(KooperacjeException::class)
    fun labels(enumName: String): List<LabelledValue> = pl.kooperacje.labels(enumName)

    /** The catalogue as JSON text (every labelled enum and error code). */
    @JvmStatic
    @Throws(KooperacjeException::class)
    fun catalogueJson(): String = pl.kooperacje.catalogueJson()

    /** The Polish message of an error (`e.getMessage()` is the English one). */
    @JvmStatic
    fun messagePl(e: KooperacjeException): String = e.messagePl()
}
