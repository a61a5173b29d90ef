package pl.kooperacje.c;

/** Kind {@code decode}. A text that is not the JSON (or the file) it should be: MALFORMED_JSON, BAD_FILE. */
public class KooperacjeDecodeException extends KooperacjeException {
    private static final long serialVersionUID = 1L;

    public KooperacjeDecodeException(String code, String kind, String area, String message, String messagePl,
            long index, long line) {
        super(code, kind, area, message, messagePl, index, line);
    }
}
