package org.fieldsync.forms;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small collection helpers: unmodifiable copies that keep the document's order. */
final class Maps {
    private Maps() {
    }

    static Map<String, String> ordered(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
