// One tick of one schedule, in one transaction (SPEC §3–§4, ADR 0002): lock the schedule, claim the
// slot, lock the tenant's day, select, then write the run, its agents, last_run_at, the tenant's
// spend and the next slot together. Any failure rolls all of it back.
//
// Round trips are constant per tick, whatever the number of items: BEGIN, lock the schedule (with
// its tenant and items), read plan members (only when there are plans), lock the tenant's day, one
// statement for every write, COMMIT.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db";
import { scheduleRuns, schedules, tenants } from "@/lib/db/schema";
import { latestSlotAtOrBefore } from "@/lib/engine/slots";
import { notFound } from "@/lib/errors";
import type { ScheduleRow } from "@/lib/schedules/repo";
import { nextTickAfter, slotConfig } from "@/lib/schedules/timing";
import { planJourneyIds } from "@/lib/test-plans/service";
import { planRun, planSelection, type TickItem, type TickPlan } from "./plan";
import { lockTenantAllowance } from "./tenant-budget";

export type TickRequest =
  | { trigger: "manual"; scheduleId: string; tenantId: string; now: Date }
  | { trigger: "cron"; scheduleId: string; now: Date };

/** Test seam: called between selection and the writes, e.g. to inject a crash there. */
export type TickHooks = { afterSelection?: (plan: TickPlan) => void | Promise<void> };

export type RunRow = typeof scheduleRuns.$inferSelect;
type TenantRow = typeof tenants.$inferSelect;

/**
 * Ticks one schedule. Manual: ticks now, moves no slot. Cron: ticks the latest slot passed if the
 * schedule is still due and not being ticked by someone else; returns null when there is nothing
 * to do (already ticked, paused, deleted, or locked by a concurrent pass).
 */
export async function tickSchedule(db: Db, req: TickRequest, hooks: TickHooks = {}): Promise<RunRow | null> {
  return db.transaction(async (tx) => {
    const locked = await lockSchedule(tx, req);
    if (!locked) {
      if (req.trigger === "manual") throw notFound("Schedule");
      return null;
    }
    const { schedule, tenant } = locked;
    const now = req.now;
    let slotAt = now;
    let nextTickAt = schedule.nextTickAt;
    if (req.trigger === "cron") {
      if (!schedule.enabled || !schedule.nextTickAt || schedule.nextTickAt > now) return null;
      // Downtime gives one catch-up tick for the latest slot passed, never a burst.
      const latest = latestSlotAtOrBefore(slotConfig(schedule), now.getTime());
      slotAt = new Date(Math.max(latest ?? schedule.nextTickAt.getTime(), schedule.nextTickAt.getTime()));
      nextTickAt = nextTickAfter(schedule, now);
    }

    const items = await withJourneys(tx, locked.items);
    const allowance = await lockTenantAllowance(tx, tenant, now);
    const plan = planRun(planSelection(schedule, items, slotAt.getTime(), allowance.remaining), items);
    await hooks.afterSelection?.(plan);

    const run: RunRow = {
      id: plan.runId,
      tenantId: schedule.tenantId,
      scheduleId: schedule.id,
      trigger: req.trigger,
      slotAt,
      startedAt: now,
      finishedAt: plan.status === "dispatched" ? null : now,
      status: plan.status,
      reason: plan.reason,
      budget: { tick: plan.tickBudget, tenant_remaining_before: allowance.remaining, spent: plan.spent },
      selected: plan.selected,
      skipped: plan.skipped,
      digest: null,
      createdAt: now,
    };
    await writeTick(tx, { run, plan, schedule, localDate: allowance.localDate, nextTickAt });
    return run;
  });
}

type ItemState = {
  id: string;
  journey_id: string | null;
  test_plan_id: string | null;
  priority: number;
  last_run_ms: number | null;
  added_ms: number;
};

/**
 * Locks the schedule and reads its tenant and items in one statement. The items come packed in one
 * text value, `id,journey_id,test_plan_id,priority,last_run_ms,added_ms;…`: a schedule may have
 * thousands, and building a JSON object (or a row of Dates) per item costs more than the rest of
 * the read (measured: 10,000 items, json_build_object 74 ms, this 20 ms).
 */
