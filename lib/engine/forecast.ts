// The forecast (SPEC §4): run the real selection forward over virtual ticks from the items'
// current state and report the longest gap between runs each item settles into.
//
// Length: a warm-up of one rotation (ceil(total cost / budget) ticks) plus one window, so that
// the backlog of the current state is worked off, then a measured stretch of at least three
// rotations and two coverage windows. Only gaps that start inside the measured stretch count;
// an item that has not run by the end counts the time since its last run (a lower bound on its
// next gap), so starvation shows as a long gap rather than as no gap.
import { autoBudget, slotsPerWindow } from "./budget";
import { deadlineCalculator, withDeadline } from "./deadline";
import { selectForTick } from "./selection";
import { type SlotConfig, longestSlotGapHours, slotSource, slotTimeline } from "./slots";
import { DAY_MS, HOUR_MS } from "./tz";

export type ForecastItem = {
  id: string;
  priority: number;
  lastRunAt: number | null;
  addedAt: number;
  cost: number;
};

export type ForecastInput = {
  items: readonly ForecastItem[];
  slotConfig: SlotConfig;
  /** The first simulated tick is the first slot at or after this instant (e.g. next_tick_at). */
  start: number;
  /** A per-tick budget, or "auto" to resolve the auto budget at every simulated tick. */
  tickBudget: number | "auto";
  coverageWindowHours: number;
};

export type Forecast = {
  /** Longest expected gap of any item, hours; null when no item has anything to run. */
  max_gap_hours: number | null;
  /** max_gap_hours ≤ max(coverage window, longest gap between consecutive slots). */
  coverage_met: boolean;
  /** expected_gap_hours is null for an item with nothing to run (cost 0). */
  items: { item_id: string; expected_gap_hours: number | null }[];
};

// Cap on simulated item-ticks, so a preview of a huge schedule stays fast. Past it the
// simulation is shorter and its gaps are lower bounds.
const WORK_LIMIT = 3_000_000;

const round2 = (x: number) => Math.round(x * 100) / 100;

export function forecast(input: ForecastInput): Forecast {
  const { items, slotConfig, start, tickBudget, coverageWindowHours: window } = input;
  const runnable = items.filter((it) => it.cost > 0);
  const none: Forecast = {
    max_gap_hours: null,
    coverage_met: true,
    items: items.map((it) => ({ item_id: it.id, expected_gap_hours: null })),
  };
  if (runnable.length === 0) return none;
  const direct = slotSource(slotConfig);
  const first = direct.nextAfter(start - 1);
  const slotGap = longestSlotGapHours(slotConfig);
  if (first === null || slotGap === null) return { ...none, coverage_met: false };

  // How many ticks to simulate.
  const total = runnable.reduce((s, it) => s + it.cost, 0);
  const windowTicks = slotsPerWindow(direct, first, window);
  const initialBudget = tickBudget === "auto" ? null : tickBudget;
  const rotation = initialBudget ? Math.ceil(total / initialBudget) : windowTicks;
  const warmup = rotation + windowTicks;
  const wanted = warmup + Math.max(3 * rotation, 2 * windowTicks) + windowTicks;
  const ticksCount = Math.min(wanted, Math.max(4 * windowTicks, Math.floor(WORK_LIMIT / items.length)));
  const ticks = [first];
  while (ticks.length < ticksCount) ticks.push(direct.nextAfter(ticks[ticks.length - 1])!);
  const lastTick = ticks[ticks.length - 1];
  const timeline = slotTimeline(slotConfig, first - 1, lastTick + (window + slotGap) * HOUR_MS + DAY_MS);
  const deadlineOf = deadlineCalculator(timeline, window);

  // Simulated state: last run per item, and the longest gap that started in the measured stretch.
  const state = items.map((it) => ({ id: it.id, priority: it.priority, lastRunAt: it.lastRunAt, addedAt: it.addedAt, cost: it.cost }));
  const byId = new Map(state.map((it) => [it.id, it]));
  const lastRunTick = new Map<string, number>();
  const longest = new Map<string, number>();
  ticks.forEach((slotAt, i) => {
    const withDeadlines = state.map((it) => withDeadline(it, deadlineOf(it)));
    const budget =
      initialBudget ?? autoBudget({ items: withDeadlines, slotAt, slots: timeline, coverageWindowHours: window });
    const sel = selectForTick({
      items: withDeadlines,
      slotAt,
      slots: timeline,
      tickBudget: budget,
      tenantRemaining: Infinity,
      coverageWindowHours: window,
    });
    for (const s of sel.selected) {
      const it = byId.get(s.itemId)!;
      const prev = lastRunTick.get(it.id);
      if (prev !== undefined && prev >= warmup && it.lastRunAt !== null) {
        longest.set(it.id, Math.max(longest.get(it.id) ?? 0, slotAt - it.lastRunAt));
      }
      it.lastRunAt = slotAt;
      lastRunTick.set(it.id, i);
    }
  });

  let maxGap = 0;
  const out = state.map((it) => {
    if (it.cost <= 0) return { item_id: it.id, expected_gap_hours: null };
    const open = lastTick - (it.lastRunAt ?? it.addedAt);
    const gap = Math.max(longest.get(it.id) ?? 0, open) / HOUR_MS;
    maxGap = Math.max(maxGap, gap);
    return { item_id: it.id, expected_gap_hours: round2(gap) };
  });
  const bound = Math.max(window, slotGap);
  return { max_gap_hours: round2(maxGap), coverage_met: maxGap <= bound + 1e-9, items: out };
}
