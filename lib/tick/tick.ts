// Ticks in one transaction (docs/engine.md, ADR 0002): lock the schedules, claim their slots, lock the
// tenants' days, select, then write the runs, their agents, last_run_at, the tenants' spend and the
// next slots together. Any failure rolls all of it back.
//
// A manual trigger ticks one schedule. A cron pass ticks its due schedules in batches, one
// transaction per batch: the round trips of a tick (BEGIN, lock with items, plan members when there
// are test plans, tenant days, one statement for every write, COMMIT) are then shared by the whole
// batch instead of paid per schedule. If a batch fails, the pass ticks its schedules one by one
// (`tickSchedule`), so one broken schedule cannot hold back the others.
import { sql } from "drizzle-orm";
import { queryRows, type Db, type Tx } from "@/lib/db";
import { scheduleRuns, schedules } from "@/lib/db/schema";
import { latestSlotAtOrBefore } from "@/lib/engine/slots";
import { notFound } from "@/lib/errors";
import type { ScheduleRow } from "@/lib/schedules/repo";
import { nextTickAfter, slotConfig } from "@/lib/schedules/timing";
import { tenantLocalDate } from "@/lib/engine/tz";
import { readSchedules, withJourneys, type Loaded, type TenantRow } from "./load";
import { planRun, planSelection, prepareTick, type TickPlan } from "./plan";
import { planTenantDays, type ScheduleSummaries } from "./reservations";

export type TickRequest =
  | { trigger: "manual"; scheduleId: string; tenantId: string; now: Date }
  | { trigger: "cron"; scheduleId: string; now: Date };

/**
 * Test seams, e.g. to inject a crash: `afterSelection` between a schedule's selection and the writes;
 * `afterWrites` once every write of the transaction is done and before its COMMIT.
 */
export type TickHooks = {
  afterSelection?: (plan: TickPlan, scheduleId: string) => void | Promise<void>;
  afterWrites?: (runs: RunRow[]) => void | Promise<void>;
};

export type RunRow = typeof scheduleRuns.$inferSelect;
type Locked = Loaded;

/**
 * Ticks one schedule. Manual: ticks now, moves no slot (404 when it is not the tenant's). Cron:
 * ticks the latest slot passed if the schedule is still due and not being ticked by someone else;
 * null when there is nothing to do (already ticked, paused, deleted, or locked by another pass).
 */
export async function tickSchedule(db: Db, req: TickRequest, hooks: TickHooks = {}): Promise<RunRow | null> {
  return db.transaction(async (tx) => {
    const locked = await lockSchedules(tx, [req.scheduleId], {
      trigger: req.trigger,
      tenantId: req.trigger === "manual" ? req.tenantId : undefined,
    });
    if (locked.length === 0 && req.trigger === "manual") throw notFound("Schedule");
    const [run] = await tickLocked(tx, locked, req.trigger, req.now, hooks);
    return run ?? null;
  });
}

/**
 * Cron: ticks every schedule of `ids` that is still due, in one transaction. Returns the runs.
 * `summaries`: the pass's cache of its tenants' schedule summaries (reservations.ts).
 */
export async function tickDueSchedules(
  db: Db,
  ids: string[],
  now: Date,
  hooks: TickHooks = {},
  summaries?: ScheduleSummaries,
): Promise<RunRow[]> {
  if (ids.length === 0) return [];
  return db.transaction(async (tx) =>
    tickLocked(tx, await lockSchedules(tx, ids, { trigger: "cron" }), "cron", now, hooks, summaries),
  );
}

