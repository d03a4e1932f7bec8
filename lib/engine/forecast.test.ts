import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { autoBudget, slotsPerWindow } from "./budget";
import { deadlineCalculator, withDeadline } from "./deadline";
import { FORECAST_WORK_LIMIT, type Forecast, type ForecastInput, type ForecastItem, forecast, forecastWithWork, simulateTicks } from "./forecast";
import { selectForTick } from "./selection";
import { type SlotConfig, longestSlotGapHours, nextSlotAfter, slotSource, slotTimeline, slotsAfter } from "./slots";
import { D, H, arbCost, arbSlotConfig } from "./testkit";

const z = (s: string) => Date.parse(s.endsWith("Z") ? s : `${s}Z`);
const ALL = [1, 2, 3, 4, 5, 6, 7];
// Berlin, June–August: no DST change inside the simulated stretch.
const daily: SlotConfig = { timezone: "Europe/Berlin", runTime: "09:00", runDays: ALL, tickIntervalHours: 24, anchorDate: "2026-06-01" };
const created = z("2026-06-01T06:00");

const journeys = (n: number, over: Partial<ForecastItem> = {}): ForecastItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `j${i}`, priority: 0, lastRunAt: null, addedAt: created, cost: 1, ...over }));

describe("forecast", () => {
  it("10 journeys, daily, 120 h window: budget 2 → 120 h and met; budget 1 → 240 h, not met", () => {
    const two = forecast({ items: journeys(10), slotConfig: daily, start: created, tickBudget: 2, coverageWindowHours: 120 });
    expect(two.max_gap_hours).toBe(120);
    expect(two.coverage_met).toBe(true);
    expect(two.items.map((i) => i.expected_gap_hours)).toEqual(Array(10).fill(120));
    expect(two.approximate).toBe(false);
    const one = forecast({ items: journeys(10), slotConfig: daily, start: created, tickBudget: 1, coverageWindowHours: 120 });
    expect(one.max_gap_hours).toBe(240);
    expect(one.coverage_met).toBe(false);
    expect(one.items.map((i) => i.expected_gap_hours)).toEqual(Array(10).fill(240));
    expect(one.approximate).toBe(false);
  });

  it("auto budget meets the window", () => {
    const auto = forecast({ items: journeys(10), slotConfig: daily, start: created, tickBudget: "auto", coverageWindowHours: 120 });
    expect(auto.max_gap_hours).toBe(120);
    expect(auto.coverage_met).toBe(true);
  });

  it("starts from the current state: a stale backlog is worked off before the steady state is measured", () => {
    // Half the items ran yesterday, half 20 days ago (long overdue).
    const items = journeys(10).map((it, i) => ({ ...it, addedAt: created - 60 * D, lastRunAt: created - (i < 5 ? 1 : 20) * D }));
    const f = forecast({ items, slotConfig: daily, start: created, tickBudget: 2, coverageWindowHours: 120 });
    expect(f.max_gap_hours).toBe(120);
    expect(f.coverage_met).toBe(true);
  });

  it("a test plan costlier than the budget never runs: its gap grows and coverage is not met", () => {
    const items = [...journeys(3), { id: "plan", priority: 5, lastRunAt: null, addedAt: created, cost: 4 }];
    const f = forecast({ items, slotConfig: daily, start: created, tickBudget: 3, coverageWindowHours: 120 });
    expect(f.coverage_met).toBe(false);
    const plan = f.items.find((i) => i.item_id === "plan")!;
    expect(plan.expected_gap_hours).toBeGreaterThan(120);
    expect(f.max_gap_hours).toBe(plan.expected_gap_hours);
    for (const i of f.items.filter((i) => i.item_id !== "plan")) expect(i.expected_gap_hours).toBeLessThanOrEqual(120);
  });

  it("spare capacity goes to priority: the top item runs more often, everyone stays covered", () => {
    const items = journeys(6).map((it, i) => ({ ...it, priority: i === 0 ? 10 : 0 }));
    const f = forecast({ items, slotConfig: daily, start: created, tickBudget: 2, coverageWindowHours: 120 });
    expect(f.coverage_met).toBe(true);
    const gap = (id: string) => f.items.find((i) => i.item_id === id)!.expected_gap_hours!;
    expect(gap("j0")).toBe(24);
    for (let i = 1; i < 6; i++) expect(gap(`j${i}`)).toBeLessThanOrEqual(120);
    expect(gap("j1")).toBeGreaterThan(24);
  });

  it("irregular run days (Wed, Thu, Sat, Sun): auto meets the window; the longest slot gap counts when it exceeds it", () => {
    const cfg = { ...daily, runDays: [3, 4, 6, 7] };
    const auto = forecast({ items: journeys(12), slotConfig: cfg, start: created, tickBudget: "auto", coverageWindowHours: 120 });
    expect(auto.coverage_met).toBe(true);
    expect(auto.max_gap_hours).toBeLessThanOrEqual(120);
    // A 48 h window cannot be met literally across Sun → Wed (72 h): the slot gap is the bound.
    const short = forecast({ items: journeys(4), slotConfig: cfg, start: created, tickBudget: "auto", coverageWindowHours: 48 });
    expect(short.max_gap_hours).toBe(72);
    expect(short.coverage_met).toBe(true);
  });

  it("edge cases: no items, only empty plans, no slots at all", () => {
    expect(forecast({ items: [], slotConfig: daily, start: created, tickBudget: 2, coverageWindowHours: 120 })).toEqual({
      max_gap_hours: null, coverage_met: true, approximate: false, items: [],
    });
    const empty = forecast({ items: journeys(2, { cost: 0 }), slotConfig: daily, start: created, tickBudget: 2, coverageWindowHours: 120 });
    expect(empty.items).toEqual([{ item_id: "j0", expected_gap_hours: null }, { item_id: "j1", expected_gap_hours: null }]);
    const never = forecast({ items: journeys(2), slotConfig: { ...daily, tickIntervalHours: 168, runDays: [2] }, start: created, tickBudget: 2, coverageWindowHours: 120 });
    expect(never.coverage_met).toBe(false);
    expect(never.max_gap_hours).toBeNull();
  });

  it("is deterministic", () => {
    const items = journeys(7).map((it, i) => ({ ...it, priority: i % 3 }));
    const a = forecast({ items, slotConfig: daily, start: created, tickBudget: 2, coverageWindowHours: 72 });
    expect(forecast({ items: [...items].reverse(), slotConfig: daily, start: created, tickBudget: 2, coverageWindowHours: 72 })).toEqual({
      ...a, items: [...a.items].reverse(),
    });
  });
});

