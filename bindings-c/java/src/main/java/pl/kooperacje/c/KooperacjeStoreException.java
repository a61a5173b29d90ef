package pl.kooperacje.c;

/** Kind {@code store}. The event store failed. */
public class KooperacjeStoreException extends KooperacjeException {
    private static final long serialVersionUID = 1L;

    public KooperacjeStoreException(String code, String kind, String area, String message, String messagePl,
            long index, long line) {
        super(code, kind, area, message, messagePl, index, line);
    }
}
