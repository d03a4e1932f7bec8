// The ledger of a tenant's day (docs/adr/0008-tenant-day-reservations.md): from the tenant's schedules with
// their ticks left today, what is set aside for each. Pure: reservations.ts reads the rows and
// calls it under the tenant-day lock; simulations call it on their own state.
import { slotSource } from "@/lib/engine/slots";
import { planTenantDay, type DaySchedule, type DayShare } from "@/lib/engine/tenant-day";
import type { ScheduleRow } from "@/lib/schedules/repo";
import { logEvent } from "@/lib/log";
import { slotConfig, type PlanItem } from "@/lib/schedules/timing";
import { tickBudgetFor } from "./plan";

/** A tick happening now, whose schedule is loaded already (the tick resolved its budget). */
export type CurrentTick = { schedule: ScheduleRow; items: readonly PlanItem[]; at: number; tickBudget: number };

/**
 * Another live schedule of the tenant with the cost of all its items (its items are read only when
 * ranking needs them). `ticks`: its ticks left today, worked out once per summary (a cron pass
 * caches summaries and has one `now`).
 */
export type ScheduleSummary = { schedule: ScheduleRow; totalCost: number; ticks?: number[] };

/** A schedule of the tenant with ticks left today. */
export type PlannedSchedule = {
  schedule: ScheduleRow;
  /** Its ticks left in the tenant's day, ascending; a tick happening now (or owed) at its instant. */
  ticks: number[];
  /** It is ticking in the caller's transaction now (its first tick is that one). */
  current: boolean;
  /** The cost of running every item once. */
  totalCost: number;
  /** The tick budget, when known (a current tick resolved it); else explicit or resolved here. */
  tickBudget: number | null;
  /** Its items; may be null while the day's budget covers everyone's most (needsItems). */
  items: readonly PlanItem[] | null;
};

/** One schedule's place in the rest of the tenant's day. */
/** `tickBudget`: null for an auto budget a covered day did not need to resolve. */
export type DayEntry = DayShare & { schedule: ScheduleRow; ticks: number[]; tickBudget: number | null; current: boolean };

export type TenantDayLedger = {
  /** The tenant's schedules with ticks left today, by id. */
  entries: Map<string, DayEntry>;
  /** True when the day's budget covered the most every schedule could spend today: nothing was ranked or kept. */
  covered: boolean;
  /**
   * What a tick of `scheduleId` now must leave for the ticks still to come today: every other
   * schedule's share (what is left of it, for those that ticked in this transaction already), and
   * the due items of its own later ticks — which its spare items now must not take.
   */
  reservedForOthers(scheduleId: string): number;
  /**
   * `scheduleId` ticked now and spent `spent`: that comes out of its share (its later ticks today
   * keep what is left of it, and at least their due items), so a tick that ran ahead on its own
   * later share cannot leave that share to be kept again from the schedules after it.
   */
  ticked(scheduleId: string, spent: number): void;
};

/** The most a schedule could spend at one tick: its tick budget, never more than all its items. */
function most(p: PlannedSchedule): number {
  return Math.min(p.tickBudget ?? p.schedule.dailyBudget ?? p.totalCost, p.totalCost);
}

/**
 * Whether the schedules' items are needed: false when `remaining` covers the most every schedule
 * could spend at every tick left today, so that no ranking is needed (and no item is read).
 */
export function needsItems(planned: readonly PlannedSchedule[], remaining: number): boolean {
  return remaining < planned.reduce((sum, p) => sum + most(p) * p.ticks.length, 0);
}

/**
 * The ledger. When the budget covers everyone's most, nothing is set aside (no tick can take what
 * another could spend); else the planner ranks the items (lib/engine/tenant-day.ts), and every
 * `items` must be given.
 */
