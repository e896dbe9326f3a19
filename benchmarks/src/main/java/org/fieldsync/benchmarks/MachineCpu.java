package org.fieldsync.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The machine's CPU time over a measured phase, from Linux's {@code /proc/stat}: how busy both cores were, how much
 * time the hypervisor gave to other guests (steal: this machine is virtual and shared, and its speed varies from
 * run to run), and the CPU time per operation — a figure that moves less than throughput when the machine is
 * slower or faster than usual. Prints nothing where {@code /proc/stat} is not readable.
 */
final class MachineCpu {
  private MachineCpu() {}

  /** The "cpu" line's counters (user nice system idle iowait irq softirq steal ...), in clock ticks; empty if none. */
  static long[] read() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      return Arrays.stream(line.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
    } catch (IOException | RuntimeException e) {
      return new long[0];
    }
  }

  static void print(long[] before, long[] after, long operations) {
    if (before.length < 8 || after.length < 8) {
      return;
    }
    long[] d = new long[8];
    for (int i = 0; i < 8; i++) {
      d[i] = after[i] - before[i];
    }
    long busy = d[0] + d[1] + d[2] + d[5] + d[6];
    long total = busy + d[3] + d[4] + d[7];
    double ticksPerSecond = 100; // USER_HZ on Linux
    System.out.printf(Locale.ROOT, "machine CPU: %.0f %% busy, %.1f %% stolen by the hypervisor, %.0f µs of CPU per "
        + "operation (both cores, everything in this run)%n", 100.0 * busy / total, 100.0 * d[7] / total,
        operations == 0 ? 0 : busy / ticksPerSecond * 1e6 / operations);
  }
}
