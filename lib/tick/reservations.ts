// The tenant-day plan of a tick (docs/adr/0008-tenant-day-reservations.md): what the tenant's day must
// keep for its other schedules' ticks still to come today. Reads the tenant's live schedules and,
// only when the day's budget does not cover everyone's most, their items; the ledger itself is
// pure (ledger.ts). Ticks call it under the tenant-day lock, so what it reads is what every
// committed tick left; previews and GET /budget call it without the lock (they write nothing).
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { schedules } from "@/lib/db/schema";
import { nextLocalMidnight } from "@/lib/engine/tz";
import type { ScheduleRow } from "@/lib/schedules/repo";
import {
  buildLedger,
  needsItems,
  plannedDay,
  type CurrentTick,
  type PlannedSchedule,
  type ScheduleSummary,
  type TenantDayLedger,
} from "./ledger";
import { readSchedules, withJourneys } from "./load";

export type TenantToday = { id: string; timezone: string; remaining: number };

/**
 * The tenants' live schedules with their total item cost, as read once by a cron pass: a pass ticks
 * a tenant's schedules in many batches, and for a tenant whose day covers everything (the common
 * case) this read is the whole cost of the plan. It only decides whether ranking is needed, and
 * when it is, everything is read again, fresh, under the lock. It is as old as the pass (seconds):
 * a schedule ticked by an earlier batch still looks owed, which only makes the bound larger; a
 * schedule created, resumed or given items during the pass is seen by the next pass, as if the
 * change had come just after these ticks.
 */
export type ScheduleSummaries = Map<string, Summary[]>;
type Summary = ScheduleSummary;

/**
 * The ledgers of the tenants' days, one per tenant. `current`: the ticks happening now (their
 * schedules count with the tick now plus their slots later today). `summaries`: a cron pass's
 * cache (above); without it the summaries are read here.
 */
export async function planTenantDays(
  db: Executor,
  tenants: readonly TenantToday[],
  current: readonly CurrentTick[],
  now: number,
  summaries?: ScheduleSummaries,
): Promise<Map<string, TenantDayLedger>> {
  const ledgers = new Map<string, TenantDayLedger>();
  if (tenants.length === 0) return ledgers;
  const currentIds = new Set(current.map((c) => c.schedule.id));
  const cache = summaries ?? new Map<string, Summary[]>();
  await fillSummaries(db, cache, tenants.map((t) => t.id));
  for (const tenant of tenants) {
    const dayEnd = nextLocalMidnight(tenant.timezone, now);
    const mine = current.filter((c) => c.schedule.tenantId === tenant.id);
    const plannedFrom = (others: readonly Summary[]) => plannedDay(mine, others.filter((o) => !currentIds.has(o.schedule.id)), now, dayEnd);
    let planned = plannedFrom(cache.get(tenant.id)!);
    if (needsItems(planned, tenant.remaining)) {
      if (summaries) planned = plannedFrom(await liveSchedules(db, [tenant.id], [...currentIds]));
      if (needsItems(planned, tenant.remaining)) await loadItems(db, planned);
    }
    ledgers.set(tenant.id, buildLedger(planned, tenant.remaining));
  }
  return ledgers;
}

async function fillSummaries(db: Executor, cache: ScheduleSummaries, tenantIds: string[]): Promise<void> {
  const missing = tenantIds.filter((id) => !cache.has(id));
  if (missing.length === 0) return;
  const rows = await liveSchedules(db, missing, []);
  // Only once the read succeeded: a failed batch must not leave a tenant cached with no schedules.
  const byTenant = new Map<string, Summary[]>(missing.map((id) => [id, []]));
  for (const row of rows) byTenant.get(row.schedule.tenantId)!.push(row);
  for (const [id, list] of byTenant) cache.set(id, list);
}

/** Fills in the items of the schedules that lack them, in one read. */
async function loadItems(db: Executor, planned: PlannedSchedule[]): Promise<void> {
  const missing = planned.filter((p) => p.items === null);
  if (missing.length === 0) return;
  const loaded = await readSchedules(db, missing.map((p) => p.schedule.id));
  const costed = await withJourneys(db, loaded.map((l) => l.items));
  const byId = new Map(loaded.map((l, k) => [l.schedule.id, costed[k]!]));
  for (const p of missing) p.items = byId.get(p.schedule.id) ?? [];
}

/**
 * The tenants' live schedules but `exclude`, each with the cost of running all its items once.
 * Only the schedule rows and one sum per schedule: the items themselves are read only when the
 * day's budget does not cover every schedule's most. (The correlation names "schedules"."id" itself:
 * without a join drizzle renders a column unqualified, which inside the subquery would mean i.id.)
 */
export async function liveSchedules(db: Executor, tenantIds: string[], exclude: string[]): Promise<Summary[]> {
  const rows = await db
    .select({
      schedule: schedules,
      totalCost: sql<number>`(
        select coalesce(sum(case when i.journey_id is not null then 1
                                 else (select count(*) from test_plan_journeys m where m.test_plan_id = i.test_plan_id) end), 0)::int
          from schedule_items i where i.schedule_id = "schedules"."id")`,
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