describe("simulateTicks (the forecast's engine loop)", () => {
  it("keeps its incremental order exactly equal to re-ranking every tick with selectForTick", () => {
    fc.assert(
      fc.property(
        arbSlotConfig,
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.record({ priority: fc.integer({ min: 0, max: 3 }), cost: arbCost, ranAgoH: fc.option(fc.integer({ min: 0, max: 400 })) }), { maxLength: 20 }),
        fc.oneof(fc.constant<"auto">("auto"), fc.integer({ min: 0, max: 6 })),
        (cfg, window, raw, tickBudget) => {
          const from = Date.parse(`${cfg.anchorDate}T00:00:00Z`) + 20 * D;
          const slots = slotTimeline(cfg, from - 100 * D, from + 100 * D);
          const ticks = slots.between(from, from + 30 * D).slice(0, 60);
          const items: ForecastItem[] = raw.map((r, i) => ({
            id: `i${i}`, priority: r.priority, cost: r.cost, addedAt: from - 500 * H, lastRunAt: r.ranAgoH === null ? null : from - r.ranAgoH * H,
          }));
          const fast: string[] = [];
          simulateTicks({ items: items.filter((it) => it.cost > 0), ticks, slots, tickBudget, coverageWindowHours: window }, (i, _at, id) => fast.push(`${i}:${id}`));
          // The straightforward loop: deadlines, (auto) budget and a full selection at every tick.
          const slow: string[] = [];
          const state = items.map((it) => ({ ...it }));
          const deadlineOf = deadlineCalculator(slots, window);
          ticks.forEach((slotAt, i) => {
            const withD = state.map((it) => withDeadline(it, deadlineOf(it)));
            const budget = tickBudget === "auto" ? autoBudget({ items: withD, slotAt, slots, coverageWindowHours: window }) : tickBudget;
            const sel = selectForTick({ items: withD, slotAt, slots, tickBudget: budget, tenantRemaining: Infinity, coverageWindowHours: window });
            for (const e of sel.selected) {
              slow.push(`${i}:${e.itemId}`);
              state.find((it) => it.id === e.itemId)!.lastRunAt = slotAt;
            }
          });
          expect(fast).toEqual(slow);
        },
      ),
      { numRuns: 80 },
    );
  });
});