async function lockSchedule(
  tx: Tx,
  req: TickRequest,
): Promise<{ schedule: ScheduleRow; tenant: TenantRow; items: ItemState[] } | null> {
  const where = and(
    eq(schedules.id, req.scheduleId),
    isNull(schedules.deletedAt),
    req.trigger === "manual" ? eq(schedules.tenantId, req.tenantId) : undefined,
  );
  const packed = sql<string | null>`(
    select string_agg(concat_ws(',', i.id, coalesce(i.journey_id::text, ''), coalesce(i.test_plan_id::text, ''),
             i.priority, coalesce(floor(extract(epoch from i.last_run_at) * 1000)::bigint::text, ''),
             floor(extract(epoch from i.created_at) * 1000)::bigint), ';' order by i.priority desc, i.seq asc)
      from schedule_items i where i.schedule_id = ${schedules.id})`;
  const query = tx
    .select({ schedule: schedules, tenant: tenants, packed })
    .from(schedules)
    .innerJoin(tenants, eq(tenants.id, schedules.tenantId))
    .where(where);
  // Cron passes skip a schedule another transaction is ticking (its slot stays due for the next
  // pass); a manual trigger waits for it.
  const [row] = await (req.trigger === "cron"
    ? query.for("update", { of: schedules, skipLocked: true })
    : query.for("update", { of: schedules }));
  if (!row) return null;
  return { schedule: row.schedule, tenant: row.tenant, items: unpackItems(row.packed) };
}

export function unpackItems(packed: string | null): ItemState[] {
  if (!packed) return [];
  return packed.split(";").map((rec) => {
    const [id, journeyId, testPlanId, priority, lastRun, added] = rec.split(",");
    return {
      id: id!,
      journey_id: journeyId || null,
      test_plan_id: testPlanId || null,
      priority: Number(priority),
      last_run_ms: lastRun ? Number(lastRun) : null,
      added_ms: Number(added),
    };
  });
}

/** The items with the journeys each runs: one for a journey item, the plan's for a plan item. */
async function withJourneys(tx: Tx, rows: ItemState[]): Promise<TickItem[]> {
  const planIds = rows.flatMap((r) => (r.test_plan_id ? [r.test_plan_id] : []));
  const members = await planJourneyIds(tx, planIds);
  return rows.map((r) => {
    const journeyIds = r.journey_id ? [r.journey_id] : (members.get(r.test_plan_id!) ?? []);
    return {
      id: r.id,
      journeyId: r.journey_id,
      testPlanId: r.test_plan_id,
      priority: r.priority,
      lastRunAt: r.last_run_ms,
      addedAt: r.added_ms,
      // Cost from the very rows the agents come from, so spend always equals agents created.
      cost: journeyIds.length,
      journeyIds,
    };
  });
}

/**
 * Every write of a tick in one statement (data-modifying CTEs): the run, its agents, the items'
 * last_run_at, the tenant's spend, the schedule's tick times. Foreign keys are checked at the end
 * of the statement, when the run row exists.
 */
async function writeTick(
  tx: Tx,
  w: { run: RunRow; plan: TickPlan; schedule: ScheduleRow; localDate: string; nextTickAt: Date | null },
) {
  const { run, plan, schedule } = w;
  const ts = (d: Date | null) => (d ? d.toISOString() : null);
  const agentsJson = JSON.stringify(
    plan.agents.map((a) => ({ id: a.id, item_id: a.itemId, journey_id: a.journeyId, test_plan_id: a.testPlanId })),
  );
  await tx.execute(sql`
    with run as (
      insert into schedule_runs (id, tenant_id, schedule_id, trigger, slot_at, started_at, finished_at,
                                 status, reason, budget, selected, skipped, created_at)
      values (${run.id}, ${run.tenantId}, ${run.scheduleId}, ${run.trigger}, ${ts(run.slotAt)}, ${ts(run.startedAt)},
              ${ts(run.finishedAt)}, ${run.status}, ${run.reason}, ${JSON.stringify(run.budget)}::jsonb,
              ${JSON.stringify(run.selected)}::jsonb, ${JSON.stringify(run.skipped)}::jsonb, ${ts(run.createdAt)})
      returning id
    ), queued as (
      insert into agents (id, tenant_id, schedule_id, run_id, item_id, journey_id, test_plan_id, project_id,
                          status, queued_at, created_at)
      select a.id, ${run.tenantId}, ${run.scheduleId}, ${run.id}, a.item_id, a.journey_id, a.test_plan_id,
             ${schedule.projectId}, 'queued', ${ts(run.startedAt)}, ${ts(run.createdAt)}
        from jsonb_to_recordset(${agentsJson}::jsonb) as a(id uuid, item_id uuid, journey_id uuid, test_plan_id uuid)
      returning 1
    ), ran as (
      -- A catch-up cron slot can be older than a manual run already recorded: never move back.
      update schedule_items set last_run_at = greatest(last_run_at, ${ts(run.slotAt)}::timestamptz)
       where schedule_id = ${run.scheduleId}
         and id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(plan.ranItemIds)}::jsonb))
      returning 1
    ), spent as (
      update tenant_daily_usage set used = used + ${plan.spent}
       where tenant_id = ${run.tenantId} and local_date = ${w.localDate} and ${plan.spent} > 0
      returning 1
    ), ticked as (
      update schedules set last_tick_at = ${ts(run.startedAt)}, next_tick_at = ${ts(w.nextTickAt)}
       where id = ${run.scheduleId}
      returning 1
    )
    select (select count(*) from run) as runs, (select count(*) from queued) as agents`);
}
