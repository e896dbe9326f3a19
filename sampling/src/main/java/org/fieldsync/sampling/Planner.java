package org.fieldsync.sampling;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * The facade of the sampling library: plan a sample from a frame, replay a stored plan, select households in a
 * listed PSU. Deterministic: the same frame, design and seed (or stored starts) give the same plan, bit for bit.
 *
 * <pre>{@code
 * Frame frame = FrameImport.csv(bytes).frame();
 * Design design = Design.builder().cutoffs(0.05, 0.15).classLabels("LOW", "MED", "HIGH")
 *         .allocation(Design.AllocationMethod.PROPORTIONAL, 20).take("EMIG", 3).take("RET", 2).take("NON", 3)
 *         .build();
 * Plan plan = new Planner().plan(frame, design, 20240601L);
 * Map<String, Object> stored = plan.record().toMap();          // a plain document
 * Plan again = new Planner().replay(PlanRecord.fromMap(stored), frame);
 * SecondStageSelection s = new Planner().selectHouseholds(plan, listing);
 * }</pre>
 */
public final class Planner {
    /** Version of this library, recorded in every plan. */
    public static final String LIBRARY_VERSION = readVersion();

    private final Function<String, Frame> framesBySha256;

    /** A planner without a frame store: replay needs the frame passed in. */
    public Planner() {
        this(sha -> null);
    }

    /**
     * A planner that finds frames by SHA-256 for {@link #replay(PlanRecord)}.
     *
     * @param framesBySha256 returns the frame with that hash, or {@code null}
     */
    public Planner(Function<String, Frame> framesBySha256) {
        this.framesBySha256 = Objects.requireNonNull(framesBySha256);
    }

    /**
     * Plans a sample: strata and stored order, allocation, first-stage PPS systematic selection with starts derived
     * from the seed (scheme {@link Starts#SCHEME}).
     *
     * @return the plan; {@link Plan#record()} is what to store
     * @throws SamplingException {@code INVALID_DESIGN}, {@code INFEASIBLE_ALLOCATION}, {@code INSUFFICIENT_UNITS},
     *                           {@code PROBABILITY_NEAR_BOUNDARY}, {@code NUMERIC_OVERFLOW}
     */
    public Plan plan(Frame frame, Design design, long seed) {
        return PlanBuilder.build(frame, design, seed, Starts.fromSeed(seed), LIBRARY_VERSION);
    }

    /**
     * Plans with first-stage starts given per stratum id (e.g. drawn in a public lottery) instead of derived.
     *
     * @param stage1Starts start per stratum id, each in (0, 1)
     * @throws SamplingException {@code MISSING_START} if a stratum has no start
     */
    public Plan plan(Frame frame, Design design, long seed, Map<String, Double> stage1Starts) {
        Map<String, Double> keyed = new LinkedHashMap<>();
        stage1Starts.forEach((k, v) -> keyed.put(Starts.stage1Key(k), v));
        return PlanBuilder.build(frame, design, seed, Starts.stored(keyed), LIBRARY_VERSION);
    }

    /**
     * Replays a stored plan on the frame found by its SHA-256 (see {@link #Planner(Function)}).
     *
     * @throws SamplingException {@code FRAME_MISMATCH} if no frame with the recorded hash is known
     */
    public Plan replay(PlanRecord record) {
        Frame frame = framesBySha256.apply(record.frameSha256());
        if (frame == null) {
            throw new SamplingException(SamplingException.Code.FRAME_MISMATCH, "no frame with SHA-256 "
                    + record.frameSha256() + " is available for replay", Map.of("frameSha256", record.frameSha256()));
        }
        return replay(record, frame);
    }

