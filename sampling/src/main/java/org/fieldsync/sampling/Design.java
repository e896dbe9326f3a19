package org.fieldsync.sampling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every parameter of a sample design (SPEC sections 1-5). Immutable; build one with {@link #builder()}, store it with
 * {@link #toMap()} and read it back with {@link #fromMap(Map)}.
 *
 * <p>Stratum ids: explicit stratum = domain x prevalence class. The id is {@code <domain>/<class label>}; without a
 * domain just the class label; without cut-offs (a single class) just the domain, or {@code ALL} if both are
 * empty. Per-stratum maps ({@link #lowerBounds}, {@link #upperBounds}, {@link #costs}, {@link #psusPerStratum},
 * {@link #targets}, {@link #rates}) are keyed by these ids; a key naming no stratum of the frame is an error.
 *
 * @param cutoffs          prevalence cut-offs c_1 &lt; ... &lt; c_K in [0, 1]; class k is the largest k with
 *                         {@code mig_share >= c_k} (class 0 below c_1): a share equal to a cut-off goes up
 * @param classLabels      K + 1 labels, lowest class first (default {@code P0 .. PK})
 * @param migrantTypes     household types the survey targets as migrants (default EMIG and RET); they define
 *                         {@code census_mig_hh} and so the prevalence; NON may not be one
 * @param allocation       how PSUs are allocated to strata
 * @param totalPsus        n, the PSUs to allocate (PROPORTIONAL, EQUAL, NEYMAN, POWER, MIGRANT_PROPORTIONAL)
 * @param powerExponent    q of POWER allocation (x_h = N_h^q)
 * @param defaultLowerBound lo_h where {@link #lowerBounds} has no entry (default 2, so a variance can be estimated;
 *                         never above K_h)
 * @param lowerBounds      lo_h per stratum
 * @param upperBounds      hi_h per stratum (default K_h, the number of EAs)
 * @param costs            NEYMAN cost c_h per stratum (default 1)
 * @param psusPerStratum   a_h per stratum (GIVEN)
 * @param targets          migrant and control household targets per stratum (FIXED_TARGETS; also the source of the
 *                         overall rates f_{h,t} = target / N_{h,t} when {@link #rates} has no entry)
 * @param rates            overall sampling rates f_{h,t} per stratum (COMPOSITE measure of size, FIXED_RATE)
 * @param measureOfSize    census households or composite
 * @param firstStage       PPS systematic with the certainty rule (default) or with multiple hits
 * @param hitsHandling     with multiple hits: h times the take, or h segments
 * @param secondStage      fixed take (default) or fixed rate
 * @param poolMigrantTypes select all migrant types as one take class {@code MIG} instead of one class per type
 * @param takes            b_t per take class ({@link #takeClasses()}): FIXED_TAKE needs one per class,
 *                         FIXED_TARGETS needs them to derive b_mig and b_ctrl
 * @param pooledTake       spread each stratum's shortfall over PSUs with more listed households than the take
 *                         (decided after all PSUs of the stratum are listed)
 */
public record Design(List<Double> cutoffs, List<String> classLabels, Set<HouseholdType> migrantTypes,
                     AllocationMethod allocation, int totalPsus, double powerExponent, int defaultLowerBound,
                     Map<String, Integer> lowerBounds, Map<String, Integer> upperBounds, Map<String, Double> costs,
                     Map<String, Integer> psusPerStratum, Map<String, Target> targets, Map<String, Rates> rates,
                     MeasureOfSize measureOfSize, FirstStageMethod firstStage, HitsHandling hitsHandling,
                     SecondStageMethod secondStage, boolean poolMigrantTypes, Map<String, Integer> takes,
                     boolean pooledTake) {

    /** Allocation of PSUs to strata (SPEC section 3). */
    public enum AllocationMethod {
        /** x_h = N_h (census households). */
        PROPORTIONAL,
        /** x_h = 1. */
        EQUAL,
        /** x_h = N_h S_h / sqrt(c_h), S_h = sqrt(P_h (1 - P_h)), P_h = M_h / N_h. */
        NEYMAN,
        /** x_h = N_h^q. */
        POWER,
        /** x_h = M_h (census migrant households). */
        MIGRANT_PROPORTIONAL,
        /** a_h = min(K_h, max(ceil(m_h / b_mig), ceil(k_h / b_ctrl), lo_h)). */
        FIXED_TARGETS,
        /** a_h given per stratum. */
        GIVEN
    }

    /** Measure of size of the first stage (SPEC section 4). */
    public enum MeasureOfSize {
        /** MOS_i = census_hh (integer: the certainty test is exact). */
        CENSUS_HH,
        /** MOS_i = f_mig N_{i,mig} + f_ctrl N_{i,ctrl} with the stratum's overall rates. */
        COMPOSITE
    }

    /** First-stage selection (SPEC section 4). */
    public enum FirstStageMethod {
        /** PPS systematic, large EAs taken with certainty (integer test, repeated to a fixed point). */
        PPS_SYSTEMATIC,
        /** PPS systematic on expected hits a_h MOS_i / sum MOS, which may exceed 1: an EA can be hit more than once. */
        PPS_SYSTEMATIC_MULTIPLE_HITS
    }

    /** What a PSU hit h times gets (multiple-hit variant). */
    public enum HitsHandling {
        /** One PSU with h times the take. */
        MULTIPLY_TAKE,
        /** The EA is split into h segments of about equal size, each a PSU ({@code <ea>#<k>}) with the take. */
        SEGMENTS
    }

    /** Second-stage selection (SPEC section 5). */
    public enum SecondStageMethod {
        /** b_t households per take class per PSU (take-all when fewer are listed). */
        FIXED_TAKE,
        /** Rate r_{i,t} = min(1, f_{h,t} / pi1_i) per PSU. */
        FIXED_RATE
    }

    /** Comparison group of a take class. */
    public enum Group {
        /** Households of a targeted migrant type. */
        MIGRANT,
        /** Non-migrant (NON) households. */
        CONTROL
    }

    /**
     * Household targets of a stratum.
     *
     * @param migrant m_h, migrant households wanted
     * @param control k_h, control households wanted
     */
    public record Target(long migrant, long control) {
        /** Requires non-negative targets. */
        public Target {
            if (migrant < 0 || control < 0) {
                throw SamplingException.design("household targets must be >= 0");
            }
        }
    }

    /**
     * Overall sampling rates of a stratum.
     *
     * @param migrant f_{h,mig}
     * @param control f_{h,ctrl}
     */
    public record Rates(double migrant, double control) {
        /** Requires rates in [0, 1]. */
        public Rates {
            if (!(migrant >= 0 && migrant <= 1 && control >= 0 && control <= 1)) {
                throw SamplingException.design("overall sampling rates must lie in [0, 1]");
            }
        }
    }

    /**
     * A second-stage selection class: the households of these types are selected together with one take.
     *
     * @param name  {@code EMIG}, {@code RET}, {@code IMM}, {@code NON} or (pooled migrant types) {@code MIG}
     * @param types the household types in the class
     * @param group migrant or control
     */
    public record TakeClass(String name, Set<HouseholdType> types, Group group) {
        /** Copies the types. */
        public TakeClass {
            types = Set.copyOf(types);
        }
    }

    /** Validates and copies every parameter. */
    public Design {
        cutoffs = List.copyOf(cutoffs);
        for (int k = 0; k < cutoffs.size(); k++) {
            double c = cutoffs.get(k);
            if (!(c >= 0 && c <= 1)) {
                throw SamplingException.design("prevalence cut-offs must lie in [0, 1], got " + c);
            }
            if (k > 0 && !(c > cutoffs.get(k - 1))) {
                throw SamplingException.design("prevalence cut-offs must be strictly increasing: " + cutoffs);
            }
        }
        if (classLabels == null || classLabels.isEmpty()) {
            List<String> d = new ArrayList<>();
            for (int k = 0; k <= cutoffs.size(); k++) {
                d.add("P" + k);
            }
            classLabels = d;
        }
        classLabels = List.copyOf(classLabels);
        if (classLabels.size() != cutoffs.size() + 1) {
            throw SamplingException.design("need " + (cutoffs.size() + 1) + " class labels for " + cutoffs.size()
                    + " cut-offs, got " + classLabels);
        }
        if (new LinkedHashSet<>(classLabels).size() != classLabels.size()
                || classLabels.stream().anyMatch(l -> l.isBlank() || l.contains("/"))) {
            throw SamplingException.design("class labels must be distinct, non-blank and without '/': " + classLabels);
        }
        if (migrantTypes == null || migrantTypes.isEmpty() || migrantTypes.contains(HouseholdType.NON)) {
            throw SamplingException.design("migrant types must be a non-empty set of EMIG, RET, IMM");
        }
        migrantTypes = java.util.Collections.unmodifiableSet(EnumSet.copyOf(migrantTypes));
        if (allocation == null || measureOfSize == null || firstStage == null || hitsHandling == null
                || secondStage == null) {
            throw SamplingException.design("allocation, measure of size, first and second stage methods are required");
        }
        lowerBounds = sorted(lowerBounds);
        upperBounds = sorted(upperBounds);
        costs = sorted(costs);
        psusPerStratum = sorted(psusPerStratum);
        targets = sorted(targets);
        rates = sorted(rates);
        takes = sorted(takes);
        if (defaultLowerBound < 0 || lowerBounds.values().stream().anyMatch(v -> v < 0)
                || upperBounds.values().stream().anyMatch(v -> v < 0)) {
            throw SamplingException.design("allocation bounds must be >= 0");
        }
        if (costs.values().stream().anyMatch(c -> !(c > 0) || Double.isInfinite(c))) {
            throw SamplingException.design("Neyman costs must be positive and finite");
        }
        switch (allocation) {
            case PROPORTIONAL, EQUAL, NEYMAN, POWER, MIGRANT_PROPORTIONAL -> {
                if (totalPsus < 1) {
                    throw SamplingException.design(allocation + " allocation needs totalPsus >= 1");
                }
            }
            case GIVEN -> {
                if (psusPerStratum.isEmpty() || psusPerStratum.values().stream().anyMatch(v -> v < 0)) {
                    throw SamplingException.design("GIVEN allocation needs psusPerStratum (>= 0 each)");
                }
            }
            case FIXED_TARGETS -> {
                if (targets.isEmpty()) {
                    throw SamplingException.design("FIXED_TARGETS allocation needs household targets per stratum");
                }
            }
            default -> throw new IllegalStateException();
        }
        if (allocation == AllocationMethod.POWER && !(powerExponent >= 0 && Double.isFinite(powerExponent))) {
            throw SamplingException.design("POWER allocation needs a finite exponent q >= 0");
        }
        List<TakeClass> classes = takeClasses(migrantTypes, poolMigrantTypes);
        for (String k : takes.keySet()) {
            if (classes.stream().noneMatch(c -> c.name().equals(k))) {
                throw SamplingException.design("take given for '" + k + "', which is not a take class of this design "
                        + "(classes: " + classes.stream().map(TakeClass::name).toList() + ")");
            }
        }
        if (takes.values().stream().anyMatch(v -> v < 1)) {
            throw SamplingException.design("takes must be >= 1");
        }
        if (secondStage == SecondStageMethod.FIXED_TAKE || allocation == AllocationMethod.FIXED_TARGETS) {
            for (TakeClass c : classes) {
                if (!takes.containsKey(c.name())) {
                    throw SamplingException.design("no take for class " + c.name() + " (needed by "
                            + (secondStage == SecondStageMethod.FIXED_TAKE ? "FIXED_TAKE" : "FIXED_TARGETS") + ")");
                }
            }
        }
        if ((measureOfSize == MeasureOfSize.COMPOSITE || secondStage == SecondStageMethod.FIXED_RATE)
                && targets.isEmpty() && rates.isEmpty()) {
            throw SamplingException.design("a composite measure of size and a fixed-rate second stage need "
                    + "targets or overall rates per stratum");
        }
        if (pooledTake && secondStage != SecondStageMethod.FIXED_TAKE) {
            throw SamplingException.design("the pooled take applies to the FIXED_TAKE second stage only");
        }
    }

    private static <V> Map<String, V> sorted(Map<String, V> m) {
        return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(m));
    }

    /** @return the second-stage take classes: one per migrant type (priority order) or {@code MIG}, then NON */
    public List<TakeClass> takeClasses() {
        return takeClasses(migrantTypes, poolMigrantTypes);
    }

    private static List<TakeClass> takeClasses(Set<HouseholdType> migrantTypes, boolean pool) {
        List<TakeClass> out = new ArrayList<>();
        if (pool) {
            out.add(new TakeClass("MIG", migrantTypes, Group.MIGRANT));
        } else {
            for (HouseholdType t : HouseholdType.values()) {
                if (migrantTypes.contains(t)) {
                    out.add(new TakeClass(t.name(), Set.of(t), Group.MIGRANT));
                }
            }
        }
        out.add(new TakeClass("NON", Set.of(HouseholdType.NON), Group.CONTROL));
        return List.copyOf(out);
    }

    /** @return b_mig: the pooled migrant take, or the sum of the migrant classes' takes */
    public int migrantTake() {
        int s = 0;
        for (TakeClass c : takeClasses()) {
            if (c.group() == Group.MIGRANT) {
                s += takes.getOrDefault(c.name(), 0);
            }
        }
        return s;
    }

    /** @return b_ctrl: the take of class NON (0 if none given) */
    public int controlTake() {
        return takes.getOrDefault("NON", 0);
    }

    /** @return a builder with the defaults described on each setter */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this design's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.cutoffs = cutoffs;
        b.classLabels = classLabels;
        b.migrantTypes = migrantTypes;
        b.allocation = allocation;
        b.totalPsus = totalPsus;
        b.powerExponent = powerExponent;
        b.defaultLowerBound = defaultLowerBound;
        b.lowerBounds = new LinkedHashMap<>(lowerBounds);
        b.upperBounds = new LinkedHashMap<>(upperBounds);
        b.costs = new LinkedHashMap<>(costs);
        b.psusPerStratum = new LinkedHashMap<>(psusPerStratum);
        b.targets = new LinkedHashMap<>(targets);
        b.rates = new LinkedHashMap<>(rates);
        b.measureOfSize = measureOfSize;
        b.firstStage = firstStage;
        b.hitsHandling = hitsHandling;
        b.secondStage = secondStage;
        b.poolMigrantTypes = poolMigrantTypes;
        b.takes = new LinkedHashMap<>(takes);
        b.pooledTake = pooledTake;
        return b;
    }

    /**
     * @return the design as plain values (strings, numbers, booleans, lists, maps), for storage in a plan record;
     *         {@link #fromMap(Map)} reads it back exactly (doubles are written as numbers, which JSON carries exactly
     *         when printed with 17 significant digits, as Jackson does)
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cutoffs", cutoffs);
        m.put("classLabels", classLabels);
        m.put("migrantTypes", migrantTypes.stream().map(Enum::name).toList());
        m.put("allocation", allocation.name());
        m.put("totalPsus", totalPsus);
        m.put("powerExponent", powerExponent);
        m.put("defaultLowerBound", defaultLowerBound);
        m.put("lowerBounds", lowerBounds);
        m.put("upperBounds", upperBounds);
        m.put("costs", costs);
        m.put("psusPerStratum", psusPerStratum);
        Map<String, Object> t = new LinkedHashMap<>();
        targets.forEach((k, v) -> t.put(k, Map.of("migrant", v.migrant(), "control", v.control())));
        m.put("targets", t);
        Map<String, Object> r = new LinkedHashMap<>();
        rates.forEach((k, v) -> r.put(k, Map.of("migrant", v.migrant(), "control", v.control())));
        m.put("rates", r);
        m.put("measureOfSize", measureOfSize.name());
        m.put("firstStage", firstStage.name());
        m.put("hitsHandling", hitsHandling.name());
        m.put("secondStage", secondStage.name());
        m.put("poolMigrantTypes", poolMigrantTypes);
        m.put("takes", takes);
        m.put("pooledTake", pooledTake);
        return m;
    }

    /**
     * Reads a design written by a person: like {@link #fromMap}, but every member left out takes the builder's
     * default (proportional allocation, census households as measure of size, PPS systematic, fixed take, lower bound
     * 2, migrant types EMIG and RET, ...), so a request names only what it changes.
     *
     * @throws SamplingException {@code INVALID_PLAN_RECORD} naming a member of the wrong type, or the builder's
     *                           {@code INVALID_DESIGN} for values it refuses
     */
    public static Design fromPartialMap(Map<String, ?> m) {
        Builder d = builder();
        Map<String, Object> full = new LinkedHashMap<>();
        full.put("cutoffs", d.cutoffs);
        full.put("classLabels", d.classLabels);
        full.put("migrantTypes", d.migrantTypes.stream().map(Enum::name).toList());
        full.put("allocation", d.allocation.name());
        full.put("totalPsus", d.totalPsus);
        full.put("powerExponent", d.powerExponent);
        full.put("defaultLowerBound", d.defaultLowerBound);
        full.put("lowerBounds", d.lowerBounds);
        full.put("upperBounds", d.upperBounds);
        full.put("costs", d.costs);
        full.put("psusPerStratum", d.psusPerStratum);
        full.put("targets", Map.of());
        full.put("rates", Map.of());
        full.put("measureOfSize", d.measureOfSize.name());
        full.put("firstStage", d.firstStage.name());
        full.put("hitsHandling", d.hitsHandling.name());
        full.put("secondStage", d.secondStage.name());
        full.put("poolMigrantTypes", d.poolMigrantTypes);
        full.put("takes", d.takes);
        full.put("pooledTake", d.pooledTake);
        for (Map.Entry<String, ?> e : m.entrySet()) {
            if (!full.containsKey(e.getKey())) {
                throw new SamplingException(SamplingException.Code.INVALID_DESIGN, "design." + e.getKey()
                        + " is not a design parameter; known: " + String.join(", ", full.keySet()),
                        Map.of("member", e.getKey()));
            }
            full.put(e.getKey(), e.getValue());
        }
        return fromMap(full);
    }

    /**
     * Reads a design written by {@link #toMap()} (numbers may come back as any {@link Number}).
     *
     * @throws SamplingException {@code INVALID_PLAN_RECORD} if a member is missing or mistyped, {@code INVALID_DESIGN}
     *                           if the values are not a valid design
     */
    public static Design fromMap(Map<String, ?> m) {
        Maps r = new Maps(m, "design");
        Builder b = builder();
        b.cutoffs = r.list("cutoffs").stream().map(o -> Maps.num(o, "design.cutoffs").doubleValue()).toList();
        b.classLabels = r.list("classLabels").stream().map(String::valueOf).toList();
        EnumSet<HouseholdType> types = EnumSet.noneOf(HouseholdType.class);
        for (Object o : r.list("migrantTypes")) {
            types.add(Maps.enumValue(HouseholdType.class, o, "design.migrantTypes"));
        }
        b.migrantTypes = types;
        b.allocation = Maps.enumValue(AllocationMethod.class, r.get("allocation"), "design.allocation");
        b.totalPsus = r.integer("totalPsus");
        b.powerExponent = r.number("powerExponent").doubleValue();
        b.defaultLowerBound = r.integer("defaultLowerBound");
        b.lowerBounds = r.intMap("lowerBounds");
        b.upperBounds = r.intMap("upperBounds");
        b.psusPerStratum = r.intMap("psusPerStratum");
        b.takes = r.intMap("takes");
        Map<String, Double> costs = new LinkedHashMap<>();
        r.map("costs").forEach((k, v) -> costs.put(k, Maps.num(v, "design.costs").doubleValue()));
        b.costs = costs;
        Map<String, Target> targets = new LinkedHashMap<>();
        r.map("targets").forEach((k, v) -> {
            Maps t = new Maps(Maps.asMap(v, "design.targets." + k), "design.targets." + k);
            targets.put(k, new Target(t.number("migrant").longValue(), t.number("control").longValue()));
        });
        b.targets = targets;
        Map<String, Rates> rates = new LinkedHashMap<>();
        r.map("rates").forEach((k, v) -> {
            Maps t = new Maps(Maps.asMap(v, "design.rates." + k), "design.rates." + k);
            rates.put(k, new Rates(t.number("migrant").doubleValue(), t.number("control").doubleValue()));
        });
        b.rates = rates;
        b.measureOfSize = Maps.enumValue(MeasureOfSize.class, r.get("measureOfSize"), "design.measureOfSize");
        b.firstStage = Maps.enumValue(FirstStageMethod.class, r.get("firstStage"), "design.firstStage");
        b.hitsHandling = Maps.enumValue(HitsHandling.class, r.get("hitsHandling"), "design.hitsHandling");
        b.secondStage = Maps.enumValue(SecondStageMethod.class, r.get("secondStage"), "design.secondStage");
        b.poolMigrantTypes = r.bool("poolMigrantTypes");
        b.pooledTake = r.bool("pooledTake");
        return b.build();
    }

    /** Fluent builder; every setter returns the builder. */
    public static final class Builder {
        private List<Double> cutoffs = List.of();
        private List<String> classLabels = List.of();
        private Set<HouseholdType> migrantTypes = EnumSet.of(HouseholdType.EMIG, HouseholdType.RET);
        private AllocationMethod allocation = AllocationMethod.PROPORTIONAL;
        private int totalPsus;
        private double powerExponent = 0.5;
        private int defaultLowerBound = 2;
        private Map<String, Integer> lowerBounds = new LinkedHashMap<>();
        private Map<String, Integer> upperBounds = new LinkedHashMap<>();
        private Map<String, Double> costs = new LinkedHashMap<>();
        private Map<String, Integer> psusPerStratum = new LinkedHashMap<>();
        private Map<String, Target> targets = new LinkedHashMap<>();
        private Map<String, Rates> rates = new LinkedHashMap<>();
        private MeasureOfSize measureOfSize = MeasureOfSize.CENSUS_HH;
        private FirstStageMethod firstStage = FirstStageMethod.PPS_SYSTEMATIC;
        private HitsHandling hitsHandling = HitsHandling.MULTIPLY_TAKE;
        private SecondStageMethod secondStage = SecondStageMethod.FIXED_TAKE;
        private boolean poolMigrantTypes;
        private Map<String, Integer> takes = new LinkedHashMap<>();
        private boolean pooledTake;

        private Builder() {
        }

        /** Prevalence cut-offs (default none: one class). */
        public Builder cutoffs(double... c) {
            List<Double> l = new ArrayList<>();
            for (double v : c) {
                l.add(v);
            }
            cutoffs = l;
            return this;
        }

        /** Class labels, lowest class first (default P0..PK). */
        public Builder classLabels(String... labels) {
            classLabels = List.of(labels);
            return this;
        }

        /** Targeted migrant types (default EMIG, RET). */
        public Builder migrantTypes(Collection<HouseholdType> types) {
            migrantTypes = EnumSet.copyOf(types);
            return this;
        }

        /** Allocation method and n (default PROPORTIONAL). */
        public Builder allocation(AllocationMethod method, int totalPsus) {
            this.allocation = method;
            this.totalPsus = totalPsus;
            return this;
        }

        /** Allocation method without n (GIVEN, FIXED_TARGETS). */
        public Builder allocation(AllocationMethod method) {
            this.allocation = method;
            return this;
        }

        /** q of POWER allocation (default 0.5). */
        public Builder powerExponent(double q) {
            powerExponent = q;
            return this;
        }

        /** lo_h where no per-stratum bound is given (default 2). */
        public Builder defaultLowerBound(int lo) {
            defaultLowerBound = lo;
            return this;
        }

        /** lo_h of one stratum. */
        public Builder lowerBound(String stratum, int lo) {
            lowerBounds.put(stratum, lo);
            return this;
        }

        /** hi_h of one stratum (default K_h). */
        public Builder upperBound(String stratum, int hi) {
            upperBounds.put(stratum, hi);
            return this;
        }

        /** Neyman cost of one stratum (default 1). */
        public Builder cost(String stratum, double c) {
            costs.put(stratum, c);
            return this;
        }

        /** a_h of one stratum (GIVEN allocation). */
        public Builder psus(String stratum, int a) {
            psusPerStratum.put(stratum, a);
            return this;
        }

        /** Migrant and control household targets of one stratum. */
        public Builder target(String stratum, long migrant, long control) {
            targets.put(stratum, new Target(migrant, control));
            return this;
        }

        /** Overall sampling rates of one stratum. */
        public Builder rates(String stratum, double migrant, double control) {
            rates.put(stratum, new Rates(migrant, control));
            return this;
        }

        /** Measure of size (default CENSUS_HH). */
        public Builder measureOfSize(MeasureOfSize m) {
            measureOfSize = m;
            return this;
        }

        /** First-stage method (default PPS_SYSTEMATIC). */
        public Builder firstStage(FirstStageMethod m) {
            firstStage = m;
            return this;
        }

        /** Handling of multiple hits (default MULTIPLY_TAKE). */
        public Builder hitsHandling(HitsHandling h) {
            hitsHandling = h;
            return this;
        }

        /** Second-stage method (default FIXED_TAKE). */
        public Builder secondStage(SecondStageMethod m) {
            secondStage = m;
            return this;
        }

        /** Select all migrant types as one class MIG (default false). */
        public Builder poolMigrantTypes(boolean pool) {
            poolMigrantTypes = pool;
            return this;
        }

        /** b_t of one take class ({@code EMIG}, {@code RET}, {@code IMM}, {@code MIG} or {@code NON}). */
        public Builder take(String takeClass, int b) {
            takes.put(takeClass, b);
            return this;
        }

        /** Spread each stratum's shortfall over PSUs with surplus (default false). */
        public Builder pooledTake(boolean pooled) {
            pooledTake = pooled;
            return this;
        }

        /** @return the validated design */
        public Design build() {
            return new Design(cutoffs, classLabels, migrantTypes, allocation, totalPsus, powerExponent,
                    defaultLowerBound, lowerBounds, upperBounds, costs, psusPerStratum, targets, rates,
                    measureOfSize, firstStage, hitsHandling, secondStage, poolMigrantTypes, takes, pooledTake);
        }
    }
}
