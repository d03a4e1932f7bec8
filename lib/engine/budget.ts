// The auto budget and the tenant's local day.
//
// autoBudget(tick at slotAt) = the smallest B such that, with B agents at the current slot and at
// every later slot, the look-ahead (lookahead.ts, the same routine selection uses) leaves no more
// cost due now than B: every item can still meet its deadline, the most urgent going first, each
// needing one run. It is never below
//   ceil(total cost / number of slots in (slotAt, slotAt + window])
// — the ticks an item may wait between runs, so B × that is one run of everything per window in
// steady state — nor below 1 when there are items; 0 when there are none.
//
// Why the current slot counts for capacity but not in the ratio: a tick at slotAt can run items
// now, so the look-ahead gives it capacity B; the ratio counts the slots one run must last for.
// For a new schedule of 10 journeys ticking daily with a 120 h window both give 2 (5 slots), and
// a preview at a time between slots passes the next slot as slotAt.
import { type EngineItem, type Ranked, dueCost, dueMask, horizon, rankForTick } from "./lookahead";
import type { SlotSource } from "./slots";
import { HOUR_MS } from "./tz";

export { nextLocalMidnight, tenantLocalDate } from "./tz";

export type AutoBudgetInput = {
  /** Items with their deadlines (deadline.ts), as passed to selection. */
  items: readonly EngineItem[];
  /** The tick the budget is for (the next slot, for a preview). */
  slotAt: number;
  slots: SlotSource;
  coverageWindowHours: number;
};

/** Number of slots in (slotAt, slotAt + window]: the ratio's denominator (at least 1). */
export function slotsPerWindow(slots: SlotSource, slotAt: number, coverageWindowHours: number): number {
  return Math.max(1, slots.between(slotAt, slotAt + coverageWindowHours * HOUR_MS).length);
}

export function autoBudget(input: AutoBudgetInput): number {
  if (input.items.length === 0) return 0;
  return autoBudgetRanked(rankForTick(input.items).runnable, input);
}

/** autoBudget on items already ranked and sorted by rankForTick (cost > 0), for a non-empty schedule. */
export function autoBudgetRanked(runnable: readonly Ranked[], at: Omit<AutoBudgetInput, "items">): number {
  const { slotAt, slots, coverageWindowHours } = at;
  let total = 0;
  let maxCost = 0;
  for (const r of runnable) {
    total += r.cost;
    maxCost = Math.max(maxCost, r.cost);
  }
  const ratio = Math.ceil(total / slotsPerWindow(slots, slotAt, coverageWindowHours));
  let lo = Math.max(1, ratio, maxCost); // an item costlier than B could never run
  if (total <= lo) return lo;
  const last = horizon(runnable);
  const future = last > slotAt ? slots.between(slotAt, last) : [];
  const feasible = (b: number) => dueCost(runnable, dueMask(runnable, future, b)) <= b;
  // B = total is always feasible (everything runs now). Binary search the smallest feasible B;
  // with unit costs feasibility is monotone in B, with test plans the greedy packing is close to it.
  let hi = total;
  if (feasible(lo)) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (feasible(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
