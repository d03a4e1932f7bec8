// The tenant-day ledger (docs/adr/0008-tenant-day-reservations.md) on the pure functions the tick uses:
// buildLedger + planSelection, driven here the way tickLocked drives them. The cases a review found
// wrong in the first cut: a batch of one tenant's schedules, a tick the cron pass still owes, and a
// schedule starved by another's on-time due items.
import { describe, expect, it } from "vitest";
import type { ScheduleRow } from "@/lib/schedules/repo";
import { nextTickAfter, type PlanItem } from "@/lib/schedules/timing";
import { buildLedger, plannedDay, ticksToday, type PlannedSchedule } from "./ledger";
import { planSelection, prepareTick, tickBudgetFor } from "./plan";

const H = 3_600_000;
const DAY = 24 * H;

function schedule(id: string, o: Partial<ScheduleRow> = {}): ScheduleRow {
  return {
    id,
    tenantId: "t",
    projectId: "p",
    name: id,
    enabled: true,
    timezone: "UTC",
    runTime: "06:00",
    runDays: [1, 2, 3, 4, 5, 6, 7],
    tickIntervalHours: 24,
    coverageWindowHours: 24,
    dailyBudget: null,
    digestConfig: null,
    anchorDate: "2026-05-01",
    lastTickAt: null,
    nextTickAt: null,
    deletedAt: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...o,
  };
}

const journeys = (prefix: string, n: number, lastRunAt: number | null, addedAt = 0): PlanItem[] =>
  Array.from({ length: n }, (_, k) => ({ id: `${prefix}${k}`, journeyId: `${prefix}${k}`, testPlanId: null, priority: 0, lastRunAt, addedAt, cost: 1 }));

type Sched = { s: ScheduleRow; items: PlanItem[] };

/** The ticks happening now (`current`, at their slots) and the tenant's other schedules, as tickLocked plans them. */
function plan(current: { x: Sched; at: number }[], others: Sched[], now: number, dayEnd: number): PlannedSchedule[] {
  const planned = plannedDay(
    current.map(({ x, at }) => ({ schedule: x.s, items: x.items, at, tickBudget: tickBudgetFor(x.s, x.items, at) })),
    others.map((x) => ({ schedule: x.s, totalCost: x.items.length })),
    now,
    dayEnd,
  );
  // As the tick reads them when ranking needs them.
  for (const p of planned) p.items ??= others.find((x) => x.s === p.schedule)!.items;
  return planned;
}

/** Ticks `current` in order against the ledger, as a batch does; returns what each spent and kept. */
function tickBatch(current: { x: Sched; at: number }[], others: Sched[], now: number, dayEnd: number, remaining: number) {
  const ledger = buildLedger(plan(current, others, now, dayEnd), remaining);
  return current.map(({ x, at }) => {
    const reserved = Math.min(remaining, ledger.reservedForOthers(x.s.id));
    const { selection } = planSelection(prepareTick(x.s, x.items, at), remaining - reserved);
    remaining -= selection.spent;
    ledger.ticked(x.s.id, selection.spent);
    const ran = new Set(selection.selected.map((e) => e.itemId));
    x.items = x.items.map((i) => (ran.has(i.id) ? { ...i, lastRunAt: at } : i));
    return { id: x.s.id, reserved, spent: selection.spent, skipped: selection.skipped.map((k) => k.reason) };
  });
}

