package pl.kooperacje.c;

/** Kind {@code internal}. A bug of the library (a caught panic: INTERNAL_ERROR); the session it happened in refuses further calls. */
public class KooperacjeInternalException extends KooperacjeException {
    private static final long serialVersionUID = 1L;

    public KooperacjeInternalException(String code, String kind, String area, String message, String messagePl,
            long index, long line) {
        super(code, kind, area, message, messagePl, index, line);
    }
}
