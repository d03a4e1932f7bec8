// Test helpers shared by the engine's *.test.ts files (not used by the engine itself).
import fc from "fast-check";
import { deadlineCalculator, withDeadline } from "./deadline";
import { type EngineItem, type Ranked, horizon } from "./lookahead";
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

/**
 * Independent exact check (any costs, small inputs: exponential): is there a plan that runs every
 * item with a finite deadline by it, `capacity` agents at each of `future` (ascending, after now)
 * and `nowCapacity` now, with the items of `runNow` (indices) running now? An item whose deadline
 * is before the first future slot can only run now; items without a finite deadline need no run.
 */
export function planExists(
  items: readonly { deadline: number; cost: number }[],
  future: readonly number[],
  capacity: number,
  nowCapacity: number,
  runNow: readonly number[] = [],
): boolean {
  const forced = new Set(runNow);
  let nowCost = 0;
  for (const k of forced) nowCost += items[k].cost;
  if (nowCost > nowCapacity) return false;
  const idx = items.map((_, k) => k).filter((k) => !forced.has(k) && Number.isFinite(items[k].deadline));
  if (idx.length > 20) throw new RangeError("planExists is exponential: at most 20 items");
  const cost = idx.map((k) => items[k].cost);
  const deadline = idx.map((k) => items[k].deadline);
  const costOf = (mask: number) => {
    let c = 0;
    for (let b = 0; b < idx.length; b++) if (mask & (1 << b)) c += cost[b];
    return c;
  };
  const memo = new Map<number, boolean>();
  // Slots from the last to the first; at each, place some of the unplaced items that may run there.
  // Placing a maximal set is enough: moving an item later, into room nobody uses, never hurts.
  const go = (j: number, unplaced: number): boolean => {
    if (j < 0) return costOf(unplaced) <= nowCapacity - nowCost;
    const key = j * 2 ** idx.length + unplaced;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let eligible = 0;
    for (let b = 0; b < idx.length; b++) if (unplaced & (1 << b) && deadline[b] >= future[j]) eligible |= 1 << b;
    let ok = false;
    for (let sub = eligible; ; sub = (sub - 1) & eligible) {
      const c = costOf(sub);
      if (c <= capacity) {
        let maximal = true;
        for (let b = 0; b < idx.length && maximal; b++) if (eligible & ~sub & (1 << b) && c + cost[b] <= capacity) maximal = false;
        if (maximal && go(j - 1, unplaced & ~sub)) {
          ok = true;
          break;
        }
      }
      if (sub === 0) break;
    }
    memo.set(key, ok);
    return ok;
  };
  return go(future.length - 1, (1 << idx.length) - 1);
}

/** The slots the look-ahead reads at a tick: those after it, through the latest finite deadline. */
export function lookaheadSlots(slots: SlotSource, slotAt: number, items: readonly { deadline: number; cost: number }[]): number[] {
  const last = horizon(items.filter((it) => it.cost > 0));
  return last > slotAt ? slots.between(slotAt, last) : [];
}

/** A skipped item x while items as stale as it but of lower priority ran. */
export type Inversion = {
  x: Ranked;
  /** The items as stale as x (same anchor, both never run or both not) of lower priority that ran. */
  lower: Ranked[];
  /**
   * Indices (in the ranked order) of x and of everything else that ran, but for those and, when x
   * never ran, the ever-run items of its priority that ran without being due: x "in their place".
   */
  instead: number[];
  /** x costs no more than what was left plus what the items it replaces cost. */
  fits: boolean;
};

/**
 * The priority inversions of a selection, over the ranked items (rankForTick's runnable), from
 * what ran: ids with their `due` flag.
 */
export function priorityInversions(
  runnable: readonly Ranked[],
  selected: readonly { itemId: string; due: boolean }[],
  budget: number,
): Inversion[] {
  const ran = new Map(selected.map((e) => [e.itemId, e.due]));
  const spent = runnable.reduce((sum, r) => sum + (ran.has(r.id) ? r.cost : 0), 0);
  const out: Inversion[] = [];
  runnable.forEach((x, xi) => {
    if (ran.has(x.id)) return;
    const isLower = (y: Ranked) => ran.has(y.id) && y.anchor === x.anchor && y.neverRun === x.neverRun && y.priority < x.priority;
    const lower = runnable.filter(isLower);
    if (lower.length === 0) return;
    const yields = (y: Ranked) => x.neverRun && ran.get(y.id) === false && !y.neverRun && y.priority === x.priority;
    const instead = [xi, ...runnable.flatMap((y, k) => (ran.has(y.id) && !isLower(y) && !yields(y) ? [k] : []))];
    const insteadCost = instead.reduce((sum, k) => sum + runnable[k].cost, 0);
    out.push({ x, lower, instead, fits: insteadCost <= budget });
  });
  return out;
}

/** A mask over `n` items with the given indices set. */
export function maskOf(n: number, indices: readonly number[]): Uint8Array {
  const m = new Uint8Array(n);
  for (const k of indices) m[k] = 1;
  return m;
}