async function tickLocked(
  tx: Tx,
  locked: Locked[],
  trigger: "manual" | "cron",
  now: Date,
  hooks: TickHooks,
  summaries?: ScheduleSummaries,
): Promise<RunRow[]> {
  const pending = trigger === "manual" ? locked : locked.filter((l) => isDue(l.schedule, now));
  // A cron slot that already has its run (its next_tick_at was moved back by a writer that raced
  // the tick) is not ticked again: the schedule only moves on. Writing a second run would hit the
  // unique cron-slot index and roll back the whole batch, every pass, for as long as it stays due.
  const advances: Advance[] = [];
  const due: (Locked & { slotAt: Date; nextTickAt: Date | null })[] = [];
  for (const l of pending) {
    const { slotAt, nextTickAt } =
      trigger === "cron" ? cronSlot(l.schedule, now) : { slotAt: now, nextTickAt: l.schedule.nextTickAt };
    if (trigger === "cron" && l.lastCronSlotMs !== null && slotAt.getTime() <= l.lastCronSlotMs) {
      advances.push({ scheduleId: l.schedule.id, nextTickAt });
    } else {
      due.push({ ...l, slotAt, nextTickAt });
    }
  }
  if (due.length === 0) {
    await writeTicks(tx, [], advances);
    return [];
  }
  const items = await withJourneys(tx, due.map((l) => l.items));
  const allowances = await lockTenantDays(tx, due.map((l) => l.tenant), now);
  // Under the tenant-day locks: what the tenants' other schedules' ticks later today need
  // (ADR 0008). Every tick of those tenants that committed before is in what this reads.
  const prepared = due.map((l, k) => prepareTick(l.schedule, items[k]!, l.slotAt.getTime()));
  const ledgers = await planTenantDays(
    tx,
    [...new Map(due.map((l) => [l.tenant.id, l.tenant])).values()].map((t) => ({
      id: t.id,
      timezone: t.timezone,
      remaining: Math.max(0, t.dailyAgentBudget - allowances.get(t.id)!.used),
    })),
    due.map((l, k) => ({ schedule: l.schedule, items: items[k]!, at: l.slotAt.getTime(), tickBudget: prepared[k]!.tickBudget })),
    now.getTime(),
    summaries,
  );

  const ticks: Tick[] = [];
  for (const [k, { schedule, tenant, slotAt, nextTickAt }] of due.entries()) {
    const day = allowances.get(tenant.id)!;
    const ledger = ledgers.get(tenant.id)!;
    const remaining = Math.max(0, tenant.dailyAgentBudget - day.used);
    const reserved = Math.min(remaining, ledger.reservedForOthers(schedule.id));
    const selection = planSelection(prepared[k]!, remaining - reserved);
    const plan = planRun(selection, items[k]!);
    await hooks.afterSelection?.(plan, schedule.id);
    day.used += plan.spent; // the next schedule of this tenant in the batch sees what is left
    ledger.ticked(schedule.id, plan.spent);
    ticks.push({
      plan,
      schedule,
      localDate: day.localDate,
      nextTickAt,
      run: {
        id: plan.runId,
        tenantId: schedule.tenantId,
        scheduleId: schedule.id,
        trigger,
        slotAt,
        startedAt: now,
        finishedAt: plan.status === "dispatched" ? null : now,
        status: plan.status,
        reason: plan.reason,
        budget: { tick: plan.tickBudget, tenant_remaining_before: remaining, reserved_for_others: reserved, spent: plan.spent },
        selected: plan.selected,
        skipped: plan.skipped,
        digest: null,
        error: null,
        createdAt: now,
      },
    });
  }
  await writeTicks(tx, ticks, advances);
  const runs = ticks.map((t) => t.run);
  await hooks.afterWrites?.(runs);
  return runs;
}

function isDue(s: ScheduleRow, now: Date): boolean {
  return s.enabled && s.nextTickAt !== null && s.nextTickAt <= now;
}

/**
 * The slot a cron tick of a due schedule ticks, and the one after it. Downtime gives one catch-up
 * tick for the latest slot passed, never a burst.
 */
