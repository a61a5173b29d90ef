package pl.kooperacje.c;

import com.sun.jna.Callback;
import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.ByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.Map;

/**
 * The declarations of {@code bindings-c/include/kooperacje.h}, one method per C function, for
 * JNA's interface mapping. Most code uses {@link Session} and {@link Kooperacje}, which free what
 * the library returns and turn its errors into exceptions; this raw form is public for a host
 * that needs a function those do not wrap.
 *
 * <p>Texts go in as Java strings, which JNA writes as NUL-terminated UTF-8 because the library
 * is loaded with that encoding (the platform's default may differ). Texts and errors coming back
 * are pointers, read as UTF-8 and then freed with {@code kooperacje_string_free} and
 * {@code kooperacje_error_free}: JNA must not read them as {@code String}, or nobody would free
 * them. A C {@code bool} argument is a Java {@code boolean} (JNA passes 0 or 1, which the callee
 * reads the same); the {@code bool} the test hook returns is read as a {@code byte}, the one
 * byte C writes.
 */
public interface Native extends Library {
    /** The interface contract this wrapper was written for ({@code KOOPERACJE_ABI_VERSION}). */
    int ABI_VERSION = 1;

    /** {@code KOOPERACJE_STATUS_OK}: the call succeeded. */
    int STATUS_OK = 0;

    /** {@code KOOPERACJE_STATUS_ERROR}: the call failed and gave a {@link KooperacjeError}. */
    int STATUS_ERROR = 1;

    /**
     * The library ({@code libkooperacje_c.so}, found on {@code jna.library.path}), loaded once
     * and checked against {@link #ABI_VERSION} then, so that a library of another contract fails
     * at load time instead of misreading arguments later.
     */
    Native LIB = Loader.load();

    /** Loads the library and checks its contract. */
    final class Loader {
        private Loader() {}

        static Native load() {
            Native lib = com.sun.jna.Native.load("kooperacje_c", Native.class,
                    Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
            int abi = lib.kooperacje_abi_version();
            if (abi != ABI_VERSION) {
                throw new UnsatisfiedLinkError("libkooperacje_c has interface version " + abi
                        + ", this wrapper was written for " + ABI_VERSION);
            }
            return lib;
        }
    }

    /** C's {@code size_t}: unsigned, as wide as the platform's. */
    final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;

        public SizeT() {
            this(0);
        }

        public SizeT(long value) {
            super(com.sun.jna.Native.SIZE_T_SIZE, value, true);
        }
    }

    /** A {@code size_t *} output. */
    final class SizeTByReference extends ByReference {
        public SizeTByReference() {
            super(com.sun.jna.Native.SIZE_T_SIZE);
            getPointer().setLong(0, 0);
        }

        /** The number written by the library. */
        public long getValue() {
            return com.sun.jna.Native.SIZE_T_SIZE == 8 ? getPointer().getLong(0) : getPointer().getInt(0) & 0xffffffffL;
        }
    }

    /**
     * {@code struct KooperacjeError}. The texts are left as pointers so that they are read as
     * UTF-8 whatever JNA's default encoding is; {@code index} and {@code line} are -1 when the
     * error is not about a batch.
     */
    @Structure.FieldOrder({"code", "kind", "area", "message", "message_pl", "index", "line"})
    final class KooperacjeError extends Structure {
        public Pointer code;
        public Pointer kind;
        public Pointer area;
        public Pointer message;
        public Pointer message_pl;
        public long index;
        public long line;

        /** The error the library wrote at {@code p}, read at once. */
        public KooperacjeError(Pointer p) {
            super(p);
            read();
        }
    }

    /** {@code KooperacjeExecuteCallback}: carries out one command of a scenario. */
    interface ExecuteCallback extends Callback {
        void invoke(Pointer userData, Pointer commandJson, Pointer reply);
    }

    /** {@code KooperacjeStateCallback}: gives the driver's canonical state. */
    interface StateCallback extends Callback {
        void invoke(Pointer userData, Pointer reply);
    }

