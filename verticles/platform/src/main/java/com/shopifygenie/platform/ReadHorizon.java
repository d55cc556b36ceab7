package com.shopifygenie.platform;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a relay knows of the outbox positions it has read: the highest one, and the positions below
 * it it has not read yet (a transaction had taken the position and not committed). A skipped
 * position is forgotten only once every transaction that could hold it has ended (the snapshot's
 * xmin passed the xmax of a read made after the skip) and it is still not there: its transaction
 * rolled back. Until the transactions in flight at the first read have ended, and a sweep took
 * what they committed, only sweeps may read. Plain state, no Vert.x.
 */
final class ReadHorizon {

  /** A skipped position whose writer may not have its transaction id yet. */
  private static final long UNBOUNDED = Long.MAX_VALUE;
  /** Skipped positions beyond this many in one step are left to sweeps (another relay published them). */
  private static final int MOST_SKIPPED = 10_000;

  /** The highest position read; -1 until the first read. */
  private long horizon = -1;
  /** Skipped positions, each with the xmax of a read made after it was skipped. */
  private final Map<Long, Long> skipped = new HashMap<>();
  private boolean sweepsOnly = true;
  /** Sweeps only until a sweep's xmin passes this: every transaction in flight at the first read ended. */
  private long settledPast = UNBOUNDED;
  private long firstHorizon = -1;

  /** Forgets everything: another relay may have led meanwhile. */
  void reset() {
    horizon = -1;
    skipped.clear();
    sweepsOnly = true;
    settledPast = UNBOUNDED;
    firstHorizon = -1;
  }

  boolean sweepsOnly() {
    return sweepsOnly;
  }

  long highest() {
    return horizon;
  }

  Long[] skipped() {
    return skipped.keySet().toArray(new Long[0]);
  }

  /** Committed rows the transport did not take: the next read takes them again. */
  void readAgain(List<Long> positions) {
    positions.forEach(position -> skipped.put(position, UNBOUNDED));
  }

  /**
   * Moves the horizon past the positions read (in order, at least one) and notes those skipped.
   * After a read that returned every skipped position there is (not a sweep, which has a limit),
   * forgets those whose writers have all ended and are still not there.
   *
   * @param xmin the read's oldest transaction still running
   * @param xmax the read's next transaction id
   * @param whole the read returned fewer rows than it could
   */
  void learn(List<Long> positions, long xmin, long xmax, boolean sweep, boolean whole) {
    long last = positions.get(positions.size() - 1);
    positions.forEach(skipped::remove);
    if (!sweep) {
      skipped.values().removeIf(bound -> bound < xmin);
    }
    // every transaction that took a position skipped before this read had its id before it
    skipped.replaceAll((position, bound) -> bound == UNBOUNDED ? xmax : bound);
    if (sweepsOnly && horizon >= 0) {
      if (settledPast == UNBOUNDED) {
        settledPast = xmax;
      } else if (sweep && xmin > settledPast && (whole || last > firstHorizon)) {
        sweepsOnly = false;
      }
    }
    for (long position : positions) {
      if (position > horizon) {
        if (horizon >= 0 && position - horizon <= MOST_SKIPPED) {
          for (long gap = horizon + 1; gap < position; gap++) {
            skipped.put(gap, UNBOUNDED);
          }
        } else if (horizon >= 0) {
          // too many to note: sweep until settled again
          sweepsOnly = true;
          settledPast = UNBOUNDED;
          firstHorizon = position;
        }
        horizon = position;
      }
    }
    if (firstHorizon < 0) {
      firstHorizon = horizon;
    }
  }
}