/**
 * The forecast as defined, the long way: the full length simulated tick by tick with no cap and
 * no shortcut, slots computed from the config, the gap bookkeeping written out again.
 */
function fullForecast(input: ForecastInput): Forecast {
  const { items, slotConfig: cfg, start, tickBudget, coverageWindowHours: window } = input;
  const runnable = items.filter((it) => it.cost > 0);
  const first = nextSlotAfter(cfg, start - 1);
  if (runnable.length === 0 || first === null) {
    return { max_gap_hours: null, coverage_met: runnable.length === 0, approximate: false, items: items.map((it) => ({ item_id: it.id, expected_gap_hours: null })) };
  }
  const total = runnable.reduce((a, it) => a + it.cost, 0);
  const windowTicks = slotsPerWindow(slotSource(cfg), first, window);
  const rotation = typeof tickBudget === "number" && tickBudget > 0 ? Math.ceil(total / tickBudget) : windowTicks;
  const warmup = rotation + windowTicks;
  const ticks = slotsAfter(cfg, first - 1, warmup + Math.max(3 * rotation, 2 * windowTicks) + windowTicks);
  const lastRun = new Map(runnable.map((it) => [it.id, it.lastRunAt ?? it.addedAt]));
  const ranAt = new Map<string, number>();
  const longest = new Map<string, number>();
  simulateTicks({ items: runnable, ticks, slots: slotSource(cfg), tickBudget, coverageWindowHours: window }, (i, at, id) => {
    if ((ranAt.get(id) ?? -1) >= warmup) longest.set(id, Math.max(longest.get(id) ?? 0, at - lastRun.get(id)!));
    ranAt.set(id, i);
    lastRun.set(id, at);
  });
  const end = ticks[ticks.length - 1];
  const gaps = items.map((it) => (it.cost > 0 ? Math.max(longest.get(it.id) ?? 0, end - lastRun.get(it.id)!) / H : null));
  let slotGap = longestSlotGapHours(cfg, first)!;
  for (let i = 1; i < ticks.length; i++) slotGap = Math.max(slotGap, (ticks[i] - ticks[i - 1]) / H);
  const max = Math.max(...gaps.map((g) => g ?? 0));
  return {
    max_gap_hours: Math.round(max * 100) / 100,
    coverage_met: max <= Math.max(window, slotGap) + 1e-9,
    approximate: false,
    items: items.map((it, k) => ({ item_id: it.id, expected_gap_hours: gaps[k] === null ? null : Math.round(gaps[k]! * 100) / 100 })),
  };
}

const arbForecastInput: fc.Arbitrary<ForecastInput> = fc
  .record({
    cfg: arbSlotConfig,
    window: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.constantFrom(24, 72, 120, 168)),
    raw: fc.array(
      fc.record({ priority: fc.integer({ min: -1, max: 3 }), cost: arbCost, ranAgoH: fc.option(fc.integer({ min: 0, max: 400 })) }),
      { minLength: 1, maxLength: 8 },
    ),
    // Budgets of every kind: none, scarce, covering everything, auto.
    budget: fc.oneof(fc.constant<"auto">("auto"), fc.integer({ min: 0, max: 4 }), fc.constant(1000)),
  })
  .map(({ cfg, window, raw, budget }) => {
    const start = Date.parse(`${cfg.anchorDate}T00:00:00Z`) + 20 * D;
    const items: ForecastItem[] = raw.map((r, i) => ({
      id: `i${i}`, priority: r.priority, cost: r.cost, addedAt: start - 500 * H, lastRunAt: r.ranAgoH === null ? null : start - r.ranAgoH * H,
    }));
    return { items, slotConfig: cfg, start, tickBudget: budget, coverageWindowHours: window };
  });

