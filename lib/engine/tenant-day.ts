// Tenant-wide planning of what is left of one tenant-local day (docs/adr/0008-tenant-day-reservations.md).
//
// A tenant's schedules share one daily agent budget. Each tick may spend only what the day has left
// after the shares of the tenant's other schedules' ticks still to come today are set aside. The
// shares come from one ranking of every schedule's items over the rest of the day. Due items are,
// for each schedule at each of its ticks left today, the items the deadline look-ahead (lookahead.ts,
// the same routine its auto budget uses) says must run there to meet their deadline.
//
// When the day can cover every due item (the budget covers the windows):
//   1. due items, across the tenant earliest deadline first (ties: higher priority, never run,
//      stalest, then schedule and item id), each within its tick's budget and what is left;
//   2. then every other item, once, by the score the engine uses within a schedule (staleness ×
//      priority weight), highest first, each within what its schedule's tick budgets leave today.
// Due items anywhere go before spare items anywhere, so every window is met.
//
// When even the due items exceed the day (scarcity: some windows will be missed whatever is
// done), every item — due or not, once — is ranked by that same score, within its schedule's tick
// budgets. The deadline order would keep feeding the schedules with the shortest windows: their
// items are due again and again, while a long-window item only competes once its deadline has
// come, and then waits behind every short-window item already late. Ranking by staleness rotates
// through the whole tenant instead, which is what keeps the longest gap near
// max(ceil(N / D), max over schedules of ceil(n_s / b_s)) days (with equal windows the two orders
// agree). A due item the day cannot cover "loses" either way: its schedule's run reports it as
// skipped for `tenant_budget`. Pure: no I/O, no clock.
import { coverageAnchor, deadlineCalculator, withDeadline } from "./deadline";
import { type EngineItem, type Ranked, dueMask, horizon, rankForTick } from "./lookahead";
import { priorityWeight } from "./selection";
import type { SlotSource } from "./slots";
import { HOUR_MS } from "./tz";

/** A schedule as the day plan sees it. */
export type DaySchedule = {
  id: string;
  /** Its items now (deadlines are recomputed here as its ticks go by). */
  items: readonly Omit<EngineItem, "deadline">[];
  slots: SlotSource;
  coverageWindowHours: number;
  /** Its per-tick budget for the rest of the day (explicit, or auto resolved at its first tick). */
  tickBudget: number;
  /** Its ticks still to come in the tenant's day, ascending; a tick happening now is at its instant. */
  ticks: readonly number[];
};

/** What the plan sets aside for one schedule's ticks left today. */
export type DayShare = {
  scheduleId: string;
  /** Cost of its due items the day covers, at its first tick and at its later ticks. */
  dueFirst: number;
  dueLater: number;
  /** Cost of its due items the plan does not cover (earlier deadlines or, under scarcity, staler items win; or its tick budget is full). */
  dueLost: number;
  /** Its share of the spare capacity: at its first tick (within that tick's budget), then later. */
  spareFirst: number;
  spareLater: number;
  /** dueFirst + spareFirst: what its first tick is planned to spend. */
  first: number;
  /** Everything set aside for it: first + dueLater + spareLater. */
  total: number;
};

type DueEntry = {
  schedule: number;
  tick: number;
  id: string;
  cost: number;
  deadline: number;
  priority: number;
  neverRun: boolean;
  anchor: number;
};

type SpareEntry = { schedule: number; id: string; cost: number; score: number; anchor: number };

/**
 * The shares of the day's `remaining` budget, one per schedule (same order as `schedules`). The
 * shares never add up to more than `remaining`, nor a schedule's to more than its tick budget × its
 * ticks left today (nor, at its first tick, more than one tick budget).
 */
