package pl.kooperacje.c;

/** Kind {@code consent}. The family's consent does not allow this: none given, withdrawn, or out of its scope. */
public class KooperacjeConsentException extends KooperacjeException {
    private static final long serialVersionUID = 1L;

    public KooperacjeConsentException(String code, String kind, String area, String message, String messagePl,
            long index, long line) {
        super(code, kind, area, message, messagePl, index, line);
    }
}
