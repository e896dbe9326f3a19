package org.fieldsync.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.fieldsync.sampling.Design;
import org.fieldsync.sampling.Frame;
import org.fieldsync.sampling.FrameImport;
import org.fieldsync.sampling.Plan;
import org.fieldsync.sampling.Planner;
import org.fieldsync.sampling.StratumSummary;

/**
 * Load driver for sample planning on a national-size frame (target: plan a 1,000,000-EA frame, 10 domains x 3
 * prevalence classes, through stratification, stored order, allocation and first-stage PPS systematic selection in
 * at most 5 s wall time within a 1 GB heap on the 2-core development machine).
 *
 * <p>It generates a deterministic frame as CSV bytes in memory (not timed), then times, one after the other and
 * each on a fresh state: the CSV import (decode, parse, validate, SHA-256) and {@link Planner#plan} (30 strata,
 * proportional allocation of 6,000 PSUs with bounds, certainty rule, starts from the seed, order digests). A
 * main-method driver rather than JMH: one plan is a single multi-second operation whose cold-ish wall time and heap
 * ceiling are what matter; repeat counts are a parameter, and the best and the last run are printed.
 *
 * <p>Run (after {@code mvn -q -o -pl sampling test} and with the sampling dependency in benchmarks/pom.xml):
 * {@code java -Xmx1g -cp benchmarks/target/classes:sampling/target/classes
 * org.fieldsync.benchmarks.SamplingPlanDriver [eas] [repeats]}.
 */
public final class SamplingPlanDriver {
    private SamplingPlanDriver() {
    }

    /**
     * @param args optional: number of EAs (default 1,000,000), repeats (default 3)
     */
    public static void main(String[] args) {
        int eas = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long t0 = System.nanoTime();
        byte[] csv = generate(eas, 20240601L);
        System.out.printf("generated %,d EAs as %,d bytes of CSV in %.2f s%n", eas, csv.length,
                (System.nanoTime() - t0) / 1e9);
        Design design = Design.builder().cutoffs(0.05, 0.15).classLabels("LOW", "MED", "HIGH")
                .allocation(Design.AllocationMethod.PROPORTIONAL, 6000).take("EMIG", 3).take("RET", 2)
                .take("NON", 3).build();
        Planner planner = new Planner();
        double bestImport = Double.MAX_VALUE;
        double bestPlan = Double.MAX_VALUE;
        long cert = 0;
        long live = 0;
        for (int r = 0; r < repeats; r++) {
            long a = System.nanoTime();
            FrameImport.Result result = FrameImport.csv(csv);
            Frame frame = result.frame();
            long b = System.nanoTime();
            Plan plan = planner.plan(frame, design, 42L + r);
            long c = System.nanoTime();
            double imp = (b - a) / 1e9;
            double pl = (c - b) / 1e9;
            bestImport = Math.min(bestImport, imp);
            bestPlan = Math.min(bestPlan, pl);
            System.out.printf("run %d: import %.2f s (%,d EAs, %d excluded), plan %.2f s (%d strata, %,d PSUs)%n",
                    r + 1, imp, frame.size(), result.exclusions().size(), pl, plan.strata().size(),
                    plan.selections().size());
            cert = plan.strata().stream().mapToLong(StratumSummary::certaintyEas).sum();
            if (r == repeats - 1) {
                System.gc();
                live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
                System.out.printf("live heap with the CSV bytes, frame and plan retained: %,d MB%n", live);
            }
        }
        System.out.printf("best: import %.2f s, plan %.2f s; certainty EAs %d; max heap %,d MB%n", bestImport,
                bestPlan, cert, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** A deterministic frame: 10 domains, sort keys district/cluster, shares from three beta-like regimes. */
    static byte[] generate(int eas, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(eas * 64);
        sb.append("ea_id,domain,sort_keys,census_hh,census_emig_hh,census_ret_hh,census_imm_hh\n");
        for (int i = 0; i < eas; i++) {
            int domain = i % 10;
            long hh = 40 + rnd.nextInt(361);
            double regime = rnd.nextDouble();
            double share = regime < 0.45 ? rnd.nextDouble() * 0.05 : regime < 0.8 ? 0.05 + rnd.nextDouble() * 0.1
                    : 0.15 + rnd.nextDouble() * 0.35;
            long mig = Math.round(hh * share);
            long emig = Math.round(mig * 0.75);
            long ret = mig - emig;
            long imm = Math.min(hh - mig, rnd.nextInt(3));
            sb.append(String.format("EA%07d", i)).append(",D").append(domain).append(',')
                    .append(String.format("P%02d/C%05d", rnd.nextInt(20), rnd.nextInt(5000))).append(',')
                    .append(hh).append(',').append(emig).append(',').append(ret).append(',').append(imm).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