export function planTenantDay(schedules: readonly DaySchedule[], remaining: number): DayShare[] {
  if (!(remaining >= 0)) throw new RangeError("remaining must be ≥ 0");
  const dues: DueEntry[] = [];
  const spares: SpareEntry[] = [];
  schedules.forEach((s, si) => collect(s, si, dues, spares));

  const dueAt = schedules.map((s) => s.ticks.map(() => 0));
  const dueLost = schedules.map(() => 0);
  const spare = schedules.map(() => 0);
  const scarce = dues.reduce((sum, e) => sum + e.cost, 0) > remaining;
  if (!scarce) {
    let left = remaining;
    const tickLeft = schedules.map((s) => s.ticks.map(() => s.tickBudget));
    for (const e of dues.sort((a, b) => compareDue(a, b, schedules))) {
      if (e.cost <= left && e.cost <= tickLeft[e.schedule]![e.tick]!) {
        left -= e.cost;
        tickLeft[e.schedule]![e.tick]! -= e.cost;
        dueAt[e.schedule]![e.tick]! += e.cost;
      } else {
        dueLost[e.schedule]! += e.cost;
      }
    }
    // Spare capacity: what the due items left of each schedule's tick budgets today.
    const cap = tickLeft.map((ticks) => ticks.reduce((a, b) => a + b, 0));
    walkByScore(spares, schedules, left, cap, (e) => (spare[e.schedule]! += e.cost));
  } else {
    // Every item once, due or not, by score; a due item keeps the tick it was due at.
    const dueOf = new Map<string, DueEntry>();
    for (const e of dues) {
      const key = `${e.schedule}/${e.id}`;
      if (!dueOf.has(key)) dueOf.set(key, e);
      else dueLost[e.schedule]! += e.cost; // due again at a later tick today: that run is not planned
    }
    const all = [...spares];
    for (const e of dueOf.values()) all.push({ schedule: e.schedule, id: e.id, cost: e.cost, anchor: e.anchor, score: scoreAt(schedules[e.schedule]!.ticks[0]!, e.anchor, e.priority) });
    const cap = schedules.map((s) => s.tickBudget * s.ticks.length);
    walkByScore(all, schedules, remaining, cap, (e) => {
      const due = dueOf.get(`${e.schedule}/${e.id}`);
      if (due) {
        dueAt[e.schedule]![due.tick]! += e.cost;
        dueOf.delete(`${e.schedule}/${e.id}`);
      } else spare[e.schedule]! += e.cost;
    });
    for (const e of dueOf.values()) dueLost[e.schedule]! += e.cost;
  }

  return schedules.map((s, si) => {
    const dueTotal = (dueAt[si] ?? []).reduce((a, b) => a + b, 0);
    const dueFirst = Math.min(dueAt[si]![0] ?? 0, s.tickBudget);
    const spareFirst = s.ticks.length === 0 ? 0 : Math.min(spare[si]!, s.tickBudget - dueFirst);
    const first = dueFirst + spareFirst;
    return {
      scheduleId: s.id,
      dueFirst,
      dueLater: dueTotal - dueFirst,
      dueLost: dueLost[si]!,
      spareFirst,
      spareLater: spare[si]! - spareFirst,
      first,
      total: dueTotal + spare[si]!,
    };
  });
}

/**
 * Hands `budget` down the entries by score, highest first (ties: stalest, then ids), each taking
 * its cost when it fits what is left and its schedule's `cap`; the walk never stops early.
 */
function walkByScore(
  entries: SpareEntry[],
  schedules: readonly DaySchedule[],
  budget: number,
  cap: number[],
  take: (e: SpareEntry) => void,
): void {
  let left = budget;
  entries.sort((a, b) => b.score - a.score || a.anchor - b.anchor || compareIds(a, b, schedules));
  for (const e of entries) {
    if (left === 0) break;
    if (e.cost <= left && e.cost <= cap[e.schedule]!) {
      left -= e.cost;
      cap[e.schedule]! -= e.cost;
      take(e);
    }
  }
}

/** The engine's spare score (selection.ts) at `at`: staleness in hours × priority weight. */
function scoreAt(at: number, anchor: number, priority: number): number {
  return (Math.max(0, at - anchor) / HOUR_MS) * priorityWeight(priority);
}

/**
 * One schedule's due items at each of its ticks left today, and its other items as spare
 * candidates. The ticks are walked in order: the items due at a tick are taken as run there, so a
 * later tick of the same day sees them fresh (spare items are not assumed to run: a reservation
 * must not count on them).
 */
function collect(s: DaySchedule, si: number, dues: DueEntry[], spares: SpareEntry[]): void {
  if (s.ticks.length === 0 || s.items.length === 0) return;
  const deadlineOf = deadlineCalculator(s.slots, s.coverageWindowHours);
  const lastRun = new Map<string, number | null>(s.items.map((i) => [i.id, i.lastRunAt]));
  const dueToday = new Set<string>();
  for (const [tick, at] of s.ticks.entries()) {
    const { runnable } = rankForTick(
      s.items.map((i) => {
        const item = { id: i.id, priority: i.priority, cost: i.cost, addedAt: i.addedAt, lastRunAt: lastRun.get(i.id)! };
        return withDeadline(item, deadlineOf(item));
      }),
    );
    const last = horizon(runnable);
    const future = last > at ? s.slots.between(at, last) : [];
    const due = dueMask(runnable, future, s.tickBudget);
    runnable.forEach((r, k) => {
      if (!due[k]) return;
      dues.push(dueEntry(si, tick, r));
      dueToday.add(r.id);
      lastRun.set(r.id, at);
    });
  }
  const at = s.ticks[0]!;
  for (const i of s.items) {
    if (i.cost <= 0 || dueToday.has(i.id)) continue;
    const anchor = coverageAnchor(i);
    spares.push({ schedule: si, id: i.id, cost: i.cost, anchor, score: scoreAt(at, anchor, i.priority) });
  }
}

function dueEntry(schedule: number, tick: number, r: Ranked): DueEntry {
  return { schedule, tick, id: r.id, cost: r.cost, deadline: r.deadline, priority: r.priority, neverRun: r.neverRun, anchor: r.anchor };
}

/** Earliest deadline first, then higher priority, never run, stalest, then by ids: deterministic. */
function compareDue(a: DueEntry, b: DueEntry, schedules: readonly DaySchedule[]): number {
  return (
    a.deadline - b.deadline ||
    b.priority - a.priority ||
    Number(b.neverRun) - Number(a.neverRun) ||
    a.anchor - b.anchor ||
    compareIds(a, b, schedules)
  );
}

function compareIds(a: { schedule: number; id: string }, b: { schedule: number; id: string }, schedules: readonly DaySchedule[]): number {
  const sa = schedules[a.schedule]!.id;
  const sb = schedules[b.schedule]!.id;
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
