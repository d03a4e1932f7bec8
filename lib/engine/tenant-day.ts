// Tenant-wide planning of what is left of one tenant-local day (docs/adr/0008-tenant-day-reservations.md).
//
// A tenant's schedules share one daily agent budget. Each tick may spend only what the day has left
// after the shares of the tenant's other schedules' ticks still to come today are set aside. The
// shares come from one ranking of every schedule's items over the rest of the day:
//   1. due items — for each schedule, at each of its ticks left today, the items the deadline
//      look-ahead (lookahead.ts, the same routine its auto budget uses) says must run there to
//      meet their deadline — across the tenant earliest deadline first (ties: higher priority,
//      never run, stalest, then schedule and item id), each within its tick's budget and what is
//      left of the day;
//   2. then every other item of those schedules, once, by the score the engine uses within a
//      schedule (staleness × priority weight), highest first, each within what is left of its
//      schedule's tick budgets today and of the day.
// Due items anywhere go before spare items anywhere; a due item that the day cannot cover "loses"
// (its schedule's run reports it as skipped for `tenant_budget`). An item that lost, or missed its
// deadline for any reason, stays due with that deadline, which no longer moves: it only gets
// earlier than the deadlines of items that keep running, so under scarcity every schedule's items
// come round and none starves. Pure: no I/O, no clock.
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
  /** Cost of its due items the day cannot cover: they lose to earlier deadlines elsewhere. */
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
 * shares never add up to more than `remaining`, nor a schedule's to more than its tick budget at
 * each of its ticks.
 */
export function planTenantDay(schedules: readonly DaySchedule[], remaining: number): DayShare[] {
  if (!(remaining >= 0)) throw new RangeError("remaining must be ≥ 0");
  const dues: DueEntry[] = [];
  const spares: SpareEntry[] = [];
  schedules.forEach((s, si) => collect(s, si, dues, spares));

  let left = remaining;
  const tickLeft = schedules.map((s) => s.ticks.map(() => s.tickBudget));
  const dueAt = schedules.map((s) => s.ticks.map(() => 0));
  const dueLost = schedules.map(() => 0);
  dues.sort((a, b) => compareDue(a, b, schedules));
  for (const e of dues) {
    if (e.cost <= left && e.cost <= tickLeft[e.schedule]![e.tick]!) {
      left -= e.cost;
      tickLeft[e.schedule]![e.tick]! -= e.cost;
      dueAt[e.schedule]![e.tick]! += e.cost;
    } else {
      dueLost[e.schedule]! += e.cost;
    }
  }

  // Spare capacity: what the due items left of each schedule's tick budgets today.
  const spareCap = tickLeft.map((ticks) => ticks.reduce((a, b) => a + b, 0));
  const spare = schedules.map(() => 0);
  spares.sort((a, b) => b.score - a.score || a.anchor - b.anchor || compareIds(a, b, schedules));
  for (const e of spares) {
    if (left === 0) break;
    if (e.cost <= left && e.cost <= spareCap[e.schedule]! - spare[e.schedule]!) {
      left -= e.cost;
      spare[e.schedule]! += e.cost;
    }
  }

  return schedules.map((s, si) => {
    const dueFirst = dueAt[si]![0] ?? 0;
    const dueLater = (dueAt[si] ?? []).reduce((a, b) => a + b, 0) - dueFirst;
    const spareFirst = Math.min(spare[si]!, tickLeft[si]![0] ?? 0);
    const spareLater = spare[si]! - spareFirst;
    const first = dueFirst + spareFirst;
    return {
      scheduleId: s.id,
      dueFirst,
      dueLater,
      dueLost: dueLost[si]!,
      spareFirst,
      spareLater,
      first,
      total: first + dueLater + spareLater,
    };
  });
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
    spares.push({ schedule: si, id: i.id, cost: i.cost, anchor, score: (Math.max(0, at - anchor) / HOUR_MS) * priorityWeight(i.priority) });
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
