// Coverage deadlines (docs/engine.md): an item's deadline is the last slot within coverage_window_hours of
// its last run, or the first slot after its last run when the run days leave none; a never-run
// item counts from when it was added. Running an item at its deadline keeps its gap within
// max(window, longest slot gap), which is exactly the coverage promise (property 2).
import type { SlotSource } from "./slots";
import { HOUR_MS } from "./tz";

/** Deadline of an item whose coverage clock started at `anchor`; Infinity when there are no slots. */
export function deadlineFromAnchor(slots: SlotSource, anchor: number, coverageWindowHours: number): number {
  const latest = slots.latestAtOrBefore(anchor + coverageWindowHours * HOUR_MS);
  if (latest !== null && latest > anchor) return latest;
  return slots.nextAfter(anchor) ?? Infinity;
}

/** The instant an item's coverage clock started: its last run, else when it was added. */
export function coverageAnchor(item: { lastRunAt: number | null; addedAt: number }): number {
  return item.lastRunAt ?? item.addedAt;
}

/** Deadline of one item. */
export function itemDeadline(
  slots: SlotSource,
  item: { lastRunAt: number | null; addedAt: number },
  coverageWindowHours: number,
): number {
  return deadlineFromAnchor(slots, coverageAnchor(item), coverageWindowHours);
}

/**
 * A deadline function memoized by anchor. Items that ran in the same tick share a last_run_at, so
 * a schedule of thousands of items needs only a handful of slot look-ups.
 */
export function deadlineCalculator(
  slots: SlotSource,
  coverageWindowHours: number,
): (item: { lastRunAt: number | null; addedAt: number }) => number {
  const memo = new Map<number, number>();
  return (item) => {
    const anchor = coverageAnchor(item);
    let d = memo.get(anchor);
    if (d === undefined) memo.set(anchor, (d = deadlineFromAnchor(slots, anchor, coverageWindowHours)));
    return d;
  };
}

/**
 * The item with its deadline, as a fresh object literal. Not `{ ...item, deadline }`: on Node 20,
 * V8 gives every spread copy its own hidden class, which makes the selection's reads of 10,000
 * such items several times slower.
 */
export function withDeadline<T extends { id: string; priority: number; lastRunAt: number | null; addedAt: number; cost: number }>(
  item: T,
  deadline: number,
): { id: string; priority: number; lastRunAt: number | null; addedAt: number; cost: number; deadline: number } {
  return { id: item.id, priority: item.priority, lastRunAt: item.lastRunAt, addedAt: item.addedAt, cost: item.cost, deadline };
}
