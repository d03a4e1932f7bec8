// The tenant-day plan of a tick (docs/adr/0008-tenant-day-reservations.md): what the tenant's day must
// keep for its other schedules' ticks still to come today. Reads the tenant's live schedules, works
// out their ticks left in the tenant-local day, and hands them to the pure planner
// (lib/engine/tenant-day.ts). Ticks call it under the tenant-day lock, so what it reads is what
// every committed tick left; previews and GET /budget call it without the lock (they write nothing).
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { schedules } from "@/lib/db/schema";
import { slotSource } from "@/lib/engine/slots";
import { planTenantDay, type DaySchedule, type DayShare } from "@/lib/engine/tenant-day";
import { nextLocalMidnight } from "@/lib/engine/tz";
import type { ScheduleRow } from "@/lib/schedules/repo";
import { slotConfig, type PlanItem } from "@/lib/schedules/timing";
import { readSchedules, withJourneys } from "./load";
import { tickBudgetFor } from "./plan";

/** A tick happening now, whose schedule is locked and loaded already. */
export type CurrentTick = { schedule: ScheduleRow; items: readonly PlanItem[]; at: number; tickBudget: number };

export type TenantToday = { id: string; timezone: string; remaining: number };

/** One schedule's place in the rest of the tenant's day. */
export type DayEntry = DayShare & { schedule: ScheduleRow; ticks: number[]; tickBudget: number; current: boolean };

export type TenantDayLedger = {
  /** The tenant's schedules with ticks left today, by id. */
  entries: Map<string, DayEntry>;
  /**
   * What is set aside for the tenant's schedules but `scheduleId`: their shares, less the first
   * tick's share of those that ticked in this transaction already.
   */
  reservedForOthers(scheduleId: string): number;
  /** `scheduleId` ticked now: its first tick's share is spent (or given back), no longer set aside. */
  ticked(scheduleId: string): void;
  /** True when the day's budget covered the most every schedule could spend today (no ranking was needed). */
  covered: boolean;
};

/**
 * The ledgers of the tenants' days, one per tenant. `current`: the ticks happening now (their
 * schedules count with the tick now plus their slots later today).
 */
export async function planTenantDays(
  db: Executor,
  tenants: readonly TenantToday[],
  current: readonly CurrentTick[],
  now: number,
): Promise<Map<string, TenantDayLedger>> {
  const ledgers = new Map<string, TenantDayLedger>();
  if (tenants.length === 0) return ledgers;
  const others = await liveSchedules(
    db,
    tenants.map((t) => t.id),
    current.map((c) => c.schedule.id),
  );
  for (const tenant of tenants) {
    const dayEnd = nextLocalMidnight(tenant.timezone, now);
    const mine = current.filter((c) => c.schedule.tenantId === tenant.id);
    const rest = others.filter((o) => o.schedule.tenantId === tenant.id);
    ledgers.set(tenant.id, await ledgerFor(db, tenant, mine, rest, now, dayEnd));
  }
  return ledgers;
}

type Other = { schedule: ScheduleRow; totalCost: number };

