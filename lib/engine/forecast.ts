// The forecast (SPEC §4): run the real selection forward over virtual ticks from the items'
// current state and report the longest gap between runs each item settles into.
//
// Length: a warm-up of one rotation (ceil(total cost / budget) ticks) plus one window, so that
// the backlog of the current state is worked off, then a measured stretch of at least three
// rotations and two coverage windows. Only gaps that start inside the measured stretch count;
// an item that has not run by the end counts the time since its last run (a lower bound on its
// next gap), so starvation shows as a long gap rather than as no gap.
import { autoBudgetRanked, slotsPerWindow } from "./budget";
import { deadlineCalculator, withDeadline } from "./deadline";
import { type Ranked, edfCompare, rank, rankForTick } from "./lookahead";
import { selectRanked } from "./selection";
import { type SlotConfig, type SlotSource, longestSlotGapHours, slotSource, slotTimeline } from "./slots";
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
  const ticksCount = Math.min(wanted, Math.max(2 * windowTicks + 1, Math.floor(WORK_LIMIT / runnable.length)));
  const ticks = [first];
  while (ticks.length < ticksCount) ticks.push(direct.nextAfter(ticks[ticks.length - 1])!);
  const lastTick = ticks[ticks.length - 1];
  const timeline = slotTimeline(slotConfig, first - 1, lastTick + (window + slotGap) * HOUR_MS + DAY_MS);

  // The longest gap per item that started in the measured stretch, and each item's last run.
  const lastRun = new Map<string, number | null>(runnable.map((it) => [it.id, it.lastRunAt]));
  const lastRunTick = new Map<string, number>();
  const longest = new Map<string, number>();
  simulateTicks({ items: runnable, ticks, slots: timeline, tickBudget, coverageWindowHours: window }, (i, slotAt, id) => {
    const prevTick = lastRunTick.get(id);
    const prev = lastRun.get(id);
    if (prevTick !== undefined && prevTick >= warmup && prev != null) {
      longest.set(id, Math.max(longest.get(id) ?? 0, slotAt - prev));
    }
    lastRunTick.set(id, i);
    lastRun.set(id, slotAt);
  });

  let maxGap = 0;
  const out = items.map((it) => {
    if (it.cost <= 0) return { item_id: it.id, expected_gap_hours: null };
    const open = lastTick - (lastRun.get(it.id) ?? it.addedAt);
    const gap = Math.max(longest.get(it.id) ?? 0, open) / HOUR_MS;
    maxGap = Math.max(maxGap, gap);
    return { item_id: it.id, expected_gap_hours: round2(gap) };
  });
  const bound = Math.max(window, slotGap);
  return { max_gap_hours: round2(maxGap), coverage_met: maxGap <= bound + 1e-9, items: out };
}

/**
 * Runs the real selection (and, on "auto", the auto budget) at each of `ticks`, with no tenant
 * cap, calling `onRun` for every item selected. Keeps the items in selection's sorted order
 * between ticks — only the items that ran move, so a merge replaces a sort per tick — which
 * makes a forecast of 10,000 items over hundreds of ticks take about a second, not ten.
 */
export function simulateTicks(
  sim: {
    items: readonly ForecastItem[];
    ticks: readonly number[];
    slots: SlotSource;
    tickBudget: number | "auto";
    coverageWindowHours: number;
  },
  onRun: (tickIndex: number, slotAt: number, itemId: string) => void,
): void {
  const { slots, tickBudget, coverageWindowHours } = sim;
  const deadlineOf = deadlineCalculator(slots, coverageWindowHours);
  let ranked = rankForTick(sim.items.map((it) => withDeadline(it, deadlineOf(it)))).runnable;
  sim.ticks.forEach((slotAt, i) => {
    const params = { slotAt, slots, coverageWindowHours };
    const budget = tickBudget === "auto" ? autoBudgetRanked(ranked, params) : tickBudget;
    const sel = selectRanked(ranked, [], { ...params, tickBudget: budget, tenantRemaining: Infinity });
    if (sel.selected.length === 0) return;
    const ran = new Set(sel.selected.map((s) => s.itemId));
    const stay: Ranked[] = [];
    const moved: Ranked[] = [];
    for (const r of ranked) {
      if (!ran.has(r.id)) {
        stay.push(r);
        continue;
      }
      const next = { id: r.id, priority: r.priority, lastRunAt: slotAt, addedAt: r.addedAt, cost: r.cost };
      moved.push(rank(withDeadline(next, deadlineOf(next))));
    }
    for (const s of sel.selected) onRun(i, slotAt, s.itemId);
    moved.sort(edfCompare);
    ranked = merge(stay, moved);
  });
}

/** Merges two arrays sorted by edfCompare. */
function merge(a: readonly Ranked[], b: readonly Ranked[]): Ranked[] {
  const out: Ranked[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(edfCompare(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