export function cronSlot(s: ScheduleRow, now: Date): { slotAt: Date; nextTickAt: Date | null } {
  const claimed = s.nextTickAt!.getTime();
  const latest = latestSlotAtOrBefore(slotConfig(s), now.getTime());
  return { slotAt: new Date(Math.max(latest ?? claimed, claimed)), nextTickAt: nextTickAfter(s, now) };
}

/**
 * Locks the schedules, then reads them with their tenants and items. Two statements on purpose:
 * under READ COMMITTED a statement that waited for a row lock re-checks only the locked row, and
 * reads every other table (the items, the runs) from the snapshot it took before waiting. A tick
 * that queued behind another tick of the same schedule would then select the very items the first
 * one just ran and see them as never run. The read after the lock sees everything committed.
 *
 * Locks are taken in id order, so concurrent batches cannot deadlock. Cron skips schedules another
 * transaction holds (their slots stay due for the next pass); a manual trigger waits.
 */
async function lockSchedules(
  tx: Tx,
  ids: string[],
  opts: { trigger: "manual" | "cron"; tenantId?: string },
): Promise<Locked[]> {
  const lockedIds = await tx
    .select({ id: schedules.id })
    .from(schedules)
    .where(
      sql`${schedules.id} in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
          and ${schedules.deletedAt} is null
          ${opts.tenantId ? sql`and ${schedules.tenantId} = ${opts.tenantId}` : sql``}`,
    )
    .orderBy(schedules.id)
    .for("update", opts.trigger === "cron" ? { skipLocked: true } : {});
  if (lockedIds.length === 0) return [];
  // The read after the lock: see above.
  return readSchedules(tx, lockedIds.map((r) => r.id));
}

type TenantDay = { localDate: string; used: number };

/**
 * The tenants' daily budgets as locked counter rows per tenant-local date (a new local day is a new
 * row: no reset job). One statement creates the rows that are missing and locks them all
 * (the no-op DO UPDATE takes the lock), in tenant order so concurrent batches cannot deadlock. Every
 * spending tick of a tenant then waits for the others: concurrent ticks can never overspend a day.
 */
async function lockTenantDays(tx: Tx, list: TenantRow[], now: Date): Promise<Map<string, TenantDay>> {
  const days = new Map<string, TenantDay>();
  for (const t of list) days.set(t.id, { localDate: tenantLocalDate(t.timezone, now.getTime()), used: 0 });
  const keys = [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([tenant_id, d]) => ({ tenant_id, local_date: d.localDate }));
  const rows = await queryRows<{ tenant_id: string; used: number }>(
    tx,
    sql`insert into tenant_daily_usage (tenant_id, local_date, used)
        select k.tenant_id, k.local_date, 0
          from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as k(tenant_id uuid, local_date text)
        on conflict (tenant_id, local_date) do update set used = tenant_daily_usage.used
        returning tenant_id, used`,
  );
  for (const r of rows) days.get(r.tenant_id)!.used = r.used;
  return days;
}

type Tick = { run: RunRow; plan: TickPlan; schedule: ScheduleRow; localDate: string; nextTickAt: Date | null };
/** A due schedule whose slot was already ticked: it only moves to its next slot. */
type Advance = { scheduleId: string; nextTickAt: Date | null };

/**
 * Every write of the ticks in one statement (data-modifying CTEs): the runs, their agents, the
 * items' last_run_at, the tenants' spend, the schedules' tick times. Foreign keys are checked at
 * the end of the statement, when the run rows exist.
 */
