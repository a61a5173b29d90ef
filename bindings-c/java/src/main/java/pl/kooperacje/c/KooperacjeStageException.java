package pl.kooperacje.c;

/** Kind {@code stage}. The PZK or ZZK is not at a stage where this may be done. */
public class KooperacjeStageException extends KooperacjeException {
    private static final long serialVersionUID = 1L;

    public KooperacjeStageException(String code, String kind, String area, String message, String messagePl,
            long index, long line) {
        super(code, kind, area, message, messagePl, index, line);
    }
}
