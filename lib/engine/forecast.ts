// The forecast: run the real selection forward over virtual ticks from the items' current state
// and report the longest gap between runs each item settles into.
//
// Length: a warm-up of one rotation (ceil(total cost / budget) ticks) plus one window, so that
// the backlog of the current state is worked off, then a measured stretch of at least three
// rotations and two coverage windows. Only gaps that start inside the measured stretch count;
// an item that has not run by the end counts the time since its last run (a lower bound on its
// next gap), so starvation shows as a long gap rather than as no gap.
//
// Work: every simulated tick passes every item through the selection and scans the slots of a
// coverage window, so that length can cost ticks × (items + slots): 1,000 hourly items with a
// one-year window want 43,800 ticks, seconds of CPU. The simulation is therefore capped at
// FORECAST_WORK_LIMIT steps (below); a forecast cut short says so with `approximate: true`.
// Two budgets need no simulation at all and stay exact at any size: 0 (nothing ever runs) and
// a fixed budget that covers every item (everything runs at every tick).
import { autoBudgetRanked, slotsPerWindow } from "./budget";
import { deadlineCalculator, withDeadline } from "./deadline";
import { type Ranked, edfCompare, rank, rankForTick } from "./lookahead";
import { type SelectedEntry, selectRanked } from "./selection";
import { type SlotConfig, type SlotSource, longestSlotGapHours, slotSource, slotTimeline, slotsAfter } from "./slots";
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
  /** Cap on simulated work, in steps (see FORECAST_WORK_LIMIT); tests inject smaller ones. */
  workLimit?: number;
};

export type Forecast = {
  /** Longest expected gap of any item, hours; null when no item has anything to run. */
  max_gap_hours: number | null;
  /** max_gap_hours ≤ max(coverage window, longest gap between consecutive slots). */
  coverage_met: boolean;
  /**
   * The work cap cut the simulation short: the gaps come from fewer ticks than the full length
   * (a shorter warm-up and measured stretch), so they can miss a longer gap that comes later or
   * still show the backlog of the current state. False: the full length was simulated.
   */
  approximate: boolean;
  /** expected_gap_hours is null for an item with nothing to run (cost 0). */
  items: { item_id: string; expected_gap_hours: number | null }[];
};

/** What one forecast simulated, counted as it ran (no clock): for tests and the bench. */
export type ForecastWork = {
  /** Ticks the full length wants, and ticks simulated (fewer exactly when the cap was hit). */
  wantedTicks: number;
  ticks: number;
  /** Steps counted while simulating, and the cap they were held to. */
  steps: number;
  limit: number;
  /** The most steps any one simulated tick took: the cap can be passed by at most that. */
  maxTickSteps: number;
};

/**
 * The cap on simulated work, in steps. A step is one item through one simulated tick (its share
 * of the selection, the auto budget and the re-ordering), or 64 slots read by the engine
 * (copying and walking a slot costs about a 64th of an item); a tick also counts 32 steps of
 * fixed overhead (computing its slot, calls, allocations: ~8 µs). Measured on the 2-core
 * development machine a step takes 0.15–0.5 µs, so the cap holds a forecast to about half a
 * second of CPU at worst, while schedules of up to ~1,000 items with weekly windows (or 10,000
 * with daily ones) are still simulated in full.
 */
export const FORECAST_WORK_LIMIT = 1_500_000;
const SLOTS_PER_STEP = 64;
const TICK_OVERHEAD_STEPS = 32;

const round2 = (x: number) => Math.round(x * 100) / 100;

export function forecast(input: ForecastInput): Forecast {
  return forecastWithWork(input).forecast;
}

