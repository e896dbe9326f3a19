package org.fieldsync.sampling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Typed reading of plain maps (stored records), failing with {@code INVALID_PLAN_RECORD} and the member's path. */
final class Maps {
    private final Map<String, ?> m;
    private final String where;

    Maps(Map<String, ?> m, String where) {
        if (m == null) {
            throw bad(where, "missing");
        }
        this.m = m;
        this.where = where;
    }

    Object get(String key) {
        Object v = m.get(key);
        if (v == null) {
            throw bad(where + "." + key, "missing");
        }
        return v;
    }

    Object opt(String key) {
        return m.get(key);
    }

    String string(String key) {
        Object v = get(key);
        if (!(v instanceof String s)) {
            throw bad(where + "." + key, "not a string");
        }
        return s;
    }

    Number number(String key) {
        return num(get(key), where + "." + key);
    }

    int integer(String key) {
        return number(key).intValue();
    }

    boolean bool(String key) {
        Object v = get(key);
        if (!(v instanceof Boolean b)) {
            throw bad(where + "." + key, "not a boolean");
        }
        return b;
    }

    List<?> list(String key) {
        Object v = get(key);
        if (!(v instanceof List<?> l)) {
            throw bad(where + "." + key, "not a list");
        }
        return l;
    }

    Map<String, ?> map(String key) {
        return asMap(get(key), where + "." + key);
    }

    Map<String, Integer> intMap(String key) {
        Map<String, Integer> out = new LinkedHashMap<>();
        map(key).forEach((k, v) -> out.put(k, num(v, where + "." + key + "." + k).intValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, ?> asMap(Object v, String where) {
        if (!(v instanceof Map<?, ?>)) {
            throw bad(where, "not an object");
        }
        return (Map<String, ?>) v;
    }

    static Number num(Object v, String where) {
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof String s) {
            try {
                return s.startsWith("0x") || s.startsWith("-0x") ? Double.parseDouble(s) : Double.valueOf(s);
            } catch (NumberFormatException e) {
                throw bad(where, "not a number: " + s);
            }
        }
        throw bad(where, "not a number");
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, Object v, String where) {
        try {
            return Enum.valueOf(type, String.valueOf(v).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(where, "unknown value " + v);
        }
    }

    static SamplingException bad(String where, String what) {
        return new SamplingException(SamplingException.Code.INVALID_PLAN_RECORD, where + ": " + what,
                Map.of("member", where));
    }
}
