package pl.kooperacje.c;

/** Kind {@code invalid}. An argument or command the library refused as invalid: a malformed value, a date out of range, a freed session (INVALID_HANDLE). */
public class KooperacjeInvalidException extends KooperacjeException {
    private static final long serialVersionUID = 1L;

    public KooperacjeInvalidException(String code, String kind, String area, String message, String messagePl,
            long index, long line) {
        super(code, kind, area, message, messagePl, index, line);
    }
}
