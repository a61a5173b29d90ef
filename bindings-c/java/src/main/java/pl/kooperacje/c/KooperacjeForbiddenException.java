package pl.kooperacje.c;

/** Kind {@code forbidden}. The actor may not do this. */
public class KooperacjeForbiddenException extends KooperacjeException {
    private static final long serialVersionUID = 1L;

    public KooperacjeForbiddenException(String code, String kind, String area, String message, String messagePl,
            long index, long line) {
        super(code, kind, area, message, messagePl, index, line);
    }
}
