package org.fieldsync.sampling;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.fieldsync.sampling.Design.AllocationMethod;
import org.fieldsync.sampling.Design.FirstStageMethod;
import org.fieldsync.sampling.Design.Group;
import org.fieldsync.sampling.Design.MeasureOfSize;
import org.fieldsync.sampling.Design.TakeClass;

/**
 * Frame + design + starts to a {@link Plan}: stratification and stored order (SPEC 2), allocation (SPEC 3), first
 * stage (SPEC 4), per-stratum summary. Works on primitive arrays in stored order; nothing is boxed per EA.
 */
final class PlanBuilder {
    private final Frame frame;
    private final Design design;
    private final long seed;
    private final Starts starts;
    private final String version;
    private final List<String> warnings = new ArrayList<>();

    // stratification, per EA in stored order
    private int[] order;
    private int[] stratumStart;
    private long[] migOf;
    private List<Stratum> strata;

    private PlanBuilder(Frame frame, Design design, long seed, Starts starts, String version) {
        this.frame = frame;
        this.design = design;
        this.seed = seed;
        this.starts = starts;
        this.version = version;
    }

    static Plan build(Frame frame, Design design, long seed, Starts starts, String version) {
        return new PlanBuilder(frame, design, seed, starts, version).run();
    }

    private Plan run() {
        stratify();
        checkStratumKeys();
        int hCount = strata.size();
        Allocation.Result alloc = allocate();
        double[] fMig = new double[hCount];
        double[] fCtrl = new double[hCount];
        rates(fMig, fCtrl);

        int n = order.length;
        double[] mos = new double[n];
        double[] pi1 = new double[n];
        double[] eh = new double[n];
        int[] hits = new int[n];
        boolean[] cert = new boolean[n];
        List<StratumSummary> summaries = new ArrayList<>();
        List<FirstStageSelection> selections = new ArrayList<>();
        List<TakeClass> classes = design.takeClasses();
        boolean multi = design.firstStage() == FirstStageMethod.PPS_SYSTEMATIC_MULTIPLE_HITS;
        for (int h = 0; h < hCount; h++) {
            Stratum st = strata.get(h);
            int from = stratumStart[h];
            int to = stratumStart[h + 1];
            int a = alloc.strata().get(h).psus();
            double u = Starts.checkStart(starts.start(Starts.stage1Key(st.id())), Starts.stage1Key(st.id()));
            firstStage(st, from, to, a, u, fMig[h], fCtrl[h], mos, pi1, eh, hits, cert);

            int certCount = 0;
            int zero = 0;
            int selected = 0;
            long listing = 0;
            double expListing = 0;
            double expMig = 0;
            double expCtrl = 0;
            for (int p = from; p < to; p++) {
                int i = order[p];
                if (cert[p]) {
                    certCount++;
                }
                if (mos[p] == 0) {
                    zero++;
                }
                expListing += pi1[p] * frame.censusHh[i];
                for (TakeClass c : classes) {
                    long count = 0;
                    for (HouseholdType t : c.types()) {
                        count += frame.census(i, t);
                    }
                    double e;
                    if (design.secondStage() == Design.SecondStageMethod.FIXED_TAKE) {
                        e = pi1[p] * Math.min(design.takes().get(c.name()), count);
                    } else {
                        double f = c.group() == Group.MIGRANT ? fMig[h] : fCtrl[h];
                        e = pi1[p] == 0 ? 0 : pi1[p] * Math.min(1.0, f / pi1[p]) * count;
                    }
                    if (c.group() == Group.MIGRANT) {
                        expMig += e;
                    } else {
                        expCtrl += e;
                    }
                }
                if (hits[p] > 0) {
                    listing += frame.censusHh[i];
                    boolean split = multi && design.hitsHandling() == Design.HitsHandling.SEGMENTS && hits[p] > 1;
                    if (split) {
                        for (int k = 1; k <= hits[p]; k++) {
                            selections.add(new FirstStageSelection(frame.eaId[i] + "#" + k, frame.eaId[i], st.id(),
                                    p + 1, mos[p], pi1[p] / hits[p], eh[p], 1, false, false, k, hits[p], u));
                            selected++;
                        }
                    } else {
                        selections.add(new FirstStageSelection(frame.eaId[i], frame.eaId[i], st.id(), p + 1, mos[p],
                                pi1[p], eh[p], hits[p], cert[p], cert[p] && frame.forceCertainty[i], 1, 1, u));
                        selected++;
                    }
                }
            }
            if (!multi && a - certCount == 1) {
                warnings.add("stratum " + st.id() + " has a single non-certainty PSU: its variance stratum will have "
                        + "one PSU (an error when design variables are built); allocate at least 2 or collapse strata");
            }
            if (zero > 0) {
                warnings.add("stratum " + st.id() + " has " + zero + " EA(s) with measure of size 0 (never selected)");
            }
            Allocation.StratumAllocation sa = alloc.strata().get(h);
            if (sa.capped()) {
                warnings.add("stratum " + st.id() + " needs " + sa.required() + " PSUs for its targets but has only "
                        + st.eas() + " EAs: capped");
            }
            Design.Target target = design.targets().get(st.id());
            if (design.allocation() == AllocationMethod.FIXED_TARGETS && target != null
                    && target.migrant() > st.migrantHouseholds()) {
                warnings.add("stratum " + st.id() + ": migrant target " + target.migrant() + " exceeds the "
                        + st.migrantHouseholds() + " census migrant households");
            }
            summaries.add(new StratumSummary(st, sa, a, certCount, multi ? a : a - certCount, selected, zero, u,
                    orderDigest(from, to), fMig[h], fCtrl[h], expMig, expCtrl, expListing, listing));
        }
        return new Plan(frame, design, seed, version, alloc, summaries, selections, warnings, order, stratumStart,
                mos, pi1, eh, hits, cert);
    }

