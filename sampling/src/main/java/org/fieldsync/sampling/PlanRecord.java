package org.fieldsync.sampling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to audit and replay a plan, as plain values: the frame's SHA-256, every design parameter, the
 * master seed, the start-derivation scheme, every first-stage start (also as C99 hex so that it survives any JSON
 * tool exactly), the SHA-256 of each stratum's stored EA order, the selection, and the library version. The server
 * stores {@link #toMap()} as a document; {@link #fromMap(Map)} reads it back; {@link Planner#replay} re-runs it.
 *
 * @param format         {@value #FORMAT}
 * @param libraryVersion version of fieldsync-sampling that made the plan
 * @param frameSha256    SHA-256 of the frame
 * @param frameEas       EAs in the frame
 * @param design         every parameter
 * @param seed           master seed
 * @param startScheme    how starts derive from the seed ({@link Starts#SCHEME})
 * @param strata         per stratum, in stratum order
 * @param warnings       warnings of the plan (e.g. a stratum left with one non-certainty PSU)
 */
public record PlanRecord(String format, String libraryVersion, String frameSha256, int frameEas, Design design,
                         long seed, String startScheme, List<StratumRecord> strata, List<String> warnings) {
    /** Format (and algorithm) identifier of this version; replay refuses any other. */
    public static final String FORMAT = "fieldsync-sampling-plan/1";

    /**
     * One stratum of a stored plan.
     *
     * @param id           stratum id
     * @param eas          K_h
     * @param psus         a_h
     * @param start        first-stage start u
     * @param orderSha256  SHA-256 of the EA ids in stored order, each followed by a newline
     * @param selectedEas  selected EAs in stored order
     * @param hits         hits per selected EA (1 each unless multiple hits)
     * @param certaintyEas certainty EAs in stored order
     */
    public record StratumRecord(String id, int eas, int psus, double start, String orderSha256,
                                List<String> selectedEas, List<Integer> hits, List<String> certaintyEas) {
        /** Copies the lists. */
        public StratumRecord {
            selectedEas = List.copyOf(selectedEas);
            hits = List.copyOf(hits);
            certaintyEas = List.copyOf(certaintyEas);
        }
    }

    /** Copies the lists. */
    public PlanRecord {
        strata = List.copyOf(strata);
        warnings = List.copyOf(warnings);
    }

    /** @return the first-stage starts by key {@code stage1/<stratum>} */
    public Map<String, Double> starts() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (StratumRecord s : strata) {
            m.put(Starts.stage1Key(s.id()), s.start());
        }
        return m;
    }

    /**
     * @return the record as plain values: strings, numbers (int, long, double), booleans, lists and maps; the seed
     *         is written as a decimal string (JavaScript numbers cannot hold every 64-bit seed), each start both as a
     *         number and as C99 hex ({@code startHex}), which {@link #fromMap} prefers
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("libraryVersion", libraryVersion);
        m.put("frameSha256", frameSha256);
        m.put("frameEas", frameEas);
        m.put("design", design.toMap());
        m.put("seed", Long.toString(seed));
        m.put("startScheme", startScheme);
        List<Map<String, Object>> st = new ArrayList<>();
        for (StratumRecord s : strata) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", s.id());
            x.put("eas", s.eas());
            x.put("psus", s.psus());
            x.put("start", s.start());
            x.put("startHex", Double.toHexString(s.start()));
            x.put("orderSha256", s.orderSha256());
            x.put("selectedEas", s.selectedEas());
            x.put("hits", s.hits());
            x.put("certaintyEas", s.certaintyEas());
            st.add(x);
        }
        m.put("strata", st);
        m.put("warnings", warnings);
        return m;
    }

    /**
     * Reads a record written by {@link #toMap()}.
     *
     * @throws SamplingException {@code INVALID_PLAN_RECORD} if a member is missing or mistyped;
     *                           {@code UNSUPPORTED_PLAN_VERSION} if the format is not {@value #FORMAT}
     */
    public static PlanRecord fromMap(Map<String, ?> map) {
        Maps m = new Maps(map, "plan");
        String format = m.string("format");
        if (!FORMAT.equals(format)) {
            throw new SamplingException(SamplingException.Code.UNSUPPORTED_PLAN_VERSION, "plan format " + format
                    + " is not supported (expected " + FORMAT + ")", Map.of("format", format));
        }
        Object seedValue = m.get("seed");
        long seed;
        try {
            seed = seedValue instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(seedValue));
        } catch (NumberFormatException e) {
            throw Maps.bad("plan.seed", "not a 64-bit integer");
        }
        List<StratumRecord> strata = new ArrayList<>();
        int i = 0;
        for (Object o : m.list("strata")) {
            String where = "plan.strata[" + i++ + "]";
            Maps s = new Maps(Maps.asMap(o, where), where);
            Object hex = s.opt("startHex");
            double start = hex instanceof String h ? Maps.num(h, where + ".startHex").doubleValue()
                    : s.number("start").doubleValue();
            strata.add(new StratumRecord(s.string("id"), s.integer("eas"), s.integer("psus"), start,
                    s.string("orderSha256"), s.list("selectedEas").stream().map(String::valueOf).toList(),
                    s.list("hits").stream().map(h -> Maps.num(h, where + ".hits").intValue()).toList(),
                    s.list("certaintyEas").stream().map(String::valueOf).toList()));
        }
        return new PlanRecord(format, m.string("libraryVersion"), m.string("frameSha256"), m.integer("frameEas"),
                Design.fromMap(m.map("design")), seed, m.string("startScheme"), strata,
                m.list("warnings").stream().map(String::valueOf).toList());
    }
}