async function writeTicks(tx: Tx, ticks: Tick[], advances: Advance[]) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const runs = ticks.map(({ run, schedule }) => ({
    id: run.id,
    tenant_id: run.tenantId,
    schedule_id: run.scheduleId,
    trigger: run.trigger,
    slot_at: iso(run.slotAt),
    started_at: iso(run.startedAt),
    finished_at: iso(run.finishedAt),
    status: run.status,
    reason: run.reason,
    project_id: schedule.projectId, // for the agents; not a column of schedule_runs
    budget: run.budget,
    selected: run.selected,
    skipped: run.skipped,
    created_at: iso(run.createdAt),
  }));
  // Per agent only what differs; tenant, schedule, project and time come from its run's record.
  const agents = ticks.flatMap(({ run, plan }) =>
    plan.agents.map((a) => ({ id: a.id, run_id: run.id, item_id: a.itemId, journey_id: a.journeyId, test_plan_id: a.testPlanId })),
  );
  // A catch-up cron slot can be older than a manual run already recorded: last_run_at never moves back.
  const ran = ticks.flatMap(({ run, plan }) => plan.ranItemIds.map((id) => ({ id, slot_at: iso(run.slotAt) })));
  const spend = new Map<string, { tenant_id: string; local_date: string; spent: number }>();
  for (const { run, localDate: day } of ticks) {
    const key = `${run.tenantId}|${day}`;
    const s = spend.get(key) ?? { tenant_id: run.tenantId, local_date: day, spent: 0 };
    s.spent += run.budget.spent;
    spend.set(key, s);
  }
  const ticked = [
    ...ticks.map(({ run, nextTickAt }) => ({
      id: run.scheduleId,
      last_tick_at: iso(run.startedAt),
      next_tick_at: iso(nextTickAt),
    })),
    ...advances.map((a) => ({ id: a.scheduleId, last_tick_at: null, next_tick_at: iso(a.nextTickAt) })),
  ];
  if (ticked.length === 0) return;
  await tx.execute(sql`
    with tick_runs as (
      select * from jsonb_to_recordset(${JSON.stringify(runs)}::jsonb) as r(
        id uuid, tenant_id uuid, schedule_id uuid, project_id uuid, trigger text, slot_at timestamptz,
        started_at timestamptz, finished_at timestamptz, status text, reason text, budget jsonb,
        selected jsonb, skipped jsonb, created_at timestamptz)
    ), new_runs as (
      insert into schedule_runs (id, tenant_id, schedule_id, trigger, slot_at, started_at, finished_at,
                                 status, reason, budget, selected, skipped, created_at)
      select id, tenant_id, schedule_id, trigger, slot_at, started_at, finished_at,
             status, reason, budget, selected, skipped, created_at
        from tick_runs
      returning 1
    ), queued as (
      insert into agents (id, tenant_id, schedule_id, run_id, item_id, journey_id, test_plan_id, project_id,
                          status, queued_at, created_at)
      select a.id, r.tenant_id, r.schedule_id, a.run_id, a.item_id, a.journey_id, a.test_plan_id, r.project_id,
             'queued', r.started_at, r.created_at
        from jsonb_to_recordset(${JSON.stringify(agents)}::jsonb) as a(
          id uuid, run_id uuid, item_id uuid, journey_id uuid, test_plan_id uuid)
        join tick_runs r on r.id = a.run_id
      returning 1
    ), ran as (
      update schedule_items i set last_run_at = greatest(i.last_run_at, x.slot_at)
        from jsonb_to_recordset(${JSON.stringify(ran)}::jsonb) as x(id uuid, slot_at timestamptz)
       where i.id = x.id
      returning 1
    ), spent as (
      update tenant_daily_usage u set used = u.used + x.spent
        from jsonb_to_recordset(${JSON.stringify([...spend.values()])}::jsonb) as x(tenant_id uuid, local_date text, spent int)
       where u.tenant_id = x.tenant_id and u.local_date = x.local_date and x.spent > 0
      returning 1
    ), ticked as (
      update schedules s set last_tick_at = coalesce(x.last_tick_at, s.last_tick_at), next_tick_at = x.next_tick_at
        from jsonb_to_recordset(${JSON.stringify(ticked)}::jsonb) as x(
          id uuid, last_tick_at timestamptz, next_tick_at timestamptz)
       where s.id = x.id
      returning 1
    )
    select (select count(*) from new_runs) as runs, (select count(*) from queued) as agents`);
}
