package pl.kooperacje.c;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;

/**
 * The two shapes every call of the library takes, in one place: a status with an error (thrown
 * as the kind's exception), and a text output (read as UTF-8 and freed at once, so no text of
 * the library outlives the call that made it).
 */
final class Calls {
    private Calls() {}

    /** A call of the library given the place for its error; returns the status. */
    @FunctionalInterface
    interface Status {
        int call(PointerByReference error);
    }

    /** A call that writes a text to {@code out}. */
    @FunctionalInterface
    interface Text {
        int call(PointerByReference out, PointerByReference error);
    }

    /** Runs the call; on failure throws the error it gave. */
    static void check(Status body) {
        PointerByReference error = new PointerByReference();
        if (body.call(error) != Native.STATUS_OK) {
            throw KooperacjeException.take(error.getValue());
        }
    }

    /** Runs the call and gives the text it wrote. */
    static String text(Text body) {
        PointerByReference out = new PointerByReference();
        check(error -> body.call(out, error));
        return take(out.getValue());
    }

    /** A text the library returned, read as UTF-8 and freed. */
    static String take(Pointer text) {
        if (text == null) {
            return null;
        }
        try {
            return text.getString(0, "UTF-8");
        } finally {
            Native.LIB.kooperacje_string_free(text);
        }
    }

    /** A Java text as the UTF-8 bytes the library reads for byte arguments. */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