describe("forecast: bounded work", () => {
  it("small schedules are simulated in full, shortcuts included: the same answer as the long way", () => {
    fc.assert(
      fc.property(arbForecastInput, (input) => {
        const { forecast: f, work } = forecastWithWork(input);
        expect(f.approximate).toBe(false);
        expect(work.ticks).toBe(work.wantedTicks);
        expect(f).toEqual(fullForecast(input));
      }),
      { numRuns: 60 },
    );
  });

  it("approximate is set exactly when the cap cut the simulation short, which passes the cap by less than one tick", () => {
    fc.assert(
      fc.property(arbForecastInput, fc.double({ min: 0, max: 1.5, noNaN: true }), (input, share) => {
        const full = forecastWithWork(input);
        const limit = Math.floor(share * full.work.steps);
        const { forecast: f, work } = forecastWithWork({ ...input, workLimit: limit });
        expect(work.limit).toBe(limit);
        expect(work.wantedTicks).toBe(full.work.wantedTicks);
        expect(f.approximate).toBe(work.ticks < work.wantedTicks);
        expect(work.steps).toBeLessThan(Math.max(limit, 0) + work.maxTickSteps + 1);
        expect(work.ticks).toBeGreaterThanOrEqual(Math.min(1, work.wantedTicks)); // at least one tick is simulated
        if (!f.approximate) expect(f).toEqual(full.forecast);
      }),
      { numRuns: 80 },
    );
  });

  it("1,000 items, hourly, 8,760 h window: the steps counted stay within the cap, and the forecast says it is approximate", () => {
    const hourly: SlotConfig = { ...daily, tickIntervalHours: 1 };
    const items = journeys(1000);
    for (const tickBudget of ["auto", 1] as const) {
      const { forecast: f, work } = forecastWithWork({ items, slotConfig: hourly, start: created, tickBudget, coverageWindowHours: 8760 });
      // In full this wants five windows of hourly ticks (tens of millions of steps).
      expect(work.wantedTicks).toBeGreaterThan(4 * 8760);
      expect(work.limit).toBe(FORECAST_WORK_LIMIT);
      expect(work.steps).toBeLessThanOrEqual(FORECAST_WORK_LIMIT);
      expect(work.ticks).toBeLessThan(work.wantedTicks);
      expect(work.ticks).toBeGreaterThan(1000); // still one full rotation of the 1,000 items
      expect(f.approximate).toBe(true);
      // One agent an hour goes round 1,000 items in about 1,000 h (a DST hour either way).
      expect(f.max_gap_hours).toBeGreaterThanOrEqual(999);
      expect(f.max_gap_hours).toBeLessThanOrEqual(1001);
      expect(f.coverage_met).toBe(true);
    }
  });

  it("budgets that need no simulation are exact at any size: 0 runs nothing, a budget covering everything runs all", () => {
    const hourly: SlotConfig = { ...daily, tickIntervalHours: 1 };
    const items = journeys(1000);
    const all = forecastWithWork({ items, slotConfig: hourly, start: created, tickBudget: 1000, coverageWindowHours: 8760 });
    expect(all.forecast.approximate).toBe(false);
    expect(all.work.steps).toBe(0);
    expect(all.work.ticks).toBe(all.work.wantedTicks);
    // Every gap is one hour, except across each autumn fall-back: the repeated hour is ticked once.
    expect(new Set(all.forecast.items.map((i) => i.expected_gap_hours))).toEqual(new Set([2]));
    expect(all.forecast.coverage_met).toBe(true);
    const none = forecastWithWork({ items, slotConfig: hourly, start: created, tickBudget: 0, coverageWindowHours: 8760 });
    expect(none.forecast.approximate).toBe(false);
    expect(none.forecast.coverage_met).toBe(false);
    expect(none.forecast.max_gap_hours).toBeGreaterThan(5 * 8760);
  });
});