describe("tenant-day ledger", () => {
  const now = Date.parse("2026-05-05T06:00:00Z");
  const dayEnd = Date.parse("2026-05-06T00:00:00Z");

  it("in one batch, a schedule that runs ahead on its own later share does not take the next one's", () => {
    // A: budget 6, ticks 06:00 and 18:00, 3 items due at each; B: auto, 4 items due now. Day: 10.
    const A = { s: schedule("a", { tickIntervalHours: 12, dailyBudget: 6, nextTickAt: new Date(now) }), items: [...journeys("a", 3, now - DAY), ...journeys("a-", 3, now - 12 * H)].map((i, k) => ({ ...i, id: `a${k}` })) };
    const B = { s: schedule("b", { nextTickAt: new Date(now) }), items: journeys("b", 4, now - DAY) };
    const [a, b] = tickBatch([{ x: A, at: now }, { x: B, at: now }], [], now, dayEnd, 10);
    expect(b!.spent).toBe(4);
    expect(b!.skipped).toEqual([]);
    expect(a!.spent + b!.spent).toBeLessThanOrEqual(10);
  });

  it("a tick the cron pass still owes keeps its due items, judged at its slot, from a trigger just after it", () => {
    // B's 06:00 slot has passed but the pass has not come yet; A is triggered at 06:00:30.
    const at = now + 30_000;
    const A = { s: schedule("a", { dailyBudget: 10, coverageWindowHours: 120, nextTickAt: new Date(now + DAY) }), items: journeys("a", 20, now - 2 * DAY) };
    const B = { s: schedule("b", { nextTickAt: new Date(now) }), items: journeys("b", 5, now - DAY) };
    expect(ticksToday(B.s, at, dayEnd)).toEqual([now]);
    const [a] = tickBatch([{ x: A, at }], [B], at, dayEnd, 10);
    expect(a).toMatchObject({ reserved: 5, spent: 5 });
    const [b] = tickBatch([{ x: B, at: now }], [A], at + 1000, dayEnd, 5);
    expect(b).toMatchObject({ spent: 5, skipped: [] });
  });

  it("a tick keeps its own later ticks' due items from its spare items now, so the next schedule's due items are not squeezed", () => {
    // A ticks 10:00 and 22:00 (budget 5): 5 priority-2 items not due, 5 due at 22:00. B at 14:00: 5 due. Day: 10.
    const ten = now + 4 * H;
    const A = {
      s: schedule("a", { runTime: "10:00", tickIntervalHours: 12, dailyBudget: 5, coverageWindowHours: 48, nextTickAt: new Date(ten) }),
      items: [...journeys("hi", 5, ten - 14 * H).map((i) => ({ ...i, priority: 2 })), ...journeys("lo", 5, ten - 36 * H)],
    };
    const B = { s: schedule("b", { runTime: "14:00", dailyBudget: 5, nextTickAt: new Date(ten + 4 * H) }), items: journeys("b", 5, ten - 20 * H) };
    const [a] = tickBatch([{ x: A, at: ten }], [B], ten, dayEnd, 10);
    expect(a).toMatchObject({ reserved: 10, spent: 0 });
    A.s.nextTickAt = new Date(ten + 12 * H);
    const [b] = tickBatch([{ x: B, at: ten + 4 * H }], [A], ten + 4 * H, dayEnd, 10);
    expect(b).toMatchObject({ spent: 5, skipped: [] });
    const [late] = tickBatch([{ x: A, at: ten + 12 * H }], [], ten + 12 * H, dayEnd, 5);
    expect(late!.spent).toBe(5);
    expect(A.items.filter((i) => i.lastRunAt === ten + 12 * H).map((i) => i.id).sort()).toEqual(["lo0", "lo1", "lo2", "lo3", "lo4"]);
  });

  it("a covered day keeps nothing from anyone", () => {
    const A = { s: schedule("a", { dailyBudget: 10, nextTickAt: new Date(now) }), items: journeys("a", 20, now - DAY) };
    const B = { s: schedule("b", { runTime: "14:00", nextTickAt: new Date(now + 8 * H) }), items: journeys("b", 5, now - DAY) };
    const ledger = buildLedger(plan([{ x: A, at: now }], [B], now, dayEnd), 15);
    expect(ledger.covered).toBe(true);
    expect(ledger.reservedForOthers("a")).toBe(0);
    expect(buildLedger(plan([{ x: A, at: now }], [B], now, dayEnd), 14).covered).toBe(false);
  });

  it("under scarcity a schedule ticking after another's on-time due items still comes round (no starvation)", () => {
    // Day budget 5; S1 at 06:00 with 5 items due every day; S2 at 14:00 with 1. Bound: max(ceil(6/5), ceil(5/5), 1) = 2 days.
    const start = Date.parse("2026-05-04T00:00:00Z");
    const added = start - 12 * H;
    const S1 = { s: schedule("s1", { anchorDate: "2026-05-03" }), items: journeys("a", 5, null, added) };
    const S2 = { s: schedule("s2", { runTime: "14:00", anchorDate: "2026-05-03" }), items: journeys("b", 1, null, added) };
    for (const x of [S1, S2]) x.s.nextTickAt = nextTickAfter(x.s, new Date(start));
    const runsOf = new Map<string, number[]>();
    for (let d = 0; d < 20; d++) {
      let used = 0;
      const end = start + (d + 1) * DAY;
      for (const x of [S1, S2]) {
        const at = x.s.nextTickAt!.getTime();
        const other = x === S1 ? S2 : S1;
        const [r] = tickBatch([{ x, at }], [other], at, end, 5 - used);
        used += r!.spent;
        for (const i of x.items) if (i.lastRunAt === at) runsOf.set(i.id, [...(runsOf.get(i.id) ?? []), at]);
        x.s.nextTickAt = nextTickAfter(x.s, new Date(at));
      }
      expect(used).toBeLessThanOrEqual(5);
    }
    const last = start + 20 * DAY;
    for (const id of ["a0", "a1", "a2", "a3", "a4", "b0"]) {
      // From when it was added, between runs, and from its last run to the end: a never-run item fails.
      const times = [added, ...(runsOf.get(id) ?? []), last];
      const gaps = times.slice(1).map((t, k) => (t - times[k]!) / DAY);
      expect(Math.max(...gaps), `${id} runs at ${times.map((t) => new Date(t).toISOString().slice(5, 16))}`).toBeLessThanOrEqual(2 + 1);
    }
  });
});