    int kooperacje_abi_version();

    String kooperacje_version();

    int kooperacje_event_schema_version();

    void kooperacje_string_free(Pointer text);

    void kooperacje_bytes_free(Pointer data, SizeT len);

    /** Only in libraries built with the feature {@code test-hooks}. */
    byte kooperacje_test_arm_panic(boolean armed);

    int kooperacje_session_basket_export(long session, String partnershipId, String format,
            PointerByReference data, SizeTByReference len, PointerByReference error);

    int kooperacje_session_basket_import(long session, String partnershipId, byte[] data, SizeT len,
            String format, String at, String actor, String reason, boolean skipInvalid,
            PointerByReference reportJson, PointerByReference error);

    int kooperacje_catalogue(PointerByReference out, PointerByReference error);

    int kooperacje_label(String enumName, String code, String lang, PointerByReference out,
            PointerByReference error);

    int kooperacje_canonical_json(String jsonText, PointerByReference out, PointerByReference error);

    int kooperacje_json_pointer(String jsonText, String pointer, PointerByReference out, PointerByReference error);

    void kooperacje_error_free(Pointer error);

    Pointer kooperacje_error_json(Pointer error);

    int kooperacje_session_read(long session, String viewerJson, String subjectJson, String at,
            String personalJson, byte[] key, SizeT keyLen, PointerByReference out,
            PointerByReference error);

    int kooperacje_session_consent_receipt(long session, String zzkId, String consentId,
            String issuedAt, String personalJson, String langCode, PointerByReference out,
            PointerByReference error);

    int kooperacje_session_receipt_for_event(long session, String eventJson, String personalJson,
            String langCode, PointerByReference out, PointerByReference error);

    int kooperacje_pseudonym(byte[] key, SizeT keyLen, String kind, String id,
            PointerByReference out, PointerByReference error);

    int kooperacje_reply_ok(Pointer reply, String jsonText, PointerByReference error);

    int kooperacje_reply_error(Pointer reply, String code, String message, PointerByReference error);

    int kooperacje_run_scenario(String scenarioJson, String fixturesJson, ExecuteCallback execute,
            StateCallback state, Pointer userData, PointerByReference canonical,
            PointerByReference failures, SizeTByReference failureCount, PointerByReference error);

    int kooperacje_session_new(boolean keepEvents, LongByReference session, PointerByReference error);

    int kooperacje_session_free(long session, PointerByReference error);

    int kooperacje_session_load_jsonl(long session, byte[] jsonl, SizeT len, SizeTByReference count,
            PointerByReference error);

    int kooperacje_session_apply(long session, String eventsJson, SizeTByReference count,
            PointerByReference error);

    int kooperacje_session_execute(long session, String commandJson, PointerByReference eventsJson,
            PointerByReference error);

    int kooperacje_session_decide(long session, String commandJson, PointerByReference eventsJson,
            PointerByReference error);

    int kooperacje_session_state(long session, PointerByReference out, PointerByReference error);

    int kooperacje_session_events_jsonl(long session, PointerByReference out, PointerByReference error);

    int kooperacje_session_event_count(long session, SizeTByReference count, PointerByReference error);

    int kooperacje_session_partnership(long session, String partnershipId, PointerByReference out,
            PointerByReference error);

    int kooperacje_session_zzk(long session, String zzkId, PointerByReference out,
            PointerByReference error);

    int kooperacje_session_registry(long session, String partnershipId, String asOf,
            PointerByReference out, PointerByReference error);

    int kooperacje_session_indicators(long session, String partnershipId, String asOf,
            PointerByReference out, PointerByReference error);

    int kooperacje_session_overdue(long session, String asOf, PointerByReference out,
            PointerByReference error);

    int kooperacje_session_monitoring(long session, String partnershipId, String period,
            PointerByReference out, PointerByReference error);

    int kooperacje_session_search_basket(long session, String partnershipId, String queryJson,
            PointerByReference out, PointerByReference error);
}
