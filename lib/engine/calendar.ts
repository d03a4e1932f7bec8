// The coverage calendar: the coming ticks of a schedule, each with its budget and the items it
// would select, from the items' current state. The ticks are simulated with the forecast's own
// loop (simulateTicks: the real selection and, on "auto", the real auto budget, no tenant cap),
// so the calendar and the forecast's gaps come from the same selection.
//
// Also here: budgetNeeded, the smallest per-tick budget with which the forecast meets the
// coverage window, found by probing the forecast itself (bounded work, see below).
//
// Pure: every instant is a parameter (no clock, no I/O).
import { slotsPerWindow } from "./budget";
import { FORECAST_WORK_LIMIT, type ForecastInput, type ForecastItem, forecastWithWork, simulateTicks } from "./forecast";
import { type SlotConfig, longestSlotGapHours, slotSource, slotTimeline } from "./slots";
import { DAY_MS, HOUR_MS } from "./tz";

export type CalendarInput = {
  items: readonly ForecastItem[];
  slotConfig: SlotConfig;
  /** The first tick is the first slot at or after this instant (next_tick_at, or now). */
  start: number;
  /** The calendar covers the ticks before `now + days × 24 h`. */
  now: number;
  days: number;
  /** A per-tick budget, or "auto" to resolve the auto budget at every simulated tick. */
  tickBudget: number | "auto";
  coverageWindowHours: number;
  /** Cap on simulated work, in the forecast's steps (default FORECAST_WORK_LIMIT). */
  workLimit?: number;
};

export type CalendarTick = {
  slotAt: number;
  /** The tick budget at this tick (the auto budget resolved there, on "auto"). */
  budget: number;
  /** In selection order. */
  items: { itemId: string; cost: number; due: boolean }[];
};

export type Calendar = {
  ticks: CalendarTick[];
  /** The work cap stopped the simulation before the end of the range: later ticks are missing. */
  truncated: boolean;
};

export function calendar(input: CalendarInput): Calendar {
  const { slotConfig: cfg, start, now, days, tickBudget, coverageWindowHours: window } = input;
  const end = now + days * DAY_MS;
  // Slots in [start, end).
  const ticks = slotSource(cfg).between(start - 1, end - 1);
  if (ticks.length === 0) return { ticks: [], truncated: false };
  const runnable = input.items.filter((it) => it.cost > 0);
  const out: CalendarTick[] = ticks.map((slotAt) => ({ slotAt, budget: 0, items: [] }));
  if (runnable.length === 0) {
    // Nothing to run: every tick selects nothing (the auto budget of an empty schedule is 0).
    if (tickBudget !== "auto") for (const t of out) t.budget = tickBudget;
    return { ticks: out, truncated: false };
  }
  // The slots the deadlines of the simulated stretch can reach, computed once (as the forecast does).
  const yearGap = longestSlotGapHours(cfg, ticks[0]) ?? 0;
  const slots = slotTimeline(cfg, ticks[0] - 1, ticks[ticks.length - 1] + (window + yearGap) * HOUR_MS + DAY_MS);
  const simulated = simulateTicks(
    {
      items: runnable,
      ticks,
      slots,
      tickBudget,
      coverageWindowHours: window,
      workLimit: input.workLimit ?? FORECAST_WORK_LIMIT,
      onTick: (i, _slotAt, budget, selected) => {
        out[i].budget = budget;
        out[i].items = selected.map((s) => ({ itemId: s.itemId, cost: s.cost, due: s.due }));
      },
    },
    () => {},
  );
  return { ticks: out.slice(0, simulated), truncated: simulated < ticks.length };
}

/**
 * The total work budgetNeeded may spend on its forecasts, in the forecast's steps: each probe is a
 * forecast capped at FORECAST_WORK_LIMIT, and the search stops probing once this much is spent.
 */
export const BUDGET_SEARCH_WORK_LIMIT = 4 * FORECAST_WORK_LIMIT;
/** And at most this many probes (a doubling then a bisection: ~2 log2(total cost)). */
const MAX_PROBES = 48;

export type BudgetNeeded = {
  /**
   * The smallest per-tick budget found with which the forecast meets the coverage window (and with
   * one less it does not); null when no budget can (the schedule has no slots) or none is needed
   * (nothing to run).
   */
  budget: number | null;
  /** The search was stopped by its work cap: `budget` meets the window but may not be the smallest. */
  cut: boolean;
  probes: number;
};

/**
 * The smallest budget B with which forecast(…, tickBudget: B) meets the coverage window. Probes
 * upward from `atLeast` (a budget known not to meet it, e.g. the schedule's own; default 0),
 * starting at max(most expensive item, ceil(total cost / slots per window)) — the least that can
 * plausibly cover — and doubling until a budget meets it (the total cost always does when there
 * are slots: everything runs at every tick, with no simulation), then bisects between the last
 * budget that did not and the first that did. So the answer was forecast to meet the window, and
 * one less was forecast not to (or is `atLeast`), unless the search was cut short (`cut`).
 */
export function budgetNeeded(
  input: Omit<ForecastInput, "tickBudget">,
  opts: { atLeast?: number; searchWorkLimit?: number } = {},
): BudgetNeeded {
  const runnable = input.items.filter((it) => it.cost > 0);
  if (runnable.length === 0) return { budget: null, cut: false, probes: 0 };
  const direct = slotSource(input.slotConfig);
  const first = direct.nextAfter(input.start - 1);
  if (first === null) return { budget: null, cut: false, probes: 0 };

  const limit = opts.searchWorkLimit ?? BUDGET_SEARCH_WORK_LIMIT;
  let spent = 0;
  let probes = 0;
  let cut = false;
  const met = (b: number): boolean | null => {
    if (probes >= MAX_PROBES || spent >= limit) {
      cut = true;
      return null;
    }
    probes++;
    const { forecast, work } = forecastWithWork({ ...input, tickBudget: b });
    spent += work.steps;
    return forecast.coverage_met;
  };

  let total = 0;
  let maxCost = 0;
  for (const it of runnable) {
    total += it.cost;
    maxCost = Math.max(maxCost, it.cost);
  }
  // lo: a budget that does not meet the window (forecast, or below any that could); hi: one that does.
  let lo = Math.max(0, opts.atLeast ?? 0);
  const floor = Math.max(maxCost, Math.ceil(total / slotsPerWindow(direct, first, input.coverageWindowHours)));
  let candidate = Math.min(total, Math.max(lo + 1, floor));
  let hi: number | null = null;
  while (hi === null) {
    const ok = met(candidate);
    if (ok === null) return { budget: null, cut, probes };
    if (ok) hi = candidate;
    else if (candidate >= total) return { budget: null, cut, probes }; // not even everything at every tick
    else {
      lo = candidate;
      candidate = Math.min(total, candidate * 2);
    }
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const ok = met(mid);
    if (ok === null) break;
    if (ok) hi = mid;
    else lo = mid;
  }
  return { budget: hi, cut, probes };
}