/** The forecast together with the work it took. */
export function forecastWithWork(input: ForecastInput): { forecast: Forecast; work: ForecastWork } {
  const { items, slotConfig, start, tickBudget, coverageWindowHours: window } = input;
  const limit = input.workLimit ?? FORECAST_WORK_LIMIT;
  const runnable = items.filter((it) => it.cost > 0);
  const none: Forecast = {
    max_gap_hours: null,
    coverage_met: true,
    approximate: false,
    items: items.map((it) => ({ item_id: it.id, expected_gap_hours: null })),
  };
  const noWork: ForecastWork = { wantedTicks: 0, ticks: 0, steps: 0, limit, maxTickSteps: 0 };
  if (runnable.length === 0) return { forecast: none, work: noWork };
  const direct = slotSource(slotConfig);
  const first = direct.nextAfter(start - 1);
  // Exact over the year after the first tick; the ticks simulated are measured below as well.
  const yearGap = first === null ? null : longestSlotGapHours(slotConfig, first);
  if (first === null || yearGap === null) return { forecast: { ...none, coverage_met: false }, work: noWork };

  // How many ticks the full length wants.
  const total = runnable.reduce((s, it) => s + it.cost, 0);
  const windowTicks = slotsPerWindow(direct, first, window);
  const initialBudget = tickBudget === "auto" ? null : tickBudget;
  const rotation = initialBudget ? Math.ceil(total / initialBudget) : windowTicks;
  const warmup = rotation + windowTicks;
  const wanted = warmup + Math.max(3 * rotation, 2 * windowTicks) + windowTicks;

  // Runs are known without selecting: budget 0 runs nothing, a budget covering every item runs
  // everything at every tick.
  const everyTick = initialBudget !== null && initialBudget >= total;
  const never = initialBudget === 0;

  // What one tick costs: its items, the slots up to the furthest deadline (scanned once by
  // selection and, on "auto", twice more by the auto budget; a DST change can add one), a few
  // point questions for the deadlines of the items that ran, and the fixed overhead.
  const reachSlots = direct.between(first, first + Math.max(window, yearGap) * HOUR_MS).length + 2;
  const reads = (tickBudget === "auto" ? 3 : 1) * reachSlots + 8;
  const tickEstimate = runnable.length + TICK_OVERHEAD_STEPS + Math.ceil(reads / SLOTS_PER_STEP);
  const planned = everyTick || never ? wanted : Math.max(1, Math.min(wanted, Math.floor(limit / tickEstimate)));
  // Cut short, the warm-up keeps its share of the length.
  const warm = planned === wanted ? warmup : Math.floor((warmup * planned) / wanted);

  const ticks = slotsAfter(slotConfig, first - 1, planned);

  // The longest gap per item that started in the measured stretch, and each item's last run.
  const lastRun = new Map<string, number | null>(runnable.map((it) => [it.id, it.lastRunAt]));
  const lastRunTick = new Map<string, number>();
  const longest = new Map<string, number>();
  const meter = { steps: 0, maxTickSteps: 0 };
  let simulated = ticks.length;
  if (everyTick) {
    // Every item runs at every tick: each gap is the gap between two consecutive ticks.
    let widest = 0;
    for (let i = warm + 1; i < ticks.length; i++) widest = Math.max(widest, ticks[i] - ticks[i - 1]);
    for (const it of runnable) {
      lastRun.set(it.id, ticks[ticks.length - 1]);
      if (ticks.length > warm + 1) longest.set(it.id, widest);
    }
  } else if (!never) {
    const lastPlanned = ticks[ticks.length - 1];
    const timeline = slotTimeline(slotConfig, first - 1, lastPlanned + (window + yearGap) * HOUR_MS + DAY_MS);
    simulated = simulateTicks(
      { items: runnable, ticks, slots: timeline, tickBudget, coverageWindowHours: window, workLimit: limit, meter },
      (i, slotAt, id) => {
        const prevTick = lastRunTick.get(id);
        const prev = lastRun.get(id);
        if (prevTick !== undefined && prevTick >= warm && prev != null) {
          longest.set(id, Math.max(longest.get(id) ?? 0, slotAt - prev));
        }
        lastRunTick.set(id, i);
        lastRun.set(id, slotAt);
      },
    );
  }
  const lastTick = ticks[simulated - 1];

  let maxGap = 0;
  const out = items.map((it) => {
    if (it.cost <= 0) return { item_id: it.id, expected_gap_hours: null };
    const open = lastTick - (lastRun.get(it.id) ?? it.addedAt);
    const gap = Math.max(longest.get(it.id) ?? 0, open) / HOUR_MS;
    maxGap = Math.max(maxGap, gap);
    return { item_id: it.id, expected_gap_hours: round2(gap) };
  });
  // The longest slot gap of the year ahead, or of the ticks simulated when they reach further
  // (a later year can put a DST change into a different gap of the pattern).
  let slotGapMs = yearGap * HOUR_MS;
  for (let i = 1; i < simulated; i++) slotGapMs = Math.max(slotGapMs, ticks[i] - ticks[i - 1]);
  const bound = Math.max(window, slotGapMs / HOUR_MS);
  return {
    forecast: { max_gap_hours: round2(maxGap), coverage_met: maxGap <= bound + 1e-9, approximate: simulated < wanted, items: out },
    work: { wantedTicks: wanted, ticks: simulated, steps: meter.steps, limit, maxTickSteps: meter.maxTickSteps },
  };
}

