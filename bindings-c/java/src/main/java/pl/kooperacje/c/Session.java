package pl.kooperacje.c;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;

/**
 * A session of the model: the events applied so far and the state they make, held by the library
 * behind a handle. Commands, events, states and reports cross as JSON text in the library's
 * canonical forms; every failure is thrown as the {@link KooperacjeException} subclass of its
 * kind, and a refused command or batch changes nothing.
 *
 * <p>Close it (try-with-resources) to free the library's memory when you decide; a session
 * forgotten without closing is freed by a {@link Cleaner} once it is unreachable, as a safety
 * net. After {@link #close()} every method throws the library's {@code INVALID_HANDLE}
 * ({@link KooperacjeInvalidException}). One session may be used from several threads: the
 * library serialises its calls.
 */
public final class Session implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final long handle;
    private final Cleaner.Cleanable cleanable;

    /** An empty session that keeps its events (for {@link #eventsJsonl()}). */
    public Session() {
        this(true);
    }

    /**
     * An empty session; with {@code keepEvents} false it keeps only the state, not the events
     * (for large replays).
     */
    public Session(boolean keepEvents) {
        LongByReference out = new LongByReference();
        Calls.check(error -> Native.LIB.kooperacje_session_new(keepEvents, out, error));
        handle = out.getValue();
        cleanable = CLEANER.register(this, new Free(handle));
    }

    /**
     * A session holding recorded events given as JSON lines (one envelope per line, as
     * {@link #eventsJsonl()} writes them), each admitted by the model's rules.
     */
    public static Session fromJsonl(String jsonl) {
        Session session = new Session();
        try {
            session.loadJsonl(jsonl);
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Frees the handle once; it refers to no {@link Session}, so that the cleaner can run it when
     * the session is unreachable.
     */
    private static final class Free implements Runnable {
        private final long handle;

        Free(long handle) {
            this.handle = handle;
        }

        @Override
        public void run() {
            // Freeing a live handle cannot fail; there is nobody to tell if it did.
            Native.LIB.kooperacje_session_free(handle, null);
        }
    }

    /** Frees the session; later calls throw {@code INVALID_HANDLE}. Closing twice is harmless. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /** The library's handle of this session (for {@link Native} calls). */
    public long handle() {
        return handle;
    }

    /**
     * Runs a call with this session's handle, keeping the session reachable until it returns: else
     * the cleaner could free the handle while the call still uses it.
     */
    private void check(Calls.Status body) {
        try {
            Calls.check(body);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** As {@link #check}, for a call that writes a text. */
    private String text(Calls.Text body) {
        try {
            return Calls.text(body);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Decides a command ({@code {"at", "actor", "command": {"type", …}}}) and applies its events;
     * gives them as a JSON array of envelopes.
     */
    public String execute(String commandJson) {
        return text((out, e) -> Native.LIB.kooperacje_session_execute(handle, commandJson, out, e));
    }

    /** The events a command would yield (a JSON array), or its error; changes nothing. */
    public String decide(String commandJson) {
        return text((out, e) -> Native.LIB.kooperacje_session_decide(handle, commandJson, out, e));
    }

    /**
     * Admits and applies recorded events (a JSON array of envelopes), all or none; the error of a
     * refused one carries its {@link KooperacjeException#index()}. Gives the number applied.
     */
    public long apply(String eventsJson) {
        Native.SizeTByReference count = new Native.SizeTByReference();
        check(e -> Native.LIB.kooperacje_session_apply(handle, eventsJson, count, e));
        return count.getValue();
    }

    /**
     * Admits and applies recorded events given as JSON lines, all or none; the error of a refused
     * one carries its {@link KooperacjeException#index()} and {@link KooperacjeException#line()}.
     * Gives the number applied.
     */
    public long loadJsonl(String jsonl) {
        byte[] bytes = Calls.utf8(jsonl);
        Native.SizeTByReference count = new Native.SizeTByReference();
        check(e -> Native.LIB.kooperacje_session_load_jsonl(handle, bytes, new Native.SizeT(bytes.length),
                count, e));
        return count.getValue();
    }

    /** The canonical state ({@code {"partnerships": {…}, "zzks": {…}}}), the same text in every language. */
    public String stateJson() {
        return text((out, e) -> Native.LIB.kooperacje_session_state(handle, out, e));
    }

    /** The events kept so far as JSON lines: what a host stores. */
    public String eventsJsonl() {
        return text((out, e) -> Native.LIB.kooperacje_session_events_jsonl(handle, out, e));
    }

    /** The number of events kept. */
    public long eventCount() {
        Native.SizeTByReference count = new Native.SizeTByReference();
        check(e -> Native.LIB.kooperacje_session_event_count(handle, count, e));
        return count.getValue();
    }

    /** One PZK as JSON; {@code PARTNERSHIP_NOT_FOUND} when there is none. */
    public String partnershipJson(String partnershipId) {
        return text((out, e) -> Native.LIB.kooperacje_session_partnership(handle, partnershipId, out, e));
    }

    /** One ZZK (or case before appointment) as JSON; {@code ZZK_NOT_FOUND} when there is none. */
    public String zzkJson(String zzkId) {
        return text((out, e) -> Native.LIB.kooperacje_session_zzk(handle, zzkId, out, e));
    }

    /**
     * The ZZK registry of a PZK (a JSON array) on a day {@code YYYY-MM-DD}, or with {@code asOf}
     * null on the day of its latest event.
     */
    public String registry(String partnershipId, String asOf) {
        return text((out, e) -> Native.LIB.kooperacje_session_registry(handle, partnershipId, asOf, out, e));
    }

    /** The monitoring indicators of a PZK as of a day {@code YYYY-MM-DD}, as JSON. */
    public String indicators(String partnershipId, String asOf) {
        return text((out, e) -> Native.LIB.kooperacje_session_indicators(handle, partnershipId, asOf, out, e));
    }

    /** Everything overdue as of a day {@code YYYY-MM-DD}, in every PZK and ZZK, as JSON. */
    public String overdue(String asOf) {
        return text((out, e) -> Native.LIB.kooperacje_session_overdue(handle, asOf, out, e));
    }

    /** The monthly monitoring form of a PZK's ZZKs for a month {@code YYYY-MM}, as JSON. */
    public String monitoring(String partnershipId, String period) {
        return text((out, e) -> Native.LIB.kooperacje_session_monitoring(handle, partnershipId, period, out, e));
    }

    /**
     * Searches a PZK's local basket ({@code {"text": …, "areas": […], …}}; {@code {}} finds
     * everything); gives the hits as JSON ({@code [{"service_id", "service"}]}).
     */
    public String searchBasket(String partnershipId, String queryJson) {
        return text((out, e) -> Native.LIB.kooperacje_session_search_basket(handle, partnershipId, queryJson,
                out, e));
    }

    /**
     * Reads a subject as a viewer at {@code at} (RFC 3339): only what that role may see, as
     * {@code {"record", "view", "refusal"}} (a refusal of the rules is an answer, not an
     * exception). {@code personalJson} and {@code key} (at least 16 bytes, for analysts) may be
     * null.
     */
    public String read(String viewerJson, String subjectJson, String at, String personalJson, byte[] key) {
        Native.SizeT keyLen = new Native.SizeT(key == null ? 0 : key.length);
        return text((out, e) -> Native.LIB.kooperacje_session_read(handle, viewerJson, subjectJson, at,
                personalJson, key, keyLen, out, e));
    }

    /**
     * The receipt of one consent of a ZZK (after ISO/IEC TS 27560) as JSON, in {@code lang}
     * ({@code "pl"} or {@code "en"}); {@code personalJson} may be null.
     */
    public String consentReceipt(String zzkId, String consentId, String issuedAt, String personalJson,
            String lang) {
        return text((out, e) -> Native.LIB.kooperacje_session_consent_receipt(handle, zzkId, consentId,
                issuedAt, personalJson, lang, out, e));
    }

    /**
     * The receipt an event just applied calls for, as JSON: one for a consent given, renewed or
     * withdrawn, the text {@code null} for any other event.
     */
    public String receiptForEvent(String eventJson, String personalJson, String lang) {
        return text((out, e) -> Native.LIB.kooperacje_session_receipt_for_event(handle, eventJson,
                personalJson, lang, out, e));
    }

    /**
     * A PZK's local basket as a file's contents: {@code "xlsx"}, {@code "csv"}, {@code "json"}
     * or {@code "hsds"} (all but Excel's are UTF-8 text).
     */
    public byte[] basketExport(String partnershipId, String format) {
        PointerByReference data = new PointerByReference();
        Native.SizeTByReference len = new Native.SizeTByReference();
        check(e -> Native.LIB.kooperacje_session_basket_export(handle, partnershipId, format, data, len, e));
        Pointer p = data.getValue();
        long n = len.getValue();
        try {
            return p == null ? new byte[0] : p.getByteArray(0, Math.toIntExact(n));
        } finally {
            Native.LIB.kooperacje_bytes_free(p, new Native.SizeT(n));
        }
    }

    /**
     * Imports a basket sheet ({@code "xlsx"}, {@code "csv"} or {@code "json"}) into a PZK, every
     * change made at {@code at} by {@code actor} with {@code reason} (null: {@code "import"});
     * gives the row-by-row report as JSON. With rows refused and {@code skipInvalid} false it
     * throws {@code INVALID_ROWS} and changes nothing.
     */
    public String basketImport(String partnershipId, byte[] data, String format, String at, String actor,
            String reason, boolean skipInvalid) {
        Native.SizeT len = new Native.SizeT(data.length);
        return text((out, e) -> Native.LIB.kooperacje_session_basket_import(handle, partnershipId, data, len,
                format, at, actor, reason, skipInvalid, out, e));
    }
}
