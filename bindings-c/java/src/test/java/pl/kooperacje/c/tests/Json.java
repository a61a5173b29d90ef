package pl.kooperacje.c.tests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only JSON reader (the JDK has none, and the wrapper carries JSON as text): objects as
 * maps, arrays as lists, numbers as doubles. Enough to read fields the tests check; it throws on
 * what it cannot read.
 */
final class Json {
    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** The value of a JSON text. */
    static Object parse(String text) {
        Json p = new Json(text);
        Object value = p.value();
        p.space();
        if (p.i != text.length()) throw p.error("trailing text");
        return value;
    }

    /** A member of an object, by a path of names and indices: {@code at(v, "zzks", "z-1", "stage")}. */
    static Object at(Object value, Object... path) {
        for (Object step : path) {
            value = step instanceof Integer n ? ((List<?>) value).get(n) : ((Map<?, ?>) value).get(step);
        }
        return value;
    }

    private Object value() {
        space();
        char c = s.charAt(i);
        switch (c) {
            case '{': {
                Map<String, Object> map = new LinkedHashMap<>();
                i++;
                if (skip('}')) return map;
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    map.put(key, value());
                    space();
                } while (skip(','));
                expect('}');
                return map;
            }
            case '[': {
                List<Object> list = new ArrayList<>();
                i++;
                if (skip(']')) return list;
                do {
                    list.add(value());
                    space();
                } while (skip(','));
                expect(']');
                return list;
            }
            case '"':
                return string();
            default:
                for (String word : new String[] {"true", "false", "null"}) {
                    if (s.startsWith(word, i)) {
                        i += word.length();
                        return word.equals("null") ? null : Boolean.valueOf(word);
                    }
                }
                int start = i;
                while (i < s.length() && "+-.eE0123456789".indexOf(s.charAt(i)) >= 0) i++;
                if (start == i) throw error("unexpected '" + c + "'");
                return Double.valueOf(s.substring(start, i));
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        for (char c = s.charAt(i++); c != '"'; c = s.charAt(i++)) {
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private void space() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private boolean skip(char c) {
        space();
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!skip(c)) throw error("expected '" + c + "'");
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("JSON at " + i + ": " + what);
    }
}