    // ------------------------------------------------------------------------------------------ stratification --

    private void stratify() {
        int n = frame.size();
        List<Double> cuts = design.cutoffs();
        int kc = cuts.size();
        double[] cut = new double[kc];
        for (int k = 0; k < kc; k++) {
            cut[k] = cuts.get(k);
        }
        Set<HouseholdType> mt = design.migrantTypes();
        boolean wEmig = mt.contains(HouseholdType.EMIG);
        boolean wRet = mt.contains(HouseholdType.RET);
        boolean wImm = mt.contains(HouseholdType.IMM);
        // domains in text order
        Map<String, Integer> domainRank = new HashMap<>();
        for (String d : frame.domain) {
            domainRank.putIfAbsent(d, 0);
        }
        List<String> domains = new ArrayList<>(new TreeMap<>(domainRank).keySet());
        for (int r = 0; r < domains.size(); r++) {
            domainRank.put(domains.get(r), r);
        }
        int keys = domains.size() * (kc + 1);
        int[] key = new int[n];
        int[] count = new int[keys];
        migOf = new long[n];
        for (int i = 0; i < n; i++) {
            long m = (wEmig ? frame.emig[i] : 0) + (wRet ? frame.ret[i] : 0) + (wImm ? frame.imm[i] : 0);
            migOf[i] = m;
            double share = (double) m / frame.censusHh[i];
            int k = 0;
            while (k < kc && share >= cut[k]) {
                k++;
            }
            // inside a domain the highest class comes first
            key[i] = domainRank.get(frame.domain[i]) * (kc + 1) + (kc - k);
            count[key[i]]++;
        }
        int[] compact = new int[keys];
        strata = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            if (count[k] > 0) {
                compact[k] = sizes.size();
                sizes.add(count[k]);
            } else {
                compact[k] = -1;
            }
        }
        int hCount = sizes.size();
        stratumStart = new int[hCount + 1];
        for (int h = 0; h < hCount; h++) {
            stratumStart[h + 1] = stratumStart[h] + sizes.get(h);
        }
        order = new int[n];
        int[] fill = java.util.Arrays.copyOf(stratumStart, hCount);
        for (int i = 0; i < n; i++) {
            order[fill[compact[key[i]]]++] = i;
        }
        String[] sk = frame.sortKeys;
        String[] id = frame.eaId;
        // the first 16 (Latin-1 frames) or 8 UTF-16 units of the sort keys packed into two longs, compared
        // unsigned, settle most comparisons without touching the strings; ties fall back to String.compareTo,
        // which orders by UTF-16 unit exactly as the packed numbers do
        boolean latin1 = true;
        for (int i = 0; i < n && latin1; i++) {
            String s = sk[i];
            for (int k = 0; k < s.length() && k < 16; k++) {
                if (s.charAt(k) > 0xFF) {
                    latin1 = false;
                    break;
                }
            }
        }
        int bits = latin1 ? 8 : 16;
        int per = 64 / bits;
        for (int h = 0; h < hCount; h++) {
            // keys copied into stratum-local arrays: the sort touches a few hundred KB, not the whole frame
            int from = stratumStart[h];
            int k = stratumStart[h + 1] - from;
            int[] members = java.util.Arrays.copyOfRange(order, from, from + k);
            long[] p1 = new long[k];
            long[] p2 = new long[k];
            int[] local = new int[k];
            for (int j = 0; j < k; j++) {
                String sortKey = sk[members[j]];
                p1[j] = pack(sortKey, 0, per, bits);
                p2[j] = pack(sortKey, per, per, bits);
                local[j] = j;
            }
            IntSort.IntComparator byKeys = (x, y) -> {
                int c = Long.compareUnsigned(p1[x], p1[y]);
                if (c == 0) {
                    c = Long.compareUnsigned(p2[x], p2[y]);
                    if (c == 0) {
                        c = sk[members[x]].compareTo(sk[members[y]]);
                        if (c == 0) {
                            c = id[members[x]].compareTo(id[members[y]]);
                        }
                    }
                }
                return c;
            };
            IntSort.sort(local, 0, k, byKeys);
            for (int j = 0; j < k; j++) {
                order[from + j] = members[local[j]];
            }
        }
        int h = 0;
        for (int k = 0; k < keys; k++) {
            if (compact[k] < 0) {
                continue;
            }
            String domain = domains.get(k / (kc + 1));
            int cls = kc - (k % (kc + 1));
            String label = design.classLabels().get(cls);
            String sid = kc == 0 ? (domain.isEmpty() ? "ALL" : domain) : (domain.isEmpty() ? label : domain + "/" + label);
            long hh = 0;
            long mig = 0;
            long ctrl = 0;
            for (int p = stratumStart[h]; p < stratumStart[h + 1]; p++) {
                int i = order[p];
                hh += frame.censusHh[i];
                mig += migOf[i];
                ctrl += frame.censusHh[i] - frame.emig[i] - frame.ret[i] - frame.imm[i];
            }
            strata.add(new Stratum(h, sid, domain, cls, label, stratumStart[h + 1] - stratumStart[h], hh, mig, ctrl));
            h++;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Stratum s : strata) {
            if (!seen.add(s.id())) {
                throw new SamplingException(SamplingException.Code.INVALID_DESIGN, "two strata would both be called '"
                        + s.id() + "' (a domain named like a class label or like ALL); rename the domain",
                        Map.of("stratum", s.id()));
            }
        }
    }

    /** UTF-16 units from..from+count-1 of s, {@code bits} each, as a big-endian 64-bit number (0 past the end). */
    private static long pack(String s, int from, int count, int bits) {
        long v = 0;
        for (int k = from; k < from + count; k++) {
            v = (v << bits) | (k < s.length() ? s.charAt(k) : 0);
        }
        return v;
    }

    private void checkStratumKeys() {
        Set<String> ids = new LinkedHashSet<>();
        for (Stratum s : strata) {
            ids.add(s.id());
        }
        Map<String, Map<String, ?>> maps = new TreeMap<>();
        maps.put("lowerBounds", design.lowerBounds());
        maps.put("upperBounds", design.upperBounds());
        maps.put("costs", design.costs());
        maps.put("psusPerStratum", design.psusPerStratum());
        maps.put("targets", design.targets());
        maps.put("rates", design.rates());
        for (Map.Entry<String, Map<String, ?>> e : maps.entrySet()) {
            for (String k : e.getValue().keySet()) {
                if (!ids.contains(k)) {
                    throw new SamplingException(SamplingException.Code.INVALID_DESIGN, "design." + e.getKey()
                            + " names stratum '" + k + "', which the frame does not have (strata: " + ids + ")",
                            Map.of("parameter", e.getKey(), "stratum", k, "strata", List.copyOf(ids)));
                }
            }
        }
    }

    // -------------------------------------------------------------------------------------------- allocation --

    private Allocation.Result allocate() {
        int hCount = strata.size();
        List<Allocation.StratumInput> in = new ArrayList<>();
        int[] lo = new int[hCount];
        int[] hi = new int[hCount];
        for (int h = 0; h < hCount; h++) {
            Stratum s = strata.get(h);
            in.add(new Allocation.StratumInput(s.id(), s.eas(), s.households(), s.migrantHouseholds(),
                    design.costs().getOrDefault(s.id(), 1.0)));
            lo[h] = design.lowerBounds().getOrDefault(s.id(), Math.min(design.defaultLowerBound(), s.eas()));
            hi[h] = design.upperBounds().getOrDefault(s.id(), s.eas());
        }
        switch (design.allocation()) {
            case GIVEN -> {
                List<Allocation.StratumAllocation> out = new ArrayList<>();
                int total = 0;
                for (int h = 0; h < hCount; h++) {
                    Integer a = design.psusPerStratum().get(strata.get(h).id());
                    if (a == null) {
                        throw new SamplingException(SamplingException.Code.INVALID_DESIGN, "GIVEN allocation has no "
                                + "PSU count for stratum " + strata.get(h).id(), Map.of("stratum", strata.get(h).id()));
                    }
                    total += a;
                    out.add(new Allocation.StratumAllocation(strata.get(h).id(), Double.NaN, Double.NaN, Double.NaN,
                            lo[h], hi[h], a, a, false));
                }
                return new Allocation.Result(AllocationMethod.GIVEN, total, out);
            }
            case FIXED_TARGETS -> {
                List<Design.Target> targets = new ArrayList<>();
                for (Stratum s : strata) {
                    Design.Target t = design.targets().get(s.id());
                    if (t == null) {
                        throw new SamplingException(SamplingException.Code.INVALID_DESIGN, "FIXED_TARGETS allocation "
                                + "has no targets for stratum " + s.id(), Map.of("stratum", s.id()));
                    }
                    targets.add(t);
                }
                return Allocation.fixedTargets(in, targets, design.migrantTake(), design.controlTake(), lo);
            }
            default -> {
                return Allocation.allocate(design.allocation(), design.totalPsus(), in, design.powerExponent(), lo,
                        hi);
            }
        }
    }

    /** Overall rates f_{h,t}: given, or target / N_{h,t}; NaN when the design has neither. */
    private void rates(double[] fMig, double[] fCtrl) {
        for (int h = 0; h < strata.size(); h++) {
            Stratum s = strata.get(h);
            Design.Rates r = design.rates().get(s.id());
            Design.Target t = design.targets().get(s.id());
            if (r != null) {
                fMig[h] = r.migrant();
                fCtrl[h] = r.control();
            } else if (t != null) {
                fMig[h] = rate(t.migrant(), s.migrantHouseholds(), s.id(), "migrant");
                fCtrl[h] = rate(t.control(), s.controlHouseholds(), s.id(), "control");
            } else {
                fMig[h] = Double.NaN;
                fCtrl[h] = Double.NaN;
                if (design.measureOfSize() == MeasureOfSize.COMPOSITE
                        || design.secondStage() == Design.SecondStageMethod.FIXED_RATE) {
                    throw new SamplingException(SamplingException.Code.INVALID_DESIGN, "stratum " + s.id()
                            + " has neither targets nor overall rates, needed by the composite measure of size "
                            + "and the fixed-rate second stage", Map.of("stratum", s.id()));
                }
            }
        }
    }

    private static double rate(long target, long n, String stratum, String group) {
        if (n == 0) {
            if (target > 0) {
                throw new SamplingException(SamplingException.Code.INVALID_DESIGN, "stratum " + stratum + " has a "
                        + group + " target of " + target + " but no census " + group + " households",
                        Map.of("stratum", stratum, "group", group));
            }
            return 0;
        }
        return (double) target / n;
    }

    // ------------------------------------------------------------------------------------------- first stage --

    private void firstStage(Stratum st, int from, int to, int a, double u, double fMig, double fCtrl, double[] mos,
                            double[] pi1, double[] eh, int[] hits, boolean[] cert) {
        int k = to - from;
        boolean composite = design.measureOfSize() == MeasureOfSize.COMPOSITE;
        long[] lsize = composite ? null : new long[k];
        double[] dsize = composite ? new double[k] : null;
        boolean[] forced = new boolean[k];
        String[] ids = new String[k];
        boolean anyForced = false;
        for (int j = 0; j < k; j++) {
            int i = order[from + j];
            ids[j] = frame.eaId[i];
            forced[j] = frame.forceCertainty[i];
            anyForced |= forced[j];
            if (composite) {
                long ctrl = frame.censusHh[i] - frame.emig[i] - frame.ret[i] - frame.imm[i];
                dsize[j] = fMig * migOf[i] + fCtrl * ctrl;
                mos[from + j] = dsize[j];
            } else {
                lsize[j] = frame.censusHh[i];
                mos[from + j] = lsize[j];
            }
        }
        // e_i = a MOS_i / sum MOS, before the certainty rule
        if (composite) {
            double total = 0;
            for (double v : dsize) {
                total += v;
            }
            for (int j = 0; j < k; j++) {
                eh[from + j] = total > 0 ? a * dsize[j] / total : 0;
            }
        } else {
            long total = 0;
            for (long v : lsize) {
                total = InclusionProbabilities.addExact(total, v);
            }
            for (int j = 0; j < k; j++) {
                eh[from + j] = total > 0 ? InclusionProbabilities.ratio(a, lsize[j], total) : 0;
            }
        }
        if (design.firstStage() == FirstStageMethod.PPS_SYSTEMATIC_MULTIPLE_HITS) {
            if (anyForced) {
                throw new SamplingException(SamplingException.Code.INVALID_DESIGN, "stratum " + st.id()
                        + " has EAs flagged force_certainty, which the multiple-hit first stage does not support",
                        Map.of("stratum", st.id()));
            }
            int[] h = composite ? Systematic.hits(java.util.Arrays.copyOfRange(eh, from, to), u)
                    : Systematic.hits(lsize, a, u);
            for (int j = 0; j < k; j++) {
                pi1[from + j] = eh[from + j];
                hits[from + j] = h[j];
            }
            return;
        }
        InclusionProbabilities.Result r;
        try {
            r = composite ? InclusionProbabilities.of(dsize, a, forced) : InclusionProbabilities.of(lsize, a, forced);
        } catch (SamplingException e) {
            Map<String, Object> d = new java.util.LinkedHashMap<>(e.details());
            d.put("stratum", st.id());
            throw new SamplingException(e.code(), "stratum " + st.id() + ": " + e.getMessage(), d);
        }
        double[] pi = r.pi();
        for (int j = 0; j < k; j++) {
            if (!r.certainty()[j]) {
                Systematic.checkProbability(pi[j], "EA " + ids[j] + " (stratum " + st.id() + ")");
            }
        }
        boolean[] sel = composite ? Systematic.select(pi, u)
                : Systematic.selectExact(lsize, r.certainty(), a - r.certaintyCount(), u);
        int count = 0;
        double sum = 0;
        for (int j = 0; j < k; j++) {
            pi1[from + j] = pi[j];
            cert[from + j] = r.certainty()[j];
            hits[from + j] = sel[j] ? 1 : 0;
            count += hits[from + j];
            sum += pi[j];
        }
        // SPEC 9.1: sum pi1 = a_h and a_h units selected
        if (count != a || Math.abs(sum - a) > 1e-9) {
            throw new IllegalStateException("stratum " + st.id() + ": selected " + count + " with sum of pi1 " + sum
                    + " for a_h = " + a);
        }
    }

    /** SHA-256 of the EA ids in stored order, each followed by a newline (UTF-8), fed in 64 KiB chunks. */
    private String orderDigest(int from, int to) {
        MessageDigest md = Digests.sha256();
        byte[] buf = new byte[1 << 16];
        int n = 0;
        for (int p = from; p < to; p++) {
            String id = frame.eaId[order[p]];
            int len = id.length();
            boolean ascii = len < buf.length - 1;
            for (int k = 0; k < len && ascii; k++) {
                ascii = id.charAt(k) < 0x80;
            }
            if (!ascii) {
                md.update(buf, 0, n);
                n = 0;
                Digests.updateLine(md, id);
                continue;
            }
            if (n + len + 1 > buf.length) {
                md.update(buf, 0, n);
                n = 0;
            }
            for (int k = 0; k < len; k++) {
                buf[n++] = (byte) id.charAt(k);
            }
            buf[n++] = '\n';
        }
        md.update(buf, 0, n);
        return Digests.hex(md.digest());
    }
}
