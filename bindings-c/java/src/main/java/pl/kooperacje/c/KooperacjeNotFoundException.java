package pl.kooperacje.c;

/** Kind {@code not_found}. Something named does not exist: a PZK, a ZZK, a consent, a member. */
public class KooperacjeNotFoundException extends KooperacjeException {
    private static final long serialVersionUID = 1L;

    public KooperacjeNotFoundException(String code, String kind, String area, String message, String messagePl,
            long index, long line) {
        super(code, kind, area, message, messagePl, index, line);
    }
}
