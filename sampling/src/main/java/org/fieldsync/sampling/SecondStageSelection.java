package org.fieldsync.sampling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The households selected in one PSU, class by class, with the starts used (stored for replay).
 *
 * @param psuId       the PSU
 * @param eaId        the EA
 * @param stratum     stratum id
 * @param classes     one entry per take class (absent classes included)
 * @param households  selected households, class order then line order
 * @param notTargeted listed households of types no take class covers (e.g. IMM when not targeted)
 */
public record SecondStageSelection(String psuId, String eaId, String stratum, List<ClassSelection> classes,
                                   List<SelectedHousehold> households, int notTargeted) {
    /** How a take class was handled in the PSU. */
    public enum Status {
        /** No household of the class was listed: recorded as type absent. */
        ABSENT,
        /** Every listed household taken (L &lt;= take, or rate 1); pi2 = 1, no substitution. */
        TAKE_ALL,
        /** Systematic selection from a start. */
        SYSTEMATIC,
        /** Fixed rate 0 for the class in this stratum: nothing selected, no start drawn. */
        NOT_SAMPLED
    }

    /**
     * One take class in one PSU.
     *
     * @param takeClass class name
     * @param group     migrant or control
     * @param listed    L, listed households of the class
     * @param take      households selected
     * @param start     start u (NaN when no draw was needed)
     * @param positions selected positions within the class (1-based, line order)
     * @param lines     selected listing lines
     * @param pi2       take / L (fixed take) or the rate r (fixed rate); 1 when all are taken; NaN when absent
     * @param status    absent, take-all or systematic
     */
    public record ClassSelection(String takeClass, Design.Group group, int listed, int take, double start,
                                 List<Integer> positions, List<Integer> lines, double pi2, Status status) {
        /** Copies the lists. */
        public ClassSelection {
            positions = List.copyOf(positions);
            lines = List.copyOf(lines);
        }
    }

    /** Copies the lists. */
    public SecondStageSelection {
        classes = List.copyOf(classes);
        households = List.copyOf(households);
    }

    /** @return the starts used, by key {@code stage2/<psu>/<class>}: pass to {@link Starts#stored} to replay */
    public Map<String, Double> starts() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (ClassSelection c : classes) {
            if (c.status() == Status.SYSTEMATIC) {
                m.put(Starts.stage2Key(psuId, c.takeClass()), c.start());
            }
        }
        return m;
    }

    /** @return the selection as plain values (starts also as C99 hex) for storage */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("psuId", psuId);
        m.put("eaId", eaId);
        m.put("stratum", stratum);
        List<Map<String, Object>> cs = new ArrayList<>();
        for (ClassSelection c : classes) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("takeClass", c.takeClass());
            x.put("group", c.group().name());
            x.put("listed", c.listed());
            x.put("take", c.take());
            x.put("status", c.status().name());
            if (c.status() == Status.SYSTEMATIC) {
                x.put("start", c.start());
                x.put("startHex", Double.toHexString(c.start()));
            }
            if (c.status() == Status.SYSTEMATIC || c.status() == Status.TAKE_ALL) {
                x.put("pi2", c.pi2());
            }
            x.put("lines", c.lines());
            cs.add(x);
        }
        m.put("classes", cs);
        m.put("notTargeted", notTargeted);
        return m;
    }
}
