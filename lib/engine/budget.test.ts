import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { autoBudget, nextLocalMidnight, slotsPerWindow, tenantLocalDate } from "./budget";
import { deadlineCalculator, withDeadline } from "./deadline";
import type { EngineItem } from "./lookahead";
import { selectForTick } from "./selection";
import { type SlotConfig, slotSource } from "./slots";
import { D, H, arbScenario, edfFeasible } from "./testkit";

const z = (s: string) => Date.parse(s.endsWith("Z") ? s : `${s}Z`);
const ALL = [1, 2, 3, 4, 5, 6, 7];

function journeys(n: number, state: { lastRunAt: number | null; addedAt: number }, cfg: SlotConfig, window: number): EngineItem[] {
  const dl = deadlineCalculator(slotSource(cfg), window);
  return Array.from({ length: n }, (_, i) => {
    const base = { id: `j${String(i).padStart(2, "0")}`, priority: 0, cost: 1, ...state };
    return withDeadline(base, dl(base));
  });
}

describe("autoBudget", () => {
  const daily: SlotConfig = { timezone: "Europe/Berlin", runTime: "09:00", runDays: ALL, tickIntervalHours: 24, anchorDate: "2026-06-01" };
  const created = z("2026-06-01T06:00"); // 08:00 local, before the first slot
  const firstTick = z("2026-06-01T07:00");

  it("docs/engine.md example: a new schedule of 10 journeys, daily, 120 h window → 5 slots → 2, not 10", () => {
    const src = slotSource(daily);
    const items = journeys(10, { lastRunAt: null, addedAt: created }, daily, 120);
    expect(slotsPerWindow(src, firstTick, 120)).toBe(5);
    expect(autoBudget({ items, slotAt: firstTick, slots: src, coverageWindowHours: 120 })).toBe(2);
    expect(autoBudget({ items: items.slice(0, 9), slotAt: firstTick, slots: src, coverageWindowHours: 120 })).toBe(2);
    expect(autoBudget({ items: [...items, ...journeys(1, { lastRunAt: null, addedAt: created }, daily, 120).map((i) => ({ ...i, id: "x" }))], slotAt: firstTick, slots: src, coverageWindowHours: 120 })).toBe(3);
  });

  it("is 0 without items, at least 1 with any, and at least the costliest item", () => {
    const src = slotSource(daily);
    expect(autoBudget({ items: [], slotAt: firstTick, slots: src, coverageWindowHours: 120 })).toBe(0);
    const one = journeys(1, { lastRunAt: null, addedAt: created }, daily, 120);
    expect(autoBudget({ items: one, slotAt: firstTick, slots: src, coverageWindowHours: 120 })).toBe(1);
    const plan = [{ ...one[0], id: "plan", cost: 7 }];
    expect(autoBudget({ items: plan, slotAt: firstTick, slots: src, coverageWindowHours: 120 })).toBe(7);
  });

  it("irregular run days (Wed, Thu, Sat, Sun): the plain ratio lets items miss, the look-ahead does not", () => {
    const cfg: SlotConfig = { ...daily, runDays: [3, 4, 6, 7] };
    const src = slotSource(cfg);
    // All 12 journeys last ran on Sunday 06-07; on Wednesday 06-10 the window (Wed, Mon] holds
    // Thu, Sat, Sun: the ratio says ceil(12 / 3) = 4. But a Sunday run must be followed within
    // 120 h (by Friday 09:00) and the only slots before that are Wednesday and Thursday.
    const sunday = z("2026-06-07T07:00");
    const wednesday = z("2026-06-10T07:00");
    const items = journeys(12, { lastRunAt: sunday, addedAt: sunday - 30 * D }, cfg, 120);
    expect(items[0].deadline).toBe(z("2026-06-11T07:00")); // Thursday
    const ratio = Math.ceil(12 / slotsPerWindow(src, wednesday, 120));
    expect(ratio).toBe(4);
    const auto = autoBudget({ items, slotAt: wednesday, slots: src, coverageWindowHours: 120 });
    expect(auto).toBe(6);

    // Run Wednesday and Thursday at a budget; count the journeys that then miss Thursday.
    const misses = (budget: number) => {
      let state = items;
      for (const slotAt of [wednesday, z("2026-06-11T07:00")]) {
        const sel = selectForTick({ items: state, slotAt, slots: src, tickBudget: budget, tenantRemaining: Infinity, coverageWindowHours: 120 });
        const ran = new Set(sel.selected.map((e) => e.itemId));
        state = state.map((it) => (ran.has(it.id) ? withDeadline({ ...it, lastRunAt: slotAt }, Infinity) : it));
      }
      return state.filter((it) => Number.isFinite(it.deadline)).length;
    };
    expect(misses(ratio)).toBe(4);
    expect(misses(auto)).toBe(0);
  });

  it("counts the current slot as capacity: a tick at the first slot of a fresh schedule", () => {
    // Interval 12 h (09:00, 21:00), window 24 h. Six journeys added a minute before the first
    // slot must run by 21:00 (the next 09:00 is a minute past their window): the current slot
    // and the 21:00 one hold them at 3 each. Without the current slot it would take 6.
    const cfg: SlotConfig = { ...daily, tickIntervalHours: 12 };
    const src = slotSource(cfg);
    const items = journeys(6, { lastRunAt: null, addedAt: firstTick - 60_000 }, cfg, 24);
    expect(autoBudget({ items, slotAt: firstTick, slots: src, coverageWindowHours: 24 })).toBe(3);
  });

  it("unit costs: the smallest budget for which earliest-deadline-first meets every deadline, floored by the ratio", () => {
    fc.assert(
      fc.property(arbScenario({ cost: fc.constant(1), maxItems: 25 }), (s) => {
        const auto = autoBudget({ items: s.items, slotAt: s.slotAt, slots: s.slots, coverageWindowHours: s.window });
        if (s.items.length === 0) {
          expect(auto).toBe(0);
          return;
        }
        // Overdue items can still run now: clamp their deadlines to this tick.
        const deadlines = s.items.map((it) => Math.max(it.deadline, s.slotAt));
        const last = Math.max(s.slotAt, ...deadlines.filter(Number.isFinite));
        const ticks = [s.slotAt, ...s.slots.between(s.slotAt, last)];
        const ratio = Math.ceil(s.items.length / slotsPerWindow(s.slots, s.slotAt, s.window));
        // Independent reference: the least b with a feasible EDF plan (b = n always is).
        let exact = 1;
        while (!edfFeasible(deadlines, ticks, exact)) exact++;
        expect(auto).toBe(Math.max(1, ratio, exact));
      }),
      { numRuns: 300 },
    );
  });

  it("with test plans: at the auto budget the due items fit and nothing is left past its deadline", () => {
    fc.assert(
      fc.property(arbScenario(), (s) => {
        const auto = autoBudget({ items: s.items, slotAt: s.slotAt, slots: s.slots, coverageWindowHours: s.window });
        const total = s.items.reduce((sum, it) => sum + it.cost, 0);
        if (s.items.length > 0) expect(auto).toBeGreaterThanOrEqual(1);
        expect(auto).toBeLessThanOrEqual(Math.max(1, total));
        for (const it of s.items) expect(auto).toBeGreaterThanOrEqual(it.cost);
        const sel = selectForTick({ items: s.items, slotAt: s.slotAt, slots: s.slots, tickBudget: auto, tenantRemaining: Infinity, coverageWindowHours: s.window });
        const chosen = new Set(sel.selected.map((e) => e.itemId));
        for (const it of s.items) if (it.cost > 0 && it.deadline <= s.slotAt) expect(chosen.has(it.id)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("tenant local day", () => {
  it("tenantLocalDate reads the date in the zone", () => {
    expect(tenantLocalDate("Europe/Berlin", z("2026-03-28T22:59"))).toBe("2026-03-28");
    expect(tenantLocalDate("Europe/Berlin", z("2026-03-28T23:00"))).toBe("2026-03-29");
    expect(tenantLocalDate("Asia/Kathmandu", z("2026-01-01T18:14"))).toBe("2026-01-01");
    expect(tenantLocalDate("Asia/Kathmandu", z("2026-01-01T18:15"))).toBe("2026-01-02");
    expect(tenantLocalDate("America/New_York", z("2026-11-01T04:30"))).toBe("2026-11-01");
    expect(tenantLocalDate("UTC", z("2026-12-31T23:59"))).toBe("2026-12-31");
  });

  it("nextLocalMidnight is the start of the next local day, across DST", () => {
    expect(nextLocalMidnight("Europe/Berlin", z("2026-03-28T12:00"))).toBe(z("2026-03-28T23:00")); // CET
    expect(nextLocalMidnight("Europe/Berlin", z("2026-03-29T12:00"))).toBe(z("2026-03-29T22:00")); // CEST
    expect(nextLocalMidnight("Europe/Berlin", z("2026-10-25T12:00"))).toBe(z("2026-10-25T23:00"));
    expect(nextLocalMidnight("America/New_York", z("2026-11-01T03:59"))).toBe(z("2026-11-01T04:00"));
    expect(nextLocalMidnight("America/New_York", z("2026-11-01T04:00"))).toBe(z("2026-11-02T05:00"));
    expect(nextLocalMidnight("Australia/Lord_Howe", z("2026-10-03T12:00"))).toBe(z("2026-10-03T13:30"));
    expect(nextLocalMidnight("Asia/Kathmandu", z("2026-01-01T18:14"))).toBe(z("2026-01-01T18:15"));
  });

  it("a zone whose clocks skip midnight starts its day at the transition", () => {
    // America/Santiago springs forward from 00:00 to 01:00 on 2026-09-06.
    const t = nextLocalMidnight("America/Santiago", z("2026-09-05T12:00"));
    expect(tenantLocalDate("America/Santiago", t)).toBe("2026-09-06");
    expect(tenantLocalDate("America/Santiago", t - 1)).toBe("2026-09-05");
  });

  it("property: the next midnight is after t, on the next local date, and nothing in between changes date", () => {
    fc.assert(
      fc.property(fc.constantFrom("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago"), fc.integer({ min: 0, max: 365 * 24 * 60 }), (tz, minutes) => {
        const t = z("2026-01-01T00:00") + minutes * 60_000;
        const m = nextLocalMidnight(tz, t);
        expect(m).toBeGreaterThan(t);
        expect(m - t).toBeLessThanOrEqual(25 * H);
        expect(tenantLocalDate(tz, m - 1)).toBe(tenantLocalDate(tz, t));
        expect(tenantLocalDate(tz, m)).not.toBe(tenantLocalDate(tz, t));
      }),
      { numRuns: 300 },
    );
  });
});
