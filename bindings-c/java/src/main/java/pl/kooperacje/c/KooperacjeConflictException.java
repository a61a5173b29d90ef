package pl.kooperacje.c;

/** Kind {@code conflict}. Something already exists or was already done: a duplicate id, a second withdrawal. */
public class KooperacjeConflictException extends KooperacjeException {
    private static final long serialVersionUID = 1L;

    public KooperacjeConflictException(String code, String kind, String area, String message, String messagePl,
            long index, long line) {
        super(code, kind, area, message, messagePl, index, line);
    }
}