/** A SlotSource that counts the slots it hands out (one per point question). */
function countingSlots(slots: SlotSource, meter: { reads: number }): SlotSource {
  return {
    nextAfter(t) {
      meter.reads++;
      return slots.nextAfter(t);
    },
    latestAtOrBefore(t) {
      meter.reads++;
      return slots.latestAtOrBefore(t);
    },
    between(a, b) {
      const out = slots.between(a, b);
      meter.reads += out.length + 1;
      return out;
    },
  };
}

/**
 * Runs the real selection (and, on "auto", the auto budget) at each of `ticks`, with no tenant
 * cap, calling `onRun` for every item selected. Keeps the items in selection's sorted order
 * between ticks — only the items that ran move, so a merge replaces a sort per tick. Counts its
 * steps (see FORECAST_WORK_LIMIT) into `meter` and stops before a tick once they reach
 * `workLimit` (the first tick always runs), so it passes the limit by less than one tick.
 * Returns the number of ticks simulated.
 */
export function simulateTicks(
  sim: {
    items: readonly ForecastItem[];
    ticks: readonly number[];
    slots: SlotSource;
    tickBudget: number | "auto";
    coverageWindowHours: number;
    workLimit?: number;
    meter?: { steps: number; maxTickSteps: number };
    /** Called after every simulated tick with its budget and selection (the calendar's record). */
    onTick?: (tickIndex: number, slotAt: number, budget: number, selected: readonly SelectedEntry[]) => void;
  },
  onRun: (tickIndex: number, slotAt: number, itemId: string) => void,
): number {
  const { tickBudget, coverageWindowHours } = sim;
  const limit = sim.workLimit ?? Infinity;
  const meter = sim.meter ?? { steps: 0, maxTickSteps: 0 };
  const counter = { reads: 0 };
  const slots = countingSlots(sim.slots, counter);
  const deadlineOf = deadlineCalculator(slots, coverageWindowHours);
  let ranked = rankForTick(sim.items.map((it) => withDeadline(it, deadlineOf(it)))).runnable;
  let i = 0;
  for (; i < sim.ticks.length && (i === 0 || meter.steps < limit); i++) {
    const slotAt = sim.ticks[i];
    const readsBefore = counter.reads;
    const params = { slotAt, slots, coverageWindowHours };
    const budget = tickBudget === "auto" ? autoBudgetRanked(ranked, params) : tickBudget;
    const sel = selectRanked(ranked, [], { ...params, tickBudget: budget, tenantRemaining: Infinity });
    sim.onTick?.(i, slotAt, budget, sel.selected);
    if (sel.selected.length > 0) {
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
    }
    const tickSteps = ranked.length + TICK_OVERHEAD_STEPS + Math.ceil((counter.reads - readsBefore) / SLOTS_PER_STEP);
    meter.steps += tickSteps;
    meter.maxTickSteps = Math.max(meter.maxTickSteps, tickSteps);
  }
  return i;
}

/** Merges two arrays sorted by edfCompare; on ties `a` comes first. */
function merge(a: readonly Ranked[], b: readonly Ranked[]): Ranked[] {
  const out: Ranked[] = [];
  if (b.length * Math.log2(a.length + 2) < a.length) {
    // Few items ran (the usual tick): place each by binary search instead of comparing them
    // with every other item.
    let from = 0;
    for (const m of b) {
      let lo = from;
      let hi = a.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (edfCompare(a[mid], m) <= 0) lo = mid + 1;
        else hi = mid;
      }
      for (let k = from; k < lo; k++) out.push(a[k]);
      out.push(m);
      from = lo;
    }
    for (let k = from; k < a.length; k++) out.push(a[k]);
    return out;
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(edfCompare(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
