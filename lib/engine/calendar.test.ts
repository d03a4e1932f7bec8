import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { autoBudget } from "./budget";
import { budgetNeeded, calendar } from "./calendar";
import { deadlineCalculator, withDeadline } from "./deadline";
import { type ForecastItem, forecast } from "./forecast";
import { selectForTick } from "./selection";
import { type SlotConfig, slotSource } from "./slots";
import { D, H, arbCost } from "./testkit";

const z = (s: string) => Date.parse(s.endsWith("Z") ? s : `${s}Z`);
const ALL = [1, 2, 3, 4, 5, 6, 7];
// Berlin, June: no DST change inside the stretch.
const daily: SlotConfig = { timezone: "Europe/Berlin", runTime: "09:00", runDays: ALL, tickIntervalHours: 24, anchorDate: "2026-06-01" };
const created = z("2026-06-01T06:00");

const journeys = (n: number, over: Partial<ForecastItem> = {}): ForecastItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `j${i}`, priority: 0, lastRunAt: null, addedAt: created, cost: 1, ...over }));

const local = (t: number, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(t);

describe("calendar", () => {
  it("4 journeys, budget 2, daily ticks: alternating pairs, each journey every other day", () => {
    const cal = calendar({ items: journeys(4), slotConfig: daily, start: created, now: created, days: 7, tickBudget: 2, coverageWindowHours: 120 });
    expect(cal.truncated).toBe(false);
    // 09:00 Berlin (07:00 UTC) on June 1–7; June 8 09:00 is past now + 7 days.
    expect(cal.ticks.map((t) => new Date(t.slotAt).toISOString())).toEqual(
      Array.from({ length: 7 }, (_, d) => new Date(z("2026-06-01T07:00") + d * D).toISOString()),
    );
    const sets = cal.ticks.map((t) => t.items.map((i) => i.itemId).sort());
    for (const t of cal.ticks) {
      expect(t.budget).toBe(2);
      expect(t.items).toHaveLength(2);
      for (const i of t.items) expect(i.cost).toBe(1);
    }
    for (let d = 0; d + 1 < sets.length; d++) {
      expect([...sets[d], ...sets[d + 1]].sort()).toEqual(["j0", "j1", "j2", "j3"]); // two days cover all four
      if (d + 2 < sets.length) expect(sets[d + 2]).toEqual(sets[d]); // and then it repeats
    }
  });

  it("weekdays only: skips the weekends in the schedule's zone, at 09:00 local across the spring-forward change", () => {
    const cfg: SlotConfig = { timezone: "Europe/Berlin", runTime: "09:00", runDays: [1, 2, 3, 4, 5], tickIntervalHours: 24, anchorDate: "2026-03-01" };
    const now = z("2026-03-25T12:00"); // Wednesday, after that day's tick
    const cal = calendar({ items: journeys(3, { addedAt: z("2026-03-01T06:00") }), slotConfig: cfg, start: now, now, days: 14, tickBudget: 1, coverageWindowHours: 72 });
    // Berlin moves from UTC+1 to UTC+2 on Sunday 29 March: 09:00 local is 08:00 UTC before, 07:00 after.
    expect(cal.ticks.map((t) => new Date(t.slotAt).toISOString())).toEqual([
      "2026-03-26T08:00:00.000Z",
      "2026-03-27T08:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
      "2026-03-31T07:00:00.000Z",
      "2026-04-01T07:00:00.000Z",
      "2026-04-02T07:00:00.000Z",
      "2026-04-03T07:00:00.000Z",
      "2026-04-06T07:00:00.000Z",
      "2026-04-07T07:00:00.000Z",
      "2026-04-08T07:00:00.000Z",
    ]);
    for (const t of cal.ticks) {
      expect(local(t.slotAt, "Europe/Berlin")).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
      expect(t.items).toHaveLength(1);
    }
    // Budget 1 over 3 journeys: a plain rotation.
    const order = cal.ticks.map((t) => t.items[0].itemId);
    for (let i = 3; i < order.length; i++) expect(order[i]).toBe(order[i - 3]);
    expect(new Set(order.slice(0, 3)).size).toBe(3);
  });

  it("starts at `start` (the next tick), ends before now + days, and lists nothing when the next tick is further", () => {
    const start = z("2026-06-03T07:00");
    const cal = calendar({ items: journeys(2), slotConfig: daily, start, now: created, days: 3, tickBudget: 1, coverageWindowHours: 120 });
    expect(cal.ticks.map((t) => t.slotAt)).toEqual([z("2026-06-03T07:00")]);
    expect(calendar({ items: journeys(2), slotConfig: daily, start: z("2026-06-20T07:00"), now: created, days: 3, tickBudget: 1, coverageWindowHours: 120 }).ticks).toEqual([]);
  });

  it("its first tick is the selection a real tick would make then, with the auto budget resolved there", () => {
    const items = [
      ...journeys(5).map((it, i) => ({ ...it, lastRunAt: created - (i + 1) * D, addedAt: created - 30 * D, priority: i % 2 })),
      { id: "plan", priority: 1, lastRunAt: created - 4 * D, addedAt: created - 30 * D, cost: 3 },
      { id: "empty", priority: 0, lastRunAt: null, addedAt: created, cost: 0 },
    ];
    const cal = calendar({ items, slotConfig: daily, start: created, now: created, days: 2, tickBudget: "auto", coverageWindowHours: 96 });
    const slots = slotSource(daily);
    const deadlineOf = deadlineCalculator(slots, 96);
    const engine = items.map((it) => withDeadline(it, deadlineOf(it)));
    const slotAt = cal.ticks[0].slotAt;
    const budget = autoBudget({ items: engine, slotAt, slots, coverageWindowHours: 96 });
    const real = selectForTick({ items: engine, slotAt, slots, tickBudget: budget, tenantRemaining: Infinity, coverageWindowHours: 96 });
    expect(cal.ticks[0].budget).toBe(budget);
    expect(cal.ticks[0].items).toEqual(real.selected.map((s) => ({ itemId: s.itemId, cost: s.cost, due: s.due })));
    expect(cal.ticks.flatMap((t) => t.items.map((i) => i.itemId))).not.toContain("empty");
  });

  it("is cut short by the work cap, and says so", () => {
    const cal = calendar({ items: journeys(50), slotConfig: { ...daily, tickIntervalHours: 1 }, start: created, now: created, days: 14, tickBudget: 1, coverageWindowHours: 120, workLimit: 500 });
    expect(cal.truncated).toBe(true);
    expect(cal.ticks.length).toBeGreaterThan(0);
    expect(cal.ticks.length).toBeLessThan(14 * 24);
  });
});

describe("budgetNeeded", () => {
  const base = { slotConfig: daily, start: created, coverageWindowHours: 120 };

  it("10 journeys, daily, 120 h window: 2 a tick; the forecast meets the window with 2 and not with 1", () => {
    const input = { ...base, items: journeys(10) };
    const needed = budgetNeeded(input, { atLeast: 1 });
    expect(needed).toMatchObject({ budget: 2, cut: false });
    expect(forecast({ ...input, tickBudget: 2 }).coverage_met).toBe(true);
    expect(forecast({ ...input, tickBudget: 1 }).coverage_met).toBe(false);
  });

  it("with test plans: budget_needed meets the window and budget_needed − 1 does not", () => {
    const items = [...journeys(7), { id: "plan", priority: 0, lastRunAt: null, addedAt: created, cost: 4 }, { id: "plan2", priority: 2, lastRunAt: null, addedAt: created, cost: 3 }];
    const input = { ...base, items, coverageWindowHours: 48 };
    const { budget } = budgetNeeded(input);
    expect(budget).not.toBeNull();
    expect(forecast({ ...input, tickBudget: budget! }).coverage_met).toBe(true);
    expect(forecast({ ...input, tickBudget: budget! - 1 }).coverage_met).toBe(false);
  });

  it("on random schedules: the answer meets the window and one less does not", () => {
    fc.assert(
      fc.property(
        fc.record({
          runDays: fc.subarray(ALL, { minLength: 1 }),
          interval: fc.constantFrom(8, 12, 24, 48),
          window: fc.constantFrom(24, 72, 120, 168),
          costs: fc.array(arbCost, { minLength: 1, maxLength: 12 }),
          ranAgoH: fc.array(fc.option(fc.integer({ min: 0, max: 400 })), { minLength: 12, maxLength: 12 }),
        }),
        ({ runDays, interval, window, costs, ranAgoH }) => {
          const items = costs.map((cost, i) => ({ id: `i${i}`, priority: i % 3, addedAt: created - 20 * D, lastRunAt: ranAgoH[i] == null ? null : created - ranAgoH[i]! * H, cost }));
          const input = { slotConfig: { ...daily, runDays, tickIntervalHours: interval }, start: created, coverageWindowHours: window, items };
          const { budget, cut } = budgetNeeded(input);
          expect(cut).toBe(false);
          if (items.every((it) => it.cost === 0)) return expect(budget).toBeNull();
          expect(budget).not.toBeNull();
          expect(forecast({ ...input, tickBudget: budget! }).coverage_met).toBe(true);
          expect(forecast({ ...input, tickBudget: budget! - 1 }).coverage_met).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("null when nothing can run, or nothing is to run", () => {
    expect(budgetNeeded({ ...base, items: journeys(3, { cost: 0 }) }).budget).toBeNull();
    expect(budgetNeeded({ ...base, slotConfig: { ...daily, runDays: [] }, items: journeys(3) }).budget).toBeNull();
  });

  it("stops at its work cap, still with a budget that meets the window when it found one", () => {
    const input = { ...base, items: journeys(40) };
    const free = budgetNeeded(input);
    const capped = budgetNeeded(input, { searchWorkLimit: 1 });
    expect(capped.cut).toBe(true);
    expect(capped.probes).toBe(1);
    if (capped.budget !== null) {
      expect(capped.budget).toBeGreaterThanOrEqual(free.budget!);
      expect(forecast({ ...input, tickBudget: capped.budget }).coverage_met).toBe(true);
    }
  });
});
