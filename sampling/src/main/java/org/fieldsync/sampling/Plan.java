package org.fieldsync.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sample plan: strata, allocation, first-stage selection and the per-stratum summary, plus the stored EA order
 * and every EA's pi1 for audit. Made by {@link Planner#plan}, reproduced by {@link Planner#replay}; its
 * {@link #record()} is what gets stored. Immutable.
 */
public final class Plan {
    private final Frame frame;
    private final Design design;
    private final long seed;
    private final String libraryVersion;
    private final Allocation.Result allocation;
    private final List<StratumSummary> strata;
    private final List<FirstStageSelection> selections;
    private final List<String> warnings;
    // per EA, in stored order
    private final int[] order;
    private final int[] stratumStart;
    private final double[] mos;
    private final double[] pi1;
    private final double[] expectedHits;
    private final int[] hits;
    private final boolean[] certainty;
    private final Map<String, Integer> stratumIndex = new HashMap<>();
    private final Map<String, FirstStageSelection> byPsu = new HashMap<>();

    Plan(Frame frame, Design design, long seed, String libraryVersion, Allocation.Result allocation,
         List<StratumSummary> strata, List<FirstStageSelection> selections, List<String> warnings, int[] order,
         int[] stratumStart, double[] mos, double[] pi1, double[] expectedHits, int[] hits, boolean[] certainty) {
        this.frame = frame;
        this.design = design;
        this.seed = seed;
        this.libraryVersion = libraryVersion;
        this.allocation = allocation;
        this.strata = List.copyOf(strata);
        this.selections = List.copyOf(selections);
        this.warnings = List.copyOf(warnings);
        this.order = order;
        this.stratumStart = stratumStart;
        this.mos = mos;
        this.pi1 = pi1;
        this.expectedHits = expectedHits;
        this.hits = hits;
        this.certainty = certainty;
        for (int h = 0; h < strata.size(); h++) {
            stratumIndex.put(strata.get(h).id(), h);
        }
        for (FirstStageSelection s : selections) {
            byPsu.put(s.psuId(), s);
        }
    }

    /** @return the frame planned from */
    public Frame frame() {
        return frame;
    }

    /** @return the design */
    public Design design() {
        return design;
    }

    /** @return the master seed */
    public long seed() {
        return seed;
    }

    /** @return the allocation */
    public Allocation.Result allocation() {
        return allocation;
    }

    /** @return per-stratum summary, in stratum order */
    public List<StratumSummary> strata() {
        return strata;
    }

    /**
     * @return the summary of a stratum
     * @throws SamplingException {@code INVALID_ARGUMENT} if the plan has no such stratum
     */
    public StratumSummary stratum(String id) {
        Integer h = stratumIndex.get(id);
        if (h == null) {
            throw SamplingException.argument("the plan has no stratum " + id);
        }
        return strata.get(h);
    }

    /** @return selected PSUs, in stored order */
    public List<FirstStageSelection> selections() {
        return selections;
    }

    /**
     * @return the selected PSU
     * @throws SamplingException {@code INVALID_LISTING} if the PSU was not selected
     */
    public FirstStageSelection selection(String psuId) {
        FirstStageSelection s = byPsu.get(psuId);
        if (s == null) {
            throw new SamplingException(SamplingException.Code.INVALID_LISTING, "PSU " + psuId
                    + " is not in the sample", Map.of("psuId", psuId));
        }
        return s;
    }

    /** @return warnings (one non-certainty PSU in a stratum, zero-size EAs, capped or infeasible targets) */
    public List<String> warnings() {
        return warnings;
    }

    /** @return the EA ids of a stratum in the stored order */
    public List<String> orderedEaIds(String stratumId) {
        int h = stratum(stratumId).stratum().index();
        List<String> out = new ArrayList<>(stratumStart[h + 1] - stratumStart[h]);
        for (int p = stratumStart[h]; p < stratumStart[h + 1]; p++) {
            out.add(frame.eaId[order[p]]);
        }
        return out;
    }

    /** @return every EA of a stratum in stored order, with pi1, certainty and hits */
    public List<PlannedUnit> units(String stratumId) {
        int h = stratum(stratumId).stratum().index();
        List<PlannedUnit> out = new ArrayList<>(stratumStart[h + 1] - stratumStart[h]);
        for (int p = stratumStart[h]; p < stratumStart[h + 1]; p++) {
            out.add(new PlannedUnit(frame.eaId[order[p]], stratumId, p + 1, mos[p], pi1[p], expectedHits[p],
                    certainty[p], hits[p]));
        }
        return out;
    }

    /** @return frame positions (0-based, input order) of all EAs in the stored order; a copy */
    public int[] frameOrder() {
        return Arrays.copyOf(order, order.length);
    }

    /** @return the record to store: everything needed to audit and replay this plan */
    public PlanRecord record() {
        List<PlanRecord.StratumRecord> rs = new ArrayList<>();
        for (int h = 0; h < strata.size(); h++) {
            StratumSummary s = strata.get(h);
            List<String> sel = new ArrayList<>();
            List<Integer> hs = new ArrayList<>();
            List<String> cert = new ArrayList<>();
            for (int p = stratumStart[h]; p < stratumStart[h + 1]; p++) {
                if (hits[p] > 0) {
                    sel.add(frame.eaId[order[p]]);
                    hs.add(hits[p]);
                }
                if (certainty[p]) {
                    cert.add(frame.eaId[order[p]]);
                }
            }
            rs.add(new PlanRecord.StratumRecord(s.id(), s.stratum().eas(), s.psus(), s.start(), s.orderSha256(), sel,
                    hs, cert));
        }
        return new PlanRecord(PlanRecord.FORMAT, libraryVersion, frame.sha256(), frame.size(), design, seed,
                Starts.SCHEME, rs, warnings);
    }
}