    /**
     * Replays a stored plan from its stored starts (not from the seed) and checks that it reproduces the stored
     * order and selection exactly.
     *
     * @return the reproduced plan
     * @throws SamplingException {@code UNSUPPORTED_PLAN_VERSION} for another record format;
     *                           {@code FRAME_MISMATCH} if the frame's SHA-256 differs from the recorded one;
     *                           {@code REPLAY_MISMATCH} if strata, order, allocation or selection differ
     */
    public Plan replay(PlanRecord record, Frame frame) {
        if (!PlanRecord.FORMAT.equals(record.format())) {
            throw new SamplingException(SamplingException.Code.UNSUPPORTED_PLAN_VERSION, "plan format "
                    + record.format() + " is not supported", Map.of("format", record.format()));
        }
        if (!frame.sha256().equals(record.frameSha256())) {
            throw new SamplingException(SamplingException.Code.FRAME_MISMATCH, "the frame's SHA-256 "
                    + frame.sha256() + " is not the recorded " + record.frameSha256(),
                    Map.of("expected", record.frameSha256(), "actual", frame.sha256()));
        }
        Plan plan = PlanBuilder.build(frame, record.design(), record.seed(), Starts.stored(record.starts()),
                LIBRARY_VERSION);
        PlanRecord again = plan.record();
        List<String> diffs = new ArrayList<>();
        if (again.strata().size() != record.strata().size()) {
            diffs.add("strata: recorded " + record.strata().size() + ", replayed " + again.strata().size());
        } else {
            for (int h = 0; h < again.strata().size(); h++) {
                PlanRecord.StratumRecord a = record.strata().get(h);
                PlanRecord.StratumRecord b = again.strata().get(h);
                compare(diffs, a.id(), "id", a.id(), b.id());
                compare(diffs, a.id(), "eas", a.eas(), b.eas());
                compare(diffs, a.id(), "psus", a.psus(), b.psus());
                compare(diffs, a.id(), "orderSha256", a.orderSha256(), b.orderSha256());
                compare(diffs, a.id(), "selectedEas", a.selectedEas(), b.selectedEas());
                compare(diffs, a.id(), "hits", a.hits(), b.hits());
                compare(diffs, a.id(), "certaintyEas", a.certaintyEas(), b.certaintyEas());
            }
        }
        if (!diffs.isEmpty()) {
            throw new SamplingException(SamplingException.Code.REPLAY_MISMATCH, "replaying the plan did not "
                    + "reproduce it: " + diffs.get(0), Map.of("differences", diffs));
        }
        return plan;
    }

    private static void compare(List<String> diffs, String stratum, String what, Object recorded, Object replayed) {
        if (!recorded.equals(replayed)) {
            diffs.add("stratum " + stratum + ", " + what + ": recorded " + abbreviate(recorded) + ", replayed "
                    + abbreviate(replayed));
        }
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /**
     * Selects the households of one listed PSU with starts derived from the plan's seed.
     *
     * @throws SamplingException {@code INVALID_LISTING} if the PSU is not in the sample
     */
    public SecondStageSelection selectHouseholds(Plan plan, Listing listing) {
        return selectHouseholds(plan, listing, Starts.fromSeed(plan.seed()));
    }

    /** Selects the households of one listed PSU with starts derived from {@code seed} (scheme {@link Starts#SCHEME}). */
    public SecondStageSelection selectHouseholds(Plan plan, Listing listing, long seed) {
        return selectHouseholds(plan, listing, Starts.fromSeed(seed));
    }

    /**
     * Selects the households of one listed PSU with the given starts (e.g. {@link Starts#stored} of a previous
     * {@link SecondStageSelection#starts()} to replay it).
     */
    public SecondStageSelection selectHouseholds(Plan plan, Listing listing, Starts starts) {
        FirstStageSelection psu = plan.selection(listing.psuId());
        StratumSummary s = plan.stratum(psu.stratum());
        return SecondStage.select(psu, listing, plan.design(), s.migrantRate(), s.controlRate(), starts, null);
    }

    /**
     * Pooled take (SPEC 5A): once every PSU of a stratum is listed, spreads the stratum's shortfall over PSUs with
     * surplus, then selects in each.
     *
     * @param listings the listings of every selected PSU of the stratum
     * @return one selection per PSU, in stored order
     */
    public List<SecondStageSelection> selectHouseholdsPooled(Plan plan, String stratumId, List<Listing> listings,
                                                             Starts starts) {
        StratumSummary s = plan.stratum(stratumId);
        List<FirstStageSelection> psus = plan.selections().stream().filter(p -> p.stratum().equals(stratumId))
                .toList();
        Map<String, Map<String, Integer>> takes = SecondStage.pooledTakes(psus, listings, plan.design());
        Map<String, Listing> byPsu = new LinkedHashMap<>();
        for (Listing l : listings) {
            byPsu.put(l.psuId(), l);
        }
        List<SecondStageSelection> out = new ArrayList<>();
        for (FirstStageSelection p : psus) {
            out.add(SecondStage.select(p, byPsu.get(p.psuId()), plan.design(), s.migrantRate(), s.controlRate(),
                    starts, takes.get(p.psuId())));
        }
        return out;
    }

    private static String readVersion() {
        try (InputStream in = Planner.class.getResourceAsStream(
                "/META-INF/maven/org.fieldsync/fieldsync-sampling/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the built-in version
        }
        return "0.1.0-SNAPSHOT";
    }
}
