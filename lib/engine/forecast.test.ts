import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { autoBudget } from "./budget";
import { deadlineCalculator, withDeadline } from "./deadline";
import { type ForecastItem, forecast, simulateTicks } from "./forecast";
import { selectForTick } from "./selection";
import { type SlotConfig, slotTimeline } from "./slots";
import { D, H, arbCost, arbSlotConfig } from "./testkit";

const z = (s: string) => Date.parse(s.endsWith("Z") ? s : `${s}Z`);
const ALL = [1, 2, 3, 4, 5, 6, 7];
// Berlin, June–August: no DST change inside the simulated stretch.
const daily: SlotConfig = { timezone: "Europe/Berlin", runTime: "09:00", runDays: ALL, tickIntervalHours: 24, anchorDate: "2026-06-01" };
const created = z("2026-06-01T06:00");

const journeys = (n: number, over: Partial<ForecastItem> = {}): ForecastItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `j${i}`, priority: 0, lastRunAt: null, addedAt: created, cost: 1, ...over }));

describe("forecast", () => {
  it("SPEC example: 10 journeys, daily, 120 h window: budget 2 → 120 h and met; budget 1 → 240 h, not met", () => {
    const two = forecast({ items: journeys(10), slotConfig: daily, start: created, tickBudget: 2, coverageWindowHours: 120 });
    expect(two.max_gap_hours).toBe(120);
    expect(two.coverage_met).toBe(true);
    expect(two.items.map((i) => i.expected_gap_hours)).toEqual(Array(10).fill(120));
    const one = forecast({ items: journeys(10), slotConfig: daily, start: created, tickBudget: 1, coverageWindowHours: 120 });
    expect(one.max_gap_hours).toBe(240);
    expect(one.coverage_met).toBe(false);
    expect(one.items.map((i) => i.expected_gap_hours)).toEqual(Array(10).fill(240));
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
      max_gap_hours: null, coverage_met: true, items: [],
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
