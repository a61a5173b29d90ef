package pl.kooperacje.c;

/** Kind {@code rule}. A rule of the model forbids this (a deadline, a composition, a required decision). */
public class KooperacjeRuleException extends KooperacjeException {
    private static final long serialVersionUID = 1L;

    public KooperacjeRuleException(String code, String kind, String area, String message, String messagePl,
            long index, long line) {
        super(code, kind, area, message, messagePl, index, line);
    }
}
