// Test helpers shared by the engine's *.test.ts files (not used by the engine itself).
import fc from "fast-check";
import { deadlineCalculator, withDeadline } from "./deadline";
import type { EngineItem } from "./lookahead";
import { type SlotConfig, type SlotSource, nextSlotAfter, slotSource } from "./slots";

export const H = 3_600_000;
export const D = 24 * H;
export const ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"] as const;
export const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

export const arbSlotConfig: fc.Arbitrary<SlotConfig> = fc.record({
  timezone: fc.constantFrom(...ZONES),
  runTime: fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
    .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`),
  runDays: fc.subarray(ALL_DAYS, { minLength: 1 }),
  tickIntervalHours: fc.constantFrom(1, 2, 3, 5, 8, 12, 24, 48, 72, 168),
  anchorDate: fc.integer({ min: 0, max: 364 }).map((d) => new Date(Date.UTC(2026, 0, 1) + d * D).toISOString().slice(0, 10)),
});

/** Costs: mostly journeys (1), some test plans, a few empty plans. */
export const arbCost = fc.oneof(
  { weight: 8, arbitrary: fc.constant(1) },
  { weight: 2, arbitrary: fc.integer({ min: 2, max: 5 }) },
  { weight: 1, arbitrary: fc.constant(0) },
);

export type Scenario = {
  cfg: SlotConfig;
  slots: SlotSource;
  slotAt: number;
  window: number;
  items: EngineItem[];
};

/** A tick of a random schedule with random item history, deadlines filled in. */
export function arbScenario(opts: { maxItems?: number; cost?: fc.Arbitrary<number>; priorities?: fc.Arbitrary<number> } = {}) {
  const item = fc.record({
    priority: opts.priorities ?? fc.integer({ min: -1, max: 3 }),
    // A coarse grid as well as any hour, so that equal staleness (same tick) is common.
    addedAgoH: fc.oneof(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 10 }).map((d) => d * 24)),
    ranAgoH: fc.option(fc.oneof(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 8 }).map((d) => d * 24)), { freq: 3 }),
    cost: opts.cost ?? arbCost,
  });
  return fc
    .record({
      cfg: arbSlotConfig,
      window: fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constantFrom(24, 72, 120, 168)),
      offsetH: fc.integer({ min: 24 * 30, max: 24 * 200 }),
      raw: fc.array(item, { maxLength: opts.maxItems ?? 30 }),
    })
    .map(({ cfg, window, offsetH, raw }): Scenario => {
      const slots = slotSource(cfg);
      const probe = Date.parse(`${cfg.anchorDate}T00:00:00Z`) + offsetH * H;
      const slotAt = nextSlotAfter(cfg, probe) ?? probe; // no slots: a manual trigger at `probe`
      const deadlineOf = deadlineCalculator(slots, window);
      const items = raw.map((r, i) => {
        const addedAt = slotAt - r.addedAgoH * H;
        const lastRunAt = r.ranAgoH === null ? null : slotAt - Math.min(r.ranAgoH, r.addedAgoH) * H;
        const base = { id: `item-${String(i).padStart(3, "0")}`, priority: r.priority, addedAt, lastRunAt, cost: r.cost };
        return withDeadline(base, deadlineOf(base));
      });
      return { cfg, slots, slotAt, window, items };
    });
}

/**
 * Independent check (unit costs only): can every item still run by its deadline when `capacity`
 * items run at each of `slots`, earliest deadline first? Items whose deadline is past the last
 * slot are not constrained.
 */
export function edfFeasible(deadlines: number[], slots: readonly number[], capacity: number): boolean {
  const pending = [...deadlines].sort((a, b) => a - b);
  let i = 0;
  for (const s of slots) {
    if (i < pending.length && pending[i] < s) return false;
    i += capacity;
  }
  const last = slots.length ? slots[slots.length - 1] : -Infinity;
  return i >= pending.length || pending[i] > last;
}
