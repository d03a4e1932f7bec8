import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deadlineCalculator, deadlineFromAnchor, itemDeadline } from "./deadline";
import { type SlotConfig, slotSource } from "./slots";
import { D, H, arbSlotConfig } from "./testkit";

const z = (s: string) => Date.parse(s.endsWith("Z") ? s : `${s}Z`);
// Wed, Thu, Sat, Sun at 09:00 UTC; 2026-06-07 is a Sunday.
const cfg: SlotConfig = { timezone: "UTC", runTime: "09:00", runDays: [3, 4, 6, 7], tickIntervalHours: 24, anchorDate: "2026-06-01" };
const src = slotSource(cfg);
const sunday = z("2026-06-07T09:00");

describe("deadlines (docs/engine.md)", () => {
  it("the last slot within the window of the last run", () => {
    expect(deadlineFromAnchor(src, sunday, 120)).toBe(z("2026-06-11T09:00")); // Thu (Fri 09:00 is the limit)
    expect(deadlineFromAnchor(src, sunday, 96)).toBe(z("2026-06-11T09:00")); // Thu exactly at the limit
    expect(deadlineFromAnchor(src, sunday, 95)).toBe(z("2026-06-10T09:00")); // Wed
  });

  it("the first slot after the last run when the run days leave none within the window", () => {
    expect(deadlineFromAnchor(src, sunday, 48)).toBe(z("2026-06-10T09:00")); // nothing by Tue: Wed
    expect(deadlineFromAnchor(src, sunday, 1)).toBe(z("2026-06-10T09:00"));
  });

  it("a never-run item counts from when it was added; no slots at all → Infinity", () => {
    const added = z("2026-06-08T12:00"); // Monday
    expect(itemDeadline(src, { lastRunAt: null, addedAt: added }, 120)).toBe(z("2026-06-13T09:00")); // Sat
    expect(itemDeadline(src, { lastRunAt: sunday, addedAt: added - 30 * D }, 120)).toBe(z("2026-06-11T09:00"));
    const none = slotSource({ ...cfg, tickIntervalHours: 168, runDays: [2] });
    expect(itemDeadline(none, { lastRunAt: null, addedAt: added }, 120)).toBe(Infinity);
  });

  it("property: a later slot than the anchor, within max(window, gap to the next slot), and the latest such", () => {
    fc.assert(
      fc.property(arbSlotConfig, fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 24 * 300 }), (c, window, hours) => {
        const s = slotSource(c);
        const anchor = z(`${c.anchorDate}T00:00`) + hours * H + 17;
        const d = deadlineFromAnchor(s, anchor, window);
        const next = s.nextAfter(anchor);
        if (next === null) return void expect(d).toBe(Infinity);
        expect(d).toBeGreaterThan(anchor);
        expect(s.between(d - 1, d)).toEqual([d]); // it is a slot
        expect(d - anchor).toBeLessThanOrEqual(Math.max(window * H, next - anchor));
        if (d - anchor <= window * H) expect(s.between(d, anchor + window * H)).toEqual([]); // the latest one
        else expect(d).toBe(next);
        expect(deadlineCalculator(s, window)({ lastRunAt: anchor, addedAt: 0 })).toBe(d);
      }),
      { numRuns: 300 },
    );
  });
});
