package pl.kooperacje.c;

import com.sun.jna.Pointer;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An error the library gave: its stable code (e.g. {@code ZZK_NOT_FOUND}), kind, area, English
 * message ({@link #getMessage()}) and Polish message ({@link #messagePl()}, the one to show a
 * social worker), and for a refused batch the position of the refused event. Each kind has its
 * own subclass, so a host catches, say, {@link KooperacjeConsentException} without reading codes.
 */
public class KooperacjeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The one place that says which class each kind of the library becomes. */
    private static final Map<String, Factory> BY_KIND = Map.of(
            "invalid", KooperacjeInvalidException::new,
            "not_found", KooperacjeNotFoundException::new,
            "conflict", KooperacjeConflictException::new,
            "stage", KooperacjeStageException::new,
            "consent", KooperacjeConsentException::new,
            "rule", KooperacjeRuleException::new,
            "forbidden", KooperacjeForbiddenException::new,
            "decode", KooperacjeDecodeException::new,
            "store", KooperacjeStoreException::new,
            "internal", KooperacjeInternalException::new);

    @FunctionalInterface
    private interface Factory {
        KooperacjeException make(String code, String kind, String area, String message,
                String messagePl, long index, long line);
    }

    private final String code;
    private final String kind;
    private final String area;
    private final String messagePl;
    private final long index;
    private final long line;

    /**
     * An error as the library describes it; {@code index} and {@code line} are negative when the
     * error is not about a batch.
     */
    public KooperacjeException(String code, String kind, String area, String message,
            String messagePl, long index, long line) {
        super(message);
        this.code = code;
        this.kind = kind;
        this.area = area;
        this.messagePl = messagePl;
        this.index = index;
        this.line = line;
    }

    /**
     * The exception of the kind's class, or of this base class for a kind this wrapper does not
     * know (a newer library's), so that no error is lost.
     */
    public static KooperacjeException of(String code, String kind, String area, String message,
            String messagePl, long index, long line) {
        Factory factory = BY_KIND.getOrDefault(kind, KooperacjeException::new);
        return factory.make(code, kind, area, message, messagePl, index, line);
    }

    /**
     * The exception for the {@code KooperacjeError *} a call wrote, which it frees: the library's
     * error lives no longer than this conversion.
     */
    static KooperacjeException take(Pointer error) {
        if (error == null) {
            return of("INTERNAL_ERROR", "internal", "internal", "the call failed without an error",
                    "wywołanie nie powiodło się bez opisu błędu", -1, -1);
        }
        try {
            Native.KooperacjeError e = new Native.KooperacjeError(error);
            return of(utf8(e.code), utf8(e.kind), utf8(e.area), utf8(e.message), utf8(e.message_pl),
                    e.index, e.line);
        } finally {
            Native.LIB.kooperacje_error_free(error);
        }
    }

    private static String utf8(Pointer p) {
        return p == null ? "" : p.getString(0, "UTF-8");
    }

    /** The stable machine code, e.g. {@code ZZK_NOT_FOUND} (the catalogue's {@code errors}). */
    public String code() {
        return code;
    }

    /** The kind, e.g. {@code not_found}, which chose this exception's class. */
    public String kind() {
        return kind;
    }

    /** The area of the code, e.g. {@code zzk} or {@code validation}. */
    public String area() {
        return area;
    }

    /** The Polish message, for the social worker. */
    public String messagePl() {
        return messagePl;
    }

    /** For a refused batch of events: the position of the refused one, from 0. */
    public OptionalLong index() {
        return index < 0 ? OptionalLong.empty() : OptionalLong.of(index);
    }

    /** For refused JSON lines: the line of the refused event, from 1. */
    public OptionalLong line() {
        return line < 0 ? OptionalLong.empty() : OptionalLong.of(line);
    }

    @Override
    public String toString() {
        return getClass().getName() + ": " + code + ": " + getMessage();
    }
}