async function ledgerFor(
  db: Executor,
  tenant: TenantToday,
  current: readonly CurrentTick[],
  others: readonly Other[],
  now: number,
  dayEnd: number,
): Promise<TenantDayLedger> {
  type Planned = { schedule: ScheduleRow; ticks: number[]; current: boolean; totalCost: number; tickBudget: number | null; items: readonly PlanItem[] | null };
  const planned: Planned[] = [
    ...current.map((c) => ({
      schedule: c.schedule,
      ticks: [c.at, ...laterTicks(c.schedule, now, dayEnd)],
      current: true,
      totalCost: c.items.reduce((a, i) => a + i.cost, 0),
      tickBudget: c.tickBudget,
      items: c.items,
    })),
    ...others
      .map((o) => ({ schedule: o.schedule, ticks: ticksToday(o.schedule, now, dayEnd), current: false, totalCost: o.totalCost, tickBudget: null, items: null }))
      .filter((o) => o.ticks.length > 0 && o.totalCost > 0),
  ];

  // The most each could spend today: at every tick its budget, never more than all its items.
  const most = (p: Planned) => Math.min(p.tickBudget ?? p.schedule.dailyBudget ?? p.totalCost, p.totalCost);
  const bound = planned.reduce((sum, p) => sum + most(p) * p.ticks.length, 0);
  const covered = tenant.remaining >= bound;
  let shares: DayShare[];
  let budgets: number[];
  if (covered) {
    // Nothing to rank: every schedule gets the most it could spend.
    budgets = planned.map((p) => p.tickBudget ?? p.schedule.dailyBudget ?? p.totalCost);
    shares = planned.map((p) => {
      const first = most(p);
      const later = most(p) * (p.ticks.length - 1);
      return { scheduleId: p.schedule.id, dueFirst: 0, dueLater: 0, dueLost: 0, spareFirst: first, spareLater: later, first, total: first + later };
    });
  } else {
    const toLoad = planned.filter((p) => p.items === null).map((p) => p.schedule.id);
    const loaded = toLoad.length === 0 ? [] : await readSchedules(db, toLoad);
    const costed = await withJourneys(db, loaded.map((l) => l.items));
    const itemsById = new Map(loaded.map((l, k) => [l.schedule.id, costed[k]!]));
    const days: DaySchedule[] = planned.map((p) => {
      const items = p.items ?? itemsById.get(p.schedule.id) ?? [];
      const tickBudget = p.tickBudget ?? tickBudgetFor(p.schedule, items, p.ticks[0]!);
      return {
        id: p.schedule.id,
        items,
        slots: slotSource(slotConfig(p.schedule)),
        coverageWindowHours: p.schedule.coverageWindowHours,
        tickBudget,
        ticks: p.ticks,
      };
    });
    budgets = days.map((d) => d.tickBudget);
    shares = planTenantDay(days, tenant.remaining);
  }

  const entries = new Map<string, DayEntry>();
  planned.forEach((p, k) => entries.set(p.schedule.id, { ...shares[k]!, schedule: p.schedule, ticks: p.ticks, tickBudget: budgets[k]!, current: p.current }));
  const done = new Set<string>();
  return {
    entries,
    covered,
    reservedForOthers(scheduleId) {
      let sum = 0;
      for (const [id, e] of entries) if (id !== scheduleId) sum += done.has(id) ? e.total - e.first : e.total;
      return sum;
    },
    ticked(scheduleId) {
      done.add(scheduleId);
    },
  };
}

/**
 * A schedule's ticks left in the tenant's day (before `dayEnd`): a tick still owed (its next slot
 * has passed: the next cron pass ticks it) counts as happening now, then its slots after now.
 */
export function ticksToday(s: ScheduleRow, now: number, dayEnd: number): number[] {
  if (!s.enabled || s.nextTickAt === null || s.deletedAt !== null) return [];
  const owed = s.nextTickAt.getTime() <= now ? [now] : [];
  return [...owed, ...laterTicks(s, now, dayEnd)];
}

/** The schedule's slots after `now` and before `dayEnd`, from its next tick on. */
function laterTicks(s: ScheduleRow, now: number, dayEnd: number): number[] {
  if (!s.enabled || s.nextTickAt === null || dayEnd - 1 <= now) return [];
  const from = s.nextTickAt.getTime();
  return slotSource(slotConfig(s))
    .between(now, dayEnd - 1)
    .filter((t) => t >= from);
}

/**
 * The tenants' live schedules but `exclude`, each with the cost of running all its items once.
 * Only the schedule rows and one sum per schedule: the items themselves are read only when the
 * day's budget does not cover every schedule's most (planTenantDays).
 */
async function liveSchedules(db: Executor, tenantIds: string[], exclude: string[]): Promise<Other[]> {
  const rows = await db
    .select({
      schedule: schedules,
      totalCost: sql<number>`(
        select coalesce(sum(case when i.journey_id is not null then 1
                                 else (select count(*) from test_plan_journeys m where m.test_plan_id = i.test_plan_id) end), 0)::int
          from schedule_items i where i.schedule_id = ${schedules.id})`,
    })
    .from(schedules)
    .where(
      sql`${schedules.tenantId} in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(tenantIds)}::jsonb))
          and ${schedules.id} not in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(exclude)}::jsonb))
          and ${schedules.deletedAt} is null and ${schedules.enabled} and ${schedules.nextTickAt} is not null`,
    )
    .orderBy(schedules.id);
  return rows.map((r) => ({ schedule: r.schedule, totalCost: Number(r.totalCost) }));
}