export function buildLedger(planned: readonly PlannedSchedule[], remaining: number): TenantDayLedger {
  const covered = !needsItems(planned, remaining);
  let shares: DayShare[];
  let budgets: (number | null)[];
  if (covered) {
    // Every schedule can spend its most at every tick left: nothing needs keeping from anyone.
    budgets = planned.map((p) => p.tickBudget ?? p.schedule.dailyBudget);
    shares = planned.map((p) => ({ scheduleId: p.schedule.id, dueFirst: 0, dueLater: 0, dueLost: 0, spareFirst: 0, spareLater: 0, first: 0, total: 0 }));
  } else {
    const days: DaySchedule[] = planned.map((p) => {
      if (p.items === null) throw new Error(`items of schedule ${p.schedule.id} are needed`);
      return {
        id: p.schedule.id,
        items: p.items,
        slots: slotSource(slotConfig(p.schedule)),
        coverageWindowHours: p.schedule.coverageWindowHours,
        tickBudget: p.tickBudget ?? tickBudgetFor(p.schedule, p.items, p.ticks[0]!),
        ticks: p.ticks,
      };
    });
    budgets = days.map((d) => d.tickBudget);
    shares = planTenantDay(days, remaining);
  }

  const entries = new Map<string, DayEntry>();
  planned.forEach((p, k) =>
    entries.set(p.schedule.id, { ...shares[k]!, schedule: p.schedule, ticks: p.ticks, tickBudget: budgets[k]!, current: p.current }),
  );
  const left = new Map([...entries].map(([id, e]) => [id, e.total]));
  return {
    entries,
    covered,
    reservedForOthers(scheduleId) {
      let sum = 0;
      for (const [id, kept] of left) sum += id === scheduleId ? Math.min(kept, entries.get(id)!.dueLater) : kept;
      return sum;
    },
    ticked(scheduleId, spent) {
      const kept = left.get(scheduleId);
      const e = entries.get(scheduleId);
      if (kept !== undefined && e) left.set(scheduleId, Math.max(Math.min(kept, e.dueLater), kept - spent));
    },
  };
}

/**
 * A schedule's ticks left in the tenant's day (before `dayEnd`): a tick still owed (its next slot
 * has passed: the next cron pass ticks it), then its slots after now.
 */
export function ticksToday(s: ScheduleRow, now: number, dayEnd: number): number[] {
  if (!s.enabled || s.nextTickAt === null || s.deletedAt !== null) return [];
  const next = s.nextTickAt.getTime();
  // The owed tick is at the slot the cron pass will tick (the latest passed), as in cronSlot: its
  // due items are judged there, not at now, when the pass comes a little after the slot.
  const owed = next <= now ? [Math.max(next, slotSource(slotConfig(s)).latestAtOrBefore(now) ?? next)] : [];
  return [...owed, ...laterTicks(s, now, dayEnd)];
}

/** The schedule's slots after `now` and before `dayEnd`, from its next tick on. */
export function laterTicks(s: ScheduleRow, now: number, dayEnd: number): number[] {
  if (!s.enabled || s.nextTickAt === null || dayEnd - 1 <= now) return [];
  const from = s.nextTickAt.getTime();
  return slotSource(slotConfig(s))
    .between(now, dayEnd - 1)
    .filter((t) => t >= from);
}

/** The tenant's schedules with ticks left today: the ticks happening now, then the others. */
export function plannedDay(current: readonly CurrentTick[], others: readonly ScheduleSummary[], now: number, dayEnd: number): PlannedSchedule[] {
  return [
    ...current.map((c) => ({
      schedule: c.schedule,
      ticks: [c.at, ...laterTicks(c.schedule, now, dayEnd)],
      current: true,
      totalCost: c.items.reduce((a, i) => a + i.cost, 0),
      tickBudget: c.tickBudget,
      items: c.items,
    })),
    ...others.flatMap((o) => {
      const ticks = (o.ticks ??= othersTicks(o.schedule, now, dayEnd));
      return ticks.length > 0 && o.totalCost > 0 ? [{ schedule: o.schedule, ticks, current: false, totalCost: o.totalCost, tickBudget: null, items: null }] : [];
    }),
  ];
}

/**
 * An other schedule's ticks left today. One whose slots cannot be computed (a row the slot code
 * refuses, e.g. a zone the runtime no longer knows) is left out of the plan and logged: its own
 * ticks fail and are recorded as failed runs, and it must not fail its tenant's other ticks too.
 */
function othersTicks(s: ScheduleRow, now: number, dayEnd: number): number[] {
  try {
    return ticksToday(s, now, dayEnd);
  } catch (err) {
    logEvent("warn", "tenant_plan_schedule_skipped", { schedule_id: s.id, message: err instanceof Error ? err.message : String(err) });
    return [];
  }
}
